"""Recognition decisions (issue #13 item 5): recording one puts exactly one certificate in force per product,
supersedes the previous one, reindexes search, shows on the product page and tells the producer; the province
never recognises 5★; the central level only what the council proposed; a double POST creates nothing more.
Revocation and the officers' certificates list."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse, reverse_lazy
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.search.selectors import search_query
from marketplace.search.services import search_reindex
from programme.models import CycleEvent, DecisionItem, Dossier, RecognitionDecision
from programme.services.decisions import certificate_revoke, decision_record
from tests.factories import (
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductFactory,
    criteria_set_build,
)
from tests.integration.programme.dossier_helpers import assert_only_officers_open, scored_entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """The assertions read the services' English messages (the site itself starts in Vietnamese)."""
    translation.activate("en")
    yield


Certification = get_model("catalogue", "Certification")

CREATE = "/en/dashboard/ocop/decisions/new/"
TODAY = datetime.date.today()


@pytest.fixture
def criteria_set(db):
    return criteria_set_build()


@pytest.fixture
def officer(db):
    return OfficerFactory(first_name="Trần", last_name="Thu")


def _main_badge_stars(html: str) -> str | None:
    """The stars of the product page's own (large) OCOP badge."""
    match = re.search(r'<span class="ocop-badge ocop-badge--lg"[^>]*\bdata-stars="(\d)"', html)
    return match.group(1) if match else None


def _record(entries, *, officer, number="12/QĐ-UBND", level="province", date=None):
    return decision_record(
        number=number,
        date=date or TODAY,
        signer="Nguyễn Văn Bình",
        level=level,
        entries=entries,
        actor=officer,
    )


def test_recording_puts_exactly_one_certificate_in_force_and_supersedes_the_previous(
    criteria_set, officer, django_capture_on_commit_callbacks
):
    producer = ProducerFactory(email="htx@example.vn")
    product = ProductFactory(certification=62, stockrecord__producer=producer)
    old = Certification.objects.get(product=product)
    entry = scored_entry(criteria_set, score=78, product=product, producer=producer)

    with django_capture_on_commit_callbacks(execute=True):
        decision, created = _record([entry], officer=officer)

    assert created is True
    in_force = Certification.objects.filter(product=product, status__in=Certification.IN_FORCE_STATUSES)
    assert in_force.count() == 1
    cert = in_force.get()
    assert (cert.score, cert.stars, cert.decision_number, cert.decision_date) == (78, 4, "12/QĐ-UBND", TODAY)
    assert cert.decision_signer == "Nguyễn Văn Bình"
    assert cert.evaluation_year == entry.evaluation_round.year
    assert cert.issuing_level == "province"
    old.refresh_from_db()
    assert old.status == "superseded"
    item = DecisionItem.objects.get(decision=decision)
    assert (item.certification, item.product, item.score, item.stars) == (cert, product, 78, 4)
    entry.dossier.refresh_from_db()
    assert entry.dossier.status == Dossier.Status.RECOGNISED
    event = CycleEvent.objects.get(kind=CycleEvent.Kind.PRODUCT_RECOGNISED)
    assert event.dossier == entry.dossier and event.actor == officer
    assert "12/QĐ-UBND" in event.comment
    # The producer is e-mailed once.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["htx@example.vn"]


def test_the_product_page_and_search_show_the_new_stars_and_decision(
    client, criteria_set, officer, django_capture_on_commit_callbacks
):
    translation.activate("vi")  # the shop's own pages, in the site's language (dates as d/m/Y)
    producer = ProducerFactory()
    product = ProductFactory(title="Mì gạo Hùng Lô", certification=60, stockrecord__producer=producer)
    search_reindex(stream=io.StringIO())
    assert {hit.object_id for hit in search_query(kinds=["product"], filters={"stars": [3]}).hits} == {product.pk}
    # The page is rendered (and its fragments cached) before the decision.
    before = client.get(product.get_absolute_url()).content.decode()
    assert "77/QĐ-UBND" not in before

    entry = scored_entry(criteria_set, score=81, product=product, producer=producer)
    with django_capture_on_commit_callbacks(execute=True):
        _record([entry], officer=officer, number="77/QĐ-UBND")

    html = client.get(product.get_absolute_url()).content.decode()
    assert 'data-testid="ocop-badge-decision"' in html
    assert "77/QĐ-UBND" in html
    assert TODAY.strftime("%d/%m/%Y") in html
    assert f'data-testid="ocop-evaluation-year">{entry.evaluation_round.year}<' in html
    # The product's own badge (not a related product's) now shows the decision's 4 stars, where it showed 3.
    assert _main_badge_stars(before) == "3"
    assert _main_badge_stars(html) == "4"
    assert {hit.object_id for hit in search_query(kinds=["product"], filters={"stars": [4]}).hits} == {product.pk}
    assert not search_query(kinds=["product"], filters={"stars": [3]}).hits
    hits = [hit for hit in search_query(text="mi gao hung lo", kinds=["product"]).hits if hit.object_id == product.pk]
    assert hits and hits[0].stars == 4


