"""The cells are on their rows now (0013): the cell table and its history go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("raci", "0013_letters_on_the_row"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalassignment", name="activity"),
        migrations.RemoveField(model_name="historicalassignment", name="history_user"),
        migrations.RemoveField(model_name="historicalassignment", name="role"),
        migrations.DeleteModel(name="Assignment"),
        migrations.DeleteModel(name="HistoricalAssignment"),
    ]
