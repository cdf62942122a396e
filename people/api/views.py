"""The people & change API: the stakeholder register, change impact, the sponsor coalition and its worksheets,
the sponsor roadmap and activity, ADKAR rounds, leadership alignment, survey rounds (results hidden below five
responses, as on their page) and the communications plan; thin views over people/selectors.py and services.py.
Who may write is as on the pages: stakeholders, impact, the coalition, assessments and comms need "change"
(managers and leads), sponsor worksheets, the roadmap and activities "sponsor" (executives and managers)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from connectmobilize.lib.access import Capability, can
from connectmobilize.lib.api.base import (
    ProgramFilterBackend,
    ProgramViewSet,
    RecordRemoveMixin,
    RecordViewSet,
    yes_no_filter,
)

from .. import commitment, selectors, services
from ..choices import CommStatus, GridQuadrant, ImpactArea, SponsorActivityKind, StakeholderKind
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
from .serializers import (
    AdkarSerializer,
    AlignmentSerializer,
    ArchiveSerializer,
    CommsGenerateSerializer,
    CommunicationSerializer,
    ImpactSerializer,
    RoadmapItemCreateSerializer,
    RoadmapItemSerializer,
    SponsorActivitySerializer,
    SponsorAssessmentSerializer,
    SponsorNodeSerializer,
    StakeholderSerializer,
    SurveyDetailSerializer,
    SurveySerializer,
)


class Filters(django_filters.FilterSet):
    """A people list's filters (the program is not needed for their choices)."""

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)


class PeopleViewSet(RecordViewSet):
    """Kept by managers and leads (Capability.CHANGE), as the people pages."""

    write_capability = Capability.CHANGE
    filter_backends = [ProgramFilterBackend]


# Stakeholder register -----------------------------------------------------------------------------------------


class StakeholderFilters(Filters):
    quadrant = django_filters.ChoiceFilter(
        choices=GridQuadrant.choices, help_text="Where the power × interest grid puts them."
    )
    kind = django_filters.ChoiceFilter(choices=StakeholderKind.choices)
    gap = yes_no_filter("filter_gap", "true: only those whose commitment gap raises a risk near a go-live; false: "
                        "the others.")  # fmt: skip
    archived = yes_no_filter("filter_archived", "true: archived stakeholders too (as the register's “archived”); "
                             "false or left out: only those in use.")  # fmt: skip
    q = django_filters.CharFilter(method="filter_q", max_length=100, help_text="In the name, department or title.")

    def filter_gap(self, queryset, name, value):
        return queryset.filter(gap__gt=commitment.RISK_GAP) if value else queryset.filter(gap__lte=commitment.RISK_GAP)

    def filter_archived(self, queryset, name, value):
        return queryset if value else queryset.filter(archived=False)

    def filter_q(self, queryset, name, value):
        return selectors.stakeholder_filtered_by_text(queryset, value)


@extend_schema_view(archive=extend_schema(request=ArchiveSerializer, responses=StakeholderSerializer))
class StakeholderViewSet(PeopleViewSet):
    """The stakeholder register, by name, filtered as on its page; each with its commitment gap and grid quadrant.
    Managers and leads add and change stakeholders with the version read (If-Match or `version`); the register's
    rules hold (an individual is one person; a group with change impact recorded stays a group). Archived ones
    leave the list unless asked for (`archived=true`) and come back with `archive`."""

    queryset = Stakeholder.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = StakeholderSerializer
    lookup_url_kwarg = "stakeholder_id"
    cursor_ordering = ("name", "pk")
    filterset_class = StakeholderFilters

    def get_queryset(self):
        listed_only = self.action == "list" and "archived" not in self.request.query_params
        return selectors.stakeholder_list(self.program, include_archived=not listed_only)

    def create_record(self, data):
        return services.stakeholder_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.stakeholder_update(stakeholder=record, version=version, **data)

    @action(detail=True, methods=["post"])
    def archive(self, request, *args, **kwargs):
        """Archive the stakeholder (or bring them back with `archived: false`). It moves the version on."""
        record = self.get_object()
        serializer = ArchiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            record = services.stakeholder_archive(stakeholder=record, archived=serializer.validated_data["archived"])
        record = self.reread(record)
        return self.with_etag(Response(self.get_serializer(record).data), record)


