"""Thin views: resolve access, call a selector or service, render."""

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView
from django.views.generic.base import ContextMixin

from connectmobilize.lib import hooks
from connectmobilize.lib.access import Capability, ProgramAccessMixin
from connectmobilize.lib.history import history_entries
from connectmobilize.lib.people import person_name
from connectmobilize.lib.records import StaleEdit, first_submission
from connectmobilize.lib.views import (
    ProgramDetailMixin,
    ProgramFormMixin,
    ProgramObjectMixin,
    ServiceFormMixin,
    add_service_errors,
    model_changes,
    safe_next,
)

from . import selectors, services, timeline
from .choices import ProgramPhase
from .filters import MilestoneFilterSet, RiskFilterSet
from .forms import (
    MembershipAccessForm,
    MembershipAddForm,
    MilestoneForm,
    ProgramCreateForm,
    ProgramForm,
    RiskForm,
    RoleForm,
    WorkstreamForm,
)
from .models import Membership, Milestone, Risk, Role, Workstream


def program_url(name: str, program, **kwargs) -> str:
    return reverse(f"programs:{name}", kwargs={"program_slug": program.slug, **kwargs})


# Programs -------------------------------------------------------------------------------------------


class HomeView(LoginRequiredMixin, View):
    """Where signing in leads: a page an app above names for the user (executives: their portfolio), else
    "My work" for leads and Service Introduction, the list of programs otherwise."""

    def get(self, request, *args, **kwargs):
        mine = selectors.memberships_of(request.user)
        elsewhere = hooks.landing(mine)
        if elsewhere:
            return redirect(elsewhere)
        return redirect("programs:my_work" if selectors.lands_on_my_work(mine) else "programs:program_list")


class MyWorkView(LoginRequiredMixin, TemplateView):
    """What the user must do in every program they belong to (each app adds its part: lib/hooks.py)."""

    template_name = "programs/my_work.html"

    def get_context_data(self, **kwargs):
        mine = selectors.memberships_of(self.request.user)
        sections = hooks.my_work(self.request.user, mine)
        return super().get_context_data(
            memberships=mine, sections=sections, total=sum(s.total for s in sections), **kwargs
        )


class ProgramListView(LoginRequiredMixin, ListView):
    template_name = "programs/program_list.html"
    context_object_name = "programs"

    def get_queryset(self):
        return selectors.program_list_for(self.request.user)


class ProgramCreateView(LoginRequiredMixin, ServiceFormMixin, FormView):
    template_name = "programs/program_form.html"
    form_class = ProgramCreateForm
    success_message = "{object.name} is ready, with its six workstreams."

    def create(self, form):
        fields = {name: value for name, value in form.cleaned_data.items() if name != "submission"}
        return services.program_create(creator=self.request.user, **fields)

    def after_save(self, program):
        warn_if_go_live_past(self.request, program)

    def get_success_url(self):
        return self.object.get_absolute_url()


class DashboardView(ProgramAccessMixin, TemplateView):
    template_name = "programs/dashboard.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(
            dashboard=selectors.program_dashboard(self.program),
            panels=hooks.dashboard_panels(self.program, self.membership),  # what the apps above show here
        )
        return render(
            request,
            "programs/partials/_dashboard_summary.html" if request.htmx else self.template_name,
            context,
        )


class SearchView(ProgramAccessMixin, TemplateView):
    """Search the program's records from the navigation bar (?q=); the apps above add theirs (lib/hooks.py).
    Asked by htmx as the user types, it answers with the results only."""

    template_name = "programs/search.html"

    def get_template_names(self):
        return ["programs/partials/_search_results.html" if self.request.htmx else self.template_name]

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        results = hooks.program_search(self.program, query) if query else {}
        return super().get_context_data(
            query=query, results=results, count=sum(len(hits) for hits in results.values()), **kwargs
        )


class ProgramEditView(ProgramAccessMixin, ServiceFormMixin, UpdateView):
    capability = Capability.MANAGE
    template_name = "programs/program_form.html"
    form_class = ProgramForm
    success_message = "Program saved."

    def get_object(self):
        return self.program

    def update(self, form, version):
        return services.program_update(program=self.program, version=version, **model_changes(form))

    def after_save(self, program):
        warn_if_go_live_past(self.request, program)

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_entries(self.program), **kwargs)


def warn_if_go_live_past(request, program) -> None:
    """A target go-live already behind us while the program has not reached Operate is most likely a typo."""
    target = program.target_go_live
    if target and target < timezone.localdate() and program.phase != ProgramPhase.OPERATE:
        messages.warning(
            request,
            f"The target go-live ({target:%d %b %Y}) is in the past while the program is in "
            f"{program.get_phase_display()}: check the date.",
        )


