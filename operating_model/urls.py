from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "operating_model"

# Under p/<program_slug>/operating-model/ (connectmobilize/urls.py).
assignment: list[URLPattern | URLResolver] = [
    path("", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("edit/", views.AssignmentEditView.as_view(), name="assignment_edit"),
    path("remove/", views.AssignmentRemoveView.as_view(), name="assignment_remove"),
]

service: list[URLPattern | URLResolver] = [
    path("", views.CatalogueItemDetailView.as_view(), name="catalogue_item"),
    path("edit/", views.CatalogueItemEditView.as_view(), name="catalogue_item_edit"),
    path("retire/", views.CatalogueItemRetireView.as_view(), name="catalogue_item_retire"),
]

severity: list[URLPattern | URLResolver] = [
    path("", views.SeverityDetailView.as_view(), name="severity_detail"),
    path("edit/", views.SeverityEditView.as_view(), name="severity_edit"),
    path("steps/new/", views.EscalationStepCreateView.as_view(), name="escalation_create"),
    path("steps/<int:escalation_id>/edit/", views.EscalationStepEditView.as_view(), name="escalation_edit"),
    path("steps/<int:escalation_id>/remove/", views.EscalationStepRemoveView.as_view(), name="escalation_remove"),
]

flow: list[URLPattern | URLResolver] = [
    path("", views.FlowDetailView.as_view(), name="flow_detail"),
    path("edit/", views.FlowEditView.as_view(), name="flow_edit"),
    path("lanes/add/", views.LaneAddView.as_view(), name="lane_add"),
    path("lanes/<int:lane_id>/remove/", views.LaneRemoveView.as_view(), name="lane_remove"),
    path("lanes/<int:lane_id>/move/", views.LaneMoveView.as_view(), name="lane_move"),
    path("steps/new/", views.StepCreateView.as_view(), name="step_create"),
    path("steps/<int:step_id>/edit/", views.StepEditView.as_view(), name="step_edit"),
    path("steps/<int:step_id>/remove/", views.StepRemoveView.as_view(), name="step_remove"),
]

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("composition/", views.CompositionView.as_view(), name="composition"),
    path("composition/new/", views.AssignmentCreateView.as_view(), name="assignment_create"),
    path("composition/<int:assignment_id>/", include(assignment)),
    path("catalogue/", views.CatalogueView.as_view(), name="catalogue"),
    path("catalogue/new/", views.CatalogueItemCreateView.as_view(), name="catalogue_item_create"),
    path("catalogue/start/", views.CatalogueSeedView.as_view(), name="catalogue_seed"),
    path("catalogue/<int:service_id>/", include(service)),
    path("severities/", views.SeverityListView.as_view(), name="severities"),
    path("severities/new/", views.SeverityCreateView.as_view(), name="severity_create"),
    path("severities/start/", views.SeveritiesSeedView.as_view(), name="severities_seed"),
    path("severities/<int:severity_id>/", include(severity)),
    path("flows/", views.FlowListView.as_view(), name="flow_list"),
    path("flows/new/", views.FlowCreateView.as_view(), name="flow_create"),
    path("flows/<int:flow_id>/", include(flow)),
    path("sign-off/", views.SignOffView.as_view(), name="sign_off"),
    path("sign-off/publish/", views.PublishView.as_view(), name="publish"),
    path("versions/<int:version_id>/", views.VersionDetailView.as_view(), name="version_detail"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("import/", views.ImportUploadView.as_view(), name="import_upload"),
    path("import/<int:model_import_id>/", views.ImportReviewView.as_view(), name="import_review"),
    path("versions/<int:version_id>/sign/", views.SignVersionView.as_view(), name="version_sign"),
]
