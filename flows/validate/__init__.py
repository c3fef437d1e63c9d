"""Validation: pandera models (the specification), the Arrow screen beside them, and the checks between tables."""