def test_recording_the_same_decision_twice_creates_nothing_more(client, criteria_set, officer):
    entries = [scored_entry(criteria_set, score=75), scored_entry(criteria_set, score=55)]
    client.force_login(officer)
    data = {
        "number": "5/QĐ-UBND",
        "date": TODAY.isoformat(),
        "signer": "Nguyễn Văn Bình",
        "level": "province",
        "entries": [str(entry.pk) for entry in entries],
    }
    first = client.post(CREATE, data, follow=True)
    assert first.status_code == 200
    decision = RecognitionDecision.objects.get()
    assert first.redirect_chain[-1][0] == reverse("ocop:decision-detail", kwargs={"pk": decision.pk})
    counts = (RecognitionDecision.objects.count(), DecisionItem.objects.count(), Certification.objects.count())
    events = CycleEvent.objects.count()

    second = client.post(CREATE, data, follow=True)

    assert second.status_code == 200
    assert "already recorded" in second.content.decode()
    assert (RecognitionDecision.objects.count(), DecisionItem.objects.count(), Certification.objects.count()) == (
        counts
    )
    assert counts == (1, 2, 2)
    assert CycleEvent.objects.count() == events
    # And through the service: the same answer, nothing written.
    again, created = _record(entries, officer=officer, number="5/QĐ-UBND")
    assert (again, created) == (decision, False)
    assert Certification.objects.count() == 2


def test_the_same_number_with_other_products_is_refused(criteria_set, officer):
    _record([scored_entry(criteria_set, score=75)], officer=officer, number="9/QĐ")
    other = scored_entry(criteria_set, score=72)
    with pytest.raises(Exception) as error:
        _record([other], officer=officer, number="9/QĐ")
    assert "already recorded with other products" in str(error.value)
    other.dossier.refresh_from_db()
    assert other.dossier.status == "scored"
    assert not Certification.objects.filter(product=other.dossier.product).exists()


def test_the_province_may_not_recognise_five_stars(client, criteria_set, officer):
    five = scored_entry(criteria_set, score=93)
    four = scored_entry(criteria_set, score=80)
    client.force_login(officer)
    response = client.post(
        CREATE,
        {
            "number": "6/QĐ-UBND",
            "date": TODAY.isoformat(),
            "signer": "Nguyễn Văn Bình",
            "level": "province",
            "entries": [five.pk, four.pk],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "the province recognises 3 and 4 stars only" in html
    # Nothing half-written: not even the 4★ product.
    assert not RecognitionDecision.objects.exists()
    assert not Certification.objects.exists()
    four.dossier.refresh_from_db()
    assert four.dossier.status == "scored"


def test_the_central_level_recognises_only_products_proposed_for_five_stars(criteria_set, officer):
    four = scored_entry(criteria_set, score=85)
    with pytest.raises(Exception) as error:
        _record([four], officer=officer, level="central", number="1/QĐ-BNNMT")
    assert "was not proposed for 5 stars" in str(error.value)
    assert not Certification.objects.exists()

    five = scored_entry(criteria_set, score=91)
    decision, created = _record([five], officer=officer, level="central", number="1/QĐ-BNNMT")
    assert created
    cert = Certification.objects.get(product=five.dossier.product)
    assert (cert.stars, cert.issuing_level, cert.status) == (5, "ministry", "certified")


def test_an_entry_already_recognised_is_refused(criteria_set, officer):
    entry = scored_entry(criteria_set, score=75)
    _record([entry], officer=officer, number="1/QĐ")
    with pytest.raises(Exception) as error:
        _record([entry], officer=officer, number="2/QĐ")
    assert "already recognised" in str(error.value)
    assert Certification.objects.filter(product=entry.dossier.product).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"product": "none"}, "has no product in the shop"),
        ({"closed": False}, "not closed"),
        ({"status": "in_evaluation"}, "has no council score"),
        ({"score": 45}, "below 3 stars"),
    ],
)
def test_entries_that_cannot_be_recognised_are_refused_with_a_message(criteria_set, officer, kwargs, message):
    kwargs = dict(kwargs)
    score = kwargs.pop("score", 75)
    if kwargs.pop("product", None) == "none":
        entry = scored_entry(criteria_set, score=score, **kwargs)
        Dossier.objects.filter(pk=entry.dossier_id).update(product=None)
        entry.dossier.idea.product = None
        entry.dossier.idea.save()
    else:
        entry = scored_entry(criteria_set, score=score, **kwargs)
    with pytest.raises(Exception) as error:
        _record([entry], officer=officer)
    assert message in str(error.value)
    assert not RecognitionDecision.objects.exists()
    assert not DecisionItem.objects.exists()


