"""People & change: forms."""
