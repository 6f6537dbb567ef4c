"""The marketplace's own dashboard pages. Thin: reads through ``selectors``, writes through services.

Access to each URL is checked by the app config (``marketplace.dashboard.apps``); which producer's
objects a user sees is decided by the selectors, so another producer's object is simply not found (404).
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView
from oscar.apps.dashboard import views as core_views
from oscar.templatetags.currency_filters import currency

from marketplace.core.forms import form_add_service_errors
from marketplace.dashboard import selectors
from marketplace.dashboard.access import user_is_officer
from marketplace.dashboard.forms import PayoutForm
from marketplace.dashboard.services import purchase_mark_transfer_received
from marketplace.order.statuses import ORDER_STATUS_LABELS
from marketplace.partner import selectors as partner_selectors
from marketplace.partner.forms import ProducerProfileForm
from marketplace.partner.services import producer_update_profile
from marketplace.payments.selectors import ledger_entry_list, producer_ledger_summary
from marketplace.payments.services import ledger_record_payout

PAGE_SIZE = 25


class IndexView(core_views.IndexView):
    """Staff keep Oscar's shop-wide figures; officers and producers get a summary of their own work;
    commune officers and council members work in the OCOP cycle only, and are sent there."""

    def get(self, request, *args, **kwargs):
        from marketplace.dashboard.access import user_in_cycle_only

        if user_in_cycle_only(request.user):
            return redirect("ocop:home")
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        user = self.request.user
        if user.is_staff:
            return ["oscar/dashboard/index.html"]
        if user_is_officer(user):
            return ["oscar/dashboard/index_officer.html"]
        return ["oscar/dashboard/index_nonstaff.html"]

    def get_context_data(self, **kwargs):
        user = self.request.user
        if user.is_staff:
            return super().get_context_data(**kwargs)
        ctx = TemplateView.get_context_data(self, **kwargs)
        counts = selectors.order_status_counts_for_user(user=user)
        ctx["status_counts"] = [
            {"status": status, "label": label, "count": counts.get(status, 0)}
            for status, label in ORDER_STATUS_LABELS.items()
        ]
        if user_is_officer(user):
            ctx["transfers_awaiting"] = selectors.purchase_list_transfers(user=user).count()
        else:
            ctx["producers"] = list(selectors.producer_balance_list(user=user))
        return ctx


# Producer balances and sales -----------------------------------------------------------------------------------


class _ProducerMixin:
    def get_producer(self):
        producer = selectors.producer_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        if producer is None:
            raise Http404(_("No such producer."))
        return producer


class ProducerBalanceListView(ListView):
    """Officers: every producer with what they are owed. Producers: their own producers."""

    template_name = "oscar/dashboard/marketplace/producer_balance_list.html"
    context_object_name = "producers"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return selectors.producer_balance_list(user=self.request.user)

    def get(self, request, *args, **kwargs):
        if not user_is_officer(request.user):
            own = list(selectors.producer_list_for_user(user=request.user).values_list("pk", flat=True)[:2])
            if len(own) == 1:
                return redirect("dashboard:producer-balance-detail", pk=own[0])
        return super().get(request, *args, **kwargs)


class ProducerBalanceDetailView(_ProducerMixin, View):
    """A producer's sales figures, ledger summary and entries; officers also record payouts here."""

    template_name = "oscar/dashboard/marketplace/producer_balance_detail.html"

    def get(self, request, pk):
        return self.render_page(producer=self.get_producer(), payout_form=PayoutForm())

    def render_page(self, *, producer, payout_form):
        entries = Paginator(ledger_entry_list(producer=producer), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context = {
            "producer": producer,
            "figures": selectors.producer_sales_figures(producer=producer),
            "summary": producer_ledger_summary(producer=producer),
            "page_obj": entries,
            "entries": entries.object_list,
            "is_officer": user_is_officer(self.request.user),
            "payout_form": payout_form,
        }
        return render(self.request, self.template_name, context)


class ProducerPayoutView(ProducerBalanceDetailView):
    """An officer records money paid out to a producer; errors show in the form on the producer's page."""

    http_method_names = ["post"]

    def post(self, request, pk):
        producer = self.get_producer()
        form = PayoutForm(request.POST)
        if form.is_valid():
            try:
                entry = ledger_record_payout(
                    producer=producer,
                    amount=form.cleaned_data["amount"],
                    officer=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Payout of %(amount)s to %(producer)s recorded.")
                    % {"amount": currency(-entry.amount, "VND"), "producer": producer.name},
                )
                return redirect("dashboard:producer-balance-detail", pk=producer.pk)
        return self.render_page(producer=producer, payout_form=form)


class ProducerLedgerCsvView(_ProducerMixin, View):
    """The producer's ledger as CSV, newest first (UTF-8 with BOM, so that spreadsheets read the accents)."""

    def get(self, request, pk):
        producer = self.get_producer()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ledger-{producer.slug or producer.pk}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([_("Date"), _("Entry type"), _("Order"), _("Amount (đồng)"), _("Note"), _("Recorded by")])
        for entry in ledger_entry_list(producer=producer).iterator(chunk_size=500):
            writer.writerow(
                [
                    entry.created_at.isoformat(timespec="seconds"),
                    entry.get_kind_display(),
                    entry.order.number if entry.order_id else "",
                    int(entry.amount),
                    entry.note,
                    entry.created_by.get_username() if entry.created_by_id else "",
                ]
            )
        return response


# Bank transfers ------------------------------------------------------------------------------------------------


class PaymentsAwaitingView(ListView):
    """Officers: bank transfers (VietQR) to check against the bank statement; ``?received=1`` those received."""

    template_name = "oscar/dashboard/marketplace/payments_awaiting.html"
    context_object_name = "purchases"
    paginate_by = PAGE_SIZE

    def received(self) -> bool:
        return self.request.GET.get("received") == "1"

    def get_queryset(self):
        return selectors.purchase_list_transfers(user=self.request.user, received=self.received())

    def get_context_data(self, **kwargs):
        return super().get_context_data(received=self.received(), **kwargs)


class PurchaseMarkPaidView(View):
    """Record that a bank transfer arrived (officers; a producer only for a purchase wholly theirs)."""

    http_method_names = ["post"]

    def post(self, request, reference):
        purchase = selectors.purchase_get_for_user(user=request.user, reference=reference)
        if purchase is None:
            raise Http404(_("No such purchase."))
        try:
            changed = purchase_mark_transfer_received(purchase=purchase, user=request.user)
        except PermissionDenied as denied:
            return render(request, "oscar/dashboard/marketplace/forbidden.html", {"message": str(denied)}, status=403)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if changed:
                messages.success(
                    request,
                    _("Payment for %(reference)s recorded: its orders now wait for their producers.")
                    % {"reference": purchase.reference},
                )
            else:
                messages.info(request, _("Payment for %(reference)s was already recorded.") % {"reference": reference})
        return redirect(self._next_url(request))

    def _next_url(self, request) -> str:
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        if user_is_officer(request.user):
            return reverse("dashboard:payments-awaiting")
        return reverse("dashboard:order-list")


# Certificates (the lots' pages are in traceability.dashboard_views) -------------------------------------------------


class CertificationListView(ListView):
    """Certificates of the user's products: read-only (officers record them)."""

    template_name = "oscar/dashboard/marketplace/certification_list.html"
    context_object_name = "certifications"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return selectors.certification_list_for_user(user=self.request.user)


# The producer's own profile ------------------------------------------------------------------------------------


class ProducerProfileView(View):
    """A producer user edits their producer's public profile (staff edit producers in the admin).

    Only for a user who works for exactly one producer; which producer is never taken from the request.
    """

    template_name = "oscar/dashboard/marketplace/producer_profile.html"

    def get_producer(self):
        producer = partner_selectors.producer_get_own(user=self.request.user)
        if producer is None:
            raise Http404(_("Your account does not keep the profile of exactly one producer."))
        return producer

    def get(self, request):
        producer = self.get_producer()
        return self.render_page(producer=producer, form=ProducerProfileForm.for_producer(producer))

    def post(self, request):
        producer = self.get_producer()
        form = ProducerProfileForm.for_producer(producer, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                producer_update_profile(
                    producer=producer,
                    user=request.user,
                    story=data["story"],
                    phone=data["phone"],
                    email=data["email"],
                    website=data["website"],
                    facebook_url=data["facebook_url"],
                    zalo_phone=data["zalo_phone"],
                    street_address=data["street_address"],
                    founded_year=data["founded_year"],
                    language=data["language"] or None,
                    logo=data["logo"] or None,
                    logo_clear=data["logo"] is False,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Your profile is saved. Buyers see it on your producer page."))
                return redirect("dashboard:producer-profile")
        return self.render_page(producer=producer, form=form)

    def render_page(self, *, producer, form):
        return render(self.request, self.template_name, {"producer": producer, "form": form})
