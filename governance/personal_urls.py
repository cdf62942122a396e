"""A user's own governance pages across their programs, under governance/ (connectmobilize/urls.py)."""

from django.urls import path

from . import views

app_name = "governance_personal"

urlpatterns = [
    path("my-actions/", views.MyActionsView.as_view(), name="my_actions"),
]
