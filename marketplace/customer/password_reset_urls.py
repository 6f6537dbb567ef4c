"""Mounted at shop/password-reset/ in front of Oscar's (marketplace/urls.py): the same addresses, with a throttle,
and a confirmation that lifts the account's login lockout.

Unnamed on purpose: Oscar's ``password-reset`` name keeps reversing to this address.
"""

from django.urls import path
from oscar.views.decorators import login_forbidden

from marketplace.customer import views

urlpatterns = [
    path("", login_forbidden(views.PasswordResetView.as_view())),
    # Setting the new password also lifts the account's login lockout.
    path("confirm/<str:uidb64>/<str:token>/", login_forbidden(views.PasswordResetConfirmView.as_view())),
]
