"""Every service that changes searchable data keeps the search index in step, after its transaction commits.

The product dashboard (create, update with its stock records, delete, bulk visibility), stock moving with
orders, the Django admin for producers and stock records, and the daily certificate job. Plus: Oscar's
Haystack search is gone and its old address redirects to ours.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.forms.formsets import BaseFormSet
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue.services import certification_record, certifications_refresh
from marketplace.partner.stock import OutOfStock, stock_allocate, stock_consume, stock_release
from marketplace.search.selectors import search_query
from marketplace.search.services import search_reindex
from tests.factories import ProducerFactory, ProductFactory, UserFactory
from tests.forms import form_post_data

pytestmark = pytest.mark.django_db

Certification = get_model("catalogue", "Certification")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def _ids(results, kind="product"):
    return {hit.object_id for hit in results.hits if hit.kind == kind}


def _in_stock(product) -> bool | None:
    hits = [hit for hit in search_query(kinds=["product"], per_page=100).hits if hit.object_id == product.pk]
    return hits[0].in_stock if hits else None


@pytest.fixture
def honey(groups):
    product = ProductFactory(
        title="Mật ong bạc hà Đồng Văn",
        stockrecord__producer=ProducerFactory(name="HTX Ong mật Hà Giang"),
        stockrecord__price=Decimal("250000"),
        stockrecord__num_in_stock=3,
        certification=75,
    )
    product.categories.add(groups["honey-farm-foods"])
    search_reindex(stream=io.StringIO())
    assert _ids(search_query(text="bac ha dong van")) == {product.pk}
    return product


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


# Oscar's search is gone ------------------------------------------------------------------------------------------


def test_haystack_and_oscars_search_form_are_not_installed():
    assert "haystack" not in django_settings.INSTALLED_APPS
    processors = django_settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    assert not any("search" in processor for processor in processors)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/shop/search/?q=m%E1%BA%ADt+ong", "/search/?q=m%E1%BA%ADt+ong"),
        ("/en/shop/search/?q=honey&page=2", "/en/search/?q=honey&page=2"),
        ("/shop/search/", "/search/"),
    ],
)
def test_old_shop_search_links_move_for_good_to_our_search(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_oscars_search_url_name_still_reverses_to_the_redirect():
    assert reverse("search:search") == "/shop/search/"


def test_the_storefront_renders_without_oscars_search_form(client, honey):
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    assert "search_form" not in response.context
    assert reverse("site-search:search") in response.content.decode()


# Product dashboard -----------------------------------------------------------------------------------------------


def _errors(response) -> str:
    context = response.context
    names = ("form", "category_formset", "image_formset", "recommended_formset", "stockrecord_formset")
    return repr({name: getattr(context.get(name), "errors", None) for name in names if name in context})


def _edit_form_data(client, product) -> dict:
    """What the dashboard's edit page would post back unchanged: the product form and every formset."""
    response = client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}))
    assert response.status_code == 200
    data = form_post_data(response.context["form"])
    for name in ("category_formset", "image_formset", "recommended_formset", "stockrecord_formset"):
        formset = response.context[name]
        assert isinstance(formset, BaseFormSet)
        data.update(form_post_data(formset.management_form))
        # Only the saved rows: blank extra rows with defaults would count as half-filled.
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
        for form in formset.initial_forms:
            data.update(form_post_data(form))
    return data


def _stock_prefix(data) -> str:
    return next(key for key in data if key.endswith("-0-partner_sku")).removesuffix("-0-partner_sku")


def test_dashboard_edit_reindexes_title_price_and_stock(client, staff, honey, django_capture_on_commit_callbacks):
    data = _edit_form_data(client, honey)
    prefix = _stock_prefix(data)
    data.update({"title": "Mật ong hoa tam giác mạch", f"{prefix}-0-price": "180000", f"{prefix}-0-num_in_stock": "0"})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("dashboard:catalogue-product", kwargs={"pk": honey.pk}), data)
    assert response.status_code == 302, _errors(response)
    assert len(callbacks) == 1
    assert _ids(search_query(text="tam giac mach")) == {honey.pk}
    assert search_query(text="bac ha dong van").total == 0
    hit = search_query(text="tam giac mach").hits[0]
    assert (hit.price, hit.in_stock) == (180000, False)
    assert _ids(search_query(kinds=["product"], filters={"in_stock": False})) == {honey.pk}


def test_dashboard_edit_refused_by_the_form_changes_nothing(client, staff, honey, django_capture_on_commit_callbacks):
    data = _edit_form_data(client, honey)
    data.update({"title": "Mật ong hoa tam giác mạch", f"{_stock_prefix(data)}-0-price": "-5"})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("dashboard:catalogue-product", kwargs={"pk": honey.pk}), data)
    assert response.status_code == 200  # the form again, with its errors
    assert callbacks == []
    assert search_query(text="tam giac mach").total == 0
    assert _ids(search_query(text="bac ha dong van")) == {honey.pk}


