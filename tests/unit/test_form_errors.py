"""marketplace.core.forms.form_add_service_errors: a service's ValidationError lands where the user can act."""

from django import forms
from django.core.exceptions import ValidationError

from marketplace.core.forms import form_add_service_errors


class _NameForm(forms.Form):
    name = forms.CharField()
    note = forms.CharField(required=False)


def _bound_form():
    form = _NameForm(data={"name": "Mì gạo", "note": ""})
    assert form.is_valid()
    return form


def test_errors_keyed_by_a_field_of_the_form_land_on_that_field():
    form = _bound_form()

    form_add_service_errors(form, ValidationError({"name": "Taken.", "note": ["Too short.", "Too plain."]}))

    assert form.errors["name"] == ["Taken."]
    assert form.errors["note"] == ["Too short.", "Too plain."]
    assert form.non_field_errors() == []
    assert "name" not in form.cleaned_data  # a field with an error leaves cleaned_data


def test_errors_keyed_by_a_field_the_form_lacks_go_above_the_form():
    form = _bound_form()

    form_add_service_errors(form, ValidationError({"producer": "Not yours.", "name": "Taken."}))

    assert form.non_field_errors() == ["Not yours."]
    assert form.errors["name"] == ["Taken."]
    assert "producer" not in form.errors


def test_a_plain_error_goes_above_the_form():
    form = _bound_form()

    form_add_service_errors(form, ValidationError("The order moved on meanwhile."))

    assert form.non_field_errors() == ["The order moved on meanwhile."]
    assert set(form.errors) == {"__all__"}


def test_a_list_of_plain_errors_goes_above_the_form_in_order():
    form = _bound_form()

    form_add_service_errors(form, ValidationError([ValidationError("First."), ValidationError("Second.")]))

    assert form.non_field_errors() == ["First.", "Second."]
    assert not form.is_valid()
