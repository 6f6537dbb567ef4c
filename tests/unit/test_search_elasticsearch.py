"""The Elasticsearch request bodies and index mapping that elasticsearch-dsl builds (no server needed)."""

import datetime

from marketplace.search.backends.elasticsearch import alias_name, es_document, index_for, search_body, suggest_body


def test_index_analysis_folds_keeping_the_original_and_edge_ngrams():
    body = index_for("ocop-search-1").to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["filter"]["ocop_folding"] == {"type": "asciifolding", "preserve_original": True}
    assert analysis["filter"]["ocop_edge_ngram"]["type"] == "edge_ngram"
    assert analysis["analyzer"]["ocop_folding"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "ocop_folding"],
    }
    assert analysis["analyzer"]["ocop_autocomplete"]["filter"] == ["lowercase", "ocop_folding", "ocop_edge_ngram"]


def test_index_mapping_has_the_document_fields():
    properties = index_for("x").to_dict()["mappings"]["properties"]
    assert properties["title"]["analyzer"] == "ocop_folding"
    assert properties["title"]["fields"]["autocomplete"] == {
        "type": "text",
        "analyzer": "ocop_autocomplete",
        "search_analyzer": "ocop_folding",
    }
    for keyword in ("kind", "group", "province", "commune", "legal_type", "price_band"):
        assert properties[keyword]["type"] == "keyword"
    assert properties["price"]["type"] == "long" and properties["stars"]["type"] == "integer"
    assert properties["in_stock"]["type"] == "boolean" and properties["location"]["type"] == "geo_point"


def test_alias_uses_the_prefix(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "ocop-staging"
    assert alias_name() == "ocop-staging-search"


def test_query_body_folds_tolerates_one_typo_from_five_letters_and_boosts_exact_marks():
    body = search_body(index="a", text="Nước  MẮM").to_dict()
    must = body["query"]["bool"]["must"][0]["multi_match"]
    assert must == {
        "query": "nuoc mam",
        "fields": ["folded_text"],
        "operator": "and",
        "fuzziness": "AUTO:5,100",
        "prefix_length": 0,
    }
    should = body["query"]["bool"]["should"]
    assert should[0] == {"match_phrase": {"title": {"query": "Nước MẮM", "boost": 8}}}
    assert body["sort"][0] == "_score"
    assert (body["from"], body["size"], body["track_total_hits"]) == (0, 20, True)


def test_query_body_filters_facets_sort_and_page():
    body = search_body(
        index="a",
        text="",
        kinds=["product"],
        filters={"stars": [4, 5], "group": "food", "in_stock": True, "price_band": ""},
        sort="price-asc",
        page=3,
        per_page=10,
    ).to_dict()
    assert "must" not in body["query"]["bool"]
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"kind": ["product"]}},
        {"terms": {"stars": [4, 5]}},
        {"terms": {"group": ["food"]}},
        {"term": {"in_stock": True}},
    ]
    assert set(body["aggs"]) == {
        "kind",
        "stars",
        "group",
        "province",
        "commune",
        "legal_type",
        "price_band",
        "in_stock",
    }
    assert body["aggs"]["stars"] == {"terms": {"field": "stars", "size": 50}}
    assert body["sort"][0] == {"price": {"order": "asc", "missing": "_last"}}
    assert (body["from"], body["size"]) == (20, 10)


def test_hostile_text_becomes_plain_words():
    body = search_body(index="a", text='" OR 1=1 -- <script>').to_dict()
    assert body["query"]["bool"]["must"][0]["multi_match"]["query"] == "or 1 1 script"
    assert search_body(index="a", text="🍯 '").to_dict().get("query", {}).get("bool", {}).get("must") is None


def test_unknown_sort_is_relevance():
    assert search_body(index="a", text="x", sort="bogus").to_dict()["sort"][0] == "_score"


def test_suggest_body_uses_edge_ngrams():
    body = suggest_body(index="a", prefix="Mật o", limit=10).to_dict()
    should = body["query"]["bool"]["should"]
    in_title = {"match": {"title.autocomplete": {"query": "mat o", "operator": "and"}}}
    assert {"constant_score": {"filter": in_title, "boost": 10}} in should
    assert {"match_phrase_prefix": {"title": {"query": "Mật o", "boost": 2}}} in should
    assert body["_source"] == ["kind", "title", "url"] and body["size"] == 30


def test_suggest_body_also_matches_the_text_with_the_last_word_as_a_prefix():
    """Like the database backend: "tea" suggests a product whose category is "Tea", after title matches."""
    body = suggest_body(index="a", prefix="Tea gre", limit=5).to_dict()
    query = body["query"]["bool"]
    assert query["minimum_should_match"] == 1 and "must" not in query
    in_text = {"match_bool_prefix": {"folded_text": {"query": "tea gre", "operator": "and"}}}
    assert {"constant_score": {"filter": in_text, "boost": 1}} in query["should"]
    boosts = {
        next(iter(clause["constant_score"]["filter"])): clause["constant_score"]["boost"]
        for clause in query["should"]
        if "constant_score" in clause
    }
    assert boosts["match"] > boosts["match_bool_prefix"]  # a title match ranks before a text-only one
    assert body["sort"][0] == "_score" and body["size"] == 15


def test_es_document_carries_location_and_unfolded_text():
    row = {
        "kind": "producer",
        "object_id": 7,
        "title": "HTX Mật ong",
        "text_lower": "htx mật ong",
        "folded_text": "htx mat ong",
        "latitude": 21.3,
        "longitude": 105.4,
        "created": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    }
    source = es_document(row)
    assert source["text"] == "htx mật ong" and source["location"] == {"lat": 21.3, "lon": 105.4}
    assert "location" not in es_document({**row, "latitude": None})


def test_near_a_point_filters_by_geo_distance_and_sorts_nearest_first():
    body = search_body(index="a", kinds=["producer"], near=(21.32, 105.4, 25), sort="distance").to_dict()
    assert {"geo_distance": {"distance": "25km", "location": {"lat": 21.32, "lon": 105.4}}} in body["query"]["bool"][
        "filter"
    ]
    assert body["sort"][0] == {
        "_geo_distance": {"location": {"lat": 21.32, "lon": 105.4}, "order": "asc", "unit": "km"}
    }
    assert search_body(index="a", sort="distance").to_dict()["sort"][0] == "_score"  # no point: relevance
