from django.urls import path

from marketplace.onboarding import dashboard_views as views

app_name = "onboarding-dashboard"
urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="application-list"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"),
    path("<int:pk>/approve/", views.ApplicationApproveView.as_view(), name="application-approve"),
    path("<int:pk>/reject/", views.ApplicationRejectView.as_view(), name="application-reject"),
    path("<int:pk>/scan/", views.ApplicationScanView.as_view(), name="application-scan"),
]
