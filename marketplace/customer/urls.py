"""Mounted at shop/accounts/ in front of Oscar's customer URLs: same paths, so Oscar's names still reverse here.

Unnamed on purpose: ``customer:login`` and the rest keep resolving to these addresses.
"""

from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from django.views.generic import RedirectView

from marketplace.customer import views

urlpatterns = [
    path("login/", views.LoginView.as_view()),
    # Registration that does not tell whether an e-mail already has an account.
    path("register/", views.RegisterView.as_view()),
    # The link in the activation e-mail (named: the e-mail is built with reverse()).
    path("activate/<str:uidb64>/<str:token>/", views.AccountActivateView.as_view(), name="account-activate"),
    path("orders/", login_required(views.ShopperOrderHistoryView.as_view())),
    # Oscar redirects to a hard-coded "/accounts/notifications/inbox/", missing our /shop/ and language prefixes.
    path("notifications/", RedirectView.as_view(pattern_name="customer:notifications-inbox", permanent=False)),
    # Oscar changes these on GET; ours confirm on GET and act on POST.
    path("logout/", views.LogoutView.as_view()),
    re_path(
        r"^addresses/(?P<pk>\d+)/(?P<action>default_for_(?:billing|shipping))/$",
        login_required(views.AddressChangeStatusView.as_view()),
    ),
    path("wishlists/add/<int:product_pk>/", login_required(views.WishListAddProductView.as_view())),
    path("wishlists/<str:key>/add/<int:product_pk>/", login_required(views.WishListAddProductView.as_view())),
    path(
        "wishlists/<str:key>/lines/<int:line_pk>/move-to/<str:to_key>/",
        login_required(views.WishListMoveProductView.as_view()),
    ),
    path("alerts/confirm/<str:key>/", views.ProductAlertConfirmView.as_view()),
    path("alerts/cancel/key/<str:key>/", views.ProductAlertCancelView.as_view()),
    path("alerts/cancel/<int:pk>/", login_required(views.ProductAlertCancelView.as_view())),
]
