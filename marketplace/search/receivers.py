"""Keep fairs and tours in the search index: receivers that only enqueue a reindex (after commit).

The builders decide what is searchable, so publishing, unpublishing, moving and deleting all enqueue the
same thing: a page that is no longer live, public and in the default language simply drops out.
"""

from django.conf import settings

from marketplace.search.documents import FAIR, TOUR
from marketplace.search.services import search_index_enqueue


def _page_kind(sender) -> str | None:
    from events.fairs.models import FairPage
    from events.tours.models import TourPage

    if issubclass(sender, FairPage):
        return FAIR
    if issubclass(sender, TourPage):
        return TOUR
    return None


def page_changed(sender, instance, **kwargs):
    """page_published, page_unpublished, post_page_move and post_delete of a fair or tour page."""
    kind = _page_kind(sender)
    if kind is not None:
        search_index_enqueue(kind=kind, pk=instance.pk)


def venue_saved(sender, instance, created=False, raw=False, **kwargs):
    """A venue's name, address or place is part of its fairs' documents."""
    if raw or created:  # a new venue has no fairs yet; fixtures load without side effects
        return
    fairs = instance.fairs.filter(locale__language_code=settings.LANGUAGE_CODE)  # translations have no document
    for pk in fairs.order_by("pk").values_list("pk", flat=True):
        search_index_enqueue(kind=FAIR, pk=pk)


def receivers_connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from events.fairs.models import FairPage, Venue
    from events.tours.models import TourPage

    for model in (FairPage, TourPage):
        uid = f"search-{model._meta.label_lower}"
        page_published.connect(page_changed, sender=model, dispatch_uid=f"{uid}-published")
        page_unpublished.connect(page_changed, sender=model, dispatch_uid=f"{uid}-unpublished")
        post_page_move.connect(page_changed, sender=model, dispatch_uid=f"{uid}-moved")
        post_delete.connect(page_changed, sender=model, dispatch_uid=f"{uid}-deleted")
    post_save.connect(venue_saved, sender=Venue, dispatch_uid="search-fairs-venue-saved")
