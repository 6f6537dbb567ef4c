"""Dossier documents are judged by their content: a text file renamed .pdf, a truncated PDF, a decompression
bomb and an over-size file are refused with a message beside the document, and nothing is stored (no row, no
file under PRIVATE_MEDIA_ROOT). What is kept is recorded with its size, type and SHA-256, and served privately."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from programme.models import BusinessPlan, DocumentType, DossierDocument
from tests.factories import SCAN_PDF_BYTES, DossierFactory, ProductIdeaFactory
from tests.helpers import png_bomb
from tests.integration.programme.dossier_helpers import png_bytes, private_files, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_types")]


@pytest.fixture
def draft(cast):
    idea = ProductIdeaFactory(producer=cast["producer_a"])
    BusinessPlan.objects.create(idea=idea, production_capacity="x", investment=0, target_markets="x", plan="x")
    return DossierFactory(idea=idea, status="draft")


@pytest.fixture
def story():
    return DocumentType.objects.get(code="product-story")


HOSTILE = [
    (
        b"Day la mot tep van ban, khong phai PDF.",
        "cau-chuyen.pdf",
        "This file is not a PDF, JPEG or PNG document, whatever its name says (or it is damaged or cut short).",
    ),
    (
        SCAN_PDF_BYTES[: len(SCAN_PDF_BYTES) // 2],
        "cat-ngan.pdf",
        "This file is not a PDF, JPEG or PNG document, whatever its name says (or it is damaged or cut short).",
    ),
    (png_bomb(100_000, 100_000), "bom.png", "The picture has far too many pixels; the limit is 80 megapixels."),
    (png_bomb(9500, 9000), "lon.png", "The picture is 86 megapixels; the limit is 80."),
    (b"", "rong.pdf", "The file is empty."),
]


@pytest.mark.parametrize(
    ("content", "name", "message"), HOSTILE, ids=["renamed", "truncated", "bomb", "pixels", "empty"]
)
def test_hostile_files_are_refused_with_a_message_and_nothing_is_stored(
    client, cast, draft, story, content, name, message
):
    client.force_login(cast["user_a"])
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(url("dossier-upload", pk=draft.pk), {"document_type": story.pk, "file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(message) in page
    assert "The file was not stored: see the message beside the document." in page
    # The message sits in the story's row.
    row = next(r for r in response.context["checklist"] if r.document_type == story)
    if content:
        assert message in row.upload_form.errors["file"]
    assert not DossierDocument.objects.exists()
    assert private_files() == []


def test_an_over_size_file_is_refused_before_it_is_read(client, cast, draft, story, settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 1024 * 1024
    client.force_login(cast["user_a"])
    big = SimpleUploadedFile("to.pdf", SCAN_PDF_BYTES + b"\0" * (1024 * 1024 + 1), content_type="application/pdf")
    response = client.post(url("dossier-upload", pk=draft.pk), {"document_type": story.pk, "file": big})
    assert response.status_code == 200
    row = next(r for r in response.context["checklist"] if r.document_type == story)
    assert row.upload_form.errors["file"] == ["The file is 1.0 MB; the limit is 1 MB."]
    assert not DossierDocument.objects.exists() and private_files() == []


def test_no_file_or_an_unknown_type_is_refused(client, cast, draft, story):
    client.force_login(cast["user_a"])
    response = client.post(url("dossier-upload", pk=draft.pk), {"document_type": story.pk})
    assert response.status_code == 200
    row = next(r for r in response.context["checklist"] if r.document_type == story)
    assert row.upload_form.errors["file"] == ["Choose a file to upload."]
    pdf = SimpleUploadedFile("x.pdf", SCAN_PDF_BYTES)
    response = client.post(url("dossier-upload", pk=draft.pk), {"document_type": 999_999, "file": pdf})
    assert response.status_code == 200
    assert "This document is not part of this product set&#x27;s dossier." in response.content.decode()
    assert not DossierDocument.objects.exists() and private_files() == []


def test_what_is_kept_is_recorded_and_served_privately(client, cast, draft, story):
    client.force_login(cast["user_a"])
    client.post(
        url("dossier-upload", pk=draft.pk),
        {"document_type": story.pk, "file": SimpleUploadedFile("Câu chuyện.pdf", SCAN_PDF_BYTES)},
    )
    document = DossierDocument.objects.get()
    assert document.version == 1 and document.original_name == "Câu chuyện.pdf"
    assert document.content_type == "application/pdf" and document.size == len(SCAN_PDF_BYTES)
    assert document.sha256 == hashlib.sha256(SCAN_PDF_BYTES).hexdigest()
    assert document.uploaded_by == cast["user_a"]
    (stored,) = private_files()
    assert stored.read_bytes() == SCAN_PDF_BYTES  # a PDF is kept byte for byte
    assert "Câu chuyện" not in stored.name  # stored under a random name, not the one sent
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 -- private files have no public URL
    response = client.get(url("dossier-document", pk=document.pk))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == SCAN_PDF_BYTES


def test_a_picture_named_pdf_is_kept_and_served_as_the_picture_it_is(client, cast, draft, story):
    client.force_login(cast["user_a"])
    picture = SimpleUploadedFile("nhan.pdf", png_bytes(), content_type="application/pdf")
    response = client.post(url("dossier-upload", pk=draft.pk), {"document_type": story.pk, "file": picture})
    assert response.status_code == 302
    document = DossierDocument.objects.get()
    assert document.content_type == "image/png" and document.file.name.endswith(".png")
    response = client.get(url("dossier-document", pk=document.pk))
    assert response["Content-Type"] == "image/png"
    assert 'filename="nhan.png"' in response["Content-Disposition"]


def test_hostile_idea_photos_are_refused_too(client, cast, wards):
    from tests.factories import _product_set

    client.force_login(cast["user_a"])
    data = {
        "name": "Mật ong",
        "product_set": _product_set().pk,
        "commune": wards[0].pk,
        "raw_materials": "x",
        "raw_material_origin": "x",
        "intended_market": "x",
        "yearly_volume": "x",
        "photos": [SimpleUploadedFile("bom.png", png_bomb(100_000, 100_000), content_type="image/png")],
    }
    response = client.post(url("idea-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["photos"] == [
        "bom.png: The image has far too many pixels; the limit is 40 megapixels."
    ]
    assert private_files() == []


def test_a_document_outside_the_product_sets_list_is_refused_with_its_message_shown(client, cast, draft):
    """A crafted POST naming a real document type that this product set does not ask for: the reason is said
    above the page (no checklist row exists to hold it), never an empty pointer to 'the message beside'."""
    foreign = DocumentType.objects.create(code="giay-phep-khac", name="Giấy phép không thuộc bộ sản phẩm")
    client.force_login(cast["user_a"])
    response = client.post(
        url("dossier-upload", pk=draft.pk),
        {"document_type": foreign.pk, "file": SimpleUploadedFile("x.pdf", SCAN_PDF_BYTES)},
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["This document is not part of this product set's dossier."]
    assert escape("This document is not part of this product set's dossier.") in response.content.decode()
    assert foreign not in [row.document_type for row in response.context["checklist"]]
    assert not DossierDocument.objects.exists() and private_files() == []
    # Without a file either: still the one real reason, not a file error nobody can see.
    response = client.post(url("dossier-upload", pk=draft.pk), {"document_type": foreign.pk})
    assert [str(m) for m in response.context["messages"]] == [
        "This document is not part of this product set's dossier."
    ]


def test_the_services_document_type_error_is_shown_above_the_page(client, cast, draft, story, monkeypatch):
    """If the service refuses the type (say the list changed between the check and the write), its message is
    shown too, not put on the hidden field."""
    from django.core.exceptions import ValidationError

    from programme.services import dossiers as dossier_services

    def refuse(**kwargs):
        raise ValidationError({"document_type": "This document is not part of this product set's dossier."})

    monkeypatch.setattr(dossier_services, "dossier_document_upload", refuse)
    client.force_login(cast["user_a"])
    response = client.post(
        url("dossier-upload", pk=draft.pk),
        {"document_type": story.pk, "file": SimpleUploadedFile("x.pdf", SCAN_PDF_BYTES)},
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "This document is not part of this product set's dossier."
    ]
    row = next(r for r in response.context["checklist"] if r.document_type == story)
    assert not row.upload_form.errors
