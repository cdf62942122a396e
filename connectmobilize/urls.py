from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from connectmobilize.lib import signin

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", signin.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        signin.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    # Every page of a program lives under its prefix; access is decided from it (lib/access.py).
    path("", include("programs.urls")),
    path("p/<slug:program_slug>/raci/", include("raci.urls")),
    path("p/<slug:program_slug>/readiness/", include("readiness.urls")),
    path("p/<slug:program_slug>/governance/", include("governance.urls")),
    path("governance/", include("governance.personal_urls")),
]
