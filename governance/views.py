"""Thin views for governance: resolve access, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from connectmobilize.lib.access import Capability, ProgramAccessMixin, may_update_action
from connectmobilize.lib.history import history_entries
from connectmobilize.lib.records import StaleEdit
from connectmobilize.lib.views import RecordFormPage, model_changes, safe_next

from . import cadence, selectors, services
from .choices import ActionStatus, DecisionStatus
from .forms import (
    ActionCreateForm,
    ActionForm,
    DecisionDecideForm,
    DecisionRaiseForm,
    DecisionRecordForm,
    IssueForm,
    MeetingCreateForm,
    MeetingForm,
    MinuteActionForm,
    MinuteDecisionForm,
    MinuteEditForm,
    MinuteForm,
    MinuteIssueForm,
    ProgramSettingsForm,
    RoutineForm,
)
from .models import Decision, Issue, Meeting, Minute, ProgramSettings, Routine


def governance_url(name: str, program, **kwargs) -> str:
    return reverse(f"governance:{name}", kwargs={"program_slug": program.slug, **kwargs})


# Overview and routines -----------------------------------------------------------------------------------


class OverviewView(ProgramAccessMixin, TemplateView):
    template_name = "governance/overview.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        meetings = selectors.meeting_list(self.program)
        today = timezone.localdate()
        actions = selectors.action_list(self.program).filter(status=ActionStatus.OPEN)
        return super().get_context_data(
            routines=selectors.routine_overview(self.program, now=now),
            upcoming=meetings.filter(starts_at__gte=now - cadence.period("daily")).exclude(status="cancelled")
            .order_by("starts_at")[:8],
            recent=meetings.filter(starts_at__lt=now).order_by("-starts_at")[:8],
            open_decisions=selectors.open_decisions(self.program).count(),
            decision_wait_days=selectors.program_settings_of(self.program).decision_wait_days,
            overdue_actions=actions.filter(due_date__lt=today).count(),
            open_actions=actions.count(),
            open_issues=selectors.issue_list(self.program).filter(status__in=selectors.OPEN_ISSUE).count(),
            calendar_feed_url=selectors.feed_url(selectors.personal_settings_of(self.request.user),
                                                 program=self.program),
            **kwargs,
        )  # fmt: skip


class StartingSetView(ProgramAccessMixin, View):
    capability = Capability.GOVERN

    def post(self, request, *args, **kwargs):
        added = services.routines_add_starting_set(program=self.program)
        if added:
            messages.success(request, f"{len(added)} routines added: {', '.join(r.name for r in added)}.")
        else:
            messages.info(request, "The program already has the starting routines (hypercare waits for a go-live).")
        return redirect(governance_url("overview", self.program))


class ProgramSettingsView(RecordFormPage, UpdateView):
    """The program's governance settings: how long a decision may wait before the digests name it."""

    capability = Capability.GOVERN
    form_class = ProgramSettingsForm
    model_name = "governance settings"
    success_message = "Governance settings saved."

    def get_object(self):
        return selectors.program_settings_of(self.program)

    def get_success_url(self):
        return governance_url("overview", self.program)

    def create(self, form):  # never saved yet: written at its first version
        return self.update(form, ProgramSettings._meta.get_field("version").get_default())

    def update(self, form, version):
        return services.program_settings_update(program=self.program, version=version, **model_changes(form))


class RoutineMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.routine = get_object_or_404(
            Routine.objects.select_related("program", "trigger_owner"), program=self.program,
            pk=self.kwargs["routine_id"],
        )  # fmt: skip


class RoutineDetailView(RoutineMixin, TemplateView):
    template_name = "governance/routine_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            routine=self.routine,
            attendees=self.routine.attendees.all(),
            next_at=cadence.next_occurrences(self.routine.rhythm, after=timezone.now(), count=6),
            meetings=self.routine.meetings.select_related("routine", "program").order_by("-starts_at")[:50],
            history=history_entries(self.routine),
            **kwargs,
        )


class RoutineCreateView(RecordFormPage, FormView):
    capability = Capability.GOVERN
    form_class = RoutineForm
    model_name = "routine"
    success_message = "Routine {object} added."

    def get_initial(self):
        return {"time_zone": timezone.get_current_timezone_name()}

    def create(self, form):
        fields = model_changes(form)
        return services.routine_create(program=self.program, attendees=fields.pop("attendees"), **fields)


