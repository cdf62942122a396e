"""The shapes of the governance API. Input is checked for shape only; governance/services.py decides the rest.
People are named by username; records by id inside the program."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer, in_program
from programs.models import Risk, Role
from programs.selectors import program_users

from ..choices import ActionStatus, IssueSeverity
from ..models import Action, Decision, Issue, Meeting, Minute, ProgramSettings, Routine

VERSION = serializers.IntegerField(
    min_value=1,
    required=False,
    help_text="Reads: the record's version (also its ETag). Edits: the version you read (or send If-Match).",
)


def _person(*, required: bool = False):
    return serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.none(), required=required,
        allow_null=not required, help_text="A member of the program, by username.",
    )  # fmt: skip


class RoutineSerializer(StrictModelSerializer):
    """A routine: its rhythm (cadence from the first meeting, in its time zone, between optional days), who
    triggers it and who attends (roles of the program, by id), what it reads and produces."""

    version = VERSION
    attendees = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Role.objects.none(), required=False, help_text="Roles of the program (ids)."
    )
    trigger_owner = serializers.PrimaryKeyRelatedField(
        queryset=Role.objects.none(), required=False, allow_null=True,
        help_text="The role that calls the meeting (a role of the program), or null.",
    )  # fmt: skip
    scoped = {"trigger_owner": in_program("roles"), "attendees": in_program("roles")}

    class Meta:
        model = Routine
        fields = ["id", "name", "kind", "cadence", "first_at", "time_zone", "duration_minutes", "active_from",
                  "active_until", "trigger_owner", "attendees", "inputs", "outputs", "archived", "version"]  # fmt: skip
        read_only_fields = ["id"]
        validators: list = []  # one routine of a name per program: the service says so, by field


class MeetingSerializer(StrictModelSerializer):
    """A meeting: its time, length and place (scheduled to come, or recorded as held, then edited while it has not
    started), its status and the agenda frozen when it started."""

    version = VERSION
    routine = serializers.PrimaryKeyRelatedField(
        queryset=Routine.objects.none(), help_text="The routine it is a meeting of (create only)."
    )
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False, allow_null=True,
                                                help_text="Left out: the routine's.")  # fmt: skip
    held = serializers.BooleanField(
        default=False, write_only=True,
        help_text="Create only: true records a meeting already held (its agenda frozen now) to write its minutes "
        "after the fact; false schedules one to come (a time in the past is refused).",
    )  # fmt: skip

    agenda = serializers.JSONField(read_only=True, allow_null=True, help_text="The agenda as frozen when it started.")
    scoped = {"routine": in_program("governance_routines")}

    class Meta:
        model = Meeting
        fields = ["id", "routine", "starts_at", "duration_minutes", "location", "status", "agenda",
                  "agenda_frozen_at", "held", "version"]  # fmt: skip
        read_only_fields = ["id", "status", "agenda_frozen_at"]
        validators: list = []  # one meeting per routine and time: the service says so, by field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:  # an edit: the routine and "held" are fixed at creation
            self.fields["routine"].read_only = True
            self.fields["held"].read_only = True


class MinuteSerializer(StrictModelSerializer):
    version = VERSION
    author = serializers.CharField(source="author.username", read_only=True, allow_null=True, default=None)
    outcome = serializers.CharField(read_only=True, help_text="note, or what the line became: action, issue, decision.")
    action = serializers.IntegerField(source="action_id", read_only=True, allow_null=True)
    issue = serializers.IntegerField(source="issue_id", read_only=True, allow_null=True)
    decision = serializers.IntegerField(source="decision_id", read_only=True, allow_null=True)
    text = serializers.CharField(max_length=4000, help_text="The line of the minutes.")

    class Meta:
        model = Minute
        fields = ["id", "position", "text", "carry_over", "author", "outcome", "action", "issue", "decision",
                  "version"]  # fmt: skip
        read_only_fields = ["id", "position"]


class MinuteToActionSerializer(StrictModelSerializer):
    owner = _person(required=True)
    scoped = {"owner": program_users}
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                  help_text="Left empty: the minute's text.")  # fmt: skip

    class Meta:
        model = Action
        fields = ["title", "owner", "due_date"]


class MinuteToIssueSerializer(StrictModelSerializer):
    owner = _person()
    scoped = {"owner": program_users}
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                  help_text="Left empty: the minute's text.")  # fmt: skip
    severity = serializers.ChoiceField(choices=IssueSeverity.choices, default=IssueSeverity.SEV3)

    class Meta:
        model = Issue
        fields = ["title", "severity", "owner", "due_date"]


class MinuteToDecisionSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    decision = serializers.CharField(max_length=20_000, help_text="What was decided, and why.")
    decided_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                       help_text="Empty: the meeting's routine.")  # fmt: skip


class DecisionSerializer(StrictModelSerializer):
    version = VERSION
    ref = serializers.CharField(read_only=True, help_text="e.g. D-007")
    raised_by = serializers.CharField(source="raised_by.username", read_only=True, allow_null=True, default=None)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, allow_null=True, default=None)
    supersedes = serializers.IntegerField(source="supersedes_id", read_only=True, allow_null=True)
    superseded_by = serializers.SerializerMethodField(help_text="The decision that reversed this one, if any.")
    meeting = serializers.IntegerField(source="meeting_id", read_only=True, allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "ref", "number", "title", "context", "options", "needed_by", "status", "decision",
                  "decided_by", "decided_on", "raised_by", "recorded_by", "meeting", "supersedes", "superseded_by",
                  "version"]  # fmt: skip
        read_only_fields = ["id", "number", "status", "decision", "decided_by", "decided_on"]

    def get_superseded_by(self, decision) -> int | None:
        later = getattr(decision, "superseded_by", None)
        return later.pk if later is not None else None


class DecisionRaiseSerializer(StrictModelSerializer):
    class Meta:
        model = Decision
        fields = ["title", "context", "options", "needed_by"]


class DecisionRecordSerializer(StrictModelSerializer):
    supersedes = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.none(), required=False, allow_null=True,
        help_text="A recorded decision of the program that this one reverses (once only).",
    )  # fmt: skip
    scoped = {"supersedes": in_program("governance_decisions")}

    class Meta:
        model = Decision
        fields = ["title", "context", "options", "decision", "decided_by", "decided_on", "supersedes"]
        extra_kwargs = {"decision": {"required": True, "allow_blank": False}}


class DecisionSupersedeSerializer(StrictModelSerializer):
    class Meta:
        model = Decision
        fields = ["title", "context", "decision", "decided_by", "decided_on"]
        extra_kwargs = {"decision": {"required": True, "allow_blank": False}, "title": {"required": False}}


class DecisionDecideSerializer(StrictSerializer):
    decision = serializers.CharField(max_length=20_000, help_text="What was decided, and why.")
    decided_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = VERSION


class ActionSerializer(StrictModelSerializer):
    version = VERSION
    owner = _person(required=True)
    scoped = {"owner": program_users, "decision": in_program("governance_decisions")}
    completed_on = serializers.DateField(read_only=True, allow_null=True)
    meeting = serializers.IntegerField(source="meeting_id", read_only=True, allow_null=True)
    decision = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.none(), required=False, allow_null=True,
        help_text="The decision of the log it carries out (its id), given when the action is raised, as from the "
        "decision's page; it is not changed afterwards.",
    )  # fmt: skip

    class Meta:
        model = Action
        fields = ["id", "title", "owner", "due_date", "status", "notes", "completed_on", "meeting", "decision",
                  "version"]  # fmt: skip
        read_only_fields = ["id"]


class ActionStatusSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)


class IssueSerializer(StrictModelSerializer):
    version = VERSION
    code = serializers.CharField(max_length=16, required=False, help_text="e.g. I-03; the next free one if left out.")
    owner = _person()
    scoped = {"owner": program_users, "risk": in_program("risks")}
    risk = serializers.PrimaryKeyRelatedField(
        queryset=Risk.objects.none(), required=False, allow_null=True,
        help_text="The realised risk it comes from (its id), given when the issue is raised, as from the risk's page: "
        "what is left out starts as the page starts it (title, description, owner, severity from the risk). A "
        "risk has one issue at most; it is not changed afterwards.",
    )  # fmt: skip

    class Meta:
        model = Issue
        fields = ["id", "code", "title", "description", "severity", "owner", "status", "due_date", "resolution",
                  "risk", "version"]  # fmt: skip
        read_only_fields = ["id"]
        extra_kwargs = {"title": {"required": False, "help_text": "Required, unless it comes from a `risk`."}}


class ProgramSettingsSerializer(StrictModelSerializer):
    """The program's governance settings (the defaults, at version 1, until a manager first saves them)."""

    version = VERSION

    class Meta:
        model = ProgramSettings
        fields = ["decision_wait_days", "version"]
