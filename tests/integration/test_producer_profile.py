"""A producer keeps their own public profile in the dashboard: a rich-text story (sanitized), contacts,
address, founding year and logo. Bad input saves nothing; another producer's profile is out of reach;
the public page shows the story formatted and never runs what a story smuggles in.

Pages are requested in English (/en/) so that messages are compared in English whatever the translations.
"""

import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from marketplace.core.roles import roles_ensure_groups
from marketplace.partner.services import producer_update_profile
from marketplace.search.models import SearchDocument
from tests.factories import OfficerFactory, ProducerFactory, ProducerUserFactory, ProductFactory, UserFactory

Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db

RICH_STORY = (
    "<h3>Chuyện đồi chè</h3>"
    "<p>Đồi chè <strong>Thanh Ba</strong> trồng từ <em>những năm 1960</em>.</p>"
    "<ul><li>Búp tím vụ xuân</li><li>Sao chảo gang</li></ul>"
    '<p>Xem <a href="https://chethanhba.vn/">trang của chúng tôi</a>.</p>'
)
# What a hostile story tries; none of it may reach the public page.
HOSTILE_STORY = (
    "<script>alert('story')</script>"
    '<p onclick="alert(1)" style="x">Chè</p>'
    '<img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">bấm</a>'
    "<iframe src='https://evil.example/'></iframe>"
)
HOSTILE_MARKS = ("<script", "alert(", "onclick", "onerror", "javascript:", "<iframe")


@pytest.fixture
def english(_default_language):
    translation.activate("en")
    yield
    translation.activate("vi")


@pytest.fixture
def world(english):
    roles_ensure_groups()

    class World:
        a = ProducerFactory(name="Công ty Chè Thanh Ba", story="<p>Chuyện cũ.</p>", founded_year=2004)
        b = ProducerFactory(name="HTX Mật ong Tân Sơn", story="<p>Ong nội.</p>")
        a_user = ProducerUserFactory(producer=a)
        b_user = ProducerUserFactory(producer=b)
        officer = OfficerFactory()
        staff = UserFactory(is_staff=True)
        nobody = UserFactory()
        honey = ProductFactory(title="Mật ong rừng", stockrecord__producer=b)
        tea = ProductFactory(title="Chè búp tím", stockrecord__producer=a)

    return World


def _url() -> str:
    return reverse("dashboard:producer-profile")


def _post_data(**overrides) -> dict:
    data = {
        "story": RICH_STORY,
        "phone": "0912 345 678",
        "email": "lienhe@chethanhba.vn",
        "website": "https://chethanhba.vn",
        "facebook_url": "https://www.facebook.com/chethanhba",
        "zalo_phone": "0987654321",
        "street_address": "Khu 5, đường Chè",
        "founded_year": "1998",
        "logo": "",
    }
    data.update(overrides)
    return data


