from django.urls import path

from . import views

app_name = "people"

# Under p/<program_slug>/people/ (connectmobilize/urls.py).
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    # Sponsor activity (branch `executive`)
    path("sponsor/", views.SponsorActivityPage.as_view(), name="sponsor"),
    path("sponsor/plan/new/", views.RoadmapItemCreateView.as_view(), name="roadmap_item_create"),
    path("sponsor/plan/<int:roadmap_item_id>/", views.RoadmapItemDetailView.as_view(), name="roadmap_item_detail"),
    path("sponsor/plan/<int:roadmap_item_id>/edit/", views.RoadmapItemEditView.as_view(), name="roadmap_item_edit"),
    path("sponsor/done/new/", views.SponsorActivityCreateView.as_view(), name="sponsor_activity_create"),
    path(
        "sponsor/done/<int:sponsor_activity_id>/",
        views.SponsorActivityDetailView.as_view(),
        name="sponsor_activity_detail",
    ),
    path(
        "sponsor/done/<int:sponsor_activity_id>/edit/",
        views.SponsorActivityEditView.as_view(),
        name="sponsor_activity_edit",
    ),
]
