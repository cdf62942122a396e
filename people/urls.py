from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "people"

# Stakeholder register, change impact and the sponsor coalition (people-core).
stakeholder: list[URLPattern | URLResolver] = [
    path("", views.StakeholderDetailView.as_view(), name="stakeholder_detail"),
    path("edit/", views.StakeholderEditView.as_view(), name="stakeholder_edit"),
    path("archive/", views.StakeholderArchiveView.as_view(), name="stakeholder_archive"),
]

sponsor: list[URLPattern | URLResolver] = [
    path("", views.SponsorDetailView.as_view(), name="sponsor_detail"),
    path("edit/", views.SponsorEditView.as_view(), name="sponsor_edit"),
    path("remove/", views.SponsorRemoveView.as_view(), name="sponsor_remove"),
    path("assess/", views.SponsorAssessView.as_view(), name="sponsor_assess"),
]

# Under p/<program_slug>/people/ (connectmobilize/urls.py).
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("stakeholders/", views.StakeholderListView.as_view(), name="stakeholder_list"),
    path("stakeholders/new/", views.StakeholderCreateView.as_view(), name="stakeholder_create"),
    path("stakeholders/<int:stakeholder_id>/", include(stakeholder)),
    path("impact/", views.ImpactMapView.as_view(), name="impact_map"),
    path("impact/<int:stakeholder_id>/<slug:area>/", views.ImpactEditView.as_view(), name="impact_edit"),
    path("coalition/", views.CoalitionView.as_view(), name="coalition"),
    path("coalition/new/", views.SponsorCreateView.as_view(), name="sponsor_create"),
    path("coalition/<int:node_id>/", include(sponsor)),
]
