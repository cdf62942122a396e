"""Forms parse the input's shape; the services hold the rules."""

from django import forms

from programs.forms import ProgramRecordForm
from programs.selectors import program_users

from .models import EscalationStep, RoleAssignment, ServiceCatalogItem, SeverityLevel


class OperatingModelForm(ProgramRecordForm):
    """Choices of roles and people come from the program only (the services refuse others anyway)."""

    ROLE_FIELDS: tuple[str, ...] = ()

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        for name in self.ROLE_FIELDS:
            if name in self.fields:
                self.fields[name].queryset = program.roles.all()


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
        self.fields["person"].queryset = program_users(program)
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
