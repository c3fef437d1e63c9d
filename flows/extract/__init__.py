"""Pure extraction functions: no I/O, no Prefect. Each takes cleaned text and
returns plain dataclasses whose offsets point into that text."""
