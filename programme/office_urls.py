"""The programme office's screens, under /dashboard/programme/ (namespace ``programme_office``): the progress
dashboard, the yearly plans with their targets and planned products, and each plan's budget (officers only)."""

from programme.views import budget, plans, progress

app_name = "programme_office"
urlpatterns = [
    *plans.urlpatterns,
    *budget.urlpatterns,
    *progress.urlpatterns,
]
