"""The storefront's booth application form (served by FairPage's ``dang-ky-gian-hang/`` route): thin."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Site

from events.fairs import selectors
from events.fairs.forms import BoothApplicationForm
from events.fairs.models import FairIndexPage, FairPage


def booth_apply(request, *, fair):
    """Login required; only users who work for a producer (``Partner.users``) get the form."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    producer = selectors.producer_for_user(user=request.user)
    context = {"page": fair, "self": fair, "producer": producer}
    if producer is None:
        context["refusal"] = _(
            "Only approved producers can apply for a booth. Register your business as a producer first."
        )
        return TemplateResponse(request, "fairs/booth_application_form.html", context, status=403)
    existing = selectors.booth_application_for_producer(fair=fair, producer=producer)
    if existing is not None:
        context["existing"] = existing
        return TemplateResponse(request, "fairs/booth_application_form.html", context)
    form = BoothApplicationForm(request.POST or None, fair=fair, producer=producer, user=request.user)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        messages.success(request, _("Your booth application was sent. You will receive the decision by e-mail."))
        return redirect(fair.url)
    context["form"] = form
    return TemplateResponse(request, "fairs/booth_application_form.html", context, status=400 if form.errors else 200)


def page_ics(request, path: str):
    """``<fair or fair index path>/lich.ics``: the same calendar as the page's ``ics/`` route.

    Wagtail's catch-all accepts no dot in a path, so this view is mounted just before it (marketplace/urls.py).
    """
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [component for component in path.split("/") if component]
    page, _args, _kwargs = site.root_page.localized.specific.route(request, components)
    if page.get_view_restrictions().exists():
        raise Http404
    if isinstance(page, FairPage):
        return page.ical_view(request)
    if isinstance(page, FairIndexPage):
        return page.ical_feed_view(request)
    raise Http404
