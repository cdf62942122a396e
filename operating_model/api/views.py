"""The operating model API: team composition, the service catalogue (kept with the version read, as on its page),
severities with their escalation as read, swimlane flows with their lanes and steps, published versions and
their sign-off, and the model as a workbook (export, and import through the job pipeline); thin views over
operating_model/selectors.py and services.py."""

import django_filters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from connectmobilize.lib.access import Capability
from connectmobilize.lib.api.base import (
    BodyTooLarge,
    Nesting,
    ProgramFilterBackend,
    ProgramViewSet,
    RecordRemoveMixin,
    RecordViewSet,
    yes_no_filter,
)
from connectmobilize.lib.api.jobs import JobPage, MultipartUpload, by_cell
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.spreadsheets import XLSX, SpreadsheetError
from connectmobilize.lib.uploads import UploadTooLarge, read_upload

from .. import selectors, services
from ..choices import PhaseScope
from ..models import (
    EscalationStep,
    FlowLane,
    ModelImport,
    ModelSignOff,
    ModelVersion,
    ProcessFlow,
    ProcessStep,
    RoleAssignment,
    ServiceCatalogItem,
    SeverityLevel,
)
from .serializers import (
    AssignmentSerializer,
    CatalogueItemSerializer,
    CatalogueRetireSerializer,
    EscalationStepSerializer,
    FlowDetailSerializer,
    FlowSerializer,
    LaneMoveSerializer,
    LaneSerializer,
    ModelImportConfirmSerializer,
    ModelImportSerializer,
    ModelImportUploadSerializer,
    ModelPreviewSerializer,
    ModelSignOffCreateSerializer,
    ModelSignOffSerializer,
    SeveritySerializer,
    StepSerializer,
    VersionDetailSerializer,
    VersionSerializer,
)


class Filters(django_filters.FilterSet):
    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)


class AssignmentFilters(Filters):
    phase = django_filters.ChoiceFilter(choices=PhaseScope.choices)
    role = django_filters.NumberFilter(field_name="role_id", help_text="Only who fills this role.")


class CompositionViewSet(RecordRemoveMixin, RecordViewSet):
    """Who fills each role of the program, by phase (members, or named outsiders), as on the composition page.
    Leads and managers put a member (by username) or a named outsider on a role for a phase, change it with the
    version read and take them off (DELETE, with the version read); the service refuses what the page refuses
    (both a member and an outsider, the same person twice on a role and phase, a second single-threaded owner)."""

    queryset = RoleAssignment.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = AssignmentSerializer
    lookup_url_kwarg = "assignment_id"
    cursor_ordering = ("role_id", "phase", "pk")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends = [ProgramFilterBackend]
    filterset_class = AssignmentFilters

    def get_queryset(self):
        return selectors.role_assignment_list(self.program)

    def create_record(self, data):
        return services.role_assignment_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.role_assignment_update(assignment=record, version=version, **data)

    def remove_record(self, record, version):
        services.role_assignment_remove(assignment=record, version=version)


class CatalogueFilters(Filters):
    retired = yes_no_filter("filter_retired", "true: only retired processes; false: those in use.")

    def filter_retired(self, queryset, name, value):
        return queryset.filter(retired_at__isnull=not value)


@extend_schema_view(
    retire=extend_schema(request=CatalogueRetireSerializer, responses=CatalogueItemSerializer),
    start=extend_schema(request=None, responses=CatalogueItemSerializer(many=True)),
)
class CatalogueViewSet(RecordViewSet):
    """The service catalogue: its support processes with their roles and SLA (read from `sla_target`, nonsense
    refused on the field). Leads and managers add and change processes, with the version read; a retired
    process stays (retire it, or bring it back, with `retire`); `start/` adds the standard processes the
    catalogue lacks, as the catalogue page's button."""

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

    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def start(self, request, *args, **kwargs):
        """Add the 24 contact-center support processes (DOMAIN.md §7.1) the catalogue does not have yet, by code,
        with the program's standard roles where it has them; answers the processes added (none: [], so a
        second call adds nothing)."""
        with transaction.atomic():
            created = services.catalogue_seed(program=self.program)
        added = self.get_queryset().filter(pk__in=[item.pk for item in created])
        return Response(self.get_serializer(added, many=True).data)


