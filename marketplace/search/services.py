"""Writes of the search index: index or remove one object, rebuild everything.

Services elsewhere that change searchable data call ``search_index_enqueue(kind=..., pk=...)``; the task
runs after their transaction commits.
"""

import logging
import sys

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.core.queue import enqueue_on_commit
from marketplace.search.cache import search_index_changed
from marketplace.search.documents import BUILDERS, KINDS, PRODUCER, PRODUCT, REGION, TOUR, all_pks
from marketplace.search.models import SearchDocument, SearchTerm
from marketplace.search.text import MAX_WORD_LENGTH

logger = logging.getLogger(__name__)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown search document kind: {kind!r}")


def _terms_add(documents: list[dict]) -> None:
    vocabulary = set()
    for document in documents:
        vocabulary.update(document["folded_text"].split())
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word[:MAX_WORD_LENGTH], length=len(word)) for word in sorted(vocabulary)],
        ignore_conflicts=True,
        batch_size=500,
    )


def _documents_write(*, kind: str, pks: list[int], documents: list[dict]) -> None:
    """Replace the stored documents of these objects by ``documents`` (those missing are removed)."""
    SearchDocument.objects.filter(kind=kind, object_id__in=pks).delete()
    SearchDocument.objects.bulk_create([SearchDocument(**document) for document in documents], batch_size=500)
    _terms_add(documents)
    search_index_changed()


def _elasticsearch_sync(*, kind: str, pks: list[int], documents: list[dict]) -> None:
    """Mirror these objects' documents to Elasticsearch when configured (those without a document are
    deleted there). During a rebuild the index being built gets the same writes (see
    ``search_reindex_elasticsearch``). A failure is logged, not raised: the database table stays right
    and ``search_reindex`` repairs the index."""
    from marketplace.search.selectors import elasticsearch_backend

    backend = elasticsearch_backend()
    if backend is None:
        return
    indexed = {document["object_id"] for document in documents}
    gone = [pk for pk in pks if pk not in indexed]
    try:
        for index in backend.write_targets():
            if documents:
                backend.index_documents(documents, index=index)
            for pk in gone:
                backend.remove(kind=kind, pk=pk, index=index)
    except Exception as error:  # noqa: BLE001 — any transport failure
        logger.warning("Elasticsearch not updated for %s %s (%s).", kind, ",".join(map(str, pks)), error)


def search_index_objects(*, kind: str, pks) -> int:
    """(Re)index these objects; removes those no longer searchable. Returns how many are indexed."""
    _check_kind(kind)
    pks = sorted({int(pk) for pk in pks})
    if not pks:
        return 0
    with transaction.atomic():
        documents = BUILDERS[kind](pks=pks)
        _documents_write(kind=kind, pks=pks, documents=documents)
    _elasticsearch_sync(kind=kind, pks=pks, documents=documents)
    return len(documents)


def search_index_object(*, kind: str, pk: int) -> bool:
    """(Re)index one object; removes it when it is no longer searchable. True when it is indexed."""
    return search_index_objects(kind=kind, pks=[pk]) == 1


def search_remove_object(*, kind: str, pk: int) -> int:
    """Remove one object from the index; returns how many documents went (0 or 1)."""
    _check_kind(kind)
    deleted, _ = SearchDocument.objects.filter(kind=kind, object_id=pk).delete()
    search_index_changed()
    _elasticsearch_sync(kind=kind, pks=[pk], documents=[])
    return deleted


def search_index_enqueue(*, kind: str, pk: int) -> None:
    """Queue a reindex of one object once the current transaction commits (Celery; eager without a broker)."""
    _check_kind(kind)
    from marketplace.search.tasks import search_index_object_task

    enqueue_on_commit(search_index_object_task, kind, pk)


ENQUEUE_CHUNK = 500


def search_index_enqueue_many(*, kind: str, pks) -> None:
    """Queue a reindex of these objects after commit: one task per chunk, not one per object."""
    _check_kind(kind)
    from marketplace.search.tasks import search_index_objects_task

    pks = sorted({int(pk) for pk in pks})
    for start in range(0, len(pks), ENQUEUE_CHUNK):
        enqueue_on_commit(search_index_objects_task, kind, pks[start : start + ENQUEUE_CHUNK])


