from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "governance"

# Under p/<program_slug>/governance/ (connectmobilize/urls.py).
minute: list[URLPattern | URLResolver] = [
    path("edit/", views.MinuteEditView.as_view(), name="minute_edit"),
    path("action/", views.MinuteActionView.as_view(), name="minute_action"),
    path("issue/", views.MinuteIssueView.as_view(), name="minute_issue"),
    path("decision/", views.MinuteDecisionView.as_view(), name="minute_decision"),
]

meeting: list[URLPattern | URLResolver] = [
    path("", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("start/", views.MeetingStartView.as_view(), name="meeting_start"),
    path("cancel/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("meeting.ics", views.MeetingIcsView.as_view(), name="meeting_ics"),
    path("minutes/", views.MinuteAddView.as_view(), name="minute_add"),
    path("minutes/<int:minute_id>/", include(minute)),
]

routine: list[URLPattern | URLResolver] = [
    path("", views.RoutineDetailView.as_view(), name="routine_detail"),
    path("edit/", views.RoutineEditView.as_view(), name="routine_edit"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
]

decision: list[URLPattern | URLResolver] = [
    path("", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("edit/", views.DecisionEditView.as_view(), name="decision_edit"),
    path("decide/", views.DecisionDecideView.as_view(), name="decision_decide"),
    path("actions/new/", views.DecisionActionCreateView.as_view(), name="decision_action_create"),
]

action: list[URLPattern | URLResolver] = [
    path("", views.ActionDetailView.as_view(), name="action_detail"),
    path("edit/", views.ActionEditView.as_view(), name="action_edit"),
    path("status/", views.ActionStatusView.as_view(), name="action_status"),
]

issue: list[URLPattern | URLResolver] = [
    path("", views.IssueDetailView.as_view(), name="issue_detail"),
    path("edit/", views.IssueEditView.as_view(), name="issue_edit"),
]

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("starting-set/", views.StartingSetView.as_view(), name="starting_set"),
    path("settings/", views.ProgramSettingsView.as_view(), name="settings"),
    path("routines/new/", views.RoutineCreateView.as_view(), name="routine_create"),
    path("routines/<int:routine_id>/", include(routine)),
    path("meetings/<int:meeting_id>/", include(meeting)),
    path("decisions/", views.DecisionLogView.as_view(), name="decision_log"),
    path("decisions/raise/", views.DecisionRaiseView.as_view(), name="decision_raise"),
    path("decisions/new/", views.DecisionRecordView.as_view(), name="decision_record"),
    path("decisions/<int:log_decision_id>/", include(decision)),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path("actions/<int:action_id>/", include(action)),
    path("issues/", views.IssueListView.as_view(), name="issue_list"),
    path("issues/new/", views.IssueCreateView.as_view(), name="issue_create"),
    path("issues/<int:issue_id>/", include(issue)),
    path("risks/<int:risk_id>/issue/", views.RiskIssueView.as_view(), name="risk_issue"),
]
