"""The cycle's events: each step is recorded once (the producer's timeline) and, where it is news to the producer,
e-mailed to them once, in their language, after the transaction commits."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.core.links import absolute_url
from marketplace.core.queue import enqueue_on_commit
from programme.models import CycleEvent

logger = logging.getLogger(__name__)


def cycle_event_record(*, kind: str, producer, idea=None, dossier=None, comment: str = "", actor=None) -> CycleEvent:
    """Record one step; e-mails the producer (once the transaction commits) when the kind is news to them."""
    if dossier is not None and idea is None:
        idea = dossier.idea
    event = CycleEvent.objects.create(
        kind=kind, producer=producer, idea=idea, dossier=dossier, comment=comment or "", actor=actor
    )
    if kind in CycleEvent.EMAILED_KINDS:
        from programme.tasks import cycle_event_email_send

        enqueue_on_commit(cycle_event_email_send, event.pk)
    return event


def _producer_language(producer) -> str:
    language = getattr(producer, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@transaction.atomic
def cycle_event_email_send(*, event_id: int) -> bool:
    """E-mail one event to the producer, once (the row is locked and marked): False when nothing is to send."""
    event = (
        CycleEvent.objects.select_for_update(of=("self",))
        .select_related("producer", "idea", "dossier")
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.emailed_at is not None or event.kind not in CycleEvent.EMAILED_KINDS:
        return False
    producer = event.producer
    recipients = sorted(({producer.email} | {user.email for user in producer.users.all()}) - {""})
    if not recipients:
        logger.warning("OCOP cycle event %s: producer %s has no e-mail address", event.pk, producer.pk)
        return False
    with translation.override(_producer_language(producer)):
        subject_title = event.idea.name if event.idea_id else producer.name
        context = {
            "event": event,
            "producer": producer,
            "what": event.get_kind_display(),
            "title": subject_title,
            "timeline_url": absolute_url(reverse("ocop:home")),
        }
        # A header holds one line: names typed with line breaks or tabs are folded to single spaces.
        subject = " ".join(f"{event.get_kind_display()}: {subject_title}".split())
        body = render_to_string("programme/emails/cycle_event.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    event.emailed_at = timezone.now()
    event.save(update_fields=["emailed_at"])
    return True
