"""The operating model API: team composition, the service catalogue (kept with the version read, as on its page),
and severities with their escalation as read; thin views over operating_model/selectors.py and services.py."""

import django_filters
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from connectmobilize.lib.api.base import ProgramFilterBackend, RecordReadViewSet, RecordViewSet, yes_no_filter

from .. import selectors, services
from ..choices import PhaseScope
from ..models import RoleAssignment, ServiceCatalogItem, SeverityLevel
from .serializers import AssignmentSerializer, CatalogueItemSerializer, CatalogueRetireSerializer, SeveritySerializer


class Filters(django_filters.FilterSet):
    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)


class AssignmentFilters(Filters):
    phase = django_filters.ChoiceFilter(choices=PhaseScope.choices)
    role = django_filters.NumberFilter(field_name="role_id", help_text="Only who fills this role.")


class CompositionViewSet(RecordReadViewSet):
    """Who fills each role of the program, by phase (members, or named outsiders), as on the composition page."""

    queryset = RoleAssignment.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = AssignmentSerializer
    lookup_url_kwarg = "assignment_id"
    cursor_ordering = ("role_id", "phase", "pk")
    http_method_names = ["get", "head", "options"]
    filter_backends = [ProgramFilterBackend]
    filterset_class = AssignmentFilters

    def get_queryset(self):
        return selectors.role_assignment_list(self.program)


class CatalogueFilters(Filters):
    retired = yes_no_filter("filter_retired", "true: only retired processes; false: those in use.")

    def filter_retired(self, queryset, name, value):
        return queryset.filter(retired_at__isnull=not value)


@extend_schema_view(retire=extend_schema(request=CatalogueRetireSerializer, responses=CatalogueItemSerializer))
class CatalogueViewSet(RecordViewSet):
    """The service catalogue: its support processes with their roles and SLA (read from `sla_target`, nonsense
    refused on the field). Leads and managers add and change processes, with the version read; a retired
    process stays (retire it, or bring it back, with `retire`)."""

    queryset = ServiceCatalogItem.objects.none()
    serializer_class = CatalogueItemSerializer
    lookup_url_kwarg = "service_id"
    cursor_ordering = ("code", "pk")
    filter_backends = [ProgramFilterBackend]
    filterset_class = CatalogueFilters

    def get_queryset(self):
        return selectors.catalogue_list(self.program, include_retired=True)

    def create_record(self, data):
        return services.catalogue_item_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.catalogue_item_update(item=record, version=version, **data)

    @action(detail=True, methods=["post"])
    def retire(self, request, *args, **kwargs):
        """Retire the process (or bring it back with `retired: false`). It moves the version on."""
        record = self.get_object()
        serializer = CatalogueRetireSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            record = services.catalogue_item_retire(item=record, retired=serializer.validated_data["retired"])
        record = self.reread(record)
        return self.with_etag(Response(self.get_serializer(record).data), record)


class SeverityViewSet(RecordReadViewSet):
    """Sev 1 to 4 with their targets (read as minutes on their clock), their timed escalation steps and what
    the escalation checks find, as on the severities page."""

    queryset = SeverityLevel.objects.none()
    serializer_class = SeveritySerializer
    lookup_url_kwarg = "severity_id"
    cursor_ordering = ("level",)
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.severity_list(self.program)

    def with_findings(self, severities):
        findings = selectors.severity_board(self.program).findings
        for severity in severities:
            severity.findings = [{"step": f.step_id, "message": f.message} for f in findings
                                 if f.severity_id == severity.pk]  # fmt: skip
        return severities

    def list(self, request, *args, **kwargs):
        page = self.with_findings(self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        record = self.with_findings([self.get_object()])[0]
        return self.with_etag(Response(self.get_serializer(record).data), record)
