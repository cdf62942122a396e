from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Decision, DigestReceipt, Issue, Meeting, PersonalSettings, ProgramSettings, Routine


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


@admin.register(ProgramSettings)
class ProgramSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["program", "decision_wait_days"]


@admin.register(PersonalSettings)
class PersonalSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["user", "daily_digest", "calendar_on"]


@admin.register(DigestReceipt)
class DigestReceiptAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "sent_at"]
