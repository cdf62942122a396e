"""Thin views of the operating model: resolve access and the record, call a selector or service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from connectmobilize.lib.access import Capability, ProgramAccessMixin
from connectmobilize.lib.history import history_entries
from connectmobilize.lib.views import ServiceFormMixin, model_changes

from . import selectors, services
from .choices import PhaseScope
from .forms import CatalogueItemForm, RoleAssignmentForm
from .models import RoleAssignment, ServiceCatalogItem


def om_url(name: str, program, **kwargs) -> str:
    return reverse(f"operating_model:{name}", kwargs={"program_slug": program.slug, **kwargs})


class RecordMixin(ProgramAccessMixin):
    """A record of this program named by the URL (another program's id is a 404)."""

    model: type
    pk_url_kwarg: str

    def get_queryset(self):
        return self.model.objects.filter(program=self.program)


class RecordFormMixin(RecordMixin, ServiceFormMixin):
    capability = Capability.PLAN
    template_name: str | None = "programs/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name=self.model._meta.verbose_name, **kwargs)


class RecordDetailMixin(RecordMixin):
    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_entries(self.object), **kwargs)


class OverviewView(ProgramAccessMixin, TemplateView):
    template_name = "operating_model/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            composition=selectors.composition(self.program), catalogue=selectors.catalogue(self.program), **kwargs
        )


# Team composition ---------------------------------------------------------------------------------------


class CompositionView(ProgramAccessMixin, TemplateView):
    template_name = "operating_model/composition.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            composition=selectors.composition(self.program), phases=PhaseScope.choices, **kwargs
        )


class AssignmentDetailView(RecordDetailMixin, DetailView):
    model = RoleAssignment
    pk_url_kwarg = "assignment_id"
    template_name = "operating_model/assignment_detail.html"

    def get_queryset(self):
        return selectors.role_assignment_list(self.program)


class AssignmentCreateView(RecordFormMixin, CreateView):
    model = RoleAssignment
    form_class = RoleAssignmentForm
    success_message = "{object} added."

    def get_initial(self):
        return {key: self.request.GET[key] for key in ("role", "phase") if key in self.request.GET}

    def create(self, form):
        return services.role_assignment_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return om_url("composition", self.program)


class AssignmentEditView(RecordFormMixin, UpdateView):
    model = RoleAssignment
    form_class = RoleAssignmentForm
    pk_url_kwarg = "assignment_id"
    success_message = "{object} saved."

    def update(self, form, version):
        return services.role_assignment_update(assignment=self.object, version=version, **model_changes(form))

    def get_success_url(self):
        return om_url("composition", self.program)


class AssignmentRemoveView(RecordMixin, View):
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


class CatalogueItemDetailView(RecordDetailMixin, DetailView):
    model = ServiceCatalogItem
    pk_url_kwarg = "service_id"
    template_name = "operating_model/catalogue_item.html"

    def get_queryset(self):
        return selectors.catalogue_list(self.program, include_retired=True)


class CatalogueItemCreateView(RecordFormMixin, CreateView):
    model = ServiceCatalogItem
    form_class = CatalogueItemForm
    success_message = "{object} added to the catalogue."

    def create(self, form):
        return services.catalogue_item_create(program=self.program, **model_changes(form))

    def get_success_url(self):
        return om_url("catalogue_item", self.program, service_id=self.object.pk)


class CatalogueItemEditView(RecordFormMixin, UpdateView):
    model = ServiceCatalogItem
    form_class = CatalogueItemForm
    pk_url_kwarg = "service_id"
    success_message = "{object} saved."

    def update(self, form, version):
        return services.catalogue_item_update(item=self.object, version=version, **model_changes(form))

    def get_success_url(self):
        return om_url("catalogue_item", self.program, service_id=self.object.pk)


class CatalogueItemRetireView(RecordMixin, View):
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
