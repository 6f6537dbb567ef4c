"""Who may decide producer applications: staff and the Officers group.

Imports nothing from models at import time, so settings can use ``officer_nav_access`` in
OSCAR_DASHBOARD_NAVIGATION.
"""

from marketplace.core.roles import user_is_officer

__all__ = ["officer_nav_access", "user_is_officer"]


def officer_nav_access(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """``access_fn`` for the dashboard menu entry of producer applications."""
    return user_is_officer(user)
