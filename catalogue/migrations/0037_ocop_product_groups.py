"""The six OCOP product groups and their product sets, as Oscar categories (Vietnamese and English).

Historical models have no treebeard methods, so the materialised paths are written here the way
treebeard writes them (4 base-36 characters per level). Groups found by slug are left alone, so this
is safe on a database that already has them (catalogue.services.category_ensure_ocop_groups made them).
"""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _step(number: int) -> str:
    digits = ""
    while True:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
        if number == 0:
            return digits.rjust(STEPLEN, "0")


def _number(step: str) -> int:
    value = 0
    for char in step:
        value = value * len(ALPHABET) + ALPHABET.index(char)
    return value


def create_groups(apps, schema_editor):
    from catalogue.groups import OCOP_GROUPS

    Category = apps.get_model("catalogue", "Category")
    roots = Category.objects.filter(depth=1)
    next_root = max((_number(path) for path in roots.values_list("path", flat=True)), default=0) + 1
    for key, name, name_en, sets in OCOP_GROUPS:
        group = roots.filter(slug=key).first()
        if group is None:
            group = Category.objects.create(
                path=_step(next_root), depth=1, numchild=0, name=name, name_en=name_en, slug=key, is_public=True
            )
            next_root += 1
        children = Category.objects.filter(depth=2, path__startswith=group.path)
        next_child = max((_number(path[STEPLEN:]) for path in children.values_list("path", flat=True)), default=0) + 1
        for set_key, set_name, set_name_en in sets:
            if children.filter(slug=set_key).exists():
                continue
            Category.objects.create(
                path=group.path + _step(next_child),
                depth=2,
                numchild=0,
                name=set_name,
                name_en=set_name_en,
                slug=set_key,
                is_public=True,
            )
            next_child += 1
        group.numchild = Category.objects.filter(depth=2, path__startswith=group.path).count()
        group.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0036_product_image_validation_webp")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