def _png(name="logo.png", size=(64, 64), fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


PROFILE_FIELDS = (
    "story",
    "phone",
    "email",
    "website",
    "facebook_url",
    "zalo_phone",
    "street_address",
    "founded_year",
    "logo",
)


def _snapshot(producer) -> dict:
    producer = Partner.objects.get(pk=producer.pk)
    return {name: str(getattr(producer, name)) for name in PROFILE_FIELDS}


def _structured_data(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


# Who may open the page -----------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_login(client, world):
    response = client.get(_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("dashboard:login"))


@pytest.mark.parametrize("who", ["nobody", "officer"])
def test_users_who_are_not_producers_get_403(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(_url()).status_code == 403
    assert client.post(_url(), _post_data()).status_code == 403


def test_staff_edit_producers_in_the_admin_not_here(client, world):
    client.force_login(world.staff)
    assert client.get(_url()).status_code == 403


def test_a_producer_user_of_no_producer_gets_404(client, world):
    client.force_login(ProducerUserFactory())
    assert client.get(_url()).status_code == 404


def test_a_user_of_two_producers_gets_404_and_changes_neither(client, world):
    world.b.users.add(world.a_user)
    before = (_snapshot(world.a), _snapshot(world.b))
    client.force_login(world.a_user)
    assert client.get(_url()).status_code == 404
    assert client.post(_url(), _post_data()).status_code == 404
    assert (_snapshot(world.a), _snapshot(world.b)) == before


def test_producer_sees_their_own_profile_in_the_form(client, world):
    client.force_login(world.a_user)
    response = client.get(_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Công ty Chè Thanh Ba" in html and "HTX Mật ong Tân Sơn" not in html
    assert 'class="wysiwyg no-widget-init' in html  # the page starts TinyMCE on it
    assert "&lt;p&gt;Chuyện cũ.&lt;/p&gt;" in html  # the story's HTML, escaped inside the textarea
    assert 'value="2004"' in html
    assert 'enctype="multipart/form-data"' in html


def test_the_producer_menu_links_to_the_profile(client, world, settings):
    # The real settings: a regression guard for the menu being reset by Oscar's defaults.
    from marketplace.settings.integrations import dashboard as menu

    assert settings.OSCAR_DASHBOARD_NAVIGATION == menu.OSCAR_DASHBOARD_NAVIGATION
    client.force_login(world.a_user)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert f'href="{_url()}"' in page and "My public profile" in page
    client.force_login(world.officer)
    assert f'href="{_url()}"' not in client.get(reverse("dashboard:index")).content.decode()


# A good edit -----------------------------------------------------------------------------------------------------


def test_good_edit_is_saved_and_shows_formatted_on_the_public_page(client, world):
    client.force_login(world.a_user)
    response = client.post(_url(), _post_data(story=RICH_STORY + HOSTILE_STORY), follow=True)
    assert response.redirect_chain == [(_url(), 302)]
    assert "Your profile is saved." in response.content.decode()

    producer = Partner.objects.get(pk=world.a.pk)
    assert producer.phone == "+84912345678"  # stored in E.164, shown nationally
    assert producer.zalo_phone == "+84987654321"
    assert (producer.email, producer.website, producer.founded_year) == (
        "lienhe@chethanhba.vn",
        "https://chethanhba.vn",
        1998,
    )
    assert producer.facebook_url == "https://www.facebook.com/chethanhba"
    assert producer.street_address == "Khu 5, đường Chè"
    for mark in HOSTILE_MARKS:
        assert mark not in producer.story  # sanitized on write

    html = client.get(producer.get_absolute_url()).content.decode()
    assert "<h3>Chuyện đồi chè</h3>" in html
    assert "<strong>Thanh Ba</strong>" in html and "<em>những năm 1960</em>" in html
    assert "<li>Búp tím vụ xuân</li>" in html
    assert '<a href="https://chethanhba.vn/" rel="noopener nofollow">trang của chúng tôi</a>' in html
    assert "Chuyện cũ." not in html
    story = html.split('class="producer-profile__story">', 1)[1].split("</div>", 1)[0]
    for mark in HOSTILE_MARKS:
        assert mark not in story

    data = _structured_data(html)
    assert data["description"].startswith("Chuyện đồi chè Đồi chè Thanh Ba trồng từ những năm 1960.")
    assert "<" not in data["description"] and "&" not in data["description"]
    assert data["foundingDate"] == "1998"


def test_other_producers_are_untouched(client, world):
    before = _snapshot(world.b)
    client.force_login(world.a_user)
    # A forged "producer" field is ignored: the page edits the user's own producer only.
    response = client.post(_url(), {**_post_data(), "producer": world.b.pk, "pk": world.b.pk})
    assert response.status_code == 302
    assert _snapshot(world.b) == before
    assert "Thanh Ba" in Partner.objects.get(pk=world.a.pk).story


def test_the_service_refuses_a_user_of_another_producer(world):
    before = _snapshot(world.b)
    with pytest.raises(PermissionDenied):
        producer_update_profile(
            producer=world.b,
            user=world.a_user,
            story="<p>Chiếm trang.</p>",
            phone="",
            email="",
            website="",
            facebook_url="",
            zalo_phone="",
            street_address="",
            founded_year=None,
        )
    assert _snapshot(world.b) == before


def test_the_edit_queues_a_reindex_of_the_producer_and_its_products(client, world, monkeypatch):
    from marketplace.search import services as search_services

    queued = []
    monkeypatch.setattr(
        search_services, "enqueue_on_commit", lambda task, *args: queued.append((task.name.rsplit(".", 1)[-1], args))
    )
    client.force_login(world.a_user)
    assert client.post(_url(), _post_data()).status_code == 302
    assert ("search_index_object_task", ("producer", world.a.pk)) in queued
    products = [args for name, args in queued if name == "search_index_objects_task"]
    assert products == [("product", [world.tea.pk])]


def test_the_search_document_gets_the_new_story_as_plain_words(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.a_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url(), _post_data()).status_code == 302
    document = SearchDocument.objects.get(kind="producer", object_id=world.a.pk)
    assert "Búp tím vụ xuân Sao chảo gang" in document.summary  # list items kept apart
    assert "<" not in document.summary and "script" not in document.summary


def test_a_logo_is_stored_under_a_name_of_its_own_and_can_be_removed(client, world):
    client.force_login(world.a_user)
    response = client.post(_url(), _post_data(logo=_png(name="logo.html", fmt="PNG")))
    assert response.status_code == 302
    producer = Partner.objects.get(pk=world.a.pk)
    assert re.fullmatch(r"producers/logos/[0-9a-f]{32}\.png", producer.logo.name)
    assert producer.logo.url in client.get(producer.get_absolute_url()).content.decode()

    assert client.post(_url(), _post_data(**{"logo-clear": "on"})).status_code == 302
    assert not Partner.objects.get(pk=world.a.pk).logo


def test_empty_optional_fields_are_accepted(client, world):
    client.force_login(world.a_user)
    empty = dict.fromkeys(("story", "phone", "email", "website", "facebook_url", "zalo_phone", "founded_year"), "")
    assert client.post(_url(), _post_data(**empty)).status_code == 302
    producer = Partner.objects.get(pk=world.a.pk)
    assert (producer.story, producer.phone, producer.founded_year) == ("", "", None)
    html = client.get(producer.get_absolute_url()).content.decode()
    assert "producer-profile__story" not in html


# Bad input: the form again, with the error, and nothing saved ----------------------------------------------------


NEXT_YEAR = str(datetime.date.today().year + 1)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"website": "chethanhba"}, "website", "Enter a full web address starting with http:// or https://."),
        ({"website": "javascript:alert(1)"}, "website", "Enter a full web address"),
        ({"website": "ftp://chethanhba.vn/"}, "website", "Enter a full web address"),
        ({"facebook_url": "https://evil.example/chethanhba"}, "facebook_url", "Enter the address of a Facebook page"),
        (
            {"facebook_url": "https://facebook.com.evil.example/"},
            "facebook_url",
            "Enter the address of a Facebook page",
        ),
        ({"founded_year": NEXT_YEAR}, "founded_year", "The founding year cannot be in the future."),
        ({"founded_year": "999"}, "founded_year", "Enter a year between 1000 and"),
        ({"founded_year": "năm ngoái"}, "founded_year", "Enter a whole number."),
        ({"phone": "+1 202 555 0123"}, "phone", "Enter a Vietnamese landline or mobile number"),
        ({"phone": "1900 1234"}, "phone", "Enter a Vietnamese landline or mobile number"),
        ({"phone": "số máy bàn"}, "phone", "Enter a Vietnamese landline or mobile number"),
        ({"zalo_phone": "12345"}, "zalo_phone", "Enter a Vietnamese landline or mobile number"),
        ({"email": "lienhe@"}, "email", "Enter a valid email address."),
        ({"street_address": "x" * 256}, "street_address", "Ensure this value has at most 255 characters"),
        ({"story": "<p>" + "chè " * 6000 + "</p>"}, "story", "The story is too long"),
    ],
)
def test_bad_input_shows_the_error_and_saves_nothing(client, world, overrides, field, message):
    before = _snapshot(world.a)
    client.force_login(world.a_user)
    response = client.post(_url(), _post_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert message in response.content.decode()
    assert _snapshot(world.a) == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"Toi la mot tep van ban, khong phai anh.\n"),
        ("logo.jpg", b"<script>alert(1)</script>"),
        ("logo.png", _png().read()[:60]),  # cut short
    ],
)
def test_a_file_that_is_not_a_picture_is_refused_whatever_its_name(client, world, name, content):
    before = _snapshot(world.a)
    client.force_login(world.a_user)
    response = client.post(_url(), _post_data(logo=SimpleUploadedFile(name, content, content_type="image/png")))
    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [
        "This file is not a readable JPEG, PNG or WebP image (it may be damaged or cut short)."
    ]
    assert _snapshot(world.a) == before


