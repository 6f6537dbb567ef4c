"""Trade fairs (hội chợ): the fair index and fair pages, venues, and producers' booth applications.

Pages read through ``events.fairs.selectors``; booth applications change only through
``events.fairs.services``.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models import SectionIndexPage, optional_image
from marketplace.regions.models import Region

# The renditions the pages and the API show: WebP, with a wider one for srcset and social cards.
COVER_CARD_FILTER = "fill-480x270|format-webp"
COVER_WIDE_FILTER = "fill-1200x630|format-webp"


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class Venue(index.Indexed, models.Model):
    """Where fairs take place; reused by many fairs (a Wagtail snippet)."""

    name = models.CharField(_("Name"), max_length=200)
    street_address = models.CharField(_("Street address"), max_length=255, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Commune or ward"),
        related_name="fair_venues",
        on_delete=models.PROTECT,
        limit_choices_to={"kind__in": Region.LOCAL_UNIT_KINDS},
    )
    latitude = models.FloatField(
        _("Latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("Longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("street_address"),
        FieldPanel("region"),
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Coordinates")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("Venue")
        verbose_name_plural = _("Venues")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def province(self):
        return self.region.parent if self.region_id else None

    @property
    def full_address(self) -> str:
        parts = [self.street_address]
        if self.region_id:
            parts.append(self.region.name)
            if self.region.parent_id:
                parts.append(self.region.parent.name)
        return ", ".join(p for p in parts if p)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class VenueSerializer(serializers.ModelSerializer):
    """A venue in the API: name, address, place and coordinates."""

    address = serializers.CharField(source="full_address")
    region = serializers.CharField(source="region.name")
    province = serializers.SerializerMethodField()

    class Meta:
        model = Venue
        fields = ["id", "name", "address", "region", "province", "latitude", "longitude"]

    def get_province(self, venue):
        return venue.province.name if venue.province else None


class FairIndexPage(RoutablePageMixin, SectionIndexPage):
    """Hội chợ: upcoming fairs first, then past ones; month and province filters, a month calendar, an iCal feed."""

    subpage_types = ["fairs.FairPage"]

    class Meta:
        verbose_name = _("Fair index")

    def get_context(self, request, *args, **kwargs):
        from events.fairs import selectors

        context = super().get_context(request, *args, **kwargs)
        filters = selectors.fair_filters_parse(month=request.GET.get("month"), province=request.GET.get("province"))
        context.update(
            filters=filters,
            upcoming=selectors.fair_list(index=self, when="upcoming", **filters.as_kwargs()),
            past=selectors.fair_list(index=self, when="past", **filters.as_kwargs()),
            provinces=selectors.fair_province_list(index=self),
        )
        return context

    @path("lich/", name="calendar")
    def calendar_view(self, request):
        from events.fairs import selectors

        filters = selectors.fair_filters_parse(month=request.GET.get("month"), province=request.GET.get("province"))
        month = filters.month or selectors.month_current()
        return self.render(
            request,
            template="fairs/fair_calendar.html",
            context_overrides={
                "filters": filters,
                "calendar": selectors.fair_calendar_month(index=self, month=month, province=filters.province),
                "provinces": selectors.fair_province_list(index=self),
            },
        )

    @path("ics/", name="ical_feed")
    def ical_feed_view(self, request):
        from events.fairs import ical, selectors

        fairs = selectors.fair_list(index=self, when="upcoming").prefetch_related("sessions")
        return ical.ical_response(
            body=ical.ical_calendar(fairs=fairs, request=request, name=self.title), filename=f"{self.slug}.ics"
        )


class FairPage(RoutablePageMixin, Page):
    """One fair: dates and sessions, venue, organiser, booths, pictures, documents, products and exhibitors."""

    summary = models.CharField(_("Summary"), max_length=300, blank=True)
    body = RichTextField(_("Body"), blank=True)
    start = models.DateTimeField(_("Starts"))
    end = models.DateTimeField(_("Ends"))
    venue = models.ForeignKey(
        Venue, verbose_name=_("Venue"), related_name="fairs", on_delete=models.PROTECT, null=True, blank=True
    )
    organiser = models.CharField(_("Organiser"), max_length=200, blank=True)
    booth_capacity = models.PositiveIntegerField(_("Booth capacity"), default=0)
    registration_deadline = models.DateTimeField(
        _("Booth registration deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close booth registration when the fair starts."),
    )
    cover_image = optional_image(_("Cover image"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Dates")),
        InlinePanel("sessions", label=_("Sessions")),
        FieldPanel("venue"),
        FieldPanel("organiser"),
        MultiFieldPanel(
            [FieldPanel("booth_capacity"), FieldPanel("registration_deadline")], heading=_("Booth registration")
        ),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        InlinePanel("gallery_images", label=_("Gallery")),
        InlinePanel("documents", label=_("Documents")),
        InlinePanel("featured_products", label=_("Featured products")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    api_fields = [
        APIField("summary"),
        APIField("start"),
        APIField("end"),
        APIField("organiser"),
        APIField("booth_capacity"),
        APIField("registration_deadline"),
        APIField("venue", serializer=VenueSerializer()),
        APIField("sessions"),
        APIField("cover_image"),
        APIField("cover_image_webp", serializer=ImageRenditionField(COVER_WIDE_FILTER, source="cover_image")),
    ]

    parent_page_types = ["fairs.FairIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Fair")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("A fair cannot end before it starts.")
        if self.registration_deadline and self.end and self.registration_deadline > self.end:
            errors["registration_deadline"] = _("Booth registration must close before the fair ends.")
        if errors:
            raise ValidationError(errors)

    @property
    def registration_closes(self) -> datetime.datetime:
        """When booth applications stop being accepted."""
        return self.registration_deadline or self.start

    def get_context(self, request, *args, **kwargs):
        from events.fairs import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.fair_page_context(fair=self, request=request))
        return context

    @path("ics/", name="ical")
    def ical_view(self, request):
        from events.fairs import ical

        return ical.ical_response(
            body=ical.ical_calendar(fairs=[self], request=request, name=self.title), filename=f"{self.slug}.ics"
        )

    @path("dang-ky-gian-hang/", name="booth_apply")
    def booth_apply_view(self, request):
        from events.fairs.views import booth_apply

        return booth_apply(request, fair=self)


class FairSession(Orderable):
    """A time slot of a fair day: several a day are fine."""

    page = ParentalKey(FairPage, related_name="sessions", on_delete=models.CASCADE)
    date = models.DateField(_("Date"))
    start_time = models.TimeField(_("Starts at"))
    end_time = models.TimeField(_("Ends at"))
    title = models.CharField(_("Title"), max_length=200)

    panels = [FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time"), FieldPanel("title")]
    api_fields = [APIField("date"), APIField("start_time"), APIField("end_time"), APIField("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("Session")
        verbose_name_plural = _("Sessions")

    def __str__(self):
        return self.title

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=local_zone())

    @property
    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=local_zone())


class FairGalleryImage(Orderable):
    page = ParentalKey(FairPage, related_name="gallery_images", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("Caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("Gallery image")
        verbose_name_plural = _("Gallery images")


class FairDocument(Orderable):
    """A PDF for exhibitors or visitors: programme, rules, floor plan."""

    page = ParentalKey(FairPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("Document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("Title"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("Document")
        verbose_name_plural = _("Documents")


class FairFeaturedProduct(Orderable):
    """A product the fair shows off: a reference to Oscar's product, never a copy."""

    page = ParentalKey(FairPage, related_name="featured_products", on_delete=models.CASCADE)
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("Product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("Featured product")
        verbose_name_plural = _("Featured products")


class BoothApplication(models.Model):
    """A producer's request for a booth at a fair, and the officers' decision on it."""

    class BoothSize(models.TextChoices):
        STANDARD = "3x3", _("Standard booth (3 × 3 m)")
        DOUBLE = "3x6", _("Double booth (3 × 6 m)")
        OPEN = "open", _("Open space (6 × 6 m)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WAITLISTED = "waitlisted", _("Wait-listed")

    fair = models.ForeignKey(
        FairPage, verbose_name=_("Fair"), related_name="booth_applications", on_delete=models.CASCADE
    )
    producer = models.ForeignKey(
        "partner.Partner", verbose_name=_("Producer"), related_name="booth_applications", on_delete=models.CASCADE
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Applicant"),
        related_name="booth_applications",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    products = models.ManyToManyField("catalogue.Product", verbose_name=_("Products to exhibit"), related_name="+")
    booth_size = models.CharField(_("Booth size"), max_length=8, choices=BoothSize.choices, default=BoothSize.STANDARD)
    notes = models.TextField(_("Notes"), blank=True)
    language = models.CharField(_("Language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("Submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Decided by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    reason = models.TextField(_("Reason"), blank=True)
    # The decision (by its time) whose e-mail went out: each decision is e-mailed once.
    emailed_decision_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Booth application")
        verbose_name_plural = _("Booth applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "producer"], name="booth_application_one_per_producer"),
        ]

    def __str__(self):
        return f"{self.producer} @ {self.fair}"