@extend_schema_view(start=extend_schema(request=None, responses=SeveritySerializer(many=True)))
class SeverityViewSet(RecordViewSet):
    """Sev 1 to 4 with their targets (read as minutes on their clock), their timed escalation steps and what
    the escalation checks find, as on the severities page. Leads and managers add a severity and change it with
    the version read (a second Sev of the same level, or a target its clock cannot read, is refused on the
    field), and `start/` adds the usual Sev 1 to 4 the program lacks, with their escalation paths."""

    queryset = SeverityLevel.objects.none()
    serializer_class = SeveritySerializer
    lookup_url_kwarg = "severity_id"
    cursor_ordering = ("level", "pk")

    def get_queryset(self):
        return selectors.severity_list(self.program)

    def create_record(self, data):
        return services.severity_create(program=self.program, **data)

    def update_record(self, record, version, data):
        return services.severity_update(severity=record, version=version, **data)

    def get_serializer(self, *args, **kwargs):
        """A severity written, or the current one of a stale edit, is answered with its findings too."""
        if args and isinstance(args[0], SeverityLevel) and "data" not in kwargs and not hasattr(args[0], "findings"):
            self.with_findings([args[0]])
        return super().get_serializer(*args, **kwargs)

    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def start(self, request, *args, **kwargs):
        """Add the usual Sev 1 to 4 (DOMAIN.md §7.2) the program does not have yet, with their escalation steps
        (a step whose standard role the program lacks is left out); answers the severities added (none: []).
        """
        with transaction.atomic():
            created = services.severities_seed(program=self.program)
        added = self.with_findings(list(self.get_queryset().filter(pk__in=[s.pk for s in created])))
        return Response(self.get_serializer(added, many=True).data)

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


class EscalationStepViewSet(RecordRemoveMixin, RecordViewSet):
    """A severity's escalation steps, soonest first: who is brought in (a level, a role of the program) and how
    many minutes after the incident opens, on the severity's clock. Leads and managers add steps, change them with
    the version read and remove them (DELETE, with the version read), as on the severity's page."""

    queryset = EscalationStep.objects.none()
    serializer_class = EscalationStepSerializer
    lookup_url_kwarg = "escalation_id"
    cursor_ordering = ("after_minutes", "pk")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def severity(self) -> SeverityLevel:
        if not hasattr(self, "_severity"):
            found = SeverityLevel.objects.filter(program=self.program, pk=self.kwargs["severity_id"]).first()
            if found is None:
                raise NotFound("No such severity in this program.")
            self._severity = found
        return self._severity

    def get_queryset(self):
        return EscalationStep.objects.filter(severity=self.severity()).select_related("role")

    def create(self, request, *args, **kwargs):
        self.severity()  # another program's severity is a 404 before the body is read
        return super().create(request, *args, **kwargs)

    def create_record(self, data):
        return services.escalation_step_create(severity=self.severity(), **data)

    def update_record(self, record, version, data):
        return services.escalation_step_update(step=record, version=version, **data)

    def remove_record(self, record, version):
        services.escalation_step_remove(step=record, version=version)


# Swimlane flows -----------------------------------------------------------------------------------------


class FlowViewSet(RecordViewSet):
    """Swimlane flows: the list with their size; one flow as its page shows it (lanes in order, steps numbered
    with the steps they lead to and what their RASCI link flags). Leads and managers create a flow (empty, or
    from a starting flow) and change its name, description, catalogue process and clock with the version read
    (a clock that cannot count a step's SLA is refused, as on the page)."""

    queryset = ProcessFlow.objects.none()
    serializer_class = FlowSerializer
    lookup_url_kwarg = "flow_id"
    cursor_ordering = ("name", "pk")

    def get_queryset(self):
        return selectors.flow_list(self.program)

    def get_serializer_class(self):
        return FlowDetailSerializer if self.action == "retrieve" else FlowSerializer

    def retrieve(self, request, *args, **kwargs):
        flow = self.get_object()
        page = selectors.flow_page(flow)
        for step in page.steps:
            step.number = page.numbers[step.pk]
            step.next_ids = sorted(page.next_of.get(step.pk, []), key=lambda pk: page.numbers.get(pk, 0))
            step.flags = page.flags.get(step.pk, [])
        flow.page_lanes, flow.page_steps = page.lanes, page.steps
        return self.with_etag(Response(self.get_serializer(flow).data), flow)

    def create_record(self, data):
        return services.flow_create(program=self.program, **data)

    def update_record(self, record, version, data):
        if "starting_from" in data:
            raise ValidationError({"starting_from": "Only when the flow is created."})
        return services.flow_update(flow=record, version=version, **data)