# Members -----------------------------------------------------------------------------------------------


class MemberListView(ProgramAccessMixin, TemplateView):
    template_name = "programs/member_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            members=selectors.membership_list(self.program),
            changes=selectors.membership_changes(self.program),
            add_form=kwargs.pop("add_form", None) or MembershipAddForm(program=self.program),
            access_form=MembershipAccessForm(),
            **kwargs,
        )


class MemberAddView(ProgramAccessMixin, View):
    """Add an existing user, or invite someone new by email (managers only). A double click adds once."""

    capability = Capability.MANAGE

    def post(self, request, *args, **kwargs):
        form = MembershipAddForm(request.POST, program=self.program)
        back = program_url("member_list", self.program)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic(), first_submission(data["submission"], user=request.user) as sent:
                    if sent.earlier is not None:
                        messages.info(request, "That form was already sent: it was saved once, not twice.")
                        return redirect(back)
                    invited = services.membership_invite(
                        program=self.program, email=data["username"], access=data["access"],
                        invited_by=request.user, name=data["name"],
                    ) if isinstance(data["username"], str) else services.membership_add(
                        program=self.program, user=data["username"], access=data["access"]
                    )  # fmt: skip
                    sent.redirect_to = back
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                say_added(request, invited)
                return redirect(back)
        view = MemberListView(request=request, kwargs=kwargs, program=self.program, membership=self.membership)
        return render(request, view.template_name, view.get_context_data(add_form=form), status=400)


def say_added(request, invited: services.Invitation) -> None:
    who, access = person_name(invited.membership.user), invited.membership.get_access_display()
    if not invited.added:
        messages.info(request, f"{who} is already a member ({access}); change their access in the list.")
    elif invited.new_user:
        messages.success(
            request, f"{who} added as {access}. An email with a link to choose a password is on its way to them."
        )
    else:
        messages.success(request, f"{who} added as {access}.")


class MemberAccessView(ProgramObjectMixin, View):
    capability = Capability.MANAGE
    model = Membership

    def post(self, request, *args, membership_id, **kwargs):
        membership = get_object_or_404(self.get_queryset(), pk=membership_id)
        form = MembershipAccessForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("Choose one of the access levels.")
            services.membership_set(program=self.program, user=membership.user, access=form.cleaned_data["access"])
            messages.success(request, f"{person_name(membership.user)}'s access changed.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(program_url("member_list", self.program))


class MemberRemoveView(ProgramObjectMixin, TemplateView):
    """Asks first, naming the open work the member leaves behind (every app's part of "My work"): it stays theirs,
    shown as "not a member", until someone else takes it on."""

    capability = Capability.MANAGE
    model = Membership
    template_name = "programs/member_remove.html"

    def get_context_data(self, **kwargs):
        # "removed", not "membership": the page's context already names the viewer's own membership so.
        removed = get_object_or_404(self.get_queryset().select_related("user", "program"),
                                    pk=self.kwargs["membership_id"])  # fmt: skip
        sections = hooks.my_work(removed.user, [removed])
        items = [item for section in sections for item in section.items]
        total = sum(s.total for s in sections)
        return super().get_context_data(removed=removed, items=items, total=total, more=total - len(items), **kwargs)

    def post(self, request, *args, membership_id, **kwargs):
        membership = get_object_or_404(self.get_queryset(), pk=membership_id)
        try:
            services.membership_remove(membership=membership)
            messages.success(request, f"{person_name(membership.user)} no longer has access to {self.program}.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(program_url("member_list", self.program))


# Workstreams -------------------------------------------------------------------------------------------


class WorkstreamListView(ProgramAccessMixin, TemplateView):
    template_name = "programs/workstream_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            workstreams=selectors.workstream_list(self.program, include_archived=True), **kwargs
        )


class WorkstreamDetailView(ProgramDetailMixin, DetailView):
    model = Workstream
    pk_url_kwarg = "workstream_id"
    template_name = "programs/workstream_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            milestones=selectors.milestone_list(self.program).filter(workstream=self.object),
            risks=selectors.risk_list(self.program).filter(workstream=self.object),
            **kwargs,
        )


class WorkstreamCreateView(ProgramFormMixin, CreateView):
    capability = Capability.MANAGE
    model = Workstream
    form_class = WorkstreamForm
    success_message = "Workstream {object} added."

    def create(self, form):
        return services.workstream_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return program_url("workstream_list", self.program)


