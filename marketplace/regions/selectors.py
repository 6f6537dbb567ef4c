"""Reads of the region tree."""

from marketplace.regions.models import Region


def region_get_by_code(*, code: str) -> Region:
    return Region.objects.select_related("parent").get(code=code)


def region_list_children(*, parent: Region):
    return Region.objects.filter(parent=parent).order_by("name")
