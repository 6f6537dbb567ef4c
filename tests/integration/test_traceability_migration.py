"""Lots moved from the catalogue app to the traceability app without losing a row or a printed QR code.

The move is state only (catalogue 0040, traceability 0001) plus the content types following the models
(traceability 0002). The test migrates the test database back to before the move, records lots, steps and
permission grants with the historical catalogue models, migrates forward and checks that everything is still
there and that every /t/<code>/ address answers with its lot. (One round trip only: each costs minutes.)
"""

import datetime

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState
from django.utils import translation

from tests.factories import ProducerFactory, ProductFactory, UserFactory
from traceability.models import Lot, LotStep
from traceability.services import lot_create

# Migrating needs real transactions; serialized_rollback restores what the migrations made (Wagtail's pages…).
migrating = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_THE_MOVE = [("traceability", None)]  # unapplies traceability 0001–0002 and catalogue 0040 with them


def _migrate(targets):
    """Migrate the test database to ``targets``; returns the project state reached."""
    state = MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    return state


def _migrate_back():
    """To just before the move; returns the historical apps there."""
    return _migrate(BEFORE_THE_MOVE).apps


def _migrate_forward():
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def products():
    honey = ProductFactory(
        title="Mật ong rừng Tân Sơn 500ml",
        stockrecord__producer=ProducerFactory(name="HTX Mật ong Tân Sơn", slug="htx-mat-ong-tan-son"),
        certification=78,
    )
    tea = ProductFactory(title="Chè búp tím Thanh Ba 200g", certification=92)
    return honey, tea


def _record_old_lots(old_apps, products) -> dict[str, dict]:
    """Lots and steps recorded through the catalogue's historical models; returns what was written, by code."""
    OldLot = old_apps.get_model("catalogue", "Lot")
    OldLotStep = old_apps.get_model("catalogue", "LotStep")
    written = {}
    for index, product in enumerate(products * 3):
        produced = datetime.date(2026, 1, 10) + datetime.timedelta(days=31 * index)
        lot = OldLot.objects.create(
            product_id=product.pk,
            lot_number=f"LO-{index:03d}",
            production_date=produced,
            expiry_date=produced + datetime.timedelta(days=365) if index % 2 else None,
            quantity=100 + index,
            raw_material_origin=f"Vùng nguyên liệu {index}",
        )
        steps = [
            OldLotStep.objects.create(
                lot=lot, date=produced + datetime.timedelta(days=day), step=f"Công đoạn {day}", place="Xưởng", note=""
            )
            for day in range(index % 4 + 1)
        ]
        written[lot.code] = {
            "pk": lot.pk,
            "product_id": product.pk,
            "lot_number": lot.lot_number,
            "production_date": lot.production_date,
            "expiry_date": lot.expiry_date,
            "quantity": lot.quantity,
            "raw_material_origin": lot.raw_material_origin,
            "steps": [(step.pk, step.date, step.step, step.place) for step in steps],
        }
    return written


def _grant_on_old_lots() -> dict:
    """Before the move: grants on the catalogue's lot permissions. For LotStep the content type is simply
    renamed; for Lot a traceability content type exists already (as if the models had been loaded under both
    labels between two runs), so the grants must move over to its permissions."""
    old_change_lot = Permission.objects.get(content_type__app_label="catalogue", codename="change_lot")
    old_view_step = Permission.objects.get(content_type__app_label="catalogue", codename="view_lotstep")
    step_type = old_view_step.content_type
    keepers = Group.objects.create(name="Lot keepers")
    keepers.permissions.add(old_change_lot)
    user = UserFactory()
    user.user_permissions.add(old_view_step, old_change_lot)

    existing_lot_type = ContentType.objects.create(app_label="traceability", model="lot")
    new_change_lot = Permission.objects.create(
        content_type=existing_lot_type, codename="change_lot", name="Can change lot"
    )
    both = Group.objects.create(name="Both")
    both.permissions.add(old_change_lot, new_change_lot)
    return {
        "keepers": keepers,
        "both": both,
        "user": user,
        "step_type": step_type,
        "existing_lot_type": existing_lot_type,
        "new_change_lot": new_change_lot,
    }


