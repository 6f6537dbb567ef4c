"""Writes of the OCOP cycle: criteria sets (the council's scorecards as data).

``criteria_set_validate`` checks a set (a ``CriteriaSetSpec``) and lists every problem with where it is (sheet,
row, column) and why; ``criteria_set_create`` writes a valid set, whole, or nothing; ``criteria_set_import`` reads
an XLSX workbook (``programme.criteria_xlsx``) and does the same: one problem anywhere refuses the whole file.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from programme.models import CriteriaGroup, CriteriaPart, CriteriaSet, Criterion, CriterionAnswer
from programme.selectors.criteria import CriteriaIssue, CriteriaSetSpec, ocop_product_sets

TOTAL_POINTS = 100

# The models' field lengths.
NAME_MAX_LENGTH = CriteriaSet._meta.get_field("name").max_length
LEGAL_BASIS_MAX_LENGTH = CriteriaSet._meta.get_field("legal_basis").max_length
PART_CODE_MAX_LENGTH = CriteriaPart._meta.get_field("code").max_length
PART_TITLE_MAX_LENGTH = CriteriaPart._meta.get_field("title").max_length
GROUP_TITLE_MAX_LENGTH = CriteriaGroup._meta.get_field("title").max_length
CRITERION_CODE_MAX_LENGTH = Criterion._meta.get_field("code").max_length
ANSWER_TEXT_MAX_LENGTH = CriterionAnswer._meta.get_field("text").max_length
POINTS_MAX = 100  # no part, criterion or answer can be worth more than the whole card

# The texts a set must give, by the field they are reported at: (the reason when it is blank, the reason when it
# is longer than the limit, the limit).
TEXT_RULES = {
    "name": (
        gettext_noop("The criteria set needs a name."),
        gettext_noop("The name is longer than %(limit)s characters."),
        NAME_MAX_LENGTH,
    ),
    "legal_basis": (
        gettext_noop("The legal basis is missing (for example “Quyết định 148/QĐ-TTg, 2023”)."),
        gettext_noop("The legal basis is longer than %(limit)s characters."),
        LEGAL_BASIS_MAX_LENGTH,
    ),
    "part_code": (
        gettext_noop("The part's code is missing."),
        gettext_noop("A part's code has at most %(limit)s characters."),
        PART_CODE_MAX_LENGTH,
    ),
    "part_title": (
        gettext_noop("Part %(part)s has no title."),
        gettext_noop("A part's title has at most %(limit)s characters."),
        PART_TITLE_MAX_LENGTH,
    ),
    "group": (
        gettext_noop("The group of criteria has no title."),
        gettext_noop("A group's title has at most %(limit)s characters."),
        GROUP_TITLE_MAX_LENGTH,
    ),
    "criterion_code": (
        gettext_noop("The criterion's code is missing."),
        gettext_noop("A criterion's code has at most %(limit)s characters."),
        CRITERION_CODE_MAX_LENGTH,
    ),
    "answer_text": (
        gettext_noop("The answer has no text."),
        gettext_noop("An answer has at most %(limit)s characters."),
        ANSWER_TEXT_MAX_LENGTH,
    ),
}


class CriteriaSetInvalid(ValidationError):
    """A criteria set (or the file holding it) with problems; ``issues`` lists them, each with where and why."""

    def __init__(self, issues: list[CriteriaIssue]):
        self.issues = list(issues)
        super().__init__([str(issue) for issue in self.issues] or [gettext("The criteria set is not valid.")])


class _Issues:
    """Collects problems, placing each by the spec's sheet, header rows and columns."""

    def __init__(self, spec: CriteriaSetSpec):
        self.spec = spec
        self.items: list[CriteriaIssue] = []

    def at(self, reason: str, *, row: int | None = None, field: str | None = None) -> None:
        self.items.append(
            CriteriaIssue(
                reason=reason,
                sheet=self.spec.sheet,
                row=row,
                column=self.spec.columns.get(field) if field and row is not None else None,
            )
        )

    def header(self, reason: str, *, field: str) -> None:
        self.at(reason, row=self.spec.header_rows.get(field), field="header_value")

    def text_check(self, value, *, field: str, row: int | None = None, header=False, **params) -> bool:
        """Reports a blank ``value`` or one longer than allowed, by the rule of ``field`` (TEXT_RULES; ``params``
        fill the blank one's message), beside the header's ``field`` or at ``row``; True when the value is fine."""
        missing, too_long, limit = TEXT_RULES[field]
        if not (value or "").strip():
            reason = gettext(missing) % params if params else gettext(missing)
        elif _too_long(value, limit):
            reason = gettext(too_long) % {"limit": limit}
        else:
            return True
        if header:
            self.header(reason, field=field)
        else:
            self.at(reason, row=row, field=field)
        return False

    def repeated(self, by_key: dict, *, field: str, reason) -> None:
        """Reports each key of ``by_key`` (key → the nodes giving it) given more than once, at its second row;
        ``reason(nodes)`` says why."""
        for same in by_key.values():
            if len(same) > 1:
                self.at(reason(same), row=same[1].row, field=field)

    def missing(self, value, reason: str, *, row: int | None, field: str) -> bool:
        """Reports a missing value (unless the reader already reported it unreadable); True when missing."""
        if value is not None:
            return False
        if (row, field) not in self.spec.unreadable:
            self.at(reason, row=row, field=field)
        return True


