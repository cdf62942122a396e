"""The executive's pages (branch `executive`): the portfolio across the user's programs, and a program's page."""

from django.urls import path

from . import views

app_name = "executive"

urlpatterns = [
    path("executive/", views.PortfolioView.as_view(), name="portfolio"),
    path("executive/weekly-summary/", views.WeeklySummaryView.as_view(), name="weekly_summary"),
    path("p/<slug:program_slug>/executive/", views.ExecutiveProgramView.as_view(), name="program"),
]