@migrating
def test_every_lot_and_step_survives_the_move_and_every_trace_address_answers(client, products):
    old_apps = _migrate_back()
    try:
        # Really before the move: the lots are the catalogue's, and traceability has no state yet.
        assert old_apps.get_model("catalogue", "Lot")._meta.db_table == "catalogue_lot"
        with pytest.raises(LookupError):
            old_apps.get_model("traceability", "Lot")
        applied = MigrationExecutor(connection).recorder.applied_migrations()
        assert ("traceability", "0001_initial") not in applied
        assert ("catalogue", "0040_lots_move_to_traceability") not in applied

        written = _record_old_lots(old_apps, products)
        grants = _grant_on_old_lots()
    finally:
        _migrate_forward()

    assert Lot.objects.count() == len(written) == 6
    assert LotStep.objects.count() == sum(len(lot["steps"]) for lot in written.values()) == 13
    for code, old in written.items():
        lot = Lot.objects.get(code=code)
        assert (
            lot.pk,
            lot.product_id,
            lot.lot_number,
            lot.production_date,
            lot.expiry_date,
            lot.quantity,
            lot.raw_material_origin,
        ) == (
            old["pk"],
            old["product_id"],
            old["lot_number"],
            old["production_date"],
            old["expiry_date"],
            old["quantity"],
            old["raw_material_origin"],
        )
        assert [(s.pk, s.date, s.step, s.place) for s in lot.steps.order_by("pk")] == old["steps"]

        # The address printed in the QR code, its QR images and label sheet all still answer with this lot.
        page = client.get(f"/t/{code}/")
        assert page.status_code == 200
        assert page.context["lot"].pk == old["pk"]
        html = page.content.decode()
        assert old["lot_number"] in html
        assert lot.product.get_title() in html
        assert all(step in html for _pk, _date, step, _place in old["steps"])
        assert client.get(f"/t/{code}/qr.png")["Content-Type"] == "image/png"
        assert client.get(f"/t/{code}/qr.svg")["Content-Type"] == "image/svg+xml"
        assert client.get(f"/t/{code}/label/").status_code == 200

    assert client.get("/t/not-a-code/").status_code == 404

    # New lots go on in the same table, with ids after the old ones (the id sequence came along too).
    honey, _tea = products
    new = lot_create(product=honey, lot_number="LO-NEW", production_date=datetime.date(2026, 11, 1), quantity=5)
    assert new.pk > max(lot["pk"] for lot in written.values())
    assert new.code not in written
    assert client.get(f"/t/{new.code}/").status_code == 200
    with pytest.raises(IntegrityError):  # the unique constraint stayed with the table
        Lot.objects.create(product=honey, lot_number="LO-NEW", production_date=datetime.date(2026, 11, 1), quantity=1)

    # What groups and users were allowed to do with lots follows the models.
    assert ContentType.objects.get_for_model(LotStep).pk == grants["step_type"].pk  # the same row, renamed
    assert not ContentType.objects.filter(app_label="catalogue", model="lotstep").exists()
    assert ContentType.objects.get_for_model(Lot).pk == grants["existing_lot_type"].pk
    assert grants["new_change_lot"] in grants["keepers"].permissions.all()
    assert list(grants["both"].permissions.filter(content_type=grants["existing_lot_type"])) == [
        grants["new_change_lot"]
    ]
    user = type(grants["user"]).objects.get(pk=grants["user"].pk)  # fresh: no cached permissions
    assert user.has_perm("traceability.view_lotstep") and user.has_perm("traceability.change_lot")
    assert not user.has_perm("traceability.change_lotstep")


@pytest.mark.django_db
def test_the_tables_stay_where_they_were():
    tables = set(connection.introspection.table_names())
    assert {"catalogue_lot", "catalogue_lotstep"} <= tables
    assert not {name for name in tables if name.startswith("traceability_")}
    assert Lot._meta.db_table == "catalogue_lot" and LotStep._meta.db_table == "catalogue_lotstep"
    assert Lot._meta.app_label == LotStep._meta.app_label == "traceability"


def test_no_model_change_is_left_without_a_migration():
    """The models match the migrations' state (as `makemigrations --check` says), and nothing still
    refers to the catalogue's old lot models."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = loader.project_state()
    with translation.override(None):  # as makemigrations compares them: verbose names untranslated
        changes = MigrationAutodetector(state, ProjectState.from_apps(global_apps)).changes(
            graph=loader.graph, trim_to_apps={"traceability"}
        )
    assert "traceability" not in changes
    assert ("catalogue", "lot") not in state.models and ("catalogue", "lotstep") not in state.models
    assert state.models["traceability", "lot"].options["db_table"] == "catalogue_lot"
    for model_state in state.models.values():
        for _name, field in model_state.fields.items():
            target = getattr(field, "related_model", None) or ""
            assert str(target).lower() not in {"catalogue.lot", "catalogue.lotstep"}, model_state.name
