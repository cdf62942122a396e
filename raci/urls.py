from django.urls import path

from . import views

app_name = "raci"

P = "p/<slug:program_slug>/raci/"
M = P + "<int:matrix_id>/"

urlpatterns = [
    path(P, views.MatrixListView.as_view(), name="matrix_list"),
    path(P + "new/", views.MatrixCreateView.as_view(), name="matrix_create"),
    path(P + "import/", views.ImportUploadView.as_view(), name="matrix_import_new"),
    path(P + "imports/<int:import_id>/", views.ImportDetailView.as_view(), name="import_detail"),
    path(P + "imports/<int:import_id>/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path(P + "imports/<int:import_id>/cancel/", views.ImportCancelView.as_view(), name="import_cancel"),
    path(P + "exports/<int:export_id>/", views.ExportDetailView.as_view(), name="export_detail"),
    path(P + "exports/<int:export_id>/download/", views.ExportDownloadView.as_view(), name="export_download"),
    path(P + "roles/<int:role_id>/", views.RoleResponsibilitiesView.as_view(), name="role_responsibilities"),
    path(M, views.MatrixGridView.as_view(), name="matrix_grid"),
    path(M + "settings/", views.MatrixSettingsView.as_view(), name="matrix_settings"),
    path(M + "compare/", views.MatrixCompareView.as_view(), name="matrix_compare"),
    path(M + "cell/", views.CellView.as_view(), name="cell_set"),
    path(M + "import/", views.ImportUploadView.as_view(), name="matrix_import"),
    path(M + "export/", views.ExportStartView.as_view(), name="matrix_export"),
    path(M + "activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path(M + "activities/<int:activity_id>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path(M + "activities/<int:activity_id>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
    path(M + "activities/<int:activity_id>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    path(M + "activities/<int:activity_id>/move/", views.ActivityMoveView.as_view(), name="activity_move"),
    path(M + "columns/add/", views.ColumnAddView.as_view(), name="column_add"),
    path(M + "columns/<int:column_id>/remove/", views.ColumnRemoveView.as_view(), name="column_remove"),
    path(M + "columns/<int:column_id>/move/", views.ColumnMoveView.as_view(), name="column_move"),
]