class RoutineEditView(RoutineMixin, RecordFormPage, UpdateView):
    capability = Capability.GOVERN
    form_class = RoutineForm
    model_name = "routine"
    success_message = "Routine {object} saved."

    def get_object(self):
        return self.routine

    def update(self, form, version):
        fields = model_changes(form)
        attendees = fields.pop("attendees")
        return services.routine_update(routine=self.routine, version=version, attendees=attendees, **fields)


# Meetings ------------------------------------------------------------------------------------------------


class MeetingCreateView(RoutineMixin, RecordFormPage, FormView):
    capability = Capability.GOVERN
    form_class = MeetingCreateForm
    model_name = "meeting"
    success_message = "{object} is on the calendar."

    def get_initial(self):
        upcoming = cadence.next_occurrences(self.routine.rhythm, after=timezone.now())
        start = timezone.localtime(upcoming[0]) if upcoming else None
        return {"starts_at": start, "duration_minutes": self.routine.duration_minutes}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name=f"meeting of {self.routine.name}", **kwargs)

    def create(self, form):
        data = form.cleaned_data
        write = services.meeting_record if data["held"] else services.meeting_schedule
        return write(routine=self.routine, starts_at=data["starts_at"], duration_minutes=data["duration_minutes"],
                     location=data["location"], user=self.request.user)  # fmt: skip


class MeetingMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("program", "routine__trigger_owner"), program=self.program,
            pk=self.kwargs["meeting_id"],
        )  # fmt: skip

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "governance/meeting_detail.html"

    def get_context_data(self, **kwargs):
        minutes = list(selectors.minute_list(self.meeting))
        return super().get_context_data(
            agenda=selectors.meeting_agenda(self.meeting),
            minutes=minutes,
            minute_form=MinuteForm(),
            action_form=MinuteActionForm(program=self.program),
            issue_form=MinuteIssueForm(program=self.program),
            decision_form=MinuteDecisionForm(),
            people=list(selectors.program_users(self.program)),
            history=history_entries(self.meeting),
            **kwargs,
        )


class MeetingIcsView(MeetingMixin, View):
    """The meeting as an .ics file, to add it to any calendar."""

    capability = Capability.VIEW

    def get(self, request, *args, **kwargs):
        response = HttpResponse(selectors.meeting_ics(self.meeting), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meeting-{self.meeting.pk}.ics"'
        return response


class MeetingEditView(MeetingMixin, RecordFormPage, UpdateView):
    capability = Capability.GOVERN
    form_class = MeetingForm
    model_name = "meeting"
    success_message = "Meeting saved."

    def get_object(self):
        return self.meeting

    def update(self, form, version):
        return services.meeting_update(meeting=self.meeting, version=version, **model_changes(form))


class MeetingActionView(MeetingMixin, View):
    """One click on a meeting (start, cancel): back to the meeting with what happened."""

    capability = Capability.GOVERN
    done = ""

    def act(self):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            self.act()
            messages.success(request, self.done)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.meeting.get_absolute_url())


class MeetingStartView(MeetingActionView):
    done = "The meeting has started: its agenda is frozen as the program looks now."

    def act(self):
        services.meeting_start(meeting=self.meeting)


class MeetingCancelView(MeetingActionView):
    done = "Meeting cancelled."

    def act(self):
        services.meeting_cancel(meeting=self.meeting)


# Minutes -------------------------------------------------------------------------------------------------


class MinutesPage(MeetingMixin, View):
    """Minutes are written in place: with HTMX the minutes come back re-rendered, else the page reloads."""

    capability = Capability.MINUTES

    @property
    def htmx(self) -> bool:
        return bool(getattr(self.request, "htmx", False))

    def respond(self, *, status: int = 200, **extra):
        if not self.htmx:
            return redirect(self.meeting.get_absolute_url() + "#minutes")
        page = MeetingDetailView(request=self.request, kwargs=self.kwargs, program=self.program,
                                 membership=self.membership, meeting=self.meeting)  # fmt: skip
        context = page.get_context_data(**extra)
        return render(self.request, "governance/partials/_minutes.html", context, status=status)

    def failed(self, error: ValidationError):
        if not self.htmx:
            messages.error(self.request, " ".join(error.messages))
        return self.respond(errors=error.messages)  # htmx swaps only 2xx answers: the errors show in place


