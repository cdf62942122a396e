"""The shapes of the operating model API. Input is checked for shape only; operating_model/services.py decides."""

from rest_framework import serializers

from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer
from programs.models import Role

from ..models import EscalationStep, RoleAssignment, ServiceCatalogItem, SeverityLevel

VERSION = serializers.IntegerField(
    min_value=1,
    required=False,
    help_text="Reads: the record's version (also its ETag). Edits: the version you read (or send If-Match).",
)


class AssignmentSerializer(serializers.ModelSerializer):
    role = serializers.IntegerField(source="role_id", read_only=True)
    role_code = serializers.CharField(source="role.code", read_only=True)
    person = serializers.CharField(source="person.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "role_code", "phase", "person", "outsider_name", "organisation", "allocation_pct",
                  "is_single_threaded_owner", "version"]  # fmt: skip


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

    class Meta:
        model = ServiceCatalogItem
        fields = ["id", "code", "name", "category", "change_type", "owner_role", "requester_role", "fulfiller_role",
                  "approver_role", "sla_target", "sla_clock", "sla_minutes", "covered", "notes", "retired_at",
                  "is_retired", "version"]  # fmt: skip
        read_only_fields = ["id", "retired_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.context.get("program")
        if program is not None:
            for name in ("owner_role", "requester_role", "fulfiller_role", "approver_role"):
                self.fields[name].queryset = program.roles.all()


class CatalogueRetireSerializer(StrictSerializer):
    retired = serializers.BooleanField(default=True, help_text="true: retire it; false: bring it back.")


class EscalationStepSerializer(serializers.ModelSerializer):
    role = serializers.IntegerField(source="role_id", read_only=True)
    role_code = serializers.CharField(source="role.code", read_only=True)

    class Meta:
        model = EscalationStep
        fields = ["id", "level", "role", "role_code", "after_minutes", "note", "version"]


class EscalationFindingSerializer(serializers.Serializer):
    step = serializers.IntegerField(allow_null=True, help_text="The escalation step it is about, if one.")
    message = serializers.CharField()


class SeveritySerializer(serializers.ModelSerializer):
    escalation_steps = EscalationStepSerializer(many=True, read_only=True)
    findings = EscalationFindingSerializer(
        many=True, read_only=True, help_text="What the escalation checks find, in words."
    )

    class Meta:
        model = SeverityLevel
        fields = ["id", "level", "name", "definition", "clock", "response_target", "response_minutes",
                  "update_interval", "update_minutes", "restore_target", "restore_minutes", "vendor_severity",
                  "escalation_steps", "findings", "version"]  # fmt: skip
