"""Build ``former_units_2025.csv`` from the ``vietnamadminunits`` 1.0.4 data files.

A one-off maintenance script: it reads the package's data files (SQLite and JSON) with the
standard library only, so the package is never imported nor a dependency of the project.

    .venv/bin/pip download --no-deps -d /tmp/vau vietnamadminunits==1.0.4
    unzip -q /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl -d /tmp/vau/pkg
    .venv/bin/python marketplace/regions/data/build_former_units.py /tmp/vau/pkg/vietnamadminunits/data

Method (see README.md beside this file):

- former units: table ``admin_units_legacy`` of ``dataset.db`` (63 provinces, their districts and wards);
- old → new: ``converter_2025.json``. ``DICT_PROVINCE`` maps each new province to the old ones it took
  in; ``DICT_PROVINCE_WARD_NO_DIVIDED`` lists, for each new commune/ward, the old wards merged into it;
  ``DICT_PROVINCE_WARD_DIVIDED`` lists, for each old ward split between several new units, all of them;
- a ward's successors are the new communes/wards it went into; a district's are the union of its wards'
  (and, for the island districts that had no wards, the special zone that replaced them); a province's is
  the new province; new keys are turned into GSO codes with table ``admin_units`` of the same data set.
"""

import csv
import json
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
OUTPUT = HERE / "former_units_2025.csv"
UNITS_2025 = HERE / "units_2025.csv"
COLUMNS = ["level", "code", "name", "short_name", "parent_name", "successor_codes"]


def _key(text: str) -> str:
    """The data set's keys: lower case, no diacritics, no spaces ("Xã Cẩm Giàng" → "xacamgiang")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return "".join(text.lower().split())


def build(data_dir: Path) -> list[dict]:
    db = sqlite3.connect(data_dir / "dataset.db")
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    new_province_code = {}
    new_ward_code = {}
    for province_key, province_code, ward_key, ward_code in db.execute(
        "SELECT provinceKey, provinceCode, wardKey, wardCode FROM admin_units"
    ):
        new_province_code[province_key] = province_code
        new_ward_code[(province_key, _key(ward_key))] = ward_code

    old_to_new_province = {old: new for new, olds in converter["DICT_PROVINCE"].items() for old in olds}
    old_to_new_wards: dict[str, set[str]] = defaultdict(set)
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            for old_key in old_keys:
                old_to_new_wards[old_key].add(new_ward_code[(province_key, _key(new_key))])
    for province_key, wards in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, new_wards in wards.items():
            for new_ward in new_wards:
                old_to_new_wards[old_key].add(new_ward_code[(province_key, _key(new_ward["newWardKey"]))])

    provinces: dict[str, dict] = {}
    districts: dict[str, dict] = {}
    wards: list[dict] = []
    rows = db.execute(
        "SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort, districtCode,"
        " districtKey, ward, wardShort, wardCode, wardKey FROM admin_units_legacy"
        " ORDER BY provinceCode, districtCode, wardCode"
    )
    for p_name, p_short, p_code, p_key, d_name, d_short, d_code, d_key, w_name, w_short, w_code, w_key in rows:
        provinces.setdefault(
            p_code,
            {
                "level": "province",
                "code": p_code,
                "name": p_name,
                "short_name": p_short,
                "parent_name": "",
                "successors": {new_province_code[old_to_new_province[p_key]]},
            },
        )
        district = districts.setdefault(
            d_code,
            {
                "level": "district",
                "code": d_code,
                "name": d_name,
                "short_name": d_short,
                "parent_name": p_name,
                "successors": set(),
            },
        )
        successors = old_to_new_wards[f"{p_key}_{d_key}_{w_key or ''}"]
        if not successors:
            raise SystemExit(f"No successor for {w_name or d_name}, {p_name}")
        district["successors"] |= successors
        if w_code:
            wards.append(
                {
                    "level": "ward",
                    "code": w_code,
                    "name": w_name,
                    "short_name": w_short,
                    "parent_name": f"{d_name}, {p_name}",
                    "successors": successors,
                }
            )

    with UNITS_2025.open(encoding="utf-8", newline="") as handle:
        known = set()
        for row in csv.DictReader(handle):
            known |= {row["code"], row["province_code"]}
    units = [*provinces.values(), *districts.values(), *wards]
    for unit in units:
        unknown = unit["successors"] - known
        if unknown:
            raise SystemExit(f"{unit['name']}: successors {sorted(unknown)} are not in {UNITS_2025.name}")
        unit["successor_codes"] = " ".join(sorted(unit.pop("successors")))
    return units


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(f"usage: {argv[0]} <vietnamadminunits/data directory>")
    units = build(Path(argv[1]))
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(units)
    counts = {level: sum(u["level"] == level for u in units) for level in ("province", "district", "ward")}
    print(f"{OUTPUT.name}: {counts}")


if __name__ == "__main__":
    main(sys.argv)