class MinuteAddView(MinutesPage):
    def post(self, request, *args, **kwargs):
        form = MinuteForm(request.POST)
        if not form.is_valid():
            return self.failed(ValidationError("Write the minute first."))
        try:
            services.minute_add(meeting=self.meeting, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            return self.failed(error)
        self.meeting.refresh_from_db()
        return self.respond()


class MinuteConvertView(MinutesPage):
    form_class: type = MinuteActionForm

    def resolve_objects(self) -> None:
        super().resolve_objects()
        self.minute = get_object_or_404(Minute.objects.select_related("meeting__program", "meeting__routine"),
                                        meeting=self.meeting, pk=self.kwargs["minute_id"])  # fmt: skip

    def convert(self, data):
        raise NotImplementedError

    def form(self):
        return self.form_class(self.request.POST, program=self.program)

    def post(self, request, *args, **kwargs):
        form = self.form()
        if not form.is_valid():
            errors = [f"{form.fields[f].label or f}: {' '.join(e)}" if f in form.fields else " ".join(e)
                      for f, e in form.errors.items()]  # fmt: skip
            return self.failed(ValidationError(errors))
        try:
            created = self.convert(form.cleaned_data)
        except ValidationError as error:
            return self.failed(error)
        if not self.htmx:
            messages.success(request, f"Recorded: {created}.")
        return self.respond()


class MinuteActionView(MinuteConvertView):
    def convert(self, data):
        return services.minute_to_action(minute=self.minute, user=self.request.user, **data)


class MinuteIssueView(MinuteConvertView):
    form_class = MinuteIssueForm

    def convert(self, data):
        return services.minute_to_issue(minute=self.minute, user=self.request.user, **data)


class MinuteDecisionView(MinuteConvertView):
    capability = Capability.DECIDE
    form_class = MinuteDecisionForm

    def form(self):
        return self.form_class(self.request.POST)

    def convert(self, data):
        return services.minute_to_decision(minute=self.minute, membership=self.membership, **data)


class MinuteEditView(MeetingMixin, RecordFormPage, UpdateView):
    capability = Capability.MINUTES
    model_name = "minute"
    form_class = MinuteEditForm
    success_message = "Minute saved."

    def get_object(self):
        return get_object_or_404(Minute, meeting=self.meeting, pk=self.kwargs["minute_id"])

    def update(self, form, version):
        return services.minute_update(minute=self.object, version=version, **model_changes(form))

    def get_success_url(self):
        return self.meeting.get_absolute_url() + "#minutes"


# Decisions -----------------------------------------------------------------------------------------------


class DecisionLogView(ProgramAccessMixin, TemplateView):
    template_name = "governance/decision_log.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        return super().get_context_data(
            entries=selectors.decision_log(self.program, status=status), status=status, **kwargs
        )


class DecisionMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.decision = get_object_or_404(selectors.decision_list(self.program), pk=self.kwargs["log_decision_id"])


class DecisionDetailView(DecisionMixin, TemplateView):
    template_name = "governance/decision_detail.html"

    def get_context_data(self, **kwargs):
        decision = self.decision
        return super().get_context_data(
            decision=decision,
            superseded_by=Decision.objects.filter(supersedes=decision).first(),
            workstreams=decision.workstreams.all(),
            risks=decision.risks.all(),
            milestones=decision.milestones.all(),
            actions=decision.actions.select_related("owner"),
            decide_form=DecisionDecideForm(initial={"version": decision.version}),
            history=history_entries(decision),
            **kwargs,
        )


class DecisionRaiseView(RecordFormPage, FormView):
    capability = Capability.MINUTES
    form_class = DecisionRaiseForm
    model_name = "decision to take"
    success_message = "{object} raised: it waits in the decision log and on the agendas."

    def create(self, form):
        return services.decision_raise(program=self.program, user=self.request.user, **model_changes(form))


