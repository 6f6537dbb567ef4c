"""Reads of the OCOP cycle: criteria sets (the council's scorecards as data).

Criteria sets are nobody's private data: programme officers and council members read them all; the screens decide
who opens them (``programme.views.criteria``).

A criteria set travels in one plain shape, ``CriteriaSetSpec`` (parts → groups → criteria → answers): read from
the database (``criteria_set_spec``), from the shipped sample (``criteria_set_sample_spec``) or from an XLSX file
(``programme.criteria_xlsx``); validated and written by ``programme.services.criteria``; written to XLSX by
``programme.criteria_xlsx``. Two specs compare equal when they describe the same set (rows are not compared), which
is what "export → import gives the same set" means.
"""

import dataclasses
import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from programme.models import CriteriaGroup, CriteriaPart, CriteriaSet, Criterion, CriterionAnswer


def _row():
    return dataclasses.field(default=None, compare=False)


@dataclasses.dataclass
class AnswerSpec:
    text: str
    points: int | None
    fails: bool = False
    row: int | None = _row()


@dataclasses.dataclass
class CriterionSpec:
    code: str
    text: str
    max_points: int | None
    is_knockout: bool = False
    answers: list[AnswerSpec] = dataclasses.field(default_factory=list)
    row: int | None = _row()


@dataclasses.dataclass
class GroupSpec:
    title: str
    criteria: list[CriterionSpec] = dataclasses.field(default_factory=list)
    row: int | None = _row()


@dataclasses.dataclass
class PartSpec:
    code: str
    title: str
    max_points: int | None
    groups: list[GroupSpec] = dataclasses.field(default_factory=list)
    row: int | None = _row()


@dataclasses.dataclass
class CriteriaSetSpec:
    """A whole criteria set. ``product_sets`` are the product sets' codes (their catalogue slugs).

    ``sheet``, ``columns`` (field → column letter) and ``header_rows`` (field → row) say where each value was
    read, so that a problem can be reported by sheet, row and column; they are empty for a set read elsewhere.
    A value None is missing (or unreadable, when ``unreadable`` names it).
    """

    name: str
    legal_basis: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None = None
    is_sample: bool = False
    product_sets: list[str] = dataclasses.field(default_factory=list)
    parts: list[PartSpec] = dataclasses.field(default_factory=list)
    sheet: str | None = dataclasses.field(default=None, compare=False)
    columns: dict = dataclasses.field(default_factory=dict, compare=False)
    header_rows: dict = dataclasses.field(default_factory=dict, compare=False)
    # (row, field) of the values a reader found but could not read (already reported): not "missing".
    unreadable: set = dataclasses.field(default_factory=set, compare=False)


def criteria_set_for(*, product_set, on_date: datetime.date) -> CriteriaSet | None:
    """The criteria set in force for ``product_set`` (a catalogue Category or its pk) on ``on_date``, or None.

    In force: the set names the product set and ``valid_from <= on_date <= valid_until`` (no end date: open).
    When several are in force, an official set wins over sample wording, then the latest ``valid_from``, then
    the latest created.
    """
    if product_set is None or on_date is None:
        return None
    product_set_id = getattr(product_set, "pk", product_set)
    return (
        CriteriaSet.objects.filter(product_sets__pk=product_set_id, valid_from__lte=on_date)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on_date))
        .order_by("is_sample", "-valid_from", "-pk")
        .first()
    )


def criteria_set_list() -> QuerySet:
    """Every criteria set, newest first, with the counts and product sets the list page shows."""
    return (
        CriteriaSet.objects.annotate(
            part_count=Count("parts", distinct=True),
            criterion_count=Count("parts__groups__criteria", distinct=True),
        )
        .prefetch_related("product_sets")
        .order_by("-valid_from", "name", "pk")
    )


def criteria_set_get(*, pk: int) -> CriteriaSet:
    """One criteria set with its whole tree (parts → groups → criteria → answers) and product sets prefetched.

    Raises ``CriteriaSet.DoesNotExist``.
    """
    answers = Prefetch("answers", queryset=CriterionAnswer.objects.order_by("position", "pk"))
    criteria = Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk").prefetch_related(answers))
    groups = Prefetch("groups", queryset=CriteriaGroup.objects.order_by("position", "pk").prefetch_related(criteria))
    parts = Prefetch("parts", queryset=CriteriaPart.objects.order_by("position", "pk").prefetch_related(groups))
    return CriteriaSet.objects.prefetch_related(parts, "product_sets").get(pk=pk)


