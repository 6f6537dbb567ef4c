"""Writes of the OCOP cycle: evaluation dossiers (step 4) and their documents.

Keyword-only arguments, `<entity>_<action>` names. Each service checks the actor's right itself
(PermissionDenied) and the state (ValidationError with a message), inside one transaction with the dossier row
locked. A document is cleaned by content (``document_upload_clean``: PDFs parsed, pictures decoded, size limits)
before anything is written, so a refused file leaves neither a row nor a file; every upload adds a version and
keeps the earlier ones. Once proposed, nobody changes the documents.
"""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.uploads import content_type_for, document_upload_clean
from programme.models import CycleEvent, Dossier, DossierDocument, ProductIdea
from programme.selectors.dossiers import (
    UPLOAD_STATES,
    document_requirements,
    document_type_allowed,
    document_type_label,
    dossier_can_review,
    dossier_missing_required,
    idea_ready_for_dossier,
    producer_product_list,
)
from programme.services.common import files_atomic, producer_user_require, review_comment_require
from programme.services.events import cycle_event_record


def _require_reviewer(*, user, dossier: Dossier) -> None:
    if not dossier_can_review(user=user, dossier=dossier):
        raise PermissionDenied(
            _("Only the commune officer of the dossier's commune or a programme officer may decide.")
        )


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update(of=("self",)).select_related("idea__producer").get(pk=dossier.pk)


def _missing_message(missing) -> str:
    names = ", ".join(document_type_label(document_type) for document_type in missing)
    return _("These required documents are missing: %(names)s.") % {"names": names}


def dossier_create(*, idea: ProductIdea, user, product, year: int | None = None) -> Dossier:
    """Open the evaluation dossier of an accepted idea whose business plan is accepted, for one of the
    producer's products in the shop (the certificate will be put on it)."""
    producer_user_require(user=user, producer_id=idea.producer_id)
    year = year or timezone.localdate().year
    with transaction.atomic():
        idea = ProductIdea.objects.select_for_update().get(pk=idea.pk)
        if not idea_ready_for_dossier(idea=idea):
            raise ValidationError(_("A dossier is opened for an accepted idea whose business plan is accepted."))
        if product is None or not producer_product_list(producer=idea.producer).filter(pk=product.pk).exists():
            raise ValidationError({"product": _("Choose one of the producer's own products in the shop.")})
        if Dossier.objects.filter(idea=idea, year=year).exclude(status=Dossier.Status.NOT_RECOGNISED).exists():
            raise ValidationError(_("This idea already has a dossier for %(year)s.") % {"year": year})
        if not document_requirements(product_set=idea.product_set_id).exists():
            raise ValidationError(
                _("No document list is set for this product set yet: ask the programme office to set it.")
            )
        dossier = Dossier.objects.create(idea=idea, product=product, year=year)
        if idea.product_id is None:
            idea.product = product
            idea.save(update_fields=["product"])
    return dossier


def dossier_document_upload(*, dossier: Dossier, user, document_type, upload) -> DossierDocument:
    """Add a version of one document (the producer, while the dossier is a draft or returned)."""
    producer_user_require(user=user, producer_id=dossier.idea.producer_id)
    if not document_type_allowed(dossier=dossier, document_type=document_type):
        raise ValidationError({"document_type": _("This document is not part of this product set's dossier.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if dossier.status not in UPLOAD_STATES:  # checked again under the lock; spares cleaning a file for nothing
        raise ValidationError(_("Documents can be added only while the dossier is a draft or returned."))
    try:
        content = document_upload_clean(upload=upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    data = content.read()
    content.seek(0)
    with files_atomic() as files:
        dossier = _lock(dossier)
        if dossier.status not in UPLOAD_STATES:
            raise ValidationError(_("Documents can be added only while the dossier is a draft or returned."))
        latest = dossier.documents.filter(document_type=document_type).aggregate(v=Max("version"))["v"] or 0
        document = DossierDocument(
            dossier=dossier,
            document_type=document_type,
            version=latest + 1,
            original_name=(upload.name or content.name)[:255],
            content_type=content_type_for(content.name),
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=user,
        )
        files.store(document.file, content)
        document.save()
    return document


def dossier_submit(*, dossier: Dossier, user) -> Dossier:
    """The producer sends the dossier to the commune; refused while a required document is missing."""
    producer_user_require(user=user, producer_id=dossier.idea.producer_id)
    with transaction.atomic():
        dossier = _lock(dossier)
        if dossier.status == Dossier.Status.SUBMITTED:
            raise ValidationError(_("This dossier has already been submitted; wait for the commune's check."))
        if dossier.status not in UPLOAD_STATES:
            raise ValidationError(_("Only a draft or a returned dossier can be submitted."))
        missing = dossier_missing_required(dossier=dossier)
        if missing:
            raise ValidationError(_missing_message(missing))
        dossier.status = Dossier.Status.SUBMITTED
        dossier.submitted_at = timezone.now()
        dossier.save(update_fields=["status", "submitted_at"])
        cycle_event_record(
            kind=CycleEvent.Kind.DOSSIER_SUBMITTED, producer=dossier.idea.producer, dossier=dossier, actor=user
        )
    return dossier


def _dossier_decide(
    *, dossier: Dossier, user, status: str, comment: str, kind: str, refusal: str, proposing: bool = False
) -> Dossier:
    """Record the reviewer's decision on a submitted dossier (``refusal``, with ``%(status)s``, says why not);
    ``proposing``: refused while a required document is missing, and the proposal's time and author kept."""
    with transaction.atomic():
        dossier = _lock(dossier)
        if dossier.status != Dossier.Status.SUBMITTED:
            raise ValidationError(refusal % {"status": dossier.get_status_display()})
        fields = ["status", "review_comment"]
        if proposing:
            missing = dossier_missing_required(dossier=dossier)
            if missing:
                raise ValidationError(_missing_message(missing))
            dossier.proposed_at = timezone.now()
            dossier.proposed_by = user
            fields += ["proposed_at", "proposed_by"]
        dossier.status = status
        dossier.review_comment = comment
        dossier.save(update_fields=fields)
        cycle_event_record(kind=kind, producer=dossier.idea.producer, dossier=dossier, comment=comment, actor=user)
    return dossier


def dossier_return(*, dossier: Dossier, user, comment: str) -> Dossier:
    """The commune officer (or a programme officer) sends a submitted dossier back with comments."""
    _require_reviewer(user=user, dossier=dossier)
    return _dossier_decide(
        dossier=dossier,
        user=user,
        status=Dossier.Status.RETURNED,
        comment=review_comment_require(comment),
        kind=CycleEvent.Kind.DOSSIER_RETURNED,
        refusal=_("Only a submitted dossier can be returned (this one is: %(status)s)."),
    )


def dossier_propose(*, dossier: Dossier, user, comment: str = "") -> Dossier:
    """The commune officer (or a programme officer) proposes a complete submitted dossier for evaluation."""
    _require_reviewer(user=user, dossier=dossier)
    return _dossier_decide(
        dossier=dossier,
        user=user,
        status=Dossier.Status.PROPOSED,
        comment=(comment or "").strip(),
        kind=CycleEvent.Kind.DOSSIER_PROPOSED,
        refusal=_("Only a submitted dossier can be proposed (this one is: %(status)s)."),
        proposing=True,
    )