class DecisionRecordView(RecordFormPage, FormView):
    """A decision taken; with ?supersedes=<id>, the new decision reverses or replaces that one."""

    capability = Capability.DECIDE
    form_class = DecisionRecordForm
    model_name = "decision"
    success_message = "{object} recorded."

    def resolve_objects(self) -> None:
        wanted = self.request.POST.get("supersedes") or self.request.GET.get("supersedes")
        self.supersedes = None
        if wanted:
            self.supersedes = get_object_or_404(selectors.decision_list(self.program), pk=wanted)

    def get_initial(self):
        if self.supersedes is None:
            return {}
        old = self.supersedes
        return {"title": old.title, "context": f"Supersedes {old.ref}: {old.decision}",
                "workstreams": list(old.workstreams.all())}  # fmt: skip

    def get_context_data(self, **kwargs):
        name = f"decision superseding {self.supersedes}" if self.supersedes else "decision"
        return super().get_context_data(model_name=name, supersedes=self.supersedes, **kwargs)

    def create(self, form):
        return services.decision_record(program=self.program, membership=self.membership,
                                        supersedes=self.supersedes, **model_changes(form))  # fmt: skip


class DecisionEditView(DecisionMixin, RecordFormPage, UpdateView):
    capability = Capability.MINUTES
    form_class = DecisionRaiseForm
    model_name = "decision to take"
    success_message = "{object} saved."

    def get_object(self):
        if self.decision.status != DecisionStatus.PENDING:
            raise PermissionDenied("This decision is recorded: it cannot change. Record one that supersedes it.")
        return self.decision

    def update(self, form, version):
        return services.decision_update(decision=self.decision, version=version, **model_changes(form))


class DecisionDecideView(DecisionMixin, View):
    capability = Capability.DECIDE

    def post(self, request, *args, **kwargs):
        form = DecisionDecideForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("Say what was decided and by whom.")
            data = form.cleaned_data
            services.decision_decide(decision=self.decision, version=data["version"], membership=self.membership,
                                     decision_text=data["decision"], decided_by=data["decided_by"],
                                     decided_on=data["decided_on"])  # fmt: skip
            messages.success(request, f"{self.decision.ref} recorded. It can no longer change.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except StaleEdit:
            messages.error(request, "Someone changed this decision since you opened it: read it again, then decide.")
        return redirect(self.decision.get_absolute_url())


# Actions -------------------------------------------------------------------------------------------------


class ActionListView(ProgramAccessMixin, TemplateView):
    template_name = "governance/action_list.html"

    def get_context_data(self, **kwargs):
        show = self.request.GET.get("show", "open")
        actions = selectors.action_list(self.program)
        if show == "open":
            actions = actions.filter(status=ActionStatus.OPEN)
        elif show == "overdue":
            actions = actions.filter(status=ActionStatus.OPEN, due_date__lt=timezone.localdate())
        return super().get_context_data(actions=actions.order_by("status", "due_date", "pk"), show=show, **kwargs)


class ActionMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.action = get_object_or_404(selectors.action_list(self.program), pk=self.kwargs["action_id"])


class ActionDetailView(ActionMixin, TemplateView):
    template_name = "governance/action_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action=self.action, may_update=may_update_action(self.membership, self.action),
            history=history_entries(self.action), **kwargs,
        )  # fmt: skip


class ActionCreateView(RecordFormPage, FormView):
    capability = Capability.MINUTES
    form_class = ActionCreateForm
    model_name = "action"
    success_message = "Action added for {object.owner_name}."

    def create(self, form):
        return services.action_create(program=self.program, user=self.request.user, **model_changes(form))


class DecisionActionCreateView(DecisionMixin, ActionCreateView):
    """An action that carries a decision out, raised from the decision's page (and listed there)."""

    success_message = "Action added for {object.owner_name}: it carries out the decision."

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name=f"action for {self.decision}", **kwargs)

    def create(self, form):
        return services.action_create(program=self.program, user=self.request.user, decision=self.decision,
                                      **model_changes(form))  # fmt: skip


class ActionEditView(ActionMixin, RecordFormPage, UpdateView):
    capability = Capability.MINUTES
    form_class = ActionForm
    model_name = "action"
    success_message = "Action saved."

    def get_object(self):
        return self.action

    def update(self, form, version):
        return services.action_update(action=self.action, version=version, membership=self.membership,
                                      **model_changes(form))  # fmt: skip


class ActionStatusView(ActionMixin, View):
    """One click: done or open again, by its owner (whatever their access) or who records minutes."""

    capability = Capability.VIEW

    def post(self, request, *args, **kwargs):
        status = request.POST.get("status")
        if status not in (ActionStatus.DONE, ActionStatus.OPEN, ActionStatus.CANCELLED):
            messages.error(request, "Choose done, open or cancelled.")
        else:
            services.action_set_status(action=self.action, membership=self.membership, status=status)
            messages.success(request, f"“{self.action.title}” is {ActionStatus(status).label.lower()}.")
        return redirect(safe_next(request, self.action.get_absolute_url()))


