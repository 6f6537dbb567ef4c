"""Producer onboarding: a representative applies, an officer approves or rejects, both outcomes are e-mailed.

The tests run in English (msgids), so they hold whether or not the Vietnamese catalogue is compiled.
"""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from marketplace.core.roles import PRODUCERS, roles_ensure_groups
from marketplace.onboarding import services
from marketplace.onboarding.forms import ProducerApplicationForm
from marketplace.onboarding.models import ProducerApplication
from marketplace.onboarding.tasks import application_decision_email_send
from tests.factories import (
    SCAN_PDF_BYTES,
    OfficerFactory,
    ProducerApplicationFactory,
    ProducerFactory,
    ProvinceFactory,
    UserFactory,
    WardFactory,
)
from tests.helpers import application_form_data

Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def ward():
    return WardFactory()


@pytest.fixture
def other_province_ward():
    hanoi = ProvinceFactory(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", slug="ha-noi", kind="city")
    return WardFactory(code="00004", name="Phường Ba Đình", short_name="Ba Đình", slug="ba-dinh", parent=hanoi)


@pytest.fixture
def applicant(client):
    user = UserFactory(email="giamdoc@htx-thanhba.vn", first_name="An", last_name="Nguyễn")
    client.force_login(user)
    return user


def _image_bytes(image_format: str, size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 40)).save(buffer, format=image_format)
    return buffer.getvalue()


