"""Writes for the OCOP catalogue."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from oscar.core.loading import get_model

from catalogue.certification import CERTIFIED_MIN_STARS, VALIDITY_MONTHS, stars_for_score
from catalogue.groups import OCOP_GROUPS

Category = get_model("catalogue", "Category")
Certification = get_model("catalogue", "Certification")


@transaction.atomic
def category_ensure_ocop_groups() -> dict[str, "Category"]:
    """Create the six OCOP groups and their product sets if missing; returns categories by key.

    Categories are found by slug, so running it again changes nothing.
    """
    by_key = {}
    for key, name, _name_en, sets in OCOP_GROUPS:
        group = Category.get_root_nodes().filter(slug=key).first() or Category.add_root(name=name, slug=key)
        by_key[key] = group
        for set_key, set_name, _set_name_en in sets:
            child = group.get_children().filter(slug=set_key).first()
            if child is None:
                child = group.add_child(name=set_name, slug=set_key)
                group.refresh_from_db()  # treebeard updates the parent's child count in the database
            by_key[set_key] = child
    return by_key


@transaction.atomic
def certification_record(
    *,
    product,
    score: int,
    decision_number: str,
    decision_date: datetime.date,
    issuing_level: str | None = None,
) -> "Certification":
    """Record an evaluation. Stars come from the score bands; validity is 36 months.

    A new certificate in force replaces the previous one, which is kept as history.
    """
    stars = stars_for_score(score)
    if issuing_level is None:
        issuing_level = Certification.IssuingLevel.MINISTRY if stars == 5 else Certification.IssuingLevel.PROVINCE
    status = Certification.Status.CERTIFIED if stars >= CERTIFIED_MIN_STARS else Certification.Status.NOT_CERTIFIED
    if status == Certification.Status.CERTIFIED:
        Certification.objects.filter(product=product, status__in=Certification.IN_FORCE_STATUSES).update(
            status=Certification.Status.EXPIRED
        )
    return Certification.objects.create(
        product=product,
        score=score,
        stars=stars,
        decision_number=decision_number,
        decision_date=decision_date,
        issuing_level=issuing_level,
        valid_until=decision_date + relativedelta(months=VALIDITY_MONTHS),
        status=status,
    )
