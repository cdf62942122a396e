from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import EscalationStep, RoleAssignment, ServiceCatalogItem, SeverityLevel


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["role", "phase", "person", "outsider_name", "allocation_pct", "is_single_threaded_owner", "program"]
    list_filter = ["phase", "is_single_threaded_owner"]
    list_select_related = ["program", "role", "person"]


@admin.register(ServiceCatalogItem)
class ServiceCatalogItemAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "change_type", "sla_target", "sla_clock", "retired_at", "program"]
    list_filter = ["change_type", "sla_clock"]
    list_select_related = ["program"]


class EscalationStepInline(admin.TabularInline):
    model = EscalationStep
    extra = 0


@admin.register(SeverityLevel)
class SeverityLevelAdmin(SimpleHistoryAdmin):
    list_display = ["level", "name", "response_target", "restore_target", "clock", "program"]
    list_select_related = ["program"]
    inlines = [EscalationStepInline]
