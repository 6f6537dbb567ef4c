"""Data: sales points' numbers, formerly stored as typed ("0210 3846 111"), in E.164 ("+842103846111").

Pages show them nationally through the phone_display filter. A value that is not a Vietnamese number is left as
it was; going back leaves the rows in E.164 (every reader takes both forms).
"""

from django.db import migrations


def phones_to_e164(apps, schema_editor):
    from marketplace.core.phone import phone_rows_to_e164

    phone_rows_to_e164(model=apps.get_model("shipping", "SalesPoint"), fields=("phone",))


class Migration(migrations.Migration):
    dependencies = [("shipping", "0004_salespoint")]

    operations = [migrations.RunPython(phones_to_e164, migrations.RunPython.noop)]