# Change impact -------------------------------------------------------------------------------------------------


class ImpactFilters(Filters):
    group = django_filters.NumberFilter(field_name="group_id", help_text="Only this impacted group's row.")
    area = django_filters.ChoiceFilter(choices=ImpactArea.choices)


class ImpactViewSet(PeopleViewSet):
    """The change impact heat map as records: how much each area of the change touches each impacted group (0–4),
    with the current and future state. One record per group and area (a second is refused); an individual or an
    archived group has none. The group and area of a record stay (they are ignored on an edit)."""

    queryset = ChangeImpact.objects.none()
    serializer_class = ImpactSerializer
    lookup_url_kwarg = "impact_id"
    cursor_ordering = ("pk",)
    filterset_class = ImpactFilters

    def get_queryset(self):
        return selectors.impact_list(self.program)

    def create_record(self, data):
        return services.impact_create(**data)

    def update_record(self, record, version, data):
        return services.impact_update(impact=record, version=version, **data)


# The sponsor coalition -----------------------------------------------------------------------------------------


class SponsorNodeViewSet(RecordRemoveMixin, PeopleViewSet):
    """The people of the sponsor diagram: one primary sponsor (`parent` null), the formal line below, and the
    leaders impacted groups see as in charge. A second primary sponsor and a loop in the line are refused."""

    queryset = SponsorNode.objects.none()
    serializer_class = SponsorNodeSerializer
    lookup_url_kwarg = "node_id"
    cursor_ordering = ("pk",)
    filter_backends: list = []

    def get_queryset(self):
        return selectors.sponsor_nodes(self.program)

    def create_record(self, data):
        return services.sponsor_node_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.sponsor_node_update(node=record, version=version, **data)

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def remove_record(self, record, version):
        """Off the diagram, as the page's Remove: refused (400) while people report to them."""
        services.sponsor_node_remove(node=record, version=version)


class SponsorAssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramViewSet):
    """A sponsor's worksheets, newest first. Create-only, as on the page: a worksheet is never changed (a new one
    shows how the sponsor moved). Executives and managers record them; below 75/100 the worksheet is linked to the
    sponsorship risk (PCR-02, reopened or made if needed)."""

    queryset = SponsorAssessment.objects.none()
    serializer_class = SponsorAssessmentSerializer
    lookup_url_kwarg = "sponsor_assessment_id"
    lookup_value_converter = "int"
    cursor_ordering = ("-assessed_on", "-pk")
    write_capability = Capability.SPONSOR
    http_method_names = ["get", "post", "head", "options"]

    def node(self) -> SponsorNode:
        if not hasattr(self, "_node"):
            found = selectors.sponsor_nodes(self.program).filter(pk=self.kwargs["node_id"]).first()
            if found is None:
                raise NotFound("No such person on this program's sponsor diagram.")
            self._node = found
        return self._node

    def get_queryset(self):
        return selectors.sponsor_assessments(self.node())

    def create(self, request, *args, **kwargs):
        node = self.node()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def make():
            with transaction.atomic():
                record = services.sponsor_assess(node=node, membership=self.membership, **serializer.validated_data)
            location = self.reverse_action("detail", kwargs={**self.kwargs, "sponsor_assessment_id": record.pk})
            return self.created(self.get_queryset().get(pk=record.pk), location)

        return self.create_once(request, make)


# Sponsor activity ------------------------------------------------------------------------------------------------


class RoadmapFilters(Filters):
    sponsor = django_filters.CharFilter(field_name="sponsor__username", max_length=150, help_text="By username.")
    done = yes_no_filter("filter_done", "true: done (an activity recorded against it); false: not yet.")
    cancelled = yes_no_filter("filter_cancelled", "true: only cancelled items; false: those still planned.")

    def filter_done(self, queryset, name, value):
        return queryset.filter(is_done=value)

    def filter_cancelled(self, queryset, name, value):
        return queryset.filter(cancelled=value)


