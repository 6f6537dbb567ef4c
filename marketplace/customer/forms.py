"""Forms for shopper accounts."""

from oscar.apps.customer.utils import normalise_email
from oscar.core.loading import get_class

EmailUserCreationForm = get_class("customer.forms", "EmailUserCreationForm")


class RegistrationForm(EmailUserCreationForm):
    """Oscar's registration form without "a user with that e-mail address already exists".

    That error told anyone whether an address has an account. Here the form stays valid either way;
    ``account_register`` (marketplace/customer/services.py) answers both cases alike.
    """

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])
