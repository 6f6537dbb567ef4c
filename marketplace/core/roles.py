"""The people who use the marketplace, as Django groups.

Settings import this module (dashboard menu access checks): Django models are imported inside functions.
"""

from django.utils.translation import gettext_lazy as _

OFFICERS = "Officers"
TOURISM_STAFF = "Tourism staff"
EDITORS = "Editors"
PRODUCERS = "Producers"

ROLE_LABELS = {
    OFFICERS: _("Officers"),
    TOURISM_STAFF: _("Tourism staff"),
    EDITORS: _("Editors"),
    PRODUCERS: _("Producers"),
}

# Permissions each group needs to reach its tools; later features add theirs.
_GROUP_PERMISSIONS = {
    OFFICERS: [("wagtailadmin", "access_admin")],
    TOURISM_STAFF: [
        ("wagtailadmin", "access_admin"),
        ("tours", "view_tourbookingrequest"),
        ("tours", "change_tourbookingrequest"),
    ],
    EDITORS: [("wagtailadmin", "access_admin")],
    PRODUCERS: [("partner", "dashboard_access")],
}


def roles_ensure_groups() -> dict:
    """Create the role groups with their base permissions. Idempotent."""
    from django.contrib.auth.models import Group, Permission

    groups = {}
    for name, perms in _GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        groups[name] = group
    return groups


def user_is_officer(user) -> bool:
    """Staff or a member of the Officers group (remembered on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_ocop_is_officer", None)
    if cached is None:
        cached = user.groups.filter(name=OFFICERS).exists()
        user._ocop_is_officer = cached
    return cached
