"""Vietnam's two-level units load from the shipped data file, idempotently."""

import pytest

from marketplace.regions.models import Region
from marketplace.regions.services import regions_load_units

pytestmark = pytest.mark.django_db


def test_full_load_has_34_provinces_and_3321_local_units():
    counts = regions_load_units()
    assert counts == {"created": 1 + 34 + 3321, "updated": 0}
    kinds = Region.objects.values_list("kind", flat=True)
    assert sum(k in ("province", "city") for k in kinds) == 34
    assert sum(k in ("ward", "commune", "special_zone") for k in kinds) == 3321
    assert Region.objects.get(code="25").name == "Tỉnh Phú Thọ"
    assert Region.objects.get(code="07900").parent.code == "25"


def test_loading_again_changes_nothing():
    regions_load_units(province_codes={"25"})
    assert regions_load_units(province_codes={"25"}) == {"created": 0, "updated": 0}


def test_slugs_are_unique_among_siblings_and_readable():
    regions_load_units()
    assert Region.objects.get(code="07900").slug == "viet-tri"
    assert Region.objects.get(code="25").slug == "phu-tho"
    pairs = list(Region.objects.values_list("parent_id", "slug"))
    assert len(pairs) == len(set(pairs))


def test_a_renamed_unit_is_updated_in_place(tmp_path):
    regions_load_units(province_codes={"25"})
    ward = Region.objects.get(code="07900")
    ward.name = "Tên cũ"
    ward.save()
    assert regions_load_units(province_codes={"25"})["updated"] == 1
    ward.refresh_from_db()
    assert ward.name == "Phường Việt Trì"
