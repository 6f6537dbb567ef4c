"""The producer's own profile form (dashboard). Field checks only; the rules live in services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.core.phone import phone_display


class ProducerProfileForm(forms.Form):
    story = forms.CharField(
        label=_("Story"),
        required=False,
        # A TinyMCE editor, set up by the page itself ("no-widget-init" keeps Oscar's dashboard.js from
        # starting a second one with its default toolbar) to offer only what the sanitizer keeps.
        widget=forms.Textarea(attrs={"rows": 12, "class": "wysiwyg no-widget-init"}),
        help_text=_(
            "Who you are, what you make and how: buyers read this on your page. "
            "Paragraphs, bold, italics, lists, links, headings and quotes are kept."
        ),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    facebook_url = forms.CharField(label=_("Facebook page"), max_length=200, required=False)
    zalo_phone = forms.CharField(
        label=_("Zalo number"), max_length=20, required=False, help_text=_("The phone number your Zalo account uses.")
    )
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=255,
        required=False,
        help_text=_("House number, street, hamlet; the commune or ward is kept as registered."),
    )
    founded_year = forms.IntegerField(label=_("Founding year"), required=False)
    language = forms.ChoiceField(
        label=_("E-mail language"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The language of the e-mails the shop sends you about your orders."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP picture, at most 10 MB."),
    )

    @classmethod
    def for_producer(cls, producer, data=None, files=None):
        initial = {
            name: getattr(producer, name)
            for name in (
                "story",
                "phone",
                "email",
                "website",
                "facebook_url",
                "zalo_phone",
                "street_address",
                "founded_year",
                "language",
            )
        }
        initial["logo"] = producer.logo
        # Stored in E.164; the owner edits the number the way they write it.
        initial["phone"] = phone_display(producer.phone)
        initial["zalo_phone"] = phone_display(producer.zalo_phone)
        return cls(data, files, initial=initial)
