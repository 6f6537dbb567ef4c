"""Region pages: /regions/, /regions/<province>/ and /regions/<province>/<commune>/, each with /producers/."""

from django.urls import path

from marketplace.regions import views

urlpatterns = [
    path("", views.RegionIndexView.as_view(), name="region-index"),
    # Before the slug patterns: "wards.json" is not a province.
    path("wards.json", views.ward_list_json, name="region-wards"),
    path("<slug:province_slug>/", views.ProvinceView.as_view(), name="region-province"),
    # Before the commune pattern: "producers" is not a commune.
    path("<slug:province_slug>/producers/", views.RegionProducerListView.as_view(), name="region-province-producers"),
    path(
        "<slug:province_slug>/<slug:unit_slug>/producers/",
        views.RegionProducerListView.as_view(),
        name="region-unit-producers",
    ),
    path("<slug:province_slug>/<slug:unit_slug>/", views.LocalUnitView.as_view(), name="region-unit"),
]
