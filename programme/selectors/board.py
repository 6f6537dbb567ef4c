"""Reads of the OCOP cycle: where each product stands (the officers' board, the producer's timeline) and the audit
trail. The board's rows are the product ideas the user reaches (``idea_list_for_user``), each at one step of the
cycle; the screen and its XLSX export read the same queryset, so they agree."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalogue.groups import OCOP_GROUPS
from programme.models import BusinessPlan, CycleEvent, Dossier, ProductIdea, ReviewStatus
from programme.selectors import commune_ids_for_user, idea_list_for_user, user_is_officer

Category = get_model("catalogue", "Category")

# The steps of the cycle a product goes through, in order (issue #13: idea → plan → dossier → proposed → scored →
# recognised).
STEP_IDEA = "idea"
STEP_PLAN = "plan"
STEP_DOSSIER = "dossier"
STEP_PROPOSED = "proposed"
STEP_SCORED = "scored"
STEP_RECOGNISED = "recognised"
STEPS = (
    (STEP_IDEA, _("Product idea")),
    (STEP_PLAN, _("Business plan")),
    (STEP_DOSSIER, _("Dossier")),
    (STEP_PROPOSED, _("Proposed for evaluation")),
    (STEP_SCORED, _("Scored")),
    (STEP_RECOGNISED, _("Recognised")),
)
STEP_KEYS = tuple(key for key, _label in STEPS)
STEP_LABELS = dict(STEPS)


def _step_expression():
    status = "latest_dossier_status"
    return Case(
        When(**{status: Dossier.Status.RECOGNISED}, then=Value(STEP_RECOGNISED)),
        When(**{f"{status}__in": [Dossier.Status.SCORED, Dossier.Status.NOT_RECOGNISED]}, then=Value(STEP_SCORED)),
        When(**{f"{status}__in": [Dossier.Status.PROPOSED, Dossier.Status.IN_EVALUATION]}, then=Value(STEP_PROPOSED)),
        When(**{f"{status}__isnull": False}, then=Value(STEP_DOSSIER)),
        When(Q(status=ReviewStatus.ACCEPTED) & Q(plan_status=ReviewStatus.ACCEPTED), then=Value(STEP_DOSSIER)),
        When(status=ReviewStatus.ACCEPTED, then=Value(STEP_PLAN)),
        default=Value(STEP_IDEA),
        output_field=CharField(),
    )


def board_queryset(*, user) -> QuerySet:
    """Every idea the user reaches, annotated with its latest dossier, its business plan's status, its step and
    its year (the latest dossier's evaluation year, else the idea's)."""
    latest = Dossier.objects.filter(idea=OuterRef("pk")).order_by("-year", "-pk")
    return (
        idea_list_for_user(user=user)
        .annotate(
            latest_dossier_id=Subquery(latest.values("pk")[:1]),
            latest_dossier_status=Subquery(latest.values("status")[:1]),
            latest_dossier_year=Subquery(latest.values("year")[:1], output_field=IntegerField()),
            plan_status=Subquery(BusinessPlan.objects.filter(idea=OuterRef("pk")).values("status")[:1]),
        )
        .annotate(
            step=_step_expression(), board_year=Coalesce("latest_dossier_year", "year", output_field=IntegerField())
        )
    )


def board_group_choices() -> list:
    """The six OCOP product groups (the roots of the catalogue's category tree)."""
    keys = [key for key, *_rest in OCOP_GROUPS]
    return list(Category.get_root_nodes().filter(slug__in=keys).order_by("path"))


def board_commune_choices(*, user) -> list:
    """The communes the board can filter by: a commune officer's own; for officers, those with ideas."""
    Region = get_model("regions", "Region")
    if user_is_officer(user):
        return list(Region.objects.filter(ocop_ideas__isnull=False).distinct().order_by("name"))
    return list(Region.objects.filter(pk__in=commune_ids_for_user(user=user)).order_by("name"))


def board_year_choices(*, user) -> list[int]:
    years = set(idea_list_for_user(user=user).values_list("year", flat=True))
    years |= set(Dossier.objects.filter(idea__in=idea_list_for_user(user=user)).values_list("year", flat=True))
    return sorted(years, reverse=True)


def board_filter(*, queryset, commune=None, group=None, year=None, step: str = "") -> QuerySet:
    """Apply the board's filters (all but the step: the counts per step are taken before it)."""
    if commune:
        queryset = queryset.filter(commune_id=getattr(commune, "pk", commune))
    if group:
        queryset = queryset.filter(product_set__path__startswith=group.path)
    if year:
        queryset = queryset.filter(board_year=year)
    return queryset


def board_counts(*, queryset) -> list[dict]:
    """How many products stand at each step (every step listed, zeros included), in the cycle's order."""
    counts = dict(queryset.order_by().values_list("step").annotate(n=Count("pk")))
    return [{"key": key, "label": label, "count": counts.get(key, 0)} for key, label in STEPS]


def board_rows(*, queryset, step: str = "") -> QuerySet:
    """The board's rows, with what each shows (producer, commune, product set), by step then name."""
    if step:
        queryset = queryset.filter(step=step)
    order = Case(
        *[When(step=key, then=Value(position)) for position, key in enumerate(STEP_KEYS)],
        output_field=IntegerField(),
    )
    return queryset.select_related("producer", "commune", "product_set").order_by(order, "name", "pk")


def board_get(*, user, filters: dict) -> dict:
    """The board as the screen and the export show it: counts per step and the rows (queryset, not evaluated)."""
    queryset = board_filter(
        queryset=board_queryset(user=user),
        commune=filters.get("commune"),
        group=filters.get("group"),
        year=filters.get("year"),
    )
    counts = board_counts(queryset=queryset)
    step = filters.get("step") or ""
    return {
        "counts": counts,
        "total": sum(row["count"] for row in counts),
        "rows": board_rows(queryset=queryset, step=step),
        "step": step,
    }


# --- The producer's timeline -------------------------------------------------------------------------------------


def timeline_idea_get(*, user, pk: int) -> ProductIdea:
    """One idea in the user's reach, with its step (raises DoesNotExist outside it: the view answers 404)."""
    return board_queryset(user=user).select_related("producer", "commune", "product_set").get(pk=pk)


def timeline_get(*, idea) -> dict:
    """The idea's way through the cycle: each step with its date (None when not reached), the current step,
    and every recorded event (returns with their comments), oldest first."""
    dossiers = list(idea.dossiers.order_by("year", "pk"))
    latest = dossiers[-1] if dossiers else None
    plan = BusinessPlan.objects.filter(idea=idea).first()
    events = list(
        CycleEvent.objects.filter(Q(idea=idea) | Q(dossier__idea=idea))
        .select_related("dossier", "actor")
        .order_by("created_at", "pk")
    )

    def first_event(*kinds, dossier=None):
        for event in events:
            if event.kind in kinds and (dossier is None or event.dossier_id == dossier.pk):
                return event.created_at
        return None

    dates = {
        STEP_IDEA: idea.submitted_at or idea.created_at,
        STEP_PLAN: (plan.submitted_at or plan.created_at) if plan else None,
        STEP_DOSSIER: (latest.submitted_at or latest.created_at) if latest else None,
        STEP_PROPOSED: latest.proposed_at if latest else None,
        STEP_SCORED: first_event(CycleEvent.Kind.DOSSIER_SCORED, CycleEvent.Kind.DOSSIER_NOT_RATED, dossier=latest)
        if latest
        else None,
        STEP_RECOGNISED: first_event(CycleEvent.Kind.PRODUCT_RECOGNISED, dossier=latest) if latest else None,
    }
    current = idea.step
    current_index = STEP_KEYS.index(current)
    steps = []
    for index, (key, label) in enumerate(STEPS):
        steps.append(
            {
                "key": key,
                "label": label,
                "date": dates[key] if index <= current_index else None,
                "done": index < current_index,
                "current": index == current_index,
            }
        )
    returned = {CycleEvent.Kind.IDEA_RETURNED, CycleEvent.Kind.PLAN_RETURNED, CycleEvent.Kind.DOSSIER_RETURNED}
    return {
        "steps": steps,
        "current": current,
        "current_label": STEP_LABELS[current],
        "not_recognised": latest is not None and latest.status == Dossier.Status.NOT_RECOGNISED,
        "latest_dossier": latest,
        "plan": plan,
        "events": [{"event": event, "returned": event.kind in returned} for event in events],
    }


# --- The audit trail ---------------------------------------------------------------------------------------------

AUDITED_MODELS = (
    ("programme", "communeassignment"),
    ("programme", "productidea"),
    ("programme", "businessplan"),
    ("programme", "documentrequirement"),
    ("programme", "dossier"),
    ("programme", "dossierdocument"),
    ("programme", "criteriaset"),
    ("programme", "evaluationround"),
    ("programme", "roundentry"),
    ("programme", "scorecard"),
    ("programme", "scorecardanswer"),
    ("programme", "recognitiondecision"),
    ("programme", "decisionitem"),
    ("catalogue", "certification"),
    ("auth", "user"),
    ("auth", "group"),
)


def audit_model_choices() -> list:
    """The audited models' content types, by their (translated) names."""
    by_key = ContentType.objects.get_for_models(
        *[apps_model for apps_model in (_model_or_none(app, model) for app, model in AUDITED_MODELS) if apps_model]
    )
    return sorted(by_key.values(), key=lambda ct: str(ct.model_class()._meta.verbose_name))


def _model_or_none(app_label, model_name):
    from django.apps import apps

    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def audit_actor_choices() -> QuerySet:
    """The users who appear in the trail."""
    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model

    actor_ids = LogEntry.objects.exclude(actor=None).order_by().values("actor_id").distinct()
    return get_user_model().objects.filter(pk__in=actor_ids).order_by("username")


def _open_round_score_filter() -> Q:
    """The trail's rows that would tell a score of a round still open: its members' cards and their answers
    (totals, points, answers removed from a draft). They appear once the round is closed."""
    from programme.models import EvaluationRound, Scorecard, ScorecardAnswer

    open_cards = list(
        Scorecard.objects.exclude(entry__evaluation_round__status=EvaluationRound.Status.CLOSED)
        .order_by()
        .values_list("pk", flat=True)
    )
    if not open_cards:
        return Q(pk__in=[])
    card_type, answer_type = (ContentType.objects.get_for_model(model) for model in (Scorecard, ScorecardAnswer))
    card_keys = [*open_cards, *(str(pk) for pk in open_cards)]
    open_answers = ScorecardAnswer.objects.filter(scorecard_id__in=open_cards).order_by().values("pk")
    return (
        Q(content_type=card_type, object_id__in=open_cards)
        | Q(content_type=answer_type, object_id__in=open_answers)
        # An answer since deleted (a draft cleared) is known by the card its rows named: the new value when it was
        # created, the old one when deleted (a number, or text in older entries).
        | Q(content_type=answer_type, changes__scorecard__0__in=card_keys)
        | Q(content_type=answer_type, changes__scorecard__1__in=card_keys)
    )


def audit_entry_list(*, content_type=None, actor=None) -> QuerySet:
    """The audit trail, newest first, with who did it and on which kind of object. Scores of a round still open
    (members' cards and answers) are left out until the round closes: nobody reads them before the council is
    done."""
    from auditlog.models import LogEntry

    queryset = (
        LogEntry.objects.select_related("actor", "content_type")
        .exclude(_open_round_score_filter())
        .order_by("-timestamp", "-pk")
    )
    if content_type is not None:
        queryset = queryset.filter(content_type=content_type)
    if actor is not None:
        queryset = queryset.filter(actor=actor)
    return queryset


def _audit_field(model, field_name):
    """The model's field of that name, or None (a field since removed, or no model)."""
    from django.core.exceptions import FieldDoesNotExist

    if model is None:
        return None
    try:
        return model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None


def _is_reverse_relation(field) -> bool:
    # "events", "round_entries": the other side of a relation, not a value of this object.
    return field is not None and field.is_relation and field.auto_created and not field.concrete


def _is_foreign_key(field) -> bool:
    return field is not None and field.concrete and (field.many_to_one or field.one_to_one)


def _none_display(value) -> str:
    return "—" if value in (None, "None", "") else str(value)


def _object_name(obj) -> str:
    # Its own name where it has one (a product set's str() would read its parents, one query each).
    name = getattr(obj, "name", None)
    return name if isinstance(name, str) and name else str(obj)


def audit_rows(*, entries) -> list[dict]:
    """One page of the trail, ready to show: each entry with its changes as lines (``audit_changes_lines``). The
    objects the page's foreign keys point to are read once per model, not once per line."""
    entries = list(entries)
    wanted: dict = {}
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        for field_name, change in (entry.changes_dict or {}).items():
            field = _audit_field(model, field_name)
            if _is_foreign_key(field) and isinstance(change, list | tuple):
                values = wanted.setdefault(field.related_model, set())
                values.update(str(value) for value in change if value not in (None, "None", ""))
    labels: dict = {}
    for related_model, values in wanted.items():
        keys = []
        for value in values:
            try:
                keys.append(related_model._meta.pk.to_python(value))
            except ValidationError:  # an old entry holding a name, not a key
                continue
        labels[related_model] = {
            str(obj.pk): _object_name(obj) for obj in related_model._default_manager.filter(pk__in=keys)
        }
    return [{"entry": entry, "changes": audit_changes_lines(entry, labels=labels)} for entry in entries]


def audit_changes_lines(entry, *, labels=None) -> list[str]:
    """An entry's changes as plain lines ("field: old → new" with choices by their labels, dates in the site's
    format, related objects by name; for memberships "groups: added X, Y"); the other side of a relation is left
    out. ``labels`` holds the related objects' names read by ``audit_rows``. The template escapes the lines."""
    from auditlog.models import LogEntry
    from django.utils.translation import gettext

    labels = labels or {}
    model = entry.content_type.model_class() if entry.content_type_id else None
    lines = []
    for field_name, change in (entry.changes_dict or {}).items():
        field = _audit_field(model, field_name)
        if _is_reverse_relation(field):
            continue
        label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else field_name
        if isinstance(change, dict) and change.get("type") == "m2m":
            operation = {"add": gettext("added"), "delete": gettext("removed")}.get(
                change.get("operation"), change.get("operation", "")
            )
            lines.append(f"{label}: {operation} {', '.join(str(o) for o in change.get('objects', []))}")
            continue
        if not (isinstance(change, list | tuple) and len(change) == 2):
            lines.append(f"{label}: {change}")
            continue
        if _is_foreign_key(field):
            names = labels.get(field.related_model, {})
            shown = [
                _none_display(value)
                if value in (None, "None", "")
                else names.get(str(value), gettext("deleted (%(key)s)") % {"key": value})
                for value in change
            ]
        elif field is not None:
            # auditlog's own display: choices by their labels, dates and times localised.
            single = LogEntry(content_type=entry.content_type, changes={field_name: list(change)})
            shown = next(iter(single.changes_display_dict.values()), change)
            shown = [_none_display(value) for value in shown]
        else:
            shown = [_none_display(value) for value in change]
        if len(shown) != 2:
            lines.append(f"{label}: {change}")
            continue
        lines.append(f"{label}: {shown[0]} → {shown[1]}")
    return lines
