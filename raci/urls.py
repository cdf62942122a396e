from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "raci"

# Under p/<program_slug>/raci/ (connectmobilize/urls.py): the program's matrices, and one matrix's pages.
matrix: list[URLPattern | URLResolver] = [
    path("", views.MatrixGridView.as_view(), name="matrix_grid"),
    path("settings/", views.MatrixSettingsView.as_view(), name="matrix_settings"),
    path("status/", views.MatrixStatusView.as_view(), name="matrix_status"),
    path("approve/", views.MatrixApproveView.as_view(), name="matrix_approve"),
    path("compare/", views.MatrixCompareView.as_view(), name="matrix_compare"),
    path("section/", views.GridSectionView.as_view(), name="grid_section"),
    path("cell/", views.CellView.as_view(), name="cell_set"),
    path("cells/", views.CellsView.as_view(), name="cells_set"),
    path("import/", views.ImportUploadView.as_view(), name="matrix_import"),
    path("export/", views.ExportStartView.as_view(), name="matrix_export"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path("activities/<int:activity_id>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:activity_id>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("activities/<int:activity_id>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    path("activities/<int:activity_id>/move/", views.ActivityMoveView.as_view(), name="activity_move"),
    path("columns/add/", views.ColumnAddView.as_view(), name="column_add"),
    path("columns/<int:column_id>/remove/", views.ColumnRemoveView.as_view(), name="column_remove"),
    path("columns/<int:column_id>/move/", views.ColumnMoveView.as_view(), name="column_move"),
]

urlpatterns = [
    path("", views.MatrixListView.as_view(), name="matrix_list"),
    path("new/", views.MatrixCreateView.as_view(), name="matrix_create"),
    path("rules/", views.RuleHelpView.as_view(), name="rule_help"),
    path("import/", views.ImportUploadView.as_view(), name="matrix_import_new"),
    path("imports/<int:import_id>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("imports/<int:import_id>/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("imports/<int:import_id>/reading/", views.ImportReadingView.as_view(), name="import_reading"),
    path("imports/<int:import_id>/cancel/", views.ImportCancelView.as_view(), name="import_cancel"),
    path("exports/<int:export_id>/", views.ExportDetailView.as_view(), name="export_detail"),
    path("exports/<int:export_id>/download/", views.ExportDownloadView.as_view(), name="export_download"),
    path("roles/<int:role_id>/", views.RoleResponsibilitiesView.as_view(), name="role_responsibilities"),
    path("<int:matrix_id>/", include(matrix)),
]
