from django import template

register = template.Library()


@register.filter
def person(user, empty="—"):
    """A user's full name, else their user name; `empty` when there is nobody."""
    if user is None:
        return empty
    return user.get_full_name() or user.username
