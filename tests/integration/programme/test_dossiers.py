"""Step 4 of the cycle: the evaluation dossier. The producer opens it for an accepted idea and plan, on one of
their own products; uploads the product set's documents (versions kept); submits it (refused while a required
document is missing); the commune officer returns it with comments or proposes it. Reach: producers see their
own, commune officers their communes (never drafts), council members only the dossiers of their rounds (read
only), officers everything; a copied document link answers 404 elsewhere."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from programme.models import BusinessPlan, DocumentRequirement, DocumentType, Dossier, DossierDocument
from programme.selectors.dossiers import dossier_checklist, dossier_missing_required
from programme.services import dossiers as services
from tests.factories import (
    CouncilMemberFactory,
    DossierFactory,
    EvaluationRoundFactory,
    ProductIdeaFactory,
    UserFactory,
    _product_set,
    criteria_set_build,
)
from tests.integration.programme.dossier_helpers import messages_of, pdf, png, private_files, shop_product, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages", "document_types")]

FOOD_REQUIRED = {
    "business-registration",
    "quality-declaration",
    "food-safety-certificate",
    "test-results",
    "label-packaging",
    "product-story",
    "product-photos",
}


def ready_idea(producer, **kwargs):
    """An accepted idea with an accepted business plan."""
    idea = ProductIdeaFactory(producer=producer, **kwargs)
    BusinessPlan.objects.create(
        idea=idea, production_capacity="2 tấn/tháng", investment=1, target_markets="x", plan="x", status="accepted"
    )
    return idea


def upload_all(dossier, user, codes) -> None:
    for code in codes:
        services.dossier_document_upload(
            dossier=dossier, user=user, document_type=DocumentType.objects.get(code=code), upload=pdf(f"{code}.pdf")
        )


# The document list (data) ------------------------------------------------------------------------------------------


def test_every_product_set_has_its_document_list(groups):
    from catalogue.groups import OCOP_GROUPS

    for group_key, _vi, _en, sets in OCOP_GROUPS:
        for set_key, *_names in sets:
            rows = DocumentRequirement.objects.filter(product_set=groups[set_key]).select_related("document_type")
            required = {r.document_type.code for r in rows if r.required}
            optional = {r.document_type.code for r in rows if not r.required}
            assert optional == {"trademark-registration"}, set_key
            if group_key in ("food", "beverages", "herbal"):
                assert required == FOOD_REQUIRED, set_key
            else:
                assert required == FOOD_REQUIRED - {"food-safety-certificate", "test-results"}, set_key
    types = DocumentType.objects.get(code="quality-declaration")
    assert types.name == "Bản tự công bố chất lượng sản phẩm" and types.name_en == "Quality self-declaration"


def test_the_seed_is_reversible(groups):
    import importlib

    from django.apps import apps as django_apps

    module = importlib.import_module("programme.migrations.0003_document_types")
    module.document_types_delete(django_apps, None)
    assert not DocumentType.objects.exists() and not DocumentRequirement.objects.exists()
    module.document_types_create(django_apps, None)
    module.document_types_create(django_apps, None)  # twice: nothing doubles
    assert DocumentType.objects.count() == 8
    assert DocumentRequirement.objects.filter(product_set=groups["tea"]).count() == 8
    assert DocumentRequirement.objects.filter(product_set=groups["textiles"]).count() == 6


# Opening a dossier -------------------------------------------------------------------------------------------------


def test_a_producer_opens_a_dossier_on_their_own_product(client, cast):
    idea = ready_idea(cast["producer_a"])
    mine = shop_product(cast["producer_a"])
    theirs = shop_product(cast["producer_b"], title="Chè Thanh Miếu")
    client.force_login(cast["user_a"])
    page = client.get(url("dossier-create") + f"?idea={idea.pk}")
    assert page.status_code == 200
    assert list(page.context["form"].fields["product"].queryset) == [mine]
    response = client.post(url("dossier-create"), {"idea": idea.pk, "product": theirs.pk})
    assert response.status_code == 200 and "product" in response.context["form"].errors
    response = client.post(url("dossier-create"), {"idea": idea.pk, "product": ""})
    assert response.status_code == 200 and "product" in response.context["form"].errors
    assert not Dossier.objects.exists()
    response = client.post(url("dossier-create"), {"idea": idea.pk, "product": mine.pk})
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(url("dossier-detail", pk=dossier.pk))
    assert dossier.status == "draft" and dossier.product == mine and dossier.idea == idea
    idea.refresh_from_db()
    assert idea.product == mine
    # A second one for the same year is refused with a message.
    response = client.post(url("dossier-create"), {"idea": idea.pk, "product": mine.pk})
    assert response.status_code == 200 and Dossier.objects.count() == 1
    assert any("already has a dossier" in e for e in response.context["form"].non_field_errors())


def test_a_dossier_waits_for_the_accepted_plan(cast):
    idea = ProductIdeaFactory(producer=cast["producer_a"])  # accepted, no plan
    product = shop_product(cast["producer_a"])
    with pytest.raises(ValidationError, match="business plan is accepted"):
        services.dossier_create(idea=idea, user=cast["user_a"], product=product)
    ready = ready_idea(cast["producer_a"])
    with pytest.raises(PermissionDenied):
        services.dossier_create(idea=ready, user=cast["user_b"], product=product)
    assert not Dossier.objects.exists()


# The checklist, versions, submit, return, propose -----------------------------------------------------------------


def test_the_whole_flow_keeps_every_version(client, cast, django_capture_on_commit_callbacks):
    idea = ready_idea(cast["producer_a"])
    dossier = DossierFactory(idea=idea, status="draft", product=shop_product(cast["producer_a"]))
    client.force_login(cast["user_a"])
    detail = client.get(url("dossier-detail", pk=dossier.pk))
    rows = detail.context["checklist"]
    assert {r.document_type.code for r in rows if r.required} == FOOD_REQUIRED
    assert [r.required for r in rows] == sorted([r.required for r in rows], reverse=True)  # required first

    # Submitting with documents missing: refused, and the message names them.
    response = client.post(url("dossier-submit", pk=dossier.pk), follow=True)
    (message,) = messages_of(response)
    assert message.startswith("These required documents are missing: Business registration certificate, ")
    assert "Test results" in message and "Trademark registration" not in message
    dossier.refresh_from_db()
    assert dossier.status == "draft"

    label = DocumentType.objects.get(code="label-packaging")
    for name in ("nhan-v1.pdf", "nhan-v2.png"):
        upload = pdf(name) if name.endswith(".pdf") else png(name)
        response = client.post(url("dossier-upload", pk=dossier.pk), {"document_type": label.pk, "file": upload})
        assert response.status_code == 302
    versions = list(DossierDocument.objects.filter(dossier=dossier, document_type=label).order_by("version"))
    assert [(d.version, d.original_name, d.content_type) for d in versions] == [
        (1, "nhan-v1.pdf", "application/pdf"),
        (2, "nhan-v2.png", "image/png"),
    ]
    row = next(r for r in dossier_checklist(dossier=dossier) if r.document_type == label)
    assert row.latest == versions[1] and row.earlier == [versions[0]]
    page = client.get(url("dossier-detail", pk=dossier.pk)).content.decode()
    assert url("dossier-document", pk=versions[0].pk) in page and url("dossier-document", pk=versions[1].pk) in page

    upload_all(dossier, cast["user_a"], FOOD_REQUIRED - {"label-packaging"})
    assert dossier_missing_required(dossier=dossier) == []
    client.post(url("dossier-submit", pk=dossier.pk))
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and dossier.submitted_at is not None
    response = client.post(url("dossier-submit", pk=dossier.pk), follow=True)
    assert "This dossier has already been submitted; wait for the commune's check." in messages_of(response)
    # Submitted: the producer uploads no more.
    response = client.post(url("dossier-upload", pk=dossier.pk), {"document_type": label.pk, "file": pdf()})
    assert response.status_code == 200 and DossierDocument.objects.filter(document_type=label).count() == 2
    assert "Documents can be added only while the dossier is a draft or returned." in messages_of(response)

    client.force_login(cast["commune_a"])
    response = client.post(url("dossier-review", pk=dossier.pk), {"action": "return", "comment": ""})
    assert response.status_code == 200
    assert "Write what the producer should change." in response.context["review_form"].errors["comment"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("dossier-review", pk=dossier.pk), {"action": "return", "comment": "Nhãn thiếu hạn dùng."})
    dossier.refresh_from_db()
    assert dossier.status == "returned" and dossier.review_comment == "Nhãn thiếu hạn dùng."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == sorted(["a@example.vn", cast["user_a"].email])
    assert "Nhãn thiếu hạn dùng." in mail.outbox[0].body

    client.force_login(cast["user_a"])
    client.post(url("dossier-upload", pk=dossier.pk), {"document_type": label.pk, "file": pdf("nhan-v3.pdf")})
    assert DossierDocument.objects.filter(document_type=label).count() == 3  # every earlier version kept
    client.post(url("dossier-submit", pk=dossier.pk))

    client.force_login(cast["commune_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("dossier-review", pk=dossier.pk), {"action": "propose"}, follow=True)
    assert "The dossier is proposed for evaluation." in messages_of(response)
    assert response.context["dossier"].get_status_display() == "Proposed for evaluation"
    dossier.refresh_from_db()
    assert dossier.status == "proposed" and dossier.proposed_by == cast["commune_a"]
    assert len(mail.outbox) == 2
    assert list(dossier.events.values_list("kind", flat=True)) == [
        "dossier_submitted",
        "dossier_returned",
        "dossier_submitted",
        "dossier_proposed",
    ]
    # Proposed: nobody changes the documents, not even the producer, and the service says why.
    with pytest.raises(ValidationError, match="only while the dossier is a draft or returned"):
        services.dossier_document_upload(dossier=dossier, user=cast["user_a"], document_type=label, upload=pdf())
    assert DossierDocument.objects.filter(document_type=label).count() == 3


def test_propose_is_refused_while_a_required_document_is_missing(client, cast):
    dossier = DossierFactory(idea=ready_idea(cast["producer_a"]), status="submitted")
    upload_all(dossier, cast["user_a"], [])  # nothing
    client.force_login(cast["commune_a"])
    response = client.post(url("dossier-review", pk=dossier.pk), {"action": "propose"})
    assert response.status_code == 200
    errors = response.context["review_form"].non_field_errors()
    assert any(e.startswith("These required documents are missing:") for e in errors)
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and not dossier.events.exists()


def test_state_and_right_errors(cast):
    draft = DossierFactory(idea=ready_idea(cast["producer_a"]), status="draft")
    with pytest.raises(ValidationError, match="Only a submitted dossier can be returned"):
        services.dossier_return(dossier=draft, user=cast["officer"], comment="x")
    with pytest.raises(ValidationError, match="Only a submitted dossier can be proposed"):
        services.dossier_propose(dossier=draft, user=cast["officer"])
    with pytest.raises(PermissionDenied):
        services.dossier_return(dossier=draft, user=cast["commune_b"], comment="x")
    with pytest.raises(PermissionDenied):
        services.dossier_submit(dossier=draft, user=cast["user_b"])
    with pytest.raises(PermissionDenied):
        services.dossier_document_upload(
            dossier=draft, user=cast["commune_a"], document_type=DocumentType.objects.first(), upload=pdf()
        )
    # A document type outside the product set's list (textiles' list has no food-safety certificate).
    crafts = DossierFactory(idea=ready_idea(cast["producer_a"], product_set=_product_set("textiles")), status="draft")
    with pytest.raises(ValidationError, match="not part of this product set"):
        services.dossier_document_upload(
            dossier=crafts,
            user=cast["user_a"],
            document_type=DocumentType.objects.get(code="food-safety-certificate"),
            upload=pdf(),
        )
    assert not DossierDocument.objects.exists() and private_files() == []


# Reach -------------------------------------------------------------------------------------------------------------


@pytest.fixture
def a_dossier(cast):
    """Producer A's dossier, submitted, with one document."""
    dossier = DossierFactory(idea=ready_idea(cast["producer_a"]), status="draft")
    upload_all(dossier, cast["user_a"], ["business-registration"])
    dossier.status = "submitted"
    dossier.save()
    return dossier


