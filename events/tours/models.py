"""Tours that lead visitors to OCOP producers: an index page, tour pages and the booking requests they receive."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.choosers import product_chooser_viewset
from cms.models import SectionIndexPage, optional_image
from events.tours.api_fields import TourStopsField
from events.tours.blocks import StopsBlock

MAX_PARTY_SIZE = 50


class TourIndexPage(SectionIndexPage):
    """/tour/: the tours on offer, the next departure first."""

    subpage_types = ["tours.TourPage"]

    class Meta:
        verbose_name = _("Tour index")

    def get_context(self, request, *args, **kwargs):
        from events.tours.selectors import tour_list_published

        context = super().get_context(request, *args, **kwargs)
        context["tours"] = tour_list_published(index=self)
        return context


class TourPage(RoutablePageMixin, Page):
    """A tour: its itinerary of stops, duration, price range, departures and a booking-request form."""

    summary = models.TextField(
        _("Summary"), max_length=500, help_text=_("One or two sentences for the tour list and search engines.")
    )
    cover_image = optional_image(_("Cover image"))
    body = RichTextField(_("Description"), blank=True)
    duration_days = models.PositiveSmallIntegerField(
        _("Days"), default=1, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    duration_nights = models.PositiveSmallIntegerField(_("Nights"), default=0, validators=[MaxValueValidator(30)])
    price_min = models.PositiveIntegerField(_("Lowest price per person (đồng)"))
    price_max = models.PositiveIntegerField(_("Highest price per person (đồng)"))
    tourist_type = models.CharField(
        _("Who the tour is for"),
        max_length=200,
        blank=True,
        help_text=_("Separate with commas, e.g. families, students, food lovers."),
    )
    stops = StreamField(StopsBlock(), verbose_name=_("Itinerary"))
    operator_name = models.CharField(_("Tour operator"), max_length=160)
    operator_email = models.EmailField(
        _("Tour operator's e-mail"), help_text=_("Booking requests are sent to this address.")
    )
    operator_phone = models.CharField(_("Tour operator's phone"), max_length=20, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("duration_days"), FieldPanel("duration_nights")]),
                FieldRowPanel([FieldPanel("price_min"), FieldPanel("price_max")]),
                FieldPanel("tourist_type"),
            ],
            heading=_("Duration and price"),
        ),
        FieldPanel("stops"),
        InlinePanel("departures", heading=_("Departure dates"), label=_("Departure"), min_num=1),
        InlinePanel("hand_picked_products", heading=_("More products on this tour"), label=_("Product")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("operator_name"), FieldPanel("operator_email"), FieldPanel("operator_phone")],
            heading=_("Tour operator"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("tourist_type"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("duration_days"),
        APIField("duration_nights"),
        APIField("price_min"),
        APIField("price_max"),
        APIField("tourist_type"),
        APIField("departures"),
        APIField("stops", serializer=TourStopsField()),
        APIField("cover_image"),
        APIField(
            "cover_webp",
            serializer=ImageRenditionField("fill-1200x630|format-webp", source="cover_image", read_only=True),
        ),
        APIField("operator_name"),
    ]

    parent_page_types = ["tours.TourIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Tour")
        verbose_name_plural = _("Tours")

    def clean(self):
        super().clean()
        errors = {}
        if self.price_min is not None and self.price_max is not None and self.price_min > self.price_max:
            errors["price_max"] = _("The highest price cannot be lower than the lowest price.")
        if self.duration_days and self.duration_nights is not None and self.duration_nights > self.duration_days:
            errors["duration_nights"] = _("A tour cannot have more nights than days.")
        if errors:
            raise ValidationError(errors)

    @property
    def tourist_types(self) -> list[str]:
        return [part.strip() for part in self.tourist_type.split(",") if part.strip()]

    def get_context(self, request, *args, **kwargs):
        from events.tours.forms import TourBookingForm
        from events.tours.selectors import tour_detail_context

        context = super().get_context(request, *args, **kwargs)
        context.update(tour_detail_context(tour=self, request=request))
        context["booking_form"] = TourBookingForm(tour=self, departures=context["departures"])
        return context

    @path("dat-tour/", name="booking")
    def booking(self, request):
        """The booking-request form posts here; bad input re-renders the tour page with the messages."""
        from django.contrib import messages

        from events.tours.forms import TourBookingForm
        from events.tours.services import tour_booking_request_create

        if request.method != "POST":
            return redirect(self.get_url(request) + "#dat-tour")
        form = TourBookingForm(request.POST, tour=self)
        if not form.is_valid():
            return self.render(request, context_overrides={"booking_form": form})
        data = form.cleaned_data
        tour_booking_request_create(
            tour=self,
            departure_date=data["departure_date"],
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            party_size=data["party_size"],
            message=data["message"],
            language=getattr(request, "LANGUAGE_CODE", ""),
        )
        messages.success(
            request, _("Thank you! Your booking request has been sent; the tour operator will contact you.")
        )
        return redirect(self.get_url(request) + "#dat-tour")


class TourDeparture(Orderable):
    """A day the tour sets off."""

    page = ParentalKey(TourPage, related_name="departures", on_delete=models.CASCADE)
    date = models.DateField(_("Date"))
    note = models.CharField(_("Note"), max_length=120, blank=True, help_text=_("E.g. 'a few places left'."))

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("note")])]
    api_fields = [APIField("date"), APIField("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("Departure")
        verbose_name_plural = _("Departures")


class TourProduct(Orderable):
    """A product picked by hand for a tour, besides its producers' own certified products."""

    page = ParentalKey(TourPage, related_name="hand_picked_products", on_delete=models.CASCADE)
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("Product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product", widget=product_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("Product on the tour")
        verbose_name_plural = _("Products on the tour")


class TourBookingRequest(models.Model):
    """A visitor's request to join a tour on a departure date; the tour operator answers by phone or e-mail."""

    tour = models.ForeignKey(
        TourPage, verbose_name=_("Tour"), related_name="booking_requests", on_delete=models.CASCADE
    )
    departure_date = models.DateField(_("Departure date"))
    name = models.CharField(_("Name"), max_length=120)
    phone = models.CharField(_("Phone"), max_length=20)
    email = models.EmailField(_("E-mail"), blank=True)
    party_size = models.PositiveSmallIntegerField(
        _("Number of people"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE)]
    )
    message = models.TextField(_("Message"), blank=True, max_length=2000)
    language = models.CharField(_("Language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("Received at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("E-mailed to the operator at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Tour booking request")
        verbose_name_plural = _("Tour booking requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} · {self.departure_date:%d/%m/%Y}"
