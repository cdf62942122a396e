"""/api/v1/programs/<slug>/matrices/, imports/ and exports/: the RACI app's part of the API."""

from rest_framework.routers import SimpleRouter

from . import views

app_name = "raci"

router = SimpleRouter(use_regex_path=False)
router.register("matrices", views.MatrixViewSet, basename="matrix")
router.register("imports", views.ImportViewSet, basename="import")
router.register("exports", views.ExportViewSet, basename="export")

urlpatterns = router.urls