def test_role_matrix_over_a_dossier(client, cast, a_dossier):
    document = a_dossier.documents.get()
    detail, download = url("dossier-detail", pk=a_dossier.pk), url("dossier-document", pk=document.pk)
    for target in (detail, download, url("dossier-list")):
        response = client.get(target)
        assert response.status_code == 302 and "/login/" in response["Location"]
    expected = {"user_a": 200, "user_b": 404, "commune_a": 200, "commune_b": 404, "officer": 200}
    for who, status in expected.items():
        client.force_login(cast[who])
        assert client.get(detail).status_code == status, who
        assert client.get(download).status_code == status, who
    client.force_login(UserFactory())
    assert client.get(detail).status_code == 403
    # Council members: 403 on these screens unless the dossier is in a round they sit on.
    member = CouncilMemberFactory()
    client.force_login(member)
    assert client.get(url("dossier-list")).status_code == 403
    assert client.get(detail).status_code == 403
    assert client.get(download).status_code == 403
    evaluation_round = EvaluationRoundFactory()
    evaluation_round.members.add(member)
    evaluation_round.entries.create(dossier=a_dossier, criteria_set=criteria_set_build())
    response = client.get(detail)
    assert response.status_code == 200 and response.context["read_only"]
    assert b'data-testid="dossier-review"' not in response.content and b"upload-button" not in response.content
    assert client.get(download).status_code == 200
    assert client.post(url("dossier-review", pk=a_dossier.pk), {"action": "propose"}).status_code == 403
    assert client.post(url("dossier-submit", pk=a_dossier.pk)).status_code == 403


