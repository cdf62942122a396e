from django import forms

from programs.forms import CrispyMixin, ProgramRecordForm
from programs.selectors import program_users

from .choices import DecisionOutcome, EventKind, ItemStatus
from .models import ChangeRequest, ChangeWindow, ChecklistItem, Course, GoLiveEvent, ReadinessPolicy, TrainingSession

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(ProgramRecordForm):
    submit_label = "Save"

    class Meta:
        model = GoLiveEvent
        fields = ["name", "kind", "starts_at", "ends_at", "workstreams"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("workstreams", program.workstreams.filter(archived=False))
        self.fields["workstreams"].required = False
        self.fields["workstreams"].help_text = "Their overdue milestones count against this event's readiness."


class EventCreateForm(EventForm):
    submit_label = "Plan go-live event"
    with_template = forms.BooleanField(
        required=False, initial=True, label="Start the checklist from the 30-item contact-center template"
    )
    kind = forms.ChoiceField(choices=EventKind.choices)


class ItemForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = [
            "ref", "category", "text", "evidence_required", "priority", "weight", "hard_blocker", "owner_role",
            "owner", "approver", "due_date", "status",
        ]  # fmt: skip
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer("owner_role", program.roles.all())
        self.offer("owner", program_users(program))
        self.offer("approver", program_users(program))


class EvidenceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)  # of the item, when the page was opened
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)  # the evidence shown, for sign-off
    status = forms.ChoiceField(choices=ItemStatus.choices)
    evidence_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Evidence")
    evidence_link = forms.URLField(required=False, label="Link to the evidence", assume_scheme="https")
    evidence_file = forms.FileField(
        required=False, label="Evidence file", help_text="Up to 10 MB (replaces the current file)."
    )

    def make_read_only(self) -> None:
        """For a member who may read and sign but not change the evidence: shown, sent back as it is."""
        for name in ("evidence_note", "evidence_link"):
            self.fields[name].widget.attrs["readonly"] = True
        self.fields["status"].widget = forms.HiddenInput()
        del self.fields["evidence_file"]


class SignOffForm(forms.Form):
    """Sent with the evidence form (its controls sit in that form): it signs the evidence the signer sees."""

    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "form": "evidence-form"}))


class PolicyForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = ReadinessPolicy
        fields = [
            "go_threshold", "conditions_threshold", "training_target", "raci_weight", "milestones_weight",
            "risks_weight",
        ]  # fmt: skip
        help_texts = {
            "go_threshold": "Score (%) at or above which the outcome is Go, when no hard blocker is open.",
            "conditions_threshold": "Score (%) at or above which the outcome is Go with conditions.",
            "training_target": "Share (%) of each audience that must be trained.",
        }


class ChangeWindowForm(ProgramRecordForm):
    class Meta:
        model = ChangeWindow
        fields = ["name", "kind", "starts_at", "ends_at", "exception_policy"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}


class ChangeRequestForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = ["number", "status", "cab_date", "approved_start", "approved_end", "impact_statement"]
        widgets = {
            "approved_start": DATETIME, "approved_end": DATETIME,
            "cab_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }  # fmt: skip


class DecisionForm(CrispyMixin, forms.Form):
    submit_label = "Record the decision"
    outcome = forms.ChoiceField(choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), help_text="Why, on what evidence.")
    voters: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, help_text="Who took part in the decision."
    )
    conditions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a Go with conditions: one condition per line; each is then tracked to closure.",
    )  # fmt: skip

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer("voters", program_users(program))


class ConditionCloseForm(forms.Form):
    note = forms.CharField(max_length=300, required=False)


class CourseForm(ProgramRecordForm):
    class Meta:
        model = Course
        fields = ["name", "audience", "mode", "duration_minutes"]


class SessionForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["course", "starts_at", "capacity", "trainer", "location"]
        widgets = {"starts_at": DATETIME}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer("course", program.courses.all())


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label="Attendance export (.xlsx or .csv)",
        help_text="Columns: Email, Course, Date, Attended (yes/no); Name and Audience for people not yet listed.",
    )
