from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Decision, Issue, Meeting, Routine


@admin.register(Routine)
class RoutineAdmin(SimpleHistoryAdmin):
    list_display = ["name", "program", "kind", "cadence", "archived"]
    list_filter = ["kind", "cadence"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["routine", "program", "starts_at", "status"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    """Read it here; a recorded decision cannot change (the database refuses it)."""

    list_display = ["ref", "title", "program", "status", "decided_on"]
    list_filter = ["status"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "program", "owner", "due_date", "status"]


@admin.register(Issue)
class IssueAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "program", "severity", "status"]
