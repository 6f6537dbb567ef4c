from django.urls import path

from marketplace.search import views

app_name = "site-search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("suggest/", views.suggest, name="suggest"),
]
