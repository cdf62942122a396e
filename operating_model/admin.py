from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["role", "phase", "person", "outsider_name", "allocation_pct", "is_single_threaded_owner", "program"]
    list_filter = ["phase", "is_single_threaded_owner"]
    list_select_related = ["program", "role", "person"]
