"""Data: producers' phone and Zalo numbers, formerly stored as written ("0210 3812 345"), in E.164 ("+842103812345").

Pages show them nationally through the phone_display filter. A value that is not a Vietnamese number is left as
it was; going back leaves the rows in E.164 (every reader takes both forms).
"""

from django.db import migrations


def phones_to_e164(apps, schema_editor):
    from marketplace.core.phone import phone_rows_to_e164

    phone_rows_to_e164(model=apps.get_model("partner", "Partner"), fields=("phone", "zalo_phone"))


class Migration(migrations.Migration):
    dependencies = [("partner", "0015_partner_language")]

    operations = [migrations.RunPython(phones_to_e164, migrations.RunPython.noop)]
