"""Signing in: what a person sees when django-axes pauses it, and password reset by email."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render


def locked_out_response(request, original_response=None, credentials=None):
    """The sign-in page again, with why it refuses and for how long, as 429 Too Many Requests."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with the link built from SITE_URL rather than the request's Host header (which a
    forged request could point at another site, sending the reset token there)."""

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the emailed link also lifts a sign-in pause on that username."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
