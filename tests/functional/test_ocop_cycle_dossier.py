"""In a real browser (headless Chromium): a producer registers a product idea with a photo and submits it; a
programme officer accepts it; (the business plan is accepted through the services, to keep the walk short) the
producer opens the dossier on their product in the shop, uploads every required document and submits it; the
commune officer of the ward proposes it; the dossier reads "Proposed for evaluation"."""

import pytest
from playwright.sync_api import expect

from tests.functional.cycle_steps import (
    document_types_ensure,
    dossier_open_with_documents,
    dossier_propose,
    dossier_submit,
    idea_accept,
    idea_register_and_submit,
    plan_accepted,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def cycle_people(storefront):
    from decimal import Decimal

    from tests.factories import (
        CommuneOfficerFactory,
        OfficerFactory,
        ProducerFactory,
        ProducerUserFactory,
        ProductFactory,
        WardFactory,
    )

    document_types_ensure()
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


def test_an_idea_becomes_a_dossier_proposed_for_evaluation(live_server, cycle_people, browser_page, shots_dir):
    page, base = browser_page, live_server.url

    # The producer registers the idea, with a photo, and submits it; the commune is the producer's own ward
    # (the form chose it: the walk never touches that field).
    idea = idea_register_and_submit(
        page,
        base,
        prefix="",
        email="matong@example.vn",
        product_set=cycle_people["product_set"],
        name="Mật ong hoa nhãn Việt Trì",
        photo_colour=(220, 160, 30),
    )
    expect(page.locator('[data-testid="idea-photos"] img')).to_have_count(1)
    assert idea.producer == cycle_people["producer"]
    assert idea.commune_id == cycle_people["producer"].region_id

    # A programme officer accepts it; the business plan is accepted through the services.
    idea_accept(page, base, prefix="", idea=idea, email="vanphong@example.vn")
    plan_accepted(idea=idea, producer=cycle_people["producer"], officer_username="van-phong")

    # The producer opens the dossier on the product in the shop, uploads the required documents, submits.
    dossier, required = dossier_open_with_documents(
        page,
        base,
        prefix="",
        email="matong@example.vn",
        idea=idea,
        product=cycle_people["product"],
        product_set=cycle_people["product_set"],
    )
    assert len(required) == 7
    page.screenshot(path=str(shots_dir / "ocop-dossier-checklist.png"), full_page=True)
    dossier_submit(page)
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and dossier.documents.count() == 7

    # The commune officer of the ward proposes it.
    dossier_propose(page, base, prefix="", dossier=dossier, email="canboxa@example.vn")
    page.goto(base + f"/en/dashboard/ocop/dossiers/{dossier.pk}/")
    expect(page.get_by_test_id("dossier-status")).to_have_text("Proposed for evaluation")
    page.screenshot(path=str(shots_dir / "ocop-dossier-proposed.png"), full_page=True)
    dossier.refresh_from_db()
    assert dossier.status == "proposed"
    assert list(dossier.events.values_list("kind", flat=True)) == ["dossier_submitted", "dossier_proposed"]
