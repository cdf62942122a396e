"""/api/v1/programs/<slug>/matrices/, imports/ and exports/: the RACI app's part of the API."""

from rest_framework.routers import SimpleRouter

from . import views

app_name = "raci"

router = SimpleRouter(use_regex_path=False)
router.register("matrices", views.MatrixViewSet, basename="matrix")
router.register("matrices/<int:matrix_id>/activities", views.ActivityViewSet, basename="activity")
router.register("matrices/<int:matrix_id>/columns", views.ColumnViewSet, basename="column")
router.register("imports", views.ImportViewSet, basename="import")
router.register("exports", views.ExportViewSet, basename="export")

urlpatterns = router.urls
