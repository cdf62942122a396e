from django.urls import path

from . import views

app_name = "readiness"

P = "p/<slug:program_slug>/readiness/"
E = P + "events/<int:event_id>/"
I = E + "items/<int:item_id>/"  # noqa: E741 - the item prefix, beside P and E

urlpatterns = [
    path(P, views.EventListView.as_view(), name="event_list"),
    path(P + "thresholds/", views.PolicyEditView.as_view(), name="policy_edit"),
    path(P + "events/new/", views.EventCreateView.as_view(), name="event_create"),
    path(P + "calendar/", views.CalendarView.as_view(), name="calendar"),
    path(P + "training/", views.TrainingView.as_view(), name="training"),
    path(P + "training/courses/new/", views.CourseCreateView.as_view(), name="course_create"),
    path(P + "training/sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path(P + "training/sessions/<int:session_id>/", views.SessionDetailView.as_view(), name="session_detail"),
    path(P + "training/sessions/<int:session_id>/enrol/", views.SessionEnrolView.as_view(), name="session_enrol"),
    path(
        P + "training/sessions/<int:session_id>/attendance/",
        views.SessionAttendanceView.as_view(),
        name="session_attendance",
    ),
    path(P + "training/attendance/", views.AttendanceUploadView.as_view(), name="attendance_upload"),
    path(
        P + "training/attendance/<int:attendance_id>/", views.AttendanceReviewView.as_view(), name="attendance_review"
    ),
    path(P + "calendar/new/", views.ChangeWindowCreateView.as_view(), name="window_create"),
    path(E + "change-request/", views.ChangeRequestView.as_view(), name="change_request"),
    path(E + "decisions/new/", views.DecisionCreateView.as_view(), name="decision_create"),
    path(E + "decisions/<int:decision_id>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path(
        E + "decisions/<int:decision_id>/conditions/<int:condition_id>/close/",
        views.ConditionCloseView.as_view(),
        name="condition_close",
    ),
    path(E, views.EventDetailView.as_view(), name="event_detail"),
    path(E + "edit/", views.EventEditView.as_view(), name="event_edit"),
    path(E + "evidence-pack/", views.EvidencePackView.as_view(), name="evidence_pack"),
    path(E + "items/new/", views.ItemCreateView.as_view(), name="item_create"),
    path(I + "edit/", views.ItemEditView.as_view(), name="item_edit"),
    path(I, views.ItemEvidenceView.as_view(), name="item_evidence"),
    path(I + "sign-off/", views.SignOffView.as_view(), name="item_sign_off"),
    path(I + "evidence-file/", views.EvidenceFileView.as_view(), name="evidence_file"),
]
