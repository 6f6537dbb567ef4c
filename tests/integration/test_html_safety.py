"""Stored XSS: every field a producer, shopper, applicant or editor writes that is shown as HTML goes through
the site's allow-list when shown (and when written, through the forms), so that scripts, event handlers,
``javascript:`` and ``data:`` URLs and frames never reach a page. Payloads are written straight to the
database, as a row written before the fix (or by a path that skips the forms) would be."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from wagtail.rich_text import RichText

from tests.factories import (
    FairIndexPageFactory,
    FairPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ProducerFactory,
    ProductClassFactory,
    ProductFactory,
    PromotionIndexPageFactory,
    PromotionPageFactory,
    TourIndexPageFactory,
    TourPageFactory,
    UserFactory,
    tour_producer_stop,
)
from tests.html_checks import active_content

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductForm = get_class("dashboard.catalogue.forms", "ProductForm")

MARKER = "xss-probe-7f3a"
# Each attack, after a visible paragraph that proves the field is on the page at all.
ATTACKS = {
    "script": f"<script>alert('{MARKER}')</script>",
    "script-uppercase": f"<SCRIPT>alert('{MARKER}')</SCRIPT>",
    "img-onerror": f"<img src=x onerror=\"alert('{MARKER}')\">",
    "svg-onload": f"<svg onload=\"alert('{MARKER}')\"><circle r=1></circle></svg>",
    "p-onclick": f"<p onclick=\"alert('{MARKER}')\">bấm vào đây</p>",
    "javascript-link": f"<a href=\"javascript:alert('{MARKER}')\">bấm</a>",
    "javascript-link-obfuscated": f"<a href=\"  jAvA&#x09;script:alert('{MARKER}')\">bấm</a>",
    "data-link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    "data-image": '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIj48L3N2Zz4=">',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe-srcdoc": f"<iframe srcdoc=\"<script>alert('{MARKER}')</script>\"></iframe>",
    "style-breakout": f"<style></style><script>alert('{MARKER}')</script>",
    "comment-breakout": f"<!--<img src=\"--><img src=x onerror=alert('{MARKER}')//\">",
    "form": (
        f'<form action="https://evil.example/"><button formaction="javascript:alert(\'{MARKER}\')">x</button></form>'
    ),
}


def payload(attack: str) -> str:
    return f"<p>Nội dung {MARKER}</p>" + ATTACKS[attack]


# Where user HTML is shown: each writes the payload and returns the page's path ------------------------------------


def _product_description(html, home_page):
    return ProductFactory(description=html).get_absolute_url()


def _product_richtext_attribute(html, home_page):
    product_class = ProductClassFactory()
    attribute = ProductAttribute.objects.create(
        product_class=product_class, name="Câu chuyện sản phẩm", code="cau_chuyen", type="richtext"
    )
    product = ProductFactory(product_class=product_class)
    ProductAttributeValue.objects.create(product=product, attribute=attribute, value_richtext=html)
    return product.get_absolute_url()


def _producer_story(html, home_page):
    return ProducerFactory(slug="htx-thu-nghiem", story=html).get_absolute_url()


def _fair_body(html, home_page):
    return FairPageFactory(parent=FairIndexPageFactory(parent=home_page), body=html).url


def _fair_index_intro(html, home_page):
    return FairIndexPageFactory(parent=home_page, intro=html).url


def _tour_body(html, home_page):
    return TourPageFactory(parent=TourIndexPageFactory(parent=home_page), producers=[ProducerFactory()], body=html).url


def _tour_stop_text(html, home_page):
    stops = [tour_producer_stop(ProducerFactory(), text=html)]
    return TourPageFactory(parent=TourIndexPageFactory(parent=home_page), stops=stops).url


def _tour_index_intro(html, home_page):
    return TourIndexPageFactory(parent=home_page, intro=html).url


def _promotion_body(html, home_page):
    return PromotionPageFactory(parent=PromotionIndexPageFactory(parent=home_page), body=html).url


def _promotion_index_intro(html, home_page):
    return PromotionIndexPageFactory(parent=home_page, intro=html).url


def _news_paragraph(html, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    return NewsPageFactory(parent=index, body=[("paragraph", RichText(html))]).url


def _news_index_intro(html, home_page):
    return NewsIndexPageFactory(parent=home_page, intro=html).url


def _home_intro(html, home_page):
    home_page.intro = html
    home_page.save()
    return home_page.url


def _home_text_block(html, home_page):
    home_page.body = [("text", RichText(html))]
    home_page.save()
    return home_page.url


SURFACES = {
    "product description": _product_description,
    "product rich-text attribute": _product_richtext_attribute,
    "producer story": _producer_story,
    "fair body": _fair_body,
    "fair index intro": _fair_index_intro,
    "tour body": _tour_body,
    "tour stop text": _tour_stop_text,
    "tour index intro": _tour_index_intro,
    "promotion body": _promotion_body,
    "promotion index intro": _promotion_index_intro,
    "news paragraph": _news_paragraph,
    "news index intro": _news_index_intro,
    "home intro": _home_intro,
    "home text block": _home_text_block,
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_stored_html_is_shown_without_anything_that_runs(client, home_page, groups, surface, attack):
    path = SURFACES[surface](payload(attack), home_page)

    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Nội dung {MARKER}" in html, "the field is not on the page: the test would prove nothing"
    found = active_content(html)
    assert found.findings == []
    assert not [text for _attributes, text in found.inline_scripts if MARKER in text]
    for needle in ("<script>alert", "onerror=", "onload=", "onclick=", "javascript:", "data:text/html", "<iframe"):
        assert needle not in html.replace("\\u003C", "<")


def test_the_text_and_harmless_formatting_survive(client, home_page, groups):
    path = _product_description(
        "<h2>Vùng mật</h2><p><strong>Mật</strong> <em>rừng</em> &amp; hoa</p><ul><li>500 ml</li></ul>"
        '<a href="https://matong.example.vn/">web</a>',
        home_page,
    )
    html = client.get(path).content.decode()
    assert "<h2>Vùng mật</h2>" in html
    assert "<p><strong>Mật</strong> <em>rừng</em> &amp; hoa</p><ul><li>500 ml</li></ul>" in html
    assert '<a href="https://matong.example.vn/" rel="noopener nofollow">web</a>' in html


def test_wagtail_internal_links_and_images_keep_their_addresses(client, home_page):
    """Rich text stores page links as <a linktype="page">: |richtext expands them before the allow-list."""
    index = PromotionIndexPageFactory(parent=home_page)
    target = PromotionPageFactory(parent=index, title="Khuyến mại Tết")
    page = PromotionPageFactory(parent=index, body=f'<p><a linktype="page" id="{target.pk}">xem</a></p>')
    html = client.get(page.url).content.decode()
    assert f'<a href="{target.url}" rel="noopener nofollow">xem</a>' in html


# Written through the forms: stored sanitized --------------------------------------------------------------------


@pytest.mark.parametrize("attack", ["script", "img-onerror", "javascript-link", "data-link", "iframe"])
def test_the_dashboard_product_form_stores_the_description_sanitized(attack):
    product_class = ProductClassFactory()
    form = ProductForm(
        product_class,
        data={"structure": "standalone", "title": "Mật ong", "description": payload(attack), "priority": "0"},
    )
    assert form.is_valid(), form.errors
    product = form.save()
    product.refresh_from_db()
    assert product.description.startswith(f"<p>Nội dung {MARKER}</p>")
    assert not active_content(product.description).findings
    assert MARKER not in product.description.replace(f"<p>Nội dung {MARKER}</p>", "")


def test_the_dashboard_product_form_stores_rich_text_attributes_sanitized():
    product_class = ProductClassFactory()
    ProductAttribute.objects.create(product_class=product_class, name="Chuyện", code="chuyen", type="richtext")
    form = ProductForm(
        product_class,
        data={
            "structure": "standalone",
            "title": "Mật ong",
            "priority": "0",
            "attr_chuyen": payload("img-onerror"),
        },
    )
    assert form.is_valid(), form.errors
    product = form.save()
    value = ProductAttributeValue.objects.get(product=product, attribute__code="chuyen").value_richtext
    assert value == f'<p>Nội dung {MARKER}</p><img src="x">'


def test_the_django_admin_stores_the_description_sanitized(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    product = ProductFactory()
    url = reverse("admin:catalogue_product_change", args=[product.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "description"}
    data.update(
        {
            "description": payload("script"),
            "product_class": product.product_class_id,
            "structure": "standalone",
            "is_public": "on",
            "is_discountable": "on",
            "priority": "0",
        }
    )
    for prefix in ("attribute_values", "productcategory_set", "primary_recommendations"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data = {name: value for name, value in data.items() if not isinstance(value, list)}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    product.refresh_from_db()
    assert product.description == f"<p>Nội dung {MARKER}</p>"


# Rows stored before: the data migration -----------------------------------------------------------------------


def test_the_migration_sanitizes_descriptions_and_rich_text_attributes_already_stored():
    migration = importlib.import_module("catalogue.migrations.0038_product_description_sanitize")
    product_class = ProductClassFactory()
    attribute = ProductAttribute.objects.create(product_class=product_class, name="C", code="c", type="richtext")
    bad = ProductFactory(product_class=product_class, description=payload("img-onerror"))
    ProductAttributeValue.objects.create(product=bad, attribute=attribute, value_richtext=payload("script"))
    good = ProductFactory(description="<p>Mật ong <strong>rừng</strong></p>")
    good_updated = Product.objects.get(pk=good.pk).date_updated

    migration.forwards(django_apps, None)

    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.description == f'<p>Nội dung {MARKER}</p><img src="x">'
    value = ProductAttributeValue.objects.get(product=bad, attribute=attribute).value_richtext
    assert value == f"<p>Nội dung {MARKER}</p>"
    assert good.description == "<p>Mật ong <strong>rừng</strong></p>"
    assert good.date_updated == good_updated  # rows already clean are not written


# Addresses users write (a producer's website, a hero button's link): only web, mail, phone or this site ----------


@pytest.mark.parametrize("url", ["javascript:alert('xss-probe-7f3a')", "data:text/html,<script>alert(1)</script>"])
def test_a_producer_website_written_past_the_form_is_not_linked(client, home_page, url):
    producer = ProducerFactory(slug="htx-web", website="https://htx.example.vn/")
    type(producer).objects.filter(pk=producer.pk).update(website=url)
    html = client.get(producer.get_absolute_url()).content.decode()
    assert active_content(html).findings == []
    assert f'href="{url}"' not in html and "<dt>Website</dt>" not in html


def test_a_good_producer_website_is_linked(client, home_page):
    producer = ProducerFactory(slug="htx-web", website="https://htx.example.vn/")
    html = client.get(producer.get_absolute_url()).content.decode()
    assert "<dt>Website</dt>" in html
    assert '<a href="https://htx.example.vn/" rel="noopener">https://htx.example.vn/</a>' in html


@pytest.mark.parametrize(
    ("url", "linked"), [("javascript:alert('xss-probe-7f3a')", False), ("https://khuyenmai.example.vn/", True)]
)
def test_a_hero_button_links_only_to_a_safe_address(client, home_page, url, linked):
    home_page.body = [("hero", {"title": "Tết OCOP", "link_text": "Xem ngay", "link_url": url})]
    home_page.save()
    html = client.get(home_page.url).content.decode()
    assert "Tết OCOP" in html
    assert "javascript:" not in html
    assert (f'href="{url}"' in html) is linked