def _rows(nodes) -> str:
    return ", ".join(str(node.row) for node in nodes if node.row is not None)


def _too_long(value: str, limit: int) -> bool:
    return len(value or "") > limit


def _points_ok(value) -> bool:
    return value is None or 0 <= value <= POINTS_MAX


def criteria_set_validate(*, spec: CriteriaSetSpec) -> list[CriteriaIssue]:
    """Every problem with the set, in reading order; an empty list when the set may be written.

    The rules: a name, a legal basis and a start date (the end, if any, not before it); at least one known product
    set; parts with unique codes whose maxima add up to 100; in each part, groups whose criteria's maxima add up to
    the part's maximum; criteria codes unique in the set; each criterion with answers none of which is above its
    maximum, one of which (not failing) reaches it; a knock-out criterion with at least one failing answer, and
    failing answers only on knock-out criteria. A value the reader could not read (None) was reported there and
    is skipped here.
    """
    issues = _Issues(spec)

    # The set's own facts.
    issues.text_check(spec.name, field="name", header=True)
    issues.text_check(spec.legal_basis, field="legal_basis", header=True)
    issues.missing(
        spec.valid_from,
        gettext("The date the set is valid from is missing."),
        row=spec.header_rows.get("valid_from"),
        field="header_value",
    )
    if spec.valid_from and spec.valid_until and spec.valid_until < spec.valid_from:
        issues.header(gettext("The set cannot end before it starts."), field="valid_until")
    known_sets = ocop_product_sets()
    if not spec.product_sets:
        issues.header(gettext("Name at least one product set the criteria set scores."), field="product_sets")
    for code in spec.product_sets:
        if code not in known_sets:
            issues.header(
                gettext("“%(code)s” is not the code of an OCOP product set (see the list in the instructions).")
                % {"code": code},
                field="product_sets",
            )

    # Parts.
    if not spec.parts:
        issues.at(gettext("The set has no parts, groups or criteria."))
    parts_by_code: dict[str, list] = {}
    for part in spec.parts:
        code = (part.code or "").strip()
        if issues.text_check(code, row=part.row, field="part_code"):
            parts_by_code.setdefault(code.casefold(), []).append(part)
        issues.text_check(part.title, row=part.row, field="part_title", part=code)
        if issues.missing(
            part.max_points,
            gettext("Part %(part)s has no maximum.") % {"part": code},
            row=part.row,
            field="part_max",
        ):
            pass
        elif not 1 <= part.max_points <= POINTS_MAX:
            issues.at(
                gettext("A part's maximum is between 1 and %(limit)s points.") % {"limit": POINTS_MAX},
                row=part.row,
                field="part_max",
            )
    issues.repeated(
        parts_by_code,
        field="part_code",
        reason=lambda same: (
            gettext("Part code %(code)s is used more than once (rows %(rows)s).")
            % {"code": same[0].code, "rows": _rows(same)}
        ),
    )
    part_maxima = [part.max_points for part in spec.parts]
    if spec.parts and None not in part_maxima and sum(part_maxima) != TOTAL_POINTS:
        issues.at(
            gettext("The parts' maxima add up to %(total)s points; they must add up to %(expected)s.")
            % {"total": sum(part_maxima), "expected": TOTAL_POINTS},
            row=spec.parts[0].row,
            field="part_max",
        )

    # Groups and criteria.
    criteria_by_code: dict[str, list] = {}
    for part in spec.parts:
        if not part.groups:
            issues.at(gettext("Part %(part)s has no criteria.") % {"part": part.code}, row=part.row, field="group")
        groups_by_title: dict[str, list] = {}
        criterion_maxima = []
        for group in part.groups:
            title = (group.title or "").strip()
            if issues.text_check(title, row=group.row, field="group"):
                groups_by_title.setdefault(title.casefold(), []).append(group)
            if not group.criteria:
                issues.at(
                    gettext("The group “%(group)s” has no criteria.") % {"group": title}, row=group.row, field="group"
                )
            for criterion in group.criteria:
                criterion_maxima.append(criterion.max_points)
                _criterion_validate(issues=issues, criterion=criterion)
                code = (criterion.code or "").strip()
                if code:
                    criteria_by_code.setdefault(code.casefold(), []).append(criterion)
        issues.repeated(
            groups_by_title,
            field="group",
            reason=lambda same, part=part: (
                gettext("The group “%(group)s” appears more than once in part %(part)s (rows %(rows)s).")
                % {"group": same[0].title, "part": part.code, "rows": _rows(same)}
            ),
        )
        if part.groups and part.max_points is not None and None not in criterion_maxima:
            total = sum(criterion_maxima)
            if total != part.max_points:
                issues.at(
                    gettext(
                        "The criteria of part %(part)s add up to %(total)s points, but the part's maximum is "
                        "%(max)s: the criteria's maxima must add up to the part's maximum."
                    )
                    % {"part": part.code, "total": total, "max": part.max_points},
                    row=part.row,
                    field="part_max",
                )
    issues.repeated(
        criteria_by_code,
        field="criterion_code",
        reason=lambda same: (
            gettext("Criterion code %(code)s is used more than once (rows %(rows)s).")
            % {"code": same[0].code, "rows": _rows(same)}
        ),
    )
    return issues.items


