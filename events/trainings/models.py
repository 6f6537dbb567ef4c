"""Trainings (tập huấn) for producers and officers: the training index and training pages, their materials,
and registrations with attendance.

Pages read through ``events.trainings.selectors``; registrations change only through
``events.trainings.services``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models import SectionIndexPage
from marketplace.regions.models import Region

# Only https: a meeting link is shown to every registrant and opened from the page.
meeting_url_validator = URLValidator(
    schemes=["https"], message=_("Enter the meeting's web address, starting with https://.")
)


class TrainingIndexPage(RoutablePageMixin, SectionIndexPage):
    """Tập huấn: upcoming trainings first, then past ones, and an iCal feed of the upcoming ones."""

    subpage_types = ["trainings.TrainingPage"]

    class Meta:
        verbose_name = _("Training index")

    def get_context(self, request, *args, **kwargs):
        from events.trainings import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(
            upcoming=selectors.training_list(index=self, when="upcoming"),
            past=selectors.training_list(index=self, when="past"),
        )
        return context

    @path("ics/", name="ical_feed")
    def ical_feed_view(self, request):
        from events.trainings import ical, selectors

        return ical.ical_response(
            body=ical.ical_calendar(
                trainings=selectors.training_list(index=self, when="upcoming"), request=request, name=self.title
            ),
            filename=f"{self.slug}.ics",
        )


class TrainingPage(Page):
    """One training: topic, audience, dates, in person (venue, address, commune) or online (meeting link),
    capacity and registration deadline, organiser, body and materials to download."""

    class Topic(models.TextChoices):
        # The topics of the city's 2023 plan (section III.3).
        IDEA_REGISTRATION = "idea_registration", _("Registering product ideas")
        BUSINESS_PLAN = "business_plan", _("Business plans")
        QUALITY_FOOD_SAFETY = "quality_food_safety", _("Quality and food safety")
        PACKAGING_LABELS = "packaging_labels", _("Packaging and labels")
        INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
        DIGITAL_SELLING = "digital_selling", _("Digital selling")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        PRODUCERS = "producers", _("Producers")
        OFFICERS = "officers", _("Officers")
        BOTH = "both", _("Producers and officers")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    summary = models.CharField(_("Summary"), max_length=300, blank=True)
    topic = models.CharField(_("Topic"), max_length=32, choices=Topic.choices, default=Topic.OTHER)
    audience = models.CharField(_("Audience"), max_length=16, choices=Audience.choices, default=Audience.BOTH)
    starts_at = models.DateTimeField(_("Starts"))
    ends_at = models.DateTimeField(_("Ends"))
    mode = models.CharField(_("Mode"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("Venue"), max_length=200, blank=True)
    street_address = models.CharField(_("Street address"), max_length=255, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Commune or ward"),
        related_name="trainings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind__in": Region.LOCAL_UNIT_KINDS},
    )
    meeting_url = models.URLField(_("Meeting link"), max_length=500, blank=True, validators=[meeting_url_validator])
    capacity = models.PositiveIntegerField(_("Capacity"), default=30, validators=[MinValueValidator(1)])
    registration_deadline = models.DateTimeField(
        _("Registration deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close registration when the training starts."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Organiser"),
        related_name="organised_trainings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_active": True},
        help_text=_("The organiser marks attendance, as programme officers can."),
    )
    body = RichTextField(_("Body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("topic"), FieldPanel("audience")], heading=_("Topic and audience")),
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("Dates")),
        MultiFieldPanel(
            [
                FieldPanel("mode"),
                FieldPanel("venue"),
                FieldPanel("street_address"),
                FieldPanel("region"),
                FieldPanel("meeting_url"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_deadline")],
            heading=pgettext_lazy("training", "Registration"),
        ),
        FieldPanel("organiser"),
        FieldPanel("body"),
        InlinePanel("materials", label=_("Materials")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["trainings.TrainingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Training")
        verbose_name_plural = _("Trainings")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A training must end after it starts.")
        if self.registration_deadline and self.starts_at and self.registration_deadline > self.starts_at:
            errors["registration_deadline"] = _("Registration must close by the time the training starts.")
        if self.mode == self.Mode.ONLINE:
            if not self.meeting_url:
                errors["meeting_url"] = _("An online training needs its meeting link (https://…).")
        elif self.mode == self.Mode.IN_PERSON:
            if not self.venue:
                errors["venue"] = _("An in-person training needs its venue.")
            if not self.region_id:
                errors["region"] = _("Choose the commune or ward where the training takes place.")
        if errors:
            raise ValidationError(errors)

    @property
    def registration_closes(self) -> datetime.datetime:
        """When registration stops: the deadline, or the start when there is none."""
        return self.registration_deadline or self.starts_at

    @property
    def is_online(self) -> bool:
        return self.mode == self.Mode.ONLINE

    @property
    def full_address(self) -> str:
        parts = [self.venue, self.street_address]
        if self.region_id:
            parts.append(self.region.name)
            if self.region.parent_id:
                parts.append(self.region.parent.name)
        return ", ".join(p for p in parts if p)

    def get_context(self, request, *args, **kwargs):
        from events.trainings import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.training_page_context(training=self, user=request.user))
        return context


class TrainingMaterial(Orderable):
    """A document to download: slides, handouts, forms (Wagtail documents, checked by content on upload)."""

    page = ParentalKey(TrainingPage, related_name="materials", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("Document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("Title"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("Material")
        verbose_name_plural = _("Materials")


class TrainingRegistration(models.Model):
    """A producer's or officer's seat at a training, and whether they came. Cancelled seats are kept
    (``cancelled_at``); a user holds at most one active seat per training."""

    training = models.ForeignKey(
        TrainingPage, verbose_name=_("Training"), related_name="registrations", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Participant"),
        related_name="training_registrations",
        on_delete=models.CASCADE,
    )
    producer = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("Producer"),
        related_name="training_registrations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    registered_at = models.DateTimeField(_("Registered at"))
    cancelled_at = models.DateTimeField(_("Cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("Attended"), default=False)
    attendance_marked_at = models.DateTimeField(_("Attendance marked at"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Attendance marked by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("Training registration")
        verbose_name_plural = _("Training registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "user"],
                condition=models.Q(cancelled_at__isnull=True),
                name="training_registration_one_active_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.training}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None
