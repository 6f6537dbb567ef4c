"""Mounted at shop/accounts/ in front of Oscar's customer URLs: same paths, so Oscar's names still reverse here.

Unnamed on purpose: ``customer:login`` and the rest keep resolving to these addresses.
"""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from marketplace.customer import views

urlpatterns = [
    path("login/", views.LoginView.as_view()),
    path("orders/", login_required(views.ShopperOrderHistoryView.as_view())),
    # Oscar redirects to a hard-coded "/accounts/notifications/inbox/", missing our /shop/ and language prefixes.
    path("notifications/", RedirectView.as_view(pattern_name="customer:notifications-inbox", permanent=False)),
]