class FlowScoped:
    """Views under operating-model/flows/<flow_id>/: the flow, inside the program (else 404)."""

    nested_under: Nesting | None = (ProcessFlow, "flow_id", "flow")

    def flow(self) -> ProcessFlow:
        return self.parent_record()  # type: ignore[attr-defined]


@extend_schema_view(
    create=extend_schema(responses={201: LaneSerializer}),
    move=extend_schema(request=LaneMoveSerializer, responses=LaneSerializer),
)
class LaneViewSet(FlowScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramViewSet):
    """The flow's lanes (program roles) in order. Leads and managers add a lane for a role not yet in the flow,
    `move/` a lane one place up or down, and remove a lane with no steps (one with steps is refused: move or
    remove them first, as on the page)."""

    queryset = FlowLane.objects.none()
    serializer_class = LaneSerializer
    lookup_url_kwarg = "lane_id"
    lookup_value_converter = "int"
    cursor_ordering = ("position", "pk")
    http_method_names = ["get", "post", "delete", "head", "options"]
    extra_errors = (400,)  # a lane that still has steps is not removed

    def get_queryset(self):
        return self.flow().lanes.select_related("role")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def make():
            with transaction.atomic():
                lane = services.lane_add(flow=self.flow(), role=serializer.validated_data["role"])
            location = self.reverse_action("detail", kwargs={**self.kwargs, "lane_id": lane.pk})
            return self.created(lane, location)

        return self.create_once(request, make)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            services.lane_remove(lane=self.get_object())
        return Response(status=204)

    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Move the lane one place up or down among the flow's lanes (the drawing follows)."""
        lane = self.get_object()
        serializer = LaneMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            services.lane_move(lane=lane, offset=-1 if serializer.validated_data["direction"] == "up" else 1)
        return Response(self.get_serializer(self.get_queryset().get(pk=lane.pk)).data)


class StepViewSet(FlowScoped, RecordRemoveMixin, RecordViewSet):
    """The flow's steps in order. Leads and managers add steps (a lane of the flow, what is done, the branch
    that leads there, an SLA on the flow's clock, the RASCI activity carried out, the steps it leads to),
    change them with the version read and remove them (DELETE, with the version read: the links to the step go
    with it, as on the page); the service refuses what the page refuses (a step leading to itself, an SLA the
    clock cannot count, another flow's steps)."""

    queryset = ProcessStep.objects.none()
    serializer_class = StepSerializer
    lookup_url_kwarg = "step_id"
    cursor_ordering = ("position", "pk")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return self.flow().steps.prefetch_related("next_steps")

    def create_record(self, data):
        return services.step_create(flow=self.flow(), **data)

    def update_record(self, record, version, data):
        return services.step_update(step=record, version=version, **data)

    def remove_record(self, record, version):
        services.step_remove(step=record, version=version)


# Versions and sign-off ----------------------------------------------------------------------------------


class VersionScoped:
    def board_states(self):
        if not hasattr(self, "_states"):
            board = selectors.sign_off_board(self.program, with_draft=False)
            self._states = {state.version.pk: state for state in board.versions}
        return self._states

    def with_state(self, versions):
        states = self.board_states()
        for version in versions:
            state = states[version.pk]
            version.superseded, version.complete = state.superseded, state.complete
            version.teams = [
                {"role_id": team.role_id, "code": team.code, "name": team.name,
                 "signed_by": team.sign_off.signed_by.username if team.sign_off else None,
                 "signed_at": team.sign_off.signed_at if team.sign_off else None}
                for team in state.teams
            ]  # fmt: skip
        return versions


