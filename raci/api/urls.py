"""/api/v1/programs/<slug>/matrices/...: the RACI app's part of the API."""

from rest_framework.routers import SimpleRouter

from . import views

app_name = "raci"

router = SimpleRouter(use_regex_path=False)
router.register("matrices", views.MatrixViewSet, basename="matrix")

urlpatterns = router.urls
