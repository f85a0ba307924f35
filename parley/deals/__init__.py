"""Stage: deals."""
