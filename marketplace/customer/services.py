"""Writes for shopper accounts and their logins."""

import logging
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from oscar.apps.customer.utils import normalise_email
from oscar.core.loading import get_class

from marketplace.core.throttling import address_throttle_key, email_throttle_key, throttle_hit

generate_username = get_class("customer.forms", "generate_username")
CustomerDispatcher = get_class("customer.utils", "CustomerDispatcher")
user_registered = get_class("customer.signals", "user_registered")

logger = logging.getLogger(__name__)


def login_lockout_reset(*, officer, username: str = "", ip_address: str = "") -> int:
    """Unlock one account or one address; returns the failed-login records cleared (0: nothing was locked).

    The account may be given as its e-mail in any case or its username: it goes through the same key as
    the throttle (``email_throttle_key``); an address through ``address_throttle_key`` (an IPv6 by its /64).
    Recorded twice when something was cleared: a log line and an entry in Django's admin log (who, what,
    when), which the admin's "Recent actions" and LogEntry queries show.
    """
    from axes.models import AccessAttempt

    if bool(username) == bool(ip_address):
        raise ValidationError(_("Choose one account or one address to unlock."))
    if username:
        key = email_throttle_key(username)
        cleared = axes_reset(username=key)
        what = _("account %(account)s") % {"account": key}
    else:
        try:
            key = address_throttle_key(ip_address)
        except ValueError:
            raise ValidationError(_("Not an IP address.")) from None
        cleared = axes_reset(ip=key)
        what = _("address %(address)s") % {"address": key}
    if not cleared:
        return 0
    LogEntry.objects.create(
        user_id=officer.pk,
        content_type=ContentType.objects.get_for_model(AccessAttempt),
        object_repr=(_("Login lockout: %(what)s") % {"what": what})[:200],
        action_flag=DELETION,
        change_message=_("Unlocked %(what)s (%(count)d failed-login records cleared)")
        % {"what": what, "count": cleared},
    )
    logger.warning("Login lockout of %s cleared by user %s (%d records)", key, officer.pk, cleared)
    return cleared


class AccountActivationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the activation link: their own salt (a password-reset token does not activate, nor the
    reverse), and dead once the account is active or has logged in (both are in the hash)."""

    key_salt = "marketplace.customer.services.AccountActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


account_activation_token = AccountActivationTokenGenerator()


def _registration_email_throttled(email_key: str) -> bool:
    # One budget per address for every message registration sends (activation links, notes to an owner),
    # so the form cannot be used to flood someone's inbox.
    return throttle_hit(
        scope="registration-email",
        key=email_key,
        limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
        window_seconds=settings.PASSWORD_RESET_WINDOW_SECONDS,
    )


def _pending_account(user) -> bool:
    """Registered and never activated (not an account an officer switched off): inactive, never logged in,
    and younger than the activation link can be."""
    return (
        not user.is_active
        and user.last_login is None
        and user.date_joined >= timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    )


def _send_activation(*, user, request, next_url: str) -> int:
    url = reverse(
        "account-activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": account_activation_token.make_token(user),
        },
    )
    if next_url:
        url = f"{url}?{urlencode({'next': next_url})}"
    context = {
        "user": user,
        "activation_url": request.build_absolute_uri(url),
        "days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
    }
    subject = render_to_string("oscar/customer/emails/activation_subject.txt", context).strip()
    body = render_to_string("oscar/customer/emails/activation_body.txt", context)
    return send_mail(subject, body, None, [user.email])


def _notify_owner(*, user, request) -> int:
    context = {
        "user": user,
        "login_url": request.build_absolute_uri(reverse("customer:login")),
        "reset_url": request.build_absolute_uri(reverse("password-reset")),
    }
    subject = render_to_string("oscar/customer/emails/registration_attempt_subject.txt", context).strip()
    body = render_to_string("oscar/customer/emails/registration_attempt_body.txt", context)
    return send_mail(subject, body, None, [user.email])


@transaction.atomic
def account_register(*, email: str, password: str, request, next_url: str = "") -> int:
    """Register ``email`` without telling anyone whether it already has an account; returns messages sent.

    A new address gets an inactive account and an activation link (``account_activate``): only the owner
    of the mailbox can use the account, so "register, then log in with that password" tells nothing either.
    An address with an account gets a note to its owner ("someone tried to register…") and nothing changes.
    An account registered but not yet activated takes the newest password and a new link (the older link
    dies with the old password). Every branch hashes the password, so the time taken tells nothing.
    At most ``PASSWORD_RESET_LIMIT_PER_EMAIL`` messages per address per window.
    """
    User = get_user_model()
    email = normalise_email(email)
    existing = User._default_manager.filter(email__iexact=email).order_by("pk").first()
    throttled = _registration_email_throttled(email_throttle_key(email))
    if existing is None:
        user = User(email=email, is_active=False)
        if "username" in [field.name for field in User._meta.fields]:
            user.username = generate_username()
        user.set_password(password)
        user.save()
        logger.info("Account %s registered, waiting for activation", user.pk)
    elif _pending_account(existing) and not throttled:
        user = existing
        user.set_password(password)
        user.save(update_fields=["password"])
    else:
        # Over the budget, the pending account keeps its password and its link (a flood of registrations
        # must not kill the owner's link).
        user = existing
        make_password(password)
    if throttled:
        return 0
    if _pending_account(user):
        return _send_activation(user=user, request=request, next_url=next_url)
    if user.is_active:
        return _notify_owner(user=user, request=request)
    return 0  # an account an officer switched off: nothing to say to anyone


def account_activate(*, uidb64: str, token: str, request):
    """Activate the account the link was made for; returns it, or None for a wrong, used or expired link.

    Sends Oscar's ``user_registered`` signal and welcome e-mail now: the account exists for real from here.
    """
    user = account_activation_user(uidb64=uidb64, token=token)
    if user is None:
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    logger.info("Account %s activated", user.pk)
    user_registered.send_robust(sender=account_activate, request=request, user=user)
    if getattr(settings, "OSCAR_SEND_REGISTRATION_EMAIL", True):
        CustomerDispatcher().send_registration_email_for_user(user, {"user": user, "request": request})
    return user


def account_activation_user(*, uidb64: str, token: str):
    """The pending account a link is valid for, or None."""
    User = get_user_model()
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        user = User._default_manager.get(pk=pk)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None
    if user.is_active or not account_activation_token.check_token(user, token):
        return None
    return user


def account_lockout_clear(*, user) -> int:
    """Clear the login lockout of ``user``'s account (after the owner proved it by resetting the password);
    returns the records cleared. Failures counted against an address stay."""
    if not user.email:
        return 0
    return axes_reset(username=email_throttle_key(user.email))


def wishlist_line_move(*, line, to_wishlist) -> bool:
    """Move a wish-list line to another of the owner's lists; False when that list already has the product.

    A line whose product was deleted (product NULL) keeps its own title and always moves.
    """
    if line.product_id and to_wishlist.lines.filter(product_id=line.product_id).exists():
        return False
    line.wishlist = to_wishlist
    line.save(update_fields=["wishlist"])
    return True
