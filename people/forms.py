"""People & change: forms (they parse input; the services hold the rules)."""

from django import forms

from programs.forms import ProgramRecordForm
from programs.selectors import program_users

from .choices import Channel, StakeholderKind
from .models import ChangeImpact, SponsorAssessment, SponsorNode, Stakeholder
from .sponsorship import CRITERIA

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Stakeholder register, change impact and the sponsor coalition (people-core) ---------------------------------


class StakeholderForm(ProgramRecordForm):
    channels = forms.MultipleChoiceField(
        label="Preferred communication vehicles", choices=Channel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Stakeholder
        fields = [
            "name", "kind", "population", "organization", "department", "title", "influence_type", "influence",
            "interest", "impact", "awareness", "knowledge", "commitment_current", "commitment_desired",
            "engagement_current", "engagement_desired", "sentiment", "channels", "training_effort", "concerns",
            "owner",
        ]  # fmt: skip
        widgets = {"concerns": forms.Textarea(attrs={"rows": 3})}


class ChangeImpactForm(ProgramRecordForm):
    submit_label = "Save impact"

    class Meta:
        model = ChangeImpact
        fields = ["level", "current_state", "future_state", "barriers"]
        widgets = {
            "current_state": forms.Textarea(attrs={"rows": 2}),
            "future_state": forms.Textarea(attrs={"rows": 2}),
            "barriers": forms.Textarea(attrs={"rows": 2}),
        }


class SponsorNodeForm(ProgramRecordForm):
    class Meta:
        model = SponsorNode
        fields = ["person_name", "title", "user", "parent", "impacted_group", "support_level", "influence", "actions"]
        widgets = {"actions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.fields["user"].queryset = program_users(program)
        nodes = SponsorNode.objects.filter(program=program)
        if self.instance.pk:
            nodes = nodes.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = nodes
        self.fields["parent"].empty_label = "Nobody: the primary sponsor"
        self.fields["impacted_group"].queryset = Stakeholder.objects.filter(
            program=program, kind=StakeholderKind.GROUP, archived=False
        )


class SponsorAssessmentForm(ProgramRecordForm):
    submit_label = "Record assessment"

    class Meta:
        model = SponsorAssessment
        fields = ["assessed_on", *(name for name, _ in CRITERIA), "notes"]
        widgets = {"assessed_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
