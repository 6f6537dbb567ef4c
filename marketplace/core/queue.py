"""How services hand work to Celery: only after the transaction commits.

A task queued inside a transaction that later rolls back would act on rows that
never existed; on_commit makes the queue see only committed state.
"""

from django.db import transaction


def enqueue_on_commit(task, /, *args, **kwargs) -> None:
    """Queue ``task.delay(*args, **kwargs)`` once the current transaction commits (at once outside one).

    Robust: the write has committed, so a broker hiccup (or, with no broker, a task that fails while
    running in-process) is logged instead of turning the finished request into an error page.
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs), robust=True)
