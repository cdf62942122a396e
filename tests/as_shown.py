"""A form sent the way a browser sends it: only what the page shows (selected options, ticked boxes, text)."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Each form's fields as a browser would send them: [(name, value), ...] per form, in page order."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.inside = self.select = self.textarea = self.first = None
        self.multiple = self.chosen = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        values = self.forms[-1]
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                values.append((a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self.select, self.multiple, self.first, self.chosen = a.get("name"), "multiple" in a, None, False
        elif tag == "option" and self.select:
            if self.first is None:
                self.first = a.get("value", "")
            if "selected" in a:
                values.append((self.select, a.get("value", "")))
                self.chosen = True
        elif tag == "textarea":
            self.textarea = a.get("name")
            values.append((self.textarea, ""))

    def handle_data(self, data):
        if self.inside and self.textarea:
            name, text = self.forms[-1].pop()
            self.forms[-1].append((name, text + data))

    def handle_endtag(self, tag):
        if tag == "select" and self.inside:
            if not self.chosen and not self.multiple and self.first is not None:
                self.forms[-1].append((self.select, self.first))  # a browser sends a list's first option
            self.select = None
        elif tag == "textarea" and self.inside:
            name, text = self.forms[-1].pop()
            self.forms[-1].append((name, text.removeprefix("\n")))  # as browsers drop the newline after the tag
            self.textarea = None
        elif tag == "form":
            self.inside = None


def form_as_shown(html: str, *, having: str = "version", **changes) -> dict[str, str | list[str]]:
    """The first form of the page with a field named `having` (an edit form's version), as a browser would send
    it, with `changes` typed over it; a name sent more than once (ticked boxes) gives a list."""
    reader = _FormReader()
    reader.feed(html)
    form = next(values for values in reader.forms if any(name == having for name, _ in values))
    sent: dict[str, list[str]] = {}
    for name, value in form:
        sent.setdefault(name, []).append(value)
    data: dict[str, str | list[str]] = {name: v[0] if len(v) == 1 else v for name, v in sent.items()}
    return {**data, **changes}
