from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChecklistItem, GoLiveEvent, ReadinessPolicy, SignOff


@admin.register(GoLiveEvent)
class GoLiveEventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "program", "kind", "starts_at"]
    list_select_related = ["program"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "text", "event", "status", "hard_blocker"]
    list_filter = ["status", "hard_blocker"]
    list_select_related = ["event"]


@admin.register(SignOff)
class SignOffAdmin(admin.ModelAdmin):
    """Read-only: sign-offs are append-only."""

    list_display = ["item", "signed_by", "signed_at"]
    list_select_related = ["item", "signed_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReadinessPolicy)
class ReadinessPolicyAdmin(SimpleHistoryAdmin):
    list_display = ["program", "go_threshold", "conditions_threshold", "training_target"]
