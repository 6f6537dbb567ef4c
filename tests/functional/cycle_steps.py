"""Steps of the OCOP cycle in a real browser, shared by test_ocop_cycle_browser.py and test_ocop_cycle_dossier.py.

Each step drives the dashboard's pages as one person would (``prefix``: "" for the Vietnamese pages, "/en" for
the English ones) and checks only that the step went through; the tests assert what they are about.
"""

import importlib
import io

from playwright.sync_api import expect

from tests.helpers import browser_log_in

PASSWORD = "secret-pass-123"


def png(colour: tuple[int, int, int]) -> bytes:
    """A small PNG photo of one colour."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def document_types_ensure() -> None:
    """The document lists as migration 0003 makes them (a reused test database may have been emptied by an
    earlier transactional test)."""
    from django.apps import apps as django_apps

    importlib.import_module("programme.migrations.0003_document_types").document_types_create(django_apps, None)


def log_in(page, base: str, email: str) -> None:
    browser_log_in(page, base, email, PASSWORD)


# What a producer writes about the honey of the walks (the tests assert the name only).
IDEA_TEXTS = {
    "raw_materials": "Mật ong hoa nhãn",
    "raw_material_origin": "Đàn ong 200 thùng của hợp tác xã",
    "intended_market": "Phú Thọ, Hà Nội",
    "yearly_volume": "5 tấn",
}


def idea_register_and_submit(page, base: str, *, prefix: str, email: str, product_set, name: str, photo_colour):
    """The producer logs in, fills the idea form (a PNG photo of ``photo_colour``), saves the idea and submits it.
    Returns the idea."""
    from programme.models import ProductIdea

    log_in(page, base, email)
    page.goto(base + prefix + "/dashboard/ocop/ideas/new/")
    page.locator("#id_name").fill(name)
    page.locator("#id_product_set").select_option(str(product_set.pk))
    for field, text in IDEA_TEXTS.items():
        page.locator(f"#id_{field}").fill(text)
    photo = {"name": "ong.png", "mimeType": "image/png", "buffer": png(photo_colour)}
    page.locator("#id_photos").set_input_files([photo])
    page.get_by_test_id("idea-save").click()
    page.get_by_test_id("idea-submit").click()
    expect(page.get_by_test_id("idea-submit")).to_have_count(0)
    idea = ProductIdea.objects.get()
    assert idea.status == "submitted"
    return idea


def idea_accept(page, base: str, *, prefix: str, idea, email: str) -> None:
    """A reviewer logs in and accepts the submitted idea."""
    log_in(page, base, email)
    page.goto(base + prefix + f"/dashboard/ocop/ideas/{idea.pk}/")
    page.get_by_test_id("idea-accept").click()
    expect(page.get_by_test_id("idea-review")).to_have_count(0)
    idea.refresh_from_db()
    assert idea.status == "accepted"


# The business plan of the walks.
PLAN = {
    "production_capacity": "500 kg mỗi tháng",
    "investment": 150_000_000,
    "target_markets": "Cửa hàng OCOP, siêu thị, sàn thương mại điện tử",
    "plan": "Chuẩn hoá bao bì, tem truy xuất nguồn gốc.",
}


def plan_accepted(*, idea, producer, officer_username: str) -> None:
    """The business plan written, submitted and accepted through the services (to keep the walk short)."""
    from django.contrib.auth import get_user_model

    from programme.services.ideas import plan_accept, plan_save, plan_submit

    producer_user = producer.users.get()
    plan_save(idea=idea, user=producer_user, **PLAN)
    plan_submit(idea=idea, user=producer_user)
    plan_accept(idea=idea, user=get_user_model().objects.get(username=officer_username))


def dossier_open_with_documents(page, base: str, *, prefix: str, email: str, idea, product, product_set):
    """The producer logs in, opens the dossier of the idea on ``product`` and uploads every required document.
    Returns the dossier and the codes of the required documents."""
    from programme.models import DocumentRequirement, Dossier
    from tests.factories import SCAN_PDF_BYTES

    log_in(page, base, email)
    page.goto(base + prefix + f"/dashboard/ocop/ideas/{idea.pk}/")
    page.get_by_test_id("dossier-open").click()
    page.locator("#id_product").select_option(str(product.pk))
    page.get_by_test_id("dossier-create-submit").click()
    expect(page.get_by_test_id("dossier-checklist")).to_be_visible()
    dossier = Dossier.objects.get()
    required = list(
        DocumentRequirement.objects.filter(product_set=product_set, required=True).values_list(
            "document_type__code", flat=True
        )
    )
    for code in required:
        row = page.get_by_test_id(f"doc-{code}")
        row.locator("input[type=file]").set_input_files(
            {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": SCAN_PDF_BYTES}
        )
        row.get_by_test_id("upload-button").click()
        expect(page.get_by_test_id(f"doc-{code}").get_by_test_id("doc-latest")).to_have_text(f"{code}.pdf")
    expect(page.get_by_test_id("missing-documents")).to_have_count(0)
    return dossier, required


def dossier_submit(page) -> None:
    """The producer, on the dossier's page, submits it."""
    page.get_by_test_id("dossier-submit").click()
    expect(page.get_by_test_id("dossier-submit")).to_have_count(0)


def dossier_propose(page, base: str, *, prefix: str, dossier, email: str) -> None:
    """The commune officer logs in and proposes the submitted dossier for evaluation."""
    log_in(page, base, email)
    page.goto(base + prefix + f"/dashboard/ocop/dossiers/{dossier.pk}/")
    page.get_by_test_id("dossier-propose").click()
    expect(page.get_by_test_id("dossier-review")).to_have_count(0)
