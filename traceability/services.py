"""Writes for traceability: production lots and the steps of their journey.

Every rule lives here, so the Django admin, the producers' dashboard and the demo loader refuse
the same things with the same messages. Errors are ValidationErrors keyed by field.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from traceability.models import Lot, LotStep

LOT_NUMBER_MAX_LENGTH = Lot._meta.get_field("lot_number").max_length
# PositiveIntegerField's safe upper bound on every database we run on.
LOT_QUANTITY_MAX = 2_147_483_647


def _duplicate_lot_number_error(lot_number: str) -> ValidationError:
    return ValidationError(
        {
            "lot_number": _("This product already has a lot numbered %(lot_number)s.") % {"lot_number": lot_number},
        }
    )


def lot_validate(
    *,
    product,
    lot_number: str,
    production_date: datetime.date | None,
    quantity: int | None,
    expiry_date: datetime.date | None = None,
    lot=None,
    today: datetime.date | None = None,
) -> str:
    """Check a lot before it is recorded or changed; returns the cleaned lot number.

    ``lot`` is the lot being changed (it does not clash with itself). Raises ValidationError keyed by field.
    """
    today = today or timezone.localdate()
    lot_number = (lot_number or "").strip()
    errors = {}
    if not lot_number:
        errors["lot_number"] = _("Give the lot number printed on the packaging.")
    elif len(lot_number) > LOT_NUMBER_MAX_LENGTH:
        errors["lot_number"] = _("A lot number has at most %(max)s characters.") % {"max": LOT_NUMBER_MAX_LENGTH}
    else:
        clashes = Lot.objects.filter(product=product, lot_number=lot_number)
        if lot is not None and lot.pk:
            clashes = clashes.exclude(pk=lot.pk)
        if clashes.exists():
            errors.update(_duplicate_lot_number_error(lot_number).error_dict)
    if production_date is None:
        errors["production_date"] = _("Give the production date.")
    elif production_date > today:
        errors["production_date"] = _("A production date cannot be in the future.")
    if expiry_date is not None and production_date is not None and expiry_date < production_date:
        errors["expiry_date"] = _("The expiry date cannot be before the production date.")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        errors["quantity"] = _("A lot's quantity is a whole number greater than zero.")
    elif quantity > LOT_QUANTITY_MAX:
        errors["quantity"] = _("This quantity is too large.")
    if errors:
        raise ValidationError(errors)
    return lot_number


def lot_create(
    *,
    product,
    lot_number: str,
    production_date: datetime.date,
    quantity: int,
    expiry_date: datetime.date | None = None,
    raw_material_origin: str = "",
    today: datetime.date | None = None,
) -> "Lot":
    """Record a production lot. Its trace code (printed in the QR) is random and never reused."""
    lot_number = lot_validate(
        product=product,
        lot_number=lot_number,
        production_date=production_date,
        quantity=quantity,
        expiry_date=expiry_date,
        today=today,
    )
    try:
        with transaction.atomic():
            return Lot.objects.create(
                product=product,
                lot_number=lot_number,
                production_date=production_date,
                expiry_date=expiry_date,
                quantity=quantity,
                raw_material_origin=(raw_material_origin or "").strip(),
            )
    except IntegrityError as error:
        # Another request recorded the same lot number between the check and the insert.
        if Lot.objects.filter(product=product, lot_number=lot_number).exists():
            raise _duplicate_lot_number_error(lot_number) from error
        raise


def lot_update(
    *,
    lot: "Lot",
    lot_number: str,
    production_date: datetime.date,
    quantity: int,
    expiry_date: datetime.date | None = None,
    raw_material_origin: str = "",
    today: datetime.date | None = None,
) -> "Lot":
    """Correct a lot's facts under the same rules as recording it. The product and trace code never change."""
    lot_number = lot_validate(
        product=lot.product,
        lot_number=lot_number,
        production_date=production_date,
        quantity=quantity,
        expiry_date=expiry_date,
        lot=lot,
        today=today,
    )
    lot.lot_number = lot_number
    lot.production_date = production_date
    lot.expiry_date = expiry_date
    lot.quantity = quantity
    lot.raw_material_origin = (raw_material_origin or "").strip()
    try:
        with transaction.atomic():
            lot.save(update_fields=["lot_number", "production_date", "expiry_date", "quantity", "raw_material_origin"])
    except IntegrityError as error:
        raise _duplicate_lot_number_error(lot_number) from error
    return lot


def lot_step_validate(*, date: datetime.date | None, step: str, today: datetime.date | None = None) -> str:
    """Check one step of a lot's journey; returns the cleaned step name.

    A step may come before the production date (growing, harvesting raw materials), never after today.
    """
    today = today or timezone.localdate()
    step = (step or "").strip()
    errors = {}
    if not step:
        errors["step"] = _("Say what happened at this step (e.g. harvest, processing, packing).")
    if date is None:
        errors["date"] = _("Give the date of this step.")
    elif date > today:
        errors["date"] = _("A step cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    return step


def lot_add_step(
    *,
    lot: "Lot",
    date: datetime.date,
    step: str,
    place: str = "",
    note: str = "",
    today: datetime.date | None = None,
) -> "LotStep":
    """Add a step to a lot's journey; the lot page lists steps by date."""
    step = lot_step_validate(date=date, step=step, today=today)
    return LotStep.objects.create(lot=lot, date=date, step=step, place=(place or "").strip(), note=(note or "").strip())
