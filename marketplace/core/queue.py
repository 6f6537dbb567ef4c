"""How services hand work to Celery: only after the transaction commits.

A task queued inside a transaction that later rolls back would act on rows that
never existed; on_commit makes the queue see only committed state.
"""

from django.db import transaction


def enqueue_on_commit(task, /, *args, **kwargs) -> None:
    """Queue ``task.delay(*args, **kwargs)`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
