"""The database refuses a stock record in any currency but VND (after 0012 has corrected the existing rows)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partner", "0012_stockrecord_price_currency_vnd"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="stockrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(price_currency="VND"), name="stockrecord_price_currency_vnd"
            ),
        ),
    ]
