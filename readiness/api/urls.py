"""/api/v1/programs/<slug>/events/..., go-no-go/, thresholds/ and change-windows/: the readiness app's part of the
API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import training_views, views

app_name = "readiness"

router = SimpleRouter(use_regex_path=False)
for prefix, viewset, basename in training_views.ROUTES:  # training/...
    router.register(prefix, viewset, basename=basename)
router.register("events", views.EventViewSet, basename="event")
router.register("events/<int:event_id>/snapshots", views.SnapshotViewSet, basename="snapshot")
router.register("events/<int:event_id>/items", views.ItemViewSet, basename="item")
router.register("events/<int:event_id>/items/<int:item_id>/sign-offs", views.SignOffViewSet, basename="sign-off")
router.register("go-no-go", views.DecisionViewSet, basename="go-no-go")
router.register("change-windows", views.ChangeWindowViewSet, basename="change-window")

urlpatterns = [
    path("thresholds/", views.PolicyView.as_view({"get": "retrieve", "patch": "partial_update"}), name="thresholds"),
    path(
        "events/<int:event_id>/change-request/",
        views.ChangeRequestView.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="change-request",
    ),
    *router.urls,
]
