# Registration scans leave public media: the field's storage becomes the private one, and the files already
# uploaded are moved there (copy, check, then delete; running it again changes nothing; refused when both storages
# are the same place). `manage.py scans_make_private` does it again after a rolling deploy.

import marketplace.core.private_files
import marketplace.onboarding.models
import marketplace.onboarding.validators
from django.db import migrations, models


def scans_to_private(apps, schema_editor):
    from django.core.files.storage import storages

    from marketplace.core.private_files import private_file_move_from_public

    ProducerApplication = apps.get_model("onboarding", "ProducerApplication")
    names = ProducerApplication.objects.exclude(registration_scan="").values_list("registration_scan", flat=True)
    for name in names.iterator():
        private_file_move_from_public(name=name, public=storages["default"], private=storages["private"])


def scans_to_public(apps, schema_editor):
    from django.core.files.storage import storages

    from marketplace.core.private_files import private_file_move_to_public

    ProducerApplication = apps.get_model("onboarding", "ProducerApplication")
    names = ProducerApplication.objects.exclude(registration_scan="").values_list("registration_scan", flat=True)
    for name in names.iterator():
        private_file_move_to_public(name=name, public=storages["default"], private=storages["private"])


class Migration(migrations.Migration):

    dependencies = [
        ('onboarding', '0002_founded_year_shared_validator'),
    ]

    operations = [
        migrations.AlterField(
            model_name='producerapplication',
            name='registration_scan',
            field=models.FileField(max_length=255, storage=marketplace.core.private_files.private_storage, upload_to=marketplace.onboarding.models.registration_scan_path, validators=[marketplace.onboarding.validators.validate_registration_scan], verbose_name='Scan of the registration certificate'),
        ),
        migrations.RunPython(scans_to_private, scans_to_public, elidable=False),
    ]
