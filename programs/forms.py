from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email

from connectmobilize.lib.access import Access
from connectmobilize.lib.people import name_people
from connectmobilize.lib.records import new_submission_token, with_current_links

from .filters import program_users
from .models import Milestone, Program, Risk, Role, Workstream
from .risks import IMPACT, LIKELIHOOD
from .selectors import next_risk_code

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CrispyMixin:
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))
        name_people(self)

    def offer(self, name: str, choices) -> None:
        """The records a link field offers, keeping what the form's record links now (`with_current_links`); such a
        kept link says why it is not offered any more: "Service introduction (archived)"."""
        field = cast(forms.ModelChoiceField, cast(forms.BaseForm, self).fields[name])
        field.queryset = with_current_links(choices, getattr(self, "instance", None), name)
        if field.queryset is not choices:
            offered = set(choices.values_list("pk", flat=True))
            label = getattr(field, "plain_label", field.label_from_instance)  # offered twice: labelled once
            field.plain_label = label  # type: ignore[attr-defined]

            def labelled(record) -> str:
                return label(record) if record.pk in offered else f"{label(record)} ({_kept(record)})"

            field.label_from_instance = labelled  # type: ignore[method-assign,assignment]


def _kept(record) -> str:
    """Why a linked record is no longer offered for new links."""
    if getattr(record, "archived", False):
        return "archived"
    if getattr(record, "is_retired", False):
        return "retired"
    return "not a member" if isinstance(record, get_user_model()) else "no longer offered"


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
    """Add an existing user (by user name or email), or invite someone new by their email address."""

    submit_label = "Add member"
    username = forms.CharField(
        label="User name or email",
        help_text="Someone new? Give their email address: they get a link to choose their password.",
    )
    name = forms.CharField(required=False, max_length=300, label="Their name (someone new)")
    access = forms.ChoiceField(choices=Access.choices, initial=Access.VIEWER)
    submission = forms.CharField(widget=forms.HiddenInput, required=False)  # a double click adds once

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        if not self.is_bound:
            self.initial["submission"] = new_submission_token()

    def clean_username(self):
        """The user to add, or the email address of someone to invite."""
        name = self.cleaned_data["username"].strip()
        users = get_user_model().objects.filter(is_active=True)
        user = users.filter(username__iexact=name).first() or users.filter(email__iexact=name).first()
        if user is not None:
            return user
        try:
            validate_email(name)
        except forms.ValidationError:
            raise forms.ValidationError(
                f'No active user is called "{name}". To invite someone new, give their email address.'
            ) from None
        return name


class MembershipAccessForm(forms.Form):
    access = forms.ChoiceField(choices=Access.choices)


class ProgramRecordForm(CrispyMixin, forms.ModelForm):
    """A form for a record of one program: its choices come from that program only."""

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program
        self.program = program
        for name in list(self.fields):
            if name in ("owner", "lead"):
                self.offer(name, program_users(program))
            elif name == "workstream":
                self.offer(name, program.workstreams.filter(archived=False))
            elif name == "owner_role":
                self.offer(name, program.roles.all())


class WorkstreamForm(ProgramRecordForm):
    class Meta:
        model = Workstream
        fields = ["name", "kind", "lead", "status", "health", "objective", "position", "archived"]


class RoleForm(ProgramRecordForm):
    class Meta:
        model = Role
        fields = ["code", "name", "side", "description", "connect_security_profile"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


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
        others = program.milestones.exclude(pk=self.instance.pk) if self.instance.pk else program.milestones.all()
        self.offer("depends_on", others)
        self.fields["depends_on"].required = False
        self.fields["depends_on"].help_text = "Milestones that must be reached before this one."


class RiskForm(ProgramRecordForm):
    # Picked on the 1–5 scale with what each step means, not typed (a typed "4" says nothing of "likely").
    likelihood = forms.TypedChoiceField(
        coerce=int, choices=[("", "Choose how likely…"), *LIKELIHOOD], error_messages={
            "invalid_choice": "Likelihood must be between 1 (rare) and 5 (almost certain).",
        },
    )  # fmt: skip
    impact = forms.TypedChoiceField(
        coerce=int, choices=[("", "Choose how bad…"), *IMPACT], error_messages={
            "invalid_choice": "Impact must be between 1 (minor) and 5 (severe).",
        },
    )  # fmt: skip

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

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("code", next_risk_code(program))
