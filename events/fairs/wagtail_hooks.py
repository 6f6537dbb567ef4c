"""Wagtail admin: venues as snippets, and the officers' booth application queue."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from events.fairs import admin_views
from events.fairs.models import Venue

register_snippet(Venue)


class OfficerMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.user_may_decide(request.user)


@hooks.register("register_admin_urls")
def register_booth_application_urls():
    urls = [
        path("", admin_views.booth_application_index, name="index"),
        path("<int:pk>/", admin_views.booth_application_decide, name="decide"),
    ]
    return [path("booth-applications/", include((urls, "fairs_booth_applications")))]


@hooks.register("register_admin_menu_item")
def register_booth_application_menu_item():
    return OfficerMenuItem(
        _("Booth applications"), reverse("fairs_booth_applications:index"), icon_name="calendar", order=310
    )
