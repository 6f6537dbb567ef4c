"""Wagtail admin: the tours' choosers and the list of booking requests."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from events.tours.choosers import producer_chooser_viewset, sales_point_chooser_viewset
from events.tours.models import TourBookingRequest


class TourBookingRequestViewSet(ModelViewSet):
    """Booking requests as received (read them, filter by tour; editing is for corrections only)."""

    model = TourBookingRequest
    icon = "mail"
    menu_label = _("Tour bookings")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "tour", "departure_date", "party_size", "phone", "created_at", "emailed_at"]
    list_filter = ["tour", "departure_date"]
    search_fields = ["name", "phone", "email"]
    form_fields = ["departure_date", "name", "phone", "email", "party_size", "message"]
    inspect_view_enabled = True
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_tour_choosers():
    return [producer_chooser_viewset, sales_point_chooser_viewset]


@hooks.register("register_admin_viewset")
def register_tour_booking_requests():
    return TourBookingRequestViewSet("tour_booking_requests")
