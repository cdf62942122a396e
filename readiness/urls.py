from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "readiness"

# Under p/<program_slug>/readiness/ (connectmobilize/urls.py).
item: list[URLPattern | URLResolver] = [
    path("", views.ItemEvidenceView.as_view(), name="item_evidence"),
    path("edit/", views.ItemEditView.as_view(), name="item_edit"),
    path("sign-off/", views.SignOffView.as_view(), name="item_sign_off"),
    path("evidence-file/", views.EvidenceFileView.as_view(), name="evidence_file"),
]

decision: list[URLPattern | URLResolver] = [
    path("", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("conditions/<int:condition_id>/close/", views.ConditionCloseView.as_view(), name="condition_close"),
]

event: list[URLPattern | URLResolver] = [
    path("", views.EventDetailView.as_view(), name="event_detail"),
    path("edit/", views.EventEditView.as_view(), name="event_edit"),
    path("change-request/", views.ChangeRequestView.as_view(), name="change_request"),
    path("evidence-pack/", views.EvidencePackView.as_view(), name="evidence_pack"),
    path("decisions/new/", views.DecisionCreateView.as_view(), name="decision_create"),
    path("decisions/<int:decision_id>/", include(decision)),
    path("items/new/", views.ItemCreateView.as_view(), name="item_create"),
    path("items/<int:item_id>/", include(item)),
]

session: list[URLPattern | URLResolver] = [
    path("", views.SessionDetailView.as_view(), name="session_detail"),
    path("enrol/", views.SessionEnrolView.as_view(), name="session_enrol"),
    path("attendance/", views.SessionAttendanceView.as_view(), name="session_attendance"),
]

training: list[URLPattern | URLResolver] = [
    path("", views.TrainingView.as_view(), name="training"),
    path("courses/new/", views.CourseCreateView.as_view(), name="course_create"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:session_id>/", include(session)),
    path("attendance/", views.AttendanceUploadView.as_view(), name="attendance_upload"),
    path("attendance/<int:attendance_id>/", views.AttendanceReviewView.as_view(), name="attendance_review"),
]

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("thresholds/", views.PolicyEditView.as_view(), name="policy_edit"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/new/", views.ChangeWindowCreateView.as_view(), name="window_create"),
    path("events/new/", views.EventCreateView.as_view(), name="event_create"),
    path("events/<int:event_id>/", include(event)),
    path("training/", include(training)),
]