@extend_schema_view(create=extend_schema(request=RoadmapItemCreateSerializer, responses={201: RoadmapItemSerializer}))
class RoadmapItemViewSet(PeopleViewSet):
    """The sponsor roadmap, soonest first: what each executive is expected to do, when, and the ABC it serves.
    Executives and managers plan and change items (cancel one by editing it), with the version read; the sponsor
    is one of the program's executives or managers."""

    queryset = SponsorRoadmapItem.objects.none()
    serializer_class = RoadmapItemSerializer
    lookup_url_kwarg = "roadmap_item_id"
    cursor_ordering = ("planned_on", "pk")
    write_capability = Capability.SPONSOR
    filterset_class = RoadmapFilters

    def get_queryset(self):
        return selectors.roadmap_items(self.program)

    def create(self, request, *args, **kwargs):
        serializer = RoadmapItemCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = {"kind": SponsorActivityKind.TOWN_HALL, **serializer.validated_data}

        def make():
            record = services.roadmap_item_create(program=self.program, **data)
            return self.created(self.reread(record), self.detail_url(record))

        return self.create_once(request, make)

    def update_record(self, record, version, data):
        return services.roadmap_item_update(item=record, version=version, **data)


class ActivityFilters(Filters):
    sponsor = django_filters.CharFilter(field_name="sponsor__username", max_length=150, help_text="By username.")


class SponsorActivityViewSet(PeopleViewSet):
    """What the executives did, newest first: against a roadmap item (which it marks done, once) or on its own.
    Executives and managers record and change them; what has not happened yet is planned instead (refused)."""

    queryset = SponsorActivity.objects.none()
    serializer_class = SponsorActivitySerializer
    lookup_url_kwarg = "sponsor_activity_id"
    cursor_ordering = ("-done_on", "-pk")
    write_capability = Capability.SPONSOR
    filterset_class = ActivityFilters

    def get_queryset(self):
        return selectors.sponsor_activities(self.program).select_related("recorded_by")

    def create_record(self, data):
        data = {"kind": SponsorActivityKind.TOWN_HALL, **data}
        return services.sponsor_activity_record(program=self.program, user=self.request.user, **data)

    def update_record(self, record, version, data):
        return services.sponsor_activity_update(activity=record, version=version, **data)


# Assessments ----------------------------------------------------------------------------------------------------


class GroupFilters(Filters):
    group = django_filters.NumberFilter(field_name="group_id", help_text="Only this impacted group's rounds.")


