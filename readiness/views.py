"""Thin views for go-live readiness."""

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from connectmobilize.lib.access import Capability, ProgramAccessMixin, may_sign_off, may_update_evidence
from connectmobilize.lib.history import history_entries
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.records import StaleEdit
from connectmobilize.lib.spreadsheets import XLSX, SpreadsheetError
from connectmobilize.lib.uploads import UploadTooLarge, attachment_name, read_upload
from connectmobilize.lib.views import ServiceFormMixin, add_service_errors, model_changes, normalise_text

from . import selectors, services
from .choices import Attendance
from .criteria import computed_criterion, is_computed
from .evidence_pack import write_evidence_pack
from .forms import (
    AttendanceUploadForm,
    ChangeRequestForm,
    ChangeWindowForm,
    ConditionCloseForm,
    CourseForm,
    DecisionForm,
    EventCreateForm,
    EventForm,
    EvidenceForm,
    ItemForm,
    PolicyForm,
    SessionForm,
    SignOffForm,
)
from .models import (
    AttendanceImport,
    ChangeRequest,
    ChecklistItem,
    EvidenceFile,
    GoLiveEvent,
    GoNoGoDecision,
    TrainingSession,
)
from .training import completion_by_audience


def event_url(event, name="event_detail", **kwargs) -> str:
    return reverse(f"readiness:{name}", kwargs={"program_slug": event.program.slug, "event_id": event.pk, **kwargs})


class EventListView(ProgramAccessMixin, TemplateView):
    template_name = "readiness/event_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(events=selectors.event_list_scored(self.program), **kwargs)


class EventCreateView(ProgramAccessMixin, ServiceFormMixin, FormView):
    capability = Capability.SIGN_OFF
    template_name = "programs/object_form.html"
    form_class = EventCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="go-live event", **kwargs)

    def create(self, form):
        data = form.cleaned_data
        return services.event_create(
            program=self.program, name=data["name"], kind=data["kind"], starts_at=data["starts_at"],
            ends_at=data["ends_at"], with_template=data["with_template"], workstreams=data["workstreams"],
        )  # fmt: skip

    def after_save(self, event):
        messages.info(self.request, f"{event.name} has {event.items.count()} checklist items.")
        warn_if_past(self.request, event)

    def get_success_url(self):
        return self.object.get_absolute_url()

    success_message = "{object.name} planned."


def warn_if_past(request, event: GoLiveEvent) -> None:
    """Saved as asked, but a window already over is most likely a typo in the year or the month: say so."""
    if event.ends_at and event.ends_at < timezone.now():
        local = timezone.localtime(event.ends_at)
        messages.warning(
            request,
            f"The go-live window of {event.name} ended on {local:%d %b %Y %H:%M}, in the past: "
            "check the dates if this event is still to come.",
        )


class EventMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.event = get_object_or_404(
            GoLiveEvent.objects.select_related("program"), program=self.program, pk=self.kwargs["event_id"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


class EventDetailView(EventMixin, TemplateView):
    template_name = "readiness/event_detail.html"

    def get_context_data(self, **kwargs):
        readiness = selectors.event_readiness(self.event)
        return super().get_context_data(
            readiness=readiness,
            may_edit_evidence={s.item.pk for s in readiness.items if may_update_evidence(self.membership, s.item)},
            **kwargs,
        )


class EventFormMixin(EventMixin, ServiceFormMixin):
    """SI edits something of the event: the form gets the program (the service recomputes the score)."""

    capability = Capability.SIGN_OFF
    template_name: str | None = "programs/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}


class EventEditView(EventFormMixin, UpdateView):
    form_class = EventForm
    success_message = "Event saved."

    def get_object(self):
        return self.event

    def update(self, form, version):
        return services.event_update(event=self.event, version=version, **model_changes(form))

    def after_save(self, event):
        warn_if_past(self.request, event)

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="go-live event", history=history_entries(self.event), **kwargs)

    def get_success_url(self):
        return self.event.get_absolute_url()


class ItemMixin(EventMixin):
    def resolve_objects(self) -> None:
        super().resolve_objects()
        self.item = get_object_or_404(ChecklistItem, event=self.event, pk=self.kwargs["item_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class ItemCreateView(EventFormMixin, CreateView):
    form_class = ItemForm
    success_message = "{object.ref} added to the checklist."

    def create(self, form):
        return services.item_create(event=self.event, **model_changes(form))

    def get_initial(self):
        return {"ref": selectors.next_item_ref(self.event), "due_date": self.event.starts_at.date()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="checklist item", **kwargs)

    def get_success_url(self):
        return event_url(self.event) + f"#item-{self.object.pk}"


class ItemEditView(ItemMixin, EventFormMixin, UpdateView):
    template_name = "readiness/item_form.html"
    form_class = ItemForm
    success_message = "{object.ref} saved."

    def get_object(self):
        return self.item

    def update(self, form, version):
        return services.item_update(item=self.item, version=version, **model_changes(form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_entries(self.item), **kwargs)

    def get_success_url(self):
        return event_url(self.event) + f"#item-{self.item.pk}"


class ItemEvidencePage(ItemMixin, FormView):
    """The page of one item's evidence and sign-offs, readable by every member. Its one form holds the
    evidence and the sign-off comment, so "Sign off" sends the evidence the signer sees: signing is refused,
    never silently wrong, when that is not the saved evidence."""

    capability = Capability.VIEW  # reading; saving evidence and signing are decided per item (lib/access.py)
    template_name = "readiness/item_evidence.html"
    form_class = EvidenceForm

    def get_initial(self):
        item = self.item
        return {
            "status": item.status, "evidence_note": item.evidence_note, "evidence_link": item.evidence_link,
            "version": item.version, "fingerprint": item.evidence_fingerprint,
        }  # fmt: skip

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not may_update_evidence(self.membership, self.item):
            form.make_read_only()
        if is_computed(self.item):  # its status follows the operating model: not set by hand
            form.fields["status"].disabled = True
            form.fields["status"].help_text = "Computed from the operating model's sign-offs."
        return form

    def get_context_data(self, **kwargs):
        computed = computed_criterion(self.item) if is_computed(self.item) else None
        state = selectors.ItemState(self.item, selectors.latest_sign_off(self.item), computed)
        return super().get_context_data(
            state=state,
            sign_offs=self.item.sign_offs.select_related("signed_by"),
            sign_off_form=SignOffForm(self.request.POST or None),
            may_edit=may_update_evidence(self.membership, self.item),
            may_sign=may_sign_off(self.membership, self.item) and computed is None,
            **kwargs,
        )

    def refuse(self, form, message: str, *, status: int = 409, keep_input: bool = True):
        """Show the page again, set against the item as it is now: with the user's typed evidence kept
        (`keep_input`), or with the evidence as it now stands."""
        self.item = ChecklistItem.objects.get(pk=self.item.pk)
        again = self.get_form_class()(self._data_on_top(form) if keep_input else None, initial=self.get_initial())
        return self.render_to_response(self.get_context_data(form=again, refusal=message), status=status)

    def _data_on_top(self, form):
        data = form.data.copy()
        data["version"], data["fingerprint"] = self.item.version, self.item.evidence_fingerprint
        return data

    def typed(self, data) -> bool:
        """Whether the form holds evidence other than the saved one (typed and not saved, or a file chosen)."""
        item = self.item
        return (
            normalise_text(data["evidence_note"]) != item.evidence_note
            or data["evidence_link"] != item.evidence_link
            or data.get("evidence_file") is not None
        )


class ItemEvidenceView(ItemEvidencePage):
    """Save the evidence and status: SI, managers, and leads for the items they own."""

    def post(self, request, *args, **kwargs):
        if not may_update_evidence(self.membership, self.item):
            raise PermissionDenied("Leads may change the evidence of the items they own only.")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            item = services.item_update_evidence(
                item=self.item, membership=self.membership, version=data["version"],
                note=normalise_text(data["evidence_note"]), link=data["evidence_link"], status=data["status"],
                upload=data["evidence_file"],
            )  # fmt: skip
        except StaleEdit as stale:
            self.item = cast(ChecklistItem, stale.current)
            if not self.typed(data) and data["status"] == self.item.status:  # the same form sent twice
                return redirect(event_url(self.event, "item_evidence", item_id=self.item.pk))
            return self.refuse(form, stale_evidence_message(self.item))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        signed = selectors.latest_sign_off(item)
        if signed and signed.evidence_fingerprint != item.evidence_fingerprint:
            messages.warning(
                self.request, f"The evidence changed after {item.ref} was signed off: it needs signing again."
            )
        else:
            messages.success(self.request, f"Evidence of {item.ref} saved.")
        return redirect(event_url(self.event, "item_evidence", item_id=item.pk))


def stale_evidence_message(item: ChecklistItem, *, signing: bool = False) -> str:
    """Someone else saved the item's evidence after the page was opened: what it says now, and what to do."""
    outcome, then = (
        ("nothing was signed", "Read it and sign again.") if signing
        else ("your changes were not saved", "Your text is kept below: save again to put it on top "
                                               "(choose any file again).")
    )  # fmt: skip
    return (
        f"{item.ref} was changed by someone else while you were editing it; {outcome}. "
        f"It now reads: status {item.get_status_display().lower()}, evidence "
        f"“{item.evidence_note or '—'}” {item.evidence_link}. {then}"
    )


class SignOffView(ItemEvidencePage):
    """POST only. The named approver signs; where none is named, an SI member or a manager (the service
    decides). Signs the saved evidence the signer saw; anything else is refused and nothing is lost."""

    http_method_names = ["post"]

    def form_valid(self, form):
        data, item = form.cleaned_data, self.item
        if data["fingerprint"] != item.evidence_fingerprint:  # someone saved other evidence since the page opened
            return self.refuse(form, stale_evidence_message(item, signing=True), keep_input=False)
        if self.typed(data):
            return self.refuse(
                form,
                "You changed the evidence but did not save it, so nothing was signed. Save the evidence first "
                "(your text is kept below; choose any file again), then sign off.",
                status=400,
            )
        comment = SignOffForm(self.request.POST)
        comment.is_valid()
        try:
            services.sign_off(
                item=item, membership=self.membership, fingerprint=data["fingerprint"],
                comment=comment.cleaned_data.get("comment", ""),
            )  # fmt: skip
        except ValidationError as error:
            return self.refuse(form, " ".join(error.messages))
        messages.success(self.request, f"{item.ref} signed off.")
        return redirect(event_url(self.event, "item_evidence", item_id=item.pk))


class PolicyEditView(ProgramAccessMixin, ServiceFormMixin, UpdateView):
    capability = Capability.MANAGE
    template_name = "programs/object_form.html"
    form_class = PolicyForm
    success_message = "Go/no-go thresholds saved."

    def get_object(self):
        return selectors.policy_for(self.program)

    def create(self, form):  # the defaults were never saved: the first save makes the program's own
        return services.policy_save(program=self.program, version=None, **model_changes(form))

    def update(self, form, version):
        return services.policy_save(program=self.program, version=version, **model_changes(form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="go/no-go thresholds", **kwargs)

    def get_success_url(self):
        return reverse("readiness:event_list", args=[self.program.slug])


class CalendarView(ProgramAccessMixin, TemplateView):
    """Freezes, blackouts and maintenance windows beside the program's go-live events, clashes marked."""

    template_name = "readiness/calendar.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            windows=selectors.calendar_windows(self.program), events=selectors.event_list(self.program), **kwargs
        )


class ChangeWindowCreateView(ProgramAccessMixin, ServiceFormMixin, FormView):
    capability = Capability.SIGN_OFF
    template_name = "programs/object_form.html"
    form_class = ChangeWindowForm
    success_message = "{object.name} added to the change calendar."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="change window", **kwargs)

    def create(self, form):
        return services.change_window_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return reverse("readiness:calendar", args=[self.program.slug])


class ChangeRequestView(EventMixin, ServiceFormMixin, UpdateView):
    """The event's cutover change request and CAB's decision."""

    capability = Capability.SIGN_OFF
    template_name = "programs/object_form.html"
    form_class = ChangeRequestForm
    success_message = "Change request saved."

    def get_object(self):
        return ChangeRequest.objects.filter(event=self.event).first() or ChangeRequest(event=self.event)

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="cutover change request", **kwargs)

    def create(self, form):
        return services.change_request_save(event=self.event, version=None, **model_changes(form))

    def update(self, form, version):
        return services.change_request_save(event=self.event, version=version, **model_changes(form))

    def get_success_url(self):
        return self.event.get_absolute_url()


class DecisionCreateView(EventMixin, ServiceFormMixin, FormView):
    capability = Capability.SIGN_OFF
    template_name = "readiness/decision_form.html"
    form_class = DecisionForm
    success_message = "Decision recorded: {object.get_outcome_display}."

    def resolve_objects(self) -> None:
        super().resolve_objects()
        self.readiness = selectors.event_readiness(self.event)  # once: the page and the default outcome

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_initial(self):
        return {"outcome": self.readiness.result.outcome.value}

    def get_context_data(self, **kwargs):
        return super().get_context_data(readiness=self.readiness, **kwargs)

    def create(self, form):
        data = form.cleaned_data
        return services.decision_record(
            event=self.event, membership=self.membership, outcome=data["outcome"],
            rationale=normalise_text(data["rationale"]), voters=data["voters"],
            conditions=data["conditions"].splitlines(),
        )  # fmt: skip

    def get_success_url(self):
        return self.object.get_absolute_url()


class DecisionMixin(EventMixin):
    def resolve_objects(self) -> None:
        super().resolve_objects()
        self.decision = get_object_or_404(
            GoNoGoDecision.objects.select_related("snapshot", "decided_by"),
            event=self.event,
            pk=self.kwargs["decision_id"],
        )


class DecisionDetailView(DecisionMixin, TemplateView):
    template_name = "readiness/decision_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            decision=self.decision,
            voters=self.decision.voters.all(),
            conditions=self.decision.conditions.select_related("owner", "closed_by"),
            close_form=ConditionCloseForm(),
            **kwargs,
        )


class ConditionCloseView(DecisionMixin, FormView):
    """POST only: close one condition (its owner, SI or a manager; the service decides)."""

    form_class = ConditionCloseForm
    http_method_names = ["post"]

    def form_valid(self, form):
        condition = get_object_or_404(self.decision.conditions, pk=self.kwargs["condition_id"])
        try:
            services.condition_close(condition=condition, membership=self.membership, note=form.cleaned_data["note"])
            messages.success(self.request, "Condition closed.")
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        return redirect(self.decision)


# Training -----------------------------------------------------------------------------------------------


class TrainingView(ProgramAccessMixin, TemplateView):
    template_name = "readiness/training.html"

    def get_context_data(self, **kwargs):
        policy = selectors.policy_for(self.program)
        return super().get_context_data(
            completion=completion_by_audience(self.program, policy.training_target),
            target=policy.training_target,
            sessions=selectors.training_sessions(self.program),
            courses=self.program.courses.all(),
            **kwargs,
        )


class CourseCreateView(ProgramAccessMixin, ServiceFormMixin, FormView):
    capability = Capability.TRAINING
    template_name = "programs/object_form.html"
    form_class: type[forms.BaseForm] = CourseForm
    model_name = "course"
    success_message = "{object} added."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name=self.model_name, **kwargs)

    def create(self, form):
        return services.course_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return reverse("readiness:training", args=[self.program.slug])


