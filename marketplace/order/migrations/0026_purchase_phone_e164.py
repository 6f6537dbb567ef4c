"""Data: shoppers' numbers, formerly stored as national digits ("0912345678"), in E.164 ("+84912345678").

Pages show them nationally through the phone_display filter. A value that is not a Vietnamese number is left as
it was; going back leaves the rows in E.164 (every reader takes both forms).
"""

from django.db import migrations


def phones_to_e164(apps, schema_editor):
    from marketplace.core.phone import phone_rows_to_e164

    phone_rows_to_e164(model=apps.get_model("order", "Purchase"), fields=("phone",))


class Migration(migrations.Migration):
    dependencies = [("order", "0025_purchase_language_sent_email")]

    operations = [migrations.RunPython(phones_to_e164, migrations.RunPython.noop)]
