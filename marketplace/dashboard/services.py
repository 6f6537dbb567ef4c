"""Writes started from the dashboard. The rules of each change live in the core services they call."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from marketplace.dashboard.access import user_is_officer
from marketplace.dashboard.selectors import purchase_is_all_theirs
from marketplace.order.models import Purchase
from marketplace.order.services import purchase_mark_paid


def purchase_mark_transfer_received(*, purchase: Purchase, user) -> bool:
    """An officer, or the producer of every order in it, records that a bank transfer arrived.

    A producer may not confirm money paid for another producer's goods: a purchase split between
    producers is confirmed by an officer. Returns False when nothing changed (already received).
    """
    if purchase.payment_method != Purchase.PaymentMethod.VIETQR:
        raise ValidationError(_("Only bank transfers are marked as received by hand."), code="not_transfer")
    if purchase.payment_status == Purchase.PaymentStatus.CANCELLED:
        raise ValidationError(
            _("Purchase %(reference)s was cancelled: its payment can no longer be recorded.")
            % {"reference": purchase.reference},
            code="cancelled",
        )
    if not user_is_officer(user) and not purchase_is_all_theirs(purchase=purchase, user=user):
        raise PermissionDenied(
            _("Purchase %(reference)s includes other producers' orders: an officer records its payment.")
            % {"reference": purchase.reference}
        )
    return purchase_mark_paid(purchase=purchase, user=user)
