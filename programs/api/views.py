"""The programs API: thin views over the same selectors and services as the pages (programs/views.py)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from connectmobilize.lib.access import Access, Capability
from connectmobilize.lib.api.base import ProgramFilterBackend, ProgramViewSet, RecordViewSet, VersionedUpdate, etag

from .. import selectors, services
from ..choices import WorkstreamKind, WorkstreamStatus
from ..filters import MilestoneFilterSet, RiskFilterSet
from ..models import Membership, Milestone, Risk, Role, Workstream
from .serializers import (
    MemberAddSerializer,
    MemberSerializer,
    MilestoneCompleteSerializer,
    MilestoneSerializer,
    MilestoneSlipSerializer,
    ProgramCreateSerializer,
    ProgramSerializer,
    RiskSerializer,
    RoleSerializer,
    WorkstreamSerializer,
)

# Programs ---------------------------------------------------------------------------------------------


class ProgramListView(mixins.ListModelMixin, ProgramViewSet):
    """The programs you are a member of; anyone signed in may start a new one (and manages it)."""

    serializer_class = ProgramSerializer
    cursor_ordering = ("name", "pk")

    def required_capability(self, method: str) -> str:  # no program in the URL: signed in is enough
        return Capability.VIEW

    def get_queryset(self):
        mine = Membership.objects.filter(program=OuterRef("pk"), user=self.request.user).values("access")[:1]
        return selectors.program_list_for(self.request.user).annotate(your_access=Subquery(mine))

    def get_serializer_class(self):
        return ProgramCreateSerializer if self.action == "create" else ProgramSerializer

    @extend_schema(responses={201: ProgramSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}

        def make():
            program = services.program_create(creator=request.user, **data)
            program.your_access = Access.MANAGER
            url = reverse("api:programs:program-detail", kwargs={"program_slug": program.slug}, request=request)
            serializer = ProgramSerializer(program, context=self.get_serializer_context())
            return Response(serializer.data, status=201, headers={"Location": url, "ETag": etag(program)})

        return self.create_once(request, make)


class ProgramDetailView(VersionedUpdate, ProgramViewSet):
    """One program: anyone in it reads it; managers change it (send the version read)."""

    serializer_class = ProgramSerializer
    write_capability = Capability.MANAGE
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        self.program.your_access = self.membership.access
        return self.program

    def retrieve(self, request, *args, **kwargs):
        return self.with_etag(Response(self.get_serializer(self.get_object()).data), self.program)

    def partial_update(self, request, *args, **kwargs):
        version = self.opened_version(request)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        program = services.program_update(program=self.program, version=version, **data)
        program.your_access = self.membership.access
        return self.with_etag(Response(self.get_serializer(program).data), program)


# A program's records ----------------------------------------------------------------------------------


class WorkstreamFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=WorkstreamKind.choices)
    status = django_filters.ChoiceFilter(choices=WorkstreamStatus.choices)
    archived = django_filters.BooleanFilter()

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)


class WorkstreamViewSet(RecordViewSet):
    """The program's workstreams (archived ones too; `?archived=false` leaves them out). Managers change them."""

    queryset = Workstream.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = WorkstreamSerializer
    write_capability = Capability.MANAGE
    lookup_url_kwarg = "workstream_id"
    filter_backends = [ProgramFilterBackend]
    filterset_class = WorkstreamFilterSet
    cursor_ordering = ("position", "pk")

    def get_queryset(self):
        return selectors.workstream_list(self.program, include_archived=True)

    def create_record(self, data):
        return services.workstream_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.workstream_update(workstream=record, version=version, **data)


class RoleViewSet(RecordViewSet):
    """The program's roles, the columns of its RACI matrices. Leads and managers change them."""

    queryset = Role.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = RoleSerializer
    lookup_url_kwarg = "role_id"
    cursor_ordering = ("code",)

    def get_queryset(self):
        return selectors.role_list(self.program)

    def create_record(self, data):
        return services.role_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.role_update(role=record, version=version, **data)


