"""The grid's cells, written in Python: a section has thousands of them, and a template per cell is slow."""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from raci.letters import as_written, describe
from raci.rule_texts import meaning

register = template.Library()


def _cell(activity_id: int, role_id: int, code: str, extra: str = "") -> str:
    # The row (tr data-a) and the id say which cell it is; the script reads the letter from the text
    # (A/R as the menu and the legend write it).
    code = escape(code)
    return f'<td id="c{activity_id}-{role_id}" class="cell code-{code or "none"}"{extra}>{as_written(code)}</td>'


@register.simple_tag
def grid_cell(activity_id: int, role_id: int, code: str, oob: bool = False) -> SafeString:
    """One cell; `oob`: for an htmx out-of-band swap (a change set answers with many cells)."""
    extra = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(_cell(activity_id, role_id, code, extra))  # noqa: S308 (escaped above)


@register.simple_tag
def grid_row_cells(row) -> SafeString:
    """The cells of a selectors.GridRow, in column order."""
    activity_id = row.activity.pk
    return mark_safe("".join(_cell(activity_id, cell.column.role_id, cell.code) for cell in row.cells))  # noqa: S308


register.filter(as_written)


@register.filter
def letter_meaning(code: str) -> str:
    return describe(code)


@register.simple_tag(takes_context=True)
def rule_code(context, code: str) -> SafeString:
    """A finding's rule code as a link to its rule on the help page; its meaning is in the link's text (read out,
    and shown as a tooltip on hover and on keyboard focus), so the code is never the only thing a user gets."""
    slug = context["request"].resolver_match.kwargs["program_slug"]  # every page listing findings is a program's
    url = reverse("raci:rule_help", kwargs={"program_slug": slug}) + f"#rule-{code}"
    return format_html(
        '<a class="rule rule-code" href="{}" data-rule="{}">{}<span class="rule-tip" role="tooltip">{}</span></a>',
        url, code, code, meaning(code),
    )  # fmt: skip
