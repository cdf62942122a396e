from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Matrix, MatrixColumn


class MatrixColumnInline(admin.TabularInline):
    model = MatrixColumn
    extra = 0


@admin.register(Matrix)
class MatrixAdmin(SimpleHistoryAdmin):
    list_display = ["name", "program", "kind", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["program"]
    inlines = [MatrixColumnInline]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "group", "matrix", "position"]
    list_select_related = ["matrix"]
    search_fields = ["name"]
    # Letters are set on the grid (raci.services): a save here would write back the letters this page loaded.
    readonly_fields = ["letters"]  # shown, never a form field (the model field is not editable)
