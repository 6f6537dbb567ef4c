"""Writes for trade fairs: booth applications and the officers' decisions, with their e-mails."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.fairs import selectors
from events.fairs.models import BoothApplication, FairPage
from marketplace.core.links import absolute_url
from marketplace.core.queue import enqueue_on_commit
from marketplace.core.roles import user_is_officer

logger = logging.getLogger(__name__)

Status = BoothApplication.Status
# An approved or rejected application is final; a submitted or wait-listed one can still be decided.
_OPEN_STATUSES = (Status.SUBMITTED, Status.WAITLISTED)


@transaction.atomic
def booth_application_submit(
    *, fair: FairPage, producer, user, products, booth_size: str, notes: str = "", now=None
) -> BoothApplication:
    """A producer's user applies for a booth. Raises ValidationError (by field where it concerns one) when
    registration has closed, the user does not work for the producer, the producer already applied, or a
    product is not the producer's own."""
    now = now or timezone.now()
    fair = selectors.fair_canonical(fair=fair)
    if producer is None or not user.is_authenticated or not producer.users.filter(pk=user.pk).exists():
        raise ValidationError(
            _("Only approved producers can apply for a booth: your account does not manage this producer."),
            code="not_producer",
        )
    # Lock the fair's row: concurrent applications of one producer queue here instead of racing.
    FairPage.objects.select_for_update().filter(pk=fair.pk).first()
    if fair.registration_closes <= now:
        raise ValidationError(
            _("Booth registration for this fair closed on %(deadline)s.")
            % {"deadline": timezone.localtime(fair.registration_closes).strftime("%d/%m/%Y %H:%M")},
            code="deadline_passed",
        )
    if BoothApplication.objects.filter(fair=fair, producer=producer).exists():
        raise ValidationError(
            _("%(name)s has already applied for a booth at this fair.") % {"name": producer.name}, code="duplicate"
        )
    products = list(products)
    if not products:
        raise ValidationError({"products": _("Choose at least one product to exhibit.")}, code="no_products")
    own_ids = set(selectors.producer_product_queryset(producer=producer).values_list("pk", flat=True))
    foreign = [product for product in products if product.pk not in own_ids]
    if foreign:
        raise ValidationError(
            {
                "products": _("These products are not sold by %(name)s: %(titles)s.")
                % {"name": producer.name, "titles": ", ".join(p.get_title() for p in foreign)}
            },
            code="foreign_products",
        )
    application = BoothApplication(
        fair=fair,
        producer=producer,
        applicant=user,
        booth_size=booth_size,
        notes=(notes or "").strip(),
        language=(translation.get_language() or settings.LANGUAGE_CODE)[:10],
    )
    application.full_clean(exclude=["fair", "producer", "applicant"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(
            _("%(name)s has already applied for a booth at this fair.") % {"name": producer.name}, code="duplicate"
        ) from None
    application.products.set(products)
    return application


@transaction.atomic
def booth_application_decide(
    *, application: BoothApplication, officer, decision: str, reason: str = ""
) -> BoothApplication:
    """Approve, reject or wait-list. Approval beyond the fair's booth capacity is refused (wait-list instead);
    a rejection needs a reason. The producer is e-mailed once the transaction commits."""
    if not (user_is_officer(officer) or getattr(officer, "is_superuser", False)):
        raise PermissionDenied(_("Only officers decide booth applications."))
    if decision not in (Status.APPROVED, Status.REJECTED, Status.WAITLISTED):
        raise ValidationError({"decision": _("Choose approve, reject or wait-list.")}, code="bad_decision")
    reason = (reason or "").strip()
    if decision == Status.REJECTED and not reason:
        raise ValidationError(
            {"reason": _("Give the reason for the rejection: the producer will read it.")}, code="reason_required"
        )
    # Lock every application of the fair (in pk order): two officers approving the last booth queue here,
    # and the second one sees the first one's approval when counting.
    locked_all = list(BoothApplication.objects.select_for_update().filter(fair_id=application.fair_id).order_by("pk"))
    locked = next((a for a in locked_all if a.pk == application.pk), None)
    if locked is None:
        raise ValidationError(_("This application no longer exists."), code="missing")
    if locked.status not in _OPEN_STATUSES:
        raise ValidationError(
            _("This application was already decided (%(status)s); it cannot be decided again.")
            % {"status": locked.get_status_display()},
            code="already_decided",
        )
    if decision == Status.APPROVED:
        fair = FairPage.objects.get(pk=locked.fair_id)
        approved = sum(1 for a in locked_all if a.status == Status.APPROVED)
        if approved >= fair.booth_capacity:
            raise ValidationError(
                _(
                    "All %(capacity)s booths of this fair are taken: wait-list the application instead, "
                    "or reject it with a reason."
                )
                % {"capacity": fair.booth_capacity},
                code="capacity_full",
            )
    locked.status = decision
    locked.decided_by = officer
    locked.decided_at = timezone.now()
    locked.reason = reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    from events.fairs.tasks import booth_decision_email_send

    enqueue_on_commit(booth_decision_email_send, locked.pk)
    return locked


_SUBJECTS = {
    Status.APPROVED: gettext_lazy("Your booth at %(fair)s is approved"),
    Status.REJECTED: gettext_lazy("Your booth application for %(fair)s was not approved"),
    Status.WAITLISTED: gettext_lazy("Your booth application for %(fair)s is on the waiting list"),
}


@transaction.atomic
def booth_decision_email_send(*, application_id: int) -> bool:
    """E-mail the producer the latest decision, once per decision: False when there is nothing (more) to send."""
    application = (
        BoothApplication.objects.select_for_update(of=("self",))
        .select_related("fair", "producer", "applicant")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.decided_at is None or application.status not in _SUBJECTS:
        return False
    if application.emailed_decision_at == application.decided_at:
        return False
    recipients = sorted({application.producer.email, getattr(application.applicant, "email", "")} - {"", None})
    if not recipients:
        logger.warning("Booth application %s was decided but nobody has an e-mail address", application.pk)
        return False
    language = application.language if application.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        fair = application.fair.localized
        # The public site's address (SITE_URL), not the Wagtail Site's hostname and port.
        url_parts = fair.get_url_parts()
        context = {
            "application": application,
            "fair": fair,
            "fair_url": absolute_url(url_parts[2]) if url_parts else "",
        }
        subject = str(_SUBJECTS[application.status]) % {"fair": fair.title}
        body = render_to_string("fairs/emails/booth_decision.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    application.emailed_decision_at = application.decided_at
    application.save(update_fields=["emailed_decision_at"])
    return True


# What officers may do with fairs: publish fairs under the index, keep venues.
_OFFICER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
_OFFICER_VENUE_PERMISSIONS = ("add_venue", "change_venue", "delete_venue")


def fairs_grant_officer_permissions(*, index) -> None:
    """Let the Officers group create, edit and publish fairs under ``index`` and edit venues. Idempotent."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    from marketplace.core.roles import OFFICERS, roles_ensure_groups

    officers = roles_ensure_groups()[OFFICERS]
    for codename in _OFFICER_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=officers, page=index, permission=permission)
    officers.permissions.add(
        *Permission.objects.filter(content_type__app_label="fairs", codename__in=_OFFICER_VENUE_PERMISSIONS)
    )
