from django import template

from connectmobilize.lib.people import person_name

register = template.Library()


@register.filter
def person(user, empty="—"):
    """A user's full name, else their user name; `empty` when there is nobody (lib/people.py)."""
    return person_name(user, empty)
