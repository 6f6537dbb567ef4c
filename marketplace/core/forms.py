"""Form helpers shared by every app."""

from django.core.exceptions import ValidationError


def form_add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names; the rest goes above the form.

    Services raise ValidationError keyed by field (or not keyed at all); views hand it here so that the form
    re-renders with the message where the user can act on it and nothing typed is lost.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
