"""The itinerary of a tour: a StreamField of stops, each at a producer, an OCOP sales point or a free place."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from events.tours.choosers import producer_chooser_viewset, sales_point_chooser_viewset

ProducerChooserBlock = producer_chooser_viewset.get_block_class(
    name="ProducerChooserBlock", module_path="events.tours.blocks"
)
SalesPointChooserBlock = sales_point_chooser_viewset.get_block_class(
    name="SalesPointChooserBlock", module_path="events.tours.blocks"
)

STOP_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class _StopBlock(blocks.StructBlock):
    """What every stop has: when the group arrives, what happens there and a picture."""

    time = blocks.TimeBlock(label=_("Time"), required=False, help_text=_("When the group arrives, e.g. 09:30."))
    text = blocks.RichTextBlock(label=_("What happens here"), required=False, features=STOP_TEXT_FEATURES)
    image = ImageChooserBlock(label=_("Image"), required=False)


class ProducerStopBlock(_StopBlock):
    producer = ProducerChooserBlock(label=_("Producer"))

    class Meta:
        icon = "group"
        label = _("Visit a producer")
        form_classname = "struct-block tour-stop"


class SalesPointStopBlock(_StopBlock):
    sales_point = SalesPointChooserBlock(label=_("Sales point"))

    class Meta:
        icon = "home"
        label = _("Visit an OCOP sales point")


class PlaceStopBlock(_StopBlock):
    name = blocks.CharBlock(label=_("Name of the place"), max_length=160)
    latitude = blocks.FloatBlock(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = blocks.FloatBlock(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    class Meta:
        icon = "site"
        label = _("Another place")

    def clean(self, value):
        value = super().clean(value)
        if (value.get("latitude") is None) != (value.get("longitude") is None):
            raise StructBlockValidationError(
                block_errors={
                    "longitude" if value.get("longitude") is None else "latitude": ValidationError(
                        _("Give both the latitude and the longitude, or neither.")
                    )
                }
            )
        return value


class StopsBlock(blocks.StreamBlock):
    producer = ProducerStopBlock()
    sales_point = SalesPointStopBlock()
    place = PlaceStopBlock()

    class Meta:
        min_num = 1
