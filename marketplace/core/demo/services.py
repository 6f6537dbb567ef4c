"""`load_demo`: deterministic and idempotent sample data (running it twice changes nothing)."""

import datetime
import io
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import Locale, Page, Site

from catalogue.certification import VALIDITY_MONTHS, stars_for_score
from catalogue.groups import OCOP_GROUPS
from catalogue.services import category_ensure_ocop_groups, certification_record, certification_revoke
from cms.demo import cms_load_demo
from cms.models import HomePage
from events.fairs.demo import fairs_load_demo
from events.tours.demo import tours_load_demo
from events.trainings.demo import trainings_load_demo
from marketplace.core import roles
from marketplace.core.demo import data
from marketplace.core.demo.images import product_picture
from marketplace.core.demo.orders import demo_purchases_load, demo_sales_points_load
from marketplace.partner.story import producer_story_sanitize
from marketplace.regions.models import Region
from marketplace.regions.services import regions_load_former_units, regions_load_units
from marketplace.search.services import search_reindex
from programme.demo import programme_load_demo
from programme.office_demo import office_load_demo
from traceability.demo import lots_load_demo

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

# Decisions dated so that every demo certificate is in force for a while.
DEMO_DECISION_DATE = datetime.date(2025, 9, 15)

_SET_TO_GROUP = {set_key: group_key for group_key, _vi, _en, sets in OCOP_GROUPS for set_key, *_ in sets}


SAMPLE_STORY_NOTICE = (
    "<p><em>Dữ liệu mẫu / sample data: một chủ thể OCOP minh hoạ, không phải doanh nghiệp thật.</em></p>"
)


def _producers(regions: dict[str, Region]) -> dict[str, "Partner"]:
    producers = {}
    for index, (key, name, legal_type, region_code, street, representative, founded) in enumerate(data.PRODUCERS, 1):
        region = regions[region_code]
        (d_lat, d_lon), story = data.PRODUCER_DETAILS[key]
        located = region.latitude is not None and region.longitude is not None
        producer, _ = Partner.objects.update_or_create(
            slug=key,
            defaults={
                "name": name,
                "legal_type": legal_type,
                "region": region,
                "street_address": street,
                "representative": representative,
                "founded_year": founded,
                "registration_number": f"2600{index:06d}",
                "tax_code": f"26{index:08d}",
                "phone": f"+8421038{index:02d}123",
                "email": f"{key}@demo.ocop.vn",
                # Near the ward's or commune's centre (units_2025.csv), a fixed offset apart from its neighbours.
                "latitude": round(region.latitude + d_lat, 5) if located else None,
                "longitude": round(region.longitude + d_lon, 5) if located else None,
                "story": producer_story_sanitize(story=SAMPLE_STORY_NOTICE + story),
            },
        )
        producers[key] = producer
    return producers


def _product_class():
    product_class, _ = ProductClass.objects.get_or_create(
        slug="ocop-product",
        defaults={"name": "Sản phẩm OCOP", "requires_shipping": True, "track_stock": True},
    )
    return product_class


def _certify(product, sku: str, score: int, story: str | None) -> None:
    """Record the product's certificate history as its story says (see data.CERTIFICATE_STORIES)."""
    number = f"{int(sku[-3:]):03d}/QĐ-UBND (mẫu)"
    decided = DEMO_DECISION_DATE
    if story == "history":
        certification_record(
            product=product, score=78, decision_number=f"{number} 2022", decision_date=date(2024, 1, 10)
        )
    elif story == "expired":
        decided = date(2022, 6, 1)
    elif story == "expiring":
        decided = timezone.localdate() - relativedelta(months=VALIDITY_MONTHS) + relativedelta(days=25)
    certification = certification_record(product=product, score=score, decision_number=number, decision_date=decided)
    if story == "revoked":
        certification_revoke(
            certification=certification,
            reason="Dữ liệu mẫu: sản phẩm không duy trì được tiêu chuẩn chất lượng.",
            on=date(2026, 3, 2),
        )


