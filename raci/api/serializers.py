"""The shapes of the RACI API. Input is checked for shape only; raci/services.py decides the rest."""

from rest_framework import serializers

from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer, in_program
from connectmobilize.lib.api.jobs import CellProblemSerializer, JobSerializer
from connectmobilize.lib.models import JobStatus
from programs.models import Role, Workstream

from ..choices import Code, MatrixKind
from ..models import Activity, Matrix, MatrixColumn, StoredFinding
from ..services import MAX_CELLS_PER_CHANGE
from ..starting_matrices import STARTING_MATRICES

VERSION = serializers.IntegerField(
    min_value=1,
    required=False,
    help_text="Reads: the matrix's version (also its ETag). Edits: the version you read (or send If-Match).",
)


class MatrixSerializer(StrictModelSerializer):
    version = VERSION
    workstream = serializers.PrimaryKeyRelatedField(
        queryset=Workstream.objects.none(), required=False, allow_null=True, help_text="A workstream of the program."
    )
    activity_count = serializers.IntegerField(read_only=True, help_text="Rows.")
    column_count = serializers.IntegerField(read_only=True, help_text="Roles as columns.")
    error_count = serializers.IntegerField(read_only=True, help_text="Errors the rule check finds (none to approve).")
    scoped = {"workstream": in_program("workstreams", archived=False)}

    class Meta:
        model = Matrix
        fields = ["id", "name", "kind", "description", "workstream", "phase", "status", "max_responsible",
                  "max_consulted", "max_informed_pct", "max_responsible_pct", "max_accountable_pct", "error_count",
                  "activity_count", "column_count", "version"]  # fmt: skip
        read_only_fields = ["id"]


class MatrixCreateSerializer(MatrixSerializer):
    starting_from = serializers.ChoiceField(
        choices=[(m.key, m.name) for m in STARTING_MATRICES.values()],
        required=False,
        write_only=True,
        help_text="Start from a standard matrix (its rows, columns and letters; missing roles are added).",
    )

    class Meta(MatrixSerializer.Meta):
        fields = [*MatrixSerializer.Meta.fields, "starting_from"]
        read_only_fields = ["id", "status"]  # a new matrix is a draft


class GridColumnSerializer(serializers.Serializer):
    role = serializers.IntegerField(help_text="The role's id (send it to set a cell).")
    code = serializers.CharField(help_text="The role's code: the key of the rows' cells.")
    name = serializers.CharField()


class GridRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The activity's id (send it to set a cell).")
    group = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    cells = serializers.DictField(
        child=serializers.ChoiceField(choices=Code.choices),
        help_text="Filled cells only: role code → letters. A role without a key is an empty cell.",
    )


class SummarySerializer(serializers.Serializer):
    errors = serializers.IntegerField()  # type: ignore[assignment]  # a field, not Serializer.errors (DRF pops it)
    warnings = serializers.IntegerField()
    infos = serializers.IntegerField()


class GridMatrixSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()


class GridSerializer(serializers.Serializer):
    matrix = GridMatrixSerializer()
    columns = GridColumnSerializer(many=True)
    rows = GridRowSerializer(many=True)
    summary = SummarySerializer(help_text="The rule check's counts (findings: the findings resource).")


class FindingSerializer(serializers.ModelSerializer):
    activity = serializers.IntegerField(source="activity_id", allow_null=True, help_text="Its row, if any.")
    role = serializers.IntegerField(source="role_id", allow_null=True, help_text="Its column, if any.")

    class Meta:
        model = StoredFinding
        fields = ["id", "rule", "severity", "message", "activity", "role"]


class CellSetSerializer(StrictSerializer):
    activity = serializers.IntegerField(help_text="The row's activity id.")
    role = serializers.IntegerField(help_text="The column's role id.")
    code = serializers.CharField(
        max_length=2, allow_blank=True, help_text='The letters to put: R, A, S, C, I or AR; "" clears the cell.'
    )
    expected = serializers.CharField(
        max_length=2, allow_blank=True, help_text='What the cell held when you read it ("" for empty).'
    )


class BriefFindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()


class CellSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    role = serializers.IntegerField()
    code = serializers.CharField(allow_blank=True)
    row_findings = BriefFindingSerializer(many=True)
    column_findings = BriefFindingSerializer(many=True)
    summary = SummarySerializer()


class CellConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = serializers.CharField(allow_blank=True, help_text="What the cell holds now; read it and decide again.")


class CellWriteSerializer(StrictSerializer):
    activity = serializers.IntegerField(help_text="The row's activity id.")
    role = serializers.IntegerField(help_text="The column's role id.")
    code = serializers.CharField(
        max_length=20, allow_blank=True,
        help_text='What to put, as typed or pasted in the grid ("R", "A/R", "r, a"); "" clears the cell.',
    )  # fmt: skip
    expected = serializers.CharField(
        max_length=2, allow_blank=True, help_text='What the cell held when you read it ("" for empty).'
    )


class CellsSetSerializer(StrictSerializer):
    cells = serializers.ListField(
        child=CellWriteSerializer(), allow_empty=False, max_length=MAX_CELLS_PER_CHANGE,
        help_text=f"The cells of one change (a paste, several cells set or cleared): all or none; at most "
        f"{MAX_CELLS_PER_CHANGE:,}.",
    )  # fmt: skip


class CellChangeSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    role = serializers.IntegerField()
    before = serializers.CharField(allow_blank=True)
    after = serializers.CharField(allow_blank=True)


class CellsSerializer(serializers.Serializer):
    changed = CellChangeSerializer(many=True, help_text="The cells that changed (a cell sent as it was is not).")
    summary = SummarySerializer()


class CellNowSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    role = serializers.IntegerField()
    current = serializers.CharField(allow_blank=True, help_text="What the cell holds now.")
    name = serializers.CharField(help_text="The row × the column, as the grid page names it.")


class CellsConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    cells = CellNowSerializer(many=True, help_text="The cells someone else changed since you read them.")


# Spreadsheet jobs -------------------------------------------------------------------------------------


class ImportSerializer(JobSerializer):
    matrix = serializers.IntegerField(
        source="matrix_id", read_only=True, allow_null=True, help_text="The matrix it goes into (made when applied)."
    )
    new_name = serializers.CharField(read_only=True, help_text="For an import that makes a new matrix.")
    kind = serializers.CharField(read_only=True)
    filename = serializers.CharField(read_only=True)


class ImportUploadSerializer(StrictSerializer):
    file = serializers.FileField(help_text="The workbook (.xlsx, at most 5 MB).")
    matrix = serializers.PrimaryKeyRelatedField(
        queryset=Matrix.objects.none(), required=False, allow_null=True,
        help_text="A matrix of the program to import into; leave out to make a new matrix (then give `name`).",
    )  # fmt: skip
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text="The new matrix's name.")
    kind = serializers.ChoiceField(choices=MatrixKind.choices, default=MatrixKind.RASCI, help_text="The new matrix's.")

    scoped = {"matrix": in_program("matrices")}

    def validate(self, attrs):
        if attrs.get("matrix") is None and not (attrs.get("name") or "").strip():
            raise serializers.ValidationError({"name": ["Name the new matrix (or give `matrix` to import into)."]})
        return attrs


class ColumnMappingSerializer(serializers.Serializer):
    column = serializers.CharField(help_text="The column's header in the sheet.")
    role = serializers.IntegerField(allow_null=True, help_text="The program role it is mapped to; null: a new role.")


class LetterChangeSerializer(serializers.Serializer):
    activity = serializers.CharField()
    role = serializers.CharField()
    before = serializers.CharField(allow_blank=True)
    after = serializers.CharField(allow_blank=True)


class PlanCountsSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    changed = serializers.IntegerField()
    removed = serializers.IntegerField()


