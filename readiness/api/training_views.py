"""The training API, under training/: courses, sessions with their enrolments and attendance, and the attendance
import (upload, poll, preview, confirm, preview again, drop); thin views over readiness/selectors.py and
readiness/services.py, with the training pages' access: anyone who sees the program reads courses and sessions;
managers, leads and Service Introduction (Capability.TRAINING) keep them and import attendance."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from connectmobilize.lib.access import Capability, can
from connectmobilize.lib.api.base import (
    BodyTooLarge,
    ProgramFilterBackend,
    ProgramViewSet,
    RecordReadViewSet,
    RecordViewSet,
    yes_no_filter,
)
from connectmobilize.lib.api.jobs import JobPage, MultipartUpload, by_cell
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.spreadsheets import SpreadsheetError
from connectmobilize.lib.uploads import UploadTooLarge, read_upload

from .. import selectors, services
from ..choices import Audience
from ..models import AttendanceImport, Course, TrainingSession
from .training_serializers import (
    AttendanceConfirmSerializer,
    AttendanceImportSerializer,
    AttendanceMarksSerializer,
    AttendancePreviewSerializer,
    AttendanceUploadSerializer,
    CourseSerializer,
    EnrolSerializer,
    SessionDetailSerializer,
    SessionSerializer,
)

__all__ = ["ROUTES", "AttendanceImportViewSet", "CourseViewSet", "SessionViewSet"]


class CourseViewSet(RecordReadViewSet):
    """The program's courses, as the training page lists them. Managers, leads and Service Introduction add a
    course (a name the program already has, whatever its case, is refused on the field, as on the page)."""

    queryset = Course.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = CourseSerializer
    lookup_url_kwarg = "course_id"
    cursor_ordering = ("name", "pk")
    write_capability = Capability.TRAINING
    http_method_names = ["get", "post", "head", "options"]

    create = RecordViewSet.create

    def get_queryset(self):
        return self.program.courses.all()

    def create_record(self, data):
        return services.course_create(program=self.program, **data)


class SessionFilters(django_filters.FilterSet):
    course = django_filters.NumberFilter(field_name="course_id", help_text="Only this course's sessions.")
    audience = django_filters.ChoiceFilter(
        field_name="course__audience", choices=Audience.choices, help_text="Only sessions of courses for this audience."
    )
    upcoming = yes_no_filter("filter_upcoming", "true: only sessions still to start; false: those that started.")

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter_upcoming(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(starts_at__gte=now) if value else queryset.filter(starts_at__lt=now)


@extend_schema_view(
    enrol=extend_schema(request=EnrolSerializer, responses=SessionDetailSerializer),
    attendance=extend_schema(request=AttendanceMarksSerializer, responses=SessionDetailSerializer),
)
class SessionViewSet(RecordReadViewSet):
    """Training sessions, soonest first, with how many are enrolled and attended (the training page's table); one
    session as its page shows it (who is enrolled, their attendance, places left, whom it could still take).
    Managers, leads and Service Introduction plan sessions of the program's courses, `enrol/` trainees (refused
    whole past the session's capacity, as on the page) and mark their `attendance/`."""

    queryset = TrainingSession.objects.none()
    serializer_class = SessionSerializer
    lookup_url_kwarg = "session_id"
    cursor_ordering = ("starts_at", "pk")
    write_capability = Capability.TRAINING
    http_method_names = ["get", "post", "head", "options"]
    filter_backends = [ProgramFilterBackend]
    filterset_class = SessionFilters

    create = RecordViewSet.create

    def get_queryset(self):
        return selectors.training_sessions(self.program)

    def get_serializer_class(self):
        return SessionSerializer if self.action in ("list", "create") else SessionDetailSerializer

    def create_record(self, data):
        return services.session_create(program=self.program, **data)

    def shown(self, session: TrainingSession) -> TrainingSession:
        """The session with what its page shows: enrolments by name, places left, and the candidates to enrol
        (for a member who may enrol)."""
        enrolments = list(session.enrolments.select_related("trainee").order_by("trainee__name", "pk"))
        session.enrolment_list = enrolments  # type: ignore[attr-defined]
        session.free = max(0, session.capacity - len(enrolments))  # type: ignore[attr-defined]
        may_enrol = can(self.membership.access, Capability.TRAINING)
        enrolled = {e.trainee_id for e in enrolments}
        session.candidate_list = (  # type: ignore[attr-defined]
            selectors.session_candidates(session, enrolled=enrolled) if may_enrol else []
        )
        return session

    def answer(self, session: TrainingSession) -> Response:
        return Response(self.get_serializer(self.shown(session)).data)

    def retrieve(self, request, *args, **kwargs):
        return self.answer(self.get_object())

    @action(detail=True, methods=["post"])
    def enrol(self, request, *args, **kwargs):
        """Enrol trainees of the program (those already enrolled are skipped): all of them, or none if they would
        overfill the session. Answers the session as it is now."""
        session = self.get_object()
        serializer = EnrolSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wanted = set(serializer.validated_data["trainees"])
        trainees = list(self.program.trainees.filter(pk__in=wanted))
        unknown = sorted(wanted - {t.pk for t in trainees})
        if unknown:
            raise ValidationError({"trainees": f"Not trainees of this program: {', '.join(map(str, unknown[:20]))}."})
        services.session_enrol(session=session, trainees=trainees)
        return self.answer(self.reread(session))

    @action(detail=True, methods=["post"])
    def attendance(self, request, *args, **kwargs):
        """Mark the attendance of some of the session's enrolments (enrolled, attended or no-show); training
        completion and the go-live score follow. Answers the session as it is now."""
        session = self.get_object()
        serializer = AttendanceMarksSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marks: dict[int, str] = {}
        for mark in serializer.validated_data["marks"]:
            if mark["enrolment"] in marks:
                raise ValidationError({"marks": f"Enrolment {mark['enrolment']} is marked twice: mark it once."})
            marks[mark["enrolment"]] = mark["attendance"]
        found = set(session.enrolments.filter(pk__in=marks).values_list("pk", flat=True))
        unknown = sorted(set(marks) - found)
        if unknown:
            raise ValidationError(
                {"marks": f"Not enrolments of this session: {', '.join(map(str, unknown[:20]))}. Nothing was marked."}
            )
        services.session_mark_attendance(session=session, marks=marks)
        return self.answer(self.reread(session))


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": AttendanceUploadSerializer},
        responses={201: AttendanceImportSerializer},
        description="Upload a training system's attendance export (multipart, field `file`): a worker reads it and "
        "plans what would change; poll the job until it is `ready`, then read its preview.",
    ),
    preview=extend_schema(responses=AttendancePreviewSerializer),
    confirm=extend_schema(request=AttendanceConfirmSerializer, responses={202: AttendanceImportSerializer}),
    replan=extend_schema(request=None, responses={202: AttendanceImportSerializer}),
    drop=extend_schema(request=None, responses=AttendanceImportSerializer),
)
class AttendanceImportViewSet(
    MultipartUpload, mixins.ListModelMixin, mixins.RetrieveModelMixin, JobPage, ProgramViewSet
):  # fmt: skip
    """Attendance imports, as on the import page: upload an export, poll, read the preview (what would change, the
    problems by cell or row), apply exactly the preview you read, preview again, or drop. Nothing changes before a
    preview has been confirmed; a preview made stale by a change of the training records is refused, and applying
    is all rows or none. Managers, leads and Service Introduction only, as the import pages."""

    queryset = AttendanceImport.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = AttendanceImportSerializer
    capability = Capability.TRAINING  # reading an import too, as its review page
    write_capability = Capability.TRAINING
    lookup_url_kwarg = "attendance_id"
    lookup_value_converter = "int"
    cursor_ordering = ("-pk",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.attendance_import_list(self.program)

    def create(self, request, *args, **kwargs):
        serializer = AttendanceUploadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]

        def make():
            try:
                job = services.attendance_import_start(program=self.program, user=request.user,
                                                       filename=upload.name, data=read_upload(upload))  # fmt: skip
            except UploadTooLarge as error:
                raise BodyTooLarge(str(error)) from None
            except SpreadsheetError as error:
                raise exceptions.ValidationError({"file": [str(error)]}) from None
            location = self.reverse_action("detail", kwargs={**self.kwargs, "attendance_id": job.pk})
            return Response(self.get_serializer(job).data, status=201, headers={"Location": location})

        return self.create_once(request, make)

    @action(detail=True, methods=["get"])
    def preview(self, request, *args, **kwargs):
        """What applying would change and the problems in the file by cell or row, as the import page shows them.
        `plan` is null until the job is `ready`."""
        job = AttendanceImport.objects.get(pk=self.get_object().pk)  # with its plan (a poll reads without)
        ready = job.status == JobStatus.READY
        plan = selectors.attendance_plan(job) if ready else None
        preview = {
            "status": job.status,
            "planned_against": job.planned_against if ready else "",
            "stale": job.error if ready else "",
            "problems": by_cell(plan.errors if plan else []),
            "plan": None if plan is None else {
                "rows": len(plan.rows), "changed": plan.changed, "unchanged": plan.unchanged,
                "new_trainees": plan.new_trainees, "new_sessions": plan.new_sessions,
            },
        }  # fmt: skip
        return Response(AttendancePreviewSerializer(preview).data)

    @action(detail=True, methods=["post"])
    def confirm(self, request, *args, **kwargs):
        """Apply the preview you read: send its `planned_against`. Refused (400) if the file has problems or the job
        is not ready (failed, dropped, applied); 409 if the preview is no longer the latest. A worker applies it all
        at once, or finds the training records changed since the preview and asks for it to be seen again
        (`stale`, then `replan`): poll the job until `done`."""
        job = self.get_object()
        serializer = AttendanceConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.attendance_import_confirm(job=job, planned_against=serializer.validated_data["planned_against"])
        return self.job_answer(self.get_queryset().get(pk=job.pk), status=202)

    @action(detail=True, methods=["post"])
    def replan(self, request, *args, **kwargs):
        """Preview again (the page's "Preview again", after the training records changed): a worker plans the
        stored file anew, and that new preview must be read (and its `planned_against` sent) before it can be
        applied."""
        job = self.get_object()
        services.attendance_import_replan(job=job)
        return self.job_answer(self.get_queryset().get(pk=job.pk), status=202)

    @action(detail=True, methods=["post"])
    def drop(self, request, *args, **kwargs):
        """Drop the import; nothing is changed. Once a worker is applying it, it can no longer be dropped."""
        job = self.get_object()
        services.attendance_import_cancel(job=job)
        return self.job_answer(job)


# Registered by readiness/api/urls.py under /api/v1/programs/<slug>/: (prefix, viewset, basename).
ROUTES = [
    ("training/courses", CourseViewSet, "course"),
    ("training/sessions", SessionViewSet, "training-session"),
    ("training/attendance-imports", AttendanceImportViewSet, "attendance-import"),
]
