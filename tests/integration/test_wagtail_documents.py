"""Wagtail documents (fair programmes, exhibitor forms) are checked by their content like every other upload:
a PDF is parsed whole and kept as sent, a picture is stored without its EXIF, and a file that only has the right
name is refused with nothing stored (cms/document_forms.py, WAGTAILDOCS_EXTENSIONS).
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from wagtail.documents import get_document_model

from marketplace.core.uploads import document_upload_clean
from tests.factories import UserFactory
from tests.helpers import VALID_PDF, assert_clean_photo, files_under, phone_jpeg, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _root_collection_id() -> int:
    from tests.factories import _root_collection

    return _root_collection().pk


def _add(client, content: bytes, name: str, title: str = "Chương trình hội chợ"):
    return client.post(
        "/cms/documents/add/",
        {
            "title": title,
            "collection": _root_collection_id(),
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_pdf_is_accepted_and_kept_as_sent_under_the_editors_name(editor):
    response = _add(editor, VALID_PDF, "chuong-trinh-hoi-cho-2026.pdf")
    assert response.status_code == 302, response.content.decode()[:3000]
    document = get_document_model().objects.get()
    assert Path(document.file.name).name.startswith("chuong-trinh-hoi-cho-2026")
    assert document.file.name.endswith(".pdf")
    with document.file.open("rb") as stored:
        assert stored.read() == VALID_PDF
    assert document.file_size == len(VALID_PDF)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"Chuong trinh hoi cho OCOP Phu Tho 2026\n" * 20, "chuong-trinh.pdf"),  # a text file renamed .pdf
        (b"%PDF-1.4\nhello\n%%EOF\n", "gia.pdf"),  # a PDF header and nothing behind it
        (b"MZ\x90\x00" + b"\x00" * 200, "mau-dang-ky.jpg"),  # a program renamed .jpg
    ],
)
def test_a_file_that_only_has_the_right_name_is_refused_and_nothing_is_stored(editor, settings, content, name):
    before = files_under(settings.MEDIA_ROOT)
    response = _add(editor, content, name)
    assert response.status_code == 200
    # The admin speaks the editor's language: the reason is compared by its code, once.
    assert [error.code for error in response.context["form"].errors.as_data()["file"]] == ["upload_unreadable"]
    assert not get_document_model().objects.exists()
    assert files_under(settings.MEDIA_ROOT) == before


def test_only_the_checked_formats_are_allowed_by_name(editor):
    for name in ("trang.html", "bao-cao.txt", "anh.svg", "bang-gia.xlsm", "thu-moi.doc", "du-lieu.zip"):
        response = _add(editor, b"<html><script>alert(1)</script></html>", name)
        assert response.status_code == 200, name
        assert response.context["form"].errors["file"], name
    assert not get_document_model().objects.exists()


def test_a_photographed_document_is_stored_without_its_location(editor):
    response = _add(editor, phone_jpeg(size=(120, 90)), "so-do-gian-hang.jpg")
    assert response.status_code == 302, response.content.decode()[:3000]
    document = get_document_model().objects.get()
    assert Path(document.file.name).name.startswith("so-do-gian-hang") and document.file.name.endswith(".jpg")
    with document.file.open("rb") as stored:
        assert_clean_photo(stored, size=(90, 120), fmt="JPEG")


def test_a_picture_named_pdf_is_stored_under_its_real_format(editor):
    response = _add(editor, photo("PNG"), "ban-do.pdf")
    assert response.status_code == 302, response.content.decode()[:3000]
    document = get_document_model().objects.get()
    assert document.file.name.endswith(".png")
    with document.file.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as image:
        assert image.format == "PNG" and len(image.getexif()) == 0


def test_the_multiple_uploader_checks_each_file_too(editor):
    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "collection": _root_collection_id(),
            "files[]": SimpleUploadedFile("ke-hoach.pdf", b"not a pdf at all\n" * 10),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not get_document_model().objects.exists()

    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": _root_collection_id(), "files[]": SimpleUploadedFile("ke-hoach.pdf", VALID_PDF)},
    )
    assert response.status_code == 200 and response.json()["success"] is True
    with get_document_model().objects.get().file.open("rb") as stored:
        assert stored.read() == VALID_PDF


# Office files: recognised by their zip manifest, macros refused ---------------------------------------------------


def _xlsx(*, macros: bool = False) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Gian hàng", "Nhà sản xuất"])
    workbook.active.append(["A1", "HTX Chè Thanh Ba"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not macros:
        return buffer.getvalue()
    # What Excel writes for an .xlsm: the macro part, declared in the manifest.
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            target.writestr(part, source.read(part))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Attribute VB_Name")
    return out.getvalue()


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)


def _docx() -> bytes:
    return _zip([("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", b"<w:document/>")])


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "name", "extension"),
    [(_xlsx, "so-do-gian-hang.xlsx", "xlsx"), (_docx, "thu-moi.docx", "docx"), (_odt, "thu-moi.odt", "odt")],
)
def test_word_excel_and_opendocument_files_are_accepted_as_sent(editor, make, name, extension):
    content = make()
    response = _add(editor, content, name)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = get_document_model().objects.get()
    assert document.file.name.endswith(f".{extension}") and Path(document.file.name).stem.startswith(Path(name).stem)
    with document.file.open("rb") as stored:
        assert stored.read() == content


def test_an_office_file_is_named_by_what_it_is():
    clean = document_upload_clean(upload=SimpleUploadedFile("bang-gia.docx", _xlsx()), keep_name=True, office=True)
    assert clean.name == "bang-gia.xlsx"


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (_xlsx(macros=True), "bang-gia.xlsx", "upload_macros"),
        (
            _zip(
                [
                    ("[Content_Types].xml", DOCX_TYPES.replace(b"document.main", b"document.macroEnabled.main")),
                    ("word/document.xml", b"<w:document/>"),
                ]
            ),
            "thu-moi.docx",
            "upload_macros",
        ),
        (
            _zip(
                [
                    ("mimetype", b"application/vnd.oasis.opendocument.text"),
                    ("content.xml", b"<x/>"),
                    ("Basic/Standard/Module1.xml", b"<script/>"),
                ]
            ),
            "thu-moi.odt",
            "upload_macros",
        ),
        (_zip([("readme.txt", b"hello"), ("run.exe", b"MZ")]), "thu-moi.docx", "upload_unreadable"),
        (_zip([("[Content_Types].xml", DOCX_TYPES)]), "thu-moi.docx", "upload_format"),  # no document part
        (
            _zip([("mimetype", b"application/vnd.oasis.opendocument.presentation"), ("content.xml", b"<x/>")]),
            "trinh-chieu.odt",
            "upload_format",
        ),
        (_docx()[:60], "cut.docx", "upload_unreadable"),
    ],
)
def test_office_files_with_macros_or_without_their_manifest_are_refused(editor, settings, content, name, code):
    before = files_under(settings.MEDIA_ROOT)
    response = _add(editor, content, name)
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["file"]] == [code]
    assert not get_document_model().objects.exists() and files_under(settings.MEDIA_ROOT) == before


def test_an_office_file_that_unpacks_to_too_much_is_refused_from_its_directory(monkeypatch):
    from marketplace.core import uploads

    monkeypatch.setattr(uploads, "OFFICE_MAX_UNPACKED_BYTES", 1024 * 1024)
    bomb = _zip([("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", b"\0" * (2 * 1024 * 1024))])
    assert len(bomb) < 20_000
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            document_upload_clean(upload=SimpleUploadedFile("thu-moi.docx", bomb), office=True)
        # Read inside the override: the messages are translated when they are read.
        assert error.value.messages == ["The document unpacks to 2.0 MB; the limit is 1 MB."]


def test_registration_scans_still_take_no_office_files():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        document_upload_clean(upload=SimpleUploadedFile("giay-dang-ky.docx", _docx()))
    assert error.value.code == "upload_unreadable"
