"""Stage: forecast."""
