"""Forms for shopper accounts."""

from django.contrib.auth import get_user_model
from oscar.apps.customer.utils import normalise_email
from oscar.core.loading import get_class

EmailUserCreationForm = get_class("customer.forms", "EmailUserCreationForm")


class RegistrationForm(EmailUserCreationForm):
    """Oscar's registration form without "a user with that e-mail address already exists".

    That error told anyone whether an address has an account. Here the form stays valid and says so in
    ``email_taken``; the view answers both cases the same way and e-mails the owner instead.
    """

    email_taken = False

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        self.email_taken = get_user_model()._default_manager.filter(email__iexact=email).exists()
        return email