def _scan(content: bytes = SCAN_PDF_BYTES, name: str = "giay-dang-ky.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _form_data(ward, **overrides) -> dict:
    return application_form_data(ward, **overrides)


def _scan_files(settings) -> list:
    folder = settings.MEDIA_ROOT / "onboarding"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def _submit(applicant, ward, **overrides) -> ProducerApplication:
    data = _form_data(ward, **overrides)
    data.pop("province")
    data["region"] = overrides.get("region", ward)
    data["founded_year"] = int(data["founded_year"])
    return services.application_submit(applicant=applicant, **data)


# Applying ---------------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("onboarding:apply"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customer:login"))
    assert client.get(reverse("onboarding:status")).status_code == 302


def test_apply_form_lists_provinces_and_no_communes_before_a_province_is_chosen(client, applicant, ward):
    html = client.get(reverse("onboarding:apply")).content.decode()
    assert "Tỉnh Phú Thọ" in html
    assert ">Phường Việt Trì</option>" not in html
    assert "Show its communes and wards" in html


def test_representative_submits_a_complete_application(client, applicant, ward, settings):
    response = client.post(reverse("onboarding:apply"), _form_data(ward))

    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("onboarding:status")
    application = ProducerApplication.objects.get()
    assert application.applicant == applicant
    assert application.status == "submitted"
    assert (application.name, application.legal_type, application.registration_number) == (
        "HTX Chè Búp Tím Thanh Ba",
        "cooperative",
        "2600123456",
    )
    assert application.region == ward
    assert application.phone == "+84912345678"  # stored in E.164
    assert application.founded_year == 2015
    assert application.language == "en"
    assert application.registration_scan.name.endswith(".pdf")
    assert "giay-dang-ky" not in application.registration_scan.name  # the stored name is not guessable
    with application.registration_scan.open("rb") as stored:
        assert stored.read() == SCAN_PDF_BYTES
    assert application.producer is None and application.decided_at is None

    status_page = client.get(reverse("onboarding:status")).content.decode()
    assert "Waiting for a decision" in status_page
    assert "HTX Chè Búp Tím Thanh Ba" in status_page


@pytest.mark.parametrize(("image_format", "extension"), [("PNG", "png"), ("JPEG", "jpg")])
def test_a_photo_of_the_certificate_is_accepted_by_its_content(applicant, ward, image_format, extension):
    # Named .pdf on purpose: the content decides, and the stored file gets the right extension.
    application = _submit(applicant, ward, registration_scan=_scan(_image_bytes(image_format), "photo.pdf"))
    assert application.registration_scan.name.endswith(f".{extension}")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"phone": "12345"},
            "phone",
            "Enter a Vietnamese landline or mobile number, for example 0912 345 678 or 0210 3812 345.",
        ),
        (
            {"phone": "+1 202 555 0143"},
            "phone",
            "Enter a Vietnamese landline or mobile number, for example 0912 345 678 or 0210 3812 345.",
        ),
        (
            {"registration_scan": _scan(b"Giay dang ky kinh doanh so 2600123456\n", "scan.pdf")},
            "registration_scan",
            "This file is not a PDF, JPEG or PNG document, whatever its name says (or it is damaged or cut short).",
        ),
        (
            {"registration_scan": _scan(_image_bytes("PNG")[:60], "scan.png")},
            "registration_scan",
            "This file is not a PDF, JPEG or PNG document, whatever its name says (or it is damaged or cut short).",
        ),
        (
            {"registration_scan": _scan(_image_bytes("GIF"), "scan.gif")},
            "registration_scan",
            "Send the certificate as a PDF, JPEG or PNG file.",
        ),
        ({"registration_scan": None}, "registration_scan", "Attach a scan of the registration certificate."),
        ({"registration_number": ""}, "registration_number", "Enter the business registration number."),
        ({"registration_number": "   "}, "registration_number", "Enter the business registration number."),
        ({"region": ""}, "region", "Choose the commune or ward."),
        ({"province": ""}, "province", "Choose the province or city first."),
        ({"founded_year": "2999"}, "founded_year", "The founding year cannot be in the future."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_is_written(
    client, applicant, ward, settings, overrides, field, message
):
    response = client.post(reverse("onboarding:apply"), _form_data(ward, **overrides))

    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors[field], form.errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not ProducerApplication.objects.exists()
    assert _scan_files(settings) == []


def test_a_commune_of_another_province_is_refused(client, applicant, ward, other_province_ward, settings):
    response = client.post(reverse("onboarding:apply"), _form_data(ward, region=other_province_ward.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["region"] == [
        "Phường Ba Đình is not in Tỉnh Phú Thọ: choose a commune or ward of that province."
    ]
    assert not ProducerApplication.objects.exists()
    assert _scan_files(settings) == []
    # The re-rendered list offers the chosen province's communes only.
    html = response.content.decode()
    assert ">Phường Việt Trì</option>" in html and ">Phường Ba Đình</option>" not in html


def test_a_province_is_not_a_commune(applicant, ward):
    with pytest.raises(ValidationError) as error:
        _submit(applicant, ward, region=ward.parent)
    assert "region" in error.value.message_dict
    assert not ProducerApplication.objects.exists()


def test_a_scan_over_10_mb_is_refused(applicant, ward, settings):
    big = _scan(SCAN_PDF_BYTES + b"0" * (10 * 1024 * 1024), "big.pdf")
    form = ProducerApplicationForm(
        data={k: v for k, v in _form_data(ward).items() if k != "registration_scan"},
        files={"registration_scan": big},
        applicant=applicant,
    )
    assert not form.is_valid()
    assert form.errors["registration_scan"] == ["The file is 10.0 MB; the limit is 10 MB."]
    with pytest.raises(ValidationError) as error:
        _submit(applicant, ward, registration_scan=_scan(SCAN_PDF_BYTES + b"0" * (10 * 1024 * 1024)))
    assert error.value.message_dict["registration_scan"] == ["The file is 10.0 MB; the limit is 10 MB."]
    assert not ProducerApplication.objects.exists()
    assert _scan_files(settings) == []


def test_the_service_refuses_a_bad_phone_and_a_fake_pdf_together(applicant, ward):
    with pytest.raises(ValidationError) as error:
        _submit(applicant, ward, phone="12345", registration_scan=_scan(b"hello", "scan.pdf"))
    assert set(error.value.message_dict) == {"phone", "registration_scan"}
    assert not ProducerApplication.objects.exists()


def test_a_second_application_waits_for_the_first_decision(client, applicant, ward, settings):
    ProducerApplicationFactory(applicant=applicant, region=ward)
    files_before = _scan_files(settings)

    response = client.post(reverse("onboarding:apply"), _form_data(ward))

    assert response.status_code == 200
    assert "You already have an application waiting for a decision." in response.content.decode()
    assert ProducerApplication.objects.count() == 1
    assert _scan_files(settings) == files_before
    with pytest.raises(ValidationError, match="You already have an application waiting for a decision."):
        _submit(applicant, ward)
    assert ProducerApplication.objects.count() == 1
    # The apply page says so at once instead of offering a form.
    html = client.get(reverse("onboarding:apply")).content.decode()
    assert "You already have an application waiting for a decision." in html
    assert 'name="registration_scan"' not in html


def test_the_database_holds_at_most_one_submitted_application_per_applicant(applicant, ward):
    first = ProducerApplicationFactory(applicant=applicant, region=ward)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProducerApplication.objects.create(
            **{
                f.attname: getattr(first, f.attname)
                for f in ProducerApplication._meta.concrete_fields
                if not f.primary_key
            }
        )


def test_a_user_who_already_manages_a_producer_cannot_apply(client, applicant, ward):
    producer = ProducerFactory(name="HTX Mì gạo Hùng Lô")
    producer.users.add(applicant)

    response = client.post(reverse("onboarding:apply"), _form_data(ward))

    message = "Your account already manages the producer HTX Mì gạo Hùng Lô, so it cannot apply again."
    assert message in response.content.decode()
    assert not ProducerApplication.objects.exists()
    with pytest.raises(ValidationError, match="already manages the producer"):
        _submit(applicant, ward)
    assert not ProducerApplication.objects.exists()


def test_a_rejected_applicant_may_apply_again(applicant, ward):
    ProducerApplicationFactory(applicant=applicant, region=ward, status="rejected", rejection_reason="Thiếu bản scan")
    application = _submit(applicant, ward)
    assert application.status == "submitted"
    assert ProducerApplication.objects.filter(applicant=applicant).count() == 2


def test_without_javascript_the_province_button_lists_its_communes_and_writes_nothing(
    client, applicant, ward, other_province_ward
):
    data = _form_data(other_province_ward, region="", show_communes="1")
    data.pop("registration_scan")
    response = client.post(reverse("onboarding:apply"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert ">Phường Ba Đình</option>" in html and ">Phường Việt Trì</option>" not in html
    assert not response.context["form"].is_bound  # no error messages before the person is done
    assert "HTX Chè Búp Tím Thanh Ba" in html  # what was typed is kept
    assert not ProducerApplication.objects.exists()


# Deciding ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def officer():
    return OfficerFactory(email="canbo@ocop.phutho.gov.vn")


@pytest.fixture
def submitted(ward):
    applicant = UserFactory(email="chuhtx@example.vn")
    return ProducerApplicationFactory(
        applicant=applicant,
        region=ward,
        name="HTX Trà Đinh Hoài Trung",
        registration_number="2600999888",
        tax_code="2600999888",
        representative="Trần Thị Bình",
        phone="+842103812345",
        email="lienhe@traDinh.vn",
        website="https://tradinh.example.vn",
        founded_year=2012,
        story="Trà đinh hái tay.",
        language="en",
    )


def _detail_url(application):
    return reverse("onboarding-dashboard:application-detail", kwargs={"pk": application.pk})


def _approve_url(application):
    return reverse("onboarding-dashboard:application-approve", kwargs={"pk": application.pk})


def _reject_url(application):
    return reverse("onboarding-dashboard:application-reject", kwargs={"pk": application.pk})


def test_officer_sees_every_field_and_can_open_the_scan(client, officer, submitted):
    client.force_login(officer)
    response = client.get(_detail_url(submitted))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "HTX Trà Đinh Hoài Trung",
        "Cooperative",
        "2600999888",
        "Trần Thị Bình",
        "Khu 5",
        "Phường Việt Trì",
        "Tỉnh Phú Thọ",
        'href="tel:+842103812345">0210 3812 345<',
        "lienhe@traDinh.vn",
        "https://tradinh.example.vn",
        "2012",
        "Trà đinh hái tay.",
        "chuhtx@example.vn",
        reverse("onboarding-dashboard:application-scan", kwargs={"pk": submitted.pk}),
    ):
        assert text in html, text
    scan = client.get(reverse("onboarding-dashboard:application-scan", kwargs={"pk": submitted.pk}))
    assert scan.status_code == 200
    assert scan["Content-Type"] == "application/pdf"
    assert b"".join(scan.streaming_content) == SCAN_PDF_BYTES


def test_officer_approves_and_the_applicant_becomes_the_producer(
    client, officer, submitted, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_approve_url(submitted))
    assert response.status_code == 302

    submitted.refresh_from_db()
    assert (submitted.status, submitted.decided_by) == ("approved", officer)
    assert submitted.decided_at is not None
    producer = Partner.objects.get(registration_number="2600999888")
    assert submitted.producer == producer
    assert (producer.name, producer.slug, producer.legal_type) == (
        "HTX Trà Đinh Hoài Trung",
        "htx-tra-dinh-hoai-trung",
        "cooperative",
    )
    assert (producer.tax_code, producer.representative, producer.street_address) == (
        "2600999888",
        "Trần Thị Bình",
        "Khu 5",
    )
    assert (producer.region, producer.phone, producer.email) == (submitted.region, "+842103812345", "lienhe@traDinh.vn")
    assert (producer.website, producer.founded_year, producer.story) == (
        "https://tradinh.example.vn",
        2012,
        "<p>Trà đinh hái tay.</p>",  # the applicant's plain text, stored as the profile's HTML
    )
    applicant = submitted.applicant
    assert list(producer.users.all()) == [applicant]
    assert applicant.groups.filter(name=PRODUCERS).exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chuhtx@example.vn", "lienhe@traDinh.vn"]
    assert message.subject == "Your application for HTX Trà Đinh Hoài Trung is approved"
    assert "is approved" in message.body and "/dashboard/" in message.body

    client.force_login(applicant)
    assert client.get(reverse("dashboard:index")).status_code == 200
    assert "Go to the dashboard" in client.get(reverse("onboarding:status")).content.decode()
    # The producer's public page exists at once.
    assert client.get(producer.get_absolute_url()).status_code == 200


def test_approval_links_to_the_producer_with_the_same_registration_number(officer, submitted):
    existing = ProducerFactory(name="HTX Trà Đinh (cũ)", registration_number="2600999888")
    existing.users.add(UserFactory())
    application = services.application_approve(application=submitted, officer=officer)
    assert application.producer == existing
    assert Partner.objects.count() == 1
    assert submitted.applicant in existing.users.all()
    assert existing.users.count() == 2
    existing.refresh_from_db()
    assert existing.name == "HTX Trà Đinh (cũ)"  # the officer-kept record is not overwritten


def test_approval_picks_a_free_slug(officer, submitted):
    ProducerFactory(name="Other", slug="htx-tra-dinh-hoai-trung")
    application = services.application_approve(application=submitted, officer=officer)
    assert application.producer.slug == "htx-tra-dinh-hoai-trung-2"


def test_officer_must_give_a_reason_to_reject(client, officer, submitted, django_capture_on_commit_callbacks):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_reject_url(submitted), {"reason": "   "})
    assert response.status_code == 200
    assert "Give the reason for the rejection: the applicant will read it." in response.content.decode().replace(
        "&#x27;", "'"
    )
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert mail.outbox == []
    with pytest.raises(ValidationError) as error:
        services.application_reject(application=submitted, officer=officer, reason="\n  \t")
    assert error.value.message_dict == {"reason": ["Give the reason for the rejection: the applicant will read it."]}


def test_officer_rejects_with_a_reason_and_the_applicant_reads_it(
    client, officer, submitted, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    reason = "The registration certificate scan is unreadable; please send a clearer copy."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_reject_url(submitted), {"reason": f"  {reason}  "})
    assert response.status_code == 302

    submitted.refresh_from_db()
    assert (submitted.status, submitted.rejection_reason, submitted.decided_by) == ("rejected", reason, officer)
    assert submitted.producer is None
    assert not Partner.objects.exists()
    assert not submitted.applicant.groups.filter(name=PRODUCERS).exists()
    assert len(mail.outbox) == 1
    assert reason in mail.outbox[0].body
    assert mail.outbox[0].subject == "Your application for HTX Trà Đinh Hoài Trung was not approved"

    client.force_login(submitted.applicant)
    status_page = client.get(reverse("onboarding:status")).content.decode()
    assert reason in status_page and "Apply again" in status_page


def test_a_decided_application_cannot_be_decided_again(client, officer, submitted, django_capture_on_commit_callbacks):
    services.application_reject(application=submitted, officer=officer, reason="Thiếu giấy tờ")
    message = "This application was already decided (Rejected); it cannot be decided again."
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.application_approve(application=submitted, officer=officer)
    with pytest.raises(ValidationError, match="already decided"):
        services.application_reject(application=submitted, officer=officer, reason="Lần hai")

    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_approve_url(submitted), follow=True)
    assert message in response.content.decode()
    submitted.refresh_from_db()
    assert (submitted.status, submitted.rejection_reason) == ("rejected", "Thiếu giấy tờ")
    assert not Partner.objects.exists()
    assert mail.outbox == []


def test_only_officers_decide_in_the_service(submitted):
    with pytest.raises(PermissionDenied):
        services.application_approve(application=submitted, officer=UserFactory())
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_the_decision_email_goes_once_even_when_the_task_runs_again(officer, submitted):
    services.application_reject(application=submitted, officer=officer, reason="Sai mã số thuế")
    assert application_decision_email_send.apply(args=[submitted.pk]).get() is True
    assert application_decision_email_send.apply(args=[submitted.pk]).get() is False
    assert len(mail.outbox) == 1
    # An undecided application has nothing to send.
    assert services.application_decision_email_send(application_id=ProducerApplicationFactory().pk) is False
    assert len(mail.outbox) == 1


def test_the_decision_email_speaks_the_applicants_language(officer, submitted):
    submitted.language = "vi"
    submitted.save()
    services.application_approve(application=submitted, officer=officer)
    services.application_decision_email_send(application_id=submitted.pk)
    body = mail.outbox[0].body
    assert "/dashboard/" in body and "/en/" not in body  # Vietnamese links carry no language prefix


# Access -----------------------------------------------------------------------------------------------------------


def test_a_logged_in_non_officer_gets_403(client, submitted):
    client.force_login(UserFactory())
    assert client.get(reverse("onboarding-dashboard:application-list")).status_code == 403
    assert client.get(_detail_url(submitted)).status_code == 403
    assert client.get(reverse("onboarding-dashboard:application-scan", kwargs={"pk": submitted.pk})).status_code == 403
    assert client.post(_approve_url(submitted)).status_code == 403
    assert client.post(_reject_url(submitted), {"reason": "Không"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_producer_is_not_an_officer(client, submitted):
    producer_user = UserFactory()
    producer_user.groups.add(Group.objects.get_or_create(name=PRODUCERS)[0])
    ProducerFactory().users.add(producer_user)
    client.force_login(producer_user)
    assert client.get(reverse("onboarding-dashboard:application-list")).status_code == 403


def test_anonymous_users_are_sent_to_log_in_from_the_dashboard(client, submitted):
    for response in (
        client.get(reverse("onboarding-dashboard:application-list")),
        client.post(_approve_url(submitted)),
        client.post(_reject_url(submitted), {"reason": "x"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("customer:login"))
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_staff_may_decide_too(client, submitted):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("onboarding-dashboard:application-list")).status_code == 200


def test_get_does_not_decide(client, officer, submitted):
    client.force_login(officer)
    assert client.get(_approve_url(submitted)).status_code == 405
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


# Listing ----------------------------------------------------------------------------------------------------------


def test_the_list_filters_by_status(client, officer, ward):
    waiting = ProducerApplicationFactory(region=ward, name="HTX Đang Chờ")
    ProducerApplicationFactory(region=ward, name="HTX Bị Từ Chối", status="rejected", rejection_reason="Thiếu")
    client.force_login(officer)

    default = client.get(reverse("onboarding-dashboard:application-list"))
    assert [a.pk for a in default.context["applications"]] == [waiting.pk]
    rejected = client.get(reverse("onboarding-dashboard:application-list"), {"status": "rejected"}).content.decode()
    assert "HTX Bị Từ Chối" in rejected and "HTX Đang Chờ" not in rejected
    everything = client.get(reverse("onboarding-dashboard:application-list"), {"status": "all"})
    assert len(everything.context["applications"]) == 2


LIST_MAX_QUERIES = 12  # 11 today: session, user, officer check, count, status counts, list, Oscar layout


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_runs_a_bounded_number_of_queries(client, officer, ward, count, django_assert_max_num_queries):
    decided_by = OfficerFactory()
    for n in range(count):
        ProducerApplicationFactory(region=ward, status="rejected" if n % 2 else "submitted", rejection_reason="x")
    ProducerApplication.objects.filter(status="rejected").update(decided_by=decided_by)
    client.force_login(officer)
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = client.get(reverse("onboarding-dashboard:application-list"), {"status": "all"})
    assert response.status_code == 200
    assert len(response.context["applications"]) == min(count, 25)


def test_the_dashboard_menu_entry_shows_to_officers_only(client, settings, officer, submitted):
    """The entry the lead adds to OSCAR_DASHBOARD_NAVIGATION (see the report) works with Oscar's menu."""
    from marketplace.onboarding.access import officer_nav_access

    settings.OSCAR_DASHBOARD_NAVIGATION = [
        *settings.OSCAR_DASHBOARD_NAVIGATION,
        {
            "label": "Producer applications",
            "icon": "fas fa-user-check",
            "url_name": "onboarding-dashboard:application-list",
            "access_fn": officer_nav_access,
        },
    ]
    list_url = reverse("onboarding-dashboard:application-list")
    client.force_login(officer)
    assert f'href="{list_url}"' in client.get(_detail_url(submitted)).content.decode()

    producer_user = UserFactory()
    ProducerFactory().users.add(producer_user)
    producer_user.groups.add(roles_ensure_groups()[PRODUCERS])
    client.force_login(producer_user)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert f'href="{list_url}"' not in response.content.decode()


# What officers read of an application; identifiers and founding year checked -----------------------------------------


def _text(response) -> str:
    return response.content.decode()


def test_the_officer_sees_the_applicants_email_not_the_generated_username(client):
    applicant = get_user_model().objects.create_user(
        username="oT2BX60iK89PwzMiE9_yliUXdyyc2k", email="moi.uxtest@example.com", password="x"
    )
    application = ProducerApplicationFactory(applicant=applicant)
    client.force_login(OfficerFactory())

    page = _text(client.get(reverse("onboarding-dashboard:application-detail", kwargs={"pk": application.pk})))

    cell = re.search(r'<td data-testid="applicant">(.*?)</td>', page, re.S).group(1)
    assert "moi.uxtest@example.com" in cell
    assert "oT2BX60iK89PwzMiE9_yliUXdyyc2k" not in page


def test_the_officer_sees_the_applicants_name_and_email(client):
    applicant = UserFactory(email="giamdoc@htx.vn", first_name="An", last_name="Nguyễn")
    application = ProducerApplicationFactory(applicant=applicant)
    client.force_login(OfficerFactory())

    page = _text(client.get(reverse("onboarding-dashboard:application-detail", kwargs={"pk": application.pk})))

    cell = re.search(r'<td data-testid="applicant">(.*?)</td>', page, re.S).group(1)
    assert applicant.get_full_name() in cell and "giamdoc@htx.vn" in cell
    assert applicant.username not in page


def _application_data(ward, **overrides) -> dict:
    """The form without the optional e-mail, website and story."""
    return application_form_data(ward, **{"email": None, "website": None, "story": None, **overrides})


@pytest.fixture
def english():
    with translation.override("en"):  # the form's messages are read in English (msgids)
        yield


def _apply(client, ward, **overrides):
    return client.post(reverse("onboarding:apply"), _application_data(ward, **overrides))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"registration_number": "abc"}, "registration_number", "Enter the number as written on the certificate"),
        ({"tax_code": "abc"}, "tax_code", "A tax code has 10 digits"),
        ({"tax_code": "12345"}, "tax_code", "A tax code has 10 digits"),
        ({"tax_code": "01001091061"}, "tax_code", "A tax code has 10 digits"),  # 11 digits
        ({"tax_code": "0100109106-000"}, "tax_code", "A branch's number after the dash runs from 001 to 999."),
        (
            {"legal_type": "enterprise", "registration_number": "26A8000123"},
            "registration_number",
            "An enterprise's registration number is its enterprise code",
        ),
        ({"founded_year": "0"}, "founded_year", "Enter a year between 1000 and"),
        ({"founded_year": "-1"}, "founded_year", "Enter a year between 1000 and"),
        ({"founded_year": "999"}, "founded_year", "Enter a year between 1000 and"),
        ({"founded_year": "2999"}, "founded_year", "The founding year cannot be in the future."),
        ({"founded_year": "năm 2015"}, "founded_year", "Enter the year as a number, e.g. 2015."),
    ],
)
def test_bad_identifiers_and_years_are_refused(client, applicant, english, overrides, field, message):
    ward = WardFactory()

    response = _apply(client, ward, **overrides)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert [error for error in errors[field] if error.startswith(message)], errors
    assert len(errors[field]) == 1, errors  # one clear message, not Django's and the model's as well
    assert not any(" ." in error for error in errors[field])
    assert not ProducerApplication.objects.exists()


@pytest.mark.parametrize(
    ("legal_type", "registration_number", "tax_code", "stored"),
    [
        ("enterprise", "0100109106", "0100109106", ("0100109106", "0100109106")),
        ("enterprise", " 0100109106 - 001 ", "0100109106001", ("0100109106-001", "0100109106-001")),
        ("cooperative", "2600123456", "", ("2600123456", "")),
        ("household", "26A8000123", "025090001234", ("26A8000123", "025090001234")),  # 12-digit personal ID
        ("craft_village", "12/QĐ-UBND", "", ("12/QĐ-UBND", "")),
        ("farm_owner", "Số 05/GCN-TT", "2600123456", ("Số 05/GCN-TT", "2600123456")),
    ],
)
def test_valid_identifiers_are_accepted_and_stored_in_their_usual_form(
    client, applicant, legal_type, registration_number, tax_code, stored
):
    ward = WardFactory()

    response = _apply(client, ward, legal_type=legal_type, registration_number=registration_number, tax_code=tax_code)

    assert response.status_code == 302, response.context["form"].errors
    application = ProducerApplication.objects.get()
    assert (application.registration_number, application.tax_code) == stored


@pytest.mark.parametrize("year", ["1000", "1450", str(datetime.date.today().year)])
def test_old_and_recent_founding_years_are_accepted(client, applicant, year):
    response = _apply(
        client, WardFactory(), legal_type="craft_village", registration_number="12/QĐ-UBND", founded_year=year
    )

    assert response.status_code == 302, response.context["form"].errors
    assert ProducerApplication.objects.get().founded_year == int(year)


def test_the_service_refuses_bad_identifiers_for_any_caller(applicant):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from marketplace.onboarding import services

    with pytest.raises(ValidationError) as caught:
        services.application_submit(
            applicant=applicant,
            name="HTX",
            legal_type="enterprise",
            registration_number="abc",
            tax_code="abc",
            representative="An",
            street_address="Khu 1",
            region=WardFactory(),
            phone="0912345678",
            founded_year=0,
            registration_scan=SimpleUploadedFile("scan.pdf", SCAN_PDF_BYTES),
        )
    assert set(caught.value.error_dict) == {"registration_number", "tax_code", "founded_year"}
    assert not ProducerApplication.objects.exists()
