"""How a person is shown: by name, never by user name (that is for signing in and for the API).

One rule for pages, emails, spreadsheets and form choices alike: the full name, else the user name
(a user nobody gave a name yet), else `empty` when there is nobody.
"""

from django import forms
from django.contrib.auth import get_user_model


def person_name(user, empty: str = "—") -> str:
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()


def name_people(form: forms.BaseForm) -> None:
    """Every choice of a user on the form reads as the person's name."""
    user_model = get_user_model()
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model is user_model:
            field.label_from_instance = person_name  # type: ignore[attr-defined]
