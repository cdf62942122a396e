"""Thin views for people & change: resolve access, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, UpdateView

from connectmobilize.lib.access import Capability, ProgramAccessMixin
from connectmobilize.lib.history import history_entries
from connectmobilize.lib.views import RecordFormPage, add_service_errors, model_changes

from . import commitment, selectors, services, sponsorship, survey
from .choices import Channel, CommStatus, GridQuadrant, ImpactArea, StakeholderKind
from .forms import (
    AdkarForm,
    AlignmentForm,
    ChangeImpactForm,
    CommunicationForm,
    GenerateCommsForm,
    RoadmapItemForm,
    SponsorActivityForm,
    SponsorAssessmentForm,
    SponsorNodeForm,
    StakeholderForm,
    SurveyAnswerForm,
    SurveyRoundForm,
    WeeklySummaryForm,
)


class OverviewView(ProgramAccessMixin, TemplateView):
    template_name = "people/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(grid=selectors.stakeholder_grid(self.program), **kwargs)


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


class SponsorFormPage(RecordFormPage):
    """A create or edit page of the sponsor roadmap or activity: executives and managers (Capability.SPONSOR)."""

    capability = Capability.SPONSOR

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
    the top people risks, the sponsor activity and the stakeholder grid."""

    template_name = "people/executive_program.html"

    def get_context_data(self, **kwargs):
        items = list(selectors.roadmap_items(self.program))
        activities = list(selectors.sponsor_activities(self.program))
        return super().get_context_data(
            line=selectors.portfolio([self.program])[0],
            trends=selectors.event_trends(self.program),
            trend_days=selectors.TREND_DAYS,
            people_risks=selectors.top_people_risks(self.program),
            grid=selectors.stakeholder_grid(self.program),
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


# Assessments, surveys and the communications plan -----------------------------------------------------------


def people_url(name: str, program, **kwargs) -> str:
    return reverse(f"people:{name}", kwargs={"program_slug": program.slug, **kwargs})


class FormPage(RecordFormPage):
    """A create or edit page of a people record (stakeholders, impact, coalition, assessments, comms): managers
    and leads (Capability.CHANGE)."""

    capability = Capability.CHANGE


# ADKAR


class AdkarOverviewView(ProgramAccessMixin, TemplateView):
    template_name = "people/adkar.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(overview=selectors.adkar_overview(self.program), **kwargs)


class AdkarGroupView(ProgramAccessMixin, TemplateView):
    template_name = "people/adkar_group.html"

    def resolve_objects(self) -> None:
        self.group = get_object_or_404(selectors.impacted_groups(self.program), pk=self.kwargs["group_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=selectors.adkar_group(self.group), **kwargs)


class AdkarCreateView(FormPage, FormView):
    form_class = AdkarForm
    model_name = "ADKAR round"
    success_message = "{object} recorded."

    def get_initial(self):
        group = self.request.GET.get("group", "")
        return {"group": group} if group.isdigit() else {}

    def create(self, form):
        return services.adkar_record(program=self.program, **model_changes(form))


class AdkarEditView(FormPage, UpdateView):
    form_class = AdkarForm
    model_name = "ADKAR round"
    success_message = "{object} saved."

    def resolve_objects(self) -> None:
        self.assessment = get_object_or_404(selectors.adkar_assessments(self.program), pk=self.kwargs["assessment_id"])

    def get_object(self):
        return self.assessment

    def update(self, form, version):
        return services.adkar_update(assessment=self.assessment, version=version, **model_changes(form))


# Leadership alignment


class AlignmentListView(ProgramAccessMixin, TemplateView):
    template_name = "people/alignment_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=selectors.alignment_overview(self.program), **kwargs)


class AlignmentCreateView(FormPage, FormView):
    form_class = AlignmentForm
    model_name = "leadership alignment interview"
    success_message = "{object} recorded."

    def create(self, form):
        return services.alignment_record(program=self.program, **model_changes(form))


class AlignmentEditView(FormPage, UpdateView):
    form_class = AlignmentForm
    model_name = "leadership alignment interview"
    success_message = "{object} saved."

    def resolve_objects(self) -> None:
        self.rating = get_object_or_404(selectors.alignment_ratings(self.program), pk=self.kwargs["alignment_id"])

    def get_object(self):
        return self.rating

    def update(self, form, version):
        return services.alignment_update(rating=self.rating, version=version, **model_changes(form))


# The readiness survey


class SurveyListView(ProgramAccessMixin, TemplateView):
    template_name = "people/survey_list.html"

    def get_context_data(self, **kwargs):
        rounds = list(selectors.survey_rounds(self.program))
        for round_ in rounds:
            round_.state = services.survey_state(round_)
        return super().get_context_data(
            rounds=rounds, trend=selectors.survey_trend(self.program), minimum=survey.MIN_RESPONSES, **kwargs
        )


class SurveyMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.survey_round = get_object_or_404(selectors.survey_rounds(self.program), pk=self.kwargs["survey_id"])


class SurveyDetailView(SurveyMixin, TemplateView):
    template_name = "people/survey_detail.html"

    def get_context_data(self, **kwargs):
        link = self.request.build_absolute_uri(reverse("survey:respond", args=[self.survey_round.token]))
        return super().get_context_data(
            survey_round=self.survey_round, state=services.survey_state(self.survey_round),
            results=selectors.survey_results(self.survey_round), link=link, minimum=survey.MIN_RESPONSES,
            categories=survey.CATEGORIES, history=history_entries(self.survey_round), **kwargs,
        )  # fmt: skip


class SurveyCreateView(FormPage, FormView):
    form_class = SurveyRoundForm
    model_name = "readiness survey round"
    success_message = "Survey {object} opened: share its link."

    def create(self, form):
        return services.survey_open(program=self.program, user=self.request.user, **model_changes(form))


class SurveyEditView(SurveyMixin, FormPage, UpdateView):
    form_class = SurveyRoundForm
    model_name = "readiness survey round"
    success_message = "Survey {object} saved."

    def get_object(self):
        return self.survey_round

    def update(self, form, version):
        return services.survey_update(survey_round=self.survey_round, version=version, **model_changes(form))


# The communications plan


class CommsListView(ProgramAccessMixin, TemplateView):
    template_name = "people/comms_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        status = status if status in CommStatus.values else ""
        event = self.request.GET.get("event", "")
        event_id = int(event) if event.isdigit() else None
        items = selectors.comms_plan(self.program, status=status, event_id=event_id)
        summary = selectors.comms_summary_by_program([self.program.pk]).get(self.program.pk)
        return super().get_context_data(
            items=items, status=status, event_id=event_id, statuses=CommStatus.choices, summary=summary,
            events=list(selectors.comms_events(self.program)), **kwargs,
        )  # fmt: skip


class CommsCreateView(FormPage, FormView):
    form_class = CommunicationForm
    model_name = "communication"
    success_message = "Communication planned."

    def get_success_url(self):
        return people_url("comms_list", self.program)

    def create(self, form):
        return services.comm_create(program=self.program, **model_changes(form))


class CommsEditView(FormPage, UpdateView):
    form_class = CommunicationForm
    model_name = "communication"
    success_message = "Communication saved."

    def resolve_objects(self) -> None:
        self.comm = get_object_or_404(selectors.comms_items(self.program), pk=self.kwargs["comm_id"])

    def get_object(self):
        return self.comm

    def get_success_url(self):
        return people_url("comms_list", self.program)

    def update(self, form, version):
        return services.comm_update(comm=self.comm, version=version, **model_changes(form))


class CommsGenerateView(ProgramAccessMixin, FormView):
    """Generate, on request, the comms of a go-live event (T-14, T-2, T+1 and the RACI's C and I roles)."""

    capability = Capability.CHANGE
    template_name = "programs/object_form.html"
    form_class = GenerateCommsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name="communications from a go-live and the RACI", **kwargs)

    def form_valid(self, form):
        event = form.cleaned_data["event"]
        try:
            made = services.comms_generate(program=self.program, event=event)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if made:
            messages.success(self.request, f"{len(made)} communications added for {event}.")
        else:
            messages.info(self.request, f"The plan already has every generated communication of {event}.")
        return HttpResponseRedirect(people_url("comms_list", self.program) + f"?event={event.pk}")


# The anonymous survey link: no sign-in; it shows the survey's title and questions, nothing else ------------

MAX_BODY = 16 * 1024  # fourteen answers, three slices and a 1,000-character comment fit many times over
RATE_LIMIT, RATE_WINDOW = 300, 3600  # sends per address per survey per hour (a contact floor shares one address)


@method_decorator(never_cache, name="dispatch")
class SurveyRespondView(View):
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        self.survey_round = selectors.survey_by_token(kwargs["token"])
        if self.survey_round is None:
            raise Http404
        response = super().dispatch(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"  # the link is the key: never sent on to another site
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def page(self, template: str, *, status: int = 200, **context):
        return render(self.request, f"people/{template}", {"survey_round": self.survey_round, **context},
                      status=status)  # fmt: skip

    def closed(self, state: str):
        if state == "not_open":
            return self.page("survey_closed.html", status=403, state=state)
        return self.page("survey_closed.html", status=410, state=state)

    def form_page(self, form, *, status: int = 200, errors=None):
        """The answer sheet with a fresh one-time nonce (also after an error: the refused sheet counted nothing)."""
        return self.page("survey_respond.html", status=status, form=form, questions=survey.QUESTIONS,
                         scale=survey.SCALE, errors=errors or {}, nonce=services.survey_nonce(self.survey_round),
                         chosen=form.data if form.is_bound else {})  # fmt: skip

    def get(self, request, *args, **kwargs):
        state = services.survey_state(self.survey_round)
        if state != "open":
            return self.closed(state)
        return self.form_page(SurveyAnswerForm(groups=self.survey_round.groups.all()))

    def post(self, request, *args, **kwargs):
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
            return self.page("survey_closed.html", status=413, state="too_large")
        state = services.survey_state(self.survey_round)
        if state != "open":
            return self.closed(state)
        key = f"people:survey-rate:{self.survey_round.pk}:{request.META.get('REMOTE_ADDR', '')}"
        cache.add(key, 0, RATE_WINDOW)
        if cache.incr(key) > RATE_LIMIT:
            return self.page("survey_closed.html", status=429, state="busy")
        form = SurveyAnswerForm(request.POST, groups=self.survey_round.groups.all())
        if not form.is_valid():
            return self.form_page(form, status=400, errors=form.errors)
        fields = {"nonce", "group", "tenure", "level", "comment", "csrfmiddlewaretoken"}
        answers = {k: v for k, v in request.POST.items() if k not in fields}
        try:
            services.survey_respond(
                survey_round=self.survey_round, nonce=form.cleaned_data["nonce"], answers=answers,
                group_id=form.cleaned_data["group"], tenure=form.cleaned_data["tenure"],
                level=form.cleaned_data["level"], comment=form.cleaned_data["comment"],
            )  # fmt: skip
        except services.SurveyClosed as closed:
            return self.closed(closed.reason)
        except services.AlreadySent:
            return self.page("survey_thanks.html", status=409, replay=True)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            return self.form_page(form, status=400, errors=errors)
        return self.page("survey_thanks.html")


# Stakeholder register, change impact and the sponsor coalition (people-core) ---------------------------------


class StakeholderListView(ProgramAccessMixin, TemplateView):
    template_name = "people/stakeholder_list.html"

    def get_context_data(self, **kwargs):
        filters = selectors.StakeholderFilters.from_query(self.request.GET)
        return super().get_context_data(
            stakeholders=selectors.stakeholder_filtered(self.program, filters),
            filters=filters,
            quadrants=GridQuadrant.choices,
            kinds=StakeholderKind.choices,
            quadrant_label=GridQuadrant(filters.quadrant).label if filters.quadrant else "",
            risk_gap=commitment.RISK_GAP,
            **kwargs,
        )


class StakeholderMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.stakeholder = get_object_or_404(
            selectors.stakeholder_list(self.program, include_archived=True), pk=self.kwargs["stakeholder_id"]
        )


class StakeholderDetailView(StakeholderMixin, TemplateView):
    template_name = "people/stakeholder_detail.html"

    def get_context_data(self, **kwargs):
        s = self.stakeholder
        return super().get_context_data(
            stakeholder=s,
            quadrant=GridQuadrant(s.quadrant),
            cadence=commitment.CADENCE[GridQuadrant(s.quadrant)],
            raises_risk=s.gap > commitment.RISK_GAP,
            channels=[Channel(c).label for c in s.channels or [] if c in Channel.values],
            risks=selectors.stakeholder_risks(s),
            impacts=selectors.impacts_of(s) if s.kind == StakeholderKind.GROUP else [],
            leaders=selectors.leaders_of(s) if s.kind == StakeholderKind.GROUP else [],
            history=history_entries(s),
            **kwargs,
        )


class StakeholderCreateView(FormPage, FormView):
    form_class = StakeholderForm
    model_name = "stakeholder"
    success_message = "Stakeholder {object} added."

    def create(self, form):
        return services.stakeholder_create(program=self.program, **model_changes(form))


class StakeholderEditView(StakeholderMixin, FormPage, UpdateView):
    form_class = StakeholderForm
    model_name = "stakeholder"
    success_message = "Stakeholder {object} saved."

    def get_object(self):
        return self.stakeholder

    def update(self, form, version):
        return services.stakeholder_update(stakeholder=self.stakeholder, version=version, **model_changes(form))


class StakeholderArchiveView(StakeholderMixin, View):
    capability = Capability.CHANGE

    def post(self, request, *args, **kwargs):
        archived = request.POST.get("archived", "1") == "1"
        services.stakeholder_archive(stakeholder=self.stakeholder, archived=archived)
        word = "archived" if archived else "restored"
        messages.success(request, f"{self.stakeholder.name} {word}.")
        return redirect(self.stakeholder.get_absolute_url())


# Change impact ------------------------------------------------------------------------------------------------


class ImpactMapView(ProgramAccessMixin, TemplateView):
    template_name = "people/impact_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(heat=selectors.impact_map(self.program), **kwargs)


class ImpactEditView(FormPage, UpdateView):
    """One cell of the heat map: in place under the map (HTMX), or as a page of its own with its history.
    The first save of a cell creates its record (once, even if sent twice); later ones edit it."""

    form_class = ChangeImpactForm
    template_name = "people/impact_form.html"
    success_message = "Impact saved."

    def resolve_objects(self) -> None:
        self.group = get_object_or_404(selectors.impacted_groups(self.program), pk=self.kwargs["stakeholder_id"])
        if self.kwargs["area"] not in ImpactArea.values:
            raise Http404
        self.area = ImpactArea(self.kwargs["area"])

    def get_object(self, queryset=None):
        return selectors.impact_for(self.group, self.area)

    def get_template_names(self):
        if self.request.htmx and self.request.method == "GET":
            return ["people/partials/_impact_editor.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, area=self.area, model_name="impact", **kwargs)

    def create(self, form):
        return services.impact_create(group=self.group, area=self.area, **model_changes(form))

    def update(self, form, version):
        return services.impact_update(impact=self.object, version=version, **model_changes(form))

    def get_success_url(self):
        return people_url("impact_map", self.program) + f"#impact-{self.group.pk}-{self.area.value}"


# The sponsor coalition ----------------------------------------------------------------------------------------


class CoalitionView(ProgramAccessMixin, TemplateView):
    template_name = "people/coalition.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            coalition=selectors.coalition(self.program), select_at=sponsorship.SELECT_AT, **kwargs
        )


class SponsorMixin(ProgramAccessMixin):
    def resolve_objects(self) -> None:
        self.node = get_object_or_404(selectors.sponsor_nodes(self.program), pk=self.kwargs["node_id"])


class SponsorDetailView(SponsorMixin, TemplateView):
    template_name = "people/sponsor_detail.html"

    def get_context_data(self, **kwargs):
        assessments = list(selectors.sponsor_assessments(self.node))
        return super().get_context_data(
            node=self.node,
            assessments=assessments,
            criteria=sponsorship.CRITERIA,
            select_at=sponsorship.SELECT_AT,
            history=history_entries(self.node),
            **kwargs,
        )


class SponsorCreateView(FormPage, FormView):
    form_class = SponsorNodeForm
    model_name = "person on the sponsor diagram"
    success_message = "{object} added to the sponsor diagram."

    def get_initial(self):
        initial = super().get_initial()
        parent = self.request.GET.get("parent")
        if parent and parent.isdigit():
            initial["parent"] = int(parent)
        return initial

    def create(self, form):
        return services.sponsor_node_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return people_url("coalition", self.program)


class SponsorEditView(SponsorMixin, FormPage, UpdateView):
    form_class = SponsorNodeForm
    model_name = "sponsor"
    success_message = "{object} saved."

    def get_object(self, queryset=None):
        return self.node

    def update(self, form, version):
        return services.sponsor_node_update(node=self.node, version=version, **model_changes(form))


class SponsorRemoveView(SponsorMixin, View):
    capability = Capability.CHANGE

    def post(self, request, *args, **kwargs):
        try:
            services.sponsor_node_remove(node=self.node)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.node.get_absolute_url())
        messages.success(request, f"{self.node} removed from the sponsor diagram.")
        return redirect(people_url("coalition", self.program))


class SponsorAssessView(SponsorMixin, FormPage, FormView):
    """The sponsor worksheet: a new assessment each time (executives and managers)."""

    capability = Capability.SPONSOR
    form_class = SponsorAssessmentForm
    success_message = "Assessment recorded: {object}."

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name=f"sponsor worksheet for {self.node}", **kwargs)

    def create(self, form):
        fields = model_changes(form)
        return services.sponsor_assess(node=self.node, membership=self.membership, **fields)

    def after_save(self, record) -> None:
        if record.risk_id:
            messages.warning(
                self.request,
                f"{record.total}/100 is below {sponsorship.SELECT_AT}: linked to risk {record.risk.code} "
                "(lack of active, visible sponsorship).",
            )

    def get_success_url(self):
        return self.node.get_absolute_url()