def _criterion_validate(*, issues: _Issues, criterion) -> None:
    code = (criterion.code or "").strip()
    label = code or "?"
    issues.text_check(code, row=criterion.row, field="criterion_code")
    if not (criterion.text or "").strip():
        issues.at(
            gettext("Criterion %(code)s has no text.") % {"code": label}, row=criterion.row, field="criterion_text"
        )
    maximum = criterion.max_points
    if not issues.missing(
        maximum,
        gettext("Criterion %(code)s has no maximum.") % {"code": label},
        row=criterion.row,
        field="criterion_max",
    ):
        if not _points_ok(maximum):
            issues.at(
                gettext("A criterion's maximum is between 0 and %(limit)s points.") % {"limit": POINTS_MAX},
                row=criterion.row,
                field="criterion_max",
            )
        elif maximum == 0 and not criterion.is_knockout:
            issues.at(
                gettext("Criterion %(code)s is worth 0 points: only a knock-out criterion may be.") % {"code": label},
                row=criterion.row,
                field="criterion_max",
            )
    if not criterion.answers:
        issues.at(
            gettext("Criterion %(code)s has no answers.") % {"code": label}, row=criterion.row, field="answer_text"
        )
        return
    texts: dict[str, list] = {}
    for answer in criterion.answers:
        text = (answer.text or "").strip()
        if issues.text_check(text, row=answer.row, field="answer_text"):
            texts.setdefault(text.casefold(), []).append(answer)
        if issues.missing(
            answer.points,
            gettext("The answer “%(answer)s” gives no points (write 0 for none).") % {"answer": text},
            row=answer.row,
            field="answer_points",
        ):
            pass
        elif maximum is not None and answer.points > maximum:
            issues.at(
                gettext(
                    "The answer “%(answer)s” gives %(points)s points, more than the maximum of criterion "
                    "%(code)s (%(max)s)."
                )
                % {"answer": text, "points": answer.points, "code": label, "max": maximum},
                row=answer.row,
                field="answer_points",
            )
        elif not _points_ok(answer.points):
            issues.at(
                gettext("An answer gives between 0 and %(limit)s points.") % {"limit": POINTS_MAX},
                row=answer.row,
                field="answer_points",
            )
        if answer.fails and not criterion.is_knockout:
            issues.at(
                gettext(
                    "The answer “%(answer)s” is marked as failing, but criterion %(code)s is not a knock-out criterion."
                )
                % {"answer": text, "code": label},
                row=answer.row,
                field="answer_fails",
            )
    issues.repeated(
        texts,
        field="answer_text",
        reason=lambda same: (
            gettext("Criterion %(code)s offers the answer “%(answer)s” more than once.")
            % {"code": label, "answer": same[0].text}
        ),
    )
    points = [answer.points for answer in criterion.answers]
    reaches_maximum = any(answer.points == maximum and not answer.fails for answer in criterion.answers)
    if maximum is not None and None not in points and not reaches_maximum:
        issues.at(
            gettext("No answer of criterion %(code)s gives its maximum of %(max)s points without failing it.")
            % {"code": label, "max": maximum},
            row=criterion.row,
            field="answer_points",
        )
    if criterion.is_knockout and not any(answer.fails for answer in criterion.answers):
        issues.at(
            gettext(
                "Criterion %(code)s is a knock-out criterion but no answer fails it: mark the failing answer "
                "(for example “No”)."
            )
            % {"code": label},
            row=criterion.row,
            field="answer_fails",
        )


