from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from connectmobilize.lib.models import BackgroundJob, TimeStampedModel
from connectmobilize.lib.records import VersionedModel
from programs.models import Program, Role, Workstream

from . import rules
from .choices import ACTIVITY_GROUP_MAX, ACTIVITY_NAME_MAX, MatrixKind, MatrixPhase, MatrixStatus

PERCENT = [MinValueValidator(1), MaxValueValidator(100)]


class Matrix(VersionedModel, TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="matrices")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=MatrixKind, default=MatrixKind.RASCI)
    description = models.TextField(blank=True)
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="matrices"
    )
    phase = models.CharField(max_length=32, choices=MatrixPhase, blank=True)
    status = models.CharField(max_length=16, choices=MatrixStatus, default=MatrixStatus.DRAFT)
    roles = models.ManyToManyField(Role, through="MatrixColumn", related_name="matrices")
    # Rule thresholds (DOMAIN.md §4.2), per matrix.
    max_responsible = models.PositiveSmallIntegerField(
        verbose_name="most Responsibles per row",
        default=3,
        validators=[MinValueValidator(1)],
        help_text="Warn when a row has more Responsibles than this.",
    )
    max_consulted = models.PositiveSmallIntegerField(
        verbose_name="most Consulted roles per row",
        default=4,
        validators=[MinValueValidator(1)],
        help_text="Warn when a row consults more roles than this.",
    )
    max_informed_pct = models.PositiveSmallIntegerField(
        verbose_name="most informed roles per row (%)",
        default=50,
        validators=PERCENT,
        help_text="Warn when a row informs more than this % of the roles.",
    )
    max_responsible_pct = models.PositiveSmallIntegerField(
        verbose_name="most rows one role is Responsible for (%)",
        default=40,
        validators=PERCENT,
        help_text="Warn when a role is Responsible on more than this % of rows.",
    )
    max_accountable_pct = models.PositiveSmallIntegerField(
        verbose_name="most rows one role is Accountable for (%)",
        default=30,
        validators=PERCENT,
        help_text="Warn when a role is Accountable on more than this % of rows.",
    )
    # Kept by services.matrix_recheck after every change, so readiness can read it in one query.
    error_count = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["error_count"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "matrices"
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="matrix_unique_name_per_program"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("raci:matrix_grid", kwargs={"program_slug": self.program.slug, "matrix_id": self.pk})

    @property
    def thresholds(self) -> rules.Thresholds:
        return rules.Thresholds(
            max_responsible=self.max_responsible,
            max_consulted=self.max_consulted,
            max_informed_share=self.max_informed_pct / 100,
            max_responsible_share=self.max_responsible_pct / 100,
            max_accountable_share=self.max_accountable_pct / 100,
        )


class MatrixColumn(models.Model):
    """A program Role shown as a column of a matrix, in the matrix's own order."""

    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="columns")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["matrix", "role"], name="column_unique_role_per_matrix")]

    def __str__(self) -> str:
        return f"{self.role.code} in {self.matrix}"


class LetterOf(models.Func):
    """The letters of one role's cell of a row, NULL when it is empty: for a query that counts or filters one
    column (`Activity.letters` keys are role ids, which Django's own key lookups would read as array indexes)."""

    output_field = models.CharField()

    def __init__(self, role_id: int):
        super().__init__(models.F("letters"), models.Value(str(role_id)))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="jsonb_extract_path_text", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        letters, role_id = self.get_source_expressions()
        path = models.Value(f'$."{role_id.value}"')
        return models.Func(letters, path, function="json_extract").as_sql(compiler, connection, **extra)


class Activity(VersionedModel, TimeStampedModel):
    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="activities")
    group = models.CharField(
        max_length=ACTIVITY_GROUP_MAX, blank=True, help_text="Phase or group the activity sits in."
    )
    name = models.CharField(max_length=ACTIVITY_NAME_MAX)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    # The row's filled cells: role id (a JSON key, so a string) → letters; an empty cell has no key. Kept on the
    # row rather than one record per cell: an import of 500 rows × 40 roles writes 500 rows, not 10,500 cells with
    # their history (docs/decisions/raci-letters-per-row.md). Written only by services; a cell's history is read
    # from the row's (selectors.activity_cell_history).
    letters = models.JSONField(default=dict, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.name

    @property
    def cells(self) -> dict[int, str]:
        """The letters by role id."""
        return cells_of(self.letters)


def cells_of(letters: dict[str, str]) -> dict[int, str]:
    """Stored letters (`Activity.letters`, keyed by role ids as JSON text) by role id."""
    return {int(role_id): code for role_id, code in letters.items()}


class StoredFinding(models.Model):
    """One finding of the matrix's last rule check, kept so a page or a cell edit need not recheck every row.

    Written only by services (a full recheck replaces them all; a cell edit replaces its row's and its
    column's), in the same transaction as the change they describe.
    """

    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="findings")
    activity = models.ForeignKey(Activity, null=True, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey(Role, null=True, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=16)
    severity = models.CharField(max_length=8)
    message = models.TextField()
    # The order the full check lists them in (rules.place): by severity, then row findings by row number,
    # then column findings by column, each in the order its rules ran.
    rank = models.PositiveSmallIntegerField()
    place = models.PositiveIntegerField()
    seq = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank", "place", "seq"]
        indexes = [models.Index(fields=["matrix", "rank", "place", "seq"], name="finding_matrix_order")]

    def __str__(self) -> str:
        return self.message

    def as_finding(self) -> rules.Finding:
        return rules.Finding(self.rule, self.severity, self.message, self.activity_id, self.role_id)


class MatrixImport(BackgroundJob):
    """An uploaded sheet on its way into a matrix: parsed by a worker, reviewed, then applied or dropped.

    The file is kept in the database (not on a web node's disk) so any worker can read it.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="matrix_imports")
    matrix = models.ForeignKey(Matrix, null=True, blank=True, on_delete=models.CASCADE, related_name="imports")
    new_name = models.CharField(max_length=200, blank=True, help_text="For an import that creates a matrix.")
    new_kind = models.CharField(max_length=8, choices=MatrixKind, default=MatrixKind.RASCI)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    parsed = models.JSONField(null=True, blank=True)
    reading = models.JSONField(
        null=True, blank=True, help_text="The user's corrections of where the table is (raci.layout.Reading)."
    )
    mapping = models.JSONField(null=True, blank=True, help_text="Program role id per sheet column; null = new.")
    plan = models.JSONField(null=True, blank=True, help_text="The preview, computed by the worker for `mapping`.")
    planned_against = models.CharField(
        max_length=64, blank=True, help_text="Fingerprint of the matrix the plan was made on; empty: no valid plan."
    )

    def __str__(self) -> str:
        return f"Import of {self.filename} ({self.get_status_display()})"

    @property
    def kind(self) -> str:
        return self.matrix.kind if self.matrix else self.new_kind

    @property
    def target_name(self) -> str:
        return self.matrix.name if self.matrix else self.new_name


class MatrixExport(BackgroundJob):
    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="exports")
    filename = models.CharField(max_length=255, blank=True)
    result = models.BinaryField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Export of {self.matrix} ({self.get_status_display()})"
