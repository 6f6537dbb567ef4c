"""The chained address selects (province → commune/ward) of every address form: one endpoint, one script.

A form declares its province field with ``ProvinceSelect`` and calls ``address_selects_chain`` in ``__init__``;
the page loads ``ocop/address-select.js``, which asks ``/regions/wards.json?province=<GSO code>`` for the
communes and wards of the chosen province. Without JavaScript, each form keeps its own "show the communes"
button that re-renders the page.
"""

from django import forms
from django.urls import reverse


class ProvinceSelect(forms.Select):
    """A province select whose options carry their GSO code (``data-code``): the script asks the endpoint by
    code whatever the option's value is (a model form posts the primary key)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-code"] = instance.code
        return option


def address_selects_chain(*, form: forms.BaseForm, province: str, ward: str) -> None:
    """Marks ``form``'s ``province`` select for the script: where to ask (the wards endpoint), which select to
    fill (``ward``), and which of the endpoint's keys its options take as values (the field's ``to_field_name``,
    else the primary key)."""
    ward_field = form.fields[ward]
    form.fields[province].widget.attrs.update(
        {
            "data-wards-url": reverse("region-wards"),
            "data-wards-select": form.add_prefix(ward),
            "data-wards-value": getattr(ward_field, "to_field_name", None) or "id",
        }
    )
