"""Who may decide producer applications: staff and the Officers group.

Imports nothing from models at import time, so settings can use ``officer_nav_access`` in
OSCAR_DASHBOARD_NAVIGATION.
"""


def user_is_officer(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    from marketplace.core.roles import OFFICERS

    cached = getattr(user, "_ocop_is_officer", None)
    if cached is None:
        cached = user.groups.filter(name=OFFICERS).exists()
        user._ocop_is_officer = cached
    return cached


def officer_nav_access(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """``access_fn`` for the dashboard menu entry of producer applications."""
    return user_is_officer(user)
