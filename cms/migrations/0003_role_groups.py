"""The role groups (names from marketplace.core.roles) with Wagtail admin access and their model permissions.

Page permissions by subtree need the index pages, which content creates later: ``cms.services.
cms_permissions_setup(home_page=...)`` grants them (the demo loader runs it; a fresh site runs it once its
index pages exist).
"""

from django.db import migrations

# Written out here (not imported): a migration must not change when the code does.
OFFICERS, TOURISM_STAFF, EDITORS = "Officers", "Tourism staff", "Editors"

IMAGES = [("wagtailimages", "image", codename) for codename in ("add_image", "change_image", "choose_image")]
DOCUMENTS = [
    ("wagtaildocs", "document", codename) for codename in ("add_document", "change_document", "choose_document")
]
ADMIN = [("wagtailadmin", "admin", "access_admin")]

GROUPS = {
    OFFICERS: {"model": ADMIN, "collection": IMAGES + DOCUMENTS},
    TOURISM_STAFF: {"model": ADMIN, "collection": IMAGES},
    EDITORS: {
        "model": ADMIN,
        "collection": IMAGES
        + DOCUMENTS
        + [("wagtailimages", "image", "delete_image"), ("wagtaildocs", "document", "delete_document")],
    },
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
    )
    return permission


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for spec in perms["model"]:
            group.permissions.add(_permission(apps, *spec))
        if root_collection is None:
            continue
        for spec in perms["collection"]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(apps, *spec)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_promotions_news_home_body"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
