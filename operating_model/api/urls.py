"""/api/v1/programs/<slug>/operating-model/...: the operating model's part of the API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "operating_model"

router = SimpleRouter(use_regex_path=False)
router.register("operating-model/composition", views.CompositionViewSet, basename="assignment")
router.register("operating-model/catalogue", views.CatalogueViewSet, basename="catalogue-item")
router.register("operating-model/severities", views.SeverityViewSet, basename="severity")
router.register(
    "operating-model/severities/<int:severity_id>/steps", views.EscalationStepViewSet, basename="escalation-step"
)

router.register("operating-model/flows", views.FlowViewSet, basename="flow")
router.register("operating-model/flows/<int:flow_id>/lanes", views.LaneViewSet, basename="lane")
router.register("operating-model/flows/<int:flow_id>/steps", views.StepViewSet, basename="step")
router.register("operating-model/versions", views.VersionViewSet, basename="version")
router.register(
    "operating-model/versions/<int:version_id>/sign-offs", views.ModelSignOffViewSet, basename="model-sign-off"
)
router.register("operating-model/imports", views.ModelImportViewSet, basename="model-import")

urlpatterns = [
    path("operating-model/export/", views.ModelExportViewSet.as_view({"get": "download"}), name="model-export"),
    *router.urls,
]
