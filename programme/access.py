"""Who may open the OCOP cycle's screens (``/dashboard/ocop/``).

Four roles work here: producers (their own ideas and dossiers), commune officers (their communes), council
members (the rounds they sit on) and programme officers (the Officers group and staff: everything). Which
*objects* each sees is decided by the selectors (``programme.selectors``), which take the user; these checks only
decide whether a screen opens at all. Anonymous users are sent to log in; others without the role get 403.

Settings import this module (the dashboard menu): models are imported inside functions.
"""

from marketplace.core.roles import user_is_commune_officer, user_is_council_member, user_is_officer

LOGIN_URL = "customer:login"

__all__ = [
    "RoleRequiredMixin",
    "user_in_programme",
    "user_is_commune_officer",
    "user_is_council_member",
    "user_is_officer",
    "user_is_programme_producer",
]


def user_is_programme_producer(user) -> bool:
    """A producer's user (``Partner.users``), who is not an officer."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user_is_officer(user):
        return False
    cached = getattr(user, "_ocop_partner_ids", None)
    if cached is None:
        cached = list(user.partners.values_list("pk", flat=True))
        user._ocop_partner_ids = cached
    return bool(cached)


def user_in_programme(user) -> bool:
    """Anyone with a role in the cycle: may open the programme's landing page."""
    return (
        user_is_officer(user)
        or user_is_commune_officer(user)
        or user_is_council_member(user)
        or user_is_programme_producer(user)
    )


ROLE_CHECKS = {
    "officer": user_is_officer,
    "commune_officer": user_is_commune_officer,
    "council_member": user_is_council_member,
    "producer": user_is_programme_producer,
}


class RoleRequiredMixin:
    """Opens the view for users holding any of ``roles`` (keys of ROLE_CHECKS); officers hold every screen's
    officer role only where ``roles`` names "officer"."""

    roles: tuple[str, ...] = ()

    def user_has_role(self, user) -> bool:
        return any(ROLE_CHECKS[role](user) for role in self.roles)

    def dispatch(self, request, *args, **kwargs):
        from django.contrib.auth.views import redirect_to_login
        from django.core.exceptions import PermissionDenied

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        if not self.user_has_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# ``access_fn`` functions for the dashboard menu (settings/integrations/dashboard.py).
def nav_programme(user, url_name, url_args=None, url_kwargs=None) -> bool:
    # On every dashboard page: the producers' permission (already loaded by the dashboard) instead of a query.
    return (
        user_is_officer(user)
        or user_is_commune_officer(user)
        or user_is_council_member(user)
        or user.has_perm("partner.dashboard_access")
    )


def nav_officer(user, url_name, url_args=None, url_kwargs=None) -> bool:
    return user_is_officer(user)


def nav_producer(user, url_name, url_args=None, url_kwargs=None) -> bool:
    return not user_is_officer(user) and user.has_perm("partner.dashboard_access")


def nav_reviewer_or_producer(user, url_name, url_args=None, url_kwargs=None) -> bool:
    return nav_commune_officer(user, url_name) or nav_producer(user, url_name)


def nav_commune_officer(user, url_name, url_args=None, url_kwargs=None) -> bool:
    return user_is_commune_officer(user) or user_is_officer(user)


def nav_council_member(user, url_name, url_args=None, url_kwargs=None) -> bool:
    return user_is_council_member(user) or user_is_officer(user)
