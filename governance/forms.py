"""Forms only parse input; the services hold the rules."""

from django import forms

from connectmobilize.lib.people import person_name
from programs.forms import CrispyMixin, ProgramRecordForm

from .choices import IssueSeverity
from .models import Action, Decision, Issue, Meeting, Minute, ProgramSettings, Routine
from .selectors import next_issue_code, program_users

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _people(field, program) -> None:
    field.queryset = program_users(program)
    field.label_from_instance = person_name


class RoutineForm(ProgramRecordForm):
    class Meta:
        model = Routine
        fields = [
            "name", "kind", "cadence", "first_at", "time_zone", "duration_minutes", "active_from", "active_until",
            "trigger_owner", "attendees", "inputs", "outputs", "archived",
        ]  # fmt: skip
        widgets = {
            "first_at": DATETIME, "active_from": DATE, "active_until": DATE,
            "inputs": forms.Textarea(attrs={"rows": 3}), "outputs": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.CheckboxSelectMultiple,
        }  # fmt: skip

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("trigger_owner", program.roles.all())
        self.offer("attendees", program.roles.all())
        self.fields["attendees"].required = False


class MeetingForm(ProgramRecordForm):
    submit_label = "Schedule"

    class Meta:
        model = Meeting
        fields = ["starts_at", "duration_minutes", "location"]
        widgets = {"starts_at": DATETIME}


class MeetingCreateForm(MeetingForm):
    held = forms.BooleanField(
        required=False, label="It was already held: record it to write its minutes after the fact"
    )


class MinuteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Minute", max_length=4000)
    carry_over = forms.BooleanField(required=False, label="Carry over to the next meeting")


class MinuteEditForm(ProgramRecordForm):
    class Meta:
        model = Minute
        fields = ["text", "carry_over"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, program, **kwargs):
        super(ProgramRecordForm, self).__init__(*args, **kwargs)  # a minute belongs to a meeting, not the program


class MinuteActionForm(forms.Form):
    title = forms.CharField(max_length=300, required=False)
    owner: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)
    due_date = forms.DateField(widget=DATE)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["owner"], program)


class MinuteIssueForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    severity = forms.ChoiceField(choices=IssueSeverity.choices, initial=IssueSeverity.SEV3)
    owner: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, required=False)
    due_date = forms.DateField(widget=DATE, required=False)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["owner"], program)


class MinuteDecisionForm(forms.Form):
    title = forms.CharField(max_length=200)
    decision = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    decided_by = forms.CharField(max_length=200, required=False, help_text="Empty: the meeting's routine.")


class DecisionRaiseForm(ProgramRecordForm):
    submit_label = "Raise the decision"

    class Meta:
        model = Decision
        fields = ["title", "context", "options", "needed_by", "workstreams", "risks", "milestones"]
        widgets = {"needed_by": DATE, "context": forms.Textarea(attrs={"rows": 3}),
                   "options": forms.Textarea(attrs={"rows": 3})}  # fmt: skip

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("workstreams", program.workstreams.filter(archived=False))
        self.offer("risks", program.risks.all())
        self.offer("milestones", program.milestones.all())
        for name in ("workstreams", "risks", "milestones"):
            self.fields[name].required = False


class DecisionRecordForm(DecisionRaiseForm):
    submit_label = "Record the decision"

    class Meta(DecisionRaiseForm.Meta):
        fields = ["title", "context", "options", "decision", "decided_by", "decided_on", "workstreams", "risks",
                  "milestones"]  # fmt: skip
        widgets = {**DecisionRaiseForm.Meta.widgets, "decided_on": DATE, "decision": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].required = True


class DecisionDecideForm(CrispyMixin, forms.Form):
    submit_label = "Record the decision"
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="What was decided, and why.")
    decided_by = forms.CharField(max_length=200, help_text="e.g. Steering committee, or the sponsor's name.")
    decided_on = forms.DateField(widget=DATE, required=False, help_text="Empty: today.")


class ActionForm(ProgramRecordForm):
    class Meta:
        model = Action
        fields = ["title", "owner", "due_date", "status", "notes"]
        widgets = {"due_date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class ActionCreateForm(ActionForm):
    submit_label = "Add the action"

    class Meta(ActionForm.Meta):
        fields = ["title", "owner", "due_date", "notes"]


class IssueForm(ProgramRecordForm):
    class Meta:
        model = Issue
        fields = ["code", "title", "description", "severity", "owner", "status", "due_date", "resolution"]
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 3}),
                   "resolution": forms.Textarea(attrs={"rows": 2})}  # fmt: skip

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)  # its owner offered as every record's (ProgramRecordForm)
        self.fields["code"].required = False
        if not self.instance.pk:
            self.initial.setdefault("code", next_issue_code(program))


class ProgramSettingsForm(ProgramRecordForm):
    submit_label = "Save the settings"

    class Meta:
        model = ProgramSettings
        fields = ["decision_wait_days"]
