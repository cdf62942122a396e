from django.urls import path

from . import views

app_name = "people"

# Under p/<program_slug>/people/ (connectmobilize/urls.py).
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
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
