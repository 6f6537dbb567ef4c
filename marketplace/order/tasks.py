"""Celery tasks of the order app: thin wrappers around services and selectors."""

from celery import shared_task

from marketplace.order import notifications, services


@shared_task(acks_late=True)
def purchases_cancel_unpaid() -> int:
    return services.purchases_cancel_unpaid()


@shared_task(acks_late=True)
def purchase_send_confirmations(purchase_id: int) -> int:
    return notifications.purchase_send_confirmations(purchase_id=purchase_id)


@shared_task(acks_late=True)
def order_send_status_email(status_change_id: int) -> bool:
    return notifications.order_send_status_email(status_change_id=status_change_id)