class MyActionsView(LoginRequiredMixin, TemplateView):
    """The signed-in user's actions across every program they belong to."""

    template_name = "governance/my_actions.html"

    def get_context_data(self, **kwargs):
        include_closed = self.request.GET.get("show") == "all"
        return super().get_context_data(
            actions=selectors.my_actions(self.request.user, include_closed=include_closed),
            show_all=include_closed, today=timezone.localdate(), **kwargs,
        )  # fmt: skip


# Issues --------------------------------------------------------------------------------------------------


class IssueListView(ProgramAccessMixin, TemplateView):
    template_name = "governance/issue_list.html"

    def get_context_data(self, **kwargs):
        show_all = self.request.GET.get("show") == "all"
        issues = selectors.issue_list(self.program)
        if not show_all:
            issues = issues.filter(status__in=selectors.OPEN_ISSUE)
        return super().get_context_data(issues=issues, show_all=show_all, **kwargs)


class IssueMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.issue = get_object_or_404(selectors.issue_list(self.program), pk=self.kwargs["issue_id"])


class IssueDetailView(IssueMixin, TemplateView):
    template_name = "governance/issue_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(issue=self.issue, history=history_entries(self.issue), **kwargs)


class IssueCreateView(RecordFormPage, FormView):
    capability = Capability.MINUTES
    form_class = IssueForm
    model_name = "issue"
    success_message = "Issue {object} opened."

    def create(self, form):
        return services.issue_create(program=self.program, **model_changes(form))


class IssueEditView(IssueMixin, RecordFormPage, UpdateView):
    capability = Capability.MINUTES
    form_class = IssueForm
    model_name = "issue"
    success_message = "Issue {object} saved."

    def get_object(self):
        return self.issue

    def update(self, form, version):
        return services.issue_update(issue=self.issue, version=version, **model_changes(form))


class RiskIssueView(IssueCreateView):
    """The issue of a realised risk: the existing one, or a new one started from the risk."""

    template_name = "governance/risk_issue.html"

    def resolve_objects(self) -> None:
        self.risk = get_object_or_404(selectors.program_risks(self.program), pk=self.kwargs["risk_id"])
        self.existing = Issue.objects.filter(risk=self.risk).first()

    def dispatch_existing(self):
        return redirect(self.existing.get_absolute_url()) if self.existing else None

    def get(self, request, *args, **kwargs):
        return self.dispatch_existing() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.dispatch_existing() or super().post(request, *args, **kwargs)

    def get_initial(self):
        return services.issue_from_risk_defaults(self.risk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(risk=self.risk, model_name=f"issue from {self.risk}", **kwargs)

    def create(self, form):
        return services.issue_create(program=self.program, risk=self.risk, **model_changes(form))


# A user's own settings and calendar -------------------------------------------------------------------------


class CalendarFeedView(View):
    """The private iCalendar feed: no sign-in (calendar apps cannot), the address is the key. It gives only its
    owner's items, in the programs they are still in, and stops when they turn it off or make a new address."""

    def get(self, request, *args, token, **kwargs):
        owner = selectors.feed_owner(token)
        body = selectors.calendar_feed(owner, program_slug=request.GET.get("program", "")) if owner else None
        if body is None:
            raise Http404
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response


class PersonalSettingView(LoginRequiredMixin, View):
    """One click on the profile page's governance panel; back there with what happened."""

    done = ""

    def act(self, request) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            self.act(request)
            messages.success(request, self.done)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(reverse("profile") + "#governance")


class DigestSetView(PersonalSettingView):
    def act(self, request) -> None:
        on = request.POST.get("daily_digest") == "on"
        services.digest_set(user=request.user, on=on)
        self.done = "The daily digest is on: it comes each morning." if on else "The daily digest is off."


class CalendarRenewView(PersonalSettingView):
    done = "Your calendar feed has a new address: any earlier one no longer works."

    def act(self, request) -> None:
        services.calendar_feed_renew(user=request.user)


class CalendarOffView(PersonalSettingView):
    done = "Your calendar feed is off: its address no longer works."

    def act(self, request) -> None:
        services.calendar_feed_off(user=request.user)
