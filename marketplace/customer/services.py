"""Writes for shopper accounts and their logins."""

import logging

from axes.utils import reset as axes_reset
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def login_lockout_reset(*, officer, username: str = "", ip_address: str = "") -> int:
    """Unlock one account (its throttle key, the lower-cased e-mail) or one address; returns the failures cleared.

    Recorded twice: a log line and an entry in Django's admin log (who, what, when), which the admin's
    "Recent actions" and LogEntry queries show.
    """
    from axes.models import AccessAttempt

    if bool(username) == bool(ip_address):
        raise ValidationError(_("Choose one account or one address to unlock."))
    if username:
        cleared = axes_reset(username=username)
        what = f"account {username}"
    else:
        cleared = axes_reset(ip=ip_address)
        what = f"address {ip_address}"
    LogEntry.objects.create(
        user_id=officer.pk,
        content_type=ContentType.objects.get_for_model(AccessAttempt),
        object_repr=f"Login lockout: {what}"[:200],
        action_flag=DELETION,
        change_message=f"Unlocked {what} ({cleared} failed-login records cleared)",
    )
    logger.warning("Login lockout of %s cleared by user %s (%d records)", what, officer.pk, cleared)
    return cleared


def account_registration_attempt_notify(*, email: str, password: str, login_url: str, reset_url: str) -> int:
    """Someone registered with an e-mail that already has an account: tell its owner, create nothing.

    Returns the number of messages sent. The password is hashed and thrown away so that this answer takes
    about as long as creating an account (the time must not tell the two apart either). At most
    ``PASSWORD_RESET_LIMIT_PER_EMAIL`` such messages per address per window, so the form cannot be used to
    flood someone's inbox.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from marketplace.customer.throttling import throttle_hit

    make_password(password)
    if throttle_hit(
        scope="registration-attempt-email",
        key=email.lower(),
        limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
        window_seconds=settings.PASSWORD_RESET_WINDOW_SECONDS,
    ):
        return 0
    sent = 0
    for user in get_user_model()._default_manager.filter(email__iexact=email, is_active=True):
        context = {"user": user, "login_url": login_url, "reset_url": reset_url}
        subject = render_to_string("oscar/customer/emails/registration_attempt_subject.txt", context).strip()
        body = render_to_string("oscar/customer/emails/registration_attempt_body.txt", context)
        sent += send_mail(subject, body, None, [user.email])
    return sent