def test_commune_officers_never_see_drafts(client, cast):
    draft = DossierFactory(idea=ready_idea(cast["producer_a"]), status="draft")
    upload_all(draft, cast["user_a"], ["business-registration"])
    client.force_login(cast["commune_a"])
    assert client.get(url("dossier-detail", pk=draft.pk)).status_code == 404
    assert client.get(url("dossier-document", pk=draft.documents.get().pk)).status_code == 404


def test_a_copied_document_link_answers_404_in_another_account(client, cast, a_dossier):
    document = a_dossier.documents.get()
    client.force_login(cast["user_a"])
    link = url("dossier-document", pk=document.pk)
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for who in ("user_b", "commune_b"):
        client.force_login(cast[who])
        assert client.get(link).status_code == 404
    # And the other producer cannot upload into it, submit it or decide on it.
    client.force_login(cast["user_b"])
    assert client.post(url("dossier-upload", pk=a_dossier.pk), {"document_type": 1, "file": pdf()}).status_code == 404
    assert client.post(url("dossier-submit", pk=a_dossier.pk)).status_code == 404


@pytest.mark.parametrize("name", ["dossier-submit", "dossier-review", "dossier-upload"])
def test_dossier_actions_are_post_only(client, cast, a_dossier, name):
    client.force_login(cast["officer"] if name == "dossier-review" else cast["user_a"])
    assert client.get(url(name, pk=a_dossier.pk)).status_code == 405


