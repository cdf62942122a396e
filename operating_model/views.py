"""Thin views of the operating model: resolve access and the record, call a selector or service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView

from connectmobilize.lib.access import Capability, ProgramAccessMixin, can, may_sign_off_operating_model
from connectmobilize.lib.history import history_entries
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.records import new_submission_token
from connectmobilize.lib.spreadsheets import XLSX, SpreadsheetError
from connectmobilize.lib.uploads import UploadTooLarge, read_upload
from connectmobilize.lib.views import (
    ProgramDetailMixin,
    ProgramFormMixin,
    ProgramObjectMixin,
    ServiceFormMixin,
    model_changes,
)

from . import escalation, selectors, services
from .choices import PhaseScope
from .forms import (
    CatalogueItemForm,
    EscalationStepForm,
    FlowCreateForm,
    FlowForm,
    LaneAddForm,
    ModelImportForm,
    RoleAssignmentForm,
    SeverityForm,
    StepForm,
)
from .models import (
    EscalationStep,
    FlowLane,
    ModelImport,
    ModelVersion,
    ProcessFlow,
    ProcessStep,
    RoleAssignment,
    ServiceCatalogItem,
    SeverityLevel,
)


def om_url(name: str, program, **kwargs) -> str:
    return reverse(f"operating_model:{name}", kwargs={"program_slug": program.slug, **kwargs})


class OverviewView(ProgramAccessMixin, TemplateView):
    template_name = "operating_model/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            composition=selectors.composition(self.program),
            catalogue=selectors.catalogue(self.program),
            severities=selectors.severity_board(self.program),
            flows=selectors.flow_list(self.program),
            sign_off=selectors.sign_off_board(self.program, with_draft=False),
            **kwargs,
        )


# Team composition ---------------------------------------------------------------------------------------


class CompositionView(ProgramAccessMixin, TemplateView):
    template_name = "operating_model/composition.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            composition=selectors.composition(self.program), phases=PhaseScope.choices, **kwargs
        )


class AssignmentDetailView(ProgramDetailMixin, DetailView):
    model = RoleAssignment
    pk_url_kwarg = "assignment_id"
    template_name = "operating_model/assignment_detail.html"

    def get_queryset(self):
        return selectors.role_assignment_list(self.program)


class AssignmentCreateView(ProgramFormMixin, CreateView):
    model = RoleAssignment
    form_class = RoleAssignmentForm
    success_message = "{object} added."

    def get_initial(self):
        return {key: self.request.GET[key] for key in ("role", "phase") if key in self.request.GET}

    def create(self, form):
        return services.role_assignment_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return om_url("composition", self.program)


class AssignmentEditView(ProgramFormMixin, UpdateView):
    model = RoleAssignment
    form_class = RoleAssignmentForm
    pk_url_kwarg = "assignment_id"
    success_message = "{object} saved."

    def update(self, form, version):
        return services.role_assignment_update(assignment=self.object, version=version, **model_changes(form))

    def get_success_url(self):
        return om_url("composition", self.program)


class AssignmentRemoveView(ProgramObjectMixin, View):
    capability = Capability.PLAN
    model = RoleAssignment

    def post(self, request, *args, assignment_id, **kwargs):
        assignment = get_object_or_404(selectors.role_assignment_list(self.program), pk=assignment_id)
        try:
            services.role_assignment_remove(assignment=assignment)
            messages.success(request, f"{assignment} removed.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(om_url("composition", self.program))


# Service catalogue --------------------------------------------------------------------------------------


class CatalogueView(ProgramAccessMixin, TemplateView):
    template_name = "operating_model/catalogue.html"

    def get_context_data(self, **kwargs):
        include_retired = self.request.GET.get("retired") == "1"
        return super().get_context_data(
            catalogue=selectors.catalogue(self.program, include_retired=include_retired),
            include_retired=include_retired,
            **kwargs,
        )


class CatalogueItemDetailView(ProgramDetailMixin, DetailView):
    model = ServiceCatalogItem
    pk_url_kwarg = "service_id"
    template_name = "operating_model/catalogue_item.html"

    def get_queryset(self):
        return selectors.catalogue_list(self.program, include_retired=True)


class CatalogueItemCreateView(ProgramFormMixin, CreateView):
    model = ServiceCatalogItem
    form_class = CatalogueItemForm
    success_message = "{object} added to the catalogue."

    def create(self, form):
        return services.catalogue_item_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return om_url("catalogue_item", self.program, service_id=self.object.pk)


class CatalogueItemEditView(ProgramFormMixin, UpdateView):
    model = ServiceCatalogItem
    form_class = CatalogueItemForm
    pk_url_kwarg = "service_id"
    success_message = "{object} saved."

    def update(self, form, version):
        return services.catalogue_item_update(item=self.object, version=version, **model_changes(form))

    def get_success_url(self):
        return om_url("catalogue_item", self.program, service_id=self.object.pk)


class CatalogueItemRetireView(ProgramObjectMixin, View):
    """Retire a process, or bring it back (`restore` in the form)."""

    capability = Capability.PLAN
    model = ServiceCatalogItem

    def post(self, request, *args, service_id, **kwargs):
        item = get_object_or_404(self.get_queryset(), pk=service_id)
        restore = "restore" in request.POST
        item = services.catalogue_item_retire(item=item, retired=not restore)
        messages.success(request, f"{item} {'is back in' if restore else 'retired from'} the catalogue.")
        return redirect(om_url("catalogue_item", self.program, service_id=item.pk))


class CatalogueSeedView(ProgramAccessMixin, View):
    """Add the 24 contact-center support processes the catalogue does not have yet (sent twice: added once)."""

    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        created = services.catalogue_seed(program=self.program)
        if created:
            messages.success(request, f"{len(created)} support processes added to the catalogue.")
        else:
            messages.info(request, "The catalogue already has every starting process.")
        return redirect(om_url("catalogue", self.program))


# Severities and escalation ------------------------------------------------------------------------------


class SeverityListView(ProgramAccessMixin, TemplateView):
    template_name = "operating_model/severities.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(board=selectors.severity_board(self.program), **kwargs)


class SeveritiesSeedView(ProgramAccessMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        created = services.severities_seed(program=self.program)
        if created:
            messages.success(request, f"{len(created)} severities added, with their escalation paths.")
        else:
            messages.info(request, "The program already has Sev 1 to 4.")
        return redirect(om_url("severities", self.program))


class SeverityDetailView(ProgramDetailMixin, DetailView):
    model = SeverityLevel
    pk_url_kwarg = "severity_id"
    template_name = "operating_model/severity_detail.html"

    def get_queryset(self):
        return selectors.severity_list(self.program)

    def get_context_data(self, **kwargs):
        board = selectors.severity_board(self.program)
        opened = timezone.localtime()
        steps = list(self.object.escalation_steps.all())
        fires = escalation.fires_at(opened, [(step.pk, step.after_minutes) for step in steps], self.object.clock)
        return super().get_context_data(findings=board.findings_of(self.object), flagged=board.flagged_steps,
                                        opened=opened, timeline=[(step, fires[step.pk]) for step in steps],
                                        **kwargs)  # fmt: skip


class SeverityCreateView(ProgramFormMixin, CreateView):
    model = SeverityLevel
    form_class = SeverityForm
    success_message = "{object} added."

    def create(self, form):
        return services.severity_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return om_url("severity_detail", self.program, severity_id=self.object.pk)


class SeverityEditView(ProgramFormMixin, UpdateView):
    model = SeverityLevel
    form_class = SeverityForm
    pk_url_kwarg = "severity_id"
    success_message = "{object} saved."

    def update(self, form, version):
        return services.severity_update(severity=self.object, version=version, **model_changes(form))

    def get_success_url(self):
        return om_url("severity_detail", self.program, severity_id=self.object.pk)


class SeverityMixin(ProgramAccessMixin):
    """Resolves self.severity inside the program (another program's severity is a 404)."""

    def resolve_objects(self) -> None:
        self.severity = get_object_or_404(
            SeverityLevel.objects.select_related("program"), program=self.program, pk=self.kwargs["severity_id"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(severity=self.severity, **kwargs)


class EscalationStepFormMixin(SeverityMixin, ServiceFormMixin):
    capability = Capability.PLAN
    template_name: str | None = "programs/object_form.html"
    model = EscalationStep
    form_class = EscalationStepForm

    def get_queryset(self):
        return EscalationStep.objects.filter(severity=self.severity).select_related("role")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name=f"escalation step of {self.severity}", **kwargs)

    def get_success_url(self):
        return om_url("severity_detail", self.program, severity_id=self.severity.pk)


class EscalationStepCreateView(EscalationStepFormMixin, CreateView):
    success_message = "Escalation step added."

    def create(self, form):
        return services.escalation_step_create(severity=self.severity, **model_changes(form))


class EscalationStepEditView(EscalationStepFormMixin, UpdateView):
    pk_url_kwarg = "escalation_id"
    success_message = "Escalation step saved."

    def update(self, form, version):
        return services.escalation_step_update(step=self.object, version=version, **model_changes(form))


class EscalationStepRemoveView(SeverityMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, escalation_id, **kwargs):
        step = get_object_or_404(EscalationStep.objects.filter(severity=self.severity), pk=escalation_id)
        services.escalation_step_remove(step=step)
        messages.success(request, "Escalation step removed.")
        return redirect(om_url("severity_detail", self.program, severity_id=self.severity.pk))


# Swimlane flows -----------------------------------------------------------------------------------------


class FlowListView(ProgramAccessMixin, TemplateView):
    template_name = "operating_model/flow_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(flows=selectors.flow_list(self.program), **kwargs)


class FlowCreateView(ProgramAccessMixin, ServiceFormMixin, FormView):
    capability = Capability.PLAN
    template_name = "programs/object_form.html"
    form_class = FlowCreateForm
    success_message = "Flow {object} created."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="process flow", **kwargs)

    def create(self, form):
        data = form.cleaned_data
        fields = {name: data[name] for name in ("name", "description", "service", "clock")}
        if data["starting_from"] and not self.request.POST.get("clock"):
            del fields["clock"]  # the starting flow's own clock
        return services.flow_create(program=self.program, starting_from=data["starting_from"], **fields)

    def get_success_url(self):
        return om_url("flow_detail", self.program, flow_id=self.object.pk)


class FlowMixin(ProgramAccessMixin):
    """Resolves self.flow inside the program (another program's flow is a 404)."""

    def resolve_objects(self) -> None:
        self.flow = get_object_or_404(
            ProcessFlow.objects.select_related("program", "service"), program=self.program, pk=self.kwargs["flow_id"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(flow=self.flow, **kwargs)

    def flow_url(self, anchor: str = "") -> str:
        return om_url("flow_detail", self.program, flow_id=self.flow.pk) + anchor


class FlowDetailView(FlowMixin, TemplateView):
    """The swimlane drawn as SVG (readable printed, without JavaScript), the steps as a table, edited in place."""

    template_name = "operating_model/flow_detail.html"

    def get_context_data(self, **kwargs):
        context = {"page": selectors.flow_page(self.flow), "history": history_entries(self.flow)}
        if can(self.membership.access, Capability.PLAN):
            context |= {"step_form": StepForm(flow=self.flow), "lane_form": LaneAddForm(flow=self.flow),
                        "submission": new_submission_token()}  # fmt: skip
        return super().get_context_data(**context, **kwargs)


class FlowEditView(FlowMixin, ServiceFormMixin, UpdateView):
    capability = Capability.PLAN
    template_name = "programs/object_form.html"
    form_class = FlowForm
    success_message = "Flow {object} saved."

    def get_object(self):
        return self.flow

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="process flow", **kwargs)

    def update(self, form, version):
        return services.flow_update(flow=self.flow, version=version, **model_changes(form))

    def get_success_url(self):
        return self.flow_url()


class LaneAddView(FlowMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        form = LaneAddForm(request.POST, flow=self.flow)
        if form.is_valid():
            try:
                lane = services.lane_add(flow=self.flow, role=form.cleaned_data["role"])
                messages.success(request, f"{lane.role.code} lane added.")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, "Choose a role of the program for the lane.")
        return redirect(self.flow_url("#lanes"))


class LaneMixin(FlowMixin):
    capability = Capability.PLAN

    def resolve_objects(self) -> None:
        super().resolve_objects()
        self.lane = get_object_or_404(
            FlowLane.objects.select_related("role"), flow=self.flow, pk=self.kwargs["lane_id"]
        )


class LaneRemoveView(LaneMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.lane_remove(lane=self.lane)
            messages.success(request, f"{self.lane.role.code} lane removed.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.flow_url("#lanes"))


class LaneMoveView(LaneMixin, View):
    def post(self, request, *args, **kwargs):
        services.lane_move(lane=self.lane, offset=-1 if request.POST.get("direction") == "up" else 1)
        return redirect(self.flow_url("#lanes"))


class StepFormMixin(FlowMixin, ServiceFormMixin):
    capability = Capability.PLAN
    template_name: str | None = "operating_model/step_form.html"
    form_class = StepForm
    model = ProcessStep

    def get_queryset(self):
        return ProcessStep.objects.filter(flow=self.flow)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "flow": self.flow}

    def get_success_url(self):
        return self.flow_url(f"#step-{self.object.pk}")


class StepCreateView(StepFormMixin, CreateView):
    success_message = "Step added."

    def create(self, form):
        return services.step_create(flow=self.flow, **model_changes(form))


class StepEditView(StepFormMixin, UpdateView):
    """The step's form: in place in the flow's table (HTMX), or as a page of its own with the step's history."""

    pk_url_kwarg = "step_id"
    success_message = "Step saved."

    def get_template_names(self):
        if self.request.htmx and self.request.method == "GET":
            return ["operating_model/partials/_step_edit_row.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_entries(self.object), **kwargs)

    def update(self, form, version):
        return services.step_update(step=self.object, version=version, **model_changes(form))


class StepRemoveView(FlowMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, step_id, **kwargs):
        step = get_object_or_404(ProcessStep.objects.filter(flow=self.flow), pk=step_id)
        services.step_remove(step=step)
        messages.success(request, f'Step "{step.name}" removed.')
        return redirect(self.flow_url("#steps"))


# Versions and sign-off ----------------------------------------------------------------------------------


class SignOffView(ProgramAccessMixin, TemplateView):
    """The published versions, who has signed each off, and whether the model changed since."""

    template_name = "operating_model/sign_off.html"

    def get_context_data(self, **kwargs):
        board = selectors.sign_off_board(self.program)
        held = set(selectors.role_assignment_list(self.program).filter(person=self.request.user)
                   .values_list("role_id", flat=True))  # fmt: skip
        latest = board.latest
        signable = set()
        if latest is not None and not latest.superseded:
            may = may_sign_off_operating_model
            signable = {
                team.role_id for team in latest.teams
                if team.sign_off is None and may(self.membership, holds_role=team.role_id in held)
            }  # fmt: skip
        return super().get_context_data(board=board, signable=signable, **kwargs)


class PublishView(ProgramAccessMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        try:
            version = services.model_publish(program=self.program, user=request.user, note=request.POST.get("note", ""))
            messages.success(request, f"Version {version.number} published: its accountable teams can sign it off.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(om_url("sign_off", self.program))


class VersionMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.version = get_object_or_404(
            ModelVersion.objects.select_related("program", "published_by"), program=self.program,
            pk=self.kwargs["version_id"],
        )  # fmt: skip

    def get_context_data(self, **kwargs):
        return super().get_context_data(version=self.version, **kwargs)


class VersionDetailView(VersionMixin, TemplateView):
    """A published version as it was frozen."""

    template_name = "operating_model/version_detail.html"


class SignVersionView(VersionMixin, View):
    """An accountable team signs the version off (the role is sent with the form); sent twice, signed once."""

    def post(self, request, *args, **kwargs):
        role = get_object_or_404(self.program.roles.all(), pk=request.POST.get("role") or 0)
        try:
            services.model_sign_off(version=self.version, role=role, membership=self.membership,
                                    comment=request.POST.get("comment", ""))  # fmt: skip
            messages.success(request, f"Version {self.version.number} signed off for {role.code}.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(om_url("sign_off", self.program))


# Spreadsheets -------------------------------------------------------------------------------------------


class ExportView(ProgramAccessMixin, View):
    """The operating model as a workbook: catalogue, severities, escalation, composition and flows."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(selectors.model_workbook(self.program), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{selectors.model_workbook_name(self.program)}"'
        return response


class ImportUploadView(ProgramAccessMixin, FormView):
    capability = Capability.PLAN
    template_name = "operating_model/import_upload.html"
    form_class = ModelImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            job = services.model_import_start(
                program=self.program, user=self.request.user, filename=upload.name, data=read_upload(upload)
            )
        except (SpreadsheetError, UploadTooLarge) as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect(om_url("import_review", self.program, model_import_id=job.pk))


class ImportReviewView(ProgramAccessMixin, TemplateView):
    """Progress while a worker reads the workbook, then the plan; POST applies it whole, previews again or drops it."""

    capability = Capability.PLAN
    template_name = "operating_model/import_review.html"

    def resolve_objects(self) -> None:
        self.job = get_object_or_404(
            ModelImport.objects.select_related("created_by"), program=self.program, pk=self.kwargs["model_import_id"]
        )

    def get_template_names(self):
        return ["operating_model/partials/_import_status.html" if self.request.htmx else self.template_name]

    def get_context_data(self, **kwargs):
        plan = selectors.model_import_plan(self.job) if self.job.status == JobStatus.READY else None
        return super().get_context_data(job=self.job, plan=plan, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "apply")
        try:
            if action == "drop":
                services.model_import_cancel(job=self.job)
                messages.info(request, "Import dropped; nothing was changed.")
                return redirect(om_url("overview", self.program))
            if action == "preview":
                services.model_import_replan(job=self.job)
            else:
                services.model_import_confirm(job=self.job, planned_against=request.POST.get("planned_against", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)
