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
        help_text="Header row with an Activity column and one column per role; letters R, A, S, C, I or A/R.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class NewMatrixImportForm(ImportUploadForm):
    name = forms.CharField(max_length=200, label="Name of the new matrix")
    kind = forms.ChoiceField(choices=MatrixKind.choices, initial=MatrixKind.RASCI)