class RuleCountsSerializer(serializers.Serializer):
    # Absent for a preview planned before the check was shown. `errors` is a field, not Serializer.errors.
    errors = serializers.IntegerField(required=False, help_text="Rule errors it would have: no approval.")  # type: ignore[assignment]
    warnings = serializers.IntegerField(required=False)


class PlanSerializer(serializers.Serializer):
    """What applying would change, as the page shows it (names and letters: the first 200 of each)."""

    counts = PlanCountsSerializer()
    is_empty = serializers.BooleanField()
    reordered = serializers.BooleanField()
    new_roles = serializers.ListField(child=serializers.CharField())
    added_columns = serializers.ListField(child=serializers.CharField())
    removed_columns = serializers.ListField(child=serializers.CharField())
    added_activities = serializers.ListField(child=serializers.CharField())
    added_count = serializers.IntegerField()
    removed_activities = serializers.ListField(child=serializers.CharField())
    removed_count = serializers.IntegerField()
    updated_activities = serializers.ListField(child=serializers.CharField())
    updated_count = serializers.IntegerField()
    letters_of_removed = serializers.IntegerField()
    unlinked = serializers.ListField(
        child=serializers.CharField(),
        help_text='Records elsewhere linked to removed activities, whose link applying clears: "2 flow steps".',
    )
    cell_changes = LetterChangeSerializer(many=True)
    cell_change_count = serializers.IntegerField()
    rule_errors = serializers.ListField(
        child=serializers.CharField(), help_text="The rule check of the matrix as applying would leave it: the first "
        "20 errors, in words (\"Row 3 … has no Accountable\").",
    )  # fmt: skip
    rule_counts = RuleCountsSerializer(help_text="The same check counted; empty for a preview planned before it.")


class PreviewSerializer(serializers.Serializer):
    """The review before applying, as on the import page. `plan` is null until the worker has planned (status
    ready). To apply, send back `planned_against` and `mapping` as read, and `seen_ignored` = len(`ignored`)."""

    status = serializers.ChoiceField(choices=JobStatus.choices)
    planned_against = serializers.CharField(
        allow_blank=True, help_text="Names this preview; empty: no valid preview (preview again)."
    )
    stale = serializers.CharField(allow_blank=True, help_text="Why this preview must be seen again, if it must.")
    sheet = serializers.CharField(allow_blank=True)
    header_row = serializers.IntegerField()
    activity_count = serializers.IntegerField()
    mapping = ColumnMappingSerializer(many=True)
    problems = CellProblemSerializer(many=True, help_text="Errors in the sheet, by cell: none, or nothing applies.")
    ignored = CellProblemSerializer(many=True, help_text="Cells of the sheet that would not be imported.")
    notices = serializers.ListField(child=serializers.CharField(), help_text="What was read otherwise than written.")
    reading = serializers.DictField(help_text="The corrections this preview was read with (see `reread`).")
    layout = serializers.DictField(help_text="Where the table was found: `sheets` (all of them), `sheet`, "
                                   "`header_rows`, `activity`, `roles` and `ignored` columns (0-based).")  # fmt: skip
    plan = PlanSerializer(allow_null=True)


class ImportConfirmSerializer(StrictSerializer):
    planned_against = serializers.CharField(max_length=64, help_text="The preview's `planned_against`, as read.")
    mapping = serializers.ListField(
        child=serializers.IntegerField(allow_null=True, min_value=1), max_length=2000,
        help_text="The preview's role per column, as read (null: a new role).",
    )  # fmt: skip
    seen_ignored = serializers.IntegerField(
        min_value=0, default=0, help_text="How many cells you saw in `ignored` (all of them, to apply)."
    )


