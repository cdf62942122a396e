"""The RACI API: thin views over raci/selectors.py and raci/services.py, as the grid and settings pages."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from connectmobilize.lib.access import Capability, can
from connectmobilize.lib.api.base import (
    BodyTooLarge,
    Nesting,
    ProgramViewSet,
    RecordRemoveMixin,
    RecordViewSet,
    VersionedUpdate,
)
from connectmobilize.lib.api.jobs import JobPage, MultipartUpload, by_cell
from connectmobilize.lib.api.schema import ErrorSerializer
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.records import locked
from connectmobilize.lib.spreadsheets import XLSX, SpreadsheetError
from connectmobilize.lib.uploads import UploadTooLarge, read_upload

from .. import selectors, services
from ..choices import MatrixKind
from ..models import Activity, Matrix, MatrixColumn, MatrixExport, MatrixImport, StoredFinding
from .serializers import (
    ActivitySerializer,
    CellConflictSerializer,
    CellsConflictSerializer,
    CellSerializer,
    CellSetSerializer,
    CellsSerializer,
    CellsSetSerializer,
    ColumnSerializer,
    ExportSerializer,
    ExportStartSerializer,
    FindingSerializer,
    GridSerializer,
    ImportConfirmSerializer,
    ImportReplanSerializer,
    ImportRereadSerializer,
    ImportSerializer,
    ImportUploadSerializer,
    MatrixCreateSerializer,
    MatrixSerializer,
    MoveSerializer,
    PreviewSerializer,
)


class FindingFilterSet(django_filters.FilterSet):
    severity = django_filters.ChoiceFilter(choices=[(s, s) for s in ("error", "warning", "info")])
    rule = django_filters.CharFilter(help_text="A rule's code, e.g. V1.")

    class Meta:
        model = StoredFinding
        fields = ["severity", "rule"]


# Who may make each status change, as the pages: the grid's review/draft buttons (MatrixStatusView, its editors)
# and approve/supersede (MatrixApproveView, the approvers).
STATUS_CAPABILITY = {
    "review": Capability.PLAN,
    "draft": Capability.PLAN,
    "approve": Capability.APPROVE,
    "supersede": Capability.APPROVE,
}

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
    cells=extend_schema(
        request=CellsSetSerializer,
        responses={
            200: CellsSerializer,
            409: OpenApiResponse(
                CellsConflictSerializer,
                description="Cells changed since you read them: nothing saved; `cells` says what they hold now.",
            ),
        },
    ),
)
class MatrixViewSet(RecordViewSet):
    """RACI and RASCI matrices: list, create (empty or from a standard matrix), settings and status. A status
    change is the page's: draft → in review → approved → superseded, back to draft from any of them (another
    move is 400 on `status`); sending for review or reopening as a draft needs the editors' access, approving
    and superseding a program manager's (403). A matrix whose rule check finds errors cannot be approved (400 on
    `status`), as on the settings page."""

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
        status = data.pop("status", record.status)
        if status == record.status:  # no status change (the page: "already …")
            return services.matrix_update(matrix=record, version=version, **data)
        change = next(name for name, (target, _, _) in services.STATUS_CHANGES.items() if target == status)
        if not can(self.membership.access, STATUS_CAPABILITY[change]):
            raise PermissionDenied("Only a program manager approves or supersedes a matrix.")
        if data:  # the settings first, then the status, as two saves one after the other on the page
            record = services.matrix_update(matrix=record, version=version, **data)
            version = record.version
        try:
            return services.matrix_status_change(matrix=record, version=version, change=change)
        except DjangoValidationError as refused:  # "The matrix is a draft: it cannot be marked superseded."
            raise refused if hasattr(refused, "error_dict") else ValidationError({"status": refused.messages}) from None

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

    @action(detail=True, methods=["post"])
    def cells(self, request, *args, **kwargs):
        """Set many cells as one change, as a paste or a multi-cell edit on the grid page: each cell with what it
        held when you read it (`expected`). All or none: a text that is not a letter of the matrix, or a cell
        not in it, is 400 naming the cells; cells someone changed since are 409 with what they hold now, and
        nothing is saved. Answers the cells changed and the rule check's summary."""
        matrix = self.get_object()
        serializer = CellsSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        writes = [services.CellWrite(c["activity"], c["role"], c["code"], c["expected"])
                  for c in serializer.validated_data["cells"]]  # fmt: skip
        try:
            with transaction.atomic():
                changed = services.cells_set(matrix=matrix, cells=writes)
        except services.CellsConflict as conflict:
            cells = [{"activity": a, "role": r, "current": code, "name": name} for a, r, code, name in conflict.cells]
            detail = "Someone else changed these cells since you read them; nothing was saved. Read them again."
            return Response({"detail": detail, "cells": cells}, status=409)
        summary = selectors.cells_checks(matrix, [(a, r) for a, r, _, _ in changed]).checks.summary
        return Response(
            {
                "changed": [{"activity": a, "role": r, "before": b, "after": c} for a, r, b, c in changed],
                "summary": {"errors": summary.errors, "warnings": summary.warnings, "infos": summary.infos},
            }
        )


