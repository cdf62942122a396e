"""Thin views for matrices: resolve access and the matrix, call a selector or service, render."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView, UpdateView
from django.views.generic.base import ContextMixin

from connectmobilize.lib import hooks, jobs
from connectmobilize.lib.access import Capability, ProgramAccessMixin
from connectmobilize.lib.history import history_entries
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.records import StaleEdit, first_submission, new_submission_token
from connectmobilize.lib.spreadsheets import XLSX, SpreadsheetError
from connectmobilize.lib.uploads import MAX_UPLOAD_BYTES, UploadTooLarge, read_upload
from connectmobilize.lib.views import ServiceFormMixin, model_changes
from programs.choices import RoleSide
from programs.models import Role

from . import rule_texts, selectors, services
from .forms import (
    ActivityForm,
    ImportReadingForm,
    ImportUploadForm,
    MatrixCreateForm,
    MatrixSettingsForm,
    NewMatrixImportForm,
)
from .letters import allowed_codes, as_written, describe
from .models import Activity, Matrix, MatrixColumn, MatrixExport, MatrixImport


def matrix_url(name: str, matrix: Matrix, **kwargs) -> str:
    return reverse(f"raci:{name}", kwargs={"program_slug": matrix.program.slug, "matrix_id": matrix.pk, **kwargs})


class MatrixMixin(ProgramAccessMixin):
    """Resolves self.matrix inside the program (another program's matrix is a 404)."""

    def resolve_objects(self) -> None:
        self.matrix = get_object_or_404(
            Matrix.objects.select_related("program"), program=self.program, pk=self.kwargs["matrix_id"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(matrix=self.matrix, **kwargs)


class MatrixListView(ProgramAccessMixin, TemplateView):
    template_name = "raci/matrix_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(matrices=selectors.matrix_list(self.program), **kwargs)


class RuleHelpView(ProgramAccessMixin, TemplateView):
    """Every rule of the check: what it checks, why it matters, how to fix it, and when it stays quiet."""

    template_name = "raci/rule_help.html"

    def get_context_data(self, **kwargs):
        words = rule_texts.SEVERITY_WORDS
        rules = [(rule, words[rule.severity]) for rule in rule_texts.RULES]
        return super().get_context_data(rules=rules, **kwargs)


class MatrixCreateView(ProgramAccessMixin, ServiceFormMixin, FormView):
    capability = Capability.PLAN
    template_name = "programs/object_form.html"
    form_class = MatrixCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="matrix", **kwargs)

    success_message = "Matrix {object.name} created."

    def create(self, form):
        data = form.cleaned_data
        return services.matrix_create(
            program=self.program,
            name=data["name"],
            kind=data["kind"],
            starting_from=data["starting_from"],
            workstream=data["workstream"],
            phase=data["phase"],
            description=data["description"],
        )

    def get_success_url(self):
        return matrix_url("matrix_grid", self.object)


class MatrixSettingsView(MatrixMixin, ServiceFormMixin, UpdateView):
    capability = Capability.PLAN
    template_name = "raci/matrix_settings.html"
    form_class = MatrixSettingsForm
    success_message = "Matrix settings saved."

    def get_object(self):
        return self.matrix

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_entries(self.matrix), **kwargs)

    def update(self, form, version):
        return services.matrix_update(matrix=self.matrix, version=version, **model_changes(form))

    def get_success_url(self):
        return matrix_url("matrix_grid", self.matrix)


class MatrixStatusView(MatrixMixin, View):
    """Send the matrix for review or reopen it as a draft (?change=review|draft): its editors."""

    capability = Capability.PLAN
    changes = ("review", "draft")

    def post(self, request, *args, **kwargs):
        change = request.POST.get("change", "")
        if change not in self.changes:
            raise PermissionDenied("Only a program manager approves or supersedes a matrix.")
        if self.matrix.status == services.STATUS_CHANGES[change][0]:  # sent twice (a double click)
            messages.info(request, f"{self.matrix.name} is already {self.matrix.get_status_display().lower()}.")
            return redirect(matrix_url("matrix_grid", self.matrix))
        try:
            version = int(request.POST.get("version", ""))
            matrix = services.matrix_status_change(matrix=self.matrix, version=version, change=change)
            messages.success(request, f"{matrix.name} is now {matrix.get_status_display().lower()}.")
        except ValueError:
            messages.error(request, "Reload the page and try again.")
        except StaleEdit:
            messages.warning(request, "Someone changed the matrix since you opened it: look again, then retry.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(matrix_url("matrix_grid", self.matrix))


class MatrixApproveView(MatrixStatusView):
    """Approve the matrix (refused while its rule check finds errors), or mark it superseded: the approvers."""

    capability = Capability.APPROVE
    changes = ("approve", "supersede")


class MatrixGridView(MatrixMixin, TemplateView):
    """The grid: its first sections' rows; the others load as they are opened or scrolled to (GridSectionView)."""

    template_name = "raci/matrix_grid.html"

    def get_context_data(self, **kwargs):
        page = selectors.grid_page(self.matrix)
        used = {c.role_id for c in page.columns}
        return super().get_context_data(
            page=page,
            codes=allowed_codes(self.matrix.kind),
            other_roles=[r for r in self.program.roles.all() if r.pk not in used],
            sides=RoleSide.choices,
            activity_form=ActivityForm(),
            submission=new_submission_token(),
            **kwargs,
        )


class GridSectionView(MatrixMixin, TemplateView):
    """One section of the grid (?section=<n>, counted from 0), as the page asks for it when it comes into view."""

    template_name = "raci/partials/_section.html"

    def get_context_data(self, **kwargs):
        try:
            index = int(self.request.GET.get("section", "0"))
        except ValueError:
            raise Http404("No such section.") from None
        columns, section = selectors.grid_section(self.matrix, index)
        return super().get_context_data(columns=columns, section=section, index=index, **kwargs)


class MatrixCompareView(MatrixMixin, TemplateView):
    """The matrix then | now, side by side with the changed cells marked. By default "then" is the last approved
    state (or, if the matrix was never approved, when it was created); ?at=<date and time> picks another point;
    ?all=1 shows the unchanged activities too."""

    template_name = "raci/matrix_compare.html"

    def get_context_data(self, **kwargs):
        raw = self.request.GET.get("at", "")
        at = parse_datetime(raw) if raw else None
        default = selectors.compare_default(self.matrix)
        if at is None:
            at = default.at
        elif timezone.is_naive(at):
            at = timezone.make_aware(at)
        comparison = selectors.matrix_compare(self.matrix, at)
        show_all = self.request.GET.get("all") == "1"
        return super().get_context_data(
            comparison=comparison,
            shown_rows=comparison.rows if show_all else comparison.changed_rows,
            show_all=show_all,
            default=default,
            is_default=at == default.at,
            at_value=timezone.localtime(at).strftime("%Y-%m-%dT%H:%M"),
            at_param=raw if raw and parse_datetime(raw) else "",
            bad_date=bool(raw) and parse_datetime(raw) is None,
            **kwargs,
        )


class CellView(MatrixMixin, ContextMixin, View):
    """Set one cell. Answers with the cell, and out-of-band the row status, column status and summary."""

    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        data = request.POST
        status, notice = 200, ""
        try:
            activity_id, role_id = int(data.get("activity", "")), int(data.get("role", ""))
        except ValueError:
            return render(request, "components/_error.html", {"errors": ["Which cell? Reload the page."]}, status=400)
        try:
            services.cell_set(
                matrix=self.matrix,
                activity_id=activity_id,
                role_id=role_id,
                code=data.get("code", ""),
                expected=data.get("expected", ""),
            )
        except services.CellConflict as conflict:
            status = 409
            who = selectors.last_changed_by([(activity_id, role_id)], viewer=request.user)
            notice = (
                f"{who} changed this cell to {describe(conflict.current).lower()} "
                f"({as_written(conflict.current) or 'empty'}) while you were looking; your change was not saved. "
                "Pick again if you still want to change it."
            )
        except ValidationError as error:
            return render(request, "components/_error.html", {"errors": error.messages}, status=400)
        context = {"cell": selectors.cell_checks(self.matrix, activity_id, role_id), "notice": notice}
        response = render(request, "raci/partials/_cell_update.html", {**self.get_context_data(), **context},
                          status=status)  # fmt: skip
        if status == 200 and data.get("code", "") != data.get("expected", ""):
            response["HX-Trigger"] = applied([(activity_id, role_id, data.get("expected", ""), data.get("code", ""))])
        return response


def applied(changes) -> str:
    """The HX-Trigger header telling the grid's script what changed, so Undo can send it back."""
    return json.dumps({"raci-applied": {"changes": [list(c) for c in changes]}})


class CellsView(MatrixMixin, View):
    """Set many cells as one change: a paste from a spreadsheet, several selected cells set or cleared, an undo.

    `changes` is a JSON list of [activity id, role id, text, expected]. All or nothing: invalid letters (422) or
    cells someone else changed (409) refuse the whole change, named; the page gets the cells as they now are."""

    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        try:
            raw = json.loads(request.POST.get("changes", ""))
            cells = [services.CellWrite(int(a), int(r), str(text), str(expected)) for a, r, text, expected in raw]
        except (ValueError, TypeError):
            return self.answer(["Which cells? Reload the page."], status=400)
        try:
            changed = services.cells_set(matrix=self.matrix, cells=cells)
        except services.CellsConflict as conflict:
            names = [
                f"{name} is now {describe(c).lower()} ({as_written(c) or 'empty'})" for _, _, c, name in conflict.cells
            ]
            who = selectors.last_changed_by([(a, r) for a, r, _, _ in conflict.cells], viewer=request.user)
            what = "this cell" if len(conflict.cells) == 1 else "these cells"
            title = f"{who} changed {what} while you were looking; nothing was saved:"
            return self.answer(names, status=409, title=title, cells=[(a, r) for a, r, _, _ in conflict.cells])
        except ValidationError as error:
            title = "Nothing was changed: these cells do not hold a letter of this matrix."
            return self.answer(error.messages, status=422, title=title)
        response = self.answer([], cells=[(a, r) for a, r, _, _ in changed])
        response["HX-Trigger"] = applied(changed)
        return response

    def answer(self, notices, *, status=200, title="", cells=()):
        checks = selectors.cells_checks(self.matrix, list(cells)) if cells else None
        context = {"notices": notices, "notice_title": title, "checks": checks}
        return render(self.request, "raci/partials/_cells_update.html", context, status=status)


class ActivityCreateView(MatrixMixin, View):
    """The add-row form under the grid. Sent twice (a double click), it adds the row once."""

    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        back = matrix_url("matrix_grid", self.matrix) + "#add-activity"
        form = ActivityForm(request.POST)
        if not form.is_valid():
            messages.error(request, "An activity needs a name.")
            return HttpResponseRedirect(back)
        try:
            with transaction.atomic(), first_submission(request.POST.get("submission"), user=request.user) as sent:
                if sent.earlier is not None:
                    return HttpResponseRedirect(sent.earlier or back)
                activity = services.activity_add(matrix=self.matrix, **form.cleaned_data)
                sent.redirect_to = matrix_url("matrix_grid", self.matrix) + f"#row-{activity.pk}"
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(back)
        messages.success(request, f'Activity "{activity.name}" added.')
        return HttpResponseRedirect(sent.redirect_to)


class ActivityObjectMixin(MatrixMixin):
    def get_queryset(self):
        return Activity.objects.filter(matrix=self.matrix)

    @property
    def activity(self) -> Activity:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["activity_id"])


class ActivityEditView(ActivityObjectMixin, ServiceFormMixin, UpdateView):
    capability = Capability.PLAN
    template_name = "programs/object_form.html"
    form_class = ActivityForm
    pk_url_kwarg = "activity_id"
    success_message = "Activity saved."

    def update(self, form, version):
        return services.activity_update(activity=self.object, version=version, **model_changes(form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="activity", **kwargs)

    def get_success_url(self):
        return matrix_url("matrix_grid", self.matrix) + f"#row-{self.object.pk}"


class ActivityDetailView(ActivityObjectMixin, DetailView):
    template_name = "raci/activity_detail.html"
    pk_url_kwarg = "activity_id"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            involve=selectors.who_to_involve(self.object),
            cell_history=selectors.activity_cell_history(self.object),
            history=history_entries(self.object),
            used_in=hooks.used_in("raci.activity", self.object.pk),  # e.g. the operating model's flow steps
            **kwargs,
        )


class ActivityDeleteView(ActivityObjectMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        activity = self.activity
        services.activity_delete(activity=activity)
        messages.success(request, f'Activity "{activity.name}" removed.')
        return redirect(matrix_url("matrix_grid", self.matrix))


class ActivityMoveView(ActivityObjectMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        activity = self.activity
        services.activity_move(activity=activity, by=-1 if request.POST.get("direction") == "up" else 1)
        return HttpResponseRedirect(matrix_url("matrix_grid", self.matrix) + f"#row-{activity.pk}")


class ColumnAddView(MatrixMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        role = get_object_or_404(Role, program=self.program, pk=request.POST.get("role") or 0)
        try:
            services.column_add(matrix=self.matrix, role=role)
            messages.success(request, f"{role.code} added as a column.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(matrix_url("matrix_grid", self.matrix))


class ColumnMixin(MatrixMixin):
    @property
    def column(self) -> MatrixColumn:
        return get_object_or_404(
            MatrixColumn.objects.select_related("role"), matrix=self.matrix, pk=self.kwargs["column_id"]
        )


class ColumnRemoveView(ColumnMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        column = self.column
        removed = services.column_remove(column=column)
        messages.success(request, f"{column.role.code} removed from the matrix, with its {removed} letter(s).")
        return redirect(matrix_url("matrix_grid", self.matrix))


class ColumnMoveView(ColumnMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        services.column_move(column=self.column, by=-1 if request.POST.get("direction") == "left" else 1)
        return redirect(matrix_url("matrix_grid", self.matrix))


class RoleResponsibilitiesView(ProgramAccessMixin, TemplateView):
    """Per role: what am I Accountable or Responsible for, across the program's matrices."""

    template_name = "raci/role_responsibilities.html"

    def get_context_data(self, **kwargs):
        role = get_object_or_404(Role, program=self.program, pk=self.kwargs["role_id"])
        return super().get_context_data(
            role=role, responsibilities=selectors.accountable_or_responsible_for(self.program, role), **kwargs
        )


# Spreadsheets -----------------------------------------------------------------------------------------


class ImportUploadView(ProgramAccessMixin, FormView):
    """Upload a sheet: into an existing matrix (URL has matrix_id) or as a new matrix."""

    capability = Capability.PLAN
    template_name = "raci/import_upload.html"

    def resolve_objects(self) -> None:
        matrix_id = self.kwargs.get("matrix_id")
        self.matrix = get_object_or_404(Matrix, program=self.program, pk=matrix_id) if matrix_id else None

    def get_form_class(self):
        return ImportUploadForm if self.matrix else NewMatrixImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(matrix=self.matrix, max_mb=MAX_UPLOAD_BYTES // 1_048_576, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            job = services.matrix_import_start(
                program=self.program,
                user=self.request.user,
                filename=upload.name,
                data=read_upload(upload),
                matrix=self.matrix,
                new_name=form.cleaned_data.get("name", ""),
                new_kind=form.cleaned_data.get("kind", ""),
            )
        except (SpreadsheetError, UploadTooLarge) as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect("raci:import_detail", program_slug=self.program.slug, import_id=job.pk)


class ImportMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.job = get_object_or_404(
            MatrixImport.objects.select_related("matrix", "created_by").defer("data"),  # the file: the worker's
            program=self.program,
            pk=self.kwargs["import_id"],
        )


class ImportDetailView(ImportMixin, TemplateView):
    """The job: progress while a worker reads the sheet, then the preview and the role mapping."""

    template_name = "raci/import_detail.html"

    def get_template_names(self):
        return ["raci/partials/_import_status.html" if self.request.htmx else self.template_name]

    def get_context_data(self, **kwargs):
        job = self.job
        context = {"job": job}
        if job.status == JobStatus.READY and job.parsed:
            parsed = selectors.parsed_of(job)
            plan = selectors.import_preview(job)
            context.update(
                parsed=parsed,
                plan=plan,
                sheet_grid=selectors.import_grid(parsed, plan),
                columns=list(zip(parsed.roles, job.mapping, strict=True)),
                roles=list(self.program.roles.all()),
                reading_form=_reading_form(job, parsed.layout) if parsed.layout.get("columns") else None,
            )
        return super().get_context_data(**context, **kwargs)


class ImportConfirmView(ImportMixin, View):
    """Apply the preview shown, or (button "Preview with this mapping", or a mapping changed before Apply)
    have the worker plan again: a plan is always seen before it is applied."""

    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        count = len(self.job.parsed["roles"]) if self.job.parsed else 0
        raw = [request.POST.get(f"column-{i}", "") for i in range(count)]
        try:
            mapping = [None if value in ("", "new") else int(value) for value in raw]
            if request.POST.get("action") == "preview" or mapping != self.job.mapping:
                services.matrix_import_replan(job=self.job, mapping=mapping)
                messages.info(request, "Working out what this mapping would change: review it, then apply.")
            else:
                services.matrix_import_confirm(
                    job=self.job, mapping=mapping, planned_against=request.POST.get("planned_against", ""),
                    seen_ignored=int(request.POST.get("seen_ignored") or 0),
                )  # fmt: skip
        except ValueError:
            messages.error(request, "Map every column to a role of this program, or to a new role.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("raci:import_detail", program_slug=self.program.slug, import_id=self.job.pk)


def _reading_form(job: MatrixImport, layout: dict, data=None) -> ImportReadingForm:
    return ImportReadingForm(data, layout=layout, kind_codes=[c for c in allowed_codes(job.kind) if c != "AR"])


class ImportReadingView(ImportMixin, View):
    """The user corrects where the table is; the worker reads the stored file again that way and plans it."""

    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        form = _reading_form(self.job, (self.job.parsed or {}).get("layout") or {}, request.POST)
        try:
            if not form.is_valid():
                raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
            services.matrix_import_reread(job=self.job, reading=form.reading())
            messages.info(request, "Reading the sheet again as you said: review what it finds, then apply.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("raci:import_detail", program_slug=self.program.slug, import_id=self.job.pk)


class ImportCancelView(ImportMixin, View):
    capability = Capability.PLAN

    def post(self, request, *args, **kwargs):
        try:
            services.matrix_import_cancel(job=self.job)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("raci:import_detail", program_slug=self.program.slug, import_id=self.job.pk)
        messages.info(request, "Import dropped; nothing was changed.")
        target = (
            self.job.matrix.get_absolute_url()
            if self.job.matrix_id
            else reverse("raci:matrix_list", kwargs={"program_slug": self.program.slug})
        )
        return redirect(target)


EXPORT_WAIT_SECONDS = 3.0  # a usual matrix is written in well under a second by the worker


class ExportStartView(MatrixMixin, View):
    """Export in one step: when the worker writes the workbook within a few seconds, the answer is the
    download itself (the browser stays on the grid); otherwise the job's page, which downloads it when ready."""

    def post(self, request, *args, **kwargs):
        job = services.matrix_export_start(matrix=self.matrix, user=request.user)
        job = jobs.settled(job, within=EXPORT_WAIT_SECONDS)
        name = "raci:export_download" if job.status == JobStatus.DONE else "raci:export_detail"
        return redirect(name, program_slug=self.program.slug, export_id=job.pk)


class ExportMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.job = get_object_or_404(
            MatrixExport.objects.select_related("matrix").defer("result"),
            matrix__program=self.program,
            pk=self.kwargs["export_id"],
        )


class ExportDetailView(ExportMixin, TemplateView):
    template_name = "raci/export_detail.html"

    def get_template_names(self):
        return ["raci/partials/_export_status.html" if self.request.htmx else self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.job, matrix=self.job.matrix, **kwargs)


class ExportDownloadView(ExportMixin, View):
    def get(self, request, *args, **kwargs):
        job = MatrixExport.objects.get(pk=self.job.pk)
        if job.status != JobStatus.DONE or job.result is None:
            raise Http404("This export is not ready.")
        response = HttpResponse(bytes(job.result), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        return response
