"""Fixtures shared by the programme tests: two wards, the cast of producers and officers around them, the
document lists, and the services' English messages."""

import pytest
from django.utils import translation

from tests.factories import CommuneOfficerFactory, OfficerFactory, ProducerFactory, ProducerUserFactory, WardFactory


@pytest.fixture
def english_messages():
    """Services called outside a request speak the site's default language (vi, once the catalogue is compiled);
    tests that use this read their English messages. A request still speaks the language of its URL."""
    with translation.override("en"):
        yield


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
