"""Product photos are decoded before they are accepted; label facts show on the product page."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from PIL import Image

from catalogue.image_services import product_image_process
from tests.factories import ProductFactory, UserFactory

ProductImage = get_model("catalogue", "ProductImage")
ProductImageForm = get_class("dashboard.catalogue.forms", "ProductImageForm")

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def _jpeg(size=(64, 48), *, gps=False, padding=0) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "OCOP camera"  # Make
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (21.0, 19.0, 0.0), 3: "E", 4: (105.0, 24.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue() + b"\0" * padding


def _errors(product, name, content, content_type="image/jpeg"):
    form = ProductImageForm(
        data={"images-0-product": product.pk, "images-0-caption": "", "images-0-display_order": "0"},
        files={"images-0-original": SimpleUploadedFile(name, content, content_type=content_type)},
        prefix="images-0",
    )
    assert not form.is_valid()
    return form.errors["original"]


@pytest.fixture
def product():
    return ProductFactory()


def test_a_text_file_named_jpg_is_refused(product):
    errors = _errors(product, "anh-san-pham.jpg", b"day khong phai la anh\n" * 50)
    # Django's image field decodes with Pillow first and says so in its own words.
    assert errors == [
        "Hãy tải lên một hình ảnh hợp lệ. Tập tin mà bạn đã tải không phải là hình ảnh hoặc đã bị hư hỏng."
    ]
    assert not ProductImage.objects.exists()


def test_a_truncated_jpeg_is_refused(product):
    data = _jpeg((400, 300))
    errors = _errors(product, "cut.jpg", data[: len(data) // 2])
    assert errors == ["Tệp này không phải ảnh JPEG, PNG hoặc WebP đọc được (có thể bị hỏng hoặc thiếu dữ liệu)."]


def test_a_file_over_10_mb_is_refused(product):
    errors = _errors(product, "big.jpg", _jpeg(padding=10 * 1024 * 1024 + 1))
    assert errors == ["Ảnh có dung lượng 10.0 MB; giới hạn là 10 MB."]


def test_an_image_over_40_megapixels_is_refused(product):
    buffer = io.BytesIO()
    Image.new("L", (8000, 5001)).save(buffer, format="PNG")
    errors = _errors(product, "huge.png", buffer.getvalue(), "image/png")
    assert errors == ["Ảnh có 40 megapixel; giới hạn là 40 megapixel."]


def test_a_gif_is_refused_even_when_it_is_a_real_image(product):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    errors = _errors(product, "anim.gif", buffer.getvalue(), "image/gif")
    assert errors == ["Chỉ chấp nhận ảnh JPEG, PNG hoặc WebP."]


def test_a_valid_photo_gets_a_webp_rendition_and_loses_its_location(product, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("vuon-buoi.jpg", _jpeg((1200, 900), gps=True), content_type="image/jpeg")
    form = ProductImageForm(
        data={"images-0-product": product.pk, "images-0-caption": "Vườn bưởi", "images-0-display_order": "0"},
        files={"images-0-original": upload},
        prefix="images-0",
    )
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        image = form.save()
    image.refresh_from_db()
    assert image.webp.name.endswith(".webp")
    with Image.open(image.webp) as rendition:
        assert rendition.format == "WEBP" and rendition.size == (1200, 900)
    with Image.open(image.original) as original:
        assert GPS_IFD not in original.getexif()
        assert len(original.getexif()) == 0
    assert product_image_process(image_id=image.pk) is False  # nothing left to do: idempotent


def test_dashboard_product_form_edits_label_facts_and_refuses_a_bad_gtin(client, product):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    html = client.get(url).content.decode()
    for field in ("gtin", "net_quantity", "ingredients", "food_safety_certificate"):
        assert f'name="{field}"' in html
    form_class = get_class("dashboard.catalogue.forms", "ProductForm")
    form = form_class(product.get_product_class(), instance=product, data={"title": "X", "gtin": "8934563138166"})
    assert not form.is_valid()
    assert form.errors["gtin"] == ["8934563138166 không phải GTIN hợp lệ: chữ số kiểm tra phải là 5."]


def test_product_page_shows_label_facts_and_structured_data(client):
    product = ProductFactory(
        title="Nước mắm cá suối",
        net_quantity="500 ml",
        ingredients="Cá suối, muối biển",
        origin="Tân Sơn, Phú Thọ",
        gtin="8934563138165",
        certification=80,
    )
    html = client.get(product.get_absolute_url()).content.decode()
    for fact in ("500 ml", "Cá suối, muối biển", "Tân Sơn, Phú Thọ", "8934563138165"):
        assert fact in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Product" and data["name"] == "Nước mắm cá suối"
    assert data["gtin"] == "8934563138165"
    assert data["offers"] == {
        "@type": "Offer",
        "priceCurrency": "VND",
        "price": "125000",
        "availability": "https://schema.org/InStock",
        "url": data["url"],
        "seller": {"@type": "Organization", "name": product.stockrecords.get().partner.name},
    }


def test_structured_data_cannot_break_out_of_its_script_tag(client):
    product = ProductFactory(title="</script><script>alert(1)</script>")
    html = client.get(product.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and json.loads(block)["name"] == "</script><script>alert(1)</script>"
