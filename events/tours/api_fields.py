"""API v2 fields of tour pages."""

from rest_framework import serializers


class TourStopsField(serializers.Field):
    """The itinerary: each stop with its kind, name, coordinates, time, text and image (one query per kind)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, page):
        from events.tours.selectors import tour_stops_api

        return tour_stops_api(tour=page)
