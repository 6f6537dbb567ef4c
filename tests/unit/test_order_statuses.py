"""Order statuses are one list (marketplace.order.statuses.OrderStatus); the pipeline is built from it."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from marketplace.dashboard.forms import ORDER_ACTIONS, OrderStatusChangeForm
from marketplace.order.models import Order, Purchase
from marketplace.order.statuses import ORDER_STATUS_LABELS, OrderStatus, order_status_label

# Oscar's settings as they were written by hand before the constants (issue #14): the refactor keeps them.
PIPELINE_BEFORE = {
    "awaiting_payment": ("pending", "cancelled"),
    "pending": ("confirmed", "cancelled"),
    "confirmed": ("packed", "cancelled"),
    "packed": ("shipped", "cancelled"),
    "shipped": ("delivered",),
    "delivered": (),
    "cancelled": (),
}


def test_the_pipeline_settings_are_what_they_were():
    assert settings.OSCAR_INITIAL_ORDER_STATUS == "pending"
    assert settings.OSCAR_INITIAL_LINE_STATUS == "pending"
    assert settings.OSCAR_ORDER_STATUS_PIPELINE == PIPELINE_BEFORE
    assert list(settings.OSCAR_ORDER_STATUS_PIPELINE) == list(PIPELINE_BEFORE)  # same order (the labels' too)
    assert settings.OSCAR_LINE_STATUS_PIPELINE == PIPELINE_BEFORE
    assert {status: status for status in PIPELINE_BEFORE} == settings.OSCAR_ORDER_STATUS_CASCADE


def test_the_settings_hold_plain_strings():
    """Oscar stores, compares and serialises them: no enum members leak into the settings."""
    values = [settings.OSCAR_INITIAL_ORDER_STATUS, settings.OSCAR_INITIAL_LINE_STATUS]
    for status, targets in settings.OSCAR_ORDER_STATUS_PIPELINE.items():
        values += [status, *targets]
    assert {type(value) for value in values} == {str}


def test_every_status_is_in_the_pipeline_and_nothing_else():
    assert set(settings.OSCAR_ORDER_STATUS_PIPELINE) == set(OrderStatus.values)
    for targets in settings.OSCAR_ORDER_STATUS_PIPELINE.values():
        assert set(targets) <= set(OrderStatus.values)


def test_the_statuses_module_imports_only_what_settings_may_import():
    """Settings import it: anything more (models, apps) would load before Django is set up."""
    import marketplace.order.statuses as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    assert imported == {"django.db.models", "django.utils.translation.gettext_lazy"}


def test_labels_come_from_the_choices_and_keep_their_words():
    assert list(ORDER_STATUS_LABELS) == list(PIPELINE_BEFORE)
    with translation.override("en"):
        assert order_status_label("awaiting_payment") == "Awaiting payment"
        assert order_status_label("pending") == "Waiting for the producer to confirm"
        assert order_status_label(OrderStatus.CANCELLED) == "Cancelled"
        assert order_status_label("bogus") == "bogus"  # an unknown status shows as it is stored
    with translation.override("vi"):
        assert order_status_label("awaiting_payment") == "Chờ thanh toán"
        assert order_status_label("confirmed") == "Đã xác nhận"


@pytest.mark.parametrize(
    ("status", "payment_status", "awaits_payment"),
    [
        ("awaiting_payment", "awaiting", True),
        ("awaiting_payment", "failed", False),  # as before: the pay link shows only while the payment is awaited
        ("awaiting_payment", "cancelled", False),
        ("pending", "awaiting", False),
        ("pending", "on_delivery", False),
    ],
)
def test_an_order_says_whether_it_awaits_payment(status, payment_status, awaits_payment):
    purchase = Purchase(pk=1, payment_status=payment_status)
    order = Order(status=status, purchase=purchase)
    assert order.awaits_payment is awaits_payment


def test_an_order_without_a_purchase_awaits_nothing_and_speaks_the_default_language():
    order = Order(status="awaiting_payment")
    assert order.awaits_payment is False
    assert order.language == settings.LANGUAGE_CODE == "vi"
    assert Order(status="pending", purchase=Purchase(pk=1, language="en")).language == "en"


@pytest.mark.parametrize("status", OrderStatus.values)
def test_an_order_says_whether_it_is_shipped_or_cancelled(status):
    order = Order(status=status)
    assert order.is_shipped is (status == "shipped")
    assert order.is_cancelled is (status == "cancelled")


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        ("awaiting_payment", [("cancelled", False, True)]),  # "pending" follows the payment, never a click
        ("pending", [("confirmed", False, False), ("cancelled", False, True)]),
        ("packed", [("shipped", True, False), ("cancelled", False, True)]),
        ("shipped", [("delivered", False, False)]),
        ("delivered", []),
        ("cancelled", []),
    ],
)
def test_the_dashboard_offers_the_pipeline_moves_and_says_what_each_needs(status, actions):
    form = OrderStatusChangeForm(order=Order(status=status))
    assert [(a["status"], a["needs_tracking"], a["needs_reason"]) for a in form.actions] == actions
    assert set(ORDER_ACTIONS) == set(OrderStatus.values) - {"pending", "awaiting_payment"}
