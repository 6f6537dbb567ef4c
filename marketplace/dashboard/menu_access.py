"""``access_fn`` functions for OSCAR_DASHBOARD_NAVIGATION (settings/integrations/dashboard.py).

Producers and officers each get their own menu section; Oscar's stock sections stay for staff.
Settings import this module: everything Django- or Oscar-specific is imported inside the functions.
"""

from marketplace.dashboard.access import user_is_officer, user_is_producer


def _may_open(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """The same decision the URL's own guard makes (marketplace.dashboard.access)."""
    from django.urls import resolve, reverse
    from oscar.apps.dashboard.nav import _dashboard_url_names_to_config, default_access_fn

    from marketplace.dashboard.access import user_may_open

    if url_name is None:
        return True
    name = resolve(reverse(url_name, args=url_args, kwargs=url_kwargs)).url_name
    config = _dashboard_url_names_to_config().get(name)
    if config is None or not hasattr(config, "admits_officers"):
        return default_access_fn(user, url_name, url_args, url_kwargs)
    return user_may_open(
        user,
        permissions=config.get_permissions(name),
        officers=config.admits_officers(name),
        cycle=config.admits_cycle_roles(name),
    )


def dashboard_user_access(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """Anyone who may open the page: staff, officers, producers."""
    return _may_open(user, url_name, url_args, url_kwargs)


def producer_access(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """The producers' own section: shown to producer users only."""
    return user_is_producer(user) and _may_open(user, url_name, url_args, url_kwargs)


def officer_access(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """The officers' section: shown to officers and staff."""
    return user_is_officer(user) and _may_open(user, url_name, url_args, url_kwargs)


def staff_access(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """Oscar's stock sections: staff only (producers and officers have sections of their own)."""
    from oscar.apps.dashboard.nav import default_access_fn

    return bool(user.is_staff) and default_access_fn(user, url_name, url_args, url_kwargs)
