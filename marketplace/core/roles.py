"""The people who use the marketplace, as Django groups.

Settings import this module (dashboard menu access checks): Django models are imported inside functions.
"""

from django.utils.translation import gettext_lazy as _

OFFICERS = "Officers"
TOURISM_STAFF = "Tourism staff"
EDITORS = "Editors"
PRODUCERS = "Producers"
# The OCOP cycle (programme app): commune and ward officers check dossiers from their communes
# (programme.CommuneAssignment); council members score the products of the rounds they sit on.
COMMUNE_OFFICERS = "Commune officers"
COUNCIL_MEMBERS = "Council members"

ROLE_LABELS = {
    OFFICERS: _("Officers"),
    TOURISM_STAFF: _("Tourism staff"),
    EDITORS: _("Editors"),
    PRODUCERS: _("Producers"),
    COMMUNE_OFFICERS: _("Commune officers"),
    COUNCIL_MEMBERS: _("Council members"),
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
    COMMUNE_OFFICERS: [],
    COUNCIL_MEMBERS: [],
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


def user_group_names(user) -> frozenset:
    """The names of the user's groups, read once per request (one query answers every role check)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_ocop_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._ocop_group_names = cached
    return cached


def user_is_officer(user) -> bool:
    """Staff or a member of the Officers group."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_staff) or OFFICERS in user_group_names(user)


def user_is_commune_officer(user) -> bool:
    """A member of the Commune officers group (their reach is their assigned communes)."""
    return COMMUNE_OFFICERS in user_group_names(user)


def user_is_council_member(user) -> bool:
    """A member of the Council members group (their reach is the rounds they sit on)."""
    return COUNCIL_MEMBERS in user_group_names(user)
