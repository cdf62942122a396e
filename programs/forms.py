from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from connectmobilize.lib.access import Access

from . import schedule
from .choices import MilestoneStatus
from .filters import program_users
from .models import Milestone, Program, Risk, Role, Workstream

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CrispyMixin:
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class ProgramForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Program
        fields = ["name", "description", "sponsor", "target_go_live", "phase", "risk_appetite"]
        widgets = {"target_go_live": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class ProgramCreateForm(ProgramForm):
    submit_label = "Create program"
    with_roles = forms.BooleanField(
        required=False, initial=True, label="Start with the ten standard contact-center roles (EXS, PGL, CCO…)"
    )
    with_risks = forms.BooleanField(
        required=False, initial=True, label="Start with the eight people & change risks of a contact-center migration"
    )


class MembershipAddForm(CrispyMixin, forms.Form):
    submit_label = "Add member"
    username = forms.CharField(help_text="The user name or email address of an existing user.")
    access = forms.ChoiceField(choices=Access.choices, initial=Access.VIEWER)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        users = get_user_model().objects.filter(is_active=True)
        user = users.filter(username__iexact=name).first() or users.filter(email__iexact=name).first()
        if user is None:
            raise forms.ValidationError(f'No active user is called "{name}". Ask an administrator to create them.')
        if self.program.memberships.filter(user=user).exists():
            raise forms.ValidationError(f"{user.username} is already a member; change their access in the list.")
        return user


class MembershipAccessForm(forms.Form):
    access = forms.ChoiceField(choices=Access.choices)


class ProgramRecordForm(CrispyMixin, forms.ModelForm):
    """A form for a record of one program: its choices come from that program only."""

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program
        self.program = program
        for name, field in self.fields.items():
            if name in ("owner", "lead"):
                field.queryset = program_users(program)
            elif name == "workstream":
                field.queryset = program.workstreams.filter(archived=False)
            elif name == "owner_role":
                field.queryset = program.roles.all()

    def ensure_unique(self, value, message: str, **lookup):
        """Refuse `value` when another record of this program already matches `lookup`."""
        siblings = type(self.instance).objects.filter(program=self.program, **lookup).exclude(pk=self.instance.pk)
        if siblings.exists():
            raise forms.ValidationError(message)
        return value


class WorkstreamForm(ProgramRecordForm):
    class Meta:
        model = Workstream
        fields = ["name", "kind", "lead", "status", "health", "objective", "position", "archived"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        return self.ensure_unique(name, f'This program already has a workstream called "{name}".', name__iexact=name)


class RoleForm(ProgramRecordForm):
    class Meta:
        model = Role
        fields = ["code", "name", "side", "description", "connect_security_profile"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        return self.ensure_unique(code, f'Role code "{code}" is already used in this program.', code=code)


class MilestoneForm(ProgramRecordForm):
    class Meta:
        model = Milestone
        fields = [
            "title",
            "workstream",
            "owner",
            "baseline_date",
            "forecast_date",
            "completed_date",
            "status",
            "depends_on",
        ]
        widgets = {"baseline_date": DATE, "forecast_date": DATE, "completed_date": DATE}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.warnings: list[str] = []
        others = program.milestones.exclude(pk=self.instance.pk) if self.instance.pk else program.milestones.all()
        self.fields["depends_on"].queryset = others
        self.fields["depends_on"].required = False
        self.fields["depends_on"].help_text = "Milestones that must be reached before this one."

    def clean_completed_date(self):
        completed = self.cleaned_data.get("completed_date")
        if completed and completed > timezone.localdate():
            raise forms.ValidationError("The completed date cannot be in the future.")
        return completed

    def clean(self):
        data = super().clean()
        baseline, forecast = data.get("baseline_date"), data.get("forecast_date")
        if baseline and forecast and forecast < baseline:
            self.warnings.append(
                f"The forecast ({forecast:%d %b %Y}) is before the baseline ({baseline:%d %b %Y}): "
                "the milestone is planned to finish early."
            )
        # Status and completed date tell one story: either one set means the other follows.
        if data.get("completed_date"):
            data["status"] = MilestoneStatus.COMPLETED
        elif data.get("status") == MilestoneStatus.COMPLETED:
            data["completed_date"] = timezone.localdate()
        if self.instance.pk and data.get("depends_on") is not None:
            self._reject_cycle(list(data["depends_on"]))
        return data

    def _reject_cycle(self, chosen):
        program = self.instance.program
        edges: dict[int, list[int]] = {}
        for milestone_id, dependency_id in Milestone.depends_on.through.objects.filter(
            from_milestone__program=program
        ).values_list("from_milestone_id", "to_milestone_id"):
            edges.setdefault(milestone_id, []).append(dependency_id)
        edges[self.instance.pk] = [m.pk for m in chosen]
        cycle = schedule.find_cycle(self.instance.pk, edges)
        if cycle:
            titles = dict(program.milestones.filter(pk__in=cycle).values_list("pk", "title"))
            path = " → ".join(f'"{titles[pk]}"' for pk in cycle)
            self.add_error("depends_on", f"These dependencies would make a loop: {path}.")


class RiskForm(ProgramRecordForm):
    class Meta:
        model = Risk
        fields = [
            "code",
            "title",
            "category",
            "cause",
            "consequence",
            "likelihood",
            "impact",
            "owner",
            "owner_role",
            "workstream",
            "early_warning_indicators",
            "mitigation",
            "contingency",
            "adkar_element",
            "is_change_issue",
            "trend",
            "status",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ["cause", "consequence", "early_warning_indicators", "mitigation", "contingency"]
        }
        error_messages = {
            "likelihood": {
                "min_value": "Likelihood must be between 1 (rare) and 5 (almost certain).",
                "max_value": "Likelihood must be between 1 (rare) and 5 (almost certain).",
            },
            "impact": {
                "min_value": "Impact must be between 1 (minor) and 5 (severe).",
                "max_value": "Impact must be between 1 (minor) and 5 (severe).",
            },
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("code", _next_risk_code(program))

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        return self.ensure_unique(code, f'Risk code "{code}" is already used in this program.', code=code)


def _next_risk_code(program) -> str:
    return f"R-{program.risks.count() + 1:02d}"