@extend_schema_view(create=extend_schema(request=VersionSerializer, responses={201: VersionDetailSerializer}))
class VersionViewSet(VersionScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramViewSet):
    """Published versions of the operating model, newest first: each accountable team signed or waiting, and
    whether it is superseded (a later version, or the model changed since). One version carries the model as
    frozen. Leads and managers publish the model as it stands (refused when nothing changed since the latest
    version, or when nobody is accountable in it, as on the sign-off page); versions are never changed."""

    queryset = ModelVersion.objects.none()
    serializer_class = VersionSerializer
    lookup_url_kwarg = "version_id"
    lookup_value_converter = "int"
    cursor_ordering = ("-number",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return ModelVersion.objects.filter(program=self.program).select_related("published_by")

    def get_serializer_class(self):
        return VersionDetailSerializer if self.action in ("retrieve", "create") else VersionSerializer

    def list(self, request, *args, **kwargs):
        page = self.with_state(self.paginate_queryset(self.get_queryset().defer("snapshot")))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.with_state([self.get_object()])[0]).data)

    def create(self, request, *args, **kwargs):
        serializer = VersionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)

        def make():
            with transaction.atomic():
                version = services.model_publish(program=self.program, user=request.user,
                                                 note=serializer.validated_data["note"])  # fmt: skip
            version = self.with_state([self.get_queryset().get(pk=version.pk)])[0]
            location = self.reverse_action("detail", kwargs={**self.kwargs, "version_id": version.pk})
            return Response(self.get_serializer(version).data, status=201, headers={"Location": location})

        return self.create_once(request, make)


@extend_schema_view(create=extend_schema(request=ModelSignOffCreateSerializer, responses={201: ModelSignOffSerializer}))
class ModelSignOffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramViewSet):
    """A version's sign-offs, one per accountable team. Create-only, as on the sign-off page: a member who fills
    the team's role in the composition, or a manager, signs the latest version for that team; a superseded
    version, or a team not accountable in it, is refused; sent twice, signed once. Never changed or removed."""

    queryset = ModelSignOff.objects.none()
    serializer_class = ModelSignOffSerializer
    lookup_url_kwarg = "model_sign_off_id"
    lookup_value_converter = "int"
    cursor_ordering = ("pk",)
    write_capability = Capability.VIEW  # who signs is decided per team (lib/access.py), by the service
    http_method_names = ["get", "post", "head", "options"]

    def version(self) -> ModelVersion:
        found = ModelVersion.objects.filter(program=self.program, pk=self.kwargs["version_id"]).first()
        if found is None:
            raise NotFound("No such operating model version in this program.")
        return found

    def get_queryset(self):
        return self.version().sign_offs.select_related("role", "signed_by")

    def create(self, request, *args, **kwargs):
        version = self.version()
        serializer = ModelSignOffCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        role = self.program.roles.filter(pk=data["role"]).first()
        if role is None:
            raise ValidationError({"role": "Not a role of this program."})

        def make():
            with transaction.atomic():
                record = services.model_sign_off(version=version, role=role, membership=self.membership,
                                                 comment=data["comment"])  # fmt: skip
            location = self.reverse_action("detail", kwargs={**self.kwargs, "model_sign_off_id": record.pk})
            return Response(self.get_serializer(record).data, status=201, headers={"Location": location})

        return self.create_once(request, make)


# The model as a workbook --------------------------------------------------------------------------------


