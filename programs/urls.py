from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.ProgramListView.as_view(), name="program_list"),
    path("programs/new/", views.ProgramCreateView.as_view(), name="program_create"),
    path("p/<slug:program_slug>/", views.DashboardView.as_view(), name="dashboard"),
    path("p/<slug:program_slug>/settings/", views.ProgramEditView.as_view(), name="program_edit"),
    path("p/<slug:program_slug>/members/", views.MemberListView.as_view(), name="member_list"),
    path("p/<slug:program_slug>/members/add/", views.MemberAddView.as_view(), name="member_add"),
    path(
        "p/<slug:program_slug>/members/<int:membership_id>/access/",
        views.MemberAccessView.as_view(),
        name="member_access",
    ),
    path(
        "p/<slug:program_slug>/members/<int:membership_id>/remove/",
        views.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path("p/<slug:program_slug>/workstreams/", views.WorkstreamListView.as_view(), name="workstream_list"),
    path("p/<slug:program_slug>/workstreams/new/", views.WorkstreamCreateView.as_view(), name="workstream_create"),
    path(
        "p/<slug:program_slug>/workstreams/<int:workstream_id>/",
        views.WorkstreamDetailView.as_view(),
        name="workstream_detail",
    ),
    path(
        "p/<slug:program_slug>/workstreams/<int:workstream_id>/edit/",
        views.WorkstreamEditView.as_view(),
        name="workstream_edit",
    ),
    path("p/<slug:program_slug>/roles/", views.RoleListView.as_view(), name="role_list"),
    path("p/<slug:program_slug>/roles/new/", views.RoleCreateView.as_view(), name="role_create"),
    path("p/<slug:program_slug>/roles/<int:role_id>/", views.RoleDetailView.as_view(), name="role_detail"),
    path("p/<slug:program_slug>/roles/<int:role_id>/edit/", views.RoleEditView.as_view(), name="role_edit"),
    path("p/<slug:program_slug>/milestones/", views.MilestoneListView.as_view(), name="milestone_list"),
    path(
        "p/<slug:program_slug>/milestones/timeline/", views.MilestoneTimelineView.as_view(), name="milestone_timeline"
    ),
    path("p/<slug:program_slug>/milestones/new/", views.MilestoneCreateView.as_view(), name="milestone_create"),
    path(
        "p/<slug:program_slug>/milestones/<int:milestone_id>/",
        views.MilestoneDetailView.as_view(),
        name="milestone_detail",
    ),
    path(
        "p/<slug:program_slug>/milestones/<int:milestone_id>/edit/",
        views.MilestoneEditView.as_view(),
        name="milestone_edit",
    ),
    path(
        "p/<slug:program_slug>/milestones/<int:milestone_id>/complete/",
        views.MilestoneCompleteView.as_view(),
        name="milestone_complete",
    ),
    path(
        "p/<slug:program_slug>/milestones/<int:milestone_id>/reopen/",
        views.MilestoneReopenView.as_view(),
        name="milestone_reopen",
    ),
    path(
        "p/<slug:program_slug>/milestones/<int:milestone_id>/slip/",
        views.MilestoneSlipView.as_view(),
        name="milestone_slip",
    ),
    path("p/<slug:program_slug>/risks/", views.RiskListView.as_view(), name="risk_list"),
    path("p/<slug:program_slug>/risks/new/", views.RiskCreateView.as_view(), name="risk_create"),
    path("p/<slug:program_slug>/risks/<int:risk_id>/", views.RiskDetailView.as_view(), name="risk_detail"),
    path("p/<slug:program_slug>/risks/<int:risk_id>/edit/", views.RiskEditView.as_view(), name="risk_edit"),
]
