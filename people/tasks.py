"""People & change: tasks."""