# Rows and columns -------------------------------------------------------------------------------------


class MatrixScoped:
    """Views under matrices/<matrix_id>/: the matrix, inside the program (else 404), as the grid page finds it."""

    nested_under: Nesting | None = (Matrix, "matrix_id", "matrix")

    def matrix(self) -> Matrix:
        return self.parent_record()  # type: ignore[attr-defined]

    def moved_by(self, request, items) -> int:
        """How far a move goes: one place up or down (as the page's arrows), or to a position among `items`."""
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "direction" in data:
            return -1 if data["direction"] == "up" else 1
        index = [item.pk for item in items].index(self.get_object().pk)  # type: ignore[attr-defined]
        return data["position"] - index


@extend_schema_view(
    create=extend_schema(responses={201: ActivitySerializer}),
    move=extend_schema(request=MoveSerializer, responses=ActivitySerializer),
)
class ActivityViewSet(MatrixScoped, RecordRemoveMixin, RecordViewSet):
    """The matrix's rows (activities) in order, as the grid page: add one (last), rename it, regroup it or change
    its description with the version read, `move/` it (one place up or down, or to a position) and remove it,
    each with the version read (its letters go with it). Names are checked as on the page: one line, unique in their
    group whatever the case (400 on `name`). The rule check follows each change (see the matrix's findings)."""

    queryset = Activity.objects.none()  # the model, for the schema; get_queryset() reads the matrix's
    serializer_class = ActivitySerializer
    lookup_url_kwarg = "activity_id"
    cursor_ordering = ("position", "pk")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return Activity.objects.filter(matrix=self.matrix())

    def create_record(self, data):
        return services.activity_add(matrix=self.matrix(), **data)

    def update_record(self, record, version, data):
        return services.activity_update(activity=record, version=version, **data)

    def remove_record(self, record, version):
        services.activity_delete(activity=record, version=version)

    @action(detail=True, methods=["post"], extra_errors=(409, 412, 428))
    def move(self, request, *args, **kwargs):
        """Move the row one place up or down (`direction`), or to `position` (0 first), among the matrix's rows,
        with the row's version read (If-Match or `version`: 428 without, 412/409 if it was changed since); the
        findings number the rows again. A move leaves the row's version as it is."""
        activity = self.get_object()
        version = self.opened_version(request)
        by = self.moved_by(request, self.get_queryset().order_by("position", "pk"))
        with transaction.atomic():
            services.activity_move(activity=activity, by=by, version=version)
        record = self.reread(activity)
        return self.with_etag(Response(self.get_serializer(record).data), record)


