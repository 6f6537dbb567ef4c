"""Reads for the checkout page: what each delivery choice costs for a province, the totals, and a prefill.

The fee rules themselves stay in ``marketplace.shipping`` (the repository and its methods);
this module only asks them, so the page quotes exactly what ``purchase_place`` will charge.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext
from oscar.templatetags.currency_filters import currency


@dataclass(frozen=True)
class DeliveryOption:
    """One way to receive one producer's goods, priced for the chosen province."""

    method: object
    charge: Decimal

    @property
    def code(self) -> str:
        return self.method.code

    @property
    def label(self) -> str:
        fee = currency(self.charge, "VND") if self.charge else gettext("Free")
        label = f"{self.method.name} — {fee}"
        if self.method.is_pickup:
            label += f" ({self.method.description})"
        return label


@dataclass(frozen=True)
class GroupOptions:
    """A producer's part of the basket and the delivery options open to it (home delivery first)."""

    group: object
    options: list

    @property
    def field_name(self) -> str:
        return f"delivery_{self.group.producer.pk}"

    def option(self, code) -> DeliveryOption | None:
        return next((option for option in self.options if option.code == code), None)


@dataclass(frozen=True)
class GroupQuote:
    group: object
    chosen: DeliveryOption


@dataclass(frozen=True)
class CheckoutQuote:
    """The amounts the shopper is shown, and charged: goods, delivery and the grand total."""

    province: object
    groups: list

    @property
    def products_total(self) -> Decimal:
        return sum((quote.group.subtotal for quote in self.groups), Decimal(0))

    @property
    def discount_total(self) -> Decimal:
        """What offers and vouchers take off the goods (already out of ``products_total``)."""
        return sum((quote.group.discount for quote in self.groups), Decimal(0))

    @property
    def shipping_total(self) -> Decimal:
        return sum((quote.chosen.charge for quote in self.groups), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.products_total + self.shipping_total

    @property
    def note(self) -> str:
        if self.province is None:
            return gettext(
                "Delivery fees depend on your province: until you choose one, they are those within the "
                "producer's own province."
            )
        return gettext("Delivery fees for %(province)s.") % {"province": self.province.name}

    @property
    def shown_discount(self) -> str:
        """The discount as the page posts it back, to tell the shopper when an offer or voucher stopped applying."""
        return str(int(self.discount_total))

    @property
    def shown_total(self) -> str:
        """The total as the page posts it back (whole đồng), to check that it is what gets charged."""
        return str(int(self.total))


def checkout_delivery_options(*, groups, province=None) -> list[GroupOptions]:
    """Each producer group's delivery options with their charge for ``province`` (None: not chosen yet,
    which the shipping rules quote at the in-province fee)."""
    from marketplace.shipping.repository import Repository

    repository = Repository()
    return [
        GroupOptions(
            group=group,
            options=[
                DeliveryOption(method=method, charge=method.charge_for(subtotal=group.subtotal).incl_tax)
                for method in repository.producer_methods(producer=group.producer, destination_province=province)
            ],
        )
        for group in groups
    ]


class UnknownDeliveryChoice(ValueError):
    pass


def checkout_quote(*, options: list[GroupOptions], delivery: dict, province=None, strict: bool = False):
    """The totals for the delivery choices in ``delivery`` (field name → method code).

    A missing choice means home delivery, the first option (as at placement). An unknown
    code raises ``UnknownDeliveryChoice`` when ``strict``, else counts as home delivery.
    """
    quotes = []
    for group_options in options:
        code = delivery.get(group_options.field_name) or group_options.options[0].code
        chosen = group_options.option(code)
        if chosen is None:
            if strict:
                raise UnknownDeliveryChoice(group_options.group.producer.name)
            chosen = group_options.options[0]
        quotes.append(GroupQuote(group=group_options.group, chosen=chosen))
    return CheckoutQuote(province=province, groups=quotes)


def checkout_prefill_for_user(*, user) -> dict:
    """Contact and address from the user's most recent order, to fill the checkout form (one query).

    Empty for guests and for users who have not ordered yet.
    """
    from marketplace.order.models import Order

    if not user.is_authenticated:
        return {}
    order = (
        Order.objects.filter(user=user, shipping_address__region__parent__isnull=False)
        .select_related("shipping_address__region__parent")
        .order_by("-date_placed", "-pk")
        .first()
    )
    if order is None:
        return {}
    address = order.shipping_address
    phone = address.phone_number
    return {
        "full_name": address.first_name,
        "phone": phone.as_national if phone else "",
        "province": address.region.parent,
        "ward": address.region,
        "street": address.line1,
    }


class CheckoutFeesRefused(ValueError):
    """The fees cannot be quoted for what was asked; the message says why, in the shopper's words."""


def checkout_fees_data(*, groups, province=None, delivery: dict) -> dict:
    """The delivery options and totals of the basket's producer ``groups`` for ``province`` (None: not chosen
    yet), as the checkout page's fees JSON.

    ``delivery`` maps ``delivery_<producer id>`` to a method code. A producer no longer in the basket or an
    unknown method raises ``CheckoutFeesRefused``: nothing is guessed for the shopper.
    """
    options = checkout_delivery_options(groups=groups, province=province)
    known = {group_options.field_name for group_options in options}
    if set(delivery) - known:
        raise CheckoutFeesRefused(gettext("These products are no longer in your basket. Please reload the page."))
    try:
        quote = checkout_quote(options=options, delivery=delivery, province=province, strict=True)
    except UnknownDeliveryChoice as exc:
        raise CheckoutFeesRefused(
            gettext("Choose how to receive the products of %(producer)s.") % {"producer": exc.args[0]}
        ) from None
    return {
        "province": province.code if province else None,
        "groups": [
            {
                "field": group_options.field_name,
                "chosen": group_quote.chosen.code,
                "options": [
                    {"code": option.code, "charge": int(option.charge), "label": option.label}
                    for option in group_options.options
                ],
            }
            for group_options, group_quote in zip(options, quote.groups, strict=True)
        ],
        "products_total": int(quote.products_total),
        "shipping_total": int(quote.shipping_total),
        "total": int(quote.total),
        "note": quote.note,
        "display": {
            "products_total": currency(quote.products_total, "VND"),
            "shipping_total": currency(quote.shipping_total, "VND"),
            "total": currency(quote.total, "VND"),
        },
    }
