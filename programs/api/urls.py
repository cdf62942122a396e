"""/api/v1/programs/ and, per program, /api/v1/programs/<slug>/...: the programs app's part of the API."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "programs"

router = SimpleRouter(use_regex_path=False)
router.register("workstreams", views.WorkstreamViewSet, basename="workstream")
router.register("roles", views.RoleViewSet, basename="role")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("risks", views.RiskViewSet, basename="risk")
router.register("members", views.MemberViewSet, basename="member")

program: list[URLPattern | URLResolver] = [
    path("", views.ProgramDetailView.as_view({"get": "retrieve", "patch": "partial_update"}), name="program-detail"),
    *router.urls,
]

urlpatterns = [
    path("programs/", views.ProgramListView.as_view({"get": "list", "post": "create"}), name="program-list"),
    path("programs/<slug:program_slug>/", include(program)),
]
