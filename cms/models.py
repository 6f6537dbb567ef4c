from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from catalogue.selectors import category_list_groups, product_list_featured


class HomePage(Page):
    """The site root: a hero, the OCOP product groups and featured certified products."""

    hero_title = models.CharField(_("Hero title"), max_length=160)
    hero_text = models.CharField(_("Hero text"), max_length=300, blank=True)
    intro = RichTextField(_("Introduction"), blank=True)
    featured_count = models.PositiveSmallIntegerField(_("Number of featured products"), default=8)

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
        FieldPanel("featured_count"),
    ]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("Home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_products"] = product_list_featured(limit=self.featured_count)
        context["groups"] = category_list_groups()
        return context
