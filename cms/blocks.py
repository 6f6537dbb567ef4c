"""StreamField blocks of the home page and the news pages.

Blocks that list products, fairs, tours or news read through ``cms.selectors`` in ``get_context``;
fairs and tours through their own apps' selectors; a block with nothing to list renders nothing.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from catalogue.groups import OCOP_GROUPS


def ocop_group_choices() -> list[tuple[str, str]]:
    """The OCOP groups and their product sets, named in the admin's language (data, no database query)."""
    vietnamese = (get_language() or "vi").startswith("vi")
    choices = []
    for key, name, name_en, sets in OCOP_GROUPS:
        choices.append((key, name if vietnamese else name_en))
        choices.extend((set_key, f"— {vi if vietnamese else en}") for set_key, vi, en in sets)
    return choices


class HeroBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=160)
    text = blocks.CharBlock(label=_("Text"), max_length=300, required=False)
    image = ImageChooserBlock(label=_("Image"), required=False)
    link_text = blocks.CharBlock(label=_("Button text"), max_length=60, required=False)
    link_page = blocks.PageChooserBlock(label=_("Button links to page"), required=False)
    link_url = blocks.URLBlock(label=_("or to address"), required=False)

    class Meta:
        icon = "image"
        label = _("Hero")
        template = "cms/blocks/hero.html"


class ProductsByRuleBlock(blocks.StructBlock):
    RULE_STARS_5 = "stars5"
    RULE_NEWEST = "newest"
    RULE_GROUP = "group"

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    rule = blocks.ChoiceBlock(
        label=_("Which products"),
        choices=[
            (RULE_STARS_5, _("5-star products")),
            (RULE_NEWEST, _("Newest products")),
            (RULE_GROUP, _("Products of one group")),
        ],
        default=RULE_STARS_5,
    )
    group = blocks.ChoiceBlock(label=_("Group"), choices=ocop_group_choices, required=False)
    count = blocks.IntegerBlock(label=_("Number of products"), min_value=1, max_value=24, default=8)

    class Meta:
        icon = "list-ul"
        label = _("Products by rule")
        template = "cms/blocks/products_by_rule.html"

    def clean(self, value):
        value = super().clean(value)
        if value.get("rule") == self.RULE_GROUP and not value.get("group"):
            raise StructBlockValidationError(
                block_errors={"group": ValidationError(_("Choose the group whose products to show."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        from cms.selectors import products_by_rule

        context = super().get_context(value, parent_context=parent_context)
        context["products"] = products_by_rule(rule=value["rule"], group=value.get("group"), count=value["count"])
        return context


class _PageListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    count = blocks.IntegerBlock(label=_("Number of items"), min_value=1, max_value=12, default=3)

    def items(self, value):  # pragma: no cover - overridden
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["items"] = self.items(value)
        return context


class UpcomingFairsBlock(_PageListBlock):
    class Meta:
        icon = "date"
        label = _("Upcoming fairs")
        template = "cms/blocks/page_list.html"

    def items(self, value):
        from cms.selectors import fairs_upcoming

        return fairs_upcoming(limit=value["count"])


class ToursBlock(_PageListBlock):
    class Meta:
        icon = "site"
        label = _("Tours")
        template = "cms/blocks/page_list.html"

    def items(self, value):
        from cms.selectors import tours_upcoming

        return tours_upcoming(limit=value["count"])


class LatestNewsBlock(_PageListBlock):
    class Meta:
        icon = "doc-full"
        label = _("Latest news")
        template = "cms/blocks/page_list.html"

    def items(self, value):
        from cms.selectors import news_latest

        return news_latest(limit=value["count"])


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    products = ProductsByRuleBlock()
    fairs = UpcomingFairsBlock()
    tours = ToursBlock()
    news = LatestNewsBlock()
    text = blocks.RichTextBlock(label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), max_length=120, required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/figure.html"


class ArticleStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    image = FigureBlock()
    quote = QuoteBlock()
