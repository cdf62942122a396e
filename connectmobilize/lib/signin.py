"""Signing in: by user name or email address, what a person sees when django-axes pauses it, and password reset
by email."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


class UsernameOrEmailBackend(ModelBackend):
    """Django's backend, also taking the email address in place of the user name: a member invited by email
    knows their address, not the name the invitation gave their account. Only an address that names one
    account signs in; two accounts sharing it must use their user names."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None or not username or "@" not in username:
            return user
        matches = list(get_user_model()._default_manager.filter(email__iexact=username.strip())[:2])
        if len(matches) != 1:
            return None
        return super().authenticate(request, username=matches[0].get_username(), password=password, **kwargs)


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "User name or email address"
        self.error_messages = {
            **self.error_messages,
            "invalid_login": "That user name or email address and password do not match an account. "
            "Passwords are case-sensitive.",
        }


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
