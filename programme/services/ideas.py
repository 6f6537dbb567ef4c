"""Writes of the OCOP cycle: product ideas (step 2) and their business plans (step 3).

Keyword-only arguments, `<entity>_<action>` names. Each service checks the actor's right itself
(PermissionDenied) and the state (ValidationError with a message for the person), inside one transaction with
the row being moved locked. Uploads are cleaned (``marketplace.core.uploads``) before anything is written, so a
refused file leaves no row and no file behind; each decision is a cycle event (the producer's timeline, and an
e-mail for the reviewers' decisions).
"""

from babel.numbers import format_decimal
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext, to_locale
from django.utils.translation import gettext as _

from marketplace.core.uploads import document_upload_clean, image_upload_clean
from programme.models import BusinessPlan, CycleEvent, IdeaPhoto, PlanAttachment, ProductIdea, ReviewStatus
from programme.selectors.ideas import (
    idea_can_review,
    idea_commune_allowed,
    product_set_is_valid,
    text_has_control_characters,
)
from programme.services.common import (
    files_atomic,
    producer_user_require,
    review_comment_require,
)
from programme.services.events import cycle_event_record

MAX_IDEA_PHOTOS = 5
MAX_PLAN_ATTACHMENTS = 10
# A million billion đồng: far above any OCOP plan, far below what the database column holds.
MAX_PLAN_INVESTMENT = 10**15
EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)
IDEA_FIELDS = (
    "name",
    "product_set",
    "commune",
    "raw_materials",
    "raw_material_origin",
    "intended_market",
    "yearly_volume",
    "description",
)
PLAN_FIELDS = ("production_capacity", "investment", "target_markets", "plan")


# Helpers -----------------------------------------------------------------------------------------------------------


def _require_reviewer(*, user, idea: ProductIdea) -> None:
    if not idea_can_review(user=user, idea=idea):
        raise PermissionDenied(_("Only the commune officer of the idea's commune or a programme officer may decide."))


def _clean_files(*, uploads, field: str, clean) -> list:
    """Every upload cleaned, or one ValidationError naming each refused file (nothing is written before)."""
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append((clean(upload=upload), (upload.name or "")[:255]))
        except ValidationError as error:
            errors.extend(f"{upload.name}: {message}" for message in error.messages)
    if errors:
        raise ValidationError({field: errors})
    return cleaned


def _validate_idea_fields(*, fields: dict, producer) -> None:
    errors = {}
    product_set = fields.get("product_set")
    if product_set is not None and not product_set_is_valid(product_set=product_set):
        errors["product_set"] = _("Choose a product set of one of the six OCOP groups.")
    commune = fields.get("commune")
    if commune is not None and not idea_commune_allowed(commune=commune):
        errors["commune"] = _("Choose a commune, ward or special zone.")
    for name in ("name", "raw_materials", "raw_material_origin", "intended_market", "yearly_volume"):
        if name in fields and not str(fields[name] or "").strip():
            errors[name] = _("This field is required.")
    if "name" not in errors and text_has_control_characters(str(fields.get("name") or "")):
        errors["name"] = _("Write the name on one line, without tabs or other control characters.")
    if errors:
        raise ValidationError(errors)


def _photos_store(*, idea: ProductIdea, cleaned: list, files) -> None:
    for content, original_name in cleaned:
        photo = IdeaPhoto(idea=idea, original_name=original_name)
        files.store(photo.file, content)
        photo.save()


def _lock_idea(idea: ProductIdea) -> ProductIdea:
    return ProductIdea.objects.select_for_update().get(pk=idea.pk)


# Ideas -------------------------------------------------------------------------------------------------------------


def idea_create(
    *,
    user,
    producer,
    name: str,
    product_set,
    commune,
    raw_materials: str,
    raw_material_origin: str,
    intended_market: str,
    yearly_volume: str,
    description: str = "",
    photos=(),
) -> ProductIdea:
    """A draft idea of one of the user's producers, with up to five photos (cleaned, stored privately)."""
    producer_user_require(user=user, producer_id=producer.pk)
    fields = {
        "name": name,
        "product_set": product_set,
        "commune": commune,
        "raw_materials": raw_materials,
        "raw_material_origin": raw_material_origin,
        "intended_market": intended_market,
        "yearly_volume": yearly_volume,
        "description": description or "",
    }
    _validate_idea_fields(fields=fields, producer=producer)
    photos = list(photos or ())
    if len(photos) > MAX_IDEA_PHOTOS:
        raise ValidationError({"photos": _photo_limit_message()})
    cleaned = _clean_files(uploads=photos, field="photos", clean=image_upload_clean)
    with files_atomic() as files:
        idea = ProductIdea.objects.create(producer=producer, created_by=user, **fields)
        _photos_store(idea=idea, cleaned=cleaned, files=files)
    return idea


