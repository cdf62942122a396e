from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "operating_model"

# Under p/<program_slug>/operating-model/ (connectmobilize/urls.py).
assignment: list[URLPattern | URLResolver] = [
    path("", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("edit/", views.AssignmentEditView.as_view(), name="assignment_edit"),
    path("remove/", views.AssignmentRemoveView.as_view(), name="assignment_remove"),
]

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("composition/", views.CompositionView.as_view(), name="composition"),
    path("composition/new/", views.AssignmentCreateView.as_view(), name="assignment_create"),
    path("composition/<int:assignment_id>/", include(assignment)),
]