def test_dashboard_create_indexes_the_new_product(client, staff, groups, django_capture_on_commit_callbacks):
    from tests.helpers import dashboard_product_post

    with django_capture_on_commit_callbacks(execute=True):
        response = dashboard_product_post(client, "99000", groups["tea"])
    assert response.status_code == 302
    product = Product.objects.get(title="Chè búp tím")
    # Uncertified products are searchable too (the listing shows them without stars).
    assert _ids(search_query(text="che bup tim")) == {product.pk}
    assert search_query(text="che bup tim").hits[0].price == 99000


def test_dashboard_delete_removes_the_product(client, staff, honey, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard:catalogue-product-delete", kwargs={"pk": honey.pk}))
    assert response.status_code == 302
    assert not Product.objects.filter(pk=honey.pk).exists()
    assert search_query(text="bac ha dong van").total == 0


def test_dashboard_bulk_non_public_removes_the_products(client, staff, honey, django_capture_on_commit_callbacks):
    from marketplace.dashboard.catalogue.bulk_actions import MakeProductsNonPublicAction, MakeProductsPublicAction
    from marketplace.dashboard.catalogue.mixins import ProductBulkActionMixin

    actions = ProductBulkActionMixin.intermediate_actions
    assert isinstance(actions["make_products_non_public"], MakeProductsNonPublicAction)  # our fork is the one used
    request = client.get(reverse("dashboard:catalogue-product-list")).wsgi_request
    request._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    with django_capture_on_commit_callbacks(execute=True):
        actions["make_products_non_public"].execute(request, Product.objects.filter(pk=honey.pk), None)
    assert search_query(text="bac ha dong van").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        MakeProductsPublicAction().execute(request, Product.objects.filter(pk=honey.pk), None)
    assert _ids(search_query(text="bac ha dong van")) == {honey.pk}


# Stock moving with orders ----------------------------------------------------------------------------------------


def test_selling_the_last_units_flips_in_stock_and_a_cancellation_flips_it_back(
    honey, django_capture_on_commit_callbacks
):
    record = honey.stockrecords.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stock_allocate(items=[(record.pk, 2)])  # 1 left: still in stock
    assert callbacks == [] and _in_stock(honey) is True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stock_allocate(items=[(record.pk, 1)])
    assert len(callbacks) == 1 and _in_stock(honey) is False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stock_consume(items=[(record.pk, 1)])  # shipped: nothing free either way
    assert callbacks == [] and _in_stock(honey) is False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stock_release(items=[(record.pk, 2)])
    assert len(callbacks) == 1 and _in_stock(honey) is True


def test_stock_reindex_costs_one_read_per_call_not_per_line(honey, django_assert_num_queries):
    others = [ProductFactory(stockrecord__num_in_stock=1, certification=False) for _ in range(3)]
    records = [product.stockrecords.get() for product in others] + [honey.stockrecords.get()]
    # One UPDATE per line, then one read for all of them.
    with django_assert_num_queries(len(records) + 1):
        stock_allocate(items=[(record.pk, 1) for record in records])


def test_a_failed_checkout_queues_no_reindex(honey, django_capture_on_commit_callbacks):
    record = honey.stockrecords.get()
    other = ProductFactory(stockrecord__num_in_stock=1, certification=False).stockrecords.get()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(OutOfStock),
        transaction.atomic(),
    ):
        stock_allocate(items=[(other.pk, 1), (record.pk, 99)])
    assert callbacks == []
    other.refresh_from_db()
    assert other.num_allocated in (None, 0)


def test_a_rolled_back_sale_of_the_last_units_queues_nothing(honey, django_capture_on_commit_callbacks):
    record = honey.stockrecords.get()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        stock_allocate(items=[(record.pk, 3)])
        raise RuntimeError("payment refused")
    assert callbacks == []
    assert _in_stock(honey) is True


