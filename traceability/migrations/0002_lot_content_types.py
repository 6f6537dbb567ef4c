"""The content types of lots and lot steps follow the models from the catalogue app to this one.

Renaming the rows (rather than letting new ones be created) keeps what points at them: the permissions on
lots (catalogue.add_lot … become traceability.add_lot …, still granted to the same groups and users) and
the admin's history. On a new database there is nothing to rename: the content types are created after the
migrations, under this app. Should both exist already (the models were loaded under both labels between two
runs), the grants are carried over to the new permissions and the old content type is left for
``remove_stale_contenttypes``.
"""

from django.conf import settings
from django.db import migrations

MODELS = ("lot", "lotstep")


def _move(apps, schema_editor, *, old_label: str, new_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    db = schema_editor.connection.alias
    for model in MODELS:
        old = ContentType.objects.using(db).filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.using(db).filter(app_label=new_label, model=model).first()
        if new is None:
            old.app_label = new_label
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.using(db).filter(content_type=old):
            target = Permission.objects.using(db).filter(content_type=new, codename=permission.codename).first()
            if target is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            for through, owner in ((Group.permissions.through, "group_id"), (User.user_permissions.through, "user_id")):
                granted = through.objects.using(db).filter(permission_id=permission.pk).values_list(owner, flat=True)
                already = set(
                    through.objects.using(db).filter(permission_id=target.pk).values_list(owner, flat=True)
                )
                through.objects.using(db).bulk_create(
                    [through(**{owner: pk, "permission_id": target.pk}) for pk in granted if pk not in already]
                )
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move(apps, schema_editor, old_label="catalogue", new_label="traceability")


def backwards(apps, schema_editor):
    _move(apps, schema_editor, old_label="traceability", new_label="catalogue")


class Migration(migrations.Migration):
    dependencies = [
        ("traceability", "0001_initial"),
        ("catalogue", "0040_lots_move_to_traceability"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
