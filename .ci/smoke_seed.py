#!/usr/bin/env python
"""Seed the smoke run's fresh database through the project's own services (not load_demo, which
production refuses): Phú Thọ's wards, the OCOP groups, a home page, an officer, a producer admitted
through the onboarding flow, and two certified products with stock.

Run with the smoke's production environment; prints one JSON line that .ci/smoke_journey.py reads.
"""

import datetime
import io
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402
from pypdf import PdfWriter  # noqa: E402
from wagtail.models import Locale, Page, Site  # noqa: E402

from catalogue.services import category_ensure_ocop_groups, certification_record  # noqa: E402
from cms.models import HomePage  # noqa: E402
from marketplace.core.roles import OFFICERS, roles_ensure_groups  # noqa: E402
from marketplace.onboarding.services import application_approve, application_submit  # noqa: E402
from marketplace.regions.models import Region  # noqa: E402
from marketplace.regions.services import regions_load_units  # noqa: E402
from marketplace.search.services import search_index_enqueue_many  # noqa: E402

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
PASSWORD = os.environ["SMOKE_PASSWORD"]
PRODUCTS = [
    ("SMOKE-001", "Mật ong rừng Tân Sơn (thử nghiệm)", "honey-farm-foods", Decimal("125000"), 40, 86),
    ("SMOKE-002", "Chè búp Thanh Ba (thử nghiệm)", "tea", Decimal("98000"), 25, 78),
]


def _scan() -> SimpleUploadedFile:
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return SimpleUploadedFile("giay-phep.pdf", buffer.getvalue(), content_type="application/pdf")


def _home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(
                title="Chợ OCOP",
                slug="trang-chu",
                locale=Locale.objects.get(language_code="vi"),
                hero_title="Sản phẩm OCOP",
            )
        )
    site = Site.objects.get(is_default_site=True)
    if site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def _user(username: str, email: str, **fields):
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": email, **fields})
    user.set_password(PASSWORD)
    user.save()
    return user


@transaction.atomic
def seed() -> dict:
    regions_load_units(province_codes={"25"})
    groups = category_ensure_ocop_groups()
    roles = roles_ensure_groups()
    _home_page()
    officer = _user("smoke-officer", "officer@smoke.ocop.internal", is_staff=True, first_name="Cán bộ")
    officer.groups.add(roles[OFFICERS])
    applicant = _user("smoke-producer", "producer@smoke.ocop.internal", first_name="Chủ thể")
    ward = Region.objects.filter(parent__code="25", kind=Region.Kind.WARD).order_by("code").first()
    application = application_submit(
        applicant=applicant,
        name="HTX Nông sản Thử nghiệm",
        legal_type="cooperative",
        registration_number="2600999001",
        representative="Nguyễn Văn Thử",
        street_address="Khu 1",
        region=ward,
        phone="0210 3846 123",
        registration_scan=_scan(),
        email="htx@smoke.ocop.internal",
    )
    producer = application_approve(application=application, officer=officer).producer
    product_class, _ = ProductClass.objects.get_or_create(
        slug="ocop-product", defaults={"name": "Sản phẩm OCOP", "requires_shipping": True, "track_stock": True}
    )
    products = []
    for sku, title, group, price, stock, score in PRODUCTS:
        product = Product.objects.create(
            upc=sku, title=title, product_class=product_class, is_public=True, description=f"<p>{title}.</p>"
        )
        product.categories.add(groups[group])
        StockRecord.objects.create(
            product=product, partner=producer, partner_sku=sku, price=price, num_in_stock=stock, price_currency="VND"
        )
        certification_record(
            product=product,
            score=score,
            decision_number=f"{sku}/QĐ-UBND",
            decision_date=datetime.date.today() - datetime.timedelta(days=30),
        )
        products.append(product)
    # Indexed by the worker, as every index update is.
    search_index_enqueue_many(kind="product", pks=[p.pk for p in products])
    return {
        "officer": officer.email,
        "producer_user": applicant.email,
        "producer": producer.name,
        "province": ward.parent.code,
        "ward": ward.code,
        "products": [{"pk": p.pk, "title": p.title, "url": p.get_absolute_url()} for p in products],
    }


if __name__ == "__main__":
    print(json.dumps(seed(), ensure_ascii=False))
