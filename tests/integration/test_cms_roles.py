"""Who may do what in the page tree: role groups, page permissions by subtree, tour moderation, scheduled publishing."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.services import TOUR_WORKFLOW, cms_permissions_setup
from cms.tasks import pages_publish_scheduled
from marketplace.core import roles
from tests.factories import (
    EditorFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    OfficerFactory,
    PromotionIndexPageFactory,
    PromotionPageFactory,
    TourismStaffFactory,
)

pytestmark = pytest.mark.django_db


def _model(app_label, name):
    # The fair and tour pages belong to the events apps: looked up lazily, as the CMS code does.
    return apps.get_model(app_label, name)


# Groups from the data migration ---------------------------------------------------------------------------------------


def test_migration_creates_the_role_groups_with_admin_access_and_image_permissions():
    from wagtail.models import Collection

    migration = importlib.import_module("cms.migrations.0003_role_groups")
    Collection.get_first_root_node() or Collection.add_root(name="Root")  # as Wagtail's migrations leave it
    Group.objects.filter(name__in=[roles.OFFICERS, roles.TOURISM_STAFF]).delete()

    migration.create_groups(apps, None)
    migration.create_groups(apps, None)  # running it again changes nothing

    for name in (roles.OFFICERS, roles.TOURISM_STAFF, roles.EDITORS):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(content_type__app_label="wagtailadmin", codename="access_admin").exists()
        image_perms = set(
            GroupCollectionPermission.objects.filter(group=group).values_list("permission__codename", flat=True)
        )
        assert {"add_image", "choose_image"} <= image_perms
    editors = GroupCollectionPermission.objects.filter(group__name=roles.EDITORS)
    assert editors.filter(permission__codename="delete_image").count() == 1
    assert not GroupCollectionPermission.objects.filter(
        group__name=roles.TOURISM_STAFF, permission__codename="delete_image"
    ).exists()


# The page tree the roles work in --------------------------------------------------------------------------------------


@pytest.fixture
def tree(home_page):
    """The home page with fair, tour and promotion indexes (Vietnamese and English), permissions set up."""
    from tests.factories import FairIndexPageFactory, TourIndexPageFactory

    locale_en = Locale.objects.get(language_code="en")
    indexes = {
        "fairs": FairIndexPageFactory(parent=home_page),
        "tours": TourIndexPageFactory(parent=home_page),
        "promotions": PromotionIndexPageFactory(parent=home_page),
        "news": NewsIndexPageFactory(parent=home_page),
    }
    for index in indexes.values():
        index.save_revision().publish()
        english = index.copy_for_translation(locale_en)
        english.save_revision().publish()
    setup = cms_permissions_setup(home_page=home_page)
    return {"home": home_page, **indexes, "setup": setup}


def test_permissions_follow_subtrees_in_both_languages_and_setup_is_idempotent(tree):
    def counts():
        return [model.objects.count() for model in (GroupPagePermission, Workflow, WorkflowTask, WorkflowPage)]

    before = counts()
    cms_permissions_setup(home_page=tree["home"])
    assert counts() == before

    def granted(group, page):
        return set(
            GroupPagePermission.objects.filter(group__name=group, page=page).values_list(
                "permission__codename", flat=True
            )
        )

    locale_en = Locale.objects.get(language_code="en")
    for language_tree in (False, True):
        pages = {
            key: tree[key].get_translation(locale_en) if language_tree else tree[key]
            for key in ("home", "fairs", "tours", "promotions")
        }
        assert "publish_page" in granted(roles.EDITORS, pages["home"])
        assert granted(roles.OFFICERS, pages["fairs"]) >= {"add_page", "change_page", "publish_page"}
        assert granted(roles.TOURISM_STAFF, pages["tours"]) == {"add_page", "change_page"}
        assert granted(roles.TOURISM_STAFF, pages["promotions"]) == {"add_page", "change_page"}
        assert granted(roles.TOURISM_STAFF, pages["fairs"]) == set()
        assert granted(roles.OFFICERS, pages["tours"]) == set()
        assert pages["tours"].get_workflow().name == TOUR_WORKFLOW


# The role matrix ------------------------------------------------------------------------------------------------------


def _tour(tree, **kwargs):
    from tests.factories import TourPageFactory

    return TourPageFactory(parent=tree["tours"], **kwargs)


def _fair(tree, **kwargs):
    from tests.factories import FairPageFactory

    return FairPageFactory(parent=tree["fairs"], **kwargs)


def _tour_form(title, slug, action):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Một ngày ở làng nghề.",
            "duration_days": 1,
            "duration_nights": 0,
            "price_min": 300000,
            "price_max": 500000,
            "tourist_type": "",
            "stops": streamfield([("place", {"name": "Đền Hùng", "time": "", "text": rich_text(""), "image": ""})]),
            "departures": inline_formset([{"date": "2027-01-10"}], min=1),
            "hand_picked_products": inline_formset([]),
            "body": rich_text("<p>Lịch trình chi tiết.</p>"),
            "operator_name": "Công ty Du lịch Đất Tổ",
            "operator_email": "dieuhanh@dulich.example.vn",
            "operator_phone": "",
            action: "1",
        }
    )


def test_tourism_staff_create_and_submit_tours_but_cannot_publish_them(client, tree):
    staff = TourismStaffFactory()
    client.force_login(staff)
    TourPage = _model("tours", "TourPage")
    add_url = f"/cms/pages/add/tours/tourpage/{tree['tours'].pk}/"

    assert client.get(add_url).status_code == 200
    publish = client.post(add_url, _tour_form("Tour Đền Hùng", "tour-den-hung", "action-publish"))
    assert publish.status_code == 302
    # Wagtail saves a draft instead: tourism staff never publish.
    assert TourPage.objects.get(slug="tour-den-hung").live is False

    response = client.post(add_url, _tour_form("Tour làng gốm", "tour-lang-gom", "action-submit"))
    assert response.status_code == 302
    tour = TourPage.objects.get(slug="tour-lang-gom")
    assert not tour.live
    state = tour.current_workflow_state
    assert state is not None and state.workflow.name == TOUR_WORKFLOW and state.status == "in_progress"

    permissions = tour.permissions_for_user(staff)
    assert permissions.can_edit() and not permissions.can_publish()
    assert client.get(f"/cms/pages/{tour.pk}/edit/").status_code == 200


def test_tourism_staff_cannot_edit_or_add_fairs(client, tree):
    staff = TourismStaffFactory()
    fair = _fair(tree)
    assert not fair.permissions_for_user(staff).can_edit()
    assert not tree["fairs"].permissions_for_user(staff).can_add_subpage()
    client.force_login(staff)
    assert client.get(f"/cms/pages/{fair.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/cms/pages/add/fairs/fairpage/{tree['fairs'].pk}/").status_code in (302, 403)
    assert fair.title == Page.objects.get(pk=fair.pk).title


def test_officers_publish_fairs_and_leave_tours_alone(tree):
    officer = OfficerFactory()
    fair = _fair(tree, live=False)
    tour = _tour(tree)
    assert fair.permissions_for_user(officer).can_publish()
    assert tree["fairs"].permissions_for_user(officer).can_publish_subpage()
    assert not tour.permissions_for_user(officer).can_edit()

    revision = fair.save_revision(user=officer)
    revision.publish(user=officer)
    fair.refresh_from_db()
    assert fair.live


def test_a_submitted_tour_appears_after_an_editor_approves_it(client, tree):
    staff, editor = TourismStaffFactory(), EditorFactory()
    tour = _tour(tree, title="Tour chè Long Cốc", slug="tour-che-long-coc", live=False)
    tour.save_revision(user=staff)
    workflow = tour.get_workflow()
    assert workflow.name == TOUR_WORKFLOW
    workflow.start(tour, staff)
    assert client.get("/tour/tour-che-long-coc/").status_code == 404  # the address it will have once live
    task_state = tour.current_workflow_task_state

    # Tourism staff cannot approve their own tour; an editor can.
    assert "approve" not in [name for name, *_rest in task_state.task.specific.get_actions(tour, staff)]
    assert "approve" in [name for name, *_rest in task_state.task.specific.get_actions(tour, editor)]
    task_state.specific.approve(user=editor)

    tour.refresh_from_db()
    assert tour.live
    assert client.get("/tour/tour-che-long-coc/").status_code == 200
    assert "Tour chè Long Cốc" in client.get("/tour/").content.decode()


def test_editors_may_publish_anything_under_home(tree):
    editor = EditorFactory()
    news = NewsPageFactory(parent=tree["news"])
    for page in (tree["fairs"], tree["tours"], tree["promotions"], news, _tour(tree), _fair(tree)):
        assert page.permissions_for_user(editor).can_publish()


def test_tourism_staff_may_add_promotions_but_not_news(tree):
    staff = TourismStaffFactory()
    assert tree["promotions"].permissions_for_user(staff).can_add_subpage()
    assert not tree["promotions"].permissions_for_user(staff).can_publish_subpage()
    assert not tree["news"].permissions_for_user(staff).can_add_subpage()


# Scheduled publishing and expiry (the Celery beat job) ----------------------------------------------------------------


def test_beat_job_publishes_pages_whose_time_has_come_and_unpublishes_expired_ones(home_page):
    index = PromotionIndexPageFactory(parent=home_page)
    now = timezone.now()

    # Scheduled earlier for a minute ago: approved, waiting for the job (as Wagtail's publish leaves it).
    past = now - datetime.timedelta(minutes=1)
    scheduled = PromotionPageFactory(parent=index, live=False, go_live_at=past)
    scheduled.save_revision(approved_go_live_at=past)
    scheduled.refresh_from_db()
    assert not scheduled.live

    expiring = PromotionPageFactory(parent=index)
    expiring.save_revision().publish()
    Page.objects.filter(pk=expiring.pk).update(expire_at=now - datetime.timedelta(minutes=1))

    untouched = PromotionPageFactory(parent=index, live=False, go_live_at=now + datetime.timedelta(days=1))
    untouched.save_revision().publish()

    pages_publish_scheduled.apply().get()

    scheduled.refresh_from_db()
    expiring.refresh_from_db()
    untouched.refresh_from_db()
    assert scheduled.live and scheduled.has_unpublished_changes is False
    assert not expiring.live and expiring.expired
    assert not untouched.live
    pages_publish_scheduled.apply().get()  # idempotent: nothing more to do
    scheduled.refresh_from_db()
    assert scheduled.live


def test_setup_command_grants_permissions_on_a_fresh_site(tree, capsys):
    from django.core.management import call_command

    GroupPagePermission.objects.filter(group__name=roles.TOURISM_STAFF).delete()
    call_command("cms_setup_permissions")
    assert "tour indexes: 2" in capsys.readouterr().out  # Vietnamese and English
    assert GroupPagePermission.objects.filter(group__name=roles.TOURISM_STAFF, page=tree["tours"]).count() == 2


def test_setup_command_refuses_a_site_without_a_home_page(wagtail_tree):
    from django.core.management import CommandError, call_command
    from wagtail.models import Site

    Site.objects.all().delete()
    with pytest.raises(CommandError):
        call_command("cms_setup_permissions")
