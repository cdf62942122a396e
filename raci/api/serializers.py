"""The shapes of the RACI API. Input is checked for shape only; raci/services.py decides the rest."""

from rest_framework import serializers

from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer
from programs.models import Workstream

from ..choices import Code
from ..models import Matrix, StoredFinding
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

    class Meta:
        model = Matrix
        fields = ["id", "name", "kind", "description", "workstream", "phase", "status", "max_responsible",
                  "max_consulted", "max_informed_pct", "max_responsible_pct", "max_accountable_pct", "error_count",
                  "activity_count", "column_count", "version"]  # fmt: skip
        read_only_fields = ["id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.context.get("program")
        if program is not None:
            self.fields["workstream"].queryset = program.workstreams.filter(archived=False)


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
