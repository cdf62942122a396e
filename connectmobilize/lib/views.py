"""The one way a page writes: the form parses the input, a service writes it.

An edit form carries the version it was opened at; when someone saved in between, the service refuses
(StaleEdit) and the page shows what changed and offers the user's own changes again on top. A create
form carries a token; the same form sent twice creates once and the second send lands where the first did.
"""

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .access import Capability, ProgramAccessMixin
from .history import field_label, history_entries, value_displayer
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
    """The model fields of a ModelForm as entered (line breaks as LF), for the service that writes them."""
    return {
        name: normalise_text(value) if isinstance(value, str) else value
        for name, value in form.cleaned_data.items()
        if name in (form._meta.fields or ())
    }


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
            add_version_fields(form, self.object)
        else:
            form.fields["submission"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=new_submission_token()
            )
        return form

    def form_valid(self, form):
        try:
            with transaction.atomic():
                if self.editing:
                    version = form.cleaned_data.get("version")
                    if version is None:  # opened to create it; someone created it meanwhile
                        raise StaleEdit(self.object, 0)
                    self.object = self.update(form, version)
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
        conflict = Conflict.of(form, current, stale.opened_version)
        if not conflict.differs:  # the same form sent twice (a double click): the first send saved it all
            self.object = current
            messages.info(self.request, "That form was already sent: it was saved once.")
            return HttpResponseRedirect(self.get_success_url())
        again = type(form)(**{**self.get_form_kwargs(), "data": None, "files": None, "instance": current})
        again.initial.update(conflict.mine)
        add_version_fields(again, current)
        last = current.history.select_related("history_user").order_by("-history_date", "-history_id").first()
        context = self.get_context_data(form=again, conflict=conflict.table, changed_by=last, record=current)
        return render(self.request, self.conflict_template_name, context, status=409)


def add_version_fields(form: forms.BaseForm, record: VersionedModel) -> None:
    """The version the form is opened at, and the many-to-many values it shows (history keeps those apart)."""
    form.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=record.version, required=False)
    for name in _many_to_many(form, record):
        shown = ",".join(str(pk) for pk in sorted(getattr(record, name).values_list("pk", flat=True)))
        form.fields[f"opened_{name}"] = forms.CharField(widget=forms.HiddenInput, initial=shown, required=False)


def _many_to_many(form: forms.BaseForm, record: models.Model) -> list[str]:
    return [f.name for f in record._meta.many_to_many if f.name in form.fields]


@dataclass
class Conflict:
    """Field by field: the value when the editor opened the record, now, and the editor's."""

    rows: list[tuple[models.Field, Any, Any, Any]]
    mine: dict[str, Any]  # the editor's own changes, to offer again on top

    @classmethod
    def of(cls, form: forms.BaseForm, current: VersionedModel, opened_version: int) -> "Conflict":
        opened = _opened(current, opened_version)
        rows: list[tuple[Any, Any, Any, Any]] = []
        mine: dict[str, Any] = {}
        for field in current._meta.fields:
            if field.name in form.fields and field.name != "version":
                then, now = _comparable(getattr(opened, field.attname)), _comparable(getattr(current, field.attname))
                rows.append((field, then, now, _comparable(form.cleaned_data.get(field.name))))
        for name in _many_to_many(form, current):
            now = frozenset(getattr(current, name).values_list("pk", flat=True))
            shown = form.data.get(f"opened_{name}")
            then = frozenset(int(pk) for pk in shown.split(",") if pk) if shown is not None else now
            rows.append((current._meta.get_field(name), then, now, _comparable(form.cleaned_data.get(name))))
        for field, then, _, yours in rows:
            if yours != then:
                mine[field.name] = form.cleaned_data.get(field.name)
        return cls([row for row in rows if row[1] != row[2] or row[3] != row[1]], mine)

    @property
    def differs(self) -> bool:
        """Whether what the editor sent differs from the record as it is now."""
        return any(yours != now for _, _, now, yours in self.rows)

    @property
    def table(self) -> list[dict[str, Any]]:
        plain = [row for row in self.rows if not row[0].many_to_many]
        fields = {field.name: field for field, *_ in plain}
        show = value_displayer(
            fields, [[(f.name, a, b) for f, a, b, _ in plain], [(f.name, c, c) for f, *_, c in plain]]
        )
        names = _related_names(self.rows)
        return [
            {
                "label": field_label(field),
                "then": names(field, then) if field.many_to_many else show(field.name, then),
                "now": names(field, now) if field.many_to_many else show(field.name, now),
                "yours": names(field, yours) if field.many_to_many else show(field.name, yours),
                "theirs_changed": then != now,
                "yours_changed": yours != then,
            }
            for field, then, now, yours in self.rows
        ]


def _related_names(rows):
    """Labels for many-to-many values: the related records, loaded with one query per field."""
    loaded = {}
    for field, then, now, yours in rows:
        if field.many_to_many:
            loaded[field.name] = field.related_model._default_manager.in_bulk(then | now | yours)

    def names(field, pks) -> str:
        return ", ".join(sorted(str(loaded[field.name].get(pk, f"#{pk}")) for pk in pks)) or "—"

    return names


def _opened(current: VersionedModel, version: int) -> models.Model:
    """The record as the editor saw it (from its history); the current record if history has no such row."""
    row = current.history.filter(version=version).order_by("-history_date", "-history_id").first()
    return row.instance if row is not None else current


def _comparable(value: Any) -> Any:
    """A value in the shape the model stores it: a related object → its id, several → a set of ids, text
    with the line endings a browser sends (CRLF) → as stored (LF)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return frozenset(item.pk if isinstance(item, models.Model) else item for item in value)
    if isinstance(value, str):
        return normalise_text(value)
    return value


def normalise_text(text: str) -> str:
    """Browsers send line breaks as CRLF; the importer and everything else as LF: keep one."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The pages of a program's records (milestones, risks, services, flows...) ------------------------------


class ProgramObjectMixin(ProgramAccessMixin):
    """Looks records up inside the program only: another program's id is a 404."""

    model: type

    def get_queryset(self):
        return self.model.objects.filter(program=self.program)


class ProgramFormMixin(ProgramObjectMixin, ServiceFormMixin):
    """A create or edit page of a program's record, on the shared form template."""

    capability = Capability.PLAN
    template_name: str | None = "programs/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name=self.model._meta.verbose_name, **kwargs)


class RecordFormPage(ProgramAccessMixin, ServiceFormMixin):
    """A create or edit page of a program's record whose view finds the record itself (`get_object`) and names
    it (`model_name`): the form gets the program, an edit shows the record's history, saving opens its page."""

    template_name: str | None = "programs/object_form.html"
    model_name = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        record = getattr(self, "object", None)
        history = history_entries(record) if getattr(record, "pk", None) else None
        kwargs.setdefault("model_name", self.model_name)
        return super().get_context_data(history=history, **kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class ProgramDetailMixin(ProgramObjectMixin):
    """A record's page, with its history."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_entries(self.object), **kwargs)
