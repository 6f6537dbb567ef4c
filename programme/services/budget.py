"""Writes of the programme office's budget: budget lines and spending entries booked against them.

Amounts are whole đồng: fractions and negatives are refused. A spending entry that would take its line over the
planned amount is refused, unless the officer holds ``programme.approve_overspend`` and gives a reason; the
line is locked while the check and the write happen, so two entries recorded at once cannot both slip under the
plan. A supporting document is cleaned by content (``marketplace.core.uploads``) and kept in private storage.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from marketplace.core.uploads import document_upload_clean
from programme.access import user_is_officer
from programme.models import BudgetLine, ProgrammePlan, Spending
from programme.services.common import files_atomic
from programme.services.decisions import audit_actor

OVERSPEND_PERMISSION = "programme.approve_overspend"


def _officer_check(actor) -> None:
    if actor is None or not user_is_officer(actor):
        raise PermissionDenied(_("Only programme officers manage the budget."))


def dong_amount(value, *, field: str) -> int:
    """A whole, non-negative number of đồng; a fraction, a negative or text is refused on ``field``."""
    if value is None or isinstance(value, bool) or str(value).strip() == "":
        raise ValidationError({field: _("Enter an amount in đồng.")})
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount in đồng.")}) from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValidationError(
            {field: _("Amounts are in whole đồng: %(value)s has a fractional part.") % {"value": value}}
        )
    if amount < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    return int(amount)


@transaction.atomic
def budget_line_create(*, plan: ProgrammePlan, name: str, source: str, planned_amount, actor) -> BudgetLine:
    _officer_check(actor)
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Name the budget line.")
    if source not in BudgetLine.Source.values:
        errors["source"] = _("Choose a funding source.")
    try:
        amount = dong_amount(planned_amount, field="planned_amount")
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    with audit_actor(actor):
        try:
            with transaction.atomic():
                return BudgetLine.objects.create(
                    plan=plan, name=name, source=source, planned_amount=amount, position=plan.budget_lines.count()
                )
        except IntegrityError:
            raise ValidationError({"name": _("The plan already has a budget line of this name.")}) from None


@transaction.atomic
def budget_line_update(*, line: BudgetLine, name: str, source: str, planned_amount, actor) -> BudgetLine:
    _officer_check(actor)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    amount = dong_amount(planned_amount, field="planned_amount")
    if source not in BudgetLine.Source.values:
        raise ValidationError({"source": _("Choose a funding source.")})
    if not (name or "").strip():
        raise ValidationError({"name": _("Name the budget line.")})
    with audit_actor(actor):
        line.name, line.source, line.planned_amount = name.strip(), source, amount
        try:
            with transaction.atomic():
                line.save()
        except IntegrityError:
            raise ValidationError({"name": _("The plan already has a budget line of this name.")}) from None
    return line


def spending_record(
    *,
    line: BudgetLine,
    date,
    amount,
    payee: str,
    purpose: str,
    document=None,
    over_plan_reason: str = "",
    actor,
) -> Spending:
    """Books a spending entry against ``line``. Over the line's plan only with the approving permission and a
    reason; the document (optional) is a PDF or a picture, checked by content."""
    _officer_check(actor)
    errors = {}
    try:
        amount = dong_amount(amount, field="amount")
        if amount == 0:
            errors["amount"] = _("Enter an amount above zero.")
    except ValidationError as error:
        errors.update(error.error_dict)
    if date is None:
        errors["date"] = _("Enter the date.")
    if not (payee or "").strip():
        errors["payee"] = _("Name the payee.")
    if not (purpose or "").strip():
        errors["purpose"] = _("Write what the money was for.")
    content = None
    if document:
        try:
            content = document_upload_clean(upload=document)
        except ValidationError as error:
            errors["document"] = error.messages
    if errors:
        raise ValidationError(errors)
    reason = (over_plan_reason or "").strip()
    with files_atomic() as files:
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        spent = line.spendings.aggregate(total=Sum("amount"))["total"] or 0
        if spent + amount > line.planned_amount:
            if not actor.has_perm(OVERSPEND_PERMISSION):
                raise ValidationError(
                    {
                        "amount": _(
                            "This would take “%(line)s” over its plan (%(spent)s of %(planned)s spent); "
                            "only an officer allowed to approve overspending may record it, with a reason."
                        )
                        % {
                            "line": line.name,
                            "spent": currency(spent, "VND"),
                            "planned": currency(line.planned_amount, "VND"),
                        }
                    }
                )
            if not reason:
                raise ValidationError({"over_plan_reason": _("Give the reason for going over the line's plan.")})
        else:
            reason = ""
        with audit_actor(actor):
            entry = Spending(
                line=line,
                date=date,
                amount=amount,
                payee=payee.strip(),
                purpose=purpose.strip(),
                over_plan_reason=reason,
                recorded_by=actor,
            )
            if content is not None:
                entry.document_name = (getattr(document, "name", "") or content.name)[:255]
                files.store(entry.document, content)
            entry.save()
    return entry
