"""Reads of the OCOP cycle: product ideas and business plans. Each list a user reaches is filtered here, by the
user (``programme.selectors.idea_list_for_user``); an object outside the reach is simply not found (404)."""

import unicodedata

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from marketplace.regions.models import Region
from programme.access import user_is_officer
from programme.models import CycleEvent, IdeaPhoto, PlanAttachment, ProductIdea, ReviewStatus
from programme.selectors import commune_ids_for_user, idea_list_for_user, producer_ids_for_user

OCOP_GROUP_KEYS = ("food", "beverages", "herbal", "handicrafts", "ornamental", "tourism")


def _category_model():
    return apps.get_model("catalogue", "Category")


def _partner_model():
    return apps.get_model("partner", "Partner")


# Reach -------------------------------------------------------------------------------------------------------------


def idea_can_review(*, user, idea: ProductIdea) -> bool:
    """The commune officer of the idea's commune, or a programme officer."""
    return user_is_officer(user) or idea.commune_id in commune_ids_for_user(user=user)


def idea_can_edit(*, user, idea: ProductIdea) -> bool:
    return idea.producer_id in producer_ids_for_user(user=user) and idea.status in (
        ReviewStatus.DRAFT,
        ReviewStatus.RETURNED,
    )


def idea_is_own(*, user, idea: ProductIdea) -> bool:
    return idea.producer_id in producer_ids_for_user(user=user)


# Lists and objects -------------------------------------------------------------------------------------------------


def idea_list(*, user, status: str | None = None) -> QuerySet:
    """The ideas in the user's reach (newest first), with what the list shows in one query."""
    ideas = idea_list_for_user(user=user).select_related("producer", "commune", "product_set")
    if status:
        ideas = ideas.filter(status=status)
    return ideas.annotate(photo_count=Count("photos")).order_by("-created_at", "-pk")


def idea_status_counts(*, user) -> dict[str, int]:
    rows = idea_list_for_user(user=user).order_by().values_list("status").annotate(n=Count("pk"))
    return dict(rows)


def idea_get_for_user(*, user, pk: int) -> ProductIdea:
    """One idea in the user's reach, with its photos, plan and history; Http404 otherwise."""
    idea = (
        idea_list_for_user(user=user)
        .select_related("producer", "commune__parent", "product_set", "decided_by", "business_plan__decided_by")
        .prefetch_related(
            "photos",
            Prefetch("business_plan__attachments", queryset=PlanAttachment.objects.order_by("pk")),
            Prefetch("events", queryset=CycleEvent.objects.select_related("actor", "dossier").order_by("created_at")),
        )
        .filter(pk=pk)
        .first()
    )
    if idea is None:
        raise Http404
    return idea


def idea_plan(*, idea: ProductIdea):
    """The idea's business plan, or None."""
    try:
        return idea.business_plan
    except idea._meta.model.business_plan.RelatedObjectDoesNotExist:
        return None


def idea_photo_get_for_user(*, user, pk: int) -> IdeaPhoto:
    photo = IdeaPhoto.objects.filter(pk=pk, idea__in=idea_list_for_user(user=user)).first()
    if photo is None:
        raise Http404
    return photo


def plan_attachment_get_for_user(*, user, pk: int) -> PlanAttachment:
    attachment = PlanAttachment.objects.filter(pk=pk, plan__idea__in=idea_list_for_user(user=user)).first()
    if attachment is None:
        raise Http404
    return attachment


# Choices for the forms ---------------------------------------------------------------------------------------------


def idea_producer_choices(*, user) -> QuerySet:
    """The producers this user works for (a producer user may work for several)."""
    return _partner_model().objects.filter(pk__in=producer_ids_for_user(user=user)).order_by("name")


def product_set_queryset() -> QuerySet:
    """Every product set (the second level under the six OCOP groups)."""
    Category = _category_model()
    groups = Category.objects.filter(depth=1, slug__in=OCOP_GROUP_KEYS)
    paths = Q(pk__in=[])
    for path in groups.values_list("path", flat=True):
        paths |= Q(path__startswith=path)
    return Category.objects.filter(paths, depth=2).order_by("path")


def product_set_grouped_choices() -> list:
    """[(group name, [(set pk, set name), …]), …] in the groups' order, for a select with option groups."""
    Category = _category_model()
    groups = list(Category.objects.filter(depth=1, slug__in=OCOP_GROUP_KEYS).order_by("path"))
    sets = list(product_set_queryset())
    choices = []
    for group in groups:
        options = [(s.pk, s.display_name) for s in sets if s.path.startswith(group.path)]
        if options:
            choices.append((group.display_name, options))
    return choices


def product_set_is_valid(*, product_set) -> bool:
    return product_set_queryset().filter(pk=product_set.pk).exists()


def idea_commune_allowed(*, commune) -> bool:
    return commune.is_local_unit


def commune_queryset() -> QuerySet:
    """Every commune, ward and special zone (what the form validates against)."""
    return Region.objects.local_units().select_related("parent")


def commune_queryset_for_producers(*, producers, keep_id: int | None = None) -> QuerySet:
    """The local units of the producers' provinces (all of them when no producer has an address), plus
    ``keep_id`` (an idea's current commune, kept even if its producer has moved)."""
    province_ids = {p.region.parent_id for p in producers if p.region_id and p.region.parent_id}
    units = commune_queryset()
    if province_ids:
        reach = Q(parent_id__in=province_ids)
        if keep_id is not None:
            reach |= Q(pk=keep_id)
        units = units.filter(reach)
    return units


def commune_choices_for_producers(*, producers, keep_id: int | None = None) -> list:
    """(pk, name) of ``commune_queryset_for_producers``, by name."""
    units = commune_queryset_for_producers(producers=producers, keep_id=keep_id)
    return [(unit.pk, unit.name) for unit in units.order_by("name")]


def text_has_control_characters(value: str) -> bool:
    """True when ``value`` holds a line break, a tab or another control character (Unicode category Cc)."""
    return any(unicodedata.category(char) == "Cc" for char in value or "")
