"""People & change: forms."""

from django import forms

from connectmobilize.lib.people import person_name
from programs.forms import CrispyMixin, ProgramRecordForm
from programs.selectors import program_users

from . import survey
from .choices import Channel, JobLevel, Tenure
from .models import (
    AdkarAssessment,
    ChangeImpact,
    CommunicationItem,
    LeaderAlignment,
    SponsorActivity,
    SponsorAssessment,
    SponsorNode,
    SponsorRoadmapItem,
    Stakeholder,
    SurveyRound,
)
from .selectors import comms_events, impacted_groups, leaders, roadmap_items, sponsor_choices
from .sponsorship import CRITERIA

# Sponsor activity (branch `executive`) -----------------------------------------------------------------------


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


_name = person_name


class RoadmapItemForm(ProgramRecordForm):
    class Meta:
        model = SponsorRoadmapItem
        fields = ["sponsor", "kind", "abc", "title", "planned_on", "notes", "cancelled"]
        widgets = {"planned_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("sponsor", sponsor_choices(program))
        self.fields["sponsor"].label_from_instance = _name
        if not self.instance.pk:
            del self.fields["cancelled"]


class SponsorActivityForm(ProgramRecordForm):
    submit_label = "Record"

    class Meta:
        model = SponsorActivity
        fields = ["planned", "sponsor", "kind", "abc", "title", "done_on", "notes"]
        widgets = {"done_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("sponsor", sponsor_choices(program))
        self.fields["sponsor"].label_from_instance = _name
        # Offered: the items still to do (and the one already linked); accepted: any of the program's, so the same
        # form sent twice reaches the double-submit check and a done item is refused by the service, by name.
        items = roadmap_items(program)
        if not self.is_bound:
            items = items.filter(cancelled=False, is_done=False) | items.filter(pk=self.instance.planned_id or 0)
        self.offer("planned", items)
        self.fields["planned"].empty_label = "— not on the roadmap —"
        self.fields["planned"].label_from_instance = lambda item: f"{item.planned_on:%d %b %Y} · {item}"


class WeeklySummaryForm(forms.Form):
    wanted = forms.BooleanField(
        required=False, label="Email me the portfolio summary every Monday morning (one line per program)"
    )


# Assessments, surveys and the communications plan -----------------------------------------------------------


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SCORE = forms.NumberInput(attrs={"min": 1, "max": 5, "step": 1})


class AdkarForm(ProgramRecordForm):
    class Meta:
        model = AdkarAssessment
        fields = ["group", "assessed_on", "awareness", "desire", "knowledge", "ability", "reinforcement", "notes"]
        widgets = {
            "assessed_on": DATE, "awareness": SCORE, "desire": SCORE, "knowledge": SCORE, "ability": SCORE,
            "reinforcement": SCORE, "notes": forms.Textarea(attrs={"rows": 2}),
        }  # fmt: skip
        help_texts = {"awareness": "1 (absent) to 5 (strong). The first element at 3 or less is the barrier point."}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("group", impacted_groups(program))
        self.fields["group"].label = "Impacted group"


class AlignmentForm(ProgramRecordForm):
    class Meta:
        model = LeaderAlignment
        fields = ["leader", "interviewed_on", "understanding", "change_history", "sponsorship", "notes"]
        widgets = {"interviewed_on": DATE, "understanding": SCORE, "change_history": SCORE, "sponsorship": SCORE,
                   "notes": forms.Textarea(attrs={"rows": 3})}  # fmt: skip
        help_texts = {"understanding": "1 (needs work) to 5 (no issues); leave a section empty if not rated."}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("leader", leaders(program))


class SurveyRoundForm(ProgramRecordForm):
    class Meta:
        model = SurveyRound
        fields = ["title", "opens_at", "closes_at", "groups"]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME, "groups": forms.CheckboxSelectMultiple}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("groups", impacted_groups(program))


class CommunicationForm(ProgramRecordForm):
    class Meta:
        model = CommunicationItem
        fields = ["audience", "audience_text", "key_message", "channel", "sender", "event", "offset_days",
                  "planned_date", "status", "sent_on", "feedback"]  # fmt: skip
        widgets = {"planned_date": DATE, "sent_on": DATE, "key_message": forms.Textarea(attrs={"rows": 3}),
                   "feedback": forms.Textarea(attrs={"rows": 2})}  # fmt: skip

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.offer("audience", program.stakeholders.filter(archived=False))
        self.offer("event", comms_events(program))


class GenerateCommsForm(CrispyMixin, forms.Form):
    submit_label = "Generate the comms of this go-live"
    event: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="Go-live event")

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer("event", comms_events(program))


class SurveyAnswerForm(forms.Form):
    """The anonymous answer sheet. Answers are parsed by survey.check_answers (all or nothing)."""

    nonce = forms.CharField(widget=forms.HiddenInput, max_length=200)
    group = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Your group")
    tenure = forms.ChoiceField(required=False, choices=[("", "Prefer not to say"), *Tenure.choices],
                               label="How long have you worked here?")  # fmt: skip
    level = forms.ChoiceField(required=False, choices=[("", "Prefer not to say"), *JobLevel.choices],
                              label="Your level")  # fmt: skip
    comment = forms.CharField(
        required=False, max_length=survey.COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything else you want the program to know? (optional; do not write names)",
    )  # fmt: skip

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "Prefer not to say"), *[(g.pk, g.name) for g in groups]]
        for name in ("group", "tenure", "level"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["comment"].widget.attrs["class"] = "form-control"


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
        self.offer("user", program_users(program))
        nodes = SponsorNode.objects.filter(program=program)
        if self.instance.pk:
            nodes = nodes.exclude(pk=self.instance.pk)
        self.offer("parent", nodes)
        self.fields["parent"].empty_label = "Nobody: the primary sponsor"
        self.offer("impacted_group", impacted_groups(program))


class SponsorAssessmentForm(ProgramRecordForm):
    submit_label = "Record assessment"

    class Meta:
        model = SponsorAssessment
        fields = ["assessed_on", *(name for name, _ in CRITERIA), "notes"]
        widgets = {"assessed_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
