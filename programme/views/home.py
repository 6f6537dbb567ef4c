"""The cycle's landing page: each role sees the work waiting for it."""

from django.urls import path
from django.views.generic import TemplateView

from programme import selectors
from programme.access import RoleRequiredMixin


class HomeView(RoleRequiredMixin, TemplateView):
    roles = ("officer", "commune_officer", "council_member", "producer")
    template_name = "programme/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["work"] = selectors.programme_work_for_user(user=self.request.user)
        return context


urlpatterns = [path("", HomeView.as_view(), name="home")]