@extend_schema_view(
    create=extend_schema(responses={201: ColumnSerializer}),
    move=extend_schema(request=MoveSerializer, responses=ColumnSerializer),
)
class ColumnViewSet(
    MatrixScoped, RecordRemoveMixin, VersionedUpdate, mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramViewSet
):
    """The matrix's columns (program roles) in order, as the grid page: add a role not yet a column (last),
    `move/` a column (one place up or down, or to a position), and remove one with its letters. A column has no
    version of its own: a move or a removal names the matrix as read (its ETag as If-Match, or `version` in the
    body; 428 without, 412 if the matrix was changed since). The rule check follows (remove the only A column and
    every row loses its Accountable)."""

    queryset = MatrixColumn.objects.none()  # the model, for the schema; get_queryset() reads the matrix's
    serializer_class = ColumnSerializer
    lookup_url_kwarg = "column_id"
    lookup_value_converter = "int"
    cursor_ordering = ("position", "pk")
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        return MatrixColumn.objects.filter(matrix=self.matrix()).select_related("role")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def make():
            with transaction.atomic():
                column = services.column_add(matrix=self.matrix(), role=serializer.validated_data["role"])
            location = self.reverse_action("detail", kwargs={**self.kwargs, "column_id": column.pk})
            return self.created(self.get_queryset().get(pk=column.pk), location)

        return self.create_once(request, make)

    def remove_record(self, record, version):
        locked(self.matrix(), version=version)  # a column has no version: the matrix as read
        services.column_remove(column=record)

    @action(detail=True, methods=["post"], extra_errors=(409, 412, 428))
    def move(self, request, *args, **kwargs):
        """Move the column one place up or down (`direction`), or to `position` (0 first), with the matrix's
        version read, as a removal (If-Match or `version`: 428 without, 412/409 if the matrix was changed since);
        the findings follow the columns' order."""
        column = self.get_object()
        version = self.opened_version(request)
        by = self.moved_by(request, self.get_queryset().order_by("position", "pk"))
        with transaction.atomic():
            locked(self.matrix(), version=version)  # a column has no version: the matrix as read
            services.column_move(column=column, by=by)
        return Response(self.get_serializer(self.get_queryset().get(pk=column.pk)).data)


# Spreadsheet jobs -------------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportSerializer},
        description="Upload a workbook (multipart, field `file`), into `matrix` or as a new matrix `name`: a worker "
        "reads it and plans what would change; poll the job until it is `ready`, then read its preview.",
    ),
    preview=extend_schema(responses=PreviewSerializer),
    confirm=extend_schema(request=ImportConfirmSerializer, responses={202: ImportSerializer}),
    replan=extend_schema(request=ImportReplanSerializer, responses={202: ImportSerializer}),
    reread=extend_schema(request=ImportRereadSerializer, responses={202: ImportSerializer}),
    drop=extend_schema(request=None, responses=ImportSerializer),
)
class ImportViewSet(MultipartUpload, mixins.ListModelMixin, mixins.RetrieveModelMixin, JobPage, ProgramViewSet):
    """Spreadsheet imports, as on the import page: upload, poll, read the preview, apply exactly the preview you
    read (or map the columns otherwise and preview again), or drop. Nothing changes in a matrix before a
    preview has been confirmed, and a preview made stale by an edit of the matrix is refused."""

    queryset = MatrixImport.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = ImportSerializer
    lookup_url_kwarg = "import_id"
    lookup_value_converter = "int"
    cursor_ordering = ("-pk",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.import_list(self.program)

    def full_job(self) -> MatrixImport:
        """The job with its parsed sheet and plan (a poll reads without them)."""
        return MatrixImport.objects.select_related("matrix", "created_by").get(pk=self.get_object().pk)

    def create(self, request, *args, **kwargs):
        serializer = ImportUploadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]

        def make():
            try:
                job = services.matrix_import_start(
                    program=self.program, user=request.user, filename=upload.name, data=read_upload(upload),
                    matrix=data.get("matrix"), new_name=(data.get("name") or "").strip(), new_kind=data["kind"],
                )  # fmt: skip
            except UploadTooLarge as error:
                raise BodyTooLarge(str(error)) from None
            except SpreadsheetError as error:
                raise ValidationError({"file": [str(error)]}) from None
            location = self.reverse_action("detail", kwargs={"program_slug": self.program.slug, "import_id": job.pk})
            return Response(self.get_serializer(job).data, status=201, headers={"Location": location})

        return self.create_once(request, make)

    @action(detail=True, methods=["get"])
    def preview(self, request, *args, **kwargs):
        """What applying would change, the problems in the sheet by cell, and the cells it would leave out, as the
        import page shows them. `plan` is null until the job is `ready`."""
        job = self.full_job()
        ready = job.status == JobStatus.READY and job.parsed
        parsed = selectors.parsed_of(job) if job.parsed else None
        plan = selectors.import_preview(job) if ready else None
        mapping = list(job.mapping or [])
        return Response(
            {
                "status": job.status,
                "planned_against": job.planned_against if ready else "",
                "stale": job.error if ready else "",
                "sheet": parsed.sheet if parsed else "",
                "header_row": parsed.header_row if parsed else 0,
                "activity_count": len(parsed.rows) if parsed else 0,
                "mapping": [
                    {"column": header, "role": mapping[i] if i < len(mapping) else None}
                    for i, header in enumerate(parsed.roles if parsed else [])
                ],
                "problems": by_cell(parsed.errors if parsed else []),
                "ignored": by_cell(parsed.ignored if parsed else []),
                "notices": list(parsed.notices if parsed else []),
                "reading": job.reading or {},
                "layout": (job.parsed or {}).get("layout") or {},
                "plan": plan.to_json() if plan else None,
            }
        )

    @action(detail=True, methods=["post"])
    def confirm(self, request, *args, **kwargs):
        """Apply the preview you read: send its `planned_against` and `mapping`, and `seen_ignored` (how many
        cells it listed as left out). Refused (400) if the sheet has problems, the job is not ready (failed,
        dropped, applied) or the mapping is not the one previewed; 409 if the preview is no longer the latest (the
        matrix changed: preview again). A worker then applies it all at once: poll the job until `done`."""
        job = self.full_job()
        serializer = ImportConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.matrix_import_confirm(job=job, mapping=data["mapping"], planned_against=data["planned_against"],
                                       seen_ignored=data["seen_ignored"])  # fmt: skip
        return self.job_answer(self.get_queryset().get(pk=job.pk), status=202)

    @action(detail=True, methods=["post"])
    def replan(self, request, *args, **kwargs):
        """Map the sheet's columns otherwise: a worker plans again, and that new preview must be read (and its
        `planned_against` sent) before it can be applied."""
        job = self.full_job()
        serializer = ImportReplanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.matrix_import_replan(job=job, mapping=serializer.validated_data["mapping"])
        return self.job_answer(self.get_queryset().get(pk=job.pk), status=202)

    @action(detail=True, methods=["post"])
    def reread(self, request, *args, **kwargs):
        """Read the stored file again otherwise (another sheet, header row or activity column, columns left out,
        how roles are named, what unknown letters mean), as the import page's corrections: nothing is uploaded
        again, a worker reads and plans, and that new preview must be read before it can be applied."""
        job = self.full_job()
        serializer = ImportRereadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.matrix_import_reread(job=job, reading=serializer.validated_data)
        return self.job_answer(self.get_queryset().get(pk=job.pk), status=202)

    @action(detail=True, methods=["post"])
    def drop(self, request, *args, **kwargs):
        """Drop the import; nothing is changed. Once a worker is applying it, it can no longer be dropped."""
        job = self.get_object()
        services.matrix_import_cancel(job=job)
        return self.job_answer(job)


