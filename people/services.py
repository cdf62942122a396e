"""People & change: services."""