@extend_schema_view(
    complete=extend_schema(request=MilestoneCompleteSerializer, responses=MilestoneSerializer),
    reopen=extend_schema(request=None, responses=MilestoneSerializer),
    slip=extend_schema(request=MilestoneSlipSerializer, responses=MilestoneSerializer),
)
class MilestoneViewSet(RecordViewSet):
    """Milestones, filtered as on the milestones page (workstream, status, owner, overdue). Dependencies that
    would make a loop are refused, as on the page. Complete, reopen and slip are one-call actions; they move
    the version on, so an edit based on an earlier read is refused."""

    queryset = Milestone.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = MilestoneSerializer
    lookup_url_kwarg = "milestone_id"
    filter_backends = [ProgramFilterBackend]
    filterset_class = MilestoneFilterSet
    cursor_ordering = ("baseline_date", "pk")

    def get_queryset(self):
        return selectors.milestone_list(self.program)

    def create_record(self, data):
        return services.milestone_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.milestone_update(milestone=record, version=version, **data)

    def _act(self, request, serializer_class, act):
        milestone = self.get_object()
        serializer = serializer_class(data=request.data) if serializer_class else None
        if serializer is not None:
            serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            milestone = act(milestone, serializer.validated_data if serializer else {})
        milestone = self.reread(milestone)
        return self.with_etag(Response(self.get_serializer(milestone).data), milestone)

    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        """Mark it reached (today, or `on`)."""
        return self._act(request, MilestoneCompleteSerializer,
                         lambda m, data: services.milestone_complete(milestone=m, on=data.get("on")))  # fmt: skip

    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        """Back to in progress, without a completed date."""
        return self._act(request, None, lambda m, data: services.milestone_reopen(milestone=m))

    @action(detail=True, methods=["post"])
    def slip(self, request, *args, **kwargs):
        """Move the forecast later by `days` (the baseline stays, so the slip shows)."""
        return self._act(request, MilestoneSlipSerializer,
                         lambda m, data: services.milestone_slip(milestone=m, days=data["days"]))  # fmt: skip


class RiskViewSet(RecordViewSet):
    """The risk register, filtered as on the risks page (status, category, workstream, likelihood, impact)."""

    queryset = Risk.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = RiskSerializer
    lookup_url_kwarg = "risk_id"
    filter_backends = [ProgramFilterBackend]
    filterset_class = RiskFilterSet
    cursor_ordering = ("code",)

    def get_queryset(self):
        return selectors.risk_list(self.program)

    def create_record(self, data):
        data.setdefault("code", selectors.next_risk_code(self.program))
        for required in ("title", "category", "likelihood", "impact"):
            if required not in data:
                raise ValidationError({required: "This field is required."})
        return services.risk_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.risk_update(risk=record, version=version, **data)


@extend_schema_view(create=extend_schema(request=MemberAddSerializer, responses={201: MemberSerializer}))
class MemberViewSet(RecordViewSet):
    """Who has access to the program and at what level: for managers only. Add an existing user (by user name
    or email), or invite someone new by their email address (an account with no password, and an email with a
    link to choose it). The last manager cannot be demoted or removed. Memberships have no version: a change of
    access is one call."""

    queryset = Membership.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = MemberSerializer
    capability = Capability.MANAGE
    write_capability = Capability.MANAGE
    lookup_url_kwarg = "membership_id"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    versioned = False
    extra_errors = (400,)  # the last manager cannot be removed

    def get_queryset(self):
        return selectors.membership_list(self.program)

    def get_serializer_class(self):
        return MemberAddSerializer if self.action == "create" else MemberSerializer

    def create(self, request, *args, **kwargs):
        serializer = MemberAddSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)

        def make():
            data = serializer.validated_data
            if isinstance(data["username"], str):  # someone new, by email: invited as from the members page
                membership = services.membership_invite(program=self.program, email=data["username"],
                                                        access=data["access"], invited_by=request.user,
                                                        name=data["name"]).membership  # fmt: skip
            else:
                membership = services.membership_set(program=self.program, user=data["username"],
                                                     access=data["access"])  # fmt: skip
            membership = self.reread(membership)
            data = MemberSerializer(membership, context=self.get_serializer_context()).data
            return Response(data, status=201, headers={"Location": self.detail_url(membership)})

        return self.create_once(request, make)

    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        serializer = self.get_serializer(membership, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "access" in serializer.validated_data:
            services.membership_set(program=self.program, user=membership.user,
                                    access=serializer.validated_data["access"])  # fmt: skip
        return Response(self.get_serializer(self.reread(membership)).data)

    def destroy(self, request, *args, **kwargs):
        services.membership_remove(membership=self.get_object())
        return Response(status=204)


__all__ = [
    "MemberViewSet",
    "MilestoneViewSet",
    "ProgramDetailView",
    "ProgramListView",
    "RiskViewSet",
    "RoleViewSet",
    "WorkstreamViewSet",
]