def search_index_enqueue_producer(*, pk: int) -> None:
    """A producer's name, legal type and place are in its products' documents too, and its name in the
    tours that stop there: queue them all.

    Call it before deleting the producer: its products are found through their stock records.
    """
    StockRecord = get_model("partner", "StockRecord")
    search_index_enqueue(kind=PRODUCER, pk=pk)
    search_index_enqueue_many(
        kind=PRODUCT, pks=StockRecord.objects.filter(partner_id=pk).values_list("product_id", flat=True)
    )
    from events.tours.selectors import tour_ids_stopping_at

    search_index_enqueue_many(kind=TOUR, pks=tour_ids_stopping_at(producer_id=pk))


# What tour documents embed of a sales point that is one of their stops.
SALES_POINT_EMBEDDED_FIELDS = frozenset({"name", "street_address", "region", "latitude", "longitude"})
# What other documents embed of a region (its names and slug are the place facets, a province's are in its
# communes' documents too), and what only its own document shows.
REGION_EMBEDDED_FIELDS = frozenset({"name", "short_name", "slug", "parent"})
REGION_OWN_FIELDS = frozenset({"kind", "latitude", "longitude"})


def search_index_enqueue_sales_point(*, pk: int) -> None:
    """A sales point's name, address and place are in the documents of the tours that stop there: queue
    them. Also right after deleting it: the tours still name it in their stops, and drop it when rebuilt."""
    from events.tours.selectors import tour_ids_stopping_at_any

    search_index_enqueue_many(kind=TOUR, pks=tour_ids_stopping_at_any(sales_point_ids=[pk]))


def search_index_enqueue_region(*, pk: int, changed=REGION_EMBEDDED_FIELDS) -> None:
    """Queue what a change to these fields of a region makes stale, after commit.

    Its names, slug or parent are in many documents (a province's in thousands): one task for the region,
    which finds and reindexes them in chunks (``search_index_region``), not one task per object. Its kind
    or coordinates are in its own document only. Other fields: nothing.
    """
    changed = set(changed)
    if changed & REGION_EMBEDDED_FIELDS:
        from marketplace.search.tasks import search_index_region_task

        enqueue_on_commit(search_index_region_task, pk)
    elif changed & REGION_OWN_FIELDS:
        search_index_enqueue(kind=REGION, pk=pk)


def search_index_region(*, pk: int, chunk_size: int = ENQUEUE_CHUNK) -> dict[str, int]:
    """Reindex every document that embeds this region (itself and its communes' included), in chunks that
    each commit on their own; returns how many of each kind are indexed. Idempotent: it reads the region
    as it is now, so running it again, or after another change, does no harm."""
    from marketplace.search.selectors import search_ids_embedding_region

    counts = {}
    for kind, pks in search_ids_embedding_region(region_id=pk).items():
        counts[kind] = sum(
            search_index_objects(kind=kind, pks=pks[start : start + chunk_size])
            for start in range(0, len(pks), chunk_size)
        )
    return counts


def search_index_enqueue_pages_below(*, page) -> None:
    """A page's slug or place is in the URLs of the fairs and tours below it (a fair or tour index, or
    any ancestor), which their documents store: queue those that are live."""
    from marketplace.search.selectors import search_page_ids_below

    for kind, pks in search_page_ids_below(page=page).items():
        search_index_enqueue_many(kind=kind, pks=pks)


