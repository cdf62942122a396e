from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "people"

# Stakeholder register, change impact and the sponsor coalition (people-core).
stakeholder: list[URLPattern | URLResolver] = [
    path("", views.StakeholderDetailView.as_view(), name="stakeholder_detail"),
    path("edit/", views.StakeholderEditView.as_view(), name="stakeholder_edit"),
    path("archive/", views.StakeholderArchiveView.as_view(), name="stakeholder_archive"),
]

sponsor: list[URLPattern | URLResolver] = [
    path("", views.SponsorDetailView.as_view(), name="sponsor_detail"),
    path("edit/", views.SponsorEditView.as_view(), name="sponsor_edit"),
    path("remove/", views.SponsorRemoveView.as_view(), name="sponsor_remove"),
    path("assess/", views.SponsorAssessView.as_view(), name="sponsor_assess"),
]

# Under p/<program_slug>/people/ (connectmobilize/urls.py).
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    # Stakeholders, change impact and the sponsor coalition
    path("stakeholders/", views.StakeholderListView.as_view(), name="stakeholder_list"),
    path("stakeholders/new/", views.StakeholderCreateView.as_view(), name="stakeholder_create"),
    path("stakeholders/<int:stakeholder_id>/", include(stakeholder)),
    path("impact/", views.ImpactMapView.as_view(), name="impact_map"),
    path("impact/<int:stakeholder_id>/<slug:area>/", views.ImpactEditView.as_view(), name="impact_edit"),
    path("coalition/", views.CoalitionView.as_view(), name="coalition"),
    path("coalition/new/", views.SponsorCreateView.as_view(), name="sponsor_create"),
    path("coalition/<int:node_id>/", include(sponsor)),
    # Sponsor activity
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
    # Assessments, surveys and the communications plan
    path("adkar/", views.AdkarOverviewView.as_view(), name="adkar"),
    path("adkar/new/", views.AdkarCreateView.as_view(), name="adkar_create"),
    path("adkar/groups/<int:group_id>/", views.AdkarGroupView.as_view(), name="adkar_group"),
    path("adkar/<int:assessment_id>/edit/", views.AdkarEditView.as_view(), name="adkar_edit"),
    path("alignment/", views.AlignmentListView.as_view(), name="alignment_list"),
    path("alignment/new/", views.AlignmentCreateView.as_view(), name="alignment_create"),
    path("alignment/<int:alignment_id>/edit/", views.AlignmentEditView.as_view(), name="alignment_edit"),
    path("surveys/", views.SurveyListView.as_view(), name="survey_list"),
    path("surveys/new/", views.SurveyCreateView.as_view(), name="survey_create"),
    path("surveys/<int:survey_id>/", views.SurveyDetailView.as_view(), name="survey_detail"),
    path("surveys/<int:survey_id>/edit/", views.SurveyEditView.as_view(), name="survey_edit"),
    path("comms/", views.CommsListView.as_view(), name="comms_list"),
    path("comms/new/", views.CommsCreateView.as_view(), name="comms_create"),
    path("comms/generate/", views.CommsGenerateView.as_view(), name="comms_generate"),
    path("comms/<int:comm_id>/edit/", views.CommsEditView.as_view(), name="comms_edit"),
]
