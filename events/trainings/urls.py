"""Training registration and attendance (the pages themselves are Wagtail's)."""

from django.urls import path

from events.trainings import views

app_name = "trainings"
urlpatterns = [
    path("mine/", views.training_registration_list, name="mine"),
    path("<int:pk>/register/", views.training_register, name="register"),
    path("<int:pk>/cancel/", views.training_cancel, name="cancel"),
    path("<int:pk>/attendance/", views.training_attendance, name="attendance"),
    path("<int:pk>/calendar.ics", views.training_ical, name="ical"),
]
