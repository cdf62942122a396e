from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "programs"

milestone: list[URLPattern | URLResolver] = [
    path("", views.MilestoneDetailView.as_view(), name="milestone_detail"),
    path("edit/", views.MilestoneEditView.as_view(), name="milestone_edit"),
    path("complete/", views.MilestoneCompleteView.as_view(), name="milestone_complete"),
    path("reopen/", views.MilestoneReopenView.as_view(), name="milestone_reopen"),
    path("slip/", views.MilestoneSlipView.as_view(), name="milestone_slip"),
    path("unslip/", views.MilestoneUnslipView.as_view(), name="milestone_unslip"),
]

# One program's own pages, under p/<program_slug>/; the other apps hang theirs beside (connectmobilize/urls.py).
program: list[URLPattern | URLResolver] = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("settings/", views.ProgramEditView.as_view(), name="program_edit"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("members/add/", views.MemberAddView.as_view(), name="member_add"),
    path("members/<int:membership_id>/access/", views.MemberAccessView.as_view(), name="member_access"),
    path("members/<int:membership_id>/remove/", views.MemberRemoveView.as_view(), name="member_remove"),
    path("workstreams/", views.WorkstreamListView.as_view(), name="workstream_list"),
    path("workstreams/new/", views.WorkstreamCreateView.as_view(), name="workstream_create"),
    path("workstreams/<int:workstream_id>/", views.WorkstreamDetailView.as_view(), name="workstream_detail"),
    path("workstreams/<int:workstream_id>/edit/", views.WorkstreamEditView.as_view(), name="workstream_edit"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/new/", views.RoleCreateView.as_view(), name="role_create"),
    path("roles/<int:role_id>/", views.RoleDetailView.as_view(), name="role_detail"),
    path("roles/<int:role_id>/edit/", views.RoleEditView.as_view(), name="role_edit"),
    path("milestones/", views.MilestoneListView.as_view(), name="milestone_list"),
    path("milestones/timeline/", views.MilestoneTimelineView.as_view(), name="milestone_timeline"),
    path("milestones/new/", views.MilestoneCreateView.as_view(), name="milestone_create"),
    path("milestones/<int:milestone_id>/", include(milestone)),
    path("risks/", views.RiskListView.as_view(), name="risk_list"),
    path("risks/new/", views.RiskCreateView.as_view(), name="risk_create"),
    path("risks/<int:risk_id>/", views.RiskDetailView.as_view(), name="risk_detail"),
    path("risks/<int:risk_id>/edit/", views.RiskEditView.as_view(), name="risk_edit"),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("my-work/", views.MyWorkView.as_view(), name="my_work"),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/new/", views.ProgramCreateView.as_view(), name="program_create"),
    path("p/<slug:program_slug>/", include(program)),
]