def test_the_list_filters_by_status_and_year(client, cast):
    DossierFactory(idea=ready_idea(cast["producer_a"], name="Mật ong 2025"), status="proposed", year=2025)
    DossierFactory(idea=ready_idea(cast["producer_a"], name="Mật ong 2026"), status="submitted", year=2026)
    DossierFactory(idea=ready_idea(cast["producer_b"], name="Chè 2026"), status="submitted", year=2026)
    client.force_login(cast["user_a"])
    response = client.get(url("dossier-list"))
    assert {d.idea.name for d in response.context["dossiers"]} == {"Mật ong 2025", "Mật ong 2026"}
    assert [d.idea.name for d in client.get(url("dossier-list") + "?year=2025").context["dossiers"]] == ["Mật ong 2025"]
    client.force_login(cast["officer"])
    response = client.get(url("dossier-list") + "?status=submitted&year=2026")
    assert {d.idea.name for d in response.context["dossiers"]} == {"Mật ong 2026", "Chè 2026"}
    client.force_login(cast["commune_b"])
    assert [d.idea.name for d in client.get(url("dossier-list")).context["dossiers"]] == ["Chè 2026"]
    # A year nobody has, or a made-up status, shows nothing rather than failing.
    assert client.get(url("dossier-list") + "?year=1999&status=nonsense").status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_the_dossier_list_keeps_a_fixed_query_budget(client, cast, rows, django_assert_max_num_queries):
    product = shop_product(cast["producer_a"])
    for n in range(rows):
        DossierFactory(idea=ready_idea(cast["producer_a"]), status="submitted", year=2020 + n % 7, product=product)
    for who in ("officer", "user_a", "commune_a"):
        client.force_login(cast[who])
        with django_assert_max_num_queries(20):
            response = client.get(url("dossier-list"))
        assert len(response.context["dossiers"]) == rows


@pytest.mark.parametrize(("page", "expected"), [("abc", 1), ("2.5", 1), ("", 1), ("0", 2), ("999", 2), ("2", 2)])
def test_a_bad_page_number_shows_the_first_or_last_page(client, cast, monkeypatch, page, expected):
    """Like the dashboard's other lists (Paginator.get_page): not a number → the first page, out of range → the last."""
    from programme.views.dossiers import DossierListView

    monkeypatch.setattr(DossierListView, "paginate_by", 2)
    for n in range(3):
        DossierFactory(idea=ready_idea(cast["producer_a"], name=f"Ý tưởng {n}"), status="submitted", year=2026)
    client.force_login(cast["officer"])
    response = client.get(url("dossier-list") + f"?page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected
    assert len(response.context["dossiers"]) == (2 if expected == 1 else 1)