def _photo_limit_message() -> str:
    return ngettext(
        "An idea has at most %(limit)d photo.", "An idea has at most %(limit)d photos.", MAX_IDEA_PHOTOS
    ) % {"limit": MAX_IDEA_PHOTOS}


def idea_update(*, idea: ProductIdea, user, photos=(), remove_photo_ids=(), **fields) -> ProductIdea:
    """Change a draft or returned idea (its producer's users only); adds and removes photos, five at most."""
    unknown = set(fields) - set(IDEA_FIELDS)
    if unknown:
        raise TypeError(f"idea_update() got unexpected fields: {sorted(unknown)}")
    producer_user_require(user=user, producer_id=idea.producer_id)
    _validate_idea_fields(fields=fields, producer=idea.producer)
    photos = list(photos or ())
    remove_photo_ids = {int(pk) for pk in remove_photo_ids or ()}
    cleaned = _clean_files(uploads=photos, field="photos", clean=image_upload_clean)
    with files_atomic() as files:
        idea = _lock_idea(idea)
        if idea.status not in EDITABLE:
            raise ValidationError(_("Only a draft or a returned idea can be changed."))
        kept = list(idea.photos.exclude(pk__in=remove_photo_ids))
        if len(kept) + len(cleaned) > MAX_IDEA_PHOTOS:
            raise ValidationError({"photos": _photo_limit_message()})
        for name, value in fields.items():
            setattr(idea, name, value)
        idea.save()
        for photo in idea.photos.filter(pk__in=remove_photo_ids):
            files.remove(photo)
        _photos_store(idea=idea, cleaned=cleaned, files=files)
    return idea


def idea_submit(*, idea: ProductIdea, user) -> ProductIdea:
    """The producer sends a draft (or a returned idea, changed) to the commune for a check."""
    producer_user_require(user=user, producer_id=idea.producer_id)
    with transaction.atomic():
        idea = _lock_idea(idea)
        _submission_save(
            idea,
            already=_("This idea has already been submitted; wait for the reviewer's decision."),
            refused=_("Only a draft or a returned idea can be submitted."),
        )
        cycle_event_record(kind=CycleEvent.Kind.IDEA_SUBMITTED, producer=idea.producer, idea=idea, actor=user)
    return idea


def _submission_save(row, *, already: str, refused: str) -> None:
    """An idea or a plan (locked by the caller) sent for a check: refused when it is ``already`` submitted, or
    ``refused`` unless it is a draft or returned."""
    if row.status == ReviewStatus.SUBMITTED:
        raise ValidationError(already)
    if row.status not in EDITABLE:
        raise ValidationError(refused)
    row.status = ReviewStatus.SUBMITTED
    row.submitted_at = timezone.now()
    row.save(update_fields=["status", "submitted_at"])


def _decision_save(row, *, status: str, comment: str, user) -> None:
    """The reviewer's decision on an idea or a plan (locked by the caller): its status, comments, when and who."""
    row.status = status
    row.review_comment = comment
    row.decided_at = timezone.now()
    row.decided_by = user
    row.save(update_fields=["status", "review_comment", "decided_at", "decided_by"])


def _idea_decide(*, idea: ProductIdea, user, status: str, comment: str, kind: str, refusal: str) -> ProductIdea:
    """Record the reviewer's decision on a submitted idea; ``refusal`` (with ``%(status)s``) says why not."""
    with transaction.atomic():
        idea = _lock_idea(idea)
        if idea.status != ReviewStatus.SUBMITTED:
            raise ValidationError(refusal % {"status": idea.get_status_display()})
        _decision_save(idea, status=status, comment=comment, user=user)
        cycle_event_record(kind=kind, producer=idea.producer, idea=idea, comment=comment, actor=user)
    return idea


def idea_return(*, idea: ProductIdea, user, comment: str) -> ProductIdea:
    """The reviewer sends a submitted idea back with comments (e-mailed to the producer)."""
    _require_reviewer(user=user, idea=idea)
    return _idea_decide(
        idea=idea,
        user=user,
        status=ReviewStatus.RETURNED,
        comment=review_comment_require(comment),
        kind=CycleEvent.Kind.IDEA_RETURNED,
        refusal=_("Only a submitted idea can be returned (this one is: %(status)s)."),
    )


def idea_accept(*, idea: ProductIdea, user, comment: str = "") -> ProductIdea:
    """The reviewer accepts a submitted idea: the producer may write its business plan."""
    _require_reviewer(user=user, idea=idea)
    return _idea_decide(
        idea=idea,
        user=user,
        status=ReviewStatus.ACCEPTED,
        comment=(comment or "").strip(),
        kind=CycleEvent.Kind.IDEA_ACCEPTED,
        refusal=_("Only a submitted idea can be accepted (this one is: %(status)s)."),
    )


