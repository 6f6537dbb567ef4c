"""Mounted at shop/password-reset/ in front of Oscar's (marketplace/urls.py): the same address, with a throttle.

Unnamed on purpose: Oscar's ``password-reset`` name keeps reversing to this address.
"""

from django.urls import path
from oscar.views.decorators import login_forbidden

from marketplace.customer import views

urlpatterns = [
    path("", login_forbidden(views.PasswordResetView.as_view())),
]
