"""Statements and speakers (first version: to be written)."""
from __future__ import annotations

from flows.extract.types import SpeechResult


def extract_speech(text: str) -> SpeechResult:
    return SpeechResult()
