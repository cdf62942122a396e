"""Recheck the matrices the quiet-below sizes of rules.QUIET_BELOW change (fewer than 5 activities or 6 roles):
their stored findings still hold the warnings a tiny matrix no longer gets. Errors do not change."""

import importlib

from django.db import migrations
from django.db.models import Count, Q

stored_findings = importlib.import_module("raci.migrations.0006_stored_findings")


def recheck_small_matrices(apps, schema_editor):
    Matrix, StoredFinding = apps.get_model("raci", "Matrix"), apps.get_model("raci", "StoredFinding")
    small = Matrix.objects.annotate(
        n_activities=Count("activities", distinct=True), n_columns=Count("columns", distinct=True)
    ).filter(Q(n_activities__lt=5) | Q(n_columns__lt=6))
    ids = list(small.values_list("pk", flat=True))
    StoredFinding.objects.filter(matrix_id__in=ids).delete()

    class OnlySmall:  # the 0006 function rechecks Matrix.objects.all(): hand it these matrices only
        def get_model(self, app, name):
            model = apps.get_model(app, name)
            if name == "Matrix":
                return type("Small", (), {"objects": model.objects.filter(pk__in=ids)})
            return model

    stored_findings.check_every_matrix(OnlySmall(), schema_editor)


class Migration(migrations.Migration):
    dependencies = [("raci", "0007_import_reading")]

    operations = [migrations.RunPython(recheck_small_matrices, migrations.RunPython.noop)]
