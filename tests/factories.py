"""factory_boy factories: the one place tests build data."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from catalogue.services import certification_record
from marketplace.regions.models import Region

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password("secret-pass-123")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "VN"
    name = short_name = "Việt Nam"
    slug = "viet-nam"
    kind = Region.Kind.COUNTRY


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "25"
    name = "Tỉnh Phú Thọ"
    short_name = "Phú Thọ"
    slug = "phu-tho"
    kind = Region.Kind.PROVINCE
    parent = factory.SubFactory(CountryFactory)


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "07900"
    name = "Phường Việt Trì"
    short_name = "Việt Trì"
    slug = "viet-tri"
    kind = Region.Kind.WARD
    parent = factory.SubFactory(ProvinceFactory)


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"HTX Nông sản số {n}")
    slug = factory.Sequence(lambda n: f"htx-nong-san-{n}")
    legal_type = Partner.LegalType.COOPERATIVE
    registration_number = factory.Sequence(lambda n: f"2600{n:06d}")
    street_address = "Khu 3"
    region = factory.SubFactory(WardFactory)
    phone = "0210 3812 345"
    email = factory.LazyAttribute(lambda p: f"{p.slug}@example.vn")


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ("slug",)

    name = "Sản phẩm OCOP"
    slug = "ocop-product"
    track_stock = True
    requires_shipping = True


class ProductFactory(factory.django.DjangoModelFactory):
    """A public product sold by a producer, with a stock record and a certificate.

    ``ProductFactory(stockrecord__price=Decimal("90000"), stockrecord__producer=p, certification=92)``;
    ``certification=False`` leaves it uncertified, ``stockrecord=False`` leaves it unpriced.
    """

    class Meta:
        model = Product
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Mật ong rừng số {n}")
    product_class = factory.SubFactory(ProductClassFactory)
    is_public = True
    description = "<p>Sản phẩm thử nghiệm.</p>"

    @factory.post_generation
    def stockrecord(obj, create, extracted, producer=None, price=Decimal("125000"), num_in_stock=50, **kwargs):
        if extracted is False:
            return
        StockRecord.objects.create(
            product=obj,
            partner=producer or ProducerFactory(),
            partner_sku=f"SKU-{obj.pk}",
            price=price,
            num_in_stock=num_in_stock,
            price_currency="VND",
        )

    @factory.post_generation
    def certification(obj, create, extracted, **kwargs):
        if extracted is False:
            return
        certification_record(
            product=obj,
            score=75 if extracted is None else extracted,
            decision_number=f"{obj.pk}/QĐ-UBND",
            decision_date=kwargs.get("decision_date", datetime.date.today() - datetime.timedelta(days=30)),
        )


class LotFactory(factory.django.DjangoModelFactory):
    """A production lot of a (certified) product, recorded through the model (the services are tested apart).

    ``LotFactory(steps=5)`` adds five journey steps dated from the production date onwards.
    """

    class Meta:
        model = get_model("traceability", "Lot")
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    lot_number = factory.Sequence(lambda n: f"LO-{n:05d}")
    production_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    expiry_date = factory.LazyAttribute(lambda lot: lot.production_date + datetime.timedelta(days=365))
    quantity = 500
    raw_material_origin = "Vùng nguyên liệu Thanh Ba, Phú Thọ"

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):
        for day in range(extracted or 0):
            obj.steps.create(
                date=obj.production_date + datetime.timedelta(days=day),
                step=f"Công đoạn {day + 1}",
                place="Xưởng sản xuất",
                note=f"Ghi chú công đoạn {day + 1}",
            )


class FormerUnitFactory(factory.django.DjangoModelFactory):
    """A unit from before 1 July 2025; ``FormerUnitFactory(successors=[ward, ...])`` links what replaced it."""

    class Meta:
        model = "regions.FormerUnit"
        django_get_or_create = ("level", "code")
        skip_postgeneration_save = True

    level = "district"
    code = "227"
    name = "Thành phố Việt Trì"
    short_name = "Việt Trì"
    folded_name = "viet tri"
    parent_name = "Tỉnh Phú Thọ"

    @factory.post_generation
    def successors(obj, create, extracted, **kwargs):
        if extracted:
            obj.successors.add(*extracted)


# Producer onboarding ---------------------------------------------------------------------------------------------

# A real one-page PDF: uploads are parsed whole (pypdf), so a stub that only looks like one is refused.
SCAN_PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


class OfficerFactory(UserFactory):
    """A user in the Officers group (not staff): reviews producer applications."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def officer_group(obj, create, extracted, **kwargs):
        from marketplace.core.roles import OFFICERS, roles_ensure_groups

        obj.groups.add(roles_ensure_groups()[OFFICERS])


class ProducerApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted producer application with a small PDF scan; ``status``/decision fields may be overridden."""

    class Meta:
        model = "onboarding.ProducerApplication"

    applicant = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"HTX Chè Thanh Ba số {n}")
    legal_type = Partner.LegalType.COOPERATIVE
    registration_number = factory.Sequence(lambda n: f"2601{n:06d}")
    representative = "Nguyễn Văn An"
    street_address = "Khu 5"
    region = factory.SubFactory(WardFactory)
    phone = "+842103812345"
    email = factory.Sequence(lambda n: f"htx-che-{n}@example.vn")
    registration_scan = factory.django.FileField(filename="scan.pdf", data=SCAN_PDF_BYTES)


# Producer dashboard ---------------------------------------------------------------------------------------------


class ProducerUserFactory(UserFactory):
    """A non-staff user who works for a producer: in the Producers group and in ``Partner.users``.

    ``ProducerUserFactory(producer=partner)``; without ``producer`` the user belongs to no producer yet.
    """

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def producer(obj, create, extracted, **kwargs):
        from marketplace.core.roles import PRODUCERS, roles_ensure_groups

        obj.groups.add(roles_ensure_groups()[PRODUCERS])
        if extracted:
            extracted.users.add(obj)


class PurchaseFactory(factory.Factory):
    """A purchase placed through the real checkout service: one order per producer, stock reserved.

    ``PurchaseFactory(items=[(product, 2), (other_product, 1)], payment_method="vietqr")``; the shopper's
    address is in the default ward (``WardFactory``), delivered home.
    """

    class Meta:
        model = get_model("order", "Purchase")

    items = ()
    payment_method = "cod"
    email = factory.Sequence(lambda n: f"khach{n}@example.vn")
    full_name = "Nguyễn Thị Lan"
    phone = "+84912345678"
    user = None

    @classmethod
    def _create(cls, model_class, *, items, payment_method, email, full_name, phone, user):
        from oscar.core.loading import get_class

        from marketplace.order.services import DeliveryAddress, purchase_place

        basket = get_model("basket", "Basket").objects.create()
        basket.strategy = get_class("partner.strategy", "Selector")().strategy()
        for product, quantity in items:
            basket.add_product(product, quantity)
        address = DeliveryAddress(full_name=full_name, phone=phone, region=WardFactory(), street="Số 12, phố Hòa Phong")
        return purchase_place(
            basket=basket, user=user, email=email, address=address, delivery={}, payment_method=payment_method
        )


# CMS: promotions, news and the people who edit pages -------------------------------------------------------------


class _ChildPageFactory(factory.django.DjangoModelFactory):
    """A Wagtail page added under ``parent`` (required): ``PromotionPageFactory(parent=index)``.

    Pages are live without a revision; ``live=False`` leaves a draft. Publish through Wagtail
    (``page.save_revision().publish()``) where a test needs revisions.
    """

    class Meta:
        abstract = True

    parent = None

    @classmethod
    def _build(cls, model_class, *args, parent=None, **kwargs):
        return model_class(*args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            raise ValueError(f"{cls.__name__} needs parent=<page>")
        return parent.add_child(instance=model_class(*args, **kwargs))


class PromotionIndexPageFactory(_ChildPageFactory):
    class Meta:
        model = "cms.PromotionIndexPage"

    title = "Khuyến mại"
    slug = "khuyen-mai"


class PromotionPageFactory(_ChildPageFactory):
    class Meta:
        model = "cms.PromotionPage"

    title = factory.Sequence(lambda n: f"Khuyến mại OCOP số {n}")
    slug = factory.Sequence(lambda n: f"khuyen-mai-ocop-{n}")
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))
    end_date = factory.LazyAttribute(lambda page: page.start_date + datetime.timedelta(days=14))
    summary = "Giảm giá sản phẩm OCOP."


class NewsIndexPageFactory(_ChildPageFactory):
    class Meta:
        model = "cms.NewsIndexPage"

    title = "Tin tức"
    slug = "tin-tuc"


class NewsPageFactory(_ChildPageFactory):
    class Meta:
        model = "cms.NewsPage"

    title = factory.Sequence(lambda n: f"Tin OCOP số {n}")
    slug = factory.Sequence(lambda n: f"tin-ocop-{n}")
    date = factory.LazyFunction(datetime.date.today)
    intro = "Tin thử nghiệm."


class WagtailImageFactory(factory.django.DjangoModelFactory):
    """A small Wagtail image (drawn by factory_boy's ImageField: a real JPEG)."""

    class Meta:
        model = "wagtailimages.Image"

    title = factory.Sequence(lambda n: f"Ảnh {n}")
    file = factory.django.ImageField(width=800, height=400, color="green", format="JPEG", filename="anh.jpg")
    collection = factory.LazyFunction(lambda: _root_collection())


def _root_collection():
    """Wagtail's root collection (its migrations create it; a transactional test's flush removes it)."""
    from wagtail.models import Collection

    return Collection.get_first_root_node() or Collection.add_root(name="Root")


class EditorFactory(UserFactory):
    """A user in the Editors group (not staff, not superuser)."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def editor_group(obj, create, extracted, **kwargs):
        from marketplace.core.roles import EDITORS, roles_ensure_groups

        obj.groups.add(roles_ensure_groups()[EDITORS])


class TourismStaffFactory(UserFactory):
    """A user in the Tourism staff group (not staff, not superuser)."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def tourism_group(obj, create, extracted, **kwargs):
        from marketplace.core.roles import TOURISM_STAFF, roles_ensure_groups

        obj.groups.add(roles_ensure_groups()[TOURISM_STAFF])


# Trade fairs: venues, fair pages and booth applications ---------------------------------------------------------

_VN_ZONE = datetime.timezone(datetime.timedelta(hours=7), "Asia/Ho_Chi_Minh")  # Việt Nam keeps no summer time


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "fairs.Venue"

    name = factory.Sequence(lambda n: f"Nhà văn hóa số {n}")
    street_address = "Đại lộ Hùng Vương"
    region = factory.SubFactory(WardFactory)
    latitude = 21.3227
    longitude = 105.4019


class FairIndexPageFactory(_ChildPageFactory):
    class Meta:
        model = "fairs.FairIndexPage"

    title = "Hội chợ"
    slug = "hoi-cho"


class FairPageFactory(_ChildPageFactory):
    """A fair starting in 30 days for three days (08:00 to 21:00 in Hà Nội time), registration open until a week before.

    ``FairPageFactory(parent=index, start=..., end=...)``; times are aware, in Asia/Ho_Chi_Minh.
    """

    class Meta:
        model = "fairs.FairPage"

    title = factory.Sequence(lambda n: f"Hội chợ OCOP số {n}")
    slug = factory.Sequence(lambda n: f"hoi-cho-ocop-{n}")
    summary = "Hội chợ thử nghiệm."
    start = factory.LazyFunction(
        lambda: datetime.datetime.combine(
            datetime.date.today() + datetime.timedelta(days=30), datetime.time(8), tzinfo=_VN_ZONE
        )
    )
    end = factory.LazyAttribute(lambda page: page.start + datetime.timedelta(days=2, hours=13))
    registration_deadline = factory.LazyAttribute(lambda page: page.start - datetime.timedelta(days=7))
    venue = factory.SubFactory(VenueFactory)
    organiser = "Sở Công Thương tỉnh Phú Thọ"
    booth_capacity = 10


class BoothApplicationFactory(factory.django.DjangoModelFactory):
    """An application recorded through the model (the services are tested apart); its products are the
    producer's own: ``BoothApplicationFactory(fair=fair, producer=p, status="approved")``."""

    class Meta:
        model = "fairs.BoothApplication"
        skip_postgeneration_save = True

    producer = factory.SubFactory(ProducerFactory)
    booth_size = "3x3"

    @factory.post_generation
    def products(obj, create, extracted, **kwargs):
        obj.products.set(extracted or [ProductFactory(stockrecord__producer=obj.producer, certification=False)])


# Tours: the tour index and tour pages with their stops and departures ---------------------------------------------


class TourIndexPageFactory(_ChildPageFactory):
    class Meta:
        model = "tours.TourIndexPage"

    title = "Tour trải nghiệm"
    slug = "tour"


def tour_producer_stop(producer, *, time="09:00", text="<p>Thăm xưởng sản xuất.</p>", image=None) -> dict:
    """A producer stop in the StreamField's raw form, for ``TourPageFactory(stops=[...])``."""
    return {
        "type": "producer",
        "value": {"producer": producer.pk, "time": time, "text": text, "image": image.pk if image else None},
    }


class TourPageFactory(_ChildPageFactory):
    """A live one-day tour at 350.000–600.000 ₫ with departures in 14 and 45 days.

    ``TourPageFactory(parent=index, producers=[p1, p2])`` makes one producer stop each (or pass raw ``stops``);
    ``departures=[date, ...]`` replaces the dates; ``hand_picked=[product, ...]`` adds hand-picked products.
    """

    class Meta:
        model = "tours.TourPage"

    title = factory.Sequence(lambda n: f"Tour làng nghề số {n}")
    slug = factory.Sequence(lambda n: f"tour-lang-nghe-{n}")
    summary = "Một ngày thăm các chủ thể OCOP."
    duration_days = 1
    duration_nights = 0
    price_min = 350000
    price_max = 600000
    tourist_type = "gia đình, học sinh"
    operator_name = "Công ty Du lịch Đất Tổ"
    operator_email = "dieuhanh@dulich.example.vn"
    operator_phone = "0210 3812 999"

    @classmethod
    def _create(cls, model_class, *args, parent=None, producers=(), departures=None, hand_picked=(), **kwargs):
        from events.tours.models import TourDeparture, TourProduct

        kwargs.setdefault("stops", [tour_producer_stop(producer) for producer in producers])
        page = model_class(*args, **kwargs)
        if departures is None:
            today = datetime.date.today()
            departures = [today + datetime.timedelta(days=14), today + datetime.timedelta(days=45)]
        for date in departures:
            page.departures.add(TourDeparture(date=date))
        for product in hand_picked:
            page.hand_picked_products.add(TourProduct(product=product))
        if parent is None:
            raise ValueError("TourPageFactory needs parent=<tour index>")
        return parent.add_child(instance=page)


# The OCOP cycle (programme app) ---------------------------------------------------------------------------------


class CommuneOfficerFactory(UserFactory):
    """A commune officer: ``CommuneOfficerFactory(communes=[ward, ...])``."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def communes(obj, create, extracted, **kwargs):
        from marketplace.core.roles import COMMUNE_OFFICERS, roles_ensure_groups
        from programme.models import CommuneAssignment

        obj.groups.add(roles_ensure_groups()[COMMUNE_OFFICERS])
        for region in extracted or ():
            CommuneAssignment.objects.get_or_create(user=obj, region=region)


class CouncilMemberFactory(UserFactory):
    """A member of the evaluation council (the Council members group)."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def council_group(obj, create, extracted, **kwargs):
        from marketplace.core.roles import COUNCIL_MEMBERS, roles_ensure_groups

        obj.groups.add(roles_ensure_groups()[COUNCIL_MEMBERS])


def _product_set(key="honey-farm-foods"):
    from catalogue.services import category_ensure_ocop_groups

    return category_ensure_ocop_groups()[key]


class ProductIdeaFactory(factory.django.DjangoModelFactory):
    """A product idea; ``status`` defaults to accepted (override for the review steps)."""

    class Meta:
        model = "programme.ProductIdea"

    producer = factory.SubFactory(ProducerFactory)
    commune = factory.LazyAttribute(lambda idea: idea.producer.region)
    name = factory.Sequence(lambda n: f"Mật ong hoa nhãn số {n}")
    product_set = factory.LazyFunction(_product_set)
    raw_materials = "Mật ong hoa nhãn"
    raw_material_origin = "Đàn ong của hợp tác xã tại phường Việt Trì"
    intended_market = "Tỉnh Phú Thọ và Hà Nội"
    yearly_volume = "5 tấn"
    status = "accepted"


class DossierFactory(factory.django.DjangoModelFactory):
    """An evaluation dossier; ``status`` defaults to proposed (ready for a round)."""

    class Meta:
        model = "programme.Dossier"

    idea = factory.SubFactory(ProductIdeaFactory)
    year = 2026
    status = "proposed"


# (part code, title, maximum, [(criterion code, maximum, knock-out)]): parts add up to 100 as under Decision 148.
SMALL_CRITERIA_PARTS = (
    ("A", "Sản xuất và sức mạnh cộng đồng", 40, [("A1", 20, False), ("A2", 20, False)]),
    ("B", "Khả năng tiếp thị", 25, [("B1", 15, False), ("B2", 10, False)]),
    ("C", "Chất lượng sản phẩm", 35, [("C1", 15, False), ("C2", 15, False), ("C3", 5, True)]),
)


def criteria_set_build(*, name="Bộ tiêu chí thử", product_sets=None, parts=SMALL_CRITERIA_PARTS, valid_from=None):
    """A complete criteria set: each criterion allows 0, half and full points; a knock-out criterion's
    0-point answer fails it."""
    from programme.models import CriteriaGroup, CriteriaPart, CriteriaSet, Criterion, CriterionAnswer

    criteria_set = CriteriaSet.objects.create(
        name=name,
        legal_basis="Quyết định 148/QĐ-TTg, 2023",
        valid_from=valid_from or datetime.date(2023, 2, 24),
        is_sample=True,
    )
    criteria_set.product_sets.set(product_sets if product_sets is not None else [_product_set()])
    for position, (code, title, max_points, criteria) in enumerate(parts):
        part = CriteriaPart.objects.create(
            criteria_set=criteria_set, code=code, title=title, max_points=max_points, position=position
        )
        group = CriteriaGroup.objects.create(part=part, title=f"Nhóm {code}", position=0)
        for c_position, (c_code, c_max, knockout) in enumerate(criteria):
            criterion = Criterion.objects.create(
                group=group,
                code=c_code,
                text=f"Tiêu chí {c_code}",
                max_points=c_max,
                is_knockout=knockout,
                position=c_position,
            )
            for a_position, points in enumerate(sorted({0, c_max // 2, c_max})):
                CriterionAnswer.objects.create(
                    criterion=criterion,
                    text=f"{points} điểm",
                    points=points,
                    fails=knockout and points == 0,
                    position=a_position,
                )
    return criteria_set


class EvaluationRoundFactory(factory.django.DjangoModelFactory):
    """An open round with a secretary; add members with ``round.members.add(...)``."""

    class Meta:
        model = "programme.EvaluationRound"

    name = factory.Sequence(lambda n: f"Đợt đánh giá OCOP 2026 số {n}")
    year = 2026
    level = "province"
    # Ahead of today whenever the suite runs: cards are refused after the deadline.
    scoring_deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    secretary = factory.SubFactory(CouncilMemberFactory)
    status = "open"


# Trainings (tập huấn): the training index, training pages and registrations --------------------------------------


class TrainingIndexPageFactory(_ChildPageFactory):
    class Meta:
        model = "trainings.TrainingIndexPage"

    title = "Tập huấn"
    slug = "tap-huan"


class TrainingPageFactory(_ChildPageFactory):
    """An in-person training for producers and officers in 14 days, 08:00 to 11:30 (Việt Nam time), 20 seats,
    registration open until the start: ``TrainingPageFactory(parent=index, region=ward, capacity=1)``."""

    class Meta:
        model = "trainings.TrainingPage"

    title = factory.Sequence(lambda n: f"Tập huấn OCOP số {n}")
    slug = factory.Sequence(lambda n: f"tap-huan-ocop-{n}")
    summary = "Tập huấn thử nghiệm."
    topic = "quality_food_safety"
    audience = "both"
    mode = "in_person"
    starts_at = factory.LazyFunction(
        lambda: datetime.datetime.combine(
            datetime.date.today() + datetime.timedelta(days=14), datetime.time(8), tzinfo=_VN_ZONE
        )
    )
    ends_at = factory.LazyAttribute(lambda page: page.starts_at + datetime.timedelta(hours=3, minutes=30))
    venue = "Hội trường UBND phường"
    street_address = "Số 1 đường Hùng Vương"
    region = factory.SubFactory(WardFactory)
    capacity = 20


class TrainingRegistrationFactory(factory.django.DjangoModelFactory):
    """A registration written through the model (the services are tested apart):
    ``TrainingRegistrationFactory(training=page, user=u)``."""

    class Meta:
        model = "trainings.TrainingRegistration"

    user = factory.SubFactory(UserFactory)
    registered_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


# The programme office (yearly plan, targets, budget) ------------------------------------------------------------


class ProgrammePlanFactory(factory.django.DjangoModelFactory):
    """A province's yearly plan (covers every commune and ward of the province); pass ``communes=[...]`` for a
    city's plan that names its communes."""

    class Meta:
        model = "programme.ProgrammePlan"
        skip_postgeneration_save = True

    year = 2023
    level = "province"
    region = factory.SubFactory(ProvinceFactory)
    title = factory.Sequence(lambda n: f"Kế hoạch OCOP số {n}")

    @factory.post_generation
    def communes(obj, create, extracted, **kwargs):
        if extracted:
            obj.communes.set(extracted)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programme.BudgetLine"

    plan = factory.SubFactory(ProgrammePlanFactory)
    name = factory.Sequence(lambda n: f"Kinh phí số {n}")
    source = "city"
    planned_amount = 20_000_000
