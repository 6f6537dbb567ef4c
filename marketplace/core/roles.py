"""The people who use the marketplace, as Django groups."""

from django.contrib.auth.models import Group, Permission
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
    TOURISM_STAFF: [("wagtailadmin", "access_admin")],
    EDITORS: [("wagtailadmin", "access_admin")],
    PRODUCERS: [("partner", "dashboard_access")],
}


def roles_ensure_groups() -> dict[str, Group]:
    """Create the role groups with their base permissions. Idempotent."""
    groups = {}
    for name, perms in _GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        groups[name] = group
    return groups
