"""A user's own governance pages across their programs, under governance/ (connectmobilize/urls.py)."""

from django.urls import path

from . import views

app_name = "governance_personal"

urlpatterns = [
    path("my-actions/", views.MyActionsView.as_view(), name="my_actions"),
    path("settings/digest/", views.DigestSetView.as_view(), name="digest_set"),
    path("settings/calendar/renew/", views.CalendarRenewView.as_view(), name="calendar_renew"),
    path("settings/calendar/off/", views.CalendarOffView.as_view(), name="calendar_off"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
]
