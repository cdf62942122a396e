from django.urls import path

from . import views

app_name = "people"

# Under p/<program_slug>/people/ (connectmobilize/urls.py).
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
]