# Business plans ----------------------------------------------------------------------------------------------------


def _lock_plan(idea: ProductIdea) -> BusinessPlan | None:
    return BusinessPlan.objects.select_for_update().filter(idea_id=idea.pk).first()


def plan_save(
    *,
    idea: ProductIdea,
    user,
    production_capacity: str,
    investment: int,
    target_markets: str,
    plan: str,
    attachments=(),
    remove_attachment_ids=(),
) -> BusinessPlan:
    """Write (or change) the business plan of an accepted idea while it is a draft or returned."""
    producer_user_require(user=user, producer_id=idea.producer_id)
    errors = {}
    if investment is None or int(investment) != investment or investment < 0:
        errors["investment"] = _("Enter the investment in whole đồng, 0 or more.")
    elif investment > MAX_PLAN_INVESTMENT:
        errors["investment"] = plan_investment_limit_message()
    for name, value in (
        ("production_capacity", production_capacity),
        ("target_markets", target_markets),
        ("plan", plan),
    ):
        if not (value or "").strip():
            errors[name] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    cleaned = _clean_files(uploads=list(attachments or ()), field="attachments", clean=document_upload_clean)
    remove_attachment_ids = {int(pk) for pk in remove_attachment_ids or ()}
    with files_atomic() as files:
        idea = _lock_idea(idea)
        if idea.status != ReviewStatus.ACCEPTED:
            raise ValidationError(_("A business plan is written once the idea is accepted."))
        business_plan = _lock_plan(idea)
        if business_plan is None:
            business_plan = BusinessPlan(idea=idea)
        elif business_plan.status not in EDITABLE:
            raise ValidationError(_("Only a draft or a returned business plan can be changed."))
        business_plan.production_capacity = production_capacity.strip()
        business_plan.investment = int(investment)
        business_plan.target_markets = target_markets.strip()
        business_plan.plan = plan.strip()
        business_plan.save()
        kept = business_plan.attachments.exclude(pk__in=remove_attachment_ids).count()
        if kept + len(cleaned) > MAX_PLAN_ATTACHMENTS:
            raise ValidationError(
                {
                    "attachments": _("A business plan has at most %(limit)d attachments.")
                    % {"limit": MAX_PLAN_ATTACHMENTS}
                }
            )
        for attachment in business_plan.attachments.filter(pk__in=remove_attachment_ids):
            files.remove(attachment)
        for content, original_name in cleaned:
            attachment = PlanAttachment(plan=business_plan, original_name=original_name, uploaded_by=user)
            files.store(attachment.file, content)
            attachment.save()
    return business_plan


def plan_submit(*, idea: ProductIdea, user) -> BusinessPlan:
    producer_user_require(user=user, producer_id=idea.producer_id)
    with transaction.atomic():
        business_plan = _lock_plan(idea)
        if business_plan is None:
            raise ValidationError(_("Write the business plan before submitting it."))
        _submission_save(
            business_plan,
            already=_("This business plan has already been submitted; wait for the reviewer's decision."),
            refused=_("Only a draft or a returned business plan can be submitted."),
        )
        cycle_event_record(kind=CycleEvent.Kind.PLAN_SUBMITTED, producer=idea.producer, idea=idea, actor=user)
    return business_plan


def plan_investment_limit_message() -> str:
    """The refusal of a too large investment, the limit written as people of the active language do."""
    limit = format_decimal(MAX_PLAN_INVESTMENT, locale=to_locale(get_language() or "vi"))
    return _("The investment can be at most %(limit)s đồng.") % {"limit": limit}


def _plan_decide(*, idea: ProductIdea, user, status: str, comment: str, kind: str) -> BusinessPlan:
    with transaction.atomic():
        business_plan = _lock_plan(idea)
        if business_plan is None or business_plan.status != ReviewStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted business plan can be returned or accepted."))
        _decision_save(business_plan, status=status, comment=comment, user=user)
        cycle_event_record(kind=kind, producer=idea.producer, idea=idea, comment=comment, actor=user)
    return business_plan


def plan_return(*, idea: ProductIdea, user, comment: str) -> BusinessPlan:
    _require_reviewer(user=user, idea=idea)
    return _plan_decide(
        idea=idea,
        user=user,
        status=ReviewStatus.RETURNED,
        comment=review_comment_require(comment),
        kind=CycleEvent.Kind.PLAN_RETURNED,
    )


def plan_accept(*, idea: ProductIdea, user, comment: str = "") -> BusinessPlan:
    _require_reviewer(user=user, idea=idea)
    return _plan_decide(
        idea=idea,
        user=user,
        status=ReviewStatus.ACCEPTED,
        comment=(comment or "").strip(),
        kind=CycleEvent.Kind.PLAN_ACCEPTED,
    )
