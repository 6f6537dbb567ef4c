"""Oscar pages we had not overridden printed stored HTML with |safe: shoppers' notifications (their subjects
carry product titles, which producers write) and the offers' and ranges' descriptions. They go through the
site's allow-list like every other field."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import UserFactory
from tests.html_checks import active_content

pytestmark = pytest.mark.django_db

Notification = get_model("communication", "Notification")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
Range = get_model("offer", "Range")

MARKER = "xss-probe-oscar"
HOSTILE = (
    f"<p>Nội dung {MARKER}</p><script>alert('{MARKER}')</script>"
    f"<img src=x onerror=\"alert('{MARKER}')\"><a href=\"javascript:alert('{MARKER}')\">bấm</a>"
    '<iframe src="https://evil.example/"></iframe>'
)


def _assert_nothing_runs(html: str) -> None:
    assert f"Nội dung {MARKER}" in html, "the field is not on the page: the test would prove nothing"
    assert active_content(html).findings == []
    for needle in (f"<script>alert('{MARKER}", "onerror=", "javascript:alert", "<iframe src"):
        assert needle not in html


@pytest.fixture
def shopper_client(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def test_a_notification_is_shown_without_anything_that_runs(shopper_client):
    notification = Notification.objects.create(recipient=shopper_client.user, subject=HOSTILE, body=HOSTILE)

    inbox = shopper_client.get(reverse("customer:notifications-inbox"))
    detail = shopper_client.get(reverse("customer:notifications-detail", args=[notification.pk]))

    assert inbox.status_code == 200 and detail.status_code == 200
    _assert_nothing_runs(inbox.content.decode())
    _assert_nothing_runs(detail.content.decode())


@pytest.fixture
def hostile_offer():
    everything = Range.objects.create(name="Mọi sản phẩm", includes_all_products=True, description=HOSTILE)
    return ConditionalOffer.objects.create(
        name="Khuyến mãi Tết",
        slug="khuyen-mai-tet",
        description=HOSTILE,
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=10),
    )


def test_offer_descriptions_are_shown_without_anything_that_runs(client, hostile_offer):
    listing = client.get(reverse("offer:list"))
    detail = client.get(reverse("offer:detail", kwargs={"slug": hostile_offer.slug}))

    assert listing.status_code == 200 and detail.status_code == 200
    _assert_nothing_runs(listing.content.decode())
    _assert_nothing_runs(detail.content.decode())
