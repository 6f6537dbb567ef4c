"""The six OCOP groups exist from the migrations on, as a consistent treebeard tree, in two languages."""

import pytest
from django.utils import translation
from oscar.core.loading import get_model

from catalogue.groups import OCOP_GROUPS
from catalogue.services import category_ensure_ocop_groups

Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def groups_from_the_migration():
    """Run the data migration's own function on an empty table.

    The test database got it at creation, but a transactional test elsewhere (or --reuse-db after
    one) may have flushed it; running the function itself tests the migration either way.
    """
    import importlib

    from django.apps import apps

    migration = importlib.import_module("catalogue.migrations.0037_ocop_product_groups")
    Category.objects.all().delete()
    migration.create_groups(apps, None)


def test_migrations_create_the_six_groups_and_their_sets():
    roots = Category.get_root_nodes()
    assert [root.slug for root in roots] == [key for key, *_ in OCOP_GROUPS]
    food = roots.get(slug="food")
    assert food.name == "Thực phẩm" and food.name_en == "Food"
    assert [child.slug for child in food.get_children()] == [set_key for set_key, *_ in OCOP_GROUPS[0][3]]
    assert Category.objects.count() == 6 + sum(len(sets) for *_, sets in OCOP_GROUPS)


def test_the_tree_is_consistent_for_treebeard():
    assert Category.find_problems() == ([], [], [], [], [])
    tea = Category.objects.get(slug="tea")
    assert tea.get_parent().slug == "food"
    # treebeard can keep working on it: a new set lands after the existing ones.
    tea.get_parent().add_child(name="Thử", slug="thu")
    assert Category.find_problems() == ([], [], [], [], [])


def test_the_service_finds_what_the_migration_made():
    before = Category.objects.count()
    groups = category_ensure_ocop_groups()
    assert Category.objects.count() == before
    assert groups["tea"].slug == "tea"


def test_groups_are_named_in_the_active_language():
    food = Category.objects.get(slug="food")
    with translation.override("en"):
        assert food.display_name == "Food"
    with translation.override("vi"):
        assert food.display_name == "Thực phẩm"


@pytest.mark.parametrize(
    ("prefix", "names"), [("", ["Tất cả sản phẩm", "Thực phẩm"]), ("/en", ["All products", "Food"])]
)
def test_a_product_set_page_trail_names_its_group(client, groups, prefix, names):
    import re

    with translation.override("en" if prefix else "vi"):
        url, food_url = groups["tea"].get_absolute_url(), groups["food"].get_absolute_url()
    html = client.get(url).content.decode()
    trail = html[html.index('<ol class="breadcrumb">') : html.index("</ol>")]
    crumbs = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", trail, re.S)]
    assert crumbs[1:3] == names
    assert f'href="{food_url}"' in trail and food_url.startswith(f"{prefix}/shop/category/")
