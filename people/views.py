"""Thin views for people & change: resolve access, call a selector or a service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from connectmobilize.lib.access import Capability, ProgramAccessMixin
from connectmobilize.lib.history import history_entries
from connectmobilize.lib.views import ServiceFormMixin, model_changes

from . import commitment, selectors, services, sponsorship
from .choices import Channel, GridQuadrant, ImpactArea, StakeholderKind
from .forms import ChangeImpactForm, SponsorAssessmentForm, SponsorNodeForm, StakeholderForm


class OverviewView(ProgramAccessMixin, TemplateView):
    template_name = "people/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(grid=selectors.stakeholder_grid(self.program), **kwargs)


# Stakeholder register, change impact and the sponsor coalition (people-core) ---------------------------------


def people_url(name: str, program, **kwargs) -> str:
    return reverse(f"people:{name}", kwargs={"program_slug": program.slug, **kwargs})


class FormPage(ProgramAccessMixin, ServiceFormMixin):
    """A create or edit page of a people record: the form gets the program."""

    capability = Capability.CHANGE
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
        return self.object.get_absolute_url()


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
