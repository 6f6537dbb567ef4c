"""The one-page checkout: contact, Vietnamese address, delivery per producer, payment.

Nothing about money is a field here: prices, shipping and totals come from the
database at placement time (marketplace.order.services.purchase_place). The page
posts the total it showed only so that the view can refuse to charge a different one.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.checkout.selectors import checkout_delivery_options, checkout_quote
from marketplace.core.phone import phone_to_e164
from marketplace.order.models import Purchase
from marketplace.regions.models import Region
from marketplace.regions.selectors import local_unit_list, province_get_by_code, province_list
from marketplace.regions.widgets import ProvinceSelect, address_selects_chain


def payment_method_choices() -> list[tuple[str, str]]:
    """Cash on delivery always; transfer when the receiving account is set; cards when Stripe's keys are."""
    choices = [(Purchase.PaymentMethod.COD, Purchase.PaymentMethod.COD.label)]
    if settings.VIETQR_ENABLED:
        choices.append((Purchase.PaymentMethod.VIETQR, Purchase.PaymentMethod.VIETQR.label))
    if settings.STRIPE_ENABLED:
        choices.append((Purchase.PaymentMethod.STRIPE, Purchase.PaymentMethod.STRIPE.label))
    return choices


class CheckoutForm(forms.Form):
    email = forms.EmailField(label=_("Email"), help_text=_("We send your order confirmation here."))
    full_name = forms.CharField(label=_("Full name"), max_length=128)
    phone = forms.CharField(label=_("Phone"), max_length=20, help_text=_("The carrier calls this number."))
    province = forms.ModelChoiceField(
        label=_("Province or city"),
        queryset=province_list(),
        to_field_name="code",
        empty_label=_("Choose a province"),
        widget=ProvinceSelect,
    )
    ward = forms.ModelChoiceField(
        label=_("Commune or ward"),
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a commune or ward"),
    )
    street = forms.CharField(label=_("House number, street, hamlet"), max_length=255)
    notes = forms.CharField(
        label=_("Notes for the delivery"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    payment_method = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect)

    def __init__(self, *args, groups, destination_province=None, **kwargs):
        """``groups``: the basket's producer groups; each gets a delivery choice of its own, priced for the
        posted province (or ``destination_province`` while nothing is posted)."""
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.fields["payment_method"].choices = payment_method_choices()
        self.fields["payment_method"].initial = Purchase.PaymentMethod.COD
        province = self._bound_province() if self.is_bound else destination_province
        self.destination_province = province
        if province is not None:
            self.fields["ward"].queryset = local_unit_list(province=province)
        address_selects_chain(form=self, province="province", ward="ward")
        self.delivery_options = checkout_delivery_options(groups=groups, province=province)
        for group_options in self.delivery_options:
            self.fields[group_options.field_name] = forms.ChoiceField(
                label=_("Delivery"),
                choices=[(option.code, option.label) for option in group_options.options],
                initial=group_options.options[0].code,
                # Unanswered means home delivery, the first choice.
                required=False,
                widget=forms.RadioSelect,
            )

    def quote(self):
        """The amounts for the province and delivery choices as they stand on the form."""
        if self.is_bound:
            delivery = {name: self.data.get(self.add_prefix(name), "") for name in self._delivery_names()}
        else:
            delivery = {name: self.initial.get(name, "") for name in self._delivery_names()}
        return checkout_quote(options=self.delivery_options, delivery=delivery, province=self.destination_province)

    def _delivery_names(self):
        return [group_options.field_name for group_options in self.delivery_options]

    @staticmethod
    def delivery_field_name(producer) -> str:
        return f"delivery_{producer.pk}"

    def delivery_fields(self):
        return [self[self.delivery_field_name(group.producer)] for group in self.groups]

    def _bound_province(self):
        if not self.is_bound:
            return None
        code = self.data.get(self.add_prefix("province"))
        if not code:
            return None
        return province_get_by_code(code=code)

    def clean_phone(self):
        return phone_to_e164(self.cleaned_data["phone"])

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Enter the recipient's full name."))
        return name

    def clean(self):
        cleaned = super().clean()
        province, ward = cleaned.get("province"), cleaned.get("ward")
        if province and ward is None and self.data.get(self.add_prefix("ward")):
            # The posted ward exists but belongs elsewhere (or not at all): say so plainly.
            self.errors.pop("ward", None)
            self.add_error("ward", _("Choose a commune or ward of %(province)s.") % {"province": province.name})
        if province and ward and ward.parent_id != province.pk:
            self.add_error("ward", _("Choose a commune or ward of %(province)s.") % {"province": province.name})
        return cleaned

    def delivery_choices(self) -> dict[int, str]:
        return {
            group.producer.pk: self.cleaned_data.get(self.delivery_field_name(group.producer)) or "home"
            for group in self.groups
        }
