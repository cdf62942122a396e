"""The shapes of the readiness API. Input is checked for shape only; readiness/services.py decides the rest."""

from rest_framework import serializers

from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer

from ..choices import DecisionOutcome
from ..models import ChecklistItem, DecisionCondition, GoLiveEvent, GoNoGoDecision, ReadinessSnapshot, SignOff

VERSION = serializers.IntegerField(
    min_value=1,
    required=False,
    help_text="Reads: the item's version (also its ETag). Edits: the version you read (or send If-Match).",
)
OUTCOMES = [("go", "Go"), ("go_with_conditions", "Go with conditions"), ("no_go", "No-go")]


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="A checklist item's ref, or a program criterion (calendar, raci...).")
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    weight = serializers.FloatField()
    value = serializers.FloatField(allow_null=True, help_text="How far it is met, 0 to 1; null: does not apply.")
    hard_blocker = serializers.BooleanField()
    why = serializers.CharField(allow_blank=True, help_text="In words, as the event page says it.")
    link = serializers.CharField(allow_blank=True, help_text="Where to act, if anywhere.")


class BlockerSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    why = serializers.CharField(allow_blank=True)


class EventSerializer(serializers.ModelSerializer):
    latest_score = serializers.FloatField(
        read_only=True, allow_null=True, help_text="The score of the latest snapshot (recorded after every change)."
    )
    latest_outcome = serializers.ChoiceField(choices=OUTCOMES, read_only=True, allow_null=True)
    workstreams = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = GoLiveEvent
        fields = ["id", "name", "kind", "starts_at", "ends_at", "workstreams", "latest_score", "latest_outcome",
                  "version"]  # fmt: skip


class EventDetailSerializer(EventSerializer):
    score = serializers.FloatField(read_only=True, help_text="Percent, scored now as on the event page.")
    outcome = serializers.ChoiceField(choices=OUTCOMES, read_only=True)
    go_threshold = serializers.IntegerField(read_only=True)
    conditions_threshold = serializers.IntegerField(read_only=True)
    open_blockers = BlockerSerializer(many=True, read_only=True, help_text="Hard blockers not met: a No-go.")
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "score", "outcome", "go_threshold", "conditions_threshold",
                  "open_blockers", "criteria"]  # fmt: skip


class SnapshotSerializer(serializers.ModelSerializer):
    score = serializers.FloatField()
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    open_blockers = BlockerSerializer(many=True)
    criteria = CriterionSerializer(many=True)

    class Meta:
        model = ReadinessSnapshot
        fields = ["id", "taken_at", "score", "outcome", "open_blockers", "criteria"]


class ItemSerializer(StrictModelSerializer):
    version = VERSION
    owner = serializers.CharField(source="owner.username", read_only=True, allow_null=True, default=None)
    approver = serializers.CharField(
        source="approver.username", read_only=True, allow_null=True, default=None,
        help_text="Who signs it off; none named: Service Introduction or a manager.",
    )  # fmt: skip
    owner_role = serializers.IntegerField(source="owner_role_id", read_only=True, allow_null=True)
    evidence_fingerprint = serializers.CharField(
        read_only=True, help_text="The evidence as it stands: send it to sign off what you read."
    )
    signed = serializers.SerializerMethodField(help_text="Signed off, on the evidence as it stands.")

    class Meta:
        model = ChecklistItem
        fields = ["id", "ref", "category", "text", "evidence_required", "priority", "weight", "hard_blocker",
                  "owner_role", "owner", "approver", "due_date", "status", "evidence_note", "evidence_link",
                  "evidence_file_name", "evidence_fingerprint", "signed", "version"]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("status", "evidence_note", "evidence_link", "version")]

    def get_signed(self, item) -> bool:
        return getattr(item, "signed_fingerprint", None) == item.evidence_fingerprint


class EvidenceUploadSerializer(StrictSerializer):
    file = serializers.FileField(
        help_text="The evidence file (any type, up to 10 MB, as on the item's page); it replaces the current one."
    )
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The item's version as read (or send its ETag as If-Match)."
    )


class SignOffSerializer(serializers.ModelSerializer):
    signed_by = serializers.CharField(source="signed_by.username", read_only=True)
    evidence_link = serializers.CharField(read_only=True, help_text="The link as it was when signed, or empty.")

    class Meta:
        model = SignOff
        fields = ["id", "signed_by", "signed_at", "comment", "evidence_fingerprint", "evidence_note", "evidence_link",
                  "evidence_file_name"]  # fmt: skip
        read_only_fields = fields


class SignOffCreateSerializer(StrictSerializer):
    fingerprint = serializers.CharField(
        max_length=64, help_text="The item's `evidence_fingerprint` as you read it: other evidence is not signed."
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ConditionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True, allow_null=True, default=None)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = DecisionCondition
        fields = ["id", "text", "owner", "due_date", "is_open", "closed_at", "closing_note"]


class GoNoGoSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", read_only=True)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)
    score = serializers.FloatField(source="snapshot.score", read_only=True, allow_null=True, default=None)
    conditions = ConditionSerializer(many=True, read_only=True)

    class Meta:
        model = GoNoGoDecision
        fields = ["id", "event", "outcome", "rationale", "decided_by", "decided_at", "score", "conditions"]
