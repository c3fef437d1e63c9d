"""The data the extractors hand to the build (``flows.extract.rows`` turns it into rows).

Offsets are ``[char_start, char_end)`` into the *cleaned* document text, so
``text[char_start:char_end]`` is the row's span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The records built for every statement, speaker and figure are not frozen: a frozen
# dataclass is built ~3x slower (about 1-2 % of a batch each); new values go through replace().


@dataclass(slots=True)
class Speaker:
    """A person (or, for interview questions, a media outlet) quoted in one document."""

    name: str
    titles: tuple[str, ...] = ()
    organization: str | None = None
    region: str | None = None
    name_pinyin: str | None = None
    kind: str = "person"  # "person" | "outlet"


@dataclass(slots=True)
class Statement:
    char_start: int
    char_end: int
    speaker: str  # Speaker.name of the document's speaker
    quote: str  # "direct" | "indirect" | "mixed"
    cue: str | None  # reporting verb as printed, None for continuations and labels
    attribution: str  # "explicit" | "pronoun" | "continuation"
    section: str | None  # nearest heading above


@dataclass(frozen=True)
class SpeechResult:
    statements: list[Statement] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)


@dataclass(slots=True)
class Quantity:
    """A numeric goal (kind "goal") or a reported figure (kind "fact")."""

    kind: str  # "goal" | "fact"
    char_start: int
    char_end: int
    value: float
    unit_text: str
    value_normalized: float
    unit: str
    comparator: str  # eq gt ge lt le approx range
    measure: str  # "level" | "growth"
    direction: str | None = None  # "up" | "down" for growth, None for levels
    metric: str | None = None
    subject: str | None = None
    year: int | None = None  # target_year for goals, year for facts
    horizon: str | None = None
    value_high: float | None = None
    value_high_normalized: float | None = None
