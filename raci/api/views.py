"""The RACI API: thin views over raci/selectors.py and raci/services.py, as the grid and settings pages."""

import django_filters
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from connectmobilize.lib.api.base import RecordViewSet

from .. import selectors, services
from ..choices import MatrixKind
from ..models import Matrix, StoredFinding
from .serializers import (
    CellConflictSerializer,
    CellSerializer,
    CellSetSerializer,
    FindingSerializer,
    GridSerializer,
    MatrixCreateSerializer,
    MatrixSerializer,
)


class FindingFilterSet(django_filters.FilterSet):
    severity = django_filters.ChoiceFilter(choices=[(s, s) for s in ("error", "warning", "info")])
    rule = django_filters.CharFilter(help_text="A rule's code, e.g. V1.")

    class Meta:
        model = StoredFinding
        fields = ["severity", "rule"]


CELL_CONFLICT = "The cell changed since you read it: nothing saved; `current` is what it holds now."


@extend_schema_view(
    create=extend_schema(request=MatrixCreateSerializer, responses={201: MatrixSerializer}),
    grid=extend_schema(responses=GridSerializer),
    findings=extend_schema(
        responses=FindingSerializer(many=True),
        parameters=[
            OpenApiParameter("severity", str, enum=["error", "warning", "info"], description="Only these."),
            OpenApiParameter("rule", str, description="Only this rule's findings, e.g. V1."),
        ],
    ),
    cell=extend_schema(
        request=CellSetSerializer,
        responses={
            200: CellSerializer,
            409: OpenApiResponse(
                CellConflictSerializer,
                description="The cell changed since you read it: nothing saved; `current` is what it holds now.",
            ),
        },
    ),
)
class MatrixViewSet(RecordViewSet):
    """RACI and RASCI matrices: list, create (empty or from a standard matrix), settings and status. A matrix
    whose rule check finds errors cannot be approved (400 on `status`), as on the settings page."""

    queryset = Matrix.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = MatrixSerializer
    lookup_url_kwarg = "matrix_id"
    cursor_ordering = ("name",)

    def get_queryset(self):
        return selectors.matrix_list(self.program)

    def get_serializer_class(self):
        if self.action == "create":
            return MatrixCreateSerializer
        if self.action == "findings":
            return FindingSerializer
        return MatrixSerializer

    def create_record(self, data):
        data.setdefault("kind", MatrixKind.RASCI)
        return services.matrix_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.matrix_update(matrix=record, version=version, **data)

    def created(self, record, location):
        return super().created(self.reread(record), location)

    @action(detail=True, methods=["get"])
    def grid(self, request, *args, **kwargs):
        """The whole grid in one document: columns in order, rows in order with their filled cells (by role
        code), and the rule check's counts. Read a cell's letters here before setting it."""
        matrix = self.get_object()
        return Response(selectors.grid_document(matrix))

    @action(detail=True, methods=["get"], cursor_ordering=("pk",))
    def findings(self, request, *args, **kwargs):
        """The rule check's findings (errors, warnings, notes), as the grid page lists them."""
        matrix = self.get_object()
        filterset = FindingFilterSet(request.query_params, queryset=StoredFinding.objects.filter(matrix=matrix))
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs)
        return self.get_paginated_response(FindingSerializer(page, many=True).data)

    @action(detail=True, methods=["post"])
    def cell(self, request, *args, **kwargs):
        """Set one cell, if it still holds `expected` (what you read): else 409 with what it holds now, and
        nothing is saved (never a silent overwrite). Answers the cell, its row's and column's checks and the
        summary, as the grid page does."""
        matrix = self.get_object()
        serializer = CellSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with transaction.atomic():
                services.cell_set(matrix=matrix, activity_id=data["activity"], role_id=data["role"],
                                  code=data["code"], expected=data["expected"])  # fmt: skip
        except services.CellConflict as conflict:
            detail = (
                f"Someone changed this cell to {conflict.current or 'empty'} since you read it; your change was "
                "not saved. Read it again and decide."
            )
            return Response({"detail": detail, "current": conflict.current}, status=409)
        checks = selectors.cell_checks(matrix, data["activity"], data["role"])
        brief = lambda findings: [{"rule": f.rule, "severity": f.severity, "message": f.message} for f in findings]  # noqa: E731
        summary = checks.checks.summary
        return Response(
            {
                "activity": data["activity"],
                "role": data["role"],
                "code": checks.code,
                "row_findings": brief(checks.row_findings),
                "column_findings": brief(checks.column_findings),
                "summary": {"errors": summary.errors, "warnings": summary.warnings, "infos": summary.infos},
            }
        )