class WorkstreamEditView(ProgramFormMixin, UpdateView):
    capability = Capability.MANAGE
    model = Workstream
    form_class = WorkstreamForm
    pk_url_kwarg = "workstream_id"
    success_message = "Workstream {object} saved."

    def update(self, form, version):
        return services.workstream_update(workstream=self.object, version=version, **model_changes(form))

    def get_success_url(self):
        return program_url("workstream_detail", self.program, workstream_id=self.object.pk)


# Roles -------------------------------------------------------------------------------------------------


class RoleListView(ProgramAccessMixin, TemplateView):
    template_name = "programs/role_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(roles=selectors.role_list(self.program), **kwargs)


class RoleDetailView(ProgramDetailMixin, DetailView):
    model = Role
    pk_url_kwarg = "role_id"
    template_name = "programs/role_detail.html"


class RoleCreateView(ProgramFormMixin, CreateView):
    model = Role
    form_class = RoleForm
    success_message = "Role {object} added."

    def create(self, form):
        return services.role_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return program_url("role_list", self.program)


class RoleEditView(ProgramFormMixin, UpdateView):
    model = Role
    form_class = RoleForm
    pk_url_kwarg = "role_id"
    success_message = "Role {object} saved."

    def update(self, form, version):
        return services.role_update(role=self.object, version=version, **model_changes(form))

    def get_success_url(self):
        return program_url("role_detail", self.program, role_id=self.object.pk)


# Milestones --------------------------------------------------------------------------------------------


class MilestoneListView(ProgramAccessMixin, TemplateView):
    template_name = "programs/milestone_list.html"

    def get_context_data(self, **kwargs):
        filterset = MilestoneFilterSet(
            self.request.GET or None, queryset=selectors.milestone_list(self.program), program=self.program
        )
        return super().get_context_data(filter=filterset, milestones=filterset.qs, **kwargs)


class MilestoneTimelineView(ProgramAccessMixin, TemplateView):
    template_name = "programs/milestone_timeline.html"

    def get_context_data(self, **kwargs):
        chart = timeline.build(
            selectors.milestone_list(self.program).exclude(status="cancelled"),
            link=lambda m: program_url("milestone_detail", self.program, milestone_id=m.pk),
        )
        return super().get_context_data(chart=chart, **kwargs)


class MilestoneDetailView(ProgramDetailMixin, DetailView):
    model = Milestone
    pk_url_kwarg = "milestone_id"
    template_name = "programs/milestone_detail.html"

    def get_queryset(self):
        return selectors.milestone_list(self.program)


class MilestoneCreateView(ProgramFormMixin, CreateView):
    model = Milestone
    form_class = MilestoneForm
    success_message = "Milestone {object} added."

    def get_initial(self):
        return {"workstream": self.request.GET.get("workstream")}

    def create(self, form):
        return services.milestone_create(program=self.program, **model_changes(form))

    def after_save(self, milestone):
        warn_if_early(self.request, milestone)


class MilestoneEditView(ProgramFormMixin, UpdateView):
    model = Milestone
    form_class = MilestoneForm
    pk_url_kwarg = "milestone_id"
    success_message = "Milestone {object} saved."

    def update(self, form, version):
        return services.milestone_update(milestone=self.object, version=version, **model_changes(form))

    def after_save(self, milestone):
        warn_if_early(self.request, milestone)


def warn_if_early(request, milestone: Milestone) -> None:
    baseline, forecast = milestone.baseline_date, milestone.forecast_date
    if forecast and forecast < baseline:
        messages.warning(
            request,
            f"The forecast ({forecast:%d %b %Y}) is before the baseline ({baseline:%d %b %Y}): "
            "the milestone is planned to finish early.",
        )


