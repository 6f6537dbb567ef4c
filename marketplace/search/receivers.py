"""Keep fairs, tours and what embeds regions and sales points in the search index: receivers that only
enqueue a reindex (after commit).

The builders decide what is searchable, so publishing, unpublishing, moving and deleting all enqueue the
same thing: a page that is no longer live, public and in the default language simply drops out. A
translation's words are part of its default-language page's document, so a translation enqueues that page.

Regions and sales points are edited in the Django admin (and the shell): their receivers compare the fields
other documents embed with the stored row, read just before the save, so a save that changes none of them
enqueues nothing.
"""

from django.conf import settings

from marketplace.search.documents import FAIR, REGION, TOUR
from marketplace.search.services import (
    REGION_EMBEDDED_FIELDS,
    REGION_OWN_FIELDS,
    SALES_POINT_EMBEDDED_FIELDS,
    search_index_enqueue,
    search_index_enqueue_pages_below,
    search_index_enqueue_region,
    search_index_enqueue_sales_point,
)

REGION_FIELDS = REGION_EMBEDDED_FIELDS | REGION_OWN_FIELDS
_STORED = "_search_stored_values"


def _page_kind(sender) -> str | None:
    from events.fairs.models import FairPage
    from events.tours.models import TourPage

    if issubclass(sender, FairPage):
        return FAIR
    if issubclass(sender, TourPage):
        return TOUR
    return None


def _default_language_ids(kind, translation_key) -> list[int]:
    from events.fairs.selectors import fair_default_language_ids
    from events.tours.selectors import tour_default_language_ids

    read = fair_default_language_ids if kind == FAIR else tour_default_language_ids
    return read(translation_key=translation_key)


def page_changed(sender, instance, **kwargs):
    """page_published, page_unpublished, post_page_move and post_delete of a fair or tour page.

    A translation's words are in the default-language page's document: that document is queued too."""
    kind = _page_kind(sender)
    if kind is None:
        return
    search_index_enqueue(kind=kind, pk=instance.pk)
    for pk in _default_language_ids(kind, instance.translation_key):
        if pk != instance.pk:
            search_index_enqueue(kind=kind, pk=pk)


def venue_saved(sender, instance, created=False, raw=False, **kwargs):
    """A venue's name, address or place is part of its fairs' documents."""
    if raw or created:  # a new venue has no fairs yet; fixtures load without side effects
        return
    fairs = instance.fairs.filter(locale__language_code=settings.LANGUAGE_CODE)  # translations have no document
    for pk in fairs.order_by("pk").values_list("pk", flat=True):
        search_index_enqueue(kind=FAIR, pk=pk)


def page_url_changed(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    """page_slug_changed and post_page_move of any page but a fair or tour (page_changed has those): the
    URLs of the fairs and tours below it changed. A reorder (same url_path) changes nothing."""
    if _page_kind(sender) is not None or (url_path_before is not None and url_path_before == url_path_after):
        return
    search_index_enqueue_pages_below(page=instance)


def _attnames(model, fields) -> dict[str, str]:
    return {name: model._meta.get_field(name).attname for name in sorted(fields)}


def _stored_values_keep(model, instance, fields, *, raw, update_fields) -> None:
    """pre_save: remember the stored values of ``fields`` (none for a new row, a fixture or a save that
    does not write them)."""
    setattr(instance, _STORED, None)
    if raw or instance._state.adding or instance.pk is None:
        return
    attnames = _attnames(model, fields)
    if update_fields is not None:
        written = {model._meta.get_field(name).name for name in update_fields}
        if not written & set(attnames):
            return
    setattr(instance, _STORED, model._default_manager.filter(pk=instance.pk).values(*attnames.values()).first())


def _changed_fields(model, instance, fields) -> set[str]:
    """post_save: which of ``fields`` the save changed (compared with what pre_save remembered)."""
    stored = instance.__dict__.pop(_STORED, None)
    if stored is None:
        return set()
    return {name for name, attname in _attnames(model, fields).items() if stored[attname] != getattr(instance, attname)}


def region_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    _stored_values_keep(sender, instance, REGION_FIELDS, raw=raw, update_fields=update_fields)


def region_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new region gets its document; a renamed one reaches what embeds it (see search_index_enqueue_region)."""
    if raw:
        return
    if created:
        search_index_enqueue(kind=REGION, pk=instance.pk)
        return
    changed = _changed_fields(sender, instance, REGION_FIELDS)
    if changed:
        search_index_enqueue_region(pk=instance.pk, changed=changed)


def region_deleted(sender, instance, **kwargs):
    """Its document goes (anything else that named it protects it from deletion)."""
    search_index_enqueue(kind=REGION, pk=instance.pk)


def sales_point_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    _stored_values_keep(sender, instance, SALES_POINT_EMBEDDED_FIELDS, raw=raw, update_fields=update_fields)


def sales_point_saved(sender, instance, created=False, raw=False, **kwargs):
    """A sales point's name, address and place are in the tours that stop there (a new one has no tours)."""
    if raw or created:
        return
    if _changed_fields(sender, instance, SALES_POINT_EMBEDDED_FIELDS):
        search_index_enqueue_sales_point(pk=instance.pk)


def sales_point_deleted(sender, instance, **kwargs):
    search_index_enqueue_sales_point(pk=instance.pk)


def receivers_connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_save
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from events.fairs.models import FairPage, Venue
    from events.tours.models import TourPage
    from marketplace.regions.models import Region
    from marketplace.shipping.models import SalesPoint

    for model in (FairPage, TourPage):
        uid = f"search-{model._meta.label_lower}"
        page_published.connect(page_changed, sender=model, dispatch_uid=f"{uid}-published")
        page_unpublished.connect(page_changed, sender=model, dispatch_uid=f"{uid}-unpublished")
        post_page_move.connect(page_changed, sender=model, dispatch_uid=f"{uid}-moved")
        post_delete.connect(page_changed, sender=model, dispatch_uid=f"{uid}-deleted")
    post_save.connect(venue_saved, sender=Venue, dispatch_uid="search-fairs-venue-saved")
    page_slug_changed.connect(page_url_changed, dispatch_uid="search-pages-below-slug-changed")
    post_page_move.connect(page_url_changed, dispatch_uid="search-pages-below-moved")
    pre_save.connect(region_saving, sender=Region, dispatch_uid="search-region-saving")
    post_save.connect(region_saved, sender=Region, dispatch_uid="search-region-saved")
    post_delete.connect(region_deleted, sender=Region, dispatch_uid="search-region-deleted")
    pre_save.connect(sales_point_saving, sender=SalesPoint, dispatch_uid="search-sales-point-saving")
    post_save.connect(sales_point_saved, sender=SalesPoint, dispatch_uid="search-sales-point-saved")
    post_delete.connect(sales_point_deleted, sender=SalesPoint, dispatch_uid="search-sales-point-deleted")
