"""Thin views for people & change: resolve access, call a selector or a service, render."""

from django.views.generic import TemplateView

from connectmobilize.lib.access import ProgramAccessMixin


class OverviewView(ProgramAccessMixin, TemplateView):
    template_name = "people/overview.html"
