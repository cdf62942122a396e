"""The anonymous survey link: no sign-in, no program in the address (connectmobilize/urls.py: s/<token>/)."""

from django.urls import path

from . import views

app_name = "survey"

urlpatterns = [
    path("<str:token>/", views.SurveyRespondView.as_view(), name="respond"),
]