def test_bad_input_re_renders_the_form_with_errors_and_writes_nothing(client, criteria_set, officer):
    entry = scored_entry(criteria_set, score=75)
    client.force_login(officer)
    future = TODAY + datetime.timedelta(days=1)
    response = client.post(
        CREATE, {"number": "", "date": future.isoformat(), "signer": "", "level": "province", "entries": [entry.pk]}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "number" in form.errors and "signer" in form.errors
    response = client.post(
        CREATE,
        {"number": "3/QĐ", "date": future.isoformat(), "signer": "B", "level": "province", "entries": [entry.pk]},
    )
    assert response.status_code == 200
    assert "future" in str(response.context["form"].errors["date"])
    response = client.post(CREATE, {"number": "3/QĐ", "date": TODAY.isoformat(), "signer": "B", "level": "province"})
    assert response.status_code == 200
    assert "entries" in response.context["form"].errors
    assert not RecognitionDecision.objects.exists()
    assert not Certification.objects.exists()


def test_the_form_lists_only_products_waiting_for_a_decision(client, criteria_set, officer):
    waiting = scored_entry(criteria_set, score=75, title="Chè búp tím Thanh Ba")
    open_round = scored_entry(criteria_set, score=75, closed=False, title="Trà đinh Hoài Trung")
    client.force_login(officer)
    html = client.get(CREATE).content.decode()
    assert "Chè búp tím Thanh Ba" in html
    assert "Trà đinh Hoài Trung" not in html
    assert open_round.pk and waiting.pk


# --- Revocation --------------------------------------------------------------------------------------------------


def test_revocation_removes_the_badge_and_tells_the_producer(
    client, criteria_set, officer, django_capture_on_commit_callbacks
):
    producer = ProducerFactory(email="htx@example.vn")
    entry = scored_entry(criteria_set, score=75, producer=producer)
    _record([entry], officer=officer)
    cert = Certification.objects.get(product=entry.dossier.product, status="certified")
    product_url = cert.product.get_absolute_url()
    assert "ocop-badge" in client.get(product_url).content.decode()
    mail.outbox.clear()

    client.force_login(officer)
    url = reverse("ocop:certificate-revoke", kwargs={"pk": cert.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"revocation_reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    cert.refresh_from_db()
    assert cert.status == "certified"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"revocation_reason": "Vi phạm an toàn thực phẩm"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert (cert.status, cert.revocation_reason) == ("revoked", "Vi phạm an toàn thực phẩm")
    client.logout()
    html = client.get(product_url).content.decode()
    assert "ocop-badge" not in html
    event = CycleEvent.objects.get(kind=CycleEvent.Kind.CERTIFICATE_REVOKED)
    assert (event.dossier, event.comment, event.actor) == (entry.dossier, "Vi phạm an toàn thực phẩm", officer)
    assert len(mail.outbox) == 1


def test_revoking_twice_is_refused(criteria_set, officer):
    entry = scored_entry(criteria_set, score=75)
    _record([entry], officer=officer)
    cert = Certification.objects.get(product=entry.dossier.product)
    certificate_revoke(certification=cert, reason="Vi phạm", actor=officer)
    with pytest.raises(Exception) as error:
        certificate_revoke(certification=cert, reason="Lần nữa", actor=officer)
    assert "already revoked" in str(error.value)
    assert CycleEvent.objects.filter(kind=CycleEvent.Kind.CERTIFICATE_REVOKED).count() == 1


def test_revoke_is_post_only_for_officers(client, criteria_set, officer):
    product = ProductFactory(certification=75)
    cert = Certification.objects.get(product=product)
    url = reverse("ocop:certificate-revoke", kwargs={"pk": cert.pk})
    client.force_login(ProducerUserFactory(producer=ProducerFactory()))
    assert client.post(url, {"revocation_reason": "x"}).status_code == 403
    client.force_login(officer)
    assert client.get(reverse("ocop:certificate-revoke", kwargs={"pk": 999999})).status_code == 404
    cert.refresh_from_db()
    assert cert.status == "certified"


# --- The certificates list ---------------------------------------------------------------------------------------


def test_the_certificates_list_puts_those_in_force_first_and_filters(client, officer):
    revoked = ProductFactory(certification=92)
    certificate_revoke(certification=Certification.objects.get(product=revoked), reason="Vi phạm", actor=officer)
    four = ProductFactory(certification=75)
    three = ProductFactory(certification=55)
    client.force_login(officer)
    response = client.get(reverse("ocop:certificate-list"))
    certificates = list(response.context["certificates"])
    assert [c.product for c in certificates][-1] == revoked
    assert {c.product for c in certificates[:2]} == {four, three}
    assert [c.product for c in client.get(reverse("ocop:certificate-list") + "?stars=4").context["certificates"]] == [
        four
    ]
    assert [
        c.product for c in client.get(reverse("ocop:certificate-list") + "?status=revoked").context["certificates"]
    ] == [revoked]
    year = TODAY.year if (TODAY - datetime.timedelta(days=30)).year == TODAY.year else TODAY.year - 1
    assert len(client.get(reverse("ocop:certificate-list") + f"?year={year}").context["certificates"]) == 3
    assert not client.get(reverse("ocop:certificate-list") + "?year=1990").context["certificates"]


# --- Who may open these screens ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["decision-list", "decision-create", "certificate-list"])
def test_only_programme_officers_open_the_decision_screens(client, name, officer):
    assert_only_officers_open(client, reverse(f"ocop:{name}"), officer)


def test_the_decision_detail_lists_its_products(client, criteria_set, officer):
    entry = scored_entry(criteria_set, score=75, title="Mì gạo Hùng Lô")
    decision, _created = _record([entry], officer=officer)
    url = reverse("ocop:decision-detail", kwargs={"pk": decision.pk})
    client.force_login(ProducerUserFactory(producer=entry.dossier.idea.producer))
    assert client.get(url).status_code == 403
    client.force_login(officer)
    html = client.get(url).content.decode()
    assert "Mì gạo Hùng Lô" in html and "12/QĐ-UBND" in html
    assert client.get(reverse("ocop:decision-detail", kwargs={"pk": decision.pk + 100})).status_code == 404


# --- Query budgets -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 50])
def test_the_decision_list_stays_within_a_fixed_query_budget(client, officer, size, django_assert_max_num_queries):
    for n in range(size):
        decision = RecognitionDecision.objects.create(
            number=f"{n}/QĐ", date=TODAY, signer="B", level="province", recorded_by=officer
        )
        assert decision.pk
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ocop:decision-list"))
    assert len(response.context["decisions"]) == size


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize(
    ("address", "recorded", "budget", "listed"),
    [
        (reverse_lazy("ocop:certificate-list"), True, 14, lambda context: context["certificates"]),
        (CREATE, False, 12, lambda context: context["form"].recognisable),
    ],
    ids=["certificate-list", "decision-form"],
)
def test_the_certificates_and_the_decision_form_stay_within_a_fixed_query_budget(
    client, officer, criteria_set, size, address, recorded, budget, listed, django_assert_max_num_queries
):
    """The certificates of ``size`` recorded products, or the form offering ``size`` scored ones."""
    producer = ProducerFactory()
    entries = [scored_entry(criteria_set, score=75, producer=producer) for _ in range(size)]
    if recorded:
        _record(entries, officer=officer)
    client.force_login(officer)
    with django_assert_max_num_queries(budget):
        response = client.get(str(address))
    assert len(listed(response.context)) == size
