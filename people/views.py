"""Thin views for people & change: resolve access, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from connectmobilize.lib.access import Capability, ProgramAccessMixin
from connectmobilize.lib.history import history_entries
from connectmobilize.lib.views import ServiceFormMixin, model_changes

from . import selectors, services
from .forms import RoadmapItemForm, SponsorActivityForm, WeeklySummaryForm


class OverviewView(ProgramAccessMixin, TemplateView):
    template_name = "people/overview.html"


# Sponsor activity and the executive's pages (branch `executive`) ---------------------------------------------


def sponsor_url(program) -> str:
    return reverse("people:sponsor", kwargs={"program_slug": program.slug})


class SponsorActivityPage(ProgramAccessMixin, TemplateView):
    """The sponsor roadmap, what the executives did, and planned versus done per sponsor and month."""

    template_name = "people/sponsor.html"

    def get_context_data(self, **kwargs):
        items = list(selectors.roadmap_items(self.program))
        activities = list(selectors.sponsor_activities(self.program))
        today = timezone.localdate()
        return super().get_context_data(
            items=items,
            activities=activities,
            months=selectors.sponsor_months(self.program, items, activities),
            tally=selectors.sponsor_tally(items, activities),
            today=today,
            **kwargs,
        )


class SponsorFormPage(ProgramAccessMixin, ServiceFormMixin):
    """A create or edit page of the sponsor roadmap or activity: executives and managers (Capability.SPONSOR)."""

    capability = Capability.SPONSOR
    template_name: str | None = "programs/object_form.html"
    model_name = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        record = getattr(self, "object", None)
        history = history_entries(record) if getattr(record, "pk", None) else None
        kwargs.setdefault("model_name", self.model_name)
        return super().get_context_data(history=history, **kwargs)

    def get_success_url(self):
        return sponsor_url(self.program)


class RoadmapItemMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.item = get_object_or_404(selectors.roadmap_items(self.program), pk=self.kwargs["roadmap_item_id"])


class RoadmapItemDetailView(RoadmapItemMixin, TemplateView):
    template_name = "people/roadmap_item_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            item=self.item, done_by=self.item.activities.select_related("sponsor").first(),
            history=history_entries(self.item), **kwargs,
        )  # fmt: skip


class RoadmapItemCreateView(SponsorFormPage, FormView):
    form_class = RoadmapItemForm
    model_name = "planned sponsor activity"
    success_message = "Planned: {object}."

    def get_initial(self):
        mine = self.membership.access == "executive"
        return {"sponsor": self.request.user.pk if mine else None}

    def create(self, form):
        return services.roadmap_item_create(program=self.program, **model_changes(form))


class RoadmapItemEditView(RoadmapItemMixin, SponsorFormPage, UpdateView):
    form_class = RoadmapItemForm
    model_name = "planned sponsor activity"
    success_message = "Saved: {object}."

    def get_object(self):
        return self.item

    def update(self, form, version):
        return services.roadmap_item_update(item=self.item, version=version, **model_changes(form))


class SponsorActivityMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.activity = get_object_or_404(
            selectors.sponsor_activities(self.program), pk=self.kwargs["sponsor_activity_id"]
        )


class SponsorActivityDetailView(SponsorActivityMixin, TemplateView):
    template_name = "people/sponsor_activity_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(activity=self.activity, history=history_entries(self.activity), **kwargs)


class SponsorActivityCreateView(SponsorFormPage, FormView):
    """Record what a sponsor did; `?planned=<id>` opens it on that roadmap item."""

    form_class = SponsorActivityForm
    model_name = "sponsor activity"
    success_message = "Recorded: {object}."

    def get_initial(self):
        initial = {"done_on": timezone.localdate()}
        if self.membership.access == "executive":
            initial["sponsor"] = self.request.user.pk
        planned_id = self.request.GET.get("planned", "")
        item = selectors.roadmap_items(self.program).filter(pk=planned_id).first() if planned_id.isdigit() else None
        if item is not None:
            initial.update(planned=item.pk, sponsor=item.sponsor_id, kind=item.kind, abc=item.abc, title=item.title)
        return initial

    def create(self, form):
        return services.sponsor_activity_record(program=self.program, user=self.request.user, **model_changes(form))


class SponsorActivityEditView(SponsorActivityMixin, SponsorFormPage, UpdateView):
    form_class = SponsorActivityForm
    model_name = "sponsor activity"
    success_message = "Saved: {object}."

    def get_object(self):
        return self.activity

    def update(self, form, version):
        return services.sponsor_activity_update(activity=self.activity, version=version, **model_changes(form))


class ExecutiveProgramView(ProgramAccessMixin, TemplateView):
    """The executive's page of one program: its portfolio line, the readiness trend of each go-live event,
    the top people risks and the sponsor activity."""

    template_name = "people/executive_program.html"

    def get_context_data(self, **kwargs):
        items = list(selectors.roadmap_items(self.program))
        activities = list(selectors.sponsor_activities(self.program))
        return super().get_context_data(
            line=selectors.portfolio([self.program])[0],
            trends=selectors.event_trends(self.program),
            trend_days=selectors.TREND_DAYS,
            people_risks=selectors.top_people_risks(self.program),
            months=selectors.sponsor_months(self.program, items, activities)[-12:],
            upcoming=[i for i in items if not i.cancelled and not i.is_done][:5],
            today=timezone.localdate(),
            **kwargs,
        )


class PortfolioView(LoginRequiredMixin, TemplateView):
    """Every program the user is a member of, one line each (outsiders see nothing of other programs)."""

    template_name = "people/portfolio.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lines=selectors.portfolio(selectors.portfolio_programs(self.request.user)), **kwargs
        )


class WeeklySummaryView(LoginRequiredMixin, View):
    """The opt-in of the weekly portfolio summary (its checkbox is on the profile page)."""

    def post(self, request, *args, **kwargs):
        form = WeeklySummaryForm(request.POST)
        wanted = form.is_valid() and form.cleaned_data["wanted"]
        services.weekly_summary_set(user=request.user, wanted=wanted)
        if wanted:
            messages.success(request, "You will get the portfolio summary by email every Monday morning.")
        else:
            messages.info(request, "The weekly portfolio summary is off.")
        return redirect(reverse("profile") + "#weekly-summary")