def search_reindex(*, kinds=KINDS, chunk_size: int = 500, stream=None) -> dict[str, int]:
    """Rebuild the index in chunks (each its own transaction, so search keeps answering); returns counts.

    Documents not rewritten by this run (objects gone or no longer public) are removed at the end.
    The vocabulary is rebuilt too. Progress goes to ``stream`` (stderr by default) as a counter.
    """
    stream = stream if stream is not None else sys.stderr
    started = timezone.now()
    counts = {}
    for kind in kinds:
        _check_kind(kind)
        pks = list(all_pks(kind=kind))
        indexed = 0
        for start in range(0, len(pks), chunk_size):
            chunk = pks[start : start + chunk_size]
            with transaction.atomic():
                documents = BUILDERS[kind](pks=chunk)
                _documents_write(kind=kind, pks=chunk, documents=documents)
            indexed += len(documents)
            done = min(start + chunk_size, len(pks))
            stream.write(f"\r{kind}: {done}/{len(pks)} ({indexed} indexed)")
            stream.flush()
        if pks:
            stream.write("\n")
        SearchDocument.objects.filter(kind=kind, updated_at__lt=started).delete()
        search_index_changed()
        counts[kind] = indexed
    if set(kinds) == set(KINDS):
        with transaction.atomic():
            SearchTerm.objects.all().delete()
            for start in range(0, SearchDocument.objects.count(), 2000):
                texts = SearchDocument.objects.order_by("pk").values_list("folded_text", flat=True)[
                    start : start + 2000
                ]
                _terms_add([{"folded_text": text} for text in texts])
    logger.info("Search index rebuilt: %s", counts)
    from marketplace.search.selectors import elasticsearch_backend

    backend = elasticsearch_backend()
    if backend is not None:
        search_reindex_elasticsearch(backend=backend, chunk_size=chunk_size, stream=stream)
    return counts


def search_reindex_elasticsearch(*, backend, chunk_size: int = 500, stream=None) -> str:
    """Build a new versioned index from the document table and swap the alias to it, then drop the old
    indexes: search answers from the old index until the swap.

    Writes made meanwhile are not lost. The new index is created with the "-building" alias, which
    ``_elasticsearch_sync`` writes to as well as to the alias (dual write), so updates and deletions
    reach it. Because the copy may read a row before a live write and store it after that write, the
    documents changed since the start are copied again, and documents the table no longer has (deleted
    during the rebuild) are deleted from the new index, before the swap.
    """
    from marketplace.search.backends.elasticsearch import index_for

    stream = stream if stream is not None else sys.stderr
    started = timezone.now()
    name = f"{backend.alias}-{started:%Y%m%d%H%M%S%f}"
    index = index_for(name)
    index.aliases(**{backend.building_alias: {}})
    index.create(using=backend.client)
    fields = [field.name for field in SearchDocument._meta.concrete_fields]
    try:
        total, copied, last_pk = SearchDocument.objects.count(), 0, 0
        # Keyset pages, not offsets: a live write replaces its row by one with a new pk, which would
        # shift later rows under an offset and skip one that the replay below does not cover.
        while rows := list(SearchDocument.objects.filter(pk__gt=last_pk).order_by("pk").values(*fields)[:chunk_size]):
            backend.index_documents(rows, index=name)
            copied, last_pk = copied + len(rows), rows[-1][SearchDocument._meta.pk.name]
            stream.write(f"\relasticsearch: {min(copied, total)}/{total}")
            stream.flush()
        stream.write("\n")
        replay = list(SearchDocument.objects.filter(updated_at__gte=started).order_by("pk").values(*fields))
        if replay:
            backend.index_documents(replay, index=name)
        # The index first, the table second: a document added in between is in the table, so kept.
        in_index = backend.indexed_ids(index=name)
        in_table = set(SearchDocument.objects.values_list("kind", "object_id"))
        for kind, pk in sorted(in_index - in_table):
            backend.remove(kind=kind, pk=pk, index=name)
    except BaseException:
        # A half-built index must not keep receiving live writes through its "-building" alias.
        backend.client.options(ignore_status=404).indices.delete(index=name)
        raise
    aliased = backend.client.options(ignore_status=404).indices.get_alias(name=backend.alias)
    old = [] if aliased.meta.status == 404 else [index for index in aliased.body if index != name]
    actions = [{"remove": {"index": index, "alias": backend.alias}} for index in old]
    backend.client.indices.update_aliases(actions=[*actions, {"add": {"index": name, "alias": backend.alias}}])
    # Live writes now reach the new index through the alias. The pattern also clears the alias from an
    # index left by a rebuild that died without cleaning up.
    backend.client.options(ignore_status=404).indices.delete_alias(
        index=f"{backend.alias}-*", name=backend.building_alias
    )
    for index in old:
        backend.client.options(ignore_status=404).indices.delete(index=index)
    return name
