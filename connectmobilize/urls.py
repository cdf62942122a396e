from csp.constants import SELF
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from connectmobilize import profile
from connectmobilize.lib import signin

# Redoc parses the schema in a web worker it starts from a blob: (its own script's): allowed on that page only.
redoc = csp_update({"worker-src": [SELF, "blob:"]})(SpectacularRedocView.as_view(url_name="api:schema"))

# The REST API: the schema and its two readers (served from our static files), then each app's resources
# under /api/v1/programs/<slug>/ (connectmobilize/lib/api.py holds what they share).
api: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="swagger"),
    path("redoc/", login_required(redoc), name="redoc"),
    path("v1/", include("programs.api.urls")),
    path("v1/programs/<slug:program_slug>/", include("raci.api.urls")),
    path("v1/programs/<slug:program_slug>/", include("operating_model.api.urls")),
    path("v1/programs/<slug:program_slug>/", include("readiness.api.urls")),
    path("v1/programs/<slug:program_slug>/", include("governance.api.urls")),
    path("v1/programs/<slug:program_slug>/", include("people.api.urls")),
]

handler403 = "connectmobilize.lib.access.permission_denied"  # keeps the program's navigation

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=signin.SignInForm), name="login"),
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
    path("accounts/profile/", profile.ProfileView.as_view(), name="profile"),
    path("accounts/profile/tokens/<int:token_id>/revoke/", profile.TokenRevokeView.as_view(), name="token_revoke"),
    path("admin/", admin.site.urls),
    path("api/", include((api, "api"))),
    # Every page of a program lives under its prefix; access is decided from it (lib/access.py).
    path("", include("programs.urls")),
    path("p/<slug:program_slug>/raci/", include("raci.urls")),
    path("p/<slug:program_slug>/operating-model/", include("operating_model.urls")),
    path("p/<slug:program_slug>/readiness/", include("readiness.urls")),
    path("p/<slug:program_slug>/governance/", include("governance.urls")),
    path("governance/", include("governance.personal_urls")),
    path("p/<slug:program_slug>/people/", include("people.urls")),
    path("", include("people.executive_urls")),
    path("s/", include("people.public_urls")),  # the anonymous survey link (no sign-in)
]
