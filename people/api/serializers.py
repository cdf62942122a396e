"""The shapes of the people & change API. Input is checked for shape only; people/services.py decides the rest
(the same services as the pages). People are named by username; records by id inside the program."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer
from programs.selectors import program_users
from readiness.models import GoLiveEvent

from .. import adkar, selectors
from ..choices import Channel, CommSource, GridQuadrant, ImpactArea
from ..models import (
    AdkarAssessment,
    ChangeImpact,
    CommunicationItem,
    LeaderAlignment,
    SponsorActivity,
    SponsorAssessment,
    SponsorNode,
    SponsorRoadmapItem,
    Stakeholder,
    SurveyRound,
)
from ..sponsorship import CRITERIA

VERSION = serializers.IntegerField(
    min_value=1,
    required=False,
    help_text="Reads: the record's version (also its ETag). Edits: the version you read (or send If-Match).",
)


def _person(help_text: str = "A member of the program, by username.", *, required: bool = False):
    return serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.none(), required=required,
        allow_null=not required, help_text=help_text,
    )  # fmt: skip


def _record(model, help_text: str, *, required: bool = False):
    return serializers.PrimaryKeyRelatedField(
        queryset=model.objects.none(), required=required, allow_null=not required, help_text=help_text
    )


def _stakeholders(program) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(program=program)


# Stakeholders, change impact, the sponsor coalition ----------------------------------------------------------


class StakeholderSerializer(StrictModelSerializer):
    version = VERSION
    owner = _person("The project team member who looks after this stakeholder (a member, by username).")
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices), required=False, max_length=len(Channel.choices),
        help_text="Preferred communication vehicles.",
    )  # fmt: skip
    gap = serializers.IntegerField(
        read_only=True, help_text="Steps of the commitment curve still to climb (above 1 near a go-live: a risk)."
    )
    quadrant = serializers.ChoiceField(
        choices=GridQuadrant.choices, read_only=True, help_text="Where the power × interest grid puts them."
    )
    archived = serializers.BooleanField(read_only=True, help_text="Archived with `archive`; the records stay.")
    scoped = {"owner": program_users}

    class Meta:
        model = Stakeholder
        fields = ["id", "name", "kind", "population", "organization", "department", "title", "influence_type",
                  "influence", "interest", "impact", "awareness", "knowledge", "commitment_current",
                  "commitment_desired", "engagement_current", "engagement_desired", "sentiment", "channels",
                  "training_effort", "concerns", "owner", "gap", "quadrant", "archived", "version"]  # fmt: skip
        read_only_fields = ["id"]


class ArchiveSerializer(StrictSerializer):
    archived = serializers.BooleanField(default=True, help_text="true: archive; false: bring back.")


class ImpactSerializer(StrictModelSerializer):
    version = VERSION
    group = _record(Stakeholder, "The impacted group (a stakeholder of kind group); fixed once recorded.",
                    required=True)  # fmt: skip
    group_name = serializers.CharField(source="group.name", read_only=True)
    area = serializers.ChoiceField(choices=ImpactArea.choices, help_text="The area of change; fixed once recorded.")
    scoped = {"group": _stakeholders}

    class Meta:
        model = ChangeImpact
        fields = ["id", "group", "group_name", "area", "level", "current_state", "future_state", "barriers",
                  "version"]  # fmt: skip
        read_only_fields = ["id"]
        validators: list = []  # one impact per group and area: the service refuses it, in words


class SponsorNodeSerializer(StrictModelSerializer):
    version = VERSION
    user = _person("Their account here, if they have one (a member, by username).")
    parent = _record(SponsorNode, "Who they report to on the formal line (a person of the diagram); null: the "
                     "primary sponsor (there is one).")  # fmt: skip
    impacted_group = _record(Stakeholder, "The impacted group that sees this person as in charge, if any.")
    scoped = {
        "user": program_users,
        "parent": lambda program: SponsorNode.objects.filter(program=program),
        "impacted_group": _stakeholders,
    }

    class Meta:
        model = SponsorNode
        fields = ["id", "person_name", "title", "user", "parent", "impacted_group", "support_level", "influence",
                  "actions", "version"]  # fmt: skip
        read_only_fields = ["id"]


CRITERION_NAMES = [name for name, _ in CRITERIA]


class SponsorAssessmentSerializer(StrictModelSerializer):
    sponsor = serializers.IntegerField(source="sponsor_id", read_only=True, help_text="The person of the diagram.")
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, allow_null=True, default=None)
    risk = serializers.CharField(
        source="risk.code", read_only=True, allow_null=True, default=None,
        help_text="The sponsorship risk (PCR-02) it was linked to, below 75/100.",
    )  # fmt: skip

    class Meta:
        model = SponsorAssessment
        fields = ["id", "sponsor", "assessed_on", *CRITERION_NAMES, "total", "notes", "recorded_by", "risk"]
        read_only_fields = ["id", "total"]
        extra_kwargs = {name: {"help_text": f"{label}: 0, 5, 7 or 10."} for name, label in CRITERIA}


# Sponsor activity -------------------------------------------------------------------------------------------


class RoadmapItemSerializer(StrictModelSerializer):
    version = VERSION
    sponsor = _person("The executive expected to do it (an executive or manager of the program).", required=True)
    is_done = serializers.BooleanField(read_only=True, help_text="An activity was recorded against it.")
    scoped = {"sponsor": program_users}

    class Meta:
        model = SponsorRoadmapItem
        fields = ["id", "sponsor", "kind", "abc", "title", "planned_on", "notes", "cancelled", "is_done", "version"]
        read_only_fields = ["id"]


class RoadmapItemCreateSerializer(RoadmapItemSerializer):
    """A planned item is cancelled by editing it, not made cancelled."""

    class Meta(RoadmapItemSerializer.Meta):
        fields = ["sponsor", "kind", "abc", "title", "planned_on", "notes"]


class SponsorActivitySerializer(StrictModelSerializer):
    version = VERSION
    sponsor = _person("The executive who did it (an executive or manager of the program).", required=True)
    planned = _record(SponsorRoadmapItem, "The roadmap item it fulfils, if any (not cancelled, not done yet).")
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, allow_null=True, default=None)
    scoped = {"sponsor": program_users, "planned": lambda program: SponsorRoadmapItem.objects.filter(program=program)}

    class Meta:
        model = SponsorActivity
        fields = ["id", "planned", "sponsor", "kind", "abc", "title", "done_on", "notes", "recorded_by", "version"]
        read_only_fields = ["id"]


# Assessments, surveys and the communications plan -------------------------------------------------------------


class BarrierSerializer(serializers.Serializer):
    element = serializers.CharField(help_text="The first ADKAR element scoring 3 or less.")
    score = serializers.IntegerField()


class AdkarSerializer(StrictModelSerializer):
    version = VERSION
    group = _record(Stakeholder, "The impacted group (a stakeholder of kind group).", required=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    barrier = serializers.SerializerMethodField(help_text="The barrier point; null when every element is above 3.")
    tactic = serializers.SerializerMethodField(help_text="What to do about the barrier (rule 9).")
    scoped = {"group": _stakeholders}

    class Meta:
        model = AdkarAssessment
        fields = ["id", "group", "group_name", "assessed_on", *adkar.ELEMENTS, "notes", "barrier", "tactic",
                  "version"]  # fmt: skip
        read_only_fields = ["id"]

    @extend_schema_field(BarrierSerializer(allow_null=True))
    def get_barrier(self, assessment) -> dict | None:
        barrier = adkar.barrier_point(assessment.scores)
        return {"element": barrier.element, "score": barrier.score} if barrier else None

    def get_tactic(self, assessment) -> str:
        return adkar.recommended_tactic(assessment.scores)


class AlignmentSerializer(StrictModelSerializer):
    version = VERSION
    leader = _record(Stakeholder, "The leader interviewed (an individual stakeholder, not archived).", required=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    scoped = {"leader": selectors.leaders}

    class Meta:
        model = LeaderAlignment
        fields = ["id", "leader", "leader_name", "interviewed_on", "understanding", "change_history", "sponsorship",
                  "notes", "version"]  # fmt: skip
        read_only_fields = ["id"]


class SurveyCellSerializer(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True, help_text="1 (strongly disagree) to 4 (strongly agree).")


class SliceRowSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    hidden = serializers.BooleanField(help_text="Fewer than 5 responses: neither the count nor the results shown.")
    responses = serializers.IntegerField(allow_null=True)
    cells = serializers.DictField(child=SurveyCellSerializer(), allow_null=True, help_text="Category → its mean.")


class SurveyResultsSerializer(serializers.Serializer):
    hidden = serializers.BooleanField(help_text="Fewer than 5 responses: nothing but the count is shown.")
    overall = serializers.DictField(child=SurveyCellSerializer(), allow_null=True, help_text="Category → its mean.")
    slices = serializers.DictField(
        child=SliceRowSerializer(many=True), allow_null=True, help_text="Group, Department, Tenure, Level → rows."
    )
    comments = serializers.ListField(child=serializers.CharField(), help_text="Shown from 5 responses, shuffled.")


class SurveySerializer(StrictModelSerializer):
    version = VERSION
    groups = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Stakeholder.objects.none(), required=False,
        help_text="The impacted groups it asks (stakeholders of kind group, by id), for the results by group.",
    )  # fmt: skip
    state = serializers.ChoiceField(choices=["not_open", "open", "closed"], read_only=True)
    responses = serializers.IntegerField(source="response_count", read_only=True)
    scoped = {"groups": selectors.impacted_groups}

    class Meta:
        model = SurveyRound
        fields = ["id", "title", "opens_at", "closes_at", "groups", "state", "responses", "version"]
        read_only_fields = ["id"]


class SurveyDetailSerializer(SurveySerializer):
    link = serializers.URLField(
        read_only=True, allow_null=True,
        help_text="The anonymous link: for who keeps the people records (null for the others), as on the page.",
    )  # fmt: skip
    results = SurveyResultsSerializer(read_only=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "link", "results"]


class CommunicationSerializer(StrictModelSerializer):
    version = VERSION
    audience = _record(Stakeholder, "A stakeholder (not archived), or leave null and name it in audience_text.")
    audience_label = serializers.CharField(read_only=True)
    event = _record(GoLiveEvent, "The go-live event it belongs to (with an offset it moves with the event's window).")
    planned_on = serializers.SerializerMethodField(help_text="Its date: the event's start + the offset, or its own.")
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field, not Field.source
        choices=CommSource.choices, read_only=True, help_text="Written, or generated from a go-live event or the RACI."
    )
    scoped = {
        "audience": lambda program: Stakeholder.objects.filter(program=program, archived=False),
        "event": selectors.comms_events,
    }

    class Meta:
        model = CommunicationItem
        fields = ["id", "audience", "audience_text", "audience_label", "key_message", "channel", "sender", "event",
                  "offset_days", "planned_date", "planned_on", "status", "sent_on", "feedback", "source",
                  "version"]  # fmt: skip
        read_only_fields = ["id"]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_planned_on(self, comm) -> dt.date | None:
        return selectors.planned_on(comm)


class CommsGenerateSerializer(StrictSerializer):
    event = serializers.PrimaryKeyRelatedField(
        queryset=GoLiveEvent.objects.none(), help_text="A go-live event of the program."
    )

    scoped = {"event": selectors.comms_events}
