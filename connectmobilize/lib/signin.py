"""What a person sees when django-axes pauses signing in (AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.shortcuts import render


def locked_out_response(request, original_response=None, credentials=None):
    """The sign-in page again, with why it refuses and for how long, as 429 Too Many Requests."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
