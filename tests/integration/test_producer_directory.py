"""/producers/: every public producer by name, by legal type, paginated with a flat query count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.partner.models import Partner
from tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def _names(html: str) -> list[str]:
    return re.findall(r'class="producer-list__name" href="[^"]+">([^<]+)</a>', html)


def test_the_directory_lists_public_producers_by_name(client):
    ProducerFactory(name="HTX Chè Thanh Ba", slug="htx-che-thanh-ba")
    ProducerFactory(name="Công ty Bưởi Đoan Hùng", slug="cong-ty-buoi", legal_type=Partner.LegalType.ENTERPRISE)
    ProducerFactory(name="Chưa công khai", slug=None)  # no public profile yet
    response = client.get("/producers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _names(html) == ["Công ty Bưởi Đoan Hùng", "HTX Chè Thanh Ba"]
    assert 'href="/producers/htx-che-thanh-ba/"' in html
    assert "2 chủ thể OCOP" in html


def test_the_directory_filters_by_legal_type_and_ignores_an_unknown_one(client):
    ProducerFactory(name="HTX Chè Thanh Ba", slug="htx-che-thanh-ba")
    ProducerFactory(name="Công ty Bưởi Đoan Hùng", slug="cong-ty-buoi", legal_type=Partner.LegalType.ENTERPRISE)
    html = client.get("/producers/?type=enterprise").content.decode()
    assert _names(html) == ["Công ty Bưởi Đoan Hùng"]
    assert '<strong aria-current="true">' in html
    html = client.get("/producers/?type=<script>").content.decode()
    assert _names(html) == ["Công ty Bưởi Đoan Hùng", "HTX Chè Thanh Ba"]
    assert "<script>" not in html.split('<main id="main">')[1].split("</main>")[0]


def test_the_directory_is_in_the_main_navigation_in_both_languages(client):
    assert 'href="/producers/"' in client.get("/shop/").content.decode()
    english = client.get("/en/producers/").content.decode()
    assert "OCOP producers" in english and 'href="/en/producers/"' in english


@pytest.mark.parametrize("query", ["?page=99", "?page=abc"])
def test_a_bad_page_is_404(client, query):
    ProducerFactory()
    assert client.get("/producers/" + query).status_code == 404


def test_the_directory_is_paginated_with_a_flat_query_count(client, django_assert_max_num_queries):
    for index in range(5):
        ProducerFactory(name=f"Chủ thể {index:03d}")
    client.get("/producers/")
    with CaptureQueriesContext(connection) as few:
        client.get("/producers/")
    for index in range(5, 60):
        ProducerFactory(name=f"Chủ thể {index:03d}")
    with django_assert_max_num_queries(len(few)):
        html = client.get("/producers/").content.decode()
    assert len(_names(html)) == 48
    assert _names(client.get("/producers/?page=2").content.decode())[0] == "Chủ thể 048"