def criteria_set_spec(*, criteria_set: CriteriaSet) -> CriteriaSetSpec:
    """The set as a spec (use a set from ``criteria_set_get`` to read it in six queries)."""
    return CriteriaSetSpec(
        name=criteria_set.name,
        legal_basis=criteria_set.legal_basis,
        valid_from=criteria_set.valid_from,
        valid_until=criteria_set.valid_until,
        is_sample=criteria_set.is_sample,
        product_sets=sorted(category.slug for category in criteria_set.product_sets.all()),
        parts=[
            PartSpec(
                code=part.code,
                title=part.title,
                max_points=part.max_points,
                groups=[
                    GroupSpec(
                        title=group.title,
                        criteria=[
                            CriterionSpec(
                                code=criterion.code,
                                text=criterion.text,
                                max_points=criterion.max_points,
                                is_knockout=criterion.is_knockout,
                                answers=[
                                    AnswerSpec(text=answer.text, points=answer.points, fails=answer.fails)
                                    for answer in criterion.answers.all()
                                ],
                            )
                            for criterion in group.criteria.all()
                        ],
                    )
                    for group in part.groups.all()
                ],
            )
            for part in criteria_set.parts.all()
        ],
    )


def ocop_product_sets() -> dict:
    """The OCOP product sets (children of the six group categories), by code (slug), in the groups' order."""
    from catalogue.groups import OCOP_GROUPS
    from catalogue.models import Category

    roots = {root.slug: root.path for root in Category.objects.filter(depth=1, slug__in=[g[0] for g in OCOP_GROUPS])}
    if not roots:
        return {}
    by_prefix = Q()
    for path in roots.values():
        by_prefix |= Q(path__startswith=path)
    return {category.slug: category for category in Category.objects.filter(by_prefix, depth=2).order_by("path")}


def ocop_group_set_codes(*, group_keys) -> list[str]:
    """The product-set codes of the named OCOP groups (catalogue.groups.OCOP_GROUPS keys), as data says."""
    from catalogue.groups import OCOP_GROUPS

    return [code for key, _name, _name_en, sets in OCOP_GROUPS if key in group_keys for code, *_rest in sets]


def criteria_set_sample_spec() -> CriteriaSetSpec:
    """The sample set shipped with the software (``programme.sample_criteria``), as a spec."""
    from programme import sample_criteria as sample

    return CriteriaSetSpec(
        name=sample.NAME,
        legal_basis=sample.LEGAL_BASIS,
        valid_from=sample.VALID_FROM,
        valid_until=sample.VALID_UNTIL,
        is_sample=sample.IS_SAMPLE,
        product_sets=sorted(ocop_group_set_codes(group_keys=sample.GROUP_KEYS)),
        parts=[
            PartSpec(
                code=code,
                title=title,
                max_points=max_points,
                groups=[
                    GroupSpec(
                        title=group_title,
                        criteria=[
                            CriterionSpec(
                                code=c_code,
                                text=c_text,
                                max_points=c_max,
                                is_knockout=knockout,
                                answers=[AnswerSpec(text=a, points=p, fails=f) for a, p, f in answers],
                            )
                            for c_code, c_text, c_max, knockout, answers in criteria
                        ],
                    )
                    for group_title, criteria in groups
                ],
            )
            for code, title, max_points, groups in sample.PARTS
        ],
    )


@dataclasses.dataclass(frozen=True)
class CriteriaIssue:
    """One problem with a criteria set, where it is: sheet, row and column (None when not from a file)."""

    reason: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self):
        return criteria_issue_text(issue=self)


def criteria_issue_text(*, issue: CriteriaIssue) -> str:
    from django.utils.translation import gettext

    if issue.row is not None and issue.column:
        where = gettext("Sheet “%(sheet)s”, row %(row)s, column %(column)s") % {
            "sheet": issue.sheet,
            "row": issue.row,
            "column": issue.column,
        }
    elif issue.row is not None:
        where = gettext("Sheet “%(sheet)s”, row %(row)s") % {"sheet": issue.sheet, "row": issue.row}
    elif issue.sheet:
        where = gettext("Sheet “%(sheet)s”") % {"sheet": issue.sheet}
    else:
        return issue.reason
    return f"{where}: {issue.reason}"
