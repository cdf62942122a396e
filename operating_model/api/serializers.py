"""The shapes of the operating model API. Input is checked for shape only; operating_model/services.py decides."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer, in_program
from connectmobilize.lib.api.jobs import CellProblemSerializer, JobSerializer
from connectmobilize.lib.models import JobStatus
from programs.models import Role
from programs.selectors import program_users
from raci import selectors as raci_selectors
from raci.models import Activity

from ..models import (
    EscalationStep,
    FlowLane,
    ModelSignOff,
    ModelVersion,
    ProcessFlow,
    ProcessStep,
    RoleAssignment,
    ServiceCatalogItem,
    SeverityLevel,
)
from ..starting_flows import STARTING_FLOWS

VERSION = serializers.IntegerField(
    min_value=1,
    required=False,
    help_text="Reads: the record's version (also its ETag). Edits: the version you read (or send If-Match).",
)


class AssignmentSerializer(StrictModelSerializer):
    """Who fills a role in a phase: a member (`person`, by username) or a named outsider (`outsider_name`)."""

    version = VERSION
    role = serializers.PrimaryKeyRelatedField(queryset=Role.objects.none(), help_text="A role of the program.")
    role_code = serializers.CharField(source="role.code", read_only=True)
    person = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.none(), required=False, allow_null=True,
        help_text="A member of the program, by username; or null and name an outsider.",
    )  # fmt: skip
    scoped = {"role": in_program("roles"), "person": program_users}

    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "role_code", "phase", "person", "outsider_name", "organisation", "allocation_pct",
                  "is_single_threaded_owner", "version"]  # fmt: skip
        read_only_fields = ["id"]
        validators: list = []  # who may fill a role twice is the service's to say, in words


def _role(help_text: str):
    return serializers.PrimaryKeyRelatedField(
        queryset=Role.objects.none(), required=False, allow_null=True, help_text=help_text
    )


class CatalogueItemSerializer(StrictModelSerializer):
    version = VERSION
    owner_role = _role("The role that owns the process (a role of the program).")
    requester_role = _role("Who asks for it.")
    fulfiller_role = _role("Who does it (needed for SLA coverage).")
    approver_role = _role("Who approves it, if anyone.")
    sla_minutes = serializers.IntegerField(read_only=True, allow_null=True, help_text="The SLA target, read.")
    covered = serializers.BooleanField(read_only=True, help_text="Has an SLA and a fulfiller (coverage counts it).")
    is_retired = serializers.BooleanField(read_only=True)
    scoped = {name: in_program("roles") for name in ("owner_role", "requester_role", "fulfiller_role", "approver_role")}

    class Meta:
        model = ServiceCatalogItem
        fields = ["id", "code", "name", "category", "change_type", "owner_role", "requester_role", "fulfiller_role",
                  "approver_role", "sla_target", "sla_clock", "sla_minutes", "covered", "notes", "retired_at",
                  "is_retired", "version"]  # fmt: skip
        read_only_fields = ["id", "retired_at"]


class CatalogueRetireSerializer(StrictSerializer):
    retired = serializers.BooleanField(default=True, help_text="true: retire it; false: bring it back.")


class EscalationStepSerializer(StrictModelSerializer):
    version = VERSION
    role = serializers.PrimaryKeyRelatedField(queryset=Role.objects.none(), help_text="A role of the program.")
    role_code = serializers.CharField(source="role.code", read_only=True)
    scoped = {"role": in_program("roles")}

    class Meta:
        model = EscalationStep
        fields = ["id", "level", "role", "role_code", "after_minutes", "note", "version"]
        read_only_fields = ["id"]


class EscalationFindingSerializer(serializers.Serializer):
    step = serializers.IntegerField(allow_null=True, help_text="The escalation step it is about, if one.")
    message = serializers.CharField()


class SeveritySerializer(StrictModelSerializer):
    """A severity: its targets typed as on the page ("15 min", "4 business hours"), read on its clock."""

    version = VERSION
    escalation_steps = EscalationStepSerializer(many=True, read_only=True)
    findings = EscalationFindingSerializer(
        many=True, read_only=True, help_text="What the escalation checks find, in words."
    )

    class Meta:
        model = SeverityLevel
        fields = ["id", "level", "name", "definition", "clock", "response_target", "response_minutes",
                  "update_interval", "update_minutes", "restore_target", "restore_minutes", "vendor_severity",
                  "escalation_steps", "findings", "version"]  # fmt: skip
        read_only_fields = ["id", "response_minutes", "update_minutes", "restore_minutes"]


# Swimlane flows -----------------------------------------------------------------------------------------


class LaneSerializer(StrictModelSerializer):
    role = serializers.PrimaryKeyRelatedField(queryset=Role.objects.none(), help_text="A role of the program.")
    role_code = serializers.CharField(source="role.code", read_only=True)
    scoped = {"role": in_program("roles")}

    class Meta:
        model = FlowLane
        fields = ["id", "role", "role_code", "position"]
        read_only_fields = ["id", "position"]


class LaneMoveSerializer(StrictSerializer):
    direction = serializers.ChoiceField(choices=[("up", "up"), ("down", "down")], help_text="One place up or down.")


class StepSerializer(StrictModelSerializer):
    version = VERSION
    lane = serializers.PrimaryKeyRelatedField(queryset=FlowLane.objects.none(), help_text="One of the flow's lanes.")
    activity = serializers.PrimaryKeyRelatedField(
        queryset=Activity.objects.none(),
        required=False, allow_null=True, help_text="The RASCI activity (an id) this step carries out, or null.",
    )  # fmt: skip
    next_steps = serializers.PrimaryKeyRelatedField(
        many=True, queryset=ProcessStep.objects.none(), required=False,
        help_text="The steps of this flow it leads to (ids).",
    )  # fmt: skip
    position = serializers.IntegerField(
        min_value=0, max_value=100000, required=False,
        help_text="Where it comes in the flow; left out: last (or where it was).",
    )  # fmt: skip
    sla_minutes = serializers.IntegerField(read_only=True, allow_null=True, help_text="The SLA read, in minutes.")
    # Lanes and steps of the program's flows: one of another flow is refused by the service, in words.
    scoped = {
        "lane": lambda program: FlowLane.objects.filter(flow__program=program),
        "next_steps": lambda program: ProcessStep.objects.filter(flow__program=program),
        "activity": raci_selectors.activities_to_link,
    }

    class Meta:
        model = ProcessStep
        fields = ["id", "lane", "position", "kind", "name", "when", "sla_target", "sla_minutes", "activity",
                  "next_steps", "version"]  # fmt: skip
        read_only_fields = ["id"]


class FlowSerializer(StrictModelSerializer):
    version = VERSION
    service = serializers.PrimaryKeyRelatedField(
        queryset=ServiceCatalogItem.objects.none(), required=False, allow_null=True,
        help_text="The catalogue process (an id, in use) this flow details, or null.",
    )  # fmt: skip
    step_count = serializers.IntegerField(read_only=True)
    lane_count = serializers.IntegerField(read_only=True)
    starting_from = serializers.ChoiceField(
        choices=[(key, flow.name) for key, flow in STARTING_FLOWS.items()], required=False, write_only=True,
        help_text="Create only: start from this flow's lanes and steps (roles the program lacks are added).",
    )  # fmt: skip
    scoped = {"service": in_program("service_catalogue", retired_at=None)}

    class Meta:
        model = ProcessFlow
        fields = ["id", "name", "description", "service", "clock", "step_count", "lane_count", "starting_from",
                  "version"]  # fmt: skip
        read_only_fields = ["id"]


class FlowStepReadSerializer(serializers.ModelSerializer):
    """A step as the flow page lists it: its number, the numbers it leads to and what its RASCI link flags."""

    number = serializers.IntegerField(help_text="Its number in the flow (1, 2, 3…), as drawn.")
    lane = serializers.IntegerField(source="lane_id")
    lane_code = serializers.CharField(source="lane.role.code")
    activity = serializers.IntegerField(source="activity_id", allow_null=True)
    next_steps = serializers.ListField(
        source="next_ids", child=serializers.IntegerField(), help_text="Ids of the steps it leads to."
    )
    flags = serializers.ListField(child=serializers.CharField(), help_text="What its RASCI link says is wrong.")

    class Meta:
        model = ProcessStep
        fields = ["id", "number", "lane", "lane_code", "position", "kind", "name", "when", "sla_target",
                  "sla_minutes", "activity", "next_steps", "flags", "version"]  # fmt: skip


class FlowDetailSerializer(FlowSerializer):
    lanes = LaneSerializer(source="page_lanes", many=True, read_only=True)
    steps = FlowStepReadSerializer(source="page_steps", many=True, read_only=True)

    class Meta(FlowSerializer.Meta):
        fields = [*FlowSerializer.Meta.fields, "lanes", "steps"]


# Versions and sign-off ----------------------------------------------------------------------------------


class TeamSerializer(serializers.Serializer):
    role = serializers.IntegerField(source="role_id")
    code = serializers.CharField()
    name = serializers.CharField()
    signed_by = serializers.CharField(allow_null=True, help_text="Who signed for the team, or null: waiting.")
    signed_at = serializers.DateTimeField(allow_null=True)


class VersionSerializer(StrictModelSerializer):
    published_by = serializers.CharField(source="published_by.username", read_only=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="",
                                 help_text="What changed in this version.")  # fmt: skip
    teams = TeamSerializer(many=True, read_only=True, help_text="The accountable teams, signed or waiting.")
    superseded = serializers.BooleanField(
        read_only=True, help_text="A later version exists, or the model changed since: it can no longer be signed."
    )
    complete = serializers.BooleanField(read_only=True, help_text="Every accountable team has signed it.")

    class Meta:
        model = ModelVersion
        fields = ["id", "number", "published_at", "published_by", "note", "fingerprint", "teams", "superseded",
                  "complete"]  # fmt: skip
        read_only_fields = ["id", "number", "published_at", "fingerprint"]


class VersionDetailSerializer(VersionSerializer):
    snapshot = serializers.JSONField(read_only=True, help_text="The operating model as it was frozen.")

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "snapshot"]


class ModelSignOffSerializer(serializers.ModelSerializer):
    role = serializers.IntegerField(source="role_id", read_only=True)
    role_code = serializers.CharField(source="role.code", read_only=True)
    signed_by = serializers.CharField(source="signed_by.username", read_only=True)

    class Meta:
        model = ModelSignOff
        fields = ["id", "role", "role_code", "signed_by", "signed_at", "comment"]
        read_only_fields = fields


class ModelSignOffCreateSerializer(StrictSerializer):
    role = serializers.IntegerField(min_value=1, help_text="The accountable team (a role id) you sign for.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


# The spreadsheet import ---------------------------------------------------------------------------------


class ModelImportSerializer(JobSerializer):
    filename = serializers.CharField(read_only=True)


class ModelImportUploadSerializer(StrictSerializer):
    file = serializers.FileField(
        help_text="The workbook (.xlsx, at most 5 MB): sheets Catalogue, Severities and Escalation, laid out as the "
        "export writes them or your own way (columns in any order, by their names); Composition and Flows sheets "
        "are not imported."
    )


def _names(help_text: str):
    return serializers.ListField(child=serializers.CharField(), help_text=help_text)


class ModelPlanSerializer(serializers.Serializer):
    """What applying would change, as the review page lists it."""

    is_empty = serializers.BooleanField(help_text="The workbook says what the model already says.")
    added = _names('Processes added, e.g. "P25 Agent offboarding".')
    changed = _names('Processes changed, with the fields: "P04 Emergency message: SLA target, fulfiller".')
    restored = _names("Retired processes the workbook brings back.")
    retired = _names("Processes retired: in use, not in the workbook.")
    unchanged = serializers.IntegerField(help_text="Processes as in the workbook already.")
    severities_added = _names('e.g. "Sev 1 Critical".')
    severities_changed = _names('With the fields: "Sev 2 High: response target".')
    severities_kept = _names("Severities of the program the workbook leaves out: kept as they are.")
    paths_changed = _names('Escalation paths replaced: "Sev 1: 3 steps → 4 steps".')


class ModelPreviewSerializer(serializers.Serializer):
    """The review before applying, as on the import page. `plan` is null until the worker has read the workbook
    (status ready). To apply, send back `planned_against` as read."""

    status = serializers.ChoiceField(choices=JobStatus.choices)
    planned_against = serializers.CharField(
        allow_blank=True, help_text="Names this preview; empty: no valid preview (preview again with `replan`)."
    )
    stale = serializers.CharField(allow_blank=True, help_text="Why this preview must be seen again, if it must.")
    problems = CellProblemSerializer(many=True, help_text="Errors in the workbook, by sheet and cell: none, or "
                                     "nothing applies.")  # fmt: skip
    notices = serializers.ListField(child=serializers.CharField(), help_text="How the workbook was read: columns "
                                    "and sheets not imported, values read otherwise than written.")  # fmt: skip
    plan = ModelPlanSerializer(allow_null=True)


class ModelImportConfirmSerializer(StrictSerializer):
    planned_against = serializers.CharField(max_length=64, help_text="The preview's `planned_against`, as read.")