class AdkarViewSet(PeopleViewSet):
    """ADKAR rounds of the impacted groups, newest first, each with its barrier point and the tactic for it (rule 9).
    Managers and leads record a round and correct it with the version read, as on its page: one per group and
    day, for a group (not an individual), each element 1–5."""

    queryset = AdkarAssessment.objects.none()
    serializer_class = AdkarSerializer
    lookup_url_kwarg = "assessment_id"
    cursor_ordering = ("-assessed_on", "-pk")
    filterset_class = GroupFilters

    def get_queryset(self):
        return selectors.adkar_assessments(self.program)

    def create_record(self, data):
        return services.adkar_record(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.adkar_update(assessment=record, version=version, **data)


class AlignmentFilters(Filters):
    leader = django_filters.NumberFilter(field_name="leader_id", help_text="Only this leader's interviews.")


class AlignmentViewSet(PeopleViewSet):
    """Leadership alignment interviews: each section rated 1 (needs work) to 5 (no issues), at least one rated,
    one interview per leader and day; kept with the version read."""

    queryset = LeaderAlignment.objects.none()
    serializer_class = AlignmentSerializer
    lookup_url_kwarg = "alignment_id"
    cursor_ordering = ("-interviewed_on", "-pk")
    filterset_class = AlignmentFilters

    def get_queryset(self):
        return selectors.alignment_ratings(self.program)

    def create_record(self, data):
        return services.alignment_record(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.alignment_update(rating=record, version=version, **data)


class SurveyViewSet(PeopleViewSet):
    """Readiness survey rounds, newest first, with their state and number of responses. One round's results are
    as on its page: by category, overall and by group, department, tenure and level, none of it (nor the comments)
    until five people answered, and any slice of fewer than five hidden (its count too). The anonymous link is
    given to who keeps the people records only. They (managers and leads) open a round and change its title,
    window and groups with the version read, as on its page (a window that closes before it opens is refused)."""

    queryset = SurveyRound.objects.none()
    serializer_class = SurveySerializer
    lookup_url_kwarg = "survey_id"
    cursor_ordering = ("-opens_at", "-pk")
    filter_backends: list = []

    def get_queryset(self):
        return selectors.survey_rounds(self.program).prefetch_related("groups")

    def create_record(self, data):
        for required in ("title", "opens_at", "closes_at"):
            if required not in data:
                raise ValidationError({required: "This field is required."})
        return services.survey_open(program=self.program, user=self.request.user, **data)

    def update_record(self, record, version, data):
        return services.survey_update(survey_round=record, version=version, **data)

    def reread(self, record):
        survey_round = super().reread(record)
        survey_round.state = services.survey_state(survey_round)
        return survey_round

    def get_serializer_class(self):
        return SurveyDetailSerializer if self.action == "retrieve" else SurveySerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        for survey_round in page:
            survey_round.state = services.survey_state(survey_round)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        survey_round = self.get_object()
        survey_round.state = services.survey_state(survey_round)
        survey_round.results = results_data(selectors.survey_results(survey_round))
        survey_round.link = None
        if can(self.membership.access, Capability.CHANGE):
            survey_round.link = request.build_absolute_uri(reverse("survey:respond", args=[survey_round.token]))
        return self.with_etag(Response(self.get_serializer(survey_round).data), survey_round)


def _means(cells) -> dict:
    return {category: {"mean": cell.mean} for category, cell in cells.items()}


def results_data(results: selectors.SurveyResults) -> dict:
    """The results as the page shows them: nothing below five responses, and a slice of fewer than five hidden."""
    if results.hidden:
        return {"hidden": True, "overall": None, "slices": None, "comments": []}
    slices = {
        label: [{"label": row.label, "hidden": row.hidden, "responses": None if row.hidden else row.responses,
                 "cells": None if row.hidden else _means(row.cells)} for row in rows]
        for label, rows in results.slices.items()
    }  # fmt: skip
    return {"hidden": False, "overall": _means(results.overall), "slices": slices, "comments": results.comments}


# The communications plan ----------------------------------------------------------------------------------------


class CommsFilters(Filters):
    status = django_filters.ChoiceFilter(choices=CommStatus.choices)
    event = django_filters.NumberFilter(field_name="event_id", help_text="Only this go-live event's items.")


@extend_schema_view(generate=extend_schema(request=CommsGenerateSerializer,
                                           responses=CommunicationSerializer(many=True)))  # fmt: skip
class CommunicationViewSet(PeopleViewSet):
    """The communications plan: to whom, what, by which channel, from whom and when (a date, or an offset from a
    go-live event's window that moves with it), planned or sent. Managers and leads keep it with the version read;
    an offset needs its event, and an item names its audience."""

    queryset = CommunicationItem.objects.none()
    serializer_class = CommunicationSerializer
    lookup_url_kwarg = "comm_id"
    cursor_ordering = ("pk",)
    filterset_class = CommsFilters

    def get_queryset(self):
        return selectors.comms_items(self.program).select_related("audience", "event")

    def create_record(self, data):
        return services.comm_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.comm_update(comm=record, version=version, **data)

    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def generate(self, request, *args, **kwargs):
        """Add the comms of a go-live event, as the page's "generate": T-14, T-2 and T+1 messages and one item per
        role the RACI consults (C) or informs (I) on the event's workstreams, each moving with the event. Made
        once: a second call adds only what is missing. Answers the items it added (none: the plan had them)."""
        serializer = CommsGenerateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            made = services.comms_generate(program=self.program, event=serializer.validated_data["event"])
        items = self.get_queryset().filter(pk__in=[comm.pk for comm in made]).order_by("pk")
        return Response(self.get_serializer(items, many=True).data)
