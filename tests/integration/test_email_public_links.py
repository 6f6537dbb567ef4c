"""Tour booking and booth decision e-mails link to the public site (WAGTAILADMIN_BASE_URL), not a relative path."""

import datetime

import pytest
from django.core import mail
from oscar.core.loading import get_model

from tests.factories import (
    BoothApplicationFactory,
    FairIndexPageFactory,
    FairPageFactory,
    OfficerFactory,
    ProducerFactory,
    ProductFactory,
    TourIndexPageFactory,
    TourPageFactory,
    UserFactory,
    VenueFactory,
)

Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db

SITE = "https://cho-ocop.example.vn"


# Tour and fair e-mails link to the public site --------------------------------------------------------------


@pytest.fixture
def site_url(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE + "/"
    return SITE


def test_the_tour_booking_email_links_to_the_public_site(home_page, places, site_url):
    from events.tours.models import TourBookingRequest
    from events.tours.services import tour_booking_request_email_send

    producer = ProducerFactory(latitude=21.49, longitude=105.15)
    ProductFactory(stockrecord__producer=producer)
    tour = TourPageFactory(parent=TourIndexPageFactory(parent=home_page), slug="che-va-mat-ong", producers=[producer])
    departure = tour.departures.filter(date__gte=datetime.date.today()).order_by("date").first()
    booking = TourBookingRequest.objects.create(
        tour=tour, departure_date=departure.date, name="Lan", phone="0912345678", party_size=2
    )

    assert tour_booking_request_email_send(booking_request_id=booking.pk) is True

    body = mail.outbox[0].body
    assert f"{SITE}{tour.url}" in body
    assert "localhost" not in body and "http://" not in body


def test_the_booth_decision_email_links_to_the_public_site(home_page, places, site_url):
    from events.fairs.services import booth_application_decide, booth_decision_email_send

    fair = FairPageFactory(
        parent=FairIndexPageFactory(parent=home_page),
        slug="hoi-cho-ocop-viet-tri",
        venue=VenueFactory(region=places["viet_tri"]),
    )
    application = BoothApplicationFactory(
        fair=fair, producer=ProducerFactory(email="mat-ong@example.vn"), applicant=UserFactory()
    )
    booth_application_decide(application=application, officer=OfficerFactory(), decision="approved")

    assert booth_decision_email_send(application_id=application.pk) is True

    body = mail.outbox[-1].body
    assert f"{SITE}{fair.url}" in body
    assert "localhost" not in body