def test_a_gif_logo_is_refused(client, world):
    client.force_login(world.a_user)
    response = client.post(_url(), _post_data(logo=_png(name="logo.gif", fmt="GIF")))
    assert response.context["form"].errors["logo"] == ["Only JPEG, PNG or WebP photos are accepted."]
    assert not Partner.objects.get(pk=world.a.pk).logo


def test_several_errors_show_together_and_the_typed_values_stay(client, world):
    client.force_login(world.a_user)
    response = client.post(_url(), _post_data(website="chethanhba", founded_year=NEXT_YEAR, phone="12"))
    assert set(response.context["form"].errors) == {"website", "founded_year", "phone"}
    html = response.content.decode()
    assert 'value="Khu 5, đường Chè"' in html  # what was typed is not lost
    assert "Chuyện cũ." in Partner.objects.get(pk=world.a.pk).story


# The public page -------------------------------------------------------------------------------------------------


def test_public_page_never_runs_a_story_written_past_the_services(client, world):
    # The Django admin and approved applications write the column directly.
    Partner.objects.filter(pk=world.a.pk).update(story=HOSTILE_STORY)
    html = client.get(world.a.get_absolute_url()).content.decode()
    story = html.split('class="producer-profile__story">', 1)[1].split("</div>", 1)[0]
    assert "<p>Chè</p>" in story
    for mark in HOSTILE_MARKS:
        assert mark not in story
    assert "alert" not in _structured_data(html).get("description", "")