class SessionCreateView(CourseCreateView):
    form_class = SessionForm
    model_name = "training session"

    def create(self, form):
        return services.session_create(program=self.program, **model_changes(form))


class AttendanceUploadView(ProgramAccessMixin, FormView):
    capability = Capability.TRAINING
    template_name = "readiness/attendance_upload.html"
    form_class = AttendanceUploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            job = services.attendance_import_start(
                program=self.program,
                user=self.request.user,
                filename=upload.name,
                data=read_upload(upload),
            )
        except (SpreadsheetError, UploadTooLarge) as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect("readiness:attendance_review", program_slug=self.program.slug, attendance_id=job.pk)


class AttendanceReviewView(ProgramAccessMixin, TemplateView):
    """Progress while a worker reads the file, then the plan; POST applies it whole, previews again or drops it."""

    capability = Capability.TRAINING
    template_name = "readiness/attendance_review.html"

    def resolve_objects(self) -> None:
        self.job = get_object_or_404(AttendanceImport, program=self.program, pk=self.kwargs["attendance_id"])

    def get_template_names(self):
        return ["readiness/attendance_status.html" if self.request.htmx else self.template_name]

    def get_context_data(self, **kwargs):
        plan = selectors.attendance_plan(self.job) if self.job.status == JobStatus.READY else None
        return super().get_context_data(job=self.job, plan=plan, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "apply")
        try:
            if action == "drop":
                services.attendance_import_cancel(job=self.job)
                messages.info(request, "Attendance import dropped; nothing was changed.")
                return redirect("readiness:training", program_slug=self.program.slug)
            if action == "preview":
                services.attendance_import_replan(job=self.job)
            else:
                services.attendance_import_confirm(job=self.job, planned_against=request.POST.get("planned_against"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)


class EvidencePackView(EventMixin, TemplateView):
    """The CAB evidence pack: a printable page, or ?format=xlsx for the workbook."""

    template_name = "readiness/evidence_pack.html"

    def get(self, request, *args, **kwargs):
        readiness = selectors.event_readiness(self.event)
        decisions = self.event.decisions.select_related("decided_by", "snapshot").prefetch_related("conditions")
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(write_evidence_pack(readiness, decisions), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{slugify(self.event.name)}-evidence-pack.xlsx"'
            return response
        return self.render_to_response(self.get_context_data(readiness=readiness, decisions=decisions))


class EvidenceFileView(ItemMixin, View):
    """Download the item's evidence file, or (?sha256=) the one a sign-off recorded. Always as an attachment."""

    def get(self, request, *args, **kwargs):
        item = self.item
        wanted = request.GET.get("sha256") or item.evidence_file_sha256
        names = {item.evidence_file_sha256: item.evidence_file_name} if item.evidence_file_sha256 else {}
        names.update(
            item.sign_offs.exclude(evidence_file_sha256="").values_list("evidence_file_sha256", "evidence_file_name")
        )
        if wanted not in names:
            raise Http404("This item has no such evidence file.")
        stored = get_object_or_404(EvidenceFile, sha256=wanted)
        response = HttpResponse(bytes(stored.data), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{attachment_name(names[wanted])}"'
        return response


class SessionMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.session = get_object_or_404(
            TrainingSession.objects.select_related("course"), course__program=self.program, pk=self.kwargs["session_id"]
        )


class SessionDetailView(SessionMixin, TemplateView):
    template_name = "readiness/session_detail.html"

    def get_context_data(self, **kwargs):
        session = self.session
        enrolments = list(session.enrolments.select_related("trainee").order_by("trainee__name"))
        enrolled = {e.trainee_id for e in enrolments}
        candidates = selectors.session_candidates(session, enrolled=enrolled)
        return super().get_context_data(
            session=session, enrolments=enrolments, candidates=candidates,
            free=max(0, session.capacity - len(enrolled)), attendance_choices=Attendance.choices, **kwargs,
        )  # fmt: skip


class SessionEnrolView(SessionMixin, View):
    capability = Capability.TRAINING

    def post(self, request, *args, **kwargs):
        ids = [int(pk) for pk in request.POST.getlist("trainee") if pk.isdigit()]
        try:
            count = services.session_enrol(
                session=self.session, trainees=list(self.program.trainees.filter(pk__in=ids))
            )
            messages.success(request, f"{count} enrolled.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("readiness:session_detail", program_slug=self.program.slug, session_id=self.session.pk)


class SessionAttendanceView(SessionMixin, View):
    capability = Capability.TRAINING

    def post(self, request, *args, **kwargs):
        marks = {
            int(key.removeprefix("attendance-")): value
            for key, value in request.POST.items()
            if key.startswith("attendance-") and key.removeprefix("attendance-").isdigit()
        }
        try:
            count = services.session_mark_attendance(session=self.session, marks=marks)
            messages.success(request, f"Attendance saved ({count} changed).")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("readiness:session_detail", program_slug=self.program.slug, session_id=self.session.pk)
