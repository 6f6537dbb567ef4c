"""Forms of the OCOP cycle: product ideas, business plans and the reviewers' decisions.

The forms validate what a person typed; the services check rights and states (their ValidationErrors are put
back on the form by the views).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.selectors import ideas as selectors
from programme.services.ideas import IDEA_FIELDS, MAX_PLAN_INVESTMENT, plan_investment_limit_message


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the service (by content), not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class IdeaForm(forms.Form):
    """A product idea (phiếu đăng ký ý tưởng sản phẩm)."""

    producer = forms.ModelChoiceField(
        label=_("Producer"),
        queryset=None,
        empty_label=None,
        help_text=_("You work for several producers: choose the one registering this idea."),
    )
    name = forms.CharField(label=_("Product name"), max_length=255)
    product_set = forms.ModelChoiceField(
        label=_("Product group and set"),
        queryset=None,
        empty_label=_("Choose a product set"),
        error_messages={"required": _("Choose the product set."), "invalid_choice": _("Choose a product set.")},
    )
    commune = forms.ModelChoiceField(
        label=_("Commune or ward"),
        queryset=None,
        empty_label=_("Choose a commune or ward"),
        help_text=_("Where the product is made; the commune officer of this commune checks the idea."),
        error_messages={
            "required": _("Choose the commune or ward."),
            "invalid_choice": _("Choose a commune or ward of the producer's province from the list."),
        },
    )
    raw_materials = forms.CharField(label=_("Raw materials"), widget=forms.Textarea(attrs={"rows": 2}))
    raw_material_origin = forms.CharField(
        label=_("Origin of the raw materials"), widget=forms.Textarea(attrs={"rows": 2})
    )
    intended_market = forms.CharField(label=_("Intended market"), widget=forms.Textarea(attrs={"rows": 2}))
    yearly_volume = forms.CharField(label=_("Expected yearly volume"), max_length=128, help_text=_("e.g. 20 tonnes"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    photos = MultipleFileField(
        label=_("Photos"),
        help_text=_("Up to 5 JPEG, PNG or WebP photos in all; they stay private to the reviewers."),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, user, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.idea = idea
        producers = list(selectors.idea_producer_choices(user=user).select_related("region"))
        if idea is not None or len(producers) <= 1:
            del self.fields["producer"]
        else:
            self.fields["producer"].queryset = selectors.idea_producer_choices(user=user)
        self.fields["product_set"].queryset = selectors.product_set_queryset()
        self.fields["product_set"].widget.choices = [("", _("Choose a product set"))] + list(
            selectors.product_set_grouped_choices()
        )
        commune = self.fields["commune"]
        scope = [idea.producer] if idea is not None else producers
        keep_id = idea.commune_id if idea is not None else None  # kept even if the producer has moved
        # What the dropdown lists is exactly what the field accepts: a crafted POST naming a commune of
        # another province is refused like any unknown choice.
        commune.queryset = selectors.commune_queryset_for_producers(producers=scope, keep_id=keep_id)
        choices = selectors.commune_choices_for_producers(producers=scope, keep_id=keep_id)
        commune.widget.choices = [("", commune.empty_label)] + choices
        if idea is not None:
            self.photo_list = list(idea.photos.all())
            self.fields["remove_photos"] = forms.MultipleChoiceField(
                label=_("Remove these photos"),
                required=False,
                choices=[(photo.pk, photo.original_name) for photo in self.photo_list],
                widget=forms.CheckboxSelectMultiple,
            )
        elif producers and not self.is_bound:
            self.initial.setdefault("commune", producers[0].region_id)
        self.producers = producers

    def clean_name(self):
        name = self.cleaned_data["name"]
        if selectors.text_has_control_characters(name):
            raise forms.ValidationError(_("Write the name on one line, without tabs or other control characters."))
        return name

    def chosen_producer(self):
        if "producer" in self.fields:
            return self.cleaned_data["producer"]
        return self.idea.producer if self.idea is not None else (self.producers[0] if self.producers else None)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in IDEA_FIELDS}


class ReturnableDecisionForm(forms.Form):
    """A reviewer's decision: one of ``decisions`` (value, label), or RETURN to the producer with comments
    (required then)."""

    RETURN = "return"
    decisions = ()

    action = forms.ChoiceField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comments for the producer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [*self.decisions, (self.RETURN, _("Return with comments"))]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.RETURN and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Write what the producer should change."))
        return cleaned


class ReviewForm(ReturnableDecisionForm):
    """A reviewer's decision on an idea or a plan: accept, or return with comments."""

    ACCEPT = "accept"
    decisions = [(ACCEPT, _("Accept"))]


class PlanForm(forms.Form):
    """A business plan (phương án sản xuất kinh doanh)."""

    production_capacity = forms.CharField(
        label=_("Production capacity"), max_length=255, help_text=_("e.g. 2 tonnes a month")
    )
    investment = forms.IntegerField(
        label=_("Planned investment (đồng)"),
        min_value=0,
        max_value=MAX_PLAN_INVESTMENT,
        help_text=_("Whole đồng, e.g. 150000000."),
        error_messages={"invalid": _("Enter the investment in whole đồng, without dots or commas.")},
    )
    target_markets = forms.CharField(label=_("Target markets and channels"), widget=forms.Textarea(attrs={"rows": 3}))
    plan = forms.CharField(
        label=_("The plan"),
        help_text=_("Production, quality, packaging, marketing and timeline."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        help_text=_("PDF, JPEG or PNG files, at most 10 MB each."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment_list = list(plan.attachments.all()) if plan is not None else []
        if self.attachment_list:
            self.fields["remove_attachments"] = forms.MultipleChoiceField(
                label=_("Remove these attachments"),
                required=False,
                choices=[(a.pk, a.original_name) for a in self.attachment_list],
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["investment"].widget.attrs.update(step=1, min=0, inputmode="numeric")
        self.fields["investment"].error_messages["max_value"] = plan_investment_limit_message()
