"""Who may open which dashboard page.

Oscar guards each dashboard URL with permission lists (``permissions_map``): staff, or users with
``partner.dashboard_access`` (producers, through the Producers group). Officers are neither staff nor
partner users: they are admitted by group membership, on the URLs an app config lists in
``officer_url_names``. Which *objects* a user then sees is decided by the selectors, never here.

Settings import this module (through menu_access): Django and Oscar are imported inside functions.
"""

from marketplace.core.roles import user_is_officer

__all__ = ["OfficerAccessMixin", "dashboard_access_required", "user_is_officer", "user_is_producer", "user_may_open"]


def user_is_producer(user) -> bool:
    """A non-officer user who reaches the dashboard as one or more producers' staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user_is_officer(user):
        return False
    return user.has_perm("partner.dashboard_access")


def user_in_cycle_only(user) -> bool:
    """A commune officer or council member (the OCOP cycle's roles), who is neither staff, officer nor producer."""
    from marketplace.core.roles import user_is_commune_officer, user_is_council_member

    return (user_is_commune_officer(user) or user_is_council_member(user)) and not (
        user.is_staff or user_is_officer(user) or user.has_perm("partner.dashboard_access")
    )


def user_may_open(user, *, permissions, officers: bool, cycle: bool = False) -> bool:
    from oscar.views.decorators import check_permissions

    if officers and user_is_officer(user):
        return True
    if cycle and user_in_cycle_only(user):
        return True
    return check_permissions(user, permissions)


def dashboard_access_required(*, permissions, officers: bool, login_url, cycle: bool = False):
    """Like Oscar's ``permissions_required``, also admitting officers where ``officers`` is true.

    Anonymous users are sent to the login page; logged-in users without access get 403.
    """
    from django.contrib.auth.decorators import user_passes_test
    from django.core.exceptions import PermissionDenied

    def check(user):
        if user_may_open(user, permissions=permissions, officers=officers, cycle=cycle):
            return True
        if user.is_authenticated:
            raise PermissionDenied
        return False

    return user_passes_test(check, login_url=login_url)


class OfficerAccessMixin:
    """For Oscar dashboard app configs: officers may open the URLs named in ``officer_url_names``."""

    #: URL names officers may open; ``"__all__"`` for every URL of the app.
    officer_url_names: frozenset | str = frozenset()
    #: URL names the OCOP cycle's roles (commune officers, council members) may open.
    cycle_url_names: frozenset = frozenset()

    def admits_officers(self, url_name) -> bool:
        return self.officer_url_names == "__all__" or url_name in self.officer_url_names

    def admits_cycle_roles(self, url_name) -> bool:
        return url_name in self.cycle_url_names

    def get_url_decorator(self, pattern):
        permissions = self.get_permissions(pattern.name)
        if not permissions:
            return None
        return dashboard_access_required(
            permissions=permissions,
            officers=self.admits_officers(pattern.name),
            cycle=self.admits_cycle_roles(pattern.name),
            login_url=self.login_url,
        )
