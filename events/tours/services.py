"""Writes for tours: booking requests and the e-mail to the tour operator."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.tours.models import MAX_PARTY_SIZE, TourBookingRequest
from events.tours.selectors import tour_departure_is_bookable
from marketplace.core.links import absolute_url
from marketplace.core.phone import phone_to_e164
from marketplace.core.queue import enqueue_on_commit

logger = logging.getLogger(__name__)


@transaction.atomic
def tour_booking_request_create(
    *, tour, departure_date, name: str, phone: str, party_size: int, email: str = "", message: str = "", language=""
) -> TourBookingRequest:
    """Store a visitor's booking request and e-mail it to the tour operator once the transaction commits.

    The form has already told the visitor what is wrong; these checks keep the rules true for any caller.
    """
    if not tour_departure_is_bookable(tour=tour, date=departure_date):
        raise ValidationError(_("Choose one of this tour's departure dates."), code="not_a_departure")
    if not 1 <= int(party_size) <= MAX_PARTY_SIZE:
        raise ValidationError(_("The number of people must be between 1 and %(max)s.") % {"max": MAX_PARTY_SIZE})
    if not name.strip():
        raise ValidationError(_("Tell us your name."), code="required")
    booking = TourBookingRequest.objects.create(
        tour=tour,
        departure_date=departure_date,
        name=name.strip(),
        phone=phone_to_e164(phone),
        email=email,
        party_size=party_size,
        message=message,
        language=language or "",
    )
    from events.tours.tasks import tour_booking_request_email_send

    enqueue_on_commit(tour_booking_request_email_send, booking.pk)
    return booking


@transaction.atomic
def tour_booking_request_email_send(*, booking_request_id: int) -> bool:
    """E-mail a booking request to the tour operator, once: False when there is nothing (more) to send."""
    booking = (
        TourBookingRequest.objects.select_for_update(of=("self",))
        .select_related("tour")
        .filter(pk=booking_request_id)
        .first()
    )
    if booking is None or booking.emailed_at is not None:
        return False
    tour = booking.tour
    if not tour.operator_email:
        logger.warning("Tour %s has no operator e-mail; booking request %s not sent", tour.pk, booking.pk)
        return False
    language = tour.locale.language_code
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        # The public site's address (SITE_URL), not the Wagtail Site's hostname and port.
        url_parts = tour.get_url_parts()
        context = {"booking": booking, "tour": tour, "tour_url": absolute_url(url_parts[2]) if url_parts else ""}
        subject = _("Booking request for %(tour)s on %(date)s") % {
            "tour": tour.title,
            "date": booking.departure_date.strftime("%d/%m/%Y"),
        }
        body = render_to_string("tours/emails/booking_request.txt", context)
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[tour.operator_email],
        reply_to=[booking.email] if booking.email else None,
    ).send()
    booking.emailed_at = timezone.now()
    booking.save(update_fields=["emailed_at"])
    return True
