"""Mounted at cms/password_reset/ in front of Wagtail's (marketplace/urls.py): the same addresses, with the shop's
throttle, and a confirmation that lifts the account's login lockout.

Unnamed on purpose: Wagtail's ``wagtailadmin_password_reset`` names keep reversing to these addresses.
"""

from django.urls import path

from marketplace.customer import views

urlpatterns = [
    path("", views.CmsPasswordResetView.as_view()),
    path("confirm/<uidb64>/<token>/", views.CmsPasswordResetConfirmView.as_view()),
]
