"""The grid's cells, written in Python: a section has thousands of them, and a template per cell is slow."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _cell(activity_id: int, role_id: int, code: str) -> str:
    # The row (tr data-a) and the id say which cell it is; the script reads the letter from the text.
    code = escape(code)
    return f'<td id="c{activity_id}-{role_id}" class="cell code-{code or "none"}">{code}</td>'


@register.simple_tag
def grid_cell(activity_id: int, role_id: int, code: str) -> SafeString:
    return mark_safe(_cell(activity_id, role_id, code))  # noqa: S308 (escaped above)


@register.simple_tag
def grid_row_cells(row) -> SafeString:
    """The cells of a selectors.GridRow, in column order."""
    activity_id = row.activity.pk
    return mark_safe("".join(_cell(activity_id, cell.column.role_id, cell.code) for cell in row.cells))  # noqa: S308
