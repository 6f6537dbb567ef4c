"""The Wagtail API answers bad query strings with 400 and a reason, never 500.

A NUL byte (PostgreSQL refuses it in text), a number beyond what the database columns hold, an
unknown site: each once answered 500. The fuzz sends a few hundred generated values per parameter
(seeded, so a failure reproduces) to every endpoint and lists every 500 it meets.
"""

import random

import pytest
from django.test import Client

from cms.api import MAX_QUERY_INTEGER
from tests.factories import NewsIndexPageFactory, NewsPageFactory, WagtailImageFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def api_content(home_page):
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news, title="Hội chợ OCOP Phú Thọ", slug="hoi-cho-ocop")
    NewsPageFactory(parent=news, title="Mật ong rừng Tân Sơn", slug="mat-ong")
    WagtailImageFactory(title="Ảnh chè Thanh Ba")
    return {"home": home_page, "news": news}


@pytest.fixture
def api_client():
    # A 500 comes back as a response to count, not as the view's exception.
    return Client(raise_request_exception=False)


def _message(response) -> str:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()["message"]


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_nul_byte_in_search_is_a_400_with_a_reason(api_content, api_client, endpoint):
    response = api_client.get(f"/api/v2/{endpoint}/?search=%00")
    assert response.status_code == 400
    assert "null characters" in _message(response) and "search" in _message(response)


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_huge_offset_is_a_400_with_a_reason(api_content, api_client, endpoint):
    response = api_client.get(f"/api/v2/{endpoint}/?offset={HUGE}")
    assert response.status_code == 400
    assert _message(response) == f"offset must be at most {MAX_QUERY_INTEGER}"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("child_of=" + HUGE, "child_of must be at most"),
        ("descendant_of=-" + HUGE, "descendant_of must be at most"),
        ("depth=" + HUGE, "depth must be at most"),
        ("limit=" + HUGE, "limit must be at most"),
        ("type=cms.NewsPage%00", "null characters are not allowed in type"),
        ("locale=v%00i", "null characters are not allowed in locale"),
        ("fi%00elds=title", "null characters are not allowed in parameter names"),
        ("search=ch%C3%A8&search_operator=xor", "search_operator must be 'and' or 'or'"),
        ("site=nowhere.invalid", "site doesn't exist"),
        ("site=localhost:http", "site must be a hostname"),
        ("search=" + "a" * 1001, "search is longer than 1000 characters"),
        ("search=%20%0A%09", "search must contain a letter or a digit"),
        ("search=%22%27%28", "search must contain a letter or a digit"),
        ("search=" + "+1" * 33, "search may have at most 32 words"),
    ],
)
def test_bad_page_queries_are_400s_naming_the_parameter(api_content, api_client, query, reason):
    response = api_client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400, response.content
    assert reason in _message(response)


def test_too_many_tags_is_a_400(api_content, api_client):
    response = api_client.get("/api/v2/images/?tags=" + ",".join(["che"] * 80))
    assert response.status_code == 400
    assert _message(response) == "tags may name at most 10 tags"
    assert api_client.get("/api/v2/images/?tags=che,mat-ong").status_code == 200


def test_search_punctuation_is_ignored_not_an_error(api_content, api_client):
    # An unbalanced quote was an SQLite FTS5 syntax error (500); "OR"/"NOT" are words, not operators.
    for query in ['"m%E1%BA%ADt ong', "m%E1%BA%ADt (ong", "OR NOT AND m%E1%BA%ADt"]:
        response = api_client.get(f"/api/v2/pages/?search={query}")
        assert response.status_code == 200, (query, response.content)
    quoted = api_client.get('/api/v2/pages/?search="m%E1%BA%ADt ong"').json()["items"]
    assert [item["title"] for item in quoted] == ["Mật ong rừng Tân Sơn"]


@pytest.mark.parametrize("query", ["id=abc", "id=" + HUGE, "id=1%00"])
def test_find_with_a_bad_id_is_a_400(api_content, api_client, query):
    response = api_client.get(f"/api/v2/pages/find/?{query}")
    assert response.status_code == 400
    assert "id" in _message(response)


def test_good_queries_still_answer(api_content, api_client):
    news = api_content["news"]
    listing = api_client.get(f"/api/v2/pages/?child_of={news.pk}&order=title&fields=title&limit=5&offset=0")
    assert listing.status_code == 200
    assert [item["title"] for item in listing.json()["items"]] == ["Hội chợ OCOP Phú Thọ", "Mật ong rừng Tân Sơn"]
    found = api_client.get("/api/v2/pages/?search=m%E1%BA%ADt%20ong&search_operator=and")
    assert found.status_code == 200
    assert [item["title"] for item in found.json()["items"]] == ["Mật ong rừng Tân Sơn"]
    assert api_client.get(f"/api/v2/pages/?offset={MAX_QUERY_INTEGER}").json()["items"] == []
    assert api_client.get("/api/v2/images/?search=ch%C3%A8").status_code == 200
    assert api_client.get("/api/v2/images/?search=" + "+1" * 32).status_code == 200


