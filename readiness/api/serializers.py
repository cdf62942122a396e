"""The shapes of the readiness API. Input is checked for shape only; readiness/services.py decides the rest."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer, in_program
from programs.models import Role, Workstream
from programs.selectors import program_users

from ..choices import DecisionOutcome
from ..models import (
    ChangeRequest,
    ChangeWindow,
    ChecklistItem,
    DecisionCondition,
    GoLiveEvent,
    GoNoGoDecision,
    ReadinessPolicy,
    ReadinessSnapshot,
    SignOff,
)

VERSION = serializers.IntegerField(
    min_value=1,
    required=False,
    help_text="Reads: the item's version (also its ETag). Edits: the version you read (or send If-Match).",
)
SAVED_ONCE_VERSION = serializers.IntegerField(
    min_value=0,
    required=False,
    help_text="Reads: the version (also its ETag); 0 while it was never saved (the values shown are those the page "
    "starts from). Saves: the version you read (or send If-Match): 0 makes it, if nobody did meanwhile.",
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


def _person(help_text: str = "A member of the program, by username."):
    return serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.none(), required=False, allow_null=True,
        help_text=help_text,
    )  # fmt: skip


class EventSerializer(StrictModelSerializer):
    version = VERSION
    latest_score = serializers.FloatField(
        read_only=True, allow_null=True, help_text="The score of the latest snapshot (recorded after every change)."
    )
    latest_outcome = serializers.ChoiceField(choices=OUTCOMES, read_only=True, allow_null=True)
    workstreams = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Workstream.objects.none(), required=False,
        help_text="Workstreams of the program (ids, not archived): their overdue milestones count against the event.",
    )  # fmt: skip
    scoped = {"workstreams": in_program("workstreams", archived=False)}

    class Meta:
        model = GoLiveEvent
        fields = ["id", "name", "kind", "starts_at", "ends_at", "workstreams", "latest_score", "latest_outcome",
                  "version"]  # fmt: skip
        read_only_fields = ["id"]


class EventCreateSerializer(EventSerializer):
    with_template = serializers.BooleanField(
        default=True, write_only=True, help_text="Start the checklist from the 30-item contact-center template."
    )

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "with_template"]


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
    """An item as its page shows it. Its evidence (note, link, status) is changed by who may change evidence; its
    details (the rest, as the item's Edit page) by Service Introduction and managers."""

    version = VERSION
    owner = _person("Who owns it (a member, by username): as a lead, they may then change its evidence.")
    approver = _person("Who signs it off (a member, by username); none named: Service Introduction or a manager.")
    owner_role = serializers.PrimaryKeyRelatedField(
        queryset=Role.objects.none(), required=False, allow_null=True, help_text="A role of the program (id), or null."
    )
    evidence_fingerprint = serializers.CharField(
        read_only=True, help_text="The evidence as it stands: send it to sign off what you read."
    )
    signed = serializers.SerializerMethodField(help_text="Signed off, on the evidence as it stands.")
    scoped = {"owner_role": in_program("roles"), "owner": program_users, "approver": program_users}

    class Meta:
        model = ChecklistItem
        fields = ["id", "ref", "category", "text", "evidence_required", "priority", "weight", "hard_blocker",
                  "owner_role", "owner", "approver", "due_date", "status", "evidence_note", "evidence_link",
                  "evidence_file_name", "evidence_fingerprint", "signed", "version"]  # fmt: skip
        read_only_fields = ["id", "evidence_file_name", "evidence_fingerprint", "signed"]

    def get_signed(self, item) -> bool:
        return getattr(item, "signed_fingerprint", None) == item.evidence_fingerprint


class ItemCreateSerializer(StrictModelSerializer):
    """A new checklist item, as the page adds one; its evidence is given afterwards (PATCH, the evidence file)."""

    ref = serializers.CharField(
        max_length=16, required=False, help_text="e.g. SI-31; left out: the next number, as the page suggests."
    )
    owner = _person("Who owns it (a member, by username): as a lead, they may then change its evidence.")
    approver = _person("Who signs it off (a member, by username); none: Service Introduction or a manager.")
    owner_role = serializers.PrimaryKeyRelatedField(
        queryset=Role.objects.none(), required=False, allow_null=True, help_text="A role of the program (id), or null."
    )
    due_date = serializers.DateField(
        required=False, allow_null=True, help_text="Left out: the day the event's window starts, as the page suggests."
    )
    scoped = {"owner_role": in_program("roles"), "owner": program_users, "approver": program_users}

    class Meta:
        model = ChecklistItem
        fields = ["ref", "category", "text", "evidence_required", "priority", "weight", "hard_blocker", "owner_role",
                  "owner", "approver", "due_date", "status"]  # fmt: skip


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
    voters = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="username", many=True, read_only=True, help_text="Who took part in the decision."
    )
    score = serializers.FloatField(source="snapshot.score", read_only=True, allow_null=True, default=None)
    conditions = ConditionSerializer(many=True, read_only=True)

    class Meta:
        model = GoNoGoDecision
        fields = ["id", "event", "outcome", "rationale", "decided_by", "voters", "decided_at", "score", "conditions"]


class GoNoGoCreateSerializer(StrictSerializer):
    """A go/no-go decision recorded for an event, as on its decision page: frozen with the readiness as scored now."""

    event = serializers.PrimaryKeyRelatedField(
        queryset=GoLiveEvent.objects.none(), help_text="The go-live event decided on (an event of the program)."
    )
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    rationale = serializers.CharField(max_length=10000, help_text="Why, on what evidence (required).")
    voters = serializers.SlugRelatedField(
        slug_field="username", many=True, queryset=get_user_model().objects.none(), required=False,
        help_text="Who took part in the decision: members of the program, by username.",
    )  # fmt: skip
    conditions = serializers.ListField(
        child=serializers.CharField(max_length=300, allow_blank=True), required=False, default=list, max_length=100,
        help_text="For a Go with conditions (at least one): each is then tracked to closure; blank ones are left out.",
    )  # fmt: skip

    scoped = {"event": in_program("go_live_events"), "voters": program_users}


class ConditionCloseSerializer(StrictSerializer):
    condition = serializers.IntegerField(help_text="The id of one of the decision's conditions.")
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="How it was met."
    )


class ChangeRequestSerializer(StrictModelSerializer):
    """The event's cutover change request and what CAB decided."""

    version = SAVED_ONCE_VERSION

    class Meta:
        model = ChangeRequest
        fields = ["number", "status", "cab_date", "approved_start", "approved_end", "impact_statement", "version"]


class PolicySerializer(StrictModelSerializer):
    """The program's go/no-go thresholds and the weights of the criteria drawn from the rest of the program."""

    version = SAVED_ONCE_VERSION

    class Meta:
        model = ReadinessPolicy
        fields = ["go_threshold", "conditions_threshold", "training_target", "raci_weight", "milestones_weight",
                  "risks_weight", "training_weight", "version"]  # fmt: skip
        read_only_fields = ["training_weight"]  # not on the thresholds page


class ChangeWindowSerializer(StrictModelSerializer):
    organisation_wide = serializers.SerializerMethodField(
        help_text="Applies to every program (kept by staff in the admin); else this program's own."
    )

    class Meta:
        model = ChangeWindow
        fields = ["id", "name", "kind", "starts_at", "ends_at", "exception_policy", "organisation_wide"]
        read_only_fields = ["id"]

    def get_organisation_wide(self, window) -> bool:
        return window.program_id is None
