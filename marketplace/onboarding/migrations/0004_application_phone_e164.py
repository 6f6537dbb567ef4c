"""Data: applicants' numbers in E.164 ("+84912345678"); the form already stored them so, other writers may not have.

Pages show them nationally through the phone_display filter. A value that is not a Vietnamese number is left as
it was; going back leaves the rows in E.164 (every reader takes both forms).
"""

from django.db import migrations


def phones_to_e164(apps, schema_editor):
    from marketplace.core.phone import phone_rows_to_e164

    phone_rows_to_e164(model=apps.get_model("onboarding", "ProducerApplication"), fields=("phone",))


class Migration(migrations.Migration):
    dependencies = [("onboarding", "0003_registration_scans_private_storage")]

    operations = [migrations.RunPython(phones_to_e164, migrations.RunPython.noop)]
