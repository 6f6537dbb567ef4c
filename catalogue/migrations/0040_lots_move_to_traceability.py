"""Lots and lot steps now belong to the traceability app (traceability migration 0001).

State only: their tables (catalogue_lot, catalogue_lotstep) and rows stay; traceability's models use them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0039_certification_decision_signer_and_more"),
        ("traceability", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LotStep"),
                migrations.DeleteModel(name="Lot"),
            ],
            database_operations=[],
        ),
    ]
