"""Every price is in đồng: stock records saved in another currency (the dashboard used to offer a free-text
currency) are set to VND. The amount is kept as it is: checkout and card payments always read it as đồng."""

from django.db import migrations


def forwards(apps, schema_editor):
    StockRecord = apps.get_model("partner", "StockRecord")
    StockRecord.objects.exclude(price_currency="VND").update(price_currency="VND")


class Migration(migrations.Migration):
    dependencies = [
        ("partner", "0011_producer_story_html"),
    ]

    # Not reversible in meaning (the old currencies are gone), but unapplying it needs nothing undone.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
