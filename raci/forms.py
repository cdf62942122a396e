from django import forms

from programs.forms import CrispyMixin, ProgramRecordForm

from .choices import MatrixKind
from .models import Activity, Matrix
from .starting_matrices import STARTING_MATRICES


class MatrixCreateForm(ProgramRecordForm):
    submit_label = "Create matrix"
    starting_from = forms.ChoiceField(
        required=False,
        label="Start from",
        choices=[("", "An empty matrix")] + [(m.key, f"{m.name}: {m.description}") for m in STARTING_MATRICES.values()],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Matrix
        fields = ["name", "kind", "workstream", "phase", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class MatrixSettingsForm(MatrixCreateForm):
    submit_label = "Save"
    starting_from = None  # type: ignore[assignment]  # settings do not restart the matrix

    class Meta(MatrixCreateForm.Meta):
        fields = [
            "name", "kind", "workstream", "phase", "description",
            "max_responsible", "max_consulted", "max_informed_pct", "max_responsible_pct", "max_accountable_pct",
        ]  # fmt: skip


class ActivityForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["group", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (.xlsx)",
        help_text="One row per activity, one column per role, letters R, A, S, C, I (or A/R) in the cells: the table "
        "is found wherever it is in the workbook.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class NewMatrixImportForm(ImportUploadForm):
    name = forms.CharField(max_length=200, label="Name of the new matrix")
    kind = forms.ChoiceField(choices=MatrixKind.choices, initial=MatrixKind.RASCI)


AUTOMATIC = ""
LEAVE_OUT = "-"


class ImportReadingForm(forms.Form):
    """The user's corrections of where the table is, offered from what the worker found (`ParsedMatrix.layout`).
    Only shapes the input: the service checks it against the job."""

    sheet = forms.ChoiceField(label="Sheet")
    header_row = forms.IntegerField(label="Header row (just above the first activity)", min_value=1, max_value=20_000)
    activity = forms.ChoiceField(label="Activity names in column")
    ignore = forms.MultipleChoiceField(label="Columns to leave out", required=False,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    names = forms.ChoiceField(label="Name the role columns by", required=False)
    transposed = forms.ChoiceField(
        label="Activities are in",
        choices=[(AUTOMATIC, "rows or columns, as found"), ("rows", "rows"), ("columns", "columns (roles as rows)")],
        required=False,
    )

    def __init__(self, *args, layout: dict, kind_codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        columns = layout.get("columns") or []
        line = "row " if layout.get("transposed") else ""  # read turned, the table's columns are the sheet's rows
        label = {c["index"]: f"{line}{c['letter']}{' – ' + c['header'] if c['header'] else ''}" for c in columns}
        fields = self.fields
        if layout.get("transposed"):
            fields["header_row"].label = "Header column, by number (A is 1): the one left of the first activity"
            fields["activity"].label = "Activity names in"
            fields["ignore"].label = "Rows to leave out"
        fields["sheet"].choices = [(s, s) for s in layout.get("sheets") or []]  # type: ignore[attr-defined]
        fields["activity"].choices = [(str(i), text) for i, text in label.items()]  # type: ignore[attr-defined]
        offered = [*layout.get("roles", []), *layout.get("ignored", [])]
        fields["ignore"].choices = [(str(i), label.get(i, str(i))) for i in sorted(offered)]  # type: ignore[attr-defined]
        rows = layout.get("header_rows") or []
        fields["names"].choices = [  # type: ignore[attr-defined]
            (AUTOMATIC, "the lowest header row (told apart by the rows above where it repeats)"),
            ("combined", "all header rows together (“Team – Person”)"),
            *((str(r), f"row {r} only") for r in rows if len(rows) > 1),
        ]
        for letter, meaning in (layout.get("unknown") or {}).items():
            self.fields[f"letter_{letter}"] = forms.ChoiceField(
                label=f"“{letter}”{f' ({meaning})' if meaning else ''} stands for", required=False,
                choices=[(AUTOMATIC, "not chosen yet"), *((c, c) for c in kind_codes), (LEAVE_OUT, "leave it out")],
            )  # fmt: skip
        if layout.get("combined"):
            self.fields["combined"] = forms.ChoiceField(
                label="A cell with several letters (only A/R may stand together)", required=False,
                choices=[(AUTOMATIC, "refuse it (correct the sheet)"), ("first", "keep the first letter written"),
                         ("strongest", "keep the stronger letter (A/R where both are there)")],
            )  # fmt: skip
        if layout.get("duplicates"):
            self.fields["duplicates"] = forms.ChoiceField(
                label="An activity named twice in one phase", required=False,
                choices=[(AUTOMATIC, "refuse it (rename one in the sheet)"),
                         ("keep", "keep both, the later one named by its row")],
            )  # fmt: skip
        for name, field in self.fields.items():
            if name != "ignore":
                field.widget.attrs["class"] = (
                    "form-control form-control-sm" if name == "header_row" else ("form-select form-select-sm")
                )
            else:
                field.widget.attrs["class"] = "form-check-input"
        chosen = layout.get("reading") or {}
        self.initial = {
            "sheet": layout.get("sheet"), "header_row": rows[-1] if rows else 1,
            "activity": str(layout.get("activity", 0)), "ignore": [str(i) for i in layout.get("ignored", [])],
            "names": chosen.get("names") or AUTOMATIC,
            "transposed": {True: "columns", False: "rows"}.get(bool(chosen.get("transposed")), AUTOMATIC)
            if chosen.get("transposed") is not None else AUTOMATIC,
            **{f"letter_{k}": (v or LEAVE_OUT) for k, v in (chosen.get("letters") or {}).items()},
            "combined": chosen.get("combined") or AUTOMATIC, "duplicates": chosen.get("duplicates") or AUTOMATIC,
        }  # fmt: skip

    @property
    def letter_fields(self):
        """The choices about letters: each letter the kind does not know, and cells holding several letters."""
        return [self[name] for name in self.fields if name.startswith("letter_") or name in ("combined", "duplicates")]

    def reading(self) -> dict:
        """The corrections as a `raci.layout.Reading`; another sheet, or the sheet turned the other way, starts its
        own guess (the header row and columns of one reading mean nothing in another)."""
        data = self.cleaned_data
        letters = {
            name.removeprefix("letter_"): "" if value == LEAVE_OUT else value
            for name, value in data.items()
            if name.startswith("letter_") and value
        }
        transposed = {"rows": False, "columns": True}.get(data.get("transposed") or "")
        combined, duplicates = data.get("combined") or "", data.get("duplicates") or ""
        turned = transposed is not None and transposed != bool(self.layout.get("transposed"))
        if data["sheet"] != self.layout.get("sheet") or turned:
            return {
                "sheet": data["sheet"],
                "names": data.get("names") or "",
                "letters": letters,
                "combined": combined,
                "duplicates": duplicates,
                "transposed": transposed if data["sheet"] == self.layout.get("sheet") else None,
            }
        return {
            "sheet": data["sheet"], "header_row": data["header_row"], "activity": int(data["activity"]),
            "ignore": [int(i) for i in data.get("ignore") or []], "names": data.get("names") or "",
            "letters": letters, "transposed": transposed, "combined": combined,
            "duplicates": duplicates,
        }  # fmt: skip
