import django_filters
from django import forms
from django.db.models.functions import Coalesce
from django.utils import timezone

from connectmobilize.lib.people import person_name

from .choices import MilestoneStatus, RiskCategory, RiskStatus
from .models import Milestone, Risk

CLOSED = (MilestoneStatus.COMPLETED, MilestoneStatus.CANCELLED)


class CompactFilterSet(django_filters.FilterSet):
    """Filter forms laid out as one row of small Bootstrap controls."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input d-block mt-2"
            elif hasattr(field, "choices"):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
        return form


class MilestoneFilterSet(CompactFilterSet):
    workstream = django_filters.ModelChoiceFilter(queryset=None, empty_label="All workstreams")
    status = django_filters.ChoiceFilter(choices=MilestoneStatus.choices, empty_label="Any status")
    owner = django_filters.ModelChoiceFilter(queryset=None, empty_label="Anyone")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue only", widget=forms.CheckboxInput)

    class Meta:
        model = Milestone
        fields = ["workstream", "status", "owner", "overdue"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["workstream"].queryset = program.workstreams.filter(archived=False)
        self.filters["owner"].queryset = program_users(program)
        self.form.fields["owner"].label_from_instance = person_name

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return overdue_milestones(queryset)


class RiskFilterSet(CompactFilterSet):
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, empty_label="Any status")
    category = django_filters.ChoiceFilter(choices=RiskCategory.choices, empty_label="Any category")
    workstream = django_filters.ModelChoiceFilter(queryset=None, empty_label="All workstreams")
    likelihood = django_filters.ChoiceFilter(choices=[(n, n) for n in range(1, 6)], empty_label="Any")
    impact = django_filters.ChoiceFilter(choices=[(n, n) for n in range(1, 6)], empty_label="Any")

    class Meta:
        model = Risk
        fields = ["status", "category", "workstream", "likelihood", "impact"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["workstream"].queryset = program.workstreams.all()


def with_due_date(queryset):
    """Annotate `due`: the forecast if there is one, else the baseline."""
    return queryset.annotate(due=Coalesce("forecast_date", "baseline_date"))


def overdue_milestones(queryset):
    return with_due_date(queryset).exclude(status__in=CLOSED).filter(due__lt=timezone.localdate())


def program_users(program):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(memberships__program=program).order_by("username")
