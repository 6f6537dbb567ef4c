"""Writes of the CMS: who may do what in which part of the page tree, and checks on editors' input."""

from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from marketplace.core import roles

TOUR_WORKFLOW = "Tour moderation"
PROMOTION_WORKFLOW = "Promotion review"
EDITORS_TASK = "Editors approval"

# Page permissions per role (Wagtail's codenames on wagtailcore.Page).
_ALL = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page")
_AUTHOR = ("add_page", "change_page")
_PUBLISHER = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def livestream_validate(*, url: str, starts_at, ends_at=None) -> None:
    """A livestream slot must link to a web address (http/https with a host) and not end before it starts."""
    errors = {}
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname or "." not in parts.hostname:
        errors["url"] = _("Enter the livestream's web address, starting with https://.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("A livestream must end after it starts.")
    if errors:
        raise ValidationError(errors)


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _grant(group: Group, pages, codenames) -> None:
    for page in pages:
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_page_permission(codename))


def _in_every_language(page) -> list:
    """A page and its translations (each language has its own subtree)."""
    return list(Page.objects.filter(translation_key=page.translation_key).order_by("pk"))


def _index_pages(app_label: str, model_name: str, *, home_page) -> list:
    """The index pages of this type under the home page, in every language ([] while the model is missing)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return []
    homes = _in_every_language(home_page)
    pages = []
    for home in homes:
        pages.extend(model.objects.descendant_of(home).order_by("path"))
    return pages


def _workflow(name: str, task: GroupApprovalTask, pages) -> Workflow:
    workflow, _created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    # WorkflowTask rows directly: workflow.workflow_tasks is a modelcluster relation (in memory until saved).
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task=task, sort_order=WorkflowTask.objects.filter(workflow=workflow).count()
        )
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def cms_permissions_setup(*, home_page) -> dict:
    """Give each role its part of the page tree and set up moderation. Idempotent.

    Officers add, edit and publish fairs and trainings; tourism staff add and edit tours and promotions but cannot
    publish: what they submit goes to the editors ("Tour moderation", "Promotion review"); editors may do
    everything under the home page. Run it after the index pages exist (the demo loader does); a fresh
    site runs it again once its fair, tour and promotion index pages are created.
    """
    groups = roles.roles_ensure_groups()
    officers, tourism, editors = groups[roles.OFFICERS], groups[roles.TOURISM_STAFF], groups[roles.EDITORS]

    fair_indexes = _index_pages("fairs", "FairIndexPage", home_page=home_page)
    tour_indexes = _index_pages("tours", "TourIndexPage", home_page=home_page)
    promotion_indexes = _index_pages("cms", "PromotionIndexPage", home_page=home_page)
    training_indexes = _index_pages("trainings", "TrainingIndexPage", home_page=home_page)

    _grant(editors, _in_every_language(home_page), _ALL)
    _grant(officers, fair_indexes + training_indexes, _PUBLISHER)
    _grant(tourism, tour_indexes + promotion_indexes, _AUTHOR)

    task = GroupApprovalTask.objects.filter(name=EDITORS_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=EDITORS_TASK)
    task.groups.add(editors)
    tour_workflow = _workflow(TOUR_WORKFLOW, task, tour_indexes)
    promotion_workflow = _workflow(PROMOTION_WORKFLOW, task, promotion_indexes)
    return {
        "groups": groups,
        "fair_indexes": fair_indexes,
        "tour_indexes": tour_indexes,
        "promotion_indexes": promotion_indexes,
        "training_indexes": training_indexes,
        "tour_workflow": tour_workflow,
        "promotion_workflow": promotion_workflow,
    }
