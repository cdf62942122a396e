"""People & change: selectors."""
