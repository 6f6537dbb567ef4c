"""Lots and lot steps move here from the catalogue app, with their tables and every row.

State only: the tables catalogue_lot and catalogue_lotstep (created by catalogue migration 0035) stay as they
are, so no row, id, constraint or trace code changes and every printed QR code keeps working. Catalogue
migration 0040 removes the models from the catalogue's state; 0002 here moves their content types (and with
them the permissions granted on lots).
"""

import django.db.models.deletion
from django.db import migrations, models

import traceability.codes


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("catalogue", "0039_certification_decision_signer_and_more"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Lot",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("lot_number", models.CharField(max_length=64, verbose_name="Lot number")),
                (
                    "code",
                    models.CharField(
                        default=traceability.codes.new_lot_code,
                        editable=False,
                        max_length=32,
                        unique=True,
                        verbose_name="Trace code",
                    ),
                ),
                ("production_date", models.DateField(verbose_name="Production date")),
                ("expiry_date", models.DateField(blank=True, null=True, verbose_name="Expiry date")),
                ("quantity", models.PositiveIntegerField(verbose_name="Quantity")),
                ("raw_material_origin", models.CharField(blank=True, max_length=255, verbose_name="Raw material origin")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lots",
                        to="catalogue.product",
                        verbose_name="Product",
                    ),
                ),
            ],
            options={
                "verbose_name": "Lot",
                "verbose_name_plural": "Lots",
                "db_table": "catalogue_lot",
                "ordering": ["-production_date", "-pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("product", "lot_number"), name="lot_number_unique_per_product"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("expiry_date__isnull", True),
                            ("expiry_date__gte", models.F("production_date")),
                            _connector="OR",
                        ),
                        name="lot_expiry_after_production",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="LotStep",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(verbose_name="Date")),
                ("step", models.CharField(max_length=128, verbose_name="Step")),
                ("place", models.CharField(blank=True, max_length=255, verbose_name="Place")),
                ("note", models.TextField(blank=True, verbose_name="Note")),
                (
                    "lot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="steps",
                        to="traceability.lot",
                    ),
                ),
            ],
            options={
                "verbose_name": "Lot step",
                "verbose_name_plural": "Lot steps",
                "db_table": "catalogue_lotstep",
                "ordering": ["date", "pk"],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]