# What a client, a crawler or an attacker might send.
_PIECES = [
    "\x00",
    "%00",
    "'",
    '"',
    ";",
    "--",
    "(",
    ")",
    ",",
    "-",
    "*",
    "_",
    "/",
    "\\",
    ":",
    "?",
    "&",
    "=",
    "%",
    " ",
    "\t",
    "\n",
    "\x01",
    "\x7f",
    "\u200b",
    "\ufeff",
    "ế",
    "Đặc sản",
    "🍯",
    "root",
    "random",
    "title",
    "-title",
    "id",
    "type",
    "cms.NewsPage",
    "wagtailcore.Page",
    "fairs.FairPage",
    "nope.Model",
    "vi",
    "en",
    "true",
    "false",
    "null",
    "NaN",
    "inf",
    "1e309",
    "0x10",
    "1_000",
    "٣",
    "+1",
    "-1",
    "0",
    HUGE,
    "-" + HUGE,
    str(2**31),
    str(2**63),
    str(2**64),
    str(MAX_QUERY_INTEGER),
]


def _generated_values(rng: random.Random, count: int):
    for _ in range(count):
        kind = rng.randrange(5)
        if kind == 0:  # numbers of every magnitude and sign
            yield str(rng.choice([-1, 1]) * rng.randrange(10 ** rng.randrange(1, 30)))
        elif kind == 1:  # a known piece
            yield rng.choice(_PIECES)
        elif kind == 2:  # pieces glued together
            yield "".join(rng.choice(_PIECES) for _ in range(rng.randrange(1, 6)))
        elif kind == 3:  # random code points, NUL and controls included
            yield "".join(chr(rng.choice([0, rng.randrange(1, 128), rng.randrange(128, 0x2FFF)])) for _ in range(8))
        else:  # long values, around the length limit
            yield rng.choice(_PIECES[5:]) * rng.randrange(100, 1300)


_PARAMETERS = {
    "pages": [
        "search",
        "search_operator",
        "offset",
        "limit",
        "order",
        "fields",
        "type",
        "child_of",
        "descendant_of",
        "ancestor_of",
        "translation_of",
        "locale",
        "site",
        "title",
        "slug",
        "depth",
        "show_in_menus",
        "format",
    ],
    "images": ["search", "offset", "limit", "order", "fields", "title", "collection", "width", "tags"],
    "documents": ["search", "offset", "limit", "order", "fields", "title", "collection"],
}


def test_fuzzed_query_parameters_never_answer_500(api_content, api_client):
    rng = random.Random(20261203)
    failures = []
    requests = 0
    for endpoint, parameters in _PARAMETERS.items():
        for parameter in parameters:
            for value in _generated_values(rng, 120 if endpoint == "pages" else 60):
                response = api_client.get(f"/api/v2/{endpoint}/", {parameter: value})
                requests += 1
                if response.status_code >= 500:
                    failures.append((endpoint, parameter, value[:80], response.status_code))
                elif response.status_code == 400:
                    assert _message(response), (endpoint, parameter, value)
        # The find and detail views read the query string and the path too.
        for value in _generated_values(rng, 120):
            for path, params in (
                (f"/api/v2/{endpoint}/find/", {"id": value}),
                (f"/api/v2/{endpoint}/find/", {"html_path": value}),
                (f"/api/v2/{endpoint}/1/", {"fields": value}),
            ):
                response = api_client.get(path, params)
                requests += 1
                if response.status_code >= 500:
                    failures.append((path, next(iter(params)), value[:80], response.status_code))
    # Several parameters at once, as a real client sends them.
    everything = [(endpoint, parameter) for endpoint, parameters in _PARAMETERS.items() for parameter in parameters]
    values = list(_generated_values(rng, 300))
    for _ in range(300):
        endpoint = rng.choice(list(_PARAMETERS))
        params = {p: rng.choice(values) for e, p in rng.sample(everything, 4) if e == endpoint}
        response = api_client.get(f"/api/v2/{endpoint}/", params)
        requests += 1
        if response.status_code >= 500:
            failures.append((endpoint, "+".join(params), str(params)[:80], response.status_code))
    assert requests > 3000
    assert failures == [], f"{len(failures)} of {requests} requests answered 5xx, e.g. {failures[:10]}"


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_a_detail_id_beyond_the_column_is_a_404(api_content, api_client, endpoint):
    response = api_client.get(f"/api/v2/{endpoint}/{HUGE}/")
    assert response.status_code == 404
