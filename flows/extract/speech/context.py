"""One document's extraction state, passed to every step as ``ctx``: the text and
its normalised copy, the paragraphs, the names known so far and how each is
printed, who is in view (for 他/她, 答: and continuation paragraphs), and the
statements found. The steps that read it live in ``labels``, ``frames``,
``spans`` and ``speakers``; ``statements`` builds it and walks the paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from flows.extract.speech.text import Para, quote_kind


class Found(NamedTuple):
    """A statement as found, its speaker still the normalised name (the printed
    form is only settled at the end); fields as in ``types.Statement``."""

    char_start: int
    char_end: int
    speaker: str
    quote: str
    cue: str | None
    attribution: str
    section: str | None


@dataclass
class Turns:
    """Who is speaking and who is in view as the paragraphs are read."""

    section: str | None = None
    _last_person: str | None = None  # pronoun antecedent (see last_person)
    prev_speaker: str | None = None  # speaker a continuation paragraph would carry on
    label_speaker: str | None = None  # transcript mode: a label in its own paragraph
    interviewee: str | None = None  # who answers 答: in the current article
    label_count: int = 0
    pending: list[Para] = field(default_factory=list)  # paragraphs of a quotation not yet attributed
    recent: list[str] = field(default_factory=list)  # the antecedents so far, the latest last
    gender: dict[str, str] = field(default_factory=dict)  # name → the pronoun (他/她) it was taken up by

    @property
    def last_person(self) -> str | None:
        return self._last_person

    @last_person.setter
    def last_person(self, name: str | None) -> None:
        self._last_person = name
        if name is None:
            self.recent.clear()  # a new article: no antecedent reaches back
        elif not self.recent or self.recent[-1] != name:
            self.recent.append(name)

    def antecedent(self, pronoun: str | None, default: str | None) -> str | None:
        """The person a 他/她 stands for: ``default`` (the person in view) unless
        the pronoun has been used for someone else and so does not fit them; then
        the latest person the pronoun fits (两位代表: 他 … 她 …)."""
        if pronoun not in ("他", "她") or default is None or self.gender.get(default, pronoun) == pronoun:
            who = default
        else:
            who = next((n for n in reversed(self.recent) if self.gender.get(n) == pronoun), default)
        if who is not None and pronoun in ("他", "她"):
            self.gender.setdefault(who, pronoun)
        return who


@dataclass
class DocContext:
    """One document's extraction run (see the module docstring)."""

    text: str
    norm: str  # ``text`` normalised, of the same length
    paras: list[Para]
    starts: list[int]  # where each paragraph's prose starts, after a dateline
    outlet: str | None  # the outlet 记者: and 本报 stand for
    outlet_at: int  # where the credits print it (-1: not printed)
    known: dict[str, str] = field(default_factory=dict)  # names known (in the order learned)
    turns: Turns = field(default_factory=Turns)
    found: list[Found] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)  # normalised name → printed
    kinds: dict[str, str] = field(default_factory=dict)  # speaker → "person" | "outlet"

    def print_form(self, name: str, pos: int) -> str:
        """How ``name`` is printed: as in ``text`` at ``pos`` the first time it is asked."""
        if name not in self.printed:
            self.printed[name] = self.text[pos : pos + len(name)] if pos >= 0 else name
        return self.printed[name]

    def learn(self, name: str, pos: int) -> None:
        """Know ``name`` from now on, printed as at ``pos``."""
        self.known.setdefault(name, name)
        self.print_form(name, pos)

    def emit(
        self,
        start: int,
        end: int,
        name: str,
        attribution: str,
        *,
        kind: str = "person",
        cue: tuple[int, int] | None = None,
        frame: tuple[int, int] | None = None,
        quote: str | None = None,
    ) -> None:
        """Record the statement ``norm[start:end]`` (trailing white space trimmed) of ``name``
        (a person or an outlet: ``kind``), introduced by the reporting verb at ``cue`` in the
        frame ``frame``; ``quote`` (direct/indirect/mixed) is read from the span if not given."""
        while end > start and self.norm[end - 1] in " \n":
            end -= 1
        if end <= start:
            return
        self.kinds.setdefault(name, kind)
        self.found.append(
            Found(
                start,
                end,
                name,
                quote or quote_kind(self.norm, start, end, frame),
                self.text[cue[0] : cue[1]] if cue and cue[1] > cue[0] else None,
                attribution,
                self.turns.section,
            )
        )
