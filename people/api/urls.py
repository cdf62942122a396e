"""/api/v1/programs/<slug>/people/...: the people & change app's part of the API."""

from rest_framework.routers import SimpleRouter

from . import views

app_name = "people"

router = SimpleRouter(use_regex_path=False)
router.register("people/stakeholders", views.StakeholderViewSet, basename="stakeholder")
router.register("people/impacts", views.ImpactViewSet, basename="impact")
router.register("people/sponsors", views.SponsorNodeViewSet, basename="sponsor-node")
router.register(
    "people/sponsors/<int:node_id>/assessments", views.SponsorAssessmentViewSet, basename="sponsor-assessment"
)
router.register("people/sponsor-roadmap", views.RoadmapItemViewSet, basename="roadmap-item")
router.register("people/sponsor-activities", views.SponsorActivityViewSet, basename="sponsor-activity")
router.register("people/adkar", views.AdkarViewSet, basename="adkar")
router.register("people/alignment", views.AlignmentViewSet, basename="alignment")
router.register("people/surveys", views.SurveyViewSet, basename="survey")
router.register("people/comms", views.CommunicationViewSet, basename="comm")

urlpatterns = router.urls
