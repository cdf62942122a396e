from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Milestone, Program, Risk, Role, Workstream


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["name", "phase", "target_go_live", "sponsor"]
    search_fields = ["name", "sponsor"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Workstream)
class WorkstreamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "program", "kind", "status", "health", "archived"]
    list_filter = ["kind", "status", "health", "archived"]
    list_select_related = ["program"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "side", "program"]
    list_filter = ["side"]
    list_select_related = ["program"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "program", "workstream", "baseline_date", "forecast_date", "status"]
    list_filter = ["status"]
    list_select_related = ["program", "workstream"]
    search_fields = ["title"]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "program", "likelihood", "impact", "score", "status"]
    list_filter = ["status", "category"]
    list_select_related = ["program"]
    search_fields = ["code", "title"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "program", "access"]
    list_filter = ["access"]
    list_select_related = ["user", "program"]
