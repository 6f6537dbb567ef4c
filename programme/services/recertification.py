"""Re-certification: a certificate entering its last 90 days opens a re-evaluation dossier for the producer,
pre-filled from the dossier that won it. Run daily (``programme.tasks.recertification_open_dossiers``)."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.certification import EXPIRING_WITHIN_DAYS
from catalogue.selectors import certification_in_force_q
from programme.models import CycleEvent, Dossier, DossierDocument
from programme.services.events import cycle_event_record

logger = logging.getLogger(__name__)

Certification = get_model("catalogue", "Certification")


def _previous_dossier(certification):
    """The dossier that won the certificate (through its decision), else the product's latest recognised one."""
    item = getattr(certification, "decision_item", None)
    if item is not None:
        return item.entry.dossier
    return (
        Dossier.objects.filter(product=certification.product_id, status=Dossier.Status.RECOGNISED)
        .select_related("idea__producer")
        .order_by("-year", "-pk")
        .first()
    )


def _documents_copy(*, source, target) -> int:
    """The latest version of each of the previous dossier's documents, as version 1 of the new one; the stored
    files are shared (the app never deletes a dossier's file)."""
    latest = source.documents.values("document_type_id").annotate(version=Max("version"))
    wanted = {(row["document_type_id"], row["version"]) for row in latest}
    copies = [
        DossierDocument(
            dossier=target,
            document_type_id=document.document_type_id,
            version=1,
            file=document.file.name,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            uploaded_by=document.uploaded_by,
        )
        for document in source.documents.all()
        if (document.document_type_id, document.version) in wanted
    ]
    DossierDocument.objects.bulk_create(copies)
    return len(copies)


def recertification_dossier_open(*, certification) -> Dossier | None:
    """Open the re-evaluation dossier of one certificate; None when it has one already or nothing to copy from."""
    previous = _previous_dossier(certification)
    if previous is None:
        return None
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                idea=previous.idea,
                product=certification.product,
                kind=Dossier.Kind.RE_EVALUATION,
                previous=previous,
                certification=certification,
                year=timezone.localdate().year,
                status=Dossier.Status.DRAFT,
            )
            copied = _documents_copy(source=previous, target=dossier)
            cycle_event_record(
                kind=CycleEvent.Kind.RE_EVALUATION_OPENED,
                producer=previous.idea.producer,
                dossier=dossier,
                comment=_(
                    "The OCOP certificate (decision %(number)s) is valid until %(date)s. A re-evaluation dossier "
                    "has been opened with %(count)s documents from the previous one: check them, update what "
                    "changed and submit it."
                )
                % {
                    "number": certification.decision_number,
                    "date": certification.valid_until.strftime("%d/%m/%Y"),
                    "count": copied,
                },
            )
    except IntegrityError:
        # Another run opened it first (one re-evaluation per certificate).
        return None
    return dossier


def recertification_open_dossiers(*, today: datetime.date | None = None) -> int:
    """Open a re-evaluation dossier for every certificate in force entering its last 90 days whose product has a
    recognised dossier and no re-evaluation yet. Idempotent: returns how many it opened."""
    today = today or timezone.localdate()
    due = (
        Certification.objects.filter(
            certification_in_force_q(today=today),
            valid_until__lte=today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS),
            re_evaluation_dossier__isnull=True,
            product__ocop_dossiers__status=Dossier.Status.RECOGNISED,
        )
        .distinct()
        .select_related("product", "decision_item__entry__dossier__idea__producer")
        .order_by("pk")
    )
    opened = 0
    for certification in due:
        if recertification_dossier_open(certification=certification) is not None:
            opened += 1
    if opened:
        logger.info("Opened %s re-evaluation dossiers", opened)
    return opened
