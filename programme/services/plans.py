"""Writes of the programme office's yearly plan: the plan, its targets and its planned product list.

Keyword-only arguments, ``<entity>_<action>`` names. Only programme officers write here; every write is checked
here again (not only by the screen), validated before anything is saved, and recorded by the audit trail
(``programme.audit``) with the officer as its actor.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.regions.models import Region
from programme.access import user_is_officer
from programme.models import PlannedProduct, PlanTarget, ProgrammePlan
from programme.services.decisions import audit_actor


def _officer_check(actor) -> None:
    if actor is None or not user_is_officer(actor):
        raise PermissionDenied(_("Only programme officers manage the yearly plan."))


def _whole_number(value, *, field: str, minimum: int = 0) -> int:
    """An integer of at least ``minimum``: refuses fractions, text and negatives with a message on ``field``."""
    if isinstance(value, bool) or value is None:
        raise ValidationError({field: _("Enter a whole number.")})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a whole number.")}) from None
    if number != value and str(number) != str(value).strip():
        raise ValidationError({field: _("Enter a whole number, without a fraction.")})
    if number < minimum:
        raise ValidationError({field: _("Enter a number of at least %(minimum)s.") % {"minimum": minimum}})
    return number


def plan_communes(*, plan: ProgrammePlan):
    """The communes and wards a plan covers: the ones it names, else every local unit of its province."""
    named = plan.communes.all()
    if plan.pk and named.exists():
        return named
    return Region.objects.local_units().filter(parent_id=plan.region_id)


def _plan_check(*, year, level, region, communes) -> None:
    errors = {}
    if not (2000 <= int(year) <= 2100):
        errors["year"] = _("Enter a year between 2000 and 2100.")
    if level not in ProgrammePlan.Level.values:
        errors["level"] = _("Choose a level.")
    if region is None or region.kind not in Region.PROVINCE_KINDS:
        errors["region"] = _("Choose a province or centrally-run city.")
    else:
        outside = [c for c in communes if c.parent_id != region.pk or c.kind not in Region.LOCAL_UNIT_KINDS]
        if outside:
            errors["communes"] = _("These are not communes or wards of %(province)s: %(names)s.") % {
                "province": region.name,
                "names": ", ".join(c.name for c in outside),
            }
    if level == ProgrammePlan.Level.CITY and not communes:
        errors.setdefault("communes", _("A city's plan names the communes and wards it covers."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *, year: int, level: str, region, title: str, decision_ref: str = "", communes=(), actor
) -> ProgrammePlan:
    _officer_check(actor)
    communes = list(communes)
    _plan_check(year=year, level=level, region=region, communes=communes)
    if ProgrammePlan.objects.filter(year=year, level=level, region=region, title=title.strip()).exists():
        raise ValidationError({"title": _("This plan already exists.")})
    with audit_actor(actor):
        plan = ProgrammePlan.objects.create(
            year=year,
            level=level,
            region=region,
            title=title.strip(),
            decision_ref=decision_ref.strip(),
            created_by=actor,
        )
        plan.communes.set(communes)
    return plan


@transaction.atomic
def plan_update(
    *, plan: ProgrammePlan, year: int, level: str, region, title: str, decision_ref: str = "", communes=(), actor
) -> ProgrammePlan:
    _officer_check(actor)
    communes = list(communes)
    _plan_check(year=year, level=level, region=region, communes=communes)
    plan = ProgrammePlan.objects.select_for_update().get(pk=plan.pk)
    duplicate = ProgrammePlan.objects.filter(year=year, level=level, region=region, title=title.strip())
    if duplicate.exclude(pk=plan.pk).exists():
        raise ValidationError({"title": _("This plan already exists.")})
    with audit_actor(actor):
        plan.year, plan.level, plan.region, plan.title = year, level, region, title.strip()
        plan.decision_ref = decision_ref.strip()
        plan.save()
        plan.communes.set(communes)
    return plan


@transaction.atomic
def plan_target_set(
    *,
    plan: ProgrammePlan,
    kind: str,
    value,
    label: str = "",
    unit: str = "",
    target: PlanTarget | None = None,
    actor,
) -> PlanTarget:
    """Sets a target: a computed kind once per plan (setting it again changes its value), or a custom one with
    its label and unit (``target`` to change an existing one)."""
    _officer_check(actor)
    if kind not in PlanTarget.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of target.")})
    value = _whole_number(value, field="value")
    label, unit = label.strip(), unit.strip()
    if kind == PlanTarget.Kind.CUSTOM and not label:
        raise ValidationError({"label": _("Name the target.")})
    if kind == PlanTarget.Kind.COMMUNE_COVERAGE:
        if value > 100:
            raise ValidationError({"value": _("A share is at most 100 %.")})
        unit = "%"
    with audit_actor(actor):
        if target is None and kind != PlanTarget.Kind.CUSTOM:
            target = PlanTarget.objects.filter(plan=plan, kind=kind).first()
        if target is None:
            target = PlanTarget(plan=plan, position=plan.targets.count())
        elif target.plan_id != plan.pk:
            raise ValidationError(_("This target belongs to another plan."))
        target.kind, target.value = kind, value
        target.label = label if kind == PlanTarget.Kind.CUSTOM else ""
        target.unit = unit
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError:
            raise ValidationError({"kind": _("The plan already has this target.")}) from None
    return target


@transaction.atomic
def plan_target_delete(*, target: PlanTarget, actor) -> None:
    _officer_check(actor)
    with audit_actor(actor):
        target.delete()


def _planned_product_check(*, plan, product, idea, producer, commune, type, target_stars) -> None:
    errors = {}
    if type not in PlannedProduct.Type.values:
        errors["type"] = _("Choose new, upgrade or re-certification.")
    try:
        stars = _whole_number(target_stars, field="target_stars")
    except ValidationError as error:
        errors.update(error.error_dict)
    else:
        if not 3 <= stars <= 5:
            errors["target_stars"] = _("Target stars are 3, 4 or 5.")
    if producer is None:
        errors["producer"] = _("Choose the producer.")
    if commune is None or commune.kind not in Region.LOCAL_UNIT_KINDS:
        errors["commune"] = _("Choose a commune or ward.")
    elif not plan_communes(plan=plan).filter(pk=commune.pk).exists():
        errors["commune"] = _("This commune or ward is not covered by the plan.")
    if idea is not None and producer is not None and idea.producer_id != producer.pk:
        errors["idea"] = _("This idea is another producer's.")
    if type in (PlannedProduct.Type.UPGRADE, PlannedProduct.Type.RECERTIFY) and product is None:
        errors["product"] = _("An upgrade or a re-certification names the product in the shop.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def planned_product_add(
    *,
    plan: ProgrammePlan,
    name: str,
    producer,
    commune,
    type: str = PlannedProduct.Type.NEW,
    target_stars: int = 3,
    product=None,
    idea=None,
    responsible_office: str = "",
    actor,
) -> PlannedProduct:
    _officer_check(actor)
    name = (name or "").strip() or (idea.name if idea else (product.get_title() if product else ""))
    if not name:
        raise ValidationError({"name": _("Name the product.")})
    _planned_product_check(
        plan=plan, product=product, idea=idea, producer=producer, commune=commune, type=type, target_stars=target_stars
    )
    with audit_actor(actor):
        return PlannedProduct.objects.create(
            plan=plan,
            name=name,
            product=product,
            idea=idea,
            producer=producer,
            commune=commune,
            type=type,
            target_stars=int(target_stars),
            responsible_office=responsible_office.strip(),
            position=plan.planned_products.count(),
        )


@transaction.atomic
def planned_product_update(
    *,
    planned: PlannedProduct,
    name: str,
    producer,
    commune,
    type: str,
    target_stars: int,
    product=None,
    idea=None,
    responsible_office: str = "",
    actor,
) -> PlannedProduct:
    _officer_check(actor)
    if not (name or "").strip():
        raise ValidationError({"name": _("Name the product.")})
    _planned_product_check(
        plan=planned.plan,
        product=product,
        idea=idea,
        producer=producer,
        commune=commune,
        type=type,
        target_stars=target_stars,
    )
    with audit_actor(actor):
        planned.name, planned.producer, planned.commune = name.strip(), producer, commune
        planned.type, planned.target_stars = type, int(target_stars)
        planned.product, planned.idea, planned.responsible_office = product, idea, responsible_office.strip()
        planned.save()
    return planned


@transaction.atomic
def planned_product_delete(*, planned: PlannedProduct, actor) -> None:
    _officer_check(actor)
    with audit_actor(actor):
        planned.delete()


def planned_product_import(*, plan: ProgrammePlan, upload, actor) -> int:
    """Imports a planned product list (XLSX, ``programme.office_xlsx.planned_rows_read``): all rows or none.

    Every row is checked first; any refusal raises one ValidationError naming each row, column and reason, and
    nothing is written. Returns the number of rows added."""
    from oscar.core.loading import get_model

    from programme.office_xlsx import TYPE_WORDS, planned_rows_read

    _officer_check(actor)
    Partner = get_model("partner", "Partner")
    Product = get_model("catalogue", "Product")
    rows = planned_rows_read(upload=upload)
    if not rows:
        raise ValidationError(_("The file has no rows to import."))
    producers = {p.registration_number: p for p in Partner.objects.exclude(registration_number="")}
    communes = {c.code: c for c in plan_communes(plan=plan)}
    product_ids = [int(row["product"]) for row in rows if row["product"].isdigit()]
    products = Product.objects.in_bulk(product_ids)
    problems, ready = [], []
    for row in rows:
        data = {
            "name": row["name"],
            "producer": producers.get(row["producer"]),
            "commune": communes.get(row["commune"]),
            "type": TYPE_WORDS.get(row["type"].casefold(), row["type"] or "new"),
            "target_stars": row["target_stars"] or "3",
            "responsible_office": row["responsible_office"],
            "product": products.get(int(row["product"])) if row["product"].isdigit() else None,
        }
        reasons = []
        if not data["name"]:
            reasons.append(_("column A: name the product"))
        if data["producer"] is None:
            reasons.append(_("column B: no producer has this registration number"))
        if data["commune"] is None:
            reasons.append(_("column C: no commune or ward of the plan has this code"))
        if row["product"] and data["product"] is None:
            reasons.append(_("column G: no product has this number"))
        if not reasons:
            try:
                _planned_product_check(
                    plan=plan,
                    idea=None,
                    **{k: data[k] for k in ("product", "producer", "commune", "type", "target_stars")},
                )
            except ValidationError as error:
                reasons += [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
        if reasons:
            problems.append(_("Row %(row)s: %(reasons)s.") % {"row": row["row"], "reasons": "; ".join(reasons)})
        else:
            ready.append(data)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic(), audit_actor(actor):
        start = plan.planned_products.count()
        for offset, data in enumerate(ready):
            PlannedProduct.objects.create(
                plan=plan,
                idea=None,
                position=start + offset,
                **{**data, "target_stars": int(data["target_stars"])},
            )
    return len(ready)
