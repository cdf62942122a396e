"""/api/v1/programs/<slug>/governance/...: the governance app's part of the API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "governance"

router = SimpleRouter(use_regex_path=False)
router.register("governance/routines", views.RoutineViewSet, basename="routine")
router.register("governance/meetings", views.MeetingViewSet, basename="meeting")
router.register("governance/meetings/<int:meeting_id>/minutes", views.MinuteViewSet, basename="minute")
router.register("governance/decisions", views.DecisionViewSet, basename="decision")
router.register("governance/actions", views.ActionViewSet, basename="action")
router.register("governance/issues", views.IssueViewSet, basename="issue")

urlpatterns = [
    path(
        "governance/settings/",
        views.ProgramSettingsView.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="settings",
    ),
    *router.urls,
]
