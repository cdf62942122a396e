"""The signed-in user's own page: their programs and their personal API tokens (made, named, shown once,
last use seen, revoked)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from connectmobilize.lib import hooks, tokens

NEW_TOKEN = "new_api_token"  # noqa: S105 - a session key, not a secret: the token just made, shown on the next page view only


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text='What will use it, e.g. "Power BI refresh".')
    read_only = forms.BooleanField(
        required=False, label="Read only",
        help_text="Refused any change, whatever your access: right for reports.",
    )  # fmt: skip
    expires_on = forms.DateField(
        required=False, label="Expires on", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Works until the end of this day; empty: until revoked.",
    )  # fmt: skip


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "account/profile.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tokens=tokens.tokens_of(self.request.user),
            new_token=self.request.session.pop(NEW_TOKEN, None),
            form=kwargs.pop("form", None) or TokenForm(),
            memberships=self.request.user.memberships.select_related("program").order_by("program__name"),
            panels=hooks.profile_panels(self.request.user),  # what the apps keep for the user (e.g. governance)
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, text = tokens.api_token_create(
                    user=request.user, name=form.cleaned_data["name"],
                    read_only=form.cleaned_data["read_only"], expires_on=form.cleaned_data["expires_on"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Shown once: kept in the session only until the page has shown it.
                request.session[NEW_TOKEN] = {"name": token.name, "text": text}
                return redirect("profile")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, *args, token_id, **kwargs):
        token = get_object_or_404(tokens.tokens_of(request.user), pk=token_id)  # another's token: 404
        tokens.api_token_revoke(token=token)
        messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
        return redirect("profile")