def _products(producers, categories, product_class) -> list:
    products = []
    for sku, title, set_key, producer_key, price, stock, score in data.PRODUCTS:
        product, created = Product.objects.get_or_create(
            upc=sku,
            defaults={
                "title": title,
                "product_class": product_class,
                "description": f"<p>{title}. Dữ liệu mẫu / sample data.</p>",
                "is_public": True,
            },
        )
        if sku in data.LABEL_FACTS and not product.net_quantity:
            for field, value in data.LABEL_FACTS[sku].items():
                setattr(product, field, value)
            product.save()
        ProductCategory.objects.get_or_create(product=product, category=categories[set_key])
        StockRecord.objects.update_or_create(
            partner=producers[producer_key],
            partner_sku=sku,
            defaults={"product": product, "price": price, "num_in_stock": stock, "price_currency": "VND"},
        )
        if not product.certifications.exists():
            _certify(product, sku, score, data.CERTIFICATE_STORIES.get(sku))
        if not product.images.exists():
            picture = product_picture(title=title, group_key=_SET_TO_GROUP[set_key], stars=stars_for_score(score))
            image = ProductImage(product=product, display_order=0, caption=title)
            image.original.save(f"{sku.lower()}.jpg", ContentFile(picture), save=True)
        products.append(product)
    return products


def _home_pages() -> HomePage:
    """The Vietnamese home page as the site root, with its English translation."""
    locale_vi = Locale.objects.get(language_code="vi")
    locale_en, _ = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(locale=locale_vi).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Chợ OCOP Phú Thọ",
                slug="trang-chu",
                locale=locale_vi,
                hero_title="Sản phẩm OCOP chính hãng từ Phú Thọ",
                hero_text="Mua trực tiếp từ hợp tác xã, hộ kinh doanh và làng nghề đạt chứng nhận OCOP 3–5 sao.",
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, is_default_site=True, root_page=home, site_name="Chợ OCOP"
        )
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        if not isinstance(old_root.specific, HomePage):
            old_root.delete()  # Wagtail's "Welcome" placeholder
    if not home.has_translation(locale_en):
        english = home.copy_for_translation(locale_en)
        english.title = "OCOP Market Phú Thọ"
        english.slug = "home"
        english.hero_title = "Genuine OCOP products from Phú Thọ"
        english.hero_text = (
            "Buy directly from cooperatives, household businesses and craft villages certified 3 to 5 OCOP stars."
        )
        english.save_revision().publish()
    return home


def _users(producers) -> list[tuple[str, str]]:
    User = get_user_model()
    groups = roles.roles_ensure_groups()
    role_groups = {"producer": roles.PRODUCERS, "tourism": roles.TOURISM_STAFF, "officer": roles.OFFICERS}
    logins = []
    for email, first_name, last_name, role in data.USERS + data.EXTRA_PRODUCER_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(username=email.split("@")[0], email=email)
            user.set_password(data.DEMO_PASSWORD)
        user.first_name, user.last_name = first_name, last_name
        # Officers work through their group, not as staff: the demo shows their real screens.
        user.is_staff = role == "admin"
        user.is_superuser = role == "admin"
        user.save()
        if role in role_groups:
            user.groups.add(groups[role_groups[role]])
        if role == "producer":
            producers[data.PRODUCER_LOGINS[email]].users.add(user)
        logins.append((role, email))
    return logins


class DemoModeOffError(Exception):
    """load_demo outside demo mode: its users (a superuser among them) share one published password."""


@transaction.atomic
def demo_load() -> dict:
    """Load (or top up) the demo data set; returns what a person needs to try the site.

    Only in demo mode (DEMO_MODE; production refuses to run with it on), so the demo's logins never
    reach a real site.
    """
    if not settings.DEMO_MODE:
        raise DemoModeOffError("DEMO_MODE is off")
    regions_load_units()
    regions_load_former_units()
    regions = {r.code: r for r in Region.objects.filter(parent__code=data.PHU_THO_CODE)}
    categories = category_ensure_ocop_groups()
    producers = _producers(regions)
    products = _products(producers, categories, _product_class())
    lots_load_demo(products=products)
    home = _home_pages()
    logins = _users(producers)
    demo_sales_points_load(producers=producers)
    demo_purchases_load(shopper_email=data.USERS[0][0])
    fairs_load_demo(home_page=home, producers=list(producers.values()), products=products)
    tours_load_demo(home_page=home, producers=producers, products=products)
    logins += programme_load_demo(products=products, password=data.DEMO_PASSWORD)
    office_load_demo()
    trainings_load_demo(home_page=home, organiser=get_user_model().objects.filter(groups__name=roles.OFFICERS).first())
    # Last: it gives the groups their page permissions on the index pages made above.
    cms_load_demo(home_page=home, producers=producers, products=products)
    search_reindex(stream=io.StringIO())
    return {"producers": len(producers), "products": len(products), "home": home, "logins": logins}