class ImportRereadSerializer(StrictSerializer):
    """Where the table is, as the import page's "Read it otherwise": each field left out is left to the content."""

    sheet = serializers.CharField(max_length=100, allow_blank=True, default="",
                                  help_text="The sheet to read (one of the preview's `layout.sheets`).")  # fmt: skip
    header_row = serializers.IntegerField(min_value=0, default=0,
                                          help_text="The row above the first activity (1-based); 0: found")  # fmt: skip
    activity = serializers.IntegerField(min_value=0, allow_null=True, default=None,
                                        help_text="The activity names' column (0-based); null: found.")  # fmt: skip
    ignore = serializers.ListField(child=serializers.IntegerField(min_value=0), max_length=200, default=list,
                                   help_text="Columns (0-based) not to read as roles.")  # fmt: skip
    names = serializers.RegexField(r"^(|combined|[0-9]{1,7})$", max_length=10, allow_blank=True, default="",
                                   help_text="Name role columns by the lowest header row (empty), all header rows "
                                   "together (`combined`), or one row (its number).")  # fmt: skip
    letters = serializers.DictField(child=serializers.CharField(max_length=3, allow_blank=True), default=dict,
                                    help_text="A letter the kind does not know → the code it stands for; empty: "
                                    "leave those cells out.")  # fmt: skip
    transposed = serializers.BooleanField(allow_null=True, default=None,
                                          help_text="Roles as rows; null: decided by the content.")  # fmt: skip
    combined = serializers.ChoiceField(choices=["", "first", "strongest"], default="",
                                       help_text="A cell with several letters: refuse (empty), keep the first or "
                                       "the strongest.")  # fmt: skip
    duplicates = serializers.ChoiceField(choices=["", "keep"], default="",
                                         help_text="An activity named twice in one phase: refuse (empty) or keep "
                                         "both.")  # fmt: skip


class ImportReplanSerializer(StrictSerializer):
    mapping = serializers.ListField(
        child=serializers.IntegerField(allow_null=True, min_value=1), max_length=2000,
        help_text="A program role id per sheet column, in order; null: make a new role.",
    )  # fmt: skip


class ExportSerializer(JobSerializer):
    matrix = serializers.IntegerField(source="matrix_id", read_only=True)
    filename = serializers.CharField(read_only=True, help_text="The workbook's name, once done.")


class ExportStartSerializer(StrictSerializer):
    matrix = serializers.PrimaryKeyRelatedField(queryset=Matrix.objects.none(), help_text="A matrix of the program.")

    scoped = {"matrix": in_program("matrices")}


# Rows and columns -------------------------------------------------------------------------------------


class ActivitySerializer(StrictModelSerializer):
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Reads: the row's version (also its ETag). Edits and removal: the version you read (or If-Match).",
    )

    class Meta:
        model = Activity
        fields = ["id", "group", "name", "description", "position", "version"]
        read_only_fields = ["id", "position"]


class MoveSerializer(StrictSerializer):
    direction = serializers.ChoiceField(
        choices=[("up", "up"), ("down", "down")], required=False, help_text="One place up or down, as the page."
    )
    position = serializers.IntegerField(
        min_value=0, max_value=100000, required=False, help_text="Or: where it goes (0 first; past the end: last)."
    )
    version = serializers.IntegerField(
        min_value=1, required=False,
        help_text="The version read (or If-Match): the row's for a row, the matrix's for a column.",
    )  # fmt: skip

    def validate(self, attrs):
        if ("direction" in attrs) == ("position" in attrs):
            raise serializers.ValidationError({"direction": ["Send `direction` or `position` (one of them)."]})
        return attrs


class ColumnSerializer(StrictModelSerializer):
    role = serializers.PrimaryKeyRelatedField(queryset=Role.objects.none(), help_text="A role of the program.")
    role_code = serializers.CharField(source="role.code", read_only=True)
    role_name = serializers.CharField(source="role.name", read_only=True)
    scoped = {"role": in_program("roles")}

    class Meta:
        model = MatrixColumn
        fields = ["id", "role", "role_code", "role_name", "position"]
        read_only_fields = ["id", "position"]
