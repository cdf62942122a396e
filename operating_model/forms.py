"""Forms parse the input's shape; the services hold the rules."""

from django import forms

from programs.forms import CrispyMixin, ProgramRecordForm
from programs.selectors import program_users
from raci.selectors import activities_to_link

from .models import EscalationStep, ProcessFlow, ProcessStep, RoleAssignment, ServiceCatalogItem, SeverityLevel
from .starting_flows import STARTING_FLOWS


class OperatingModelForm(ProgramRecordForm):
    """Choices of roles and people come from the program only (the services refuse others anyway)."""

    ROLE_FIELDS: tuple[str, ...] = ()

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        for name in self.ROLE_FIELDS:
            if name in self.fields:
                self.offer(name, program.roles.all())


class RoleAssignmentForm(OperatingModelForm):
    ROLE_FIELDS = ("role",)

    class Meta:
        model = RoleAssignment
        fields = [
            "role", "phase", "person", "outsider_name", "organisation", "allocation_pct", "is_single_threaded_owner",
        ]  # fmt: skip
        error_messages = {
            "allocation_pct": {
                "min_value": "Allocation is a share of their time: between 1 and 100 percent.",
                "max_value": "Allocation is a share of their time: between 1 and 100 percent.",
            }
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("person", program_users(program))
        self.fields["person"].label = "Member"


class CatalogueItemForm(OperatingModelForm):
    ROLE_FIELDS = ("owner_role", "requester_role", "fulfiller_role", "approver_role")

    class Meta:
        model = ServiceCatalogItem
        fields = [
            "code", "name", "category", "change_type", "owner_role", "requester_role", "fulfiller_role",
            "approver_role", "sla_target", "sla_clock", "notes",
        ]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class SeverityForm(OperatingModelForm):
    class Meta:
        model = SeverityLevel
        fields = [
            "level", "name", "definition", "clock", "response_target", "update_interval", "restore_target",
            "vendor_severity",
        ]  # fmt: skip
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}


class EscalationStepForm(OperatingModelForm):
    ROLE_FIELDS = ("role",)

    class Meta:
        model = EscalationStep
        fields = ["level", "role", "after_minutes", "note"]


class FlowForm(OperatingModelForm):
    class Meta:
        model = ProcessFlow
        fields = ["name", "description", "service", "clock"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("service", program.service_catalogue.filter(retired_at=None))


class FlowCreateForm(FlowForm):
    submit_label = "Create flow"
    starting_from = forms.ChoiceField(
        required=False,
        label="Start from",
        choices=[("", "An empty flow")] + [(key, f"{f.name}: {f.description}") for key, f in STARTING_FLOWS.items()],
        widget=forms.RadioSelect,
    )


class LaneAddForm(forms.Form):
    role: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, empty_label="Add a lane for…")

    def __init__(self, *args, flow, **kwargs):
        super().__init__(*args, **kwargs)
        used = flow.lanes.values_list("role_id", flat=True)
        self.fields["role"].queryset = flow.program.roles.exclude(pk__in=used)


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.matrix.name} › {obj.name}"


class StepForm(CrispyMixin, forms.ModelForm):
    """A step of one flow: its lane and the steps it leads to come from that flow, its RASCI activity from the
    program's matrices."""

    activity = ActivityChoiceField(queryset=None, required=False, label="RASCI activity",
                                   help_text=ProcessStep._meta.get_field("activity").help_text)  # fmt: skip

    class Meta:
        model = ProcessStep
        fields = ["lane", "kind", "name", "when", "sla_target", "activity", "next_steps", "position"]
        widgets = {"next_steps": forms.CheckboxSelectMultiple}

    def __init__(self, *args, flow, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.flow = flow
        lanes = flow.lanes.select_related("role")
        self.offer("lane", lanes)
        self.fields["lane"].label_from_instance = lambda lane: f"{lane.role.code} – {lane.role.name}"
        self.offer("activity", activities_to_link(flow.program))
        steps = list(flow.steps.all())
        numbers = {step.pk: number for number, step in enumerate(steps, 1)}
        others = flow.steps.exclude(pk=self.instance.pk) if self.instance.pk else flow.steps.all()
        self.offer("next_steps", others)
        self.fields["next_steps"].required = False
        self.fields["next_steps"].label = "Leads to"
        self.fields["next_steps"].label_from_instance = lambda step: f"{numbers.get(step.pk, '?')}. {step.name}"
        self.fields["position"].required = False
        if not self.instance.pk:
            self.initial.setdefault("position", (steps[-1].position + 1) if steps else 1)


class ModelImportForm(forms.Form):
    file = forms.FileField(
        label="Workbook (.xlsx)",
        help_text="Sheets Catalogue, Severities and Escalation, laid out as the export writes them or your own way: "
        "columns in any order, by their names; Composition and Flows sheets are not imported.",
    )
