"""The programme office's progress dashboard (officers): targets against actuals, the cycle's funnel, certified
products, expiring certificates, producers and sales; charts from a JSON endpoint, every table as XLSX with
``?format=xlsx``."""

import datetime

from django.http import Http404, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView, View

from programme.office_xlsx import dashboard_xlsx_build, xlsx_response
from programme.selectors import plans as plan_selectors
from programme.selectors.progress import progress_chart_data, progress_dashboard
from programme.views.common import OfficerMixin


class _YearMixin(OfficerMixin):
    def year(self) -> int:
        year = self.kwargs.get("year")
        if year is None:
            years = plan_selectors.plan_years()
            today = timezone.localdate().year
            year = today if not years or today in years else years[0]
        if not 2000 <= year <= 2100:
            raise Http404
        return year

    def dashboard(self) -> dict:
        year = self.year()
        return progress_dashboard(year=year, plan=plan_selectors.plan_for_year(year=year))


class DashboardView(_YearMixin, TemplateView):
    template_name = "programme/office/dashboard.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            dashboard = self.dashboard()
            return xlsx_response(
                content=dashboard_xlsx_build(dashboard=dashboard), filename=f"ocop-progress-{dashboard['year']}.xlsx"
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = self.dashboard()
        year = dashboard["year"]
        context.update(
            dashboard=dashboard,
            year=year,
            years=sorted(set(plan_selectors.plan_years()) | {timezone.localdate().year, year}, reverse=True),
            expiring_until=timezone.localdate() + datetime.timedelta(days=90),
        )
        return context


class DashboardDataView(_YearMixin, View):
    def get(self, request, *args, **kwargs):
        response = JsonResponse(progress_chart_data(dashboard=self.dashboard()))
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("<int:year>/", DashboardView.as_view(), name="dashboard-year"),
    path("<int:year>/data.json", DashboardDataView.as_view(), name="dashboard-data"),
]
