"""How services hand work to Celery: only after the transaction commits, and never failing the request.

A task queued inside a transaction that later rolls back would act on rows that never existed; on_commit
makes the queue see only committed state.

When the broker is unreachable the request does not fail: ``task_enqueue`` runs the task in-process
(``task.apply``) with a logged warning. The tasks are idempotent thin wrappers around services, so running
one in the web process is correct, only slower for that one request (and a publish that timed out after its
message reached the broker may run twice, which idempotence allows). A task that fails while running
in-process gets no retry: it is logged as an error, and the periodic jobs that look for unfinished work
(unpaid purchases, pending refunds, the nightly reindex) pick it up. After a
publishing failure the broker is skipped for ``CELERY_BROKER_BREAKER_SECONDS`` (a dead broker costs one
short connect timeout per cool-off, not one per task).
"""

import logging
import threading
import time

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

_broker_lock = threading.Lock()
_broker_down_until = 0.0  # monotonic time until which the broker is not tried (0: try it)


def _broker_errors() -> tuple:
    from kombu.exceptions import OperationalError

    return (OperationalError, ConnectionError, OSError, TimeoutError)


def broker_marked_down() -> bool:
    """Whether a recent publish failed and tasks run in-process until the cool-off ends."""
    return time.monotonic() < _broker_down_until


def _mark_broker_down(error: Exception) -> None:
    global _broker_down_until
    with _broker_lock:
        if not broker_marked_down():
            logger.warning("Broker unreachable (%s): running tasks in-process for now.", error)
        _broker_down_until = time.monotonic() + float(getattr(settings, "CELERY_BROKER_BREAKER_SECONDS", 10))


def task_enqueue(task, /, *args, **kwargs):
    """Send ``task`` to the broker; if the broker is unreachable, run it here and now (logged).

    Returns the AsyncResult or, when run in-process, the EagerResult.
    """
    if task.app.conf.task_always_eager:  # no broker configured: apply_async runs it here already
        return task.apply_async(args, kwargs)
    if not broker_marked_down():
        try:
            # Bounded by CELERY_TASK_PUBLISH_RETRY_POLICY and the broker timeouts (settings/integrations/celery.py).
            return task.apply_async(args, kwargs)
        except _broker_errors() as error:
            _mark_broker_down(error)
    logger.warning("Running task %s in-process: the broker is unreachable.", task.name)
    try:
        return task.apply(args, kwargs)
    except Exception:
        logger.error(
            "Task %s%r failed in-process while the broker is unreachable: not retried now "
            "(the periodic jobs pick up unfinished work).",
            task.name,
            args,
            exc_info=True,
        )
        raise


def enqueue_on_commit(task, /, *args, **kwargs) -> None:
    """Queue ``task`` with ``task_enqueue`` once the current transaction commits (at once outside one).

    Robust: the write has committed, so a task that fails while running in-process (broker down, or no
    broker configured) is logged instead of turning the finished request into an error page.
    """
    transaction.on_commit(lambda: task_enqueue(task, *args, **kwargs), robust=True)
