"""Recording OCOP evaluations: stars from the score, history kept, one certificate in force."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from catalogue.selectors import certification_get_in_force, product_list_featured, product_queryset_storefront
from catalogue.services import certification_record
from tests.factories import ProductFactory

Certification = get_model("catalogue", "Certification")

pytestmark = pytest.mark.django_db
DECIDED = datetime.date(2025, 3, 1)


@pytest.fixture
def product():
    return ProductFactory(certification=False)


@pytest.mark.parametrize(("score", "stars", "level"), [(95, 5, "ministry"), (80, 4, "province"), (55, 3, "province")])
def test_stars_and_issuing_level_follow_the_score(product, score, stars, level):
    cert = certification_record(product=product, score=score, decision_number="1/QĐ", decision_date=DECIDED)
    assert (cert.stars, cert.issuing_level, cert.status) == (stars, level, "certified")


def test_certificate_is_valid_36_months(product):
    cert = certification_record(product=product, score=80, decision_number="1/QĐ", decision_date=DECIDED)
    assert cert.valid_until == datetime.date(2028, 3, 1)


def test_below_50_points_is_recorded_but_not_certified(product):
    cert = certification_record(product=product, score=45, decision_number="2/QĐ", decision_date=DECIDED)
    assert cert.status == "not_certified" and cert.stars == 2
    assert certification_get_in_force(product=product, today=DECIDED) is None


def test_a_new_certificate_replaces_the_old_one_and_keeps_history(product):
    old = certification_record(product=product, score=72, decision_number="1/QĐ", decision_date=DECIDED)
    new = certification_record(
        product=product, score=91, decision_number="9/QĐ", decision_date=DECIDED + datetime.timedelta(days=400)
    )
    old.refresh_from_db()
    assert old.status == "superseded"
    assert certification_get_in_force(product=product, today=DECIDED + datetime.timedelta(days=401)) == new
    assert product.certifications.count() == 2


def test_the_database_refuses_two_certificates_in_force(product):
    certification_record(product=product, score=72, decision_number="1/QĐ", decision_date=DECIDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(
            product=product,
            score=80,
            stars=4,
            decision_number="dup",
            decision_date=DECIDED,
            valid_until=DECIDED + datetime.timedelta(days=1000),
        )


def test_badge_leaves_listings_the_day_after_expiry(product):
    cert = certification_record(product=product, score=80, decision_number="1/QĐ", decision_date=DECIDED)
    last_day = cert.valid_until
    on_last_day = product_queryset_storefront(today=last_day).get(pk=product.pk)
    after = product_queryset_storefront(today=last_day + datetime.timedelta(days=1)).get(pk=product.pk)
    assert on_last_day.ocop_stars == 4
    assert after.ocop_stars is None
    assert product not in product_list_featured(today=last_day + datetime.timedelta(days=1))


def test_revoked_certificate_is_not_in_force(product):
    cert = certification_record(product=product, score=80, decision_number="1/QĐ", decision_date=DECIDED)
    cert.status = Certification.Status.REVOKED
    cert.save()
    assert certification_get_in_force(product=product, today=DECIDED) is None
