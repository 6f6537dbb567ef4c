"""Data and files shared by the ideas, dossiers and uploads tests (steps 2–4 of the cycle)."""

import io
import struct
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import (
    SCAN_PDF_BYTES,
    CommuneOfficerFactory,
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductFactory,
    WardFactory,
)


def png_bytes(size=(32, 24), colour=(200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A PNG header claiming huge dimensions, with almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + chunk(b"IEND", b"")
    )


def pdf(name="doc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SCAN_PDF_BYTES, content_type="application/pdf")


def png(name="photo.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def private_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def wards(db):
    viet_tri = WardFactory()
    thanh_mieu = WardFactory(code="07906", name="Phường Thanh Miếu", short_name="Thanh Miếu", slug="thanh-mieu")
    return viet_tri, thanh_mieu


@pytest.fixture
def cast(wards):
    """Producer A (Việt Trì) and B (Thanh Miếu), their users, each commune's officer, a programme officer."""
    viet_tri, thanh_mieu = wards
    producer_a = ProducerFactory(name="HTX Mật ong Việt Trì", region=viet_tri, email="a@example.vn")
    producer_b = ProducerFactory(name="HTX Chè Thanh Miếu", region=thanh_mieu, email="b@example.vn")
    return {
        "producer_a": producer_a,
        "producer_b": producer_b,
        "user_a": ProducerUserFactory(producer=producer_a),
        "user_b": ProducerUserFactory(producer=producer_b),
        "commune_a": CommuneOfficerFactory(communes=[viet_tri]),
        "commune_b": CommuneOfficerFactory(communes=[thanh_mieu]),
        "officer": OfficerFactory(),
    }


def shop_product(producer, title="Mật ong hoa nhãn Việt Trì"):
    return ProductFactory(
        title=title, stockrecord__producer=producer, stockrecord__price=Decimal("125000"), certification=False
    )


@pytest.fixture
def document_types(db):
    """The product sets and their document lists, as the migrations make them (made again, idempotently, when
    a transactional test of an earlier run emptied a reused test database)."""
    import importlib

    from django.apps import apps as django_apps

    from catalogue.services import category_ensure_ocop_groups

    groups = category_ensure_ocop_groups()
    importlib.import_module("programme.migrations.0003_document_types").document_types_create(django_apps, None)
    return groups