class MilestoneActionView(ProgramObjectMixin, ContextMixin, View):
    """One-click changes in place: the row comes back re-rendered for HTMX, else back to where you were.

    Complete and Slip answer with a toast offering Undo; Undo goes through the same services with the version
    the action left, so an Undo after someone else's change is refused, never a silent overwrite."""

    capability = Capability.PLAN
    model = Milestone

    def act(self, milestone) -> Milestone:
        raise NotImplementedError

    def toast(self, before: Milestone, after: Milestone) -> dict | None:
        """What the toast says and how to undo, after a change made in place (None: no toast)."""
        return None

    @property
    def undoing(self) -> bool:
        return "undo" in self.request.POST

    def post(self, request, *args, milestone_id, **kwargs):
        before = get_object_or_404(selectors.milestone_list(self.program), pk=milestone_id)
        milestone = before
        try:
            milestone = self.act(before)
        except StaleEdit as stale:
            return self.refused(request, before, [f"{stale.current.title} was changed since: nothing was undone."])
        except ValidationError as error:
            return self.refused(request, before, error.messages)
        if not request.htmx:
            return redirect(safe_next(request, milestone.get_absolute_url()))
        compact = "compact" in request.POST
        context = self.get_context_data(milestone=milestone, compact=compact)
        if self.undoing:  # the Undo button of a toast: the toast says so, the row follows where it is shown
            context.update(oob=True, toast={"text": f"Undone: {milestone.title} is back as it was."})
            response = render(request, "programs/partials/_milestone_undone.html", context)
        else:
            response = render(request, "programs/partials/_milestone_row.html", context)
            toast = self.toast(before, milestone)
            if toast:
                vals = {**toast.pop("vals"), "undo": "1", **({"compact": "1"} if compact else {})}
                toast["vals"] = json.dumps(vals)
                response.write(render_to_string("programs/partials/_toast.html", {"toast": toast}, request))
        response["HX-Trigger"] = "milestones-changed"
        return response

    def refused(self, request, milestone, errors):
        if request.htmx:
            template = "programs/partials/_milestone_undone.html" if self.undoing else "components/_error.html"
            return render(request, template, {"errors": errors, "toast": {"text": " ".join(errors)}}, status=409)
        messages.error(request, " ".join(errors))
        return redirect(safe_next(request, milestone.get_absolute_url()))


def _version(request) -> int | None:
    try:
        return int(request.POST["version"]) if "version" in request.POST else None
    except ValueError:
        raise ValidationError("This Undo is damaged; reload the page.") from None


class MilestoneCompleteView(MilestoneActionView):
    def act(self, milestone):
        return services.milestone_complete(milestone=milestone)

    def toast(self, before, after):
        return {
            "text": f"{after.title} completed.",
            "undo": program_url("milestone_reopen", self.program, milestone_id=after.pk),
            "vals": {"version": after.version},
        }


class MilestoneReopenView(MilestoneActionView):
    def act(self, milestone):
        return services.milestone_reopen(milestone=milestone, version=_version(self.request))


class MilestoneSlipView(MilestoneActionView):
    def act(self, milestone):
        try:
            days = int(self.request.POST.get("days", 7))
        except ValueError:
            raise ValidationError("The slip must be a whole number of days.") from None
        return services.milestone_slip(milestone=milestone, days=days)

    def toast(self, before, after):
        return {
            "text": f"{after.title} slipped to {after.forecast_date:%d %b %Y}.",
            "undo": program_url("milestone_unslip", self.program, milestone_id=after.pk),
            "vals": {
                "version": after.version,
                "forecast": before.forecast_date.isoformat() if before.forecast_date else "",
            },
        }


class MilestoneUnslipView(MilestoneActionView):
    """Undo of a slip: the forecast it had before, if nobody changed the milestone since."""

    def act(self, milestone):
        version = _version(self.request)
        if version is None:
            raise ValidationError("Undo needs the version the slip left; reload the page.")
        try:
            forecast = (
                dt.date.fromisoformat(self.request.POST["forecast"]) if self.request.POST.get("forecast") else None
            )
        except ValueError:
            raise ValidationError("This Undo is damaged; reload the page.") from None
        return services.milestone_unslip(milestone=milestone, version=version, forecast_date=forecast)

    @property
    def undoing(self) -> bool:
        return True


# Risks -------------------------------------------------------------------------------------------------


class RiskListView(ProgramAccessMixin, TemplateView):
    template_name = "programs/risk_list.html"

    def get_context_data(self, **kwargs):
        filterset = RiskFilterSet(
            self.request.GET or None, queryset=selectors.risk_list(self.program), program=self.program
        )
        return super().get_context_data(
            filter=filterset,
            risks=filterset.qs,
            heat_map=selectors.risk_heat_map(selectors.open_risks(self.program)),
            **kwargs,
        )


class RiskDetailView(ProgramDetailMixin, DetailView):
    model = Risk
    pk_url_kwarg = "risk_id"
    template_name = "programs/risk_detail.html"

    def get_queryset(self):
        return selectors.risk_list(self.program)


class RiskCreateView(ProgramFormMixin, CreateView):
    model = Risk
    form_class = RiskForm
    success_message = "Risk {object} added."

    def create(self, form):
        return services.risk_create(program=self.program, **model_changes(form))


class RiskEditView(ProgramFormMixin, UpdateView):
    model = Risk
    form_class = RiskForm
    pk_url_kwarg = "risk_id"
    success_message = "Risk {object} saved."

    def update(self, form, version):
        return services.risk_update(risk=self.object, version=version, **model_changes(form))
