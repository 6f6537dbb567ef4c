from django.urls import path

from marketplace.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("", views.ApplicationApplyView.as_view(), name="apply"),
    path("status/", views.ApplicationStatusView.as_view(), name="status"),
]
