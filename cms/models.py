"""Wagtail pages of the CMS: the home page, promotions (khuyen-mai) and news (tin-tuc).

Products, offers and vouchers stay in Oscar: pages point at them, never copy them.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from catalogue.selectors import category_list_groups, product_list_featured
from cms.blocks import ArticleStreamBlock, HomeStreamBlock
from cms.choosers import product_chooser_viewset

PAGE_SIZE = 12
BANNER_SPEC = "fill-1200x400|format-webp"
CARD_SPEC = "fill-480x270|format-webp"


def _page_of(request, items, *, per_page=PAGE_SIZE):
    """The requested page of a list (the last page for a number past the end, the first for garbage)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


class HomePage(Page):
    """The site root: a hero, the OCOP product groups, featured certified products, then editors' blocks."""

    hero_title = models.CharField(_("Hero title"), max_length=160)
    hero_text = models.CharField(_("Hero text"), max_length=300, blank=True)
    intro = RichTextField(_("Introduction"), blank=True)
    featured_count = models.PositiveSmallIntegerField(_("Number of featured products"), default=8)
    body = StreamField(HomeStreamBlock(), verbose_name=_("Blocks"), blank=True, default=list)

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
        FieldPanel("featured_count"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("Home page")

    @property
    def has_hero_block(self) -> bool:
        """A hero block replaces the hero made of the page's own fields."""
        return any(block.block_type == "hero" for block in self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_products"] = product_list_featured(limit=self.featured_count)
        context["groups"] = category_list_groups()
        return context


def optional_image(verbose_name):
    """A page's optional picture (banner, cover): kept when the image is deleted elsewhere, only emptied."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class SectionIndexPage(Page):
    """A section's index page under the home page (news, promotions, fairs, tours, trainings): one per language.

    It has an introduction; subclasses list their child pages.
    """

    intro = RichTextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    # One per language: each locale's home page holds its own.
    max_count_per_parent = 1

    class Meta:
        abstract = True


# Promotions -----------------------------------------------------------------------------------------------------


class _ListPage(SectionIndexPage):
    """A section's list page under the home page: an introduction, then its child pages paginated."""

    api_fields = [APIField("intro")]
    # Subclasses name the context variable and the selector that lists their items, and what an empty list says.
    # Both lists render one template, cms/list_page.html (Wagtail names each page type's template, so each says so).
    context_name = ""
    empty_message = ""

    class Meta:
        abstract = True

    def list_items(self):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context[self.context_name] = context["list_items"] = _page_of(request, self.list_items())
        return context


class PromotionIndexPage(_ListPage):
    """The list of promotion campaigns (slug ``khuyen-mai``), newest first."""

    subpage_types = ["cms.PromotionPage"]
    template = "cms/list_page.html"
    context_name = "promotions"
    empty_message = _("No promotions at the moment.")

    class Meta:
        verbose_name = _("Promotion list")

    def list_items(self):
        from cms.selectors import promotion_list

        return promotion_list(index=self)


class PromotionPage(Page):
    """A campaign: dates, banner, text, and what is on offer (an Oscar offer, a voucher and/or chosen products)."""

    start_date = models.DateField(_("Starts on"))
    end_date = models.DateField(_("Ends on"))
    banner = optional_image(_("Banner"))
    summary = models.CharField(_("Summary"), max_length=300, blank=True)
    body = RichTextField(_("Body"), blank=True)
    offer = models.ForeignKey(
        "offer.ConditionalOffer",
        verbose_name=_("Offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The shop offer this campaign announces; its products are shown unless you choose some."),
    )
    voucher = models.ForeignKey(
        "voucher.Voucher",
        verbose_name=_("Voucher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A voucher code shoppers enter in the basket."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        FieldPanel("banner"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("offer"), FieldPanel("voucher")], heading=_("Offer or voucher")),
        InlinePanel("promotion_products", label=_("Products")),
        InlinePanel("livestreams", label=_("Livestream schedule")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.PromotionIndexPage"]
    subpage_types = []
    api_fields = [
        APIField("start_date"),
        APIField("end_date"),
        APIField("summary"),
        APIField("banner_rendition", serializer=ImageRenditionField(BANNER_SPEC, source="banner")),
        APIField("product_ids"),
        APIField("voucher_code"),
        APIField("livestreams"),
    ]

    class Meta:
        verbose_name = _("Promotion")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A promotion cannot end before it starts.")})
        if self.offer_id and self.voucher_id:
            raise ValidationError({"voucher": _("Link either an offer or a voucher, not both.")})

    @property
    def product_ids(self) -> list[int]:
        return [item.product_id for item in self.promotion_products.all()]

    @property
    def voucher_code(self) -> str:
        return self.voucher.code if self.voucher_id else ""

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import livestreams_upcoming, promotion_products

        context = super().get_context(request, *args, **kwargs)
        context["products"] = promotion_products(promotion=self)
        context["livestreams"] = livestreams_upcoming(promotion=self)
        return context


class PromotionProduct(Orderable):
    """A product chosen for a promotion (a reference to Oscar's product, nothing copied)."""

    page = ParentalKey(PromotionPage, on_delete=models.CASCADE, related_name="promotion_products")
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("Product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product", widget=product_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("Promotion product")
        constraints = [models.UniqueConstraint(fields=["page", "product"], name="cms_promotion_product_once")]


class Livestream(Orderable):
    """One slot of a promotion's livestream schedule: when, and where to watch."""

    page = ParentalKey(PromotionPage, on_delete=models.CASCADE, related_name="livestreams")
    title = models.CharField(_("Title"), max_length=160)
    starts_at = models.DateTimeField(_("Starts at"))
    ends_at = models.DateTimeField(_("Ends at"), null=True, blank=True)
    url = models.URLField(
        _("Watch address"),
        max_length=500,
        help_text=_("The livestream's address on Facebook, YouTube, TikTok or another platform (https://…)."),
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("url"),
    ]
    api_fields = [APIField("title"), APIField("starts_at"), APIField("ends_at"), APIField("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("Livestream")
        ordering = ["starts_at", "sort_order"]

    def clean(self):
        super().clean()
        from cms.services import livestream_validate

        livestream_validate(url=self.url, starts_at=self.starts_at, ends_at=self.ends_at)


# News -----------------------------------------------------------------------------------------------------------


class NewsIndexPage(_ListPage):
    """The news list (slug ``tin-tuc``), newest first."""

    subpage_types = ["cms.NewsPage"]
    template = "cms/list_page.html"
    context_name = "news_items"
    empty_message = _("No news yet.")

    class Meta:
        verbose_name = _("News list")

    def list_items(self):
        from cms.selectors import news_list

        return news_list(index=self)


class NewsPage(Page):
    """A news item: date, cover, intro and a body of paragraphs, images and quotes."""

    date = models.DateField(_("Date"))
    intro = models.CharField(_("Introduction"), max_length=300, blank=True)
    cover = optional_image(_("Cover image"))
    body = StreamField(ArticleStreamBlock(), verbose_name=_("Body"), blank=True, default=list)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("cover"),
        FieldPanel("body"),
        InlinePanel("related_products", label=_("Related products")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("cover_rendition", serializer=ImageRenditionField(BANNER_SPEC, source="cover")),
        APIField("body"),
        APIField("product_ids"),
    ]

    class Meta:
        verbose_name = _("News item")

    @property
    def product_ids(self) -> list[int]:
        return [item.product_id for item in self.related_products.all()]

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import news_related_products

        context = super().get_context(request, *args, **kwargs)
        context["products"] = news_related_products(news=self)
        return context


class NewsRelatedProduct(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_products")
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("Product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product", widget=product_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("Related product")
        constraints = [models.UniqueConstraint(fields=["page", "product"], name="cms_news_product_once")]
