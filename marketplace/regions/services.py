"""Writes for the region tree."""

import csv
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from marketplace.core.text import fold, vietnamese_slugify
from marketplace.regions.models import FormerUnit, Region

UNITS_2025_CSV = Path(__file__).parent / "data" / "units_2025.csv"
COUNTRY_CODE = "VN"

_LOCAL_KINDS = {"Phường": Region.Kind.WARD, "Xã": Region.Kind.COMMUNE, "Đặc khu": Region.Kind.SPECIAL_ZONE}


def _float(value):
    return float(value) if value not in ("", None) else None


def _read_units(path: Path) -> list[dict]:
    """Rows of the data file as Region field values, parents before children."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    provinces: dict[str, dict] = {}
    locals_: list[dict] = []
    for row in rows:
        provinces.setdefault(
            row["province_code"],
            {
                "code": row["province_code"],
                "name": row["province_name"],
                "short_name": row["province_short_name"],
                "kind": Region.Kind.CITY if row["province_name"].startswith("Thành phố") else Region.Kind.PROVINCE,
                "latitude": _float(row["province_lat"]),
                "longitude": _float(row["province_lon"]),
                "parent_code": COUNTRY_CODE,
            },
        )
        locals_.append(
            {
                "code": row["code"],
                "name": row["name"],
                "short_name": row["short_name"],
                "kind": _LOCAL_KINDS[row["kind"]],
                "latitude": _float(row["lat"]),
                "longitude": _float(row["lon"]),
                "parent_code": row["province_code"],
            }
        )
    country = {
        "code": COUNTRY_CODE,
        "name": "Việt Nam",
        "short_name": "Việt Nam",
        "kind": Region.Kind.COUNTRY,
        "latitude": None,
        "longitude": None,
        "parent_code": None,
    }
    return [country, *provinces.values(), *locals_]


def _assign_slugs(units: list[dict]) -> None:
    """Slug from the short name; the full name where siblings share it; the code as a last resort."""
    candidates = (
        lambda u: vietnamese_slugify(u["short_name"]),
        lambda u: vietnamese_slugify(u["name"]),
        lambda u: f"{vietnamese_slugify(u['name'])}-{u['code']}",
    )
    pending = units
    for make_slug in candidates:
        counts: dict[tuple, int] = {}
        for unit in pending:
            key = (unit["parent_code"], make_slug(unit))
            counts[key] = counts.get(key, 0) + 1
        clashing = []
        for unit in pending:
            slug = make_slug(unit)
            if counts[(unit["parent_code"], slug)] == 1 or make_slug is candidates[-1]:
                unit["slug"] = slug
            else:
                clashing.append(unit)
        pending = clashing


@transaction.atomic
def regions_load_units(*, path: Path = UNITS_2025_CSV, province_codes: set[str] | None = None) -> dict:
    """Create or update the region tree from the data file. Running it again changes nothing.

    ``province_codes`` limits the load to some provinces (tests and small demos).
    Returns counts of created and updated units.
    """
    units = _read_units(path)
    if province_codes is not None:
        units = [
            u
            for u in units
            if u["code"] == COUNTRY_CODE or u["code"] in province_codes or u["parent_code"] in province_codes
        ]
    _assign_slugs(units)
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = 0
    fields = ("name", "short_name", "slug", "kind", "latitude", "longitude")
    # Parents before children: country, then provinces, then communes and wards.
    levels = [
        [u for u in units if u["kind"] == Region.Kind.COUNTRY],
        [u for u in units if u["kind"] in Region.PROVINCE_KINDS],
        [u for u in units if u["kind"] in Region.LOCAL_UNIT_KINDS],
    ]
    for level in levels:
        batch_new, batch_changed = [], []
        for unit in level:
            parent = existing.get(unit["parent_code"]) if unit["parent_code"] else None
            region = existing.get(unit["code"])
            if region is None:
                batch_new.append(Region(code=unit["code"], parent=parent, **{f: unit[f] for f in fields}))
            elif any(getattr(region, f) != unit[f] for f in fields) or region.parent_id != (parent and parent.pk):
                for f in fields:
                    setattr(region, f, unit[f])
                region.parent = parent
                batch_changed.append(region)
        Region.objects.bulk_create(batch_new, batch_size=500)
        # bulk_create sets primary keys on PostgreSQL and SQLite, but reload to be sure of them.
        for region in Region.objects.filter(code__in=[r.code for r in batch_new]):
            existing[region.code] = region
        Region.objects.bulk_update(batch_changed, [*fields, "parent"], batch_size=500)
        created += len(batch_new)
        updated += len(batch_changed)
    return {"created": created, "updated": updated}


FORMER_UNITS_CSV = Path(__file__).parent / "data" / "former_units_2025.csv"


@transaction.atomic
def regions_load_former_units(*, path: Path = FORMER_UNITS_CSV, province_codes: set[str] | None = None) -> dict:
    """Create or update the pre-July-2025 units (aliases) and link them to the units that replaced them.

    Idempotent: running it again changes nothing. Rows whose successors are not loaded are skipped, so
    ``province_codes`` (new GSO province codes, as for ``regions_load_units``) loads only the former units
    that went into those provinces. Returns counts of created and updated units and of links added/removed.
    """
    scope = Region.objects.exclude(code=COUNTRY_CODE)
    if province_codes is not None:
        scope = scope.filter(Q(code__in=province_codes) | Q(parent__code__in=province_codes))
    region_pks = dict(scope.values_list("code", "pk"))

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    wanted: dict[tuple[str, str], dict] = {}
    for row in rows:
        successors = {region_pks[code] for code in row["successor_codes"].split() if code in region_pks}
        if not successors:
            continue
        wanted[(row["level"], row["code"])] = {
            "name": row["name"],
            "short_name": row["short_name"],
            "folded_name": fold(row["short_name"]),
            "parent_name": row["parent_name"],
            "successors": successors,
        }

    fields = ("name", "short_name", "folded_name", "parent_name")
    existing = {(u.level, u.code): u for u in FormerUnit.objects.all()}
    batch_new, batch_changed = [], []
    for (level, code), values in wanted.items():
        unit = existing.get((level, code))
        if unit is None:
            batch_new.append(FormerUnit(level=level, code=code, **{f: values[f] for f in fields}))
        elif any(getattr(unit, f) != values[f] for f in fields):
            for f in fields:
                setattr(unit, f, values[f])
            batch_changed.append(unit)
    FormerUnit.objects.bulk_create(batch_new, batch_size=500)
    FormerUnit.objects.bulk_update(batch_changed, fields, batch_size=500)
    if batch_new:  # reload for the primary keys of the new rows
        existing = {(u.level, u.code): u for u in FormerUnit.objects.all()}

    # Links: add the missing ones and remove stale ones, for the former units in scope only.
    Link = FormerUnit.successors.through
    pk_to_key = {existing[key].pk: key for key in wanted}
    current: dict[tuple[int, int], int] = {}
    for link_pk, unit_pk, region_pk in Link.objects.values_list("pk", "formerunit_id", "region_id"):
        if unit_pk in pk_to_key:
            current[(unit_pk, region_pk)] = link_pk
    desired = {(existing[key].pk, region_pk) for key, values in wanted.items() for region_pk in values["successors"]}
    to_add = [Link(formerunit_id=u, region_id=r) for u, r in sorted(desired - current.keys())]
    stale = [current[pair] for pair in current.keys() - desired]
    Link.objects.bulk_create(to_add, batch_size=500)
    for start in range(0, len(stale), 500):
        Link.objects.filter(pk__in=stale[start : start + 500]).delete()
    return {"created": len(batch_new), "updated": len(batch_changed), "linked": len(to_add), "unlinked": len(stale)}