def test_records_without_stock_tracking_queue_nothing(groups, django_capture_on_commit_callbacks):
    product = ProductFactory(certification=False)
    StockRecord.objects.filter(product=product).update(num_in_stock=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stock_allocate(items=[(product.stockrecords.get().pk, 5)])
    assert callbacks == []


def test_bad_quantities_are_refused_before_anything_is_queued(honey, django_capture_on_commit_callbacks):
    record = honey.stockrecords.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for quantity in (0, -1):
            with pytest.raises(ValueError):
                stock_allocate(items=[(record.pk, quantity)])
    assert callbacks == []


# Django admin ----------------------------------------------------------------------------------------------------


def _form_errors(response) -> str:
    form = response.context.get("form") if response.context else None
    return repr(getattr(form, "errors", None))


def _dashboard_form_post(client, url, **changes):
    """Post a dashboard form back as rendered, with ``changes``."""
    response = client.get(url)
    assert response.status_code == 200
    data = form_post_data(response.context["form"])
    data.update(changes)
    return client.post(url, data)


def _admin_post(client, url, **changes):
    response = client.get(url)
    assert response.status_code == 200
    data = form_post_data(response.context["adminform"].form)
    data.update(changes)
    return client.post(url, data)


def test_renaming_a_producer_in_the_admin_reindexes_it_and_its_products(
    client, staff, honey, django_capture_on_commit_callbacks
):
    producer = honey.stockrecords.get().partner
    url = reverse("admin:partner_partner_change", args=[producer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_post(client, url, name="HTX Ong mật Cao nguyên đá")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _ids(search_query(text="cao nguyen da"), "producer") == {producer.pk}
    assert _ids(search_query(text="cao nguyen da"), "product") == {honey.pk}
    assert search_query(text="ong mat ha giang").total == 0


def test_deleting_a_producer_in_the_admin_removes_it(client, staff, honey, django_capture_on_commit_callbacks):
    producer = honey.stockrecords.get().partner
    url = reverse("admin:partner_partner_delete", args=[producer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=producer.pk).exists()
    assert search_query(text="ong mat ha giang", kinds=["producer"]).total == 0
    assert search_query(text="ha giang", kinds=["product"]).total == 0  # no producer name in its document now


def test_a_refused_admin_edit_queues_nothing(client, staff, honey, django_capture_on_commit_callbacks):
    producer = honey.stockrecords.get().partner
    url = reverse("admin:partner_partner_change", args=[producer.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _admin_post(client, url, legal_type="not-a-type")
    assert response.status_code == 200
    assert callbacks == []


def test_a_stock_record_edited_in_the_admin_reindexes_its_product(
    client, staff, honey, django_capture_on_commit_callbacks
):
    record = honey.stockrecords.get()
    url = reverse("admin:partner_stockrecord_change", args=[record.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_post(client, url, price="99000", num_in_stock="0")
    assert response.status_code == 302, response.content.decode()[:3000]
    hit = search_query(text="bac ha dong van").hits[0]
    assert (hit.price, hit.in_stock) == (99000, False)


# Oscar's partner dashboard (staff) -------------------------------------------------------------------------------


def test_partner_dashboard_uses_our_views():
    from django.apps import apps

    from marketplace.dashboard.partners import views

    config = apps.get_app_config("partners_dashboard")
    assert (config.manage_view, config.create_view, config.delete_view) == (
        views.PartnerManageView,
        views.PartnerCreateView,
        views.PartnerDeleteView,
    )


def test_renaming_a_producer_in_the_partner_dashboard_reindexes_it_and_its_products(
    client, staff, honey, django_capture_on_commit_callbacks
):
    producer = honey.stockrecords.get().partner
    country, _created = get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam"}
    )
    url = reverse("dashboard:partner-manage", kwargs={"pk": producer.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = _dashboard_form_post(
            client, url, name="HTX Ong mật Cao nguyên đá", line1="Thôn Lũng Cẩm", country=country.pk
        )
    assert response.status_code == 302, _form_errors(response)
    assert _ids(search_query(text="cao nguyen da"), "producer") == {producer.pk}
    assert _ids(search_query(text="cao nguyen da"), "product") == {honey.pk}


def test_a_refused_partner_dashboard_edit_queues_nothing(client, staff, honey, django_capture_on_commit_callbacks):
    producer = honey.stockrecords.get().partner
    url = reverse("dashboard:partner-manage", kwargs={"pk": producer.pk})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _dashboard_form_post(client, url, name="")
    assert response.status_code == 200
    assert callbacks == []
    assert _ids(search_query(text="ong mat ha giang"), "producer") == {producer.pk}


def test_deleting_a_producer_in_the_partner_dashboard_removes_it(
    client, staff, honey, django_capture_on_commit_callbacks
):
    producer = honey.stockrecords.get().partner
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard:partner-delete", kwargs={"pk": producer.pk}))
    assert response.status_code == 302
    assert search_query(text="ong mat ha giang").total == 0


# Certificates expiring -------------------------------------------------------------------------------------------


def test_the_daily_job_takes_an_expired_certificates_stars_out_of_search(
    honey, settings, django_capture_on_commit_callbacks
):
    settings.OCOP_EXPIRED_LISTING = "pending"
    assert _ids(search_query(kinds=["product"], filters={"stars": [4]})) == {honey.pk}
    Certification.objects.filter(product=honey).update(valid_until=datetime.date.today() - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = certifications_refresh()
    assert result["expired"] == 1 and len(callbacks) == 1
    assert search_query(kinds=["product"], filters={"stars": [4]}).total == 0
    assert _ids(search_query(text="bac ha dong van")) == {honey.pk}  # still listed, without stars
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        certifications_refresh()  # nothing new expired: nothing queued
    assert callbacks == []


def test_the_daily_job_in_delist_mode_removes_the_product(honey, settings, django_capture_on_commit_callbacks):
    settings.OCOP_EXPIRED_LISTING = "delist"
    Certification.objects.filter(product=honey).update(valid_until=datetime.date.today() - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        certifications_refresh()
    assert search_query(text="bac ha dong van").total == 0


def test_recording_a_new_certificate_brings_the_stars_back(honey, django_capture_on_commit_callbacks):
    Certification.objects.filter(product=honey).update(valid_until=datetime.date.today() - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        certifications_refresh()
        certification_record(product=honey, score=92, decision_number="9/QĐ", decision_date=datetime.date.today())
    assert _ids(search_query(kinds=["product"], filters={"stars": [5]})) == {honey.pk}
