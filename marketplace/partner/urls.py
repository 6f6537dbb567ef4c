from django.urls import path

from marketplace.partner import views

urlpatterns = [
    path("producers/", views.ProducerListView.as_view(), name="producer-list"),
    path("producers/<slug:slug>/", views.ProducerDetailView.as_view(), name="producer-detail"),
]