def test_public_page_shows_a_plain_text_story_as_paragraphs(client, world):
    # Approved applications copy the applicant's plain text as it is.
    Partner.objects.filter(pk=world.a.pk).update(story="Đoạn một.\nDòng hai.\n\nGiá < 100.000 ₫ & hơn.")
    html = client.get(world.a.get_absolute_url()).content.decode()
    assert "<p>Đoạn một.<br>\nDòng hai.</p>\n<p>Giá &lt; 100.000 ₫ &amp; hơn.</p>" in html


# With the page's cached fragments gone: the page (its total, its products), and for the uncached cards
# their images and producers.
PUBLIC_PAGE_BUDGET = 11
# Warm, as most views are: the cards come from the cache with neither.
PUBLIC_PAGE_WARM_BUDGET = 7


@pytest.mark.parametrize("products", [1, 6])
def test_public_producer_page_query_budget(client, world, django_assert_max_num_queries, products):
    Partner.objects.filter(pk=world.a.pk).update(story=RICH_STORY)
    for _ in range(products):
        ProductFactory(stockrecord__producer=world.a)
    client.get(world.a.get_absolute_url())
    with django_assert_max_num_queries(PUBLIC_PAGE_WARM_BUDGET):
        assert client.get(world.a.get_absolute_url()).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(PUBLIC_PAGE_BUDGET):
        response = client.get(world.a.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>Thanh Ba</strong>" in response.content.decode()


def test_a_producer_without_products_has_a_page_that_says_so(client, world):
    world.a.stockrecords.all().delete()
    response = client.get(world.a.get_absolute_url())
    assert response.status_code == 200
    assert 'class="product-card"' not in response.content.decode()
    assert "No products listed yet." in response.content.decode()  # the world fixture browses in English