def criteria_set_create(*, spec: CriteriaSetSpec) -> CriteriaSet:
    """Write a new criteria set from a valid spec, whole or not at all; raises ``CriteriaSetInvalid``."""
    issues = criteria_set_validate(spec=spec)
    if issues:
        raise CriteriaSetInvalid(issues)
    return _criteria_set_write(spec=spec)


def _criteria_set_write(*, spec: CriteriaSetSpec) -> CriteriaSet:
    known_sets = ocop_product_sets()
    with transaction.atomic():
        criteria_set = CriteriaSet.objects.create(
            name=spec.name.strip(),
            legal_basis=spec.legal_basis.strip(),
            valid_from=spec.valid_from,
            valid_until=spec.valid_until,
            is_sample=spec.is_sample,
        )
        criteria_set.product_sets.set([known_sets[code] for code in dict.fromkeys(spec.product_sets)])
        answers = []
        for part_position, part_spec in enumerate(spec.parts):
            part = CriteriaPart.objects.create(
                criteria_set=criteria_set,
                code=part_spec.code.strip(),
                title=part_spec.title.strip(),
                max_points=part_spec.max_points,
                position=part_position,
            )
            for group_position, group_spec in enumerate(part_spec.groups):
                group = CriteriaGroup.objects.create(part=part, title=group_spec.title.strip(), position=group_position)
                for criterion_position, criterion_spec in enumerate(group_spec.criteria):
                    criterion = Criterion.objects.create(
                        group=group,
                        code=criterion_spec.code.strip(),
                        text=criterion_spec.text.strip(),
                        max_points=criterion_spec.max_points,
                        is_knockout=criterion_spec.is_knockout,
                        position=criterion_position,
                    )
                    answers.extend(
                        CriterionAnswer(
                            criterion=criterion,
                            text=answer_spec.text.strip(),
                            points=answer_spec.points,
                            fails=answer_spec.fails,
                            position=answer_position,
                        )
                        for answer_position, answer_spec in enumerate(criterion_spec.answers)
                    )
        CriterionAnswer.objects.bulk_create(answers)
    return criteria_set


def criteria_set_import(*, upload) -> CriteriaSet:
    """Read an XLSX workbook and write the criteria set it holds, or refuse the whole file.

    Raises ``ValidationError`` when the file is not a readable .xlsx workbook (the message says why), and
    ``CriteriaSetInvalid`` listing every problem (sheet, row, column, reason) when its content is not a valid
    set; in both cases nothing is written.
    """
    from programme.criteria_xlsx import criteria_workbook_read

    spec, issues = criteria_workbook_read(upload=upload)
    issues = [*issues, *criteria_set_validate(spec=spec)]
    if issues:
        raise CriteriaSetInvalid(issues)
    return _criteria_set_write(spec=spec)


def criteria_set_sample_ensure() -> CriteriaSet:
    """The shipped sample set (``programme.sample_criteria``), created if missing (migration 0004 creates it; a
    flushed database, e.g. ``load_demo`` after ``flush``, may not have it). Running it again changes nothing."""
    from catalogue.services import category_ensure_ocop_groups
    from programme.selectors.criteria import criteria_set_sample_spec

    spec = criteria_set_sample_spec()
    existing = CriteriaSet.objects.filter(name=spec.name, is_sample=True).order_by("pk").first()
    if existing is not None:
        return existing
    category_ensure_ocop_groups()
    return criteria_set_create(spec=spec)
