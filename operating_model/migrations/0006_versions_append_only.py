from django.db import migrations

from connectmobilize.lib.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("operating_model", "0005_versions_and_sign_off")]

    operations = [
        append_only(
            "operating_model_modelversion", "published versions are frozen: publish a new version instead"
        ),
        append_only("operating_model_modelsignoff", "sign-offs are append-only: sign the next version instead"),
    ]
