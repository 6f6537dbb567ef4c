"""django-csp's middleware with one path rule: Wagtail's admin (/cms/) gets a policy that allows inline scripts.

Wagtail 7.4's admin still writes some start-up code inline, without a nonce (inline panels, date and time
pickers: wagtailadmin/panels/inline_panel.html, widgets/date_input.html…), and its editors are our staff
behind a login. Everywhere else, inline scripts run only with the request's nonce. The rest of the policy
(sources, frames, objects, forms) is the same on /cms/. See settings/integrations/security.py.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        prefixes = tuple(getattr(settings, "OCOP_CSP_RELAXED_URL_PREFIXES", ()))
        # A view's own @csp_replace wins; the relaxed directives only fill in for the Wagtail admin's pages.
        if prefixes and parts.replace is None and request.path_info.startswith(prefixes):
            parts.replace = dict(settings.OCOP_CSP_RELAXED_DIRECTIVES)
        return parts