class ModelExportViewSet(ProgramViewSet):
    """The operating model as a workbook, written at once as the page's Export (no job to poll)."""

    http_method_names = ["get", "head", "options"]
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        request=None, responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook.")}
    )
    def download(self, request, *args, **kwargs):
        """The operating model as a workbook (Catalogue, Severities, Escalation, Composition and Flows sheets), as
        the page's Export, attached as `<program>-operating-model.xlsx`: anyone who sees the program may download
        it. Change its Catalogue, Severities or Escalation sheets and upload it to `imports/`."""
        response = HttpResponse(selectors.model_workbook(self.program), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{selectors.model_workbook_name(self.program)}"'
        return response


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": ModelImportUploadSerializer},
        responses={201: ModelImportSerializer},
        description="Upload a workbook (multipart, field `file`): a worker reads it and plans what would change; "
        "poll the job until it is `ready`, then read its preview.",
    ),
    preview=extend_schema(responses=ModelPreviewSerializer),
    confirm=extend_schema(request=ModelImportConfirmSerializer, responses={202: ModelImportSerializer}),
    replan=extend_schema(request=None, responses={202: ModelImportSerializer}),
    drop=extend_schema(request=None, responses=ModelImportSerializer),
)
class ModelImportViewSet(MultipartUpload, mixins.ListModelMixin, mixins.RetrieveModelMixin, JobPage, ProgramViewSet):
    """Workbook imports of the catalogue, severities and escalation paths, as on the import page: upload, poll,
    read the preview (what would change, the problems by sheet and cell), apply exactly the preview you read,
    preview again, or drop. Nothing changes before a preview has been confirmed; a preview made stale by an edit
    of the model is refused, and applying is all or nothing. Leads and managers only, as the import pages (a
    viewer downloads the export)."""

    queryset = ModelImport.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = ModelImportSerializer
    capability = Capability.PLAN  # reading an import too, as its review page
    lookup_url_kwarg = "model_import_id"
    lookup_value_converter = "int"
    cursor_ordering = ("-pk",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.model_import_list(self.program)

    def create(self, request, *args, **kwargs):
        serializer = ModelImportUploadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]

        def make():
            try:
                job = services.model_import_start(program=self.program, user=request.user, filename=upload.name,
                                                  data=read_upload(upload))  # fmt: skip
            except UploadTooLarge as error:
                raise BodyTooLarge(str(error)) from None
            except SpreadsheetError as error:
                raise exceptions.ValidationError({"file": [str(error)]}) from None
            location = self.reverse_action("detail", kwargs={**self.kwargs, "model_import_id": job.pk})
            return Response(self.get_serializer(job).data, status=201, headers={"Location": location})

        return self.create_once(request, make)

    @action(detail=True, methods=["get"])
    def preview(self, request, *args, **kwargs):
        """What applying would change and the problems in the workbook by sheet and cell, as the import page
        shows them. `plan` is null until the job is `ready`."""
        job = ModelImport.objects.get(pk=self.get_object().pk)  # with its plan (a poll reads without)
        ready = job.status == JobStatus.READY
        plan = selectors.model_import_plan(job) if ready else None
        preview = {
            "status": job.status,
            "planned_against": job.planned_against if ready else "",
            "stale": job.error if ready else "",
            "problems": by_cell(plan.errors if plan else []),
            "notices": plan.notices if plan else [],
            "plan": plan,
        }
        return Response(ModelPreviewSerializer(preview).data)

    @action(detail=True, methods=["post"])
    def confirm(self, request, *args, **kwargs):
        """Apply the preview you read: send its `planned_against`. Refused (400) if the workbook has problems or the
        job is not ready (failed, dropped, applied); 409 if the preview is no longer the latest. A worker then
        applies it all at once, or finds the model changed since the preview and asks for it to be seen again
        (`stale`, then `replan`): poll the job until `done`."""
        job = self.get_object()
        serializer = ModelImportConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.model_import_confirm(job=job, planned_against=serializer.validated_data["planned_against"])
        return self.job_answer(self.get_queryset().get(pk=job.pk), status=202)

    @action(detail=True, methods=["post"])
    def replan(self, request, *args, **kwargs):
        """Preview again (the page's "Preview again", after the model changed): a worker plans the stored workbook
        anew, and that new preview must be read (and its `planned_against` sent) before it can be applied."""
        job = self.get_object()
        services.model_import_replan(job=job)
        return self.job_answer(self.get_queryset().get(pk=job.pk), status=202)

    @action(detail=True, methods=["post"])
    def drop(self, request, *args, **kwargs):
        """Drop the import; nothing is changed. Once a worker is applying it, it can no longer be dropped."""
        job = self.get_object()
        services.model_import_cancel(job=job)
        return self.job_answer(job)
