"""Numeric goals and reported figures (first version: to be written)."""
from __future__ import annotations

from flows.extract.types import Quantity


def extract_quantities(text: str, doc_year: int | None) -> list[Quantity]:
    return []
