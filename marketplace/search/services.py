"""Writes of the search index: index or remove one object, rebuild everything.

Services elsewhere that change searchable data call ``search_index_enqueue(kind=..., pk=...)``; the task
runs after their transaction commits.
"""

import logging
import sys

from django.db import transaction
from django.utils import timezone

from marketplace.core.queue import enqueue_on_commit
from marketplace.search.documents import BUILDERS, KINDS, all_pks
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


def _elasticsearch_sync(*, kind: str, pk: int, documents: list[dict]) -> None:
    """Mirror one object's document to Elasticsearch when configured; a failure is logged, not raised
    (the database table stays right and ``search_reindex`` repairs the index)."""
    from marketplace.search.selectors import elasticsearch_backend

    backend = elasticsearch_backend()
    if backend is None:
        return
    try:
        if documents:
            backend.index_documents(documents)
        else:
            backend.remove(kind=kind, pk=pk)
    except Exception as error:  # noqa: BLE001 — any transport failure
        logger.warning("Elasticsearch not updated for %s %s (%s).", kind, pk, error)


def search_index_object(*, kind: str, pk: int) -> bool:
    """(Re)index one object; removes it when it is no longer searchable. True when it is indexed."""
    _check_kind(kind)
    with transaction.atomic():
        documents = BUILDERS[kind](pks=[pk])
        _documents_write(kind=kind, pks=[pk], documents=documents)
    _elasticsearch_sync(kind=kind, pk=pk, documents=documents)
    return bool(documents)


def search_remove_object(*, kind: str, pk: int) -> int:
    """Remove one object from the index; returns how many documents went (0 or 1)."""
    _check_kind(kind)
    deleted, _ = SearchDocument.objects.filter(kind=kind, object_id=pk).delete()
    _elasticsearch_sync(kind=kind, pk=pk, documents=[])
    return deleted


def search_index_enqueue(*, kind: str, pk: int) -> None:
    """Queue a reindex of one object once the current transaction commits (Celery; eager without a broker)."""
    _check_kind(kind)
    from marketplace.search.tasks import search_index_object_task

    enqueue_on_commit(search_index_object_task, kind, pk)


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
    """Build a new versioned index from the document table, swap the alias to it, replay the writes made
    meanwhile, and drop the old indexes: search answers from the old index until the swap."""
    from marketplace.search.backends.elasticsearch import index_for

    stream = stream if stream is not None else sys.stderr
    started = timezone.now()
    name = f"{backend.alias}-{started:%Y%m%d%H%M%S%f}"
    index_for(name).create(using=backend.client)
    fields = [field.name for field in SearchDocument._meta.concrete_fields]
    total = SearchDocument.objects.count()
    for start in range(0, total, chunk_size):
        rows = list(SearchDocument.objects.order_by("pk").values(*fields)[start : start + chunk_size])
        backend.index_documents(rows, index=name)
        stream.write(f"\relasticsearch: {min(start + chunk_size, total)}/{total}")
        stream.flush()
    stream.write("\n")
    aliased = backend.client.options(ignore_status=404).indices.get_alias(name=backend.alias)
    old = [] if aliased.meta.status == 404 else [index for index in aliased.body if index != name]
    actions = [{"remove": {"index": index, "alias": backend.alias}} for index in old]
    backend.client.indices.update_aliases(actions=[*actions, {"add": {"index": name, "alias": backend.alias}}])
    replay = list(SearchDocument.objects.filter(updated_at__gte=started).values(*fields))
    if replay:
        backend.index_documents(replay, index=name)
    for index in old:
        backend.client.options(ignore_status=404).indices.delete(index=index)
    return name
