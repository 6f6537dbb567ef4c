"""Data: booking requests' numbers, formerly stored as national digits ("0912345678"), in E.164 ("+84912345678").

E-mails and pages show them nationally through the phone_display filter. A value that is not a Vietnamese number
is left as it was; going back leaves the rows in E.164 (every reader takes both forms).
"""

from django.db import migrations


def phones_to_e164(apps, schema_editor):
    from marketplace.core.phone import phone_rows_to_e164

    phone_rows_to_e164(model=apps.get_model("tours", "TourBookingRequest"), fields=("phone",))


class Migration(migrations.Migration):
    dependencies = [("tours", "0001_initial")]

    operations = [migrations.RunPython(phones_to_e164, migrations.RunPython.noop)]
