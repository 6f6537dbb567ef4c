"""UX review fixes: dashboard sorting, product page wording, date inputs, Oscar's Vietnamese strings, absolute
links in tour and fair e-mails, the applicant's name, producer identifiers and grouped lot quantities."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from marketplace.onboarding.models import ProducerApplication
from tests.factories import (
    SCAN_PDF_BYTES,
    BoothApplicationFactory,
    FairIndexPageFactory,
    FairPageFactory,
    LotFactory,
    OfficerFactory,
    ProducerApplicationFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductFactory,
    TourIndexPageFactory,
    TourPageFactory,
    UserFactory,
    VenueFactory,
    WardFactory,
)

Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db

SITE = "https://cho-ocop.example.vn"


def _text(response) -> str:
    return response.content.decode()


# #3 Sorting a dashboard table by a column without a field is not a 500 ------------------------------------------


@pytest.fixture
def producer_user():
    producer = ProducerFactory(name="HTX Mật ong Tân Sơn")
    user = ProducerUserFactory(producer=producer)
    ProductFactory(title="Mật ong rừng", stockrecord__producer=producer)
    ProductFactory(title="Mật ong hoa nhãn", stockrecord__producer=producer)
    return user


@pytest.mark.parametrize("sort", ["checkbox", "-checkbox", "actions", "nonsense", "title", "-product_class"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_product_list_takes_any_sort(client, producer_user, sort, prefix):
    client.force_login(producer_user)

    response = client.get(f"{prefix}/dashboard/catalogue/", {"sort": sort})

    assert response.status_code == 200
    assert "Mật ong rừng" in _text(response) and "Mật ong hoa nhãn" in _text(response)


def test_the_checkbox_header_is_not_a_sort_link(client, producer_user):
    client.force_login(producer_user)

    page = _text(client.get("/dashboard/catalogue/"))

    assert "sort=title" in page  # the title header still sorts
    assert "sort=checkbox" not in page


def test_the_product_list_is_sorted_by_title_when_asked(client, producer_user):
    client.force_login(producer_user)

    page = _text(client.get("/dashboard/catalogue/", {"sort": "title"}))

    assert page.index("Mật ong hoa nhãn") < page.index("Mật ong rừng")


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/catalogue/categories/?sort=checkbox",
        "/dashboard/catalogue/categories/?sort=-checkbox",
        "/dashboard/users/?sort=actions",  # upstream's users table: an orderable column with no field
        "/dashboard/users/?sort=-actions",
        "/dashboard/users/?sort=nonsense",
    ],
)
def test_staff_tables_take_any_sort(client, path):
    Category.add_root(name="Thực phẩm", name_en="Food")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(path)

    assert response.status_code == 200
    assert "sort=checkbox" not in _text(response)


# #10, #18 The product page in English: category names, no product type, no double period -----------------------


@pytest.fixture
def tea_in_categories():
    food = Category.add_root(name="Thực phẩm", name_en="Food", slug="food")
    tea = food.add_child(name="Chè", name_en="Tea", slug="tea")
    product = ProductFactory(title="Chè búp tím Thanh Ba 200g")
    product.categories.add(tea)
    return product


def _breadcrumb(page: str) -> str:
    return re.search(r'<ol class="breadcrumb">(.*?)</ol>', page, re.S).group(1)


def test_the_english_product_page_names_its_categories_in_english(client, tea_in_categories):
    with translation.override("en"):
        url = tea_in_categories.get_absolute_url()
    assert url.startswith("/en/")

    crumbs = _breadcrumb(_text(client.get(url)))

    assert ">Food</a>" in crumbs and ">Tea</a>" in crumbs
    assert "Thực phẩm" not in crumbs and ">Chè</a>" not in crumbs


def test_the_vietnamese_product_page_names_its_categories_in_vietnamese(client, tea_in_categories):
    crumbs = _breadcrumb(_text(client.get(tea_in_categories.get_absolute_url())))

    assert ">Thực phẩm</a>" in crumbs and ">Chè</a>" in crumbs
    assert ">Food</a>" not in crumbs


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_product_page_shows_no_untranslatable_product_type(client, tea_in_categories, language):
    with translation.override(language):
        url = tea_in_categories.get_absolute_url()

    page = _text(client.get(url))

    information = re.search(r'<table class="table table-striped">(.*?)</table>', page, re.S).group(1)
    assert tea_in_categories.product_class.name not in information  # "Sản phẩm OCOP", the same in every language
    assert "Product Type" not in page and "Loại sản phẩm" not in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_reviews_yet_ends_with_one_period(client, tea_in_categories, language):
    with translation.override(language):
        url = tea_in_categories.get_absolute_url()

    page = " ".join(_text(client.get(url)).split())

    sentence = re.search(r'id="reviews".*?</div> <p>([^<]*)</p>', page).group(1).strip()
    assert sentence.endswith(".") and not sentence.endswith(".."), sentence
    assert sentence.startswith("This product does not have any reviews yet" if language == "en" else "Sản phẩm này")


# #11 Date inputs carry ISO dates ----------------------------------------------------------------------------------


def _date_inputs(page: str) -> dict:
    return dict(re.findall(r'<input type="date" name="(\w+)"(?: value="([^"]*)")?', page))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_new_lot_form_shows_todays_date_in_iso(client, producer_user, language):
    client.force_login(producer_user)
    with translation.override(language):
        url = reverse("dashboard:producer-lot-create")

    inputs = _date_inputs(_text(client.get(url)))

    assert inputs["production_date"] == timezone.localdate().isoformat()
    assert inputs["expiry_date"] == ""


def test_a_refused_lot_form_keeps_its_dates_in_iso(client, producer_user):
    client.force_login(producer_user)
    product = producer_user.partners.get().stockrecords.order_by("pk").first().product
    data = {
        "product": str(product.pk),
        "lot_number": "LO-1",
        "production_date": "2026-03-10",
        "expiry_date": "2026-03-01",  # before production: refused
        "quantity": "1400",
    }

    response = client.post(reverse("dashboard:producer-lot-create"), data)

    assert response.status_code == 200
    assert _date_inputs(_text(response)) == {"production_date": "2026-03-10", "expiry_date": "2026-03-01"}


def test_every_date_input_of_the_lot_form_has_an_iso_format():
    from traceability.forms import LotForm

    form = LotForm(products=get_model("catalogue", "Product").objects.none())
    date_fields = [field for field in form.fields.values() if getattr(field.widget, "input_type", "") == "date"]

    assert len(date_fields) == 2
    assert {field.widget.format for field in date_fields} == {"%Y-%m-%d"}


# #13 Oscar's dashboard strings in Vietnamese ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("choose action", "chọn thao tác"),
        ("Make products public", "Hiển thị công khai các sản phẩm"),
        ("Make products non-public", "Ẩn các sản phẩm khỏi cửa hàng"),
        ("Search engine optimisation", "Tối ưu hóa cho công cụ tìm kiếm"),
        ("Leave blank to generate from product title", "Để trống để tạo tự động từ tên sản phẩm"),
        (
            "Drag images to re-order them. Space for additional images will appear when images are added.",
            "Kéo ảnh để sắp xếp lại thứ tự. Ô cho ảnh tiếp theo sẽ hiện ra khi bạn thêm ảnh.",
        ),
        ("Offers, vouchers", "Ưu đãi, mã giảm giá"),
        ("New customers", "Khách hàng mới"),
        (
            "Your submitted data was not valid - please correct the errors below",
            "Dữ liệu bạn gửi chưa hợp lệ - vui lòng kiểm tra lại thông tin bên dưới",
        ),
        ("Average order costs", "Giá trị đơn hàng trung bình"),
    ],
)
def test_oscar_dashboard_strings_are_in_good_vietnamese(msgid, expected):
    with translation.override("vi"):
        assert translation.gettext(msgid) == expected


def test_the_image_reorder_button_is_translated():
    with translation.override("vi"):
        assert translation.pgettext("Change the sequence order", "Re-order") == "Sắp xếp lại"


def test_the_vietnamese_product_list_offers_its_actions_in_vietnamese(client, producer_user):
    client.force_login(producer_user)

    page = _text(client.get("/dashboard/catalogue/"))

    assert "-- chọn thao tác --" in page
    assert "Hiển thị công khai các sản phẩm" in page
    assert "choose action" not in page and "Make products public" not in page


def test_the_officers_dashboard_home_has_no_typos(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = _text(client.get("/dashboard/"))

    assert "Khách hàng mới" in page and "hách hàng mới" not in page.replace("Khách hàng mới", "")
    assert "Giá trị đơn hàng trung bình" in page and "Chi phí đặt hàng trung bình" not in page
    assert "Offers, vouchers" not in page


# #15 Tour and fair e-mails link to the public site --------------------------------------------------------------


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


# #16 Officers see who applied, not Oscar's generated username ------------------------------------------------------


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


# #17 The producer application checks identifiers and the founding year ---------------------------------------------


@pytest.fixture
def applicant(client):
    user = UserFactory(email="giamdoc@htx-thanhba.vn", first_name="An", last_name="Nguyễn")
    client.force_login(user)
    return user


def _application_data(ward, **overrides) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "name": "HTX Chè Búp Tím Thanh Ba",
        "legal_type": "cooperative",
        "registration_number": "2600123456",
        "tax_code": "2600123456",
        "representative": "Nguyễn Văn An",
        "street_address": "Khu 7, xã Thanh Ba",
        "province": ward.parent_id,
        "region": ward.pk,
        "phone": "0912 345 678",
        "founded_year": "2015",
        "registration_scan": SimpleUploadedFile("giay-dang-ky.pdf", SCAN_PDF_BYTES),
    }
    data.update(overrides)
    return data


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


# #23 Lot quantities with thousands separators ------------------------------------------------------------------------


@pytest.fixture
def big_lot(producer_user):
    product = producer_user.partners.get().stockrecords.order_by("pk").first().product
    product.net_quantity = "500 g"
    product.save()
    return LotFactory(product=product, quantity=1400)


@pytest.mark.parametrize(("language", "shown"), [("vi", "1.400"), ("en", "1,400")])
def test_the_lot_page_groups_the_quantity(client, big_lot, language, shown):
    with translation.override(language):
        url = reverse("lots:detail", kwargs={"code": big_lot.code})

    page = _text(client.get(url))

    assert re.search(rf"{re.escape(shown)} [^×]+ × 500 g", page), page  # "1.400 đơn vị × 500 g"
    assert "1400" not in page


@pytest.mark.parametrize(("language", "shown"), [("vi", "1.400"), ("en", "1,400")])
def test_the_lot_list_groups_the_quantity(client, producer_user, big_lot, language, shown):
    client.force_login(producer_user)
    with translation.override(language):
        url = reverse("dashboard:producer-lot-list")

    page = _text(client.get(url))

    assert f'<td class="text-right">{shown}</td>' in page
