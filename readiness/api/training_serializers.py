"""The shapes of the training API (courses, sessions, enrolment, attendance and its import). Input is checked for
shape only; readiness/services.py decides the rest, as for the training pages."""

from rest_framework import serializers

from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer, in_program
from connectmobilize.lib.api.jobs import CellProblemSerializer, JobSerializer
from connectmobilize.lib.models import JobStatus

from ..choices import Attendance, Audience
from ..models import Course, Enrolment, Trainee, TrainingSession

MAX_ID = 2**63 - 1  # ids are big integers: anything larger names nothing (and is refused by shape)
MAX_AT_ONCE = 1000  # trainees or marks in one call; a session holds at most a few dozen


class CourseSerializer(StrictModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "name", "audience", "mode", "duration_minutes"]
        read_only_fields = ["id"]
        validators: list = []  # one course of a name per program: the service says so, by field


class SessionSerializer(StrictModelSerializer):
    """A session of one of the program's courses, with how many are enrolled and attended (the training page's
    table)."""

    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.none(), help_text="A course of the program.")
    course_name = serializers.CharField(source="course.name", read_only=True)
    audience = serializers.ChoiceField(
        source="course.audience", choices=Audience.choices, read_only=True, help_text="The course's audience."
    )
    enrolled = serializers.IntegerField(read_only=True, help_text="Trainees enrolled (whatever their attendance).")
    attended = serializers.IntegerField(read_only=True, help_text="Of them, those who attended.")
    scoped = {"course": in_program("courses")}

    class Meta:
        model = TrainingSession
        fields = ["id", "course", "course_name", "audience", "starts_at", "capacity", "trainer", "location",
                  "enrolled", "attended"]  # fmt: skip
        read_only_fields = ["id"]


class TraineeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Trainee
        fields = ["id", "name", "email", "audience", "team"]
        read_only_fields = fields


class EnrolmentSerializer(serializers.ModelSerializer):
    trainee = TraineeSerializer(read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "trainee", "attendance"]
        read_only_fields = fields


class SessionDetailSerializer(SessionSerializer):
    """The session as its page shows it: who is enrolled (by name) with their attendance, the places left, and
    whom it could still take."""

    free = serializers.IntegerField(read_only=True, help_text="Places left.")
    enrolments = EnrolmentSerializer(
        source="enrolment_list", many=True, read_only=True,
        help_text="Each enrolled trainee with their attendance; mark it with `attendance/` by the enrolment's id.",
    )  # fmt: skip
    candidates = TraineeSerializer(
        source="candidate_list", many=True, read_only=True,
        help_text="Trainees of the course's audience neither enrolled nor already trained for it (the first 500, "
        "by name), to enrol with `enrol/`; empty for a member who may not enrol, as on the page.",
    )  # fmt: skip

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "free", "enrolments", "candidates"]
        read_only_fields = fields


class EnrolSerializer(StrictSerializer):
    trainees = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1, max_length=MAX_AT_ONCE,
        help_text="Trainees of the program, by id (e.g. from the session's `candidates`); those already enrolled "
        "are skipped. All or none: refused whole if they would overfill the session.",
    )  # fmt: skip


class MarkSerializer(StrictSerializer):
    enrolment = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="An enrolment of this session.")
    attendance = serializers.ChoiceField(choices=Attendance.choices)


class AttendanceMarksSerializer(StrictSerializer):
    marks = serializers.ListField(
        child=MarkSerializer(), min_length=1, max_length=MAX_AT_ONCE,
        help_text="The attendance of some of the session's enrolments (the others are left as they are).",
    )  # fmt: skip


# The attendance import ------------------------------------------------------------------------------------


class AttendanceImportSerializer(JobSerializer):
    filename = serializers.CharField(read_only=True)


class AttendanceUploadSerializer(StrictSerializer):
    file = serializers.FileField(
        help_text="A training system's attendance export (.xlsx or UTF-8 .csv, at most 5 MB): columns Email, Course, "
        "Date, Attended (yes/no), in any order; Name and Audience for people not yet listed."
    )


class AttendancePlanSerializer(serializers.Serializer):
    """What applying would do, as the review page says it."""

    rows = serializers.IntegerField(help_text="Rows read.")
    changed = serializers.IntegerField(help_text="Attendance records to add or change.")
    unchanged = serializers.IntegerField(help_text="Attendance records already as in the file.")
    new_trainees = serializers.IntegerField(help_text="People not yet listed, added as trainees.")
    new_sessions = serializers.IntegerField(help_text="Sessions added (a course on a day with none).")


class AttendancePreviewSerializer(serializers.Serializer):
    """The review before applying, as on the import page. `plan` is null until the worker has read the file (status
    ready). To apply, send back `planned_against` as read."""

    status = serializers.ChoiceField(choices=JobStatus.choices)
    planned_against = serializers.CharField(
        allow_blank=True, help_text="Names this preview; empty: no valid preview (preview again with `replan`)."
    )
    stale = serializers.CharField(allow_blank=True, help_text="Why this preview must be seen again, if it must.")
    problems = CellProblemSerializer(many=True, help_text="Errors in the file, by cell or row: none, or nothing "
                                     "applies.")  # fmt: skip
    plan = AttendancePlanSerializer(allow_null=True)


class AttendanceConfirmSerializer(StrictSerializer):
    planned_against = serializers.CharField(max_length=64, help_text="The preview's `planned_against`, as read.")
