"""In a real browser (headless Chromium): a producer registers a product idea with a photo and submits it; a
programme officer accepts it; (the business plan is accepted through the services, to keep the walk short) the
producer opens the dossier on their product in the shop, uploads every required document and submits it; the
commune officer of the ward proposes it; the dossier reads "Proposed for evaluation"."""

import io

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "secret-pass-123"


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (220, 160, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def cycle_people(storefront):
    import importlib
    from decimal import Decimal

    from django.apps import apps as django_apps

    from tests.factories import (
        CommuneOfficerFactory,
        OfficerFactory,
        ProducerFactory,
        ProducerUserFactory,
        ProductFactory,
        WardFactory,
    )

    # The document lists, as migration 0003 makes them (a reused test database may have been emptied by an
    # earlier transactional test).
    importlib.import_module("programme.migrations.0003_document_types").document_types_create(django_apps, None)
    ward = WardFactory()
    producer = ProducerFactory(name="HTX Mật ong Việt Trì", slug="htx-mat-ong-viet-tri", region=ward)
    ProducerUserFactory(username="mat-ong", email="matong@example.vn", producer=producer)
    product = ProductFactory(
        title="Mật ong hoa nhãn Việt Trì",
        stockrecord__producer=producer,
        stockrecord__price=Decimal("150000"),
        certification=False,
    )
    CommuneOfficerFactory(username="can-bo-xa", email="canboxa@example.vn", communes=[ward])
    OfficerFactory(username="van-phong", email="vanphong@example.vn")
    return {"producer": producer, "product": product, "product_set": storefront["groups"]["honey-farm-foods"]}


def _log_in(page, base, email):
    page.context.clear_cookies()
    page.goto(base + "/shop/accounts/login/")
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()
    page.wait_for_load_state()


def test_an_idea_becomes_a_dossier_proposed_for_evaluation(live_server, cycle_people, browser_page, shots_dir):
    from programme.models import DocumentRequirement, Dossier, ProductIdea
    from programme.services.ideas import plan_accept, plan_save, plan_submit
    from tests.factories import SCAN_PDF_BYTES

    page, base = browser_page, live_server.url

    # The producer registers the idea, with a photo, and submits it.
    _log_in(page, base, "matong@example.vn")
    page.goto(base + "/dashboard/ocop/ideas/new/")
    page.locator("#id_name").fill("Mật ong hoa nhãn Việt Trì")
    page.locator("#id_product_set").select_option(str(cycle_people["product_set"].pk))
    expect(page.locator("#id_commune")).to_have_value(str(cycle_people["producer"].region_id))
    page.locator("#id_raw_materials").fill("Mật ong hoa nhãn")
    page.locator("#id_raw_material_origin").fill("Đàn ong 200 thùng của hợp tác xã")
    page.locator("#id_intended_market").fill("Phú Thọ, Hà Nội")
    page.locator("#id_yearly_volume").fill("5 tấn")
    page.locator("#id_photos").set_input_files([{"name": "dan-ong.png", "mimeType": "image/png", "buffer": _png()}])
    page.get_by_test_id("idea-save").click()
    page.get_by_test_id("idea-submit").click()
    expect(page.get_by_test_id("idea-submit")).to_have_count(0)
    expect(page.locator('[data-testid="idea-photos"] img')).to_have_count(1)
    idea = ProductIdea.objects.get()
    assert idea.status == "submitted" and idea.producer == cycle_people["producer"]

    # A programme officer accepts it.
    _log_in(page, base, "vanphong@example.vn")
    page.goto(base + f"/dashboard/ocop/ideas/{idea.pk}/")
    page.get_by_test_id("idea-accept").click()
    expect(page.get_by_test_id("idea-review")).to_have_count(0)
    idea.refresh_from_db()
    assert idea.status == "accepted"
    producer_user = cycle_people["producer"].users.get()
    plan_save(
        idea=idea,
        user=producer_user,
        production_capacity="500 kg mỗi tháng",
        investment=150_000_000,
        target_markets="Siêu thị, sàn thương mại điện tử",
        plan="Chuẩn hoá bao bì và tem truy xuất.",
    )
    plan_submit(idea=idea, user=producer_user)
    from django.contrib.auth import get_user_model

    plan_accept(idea=idea, user=get_user_model().objects.get(username="van-phong"))

    # The producer opens the dossier on the product in the shop, uploads the required documents, submits.
    _log_in(page, base, "matong@example.vn")
    page.goto(base + f"/dashboard/ocop/ideas/{idea.pk}/")
    page.get_by_test_id("dossier-open").click()
    page.locator("#id_product").select_option(str(cycle_people["product"].pk))
    page.get_by_test_id("dossier-create-submit").click()
    expect(page.get_by_test_id("dossier-checklist")).to_be_visible()
    dossier = Dossier.objects.get()
    required = list(
        DocumentRequirement.objects.filter(product_set=cycle_people["product_set"], required=True).values_list(
            "document_type__code", flat=True
        )
    )
    assert len(required) == 7
    for code in required:
        row = page.get_by_test_id(f"doc-{code}")
        row.locator("input[type=file]").set_input_files(
            {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": SCAN_PDF_BYTES}
        )
        row.get_by_test_id("upload-button").click()
        expect(page.get_by_test_id(f"doc-{code}").get_by_test_id("doc-latest")).to_have_text(f"{code}.pdf")
    expect(page.get_by_test_id("missing-documents")).to_have_count(0)
    page.screenshot(path=str(shots_dir / "ocop-dossier-checklist.png"), full_page=True)
    page.get_by_test_id("dossier-submit").click()
    expect(page.get_by_test_id("dossier-submit")).to_have_count(0)
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and dossier.documents.count() == 7

    # The commune officer of the ward proposes it.
    _log_in(page, base, "canboxa@example.vn")
    page.goto(base + f"/dashboard/ocop/dossiers/{dossier.pk}/")
    page.get_by_test_id("dossier-propose").click()
    expect(page.get_by_test_id("dossier-review")).to_have_count(0)
    page.goto(base + f"/en/dashboard/ocop/dossiers/{dossier.pk}/")
    expect(page.get_by_test_id("dossier-status")).to_have_text("Proposed for evaluation")
    page.screenshot(path=str(shots_dir / "ocop-dossier-proposed.png"), full_page=True)
    dossier.refresh_from_db()
    assert dossier.status == "proposed"
    assert list(dossier.events.values_list("kind", flat=True)) == ["dossier_submitted", "dossier_proposed"]
