"""The one way a page writes: the form parses the input, a service writes it.

An edit form carries the version it was opened at; when someone saved in between, the service refuses
(StaleEdit) and the page shows what changed and offers the user's own changes again on top. A create
form carries a token; the same form sent twice creates once and the second send lands where the first did.
"""

import copy
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .history import value_displayer
from .records import StaleEdit, VersionedModel, first_submission, new_submission_token

if TYPE_CHECKING:  # what the mixin is mixed into (CreateView, UpdateView, FormView)
    from django.views.generic.edit import FormMixin

    _FormPage = FormMixin
else:
    _FormPage = object


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: on its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def model_changes(form: forms.BaseModelForm) -> dict[str, Any]:
    """The model fields of a ModelForm as entered, for the service that writes them."""
    return {name: form.cleaned_data[name] for name in form._meta.fields or () if name in form.cleaned_data}


def safe_next(request, fallback: str) -> str:
    """The `next` the request asks to go to, if it is a path on this site; else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    hosts = {request.get_host()}
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts=hosts, require_https=False)
    return target if target and allowed and target.startswith("/") and not target.startswith("//") else fallback


class ServiceFormMixin(_FormPage):
    """For create and edit pages. The view says how to write with `create(form)` or `update(form, version)`.

    Editing is detected from `self.object`: a saved VersionedModel. Both hooks run inside one transaction.
    """

    success_message = "Saved."
    conflict_template_name = "components/edit_conflict.html"
    object: Any  # the record being edited (UpdateView), None or unset when creating
    request: HttpRequest

    @property
    def editing(self) -> bool:
        record = getattr(self, "object", None)
        return isinstance(record, VersionedModel) and record.pk is not None

    def create(self, form) -> models.Model:
        raise NotImplementedError

    def update(self, form, version: int) -> models.Model:
        raise NotImplementedError

    def after_save(self, record) -> None:
        """Hook: runs after the transaction (e.g. to say more than the success message)."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.editing:  # the form may change its instance while validating: keep self.object as loaded
            kwargs["instance"] = copy.copy(self.object)
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.editing:
            form.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=self.object.version)
        else:
            form.fields["submission"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=new_submission_token()
            )
        return form

    def form_valid(self, form):
        try:
            with transaction.atomic():
                if self.editing:
                    self.object = self.update(form, form.cleaned_data["version"])
                else:
                    with first_submission(form.cleaned_data.get("submission"), user=self.request.user) as sent:
                        if sent.earlier is not None:
                            messages.info(self.request, "That form was already sent: it was saved once, not twice.")
                            return HttpResponseRedirect(sent.earlier or self.request.path)
                        self.object = self.create(form)
                        sent.redirect_to = self.get_success_url()
        except StaleEdit as stale:
            return self.edit_conflict(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(object=self.object))
        self.after_save(self.object)
        return HttpResponseRedirect(self.get_success_url())

    def edit_conflict(self, form, stale: StaleEdit):
        """Someone saved first: show what changed, and the form again with the user's own changes on top."""
        current = stale.current
        opened = _opened(current, stale.opened_version)
        model_fields = {f.name: f for f in current._meta.fields}
        names = [name for name in form.fields if name in model_fields]
        rows, mine = [], {}
        for name in names:
            then, now = _value(opened, name), _value(current, name)
            yours = _cleaned(form.cleaned_data.get(name))
            if yours != then:
                mine[name] = form.cleaned_data.get(name)
            if then != now or yours != then:
                rows.append((name, then, now, yours))
        show = value_displayer(model_fields, [[(n, a, b) for n, a, b, _ in rows] + [(n, c, c) for n, *_, c in rows]])
        last = current.history.select_related("history_user").order_by("-history_date", "-history_id").first()
        again = type(form)(**{**self.get_form_kwargs(), "data": None, "files": None, "instance": current})
        again.initial.update(mine)
        again.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=current.version)
        table = [
            {
                "label": str(model_fields[n].verbose_name).capitalize(),
                "then": show(n, a),
                "now": show(n, b),
                "yours": show(n, c),
                "theirs_changed": a != b,
                "yours_changed": c != a,
            }
            for n, a, b, c in rows
        ]
        context = self.get_context_data(form=again, conflict=table, changed_by=last, record=current)
        return render(self.request, self.conflict_template_name, context, status=409)


def _opened(current: VersionedModel, version: int) -> models.Model:
    """The record as the editor saw it (from its history); the current record if history has no such row."""
    row = current.history.filter(version=version).order_by("-history_date", "-history_id").first()
    return row.instance if row is not None else current


def _value(record: models.Model, name: str) -> Any:
    field = cast(models.Field, record._meta.get_field(name))
    return getattr(record, field.attname)


def _cleaned(value: Any) -> Any:
    """A form's cleaned value in the shape the model stores it (a related object → its id)."""
    return value.pk if isinstance(value, models.Model) else value
