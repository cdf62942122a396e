"""People & change: forms."""

# Sponsor activity (branch `executive`) -----------------------------------------------------------------------

from django import forms

from programs.forms import ProgramRecordForm

from .models import SponsorActivity, SponsorRoadmapItem
from .selectors import roadmap_items, sponsor_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _name(user) -> str:
    return user.get_full_name() or user.username


class RoadmapItemForm(ProgramRecordForm):
    class Meta:
        model = SponsorRoadmapItem
        fields = ["sponsor", "kind", "abc", "title", "planned_on", "notes", "cancelled"]
        widgets = {"planned_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        self.fields["sponsor"].queryset = sponsor_choices(program)
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
        self.fields["sponsor"].queryset = sponsor_choices(program)
        self.fields["sponsor"].label_from_instance = _name
        # Offered: the items still to do (and the one already linked); accepted: any of the program's, so the same
        # form sent twice reaches the double-submit check and a done item is refused by the service, by name.
        items = roadmap_items(program)
        if not self.is_bound:
            items = items.filter(cancelled=False, is_done=False) | items.filter(pk=self.instance.planned_id or 0)
        self.fields["planned"].queryset = items
        self.fields["planned"].empty_label = "— not on the roadmap —"
        self.fields["planned"].label_from_instance = lambda item: f"{item.planned_on:%d %b %Y} · {item}"


class WeeklySummaryForm(forms.Form):
    wanted = forms.BooleanField(
        required=False, label="Email me the portfolio summary every Monday morning (one line per program)"
    )