@extend_schema_view(
    create=extend_schema(request=ExportStartSerializer, responses={201: ExportSerializer}),
    download=extend_schema(
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook."),
            409: OpenApiResponse(ErrorSerializer, description="Not done yet: poll the export until `done`."),
        }
    ),
)
class ExportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, JobPage, ProgramViewSet):
    """Matrix exports to a workbook, as the Export button: start one, poll it until `done`, download it. Anyone
    who sees the program may export."""

    queryset = MatrixExport.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = ExportSerializer
    write_capability = Capability.VIEW
    lookup_url_kwarg = "export_id"
    lookup_value_converter = "int"
    cursor_ordering = ("-pk",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.export_list(self.program)

    def create(self, request, *args, **kwargs):
        serializer = ExportStartSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)

        def make():
            job = services.matrix_export_start(matrix=serializer.validated_data["matrix"], user=request.user)
            location = self.reverse_action("detail", kwargs={"program_slug": self.program.slug, "export_id": job.pk})
            return Response(self.get_serializer(job).data, status=201, headers={"Location": location})

        return self.create_once(request, make)

    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        """The workbook, once the export is `done` (409 before)."""
        job = MatrixExport.objects.get(pk=self.get_object().pk)
        if job.status != JobStatus.DONE or job.result is None:
            return Response({"detail": f"This export is {job.get_status_display().lower()}, not done yet."},
                            status=409)  # fmt: skip
        response = HttpResponse(bytes(job.result), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        return response
