"""Celery tasks of search: thin, idempotent wrappers around the services."""

from celery import shared_task

from marketplace.search import services


@shared_task(acks_late=True)
def search_index_object_task(kind: str, pk: int) -> bool:
    return services.search_index_object(kind=kind, pk=pk)


@shared_task(acks_late=True)
def search_reindex_all() -> dict:
    """Nightly: a full rebuild, the safety net for anything a service did not report (e.g. a raw SQL fix)."""
    import io

    return services.search_reindex(stream=io.StringIO())


@shared_task(acks_late=True)
def search_index_objects_task(kind: str, pks: list[int]) -> int:
    return services.search_index_objects(kind=kind, pks=pks)


@shared_task(acks_late=True)
def search_index_region_task(pk: int) -> dict:
    """Everything that embeds a renamed region, in chunks: one task per region, however many products."""
    return services.search_index_region(pk=pk)
