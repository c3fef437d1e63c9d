"""The words right before a reporting verb, read as its subject: a person's name
(titles glued before it, or 代表/委员… after it), several names (张三和李四), a
pronoun, or a source that is no person (a document, a group, someone unnamed).
Also the names printed right after a title anywhere in a sentence
(``titled_mentions``).

Every function here is pure: the names known so far come in as an argument.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from flows.extract.speech import words
from flows.extract.speech.names import (
    CJK,
    COMPOUND_SURNAME_SET,
    COMPOUND_SURNAMES,
    SURNAMES,
    TITLE_SUFFIXES,
    alternation,
    ends_with_title,
    holds_common_word,
    is_person_name,
    split_title_prefix,
    surname_of,
)
from flows.extract.speech.words import either

END_STRIP = re.compile(
    r"(?:在[^,。;]{1,24}?(?:时|中|上|期间|之际|前|后|里)"
    r"|(?:对|向|跟|给|为)(?:本报|本台|新华社|[\u4e00-\u9fff]{0,4})?记者"
    rf"|(?:{either(words.OCCASION_VERBS)})[^,。;]{{0,12}}?时"
    r"|接受(?:本报|新华社|本台|[\u4e00-\u9fff]{0,6})?(?:记者)?(?:采访|专访|访问)时?"
    rf"|{either(words.INTERPOSED_WORDS)}|[\u4e00-\u9fff]{{1,3}}地|{either(words.AMOUNT_WORDS)})$"
)
LEAD_STRIP = re.compile(rf"^(?:{either(words.LEAD_INS)})")
_GROUP = re.compile(
    rf"(?:们|大家|与会[\u4e00-\u9fff]{{0,6}}|不少[\u4e00-\u9fff]{{0,6}}|多位[\u4e00-\u9fff]{{0,6}}|许多[\u4e00-\u9fff]{{0,6}}|"
    rf"{either(words.GROUP_WORDS)})"
    r"(?:纷纷|普遍|一致|都|也|均|还)?$"
    r"|(?:纷纷|普遍|一致|不约而同)$"  # only a group does so (同组代表纷纷表示)
)
_REQUEST = re.compile(rf"^(?:并|再|也|敬|恳|诚)?(?:{either(words.REQUEST_VERBS)})")
_UNNAMED = re.compile(rf"^(?:{either(words.UNNAMED_WORDS)}|[两二三四五六七八九十几多数]+(?:位|名))")
# A definite reference to the person in view by a title (这位代表, 这名80后委员; not 该局局长,
# who may be someone not named)
_DEFINITE = re.compile(r"(?:这位|这名)[\u4e00-\u9fff0-9]{0,6}")
_JOINT = re.compile(r"、|和|与|及|同")
_DOC = re.compile(rf"(?:{either(words.DOCUMENT_WORDS)})(?:中|里|上)?$")
PRONOUNS = ("他", "她")
CJK_CHAR = re.compile(rf"[{CJK}]")
_CJK_RUN = re.compile(rf"[{CJK}]+")

POST_TITLES = words.POST_TITLES
_POST_TITLE = re.compile(rf"(.*?)([{CJK}·]{{2,9}}?)({'|'.join(POST_TITLES)})")


class Subject(NamedTuple):
    """What stands before a reporting verb (a named tuple: one is made per reporting verb)."""

    kind: str  # "name" | "pronoun" | "block"
    name: str | None = None
    name_start: int = -1  # offset of the name in the document
    titled: bool = False
    also: tuple[tuple[str, int], ...] = ()  # co-subjects (name, offset): 张三和李四表示


@lru_cache(maxsize=8192)
def strip_interposed(seg: str) -> str:
    """Drop adverbs and interposed phrases between a subject and its verb
    ("张果也", "他在接受记者采访时" → "张果", "他"). Cached, like the other pure
    readings of a subject: every frame is read twice (see ``statements.extract_speech``)."""
    prev = None
    while prev != seg and seg:
        prev = seg
        m = END_STRIP.search(seg)
        if m and m.start() > 0:
            seg = seg[: m.start()]
    return seg


def parse_subject(seg: str, seg_start: int, known: dict[str, str], after_quote: bool = False) -> Subject | None:
    """Read the words right before a reporting verb: a person's name (titles
    glued or "X代表"), several names (张三和李四, 省人大代表张三、李四), a
    pronoun, or a non-person source (document, group, unnamed person).
    ``known`` maps names seen in strong contexts to their printed form;
    ``after_quote`` says the segment follows a closing quotation mark, where a
    name that is also a common word (高山, 文静) is still read as a name."""
    raw = seg.rstrip()
    if not raw or _REQUEST.match(raw):
        return None  # 请各位委员提出意见: the people asked to speak are no speakers
    stripped = strip_interposed(raw)
    found_any: list[Subject] = []
    for cand in dict.fromkeys([stripped, raw]):
        s = LEAD_STRIP.sub("", cand)
        if not s:
            continue
        if s in PRONOUNS:
            return Subject("pronoun", s)
        if _DEFINITE.fullmatch(s) and ends_with_title(s):
            return Subject("pronoun")  # 这位代表, 该委员: the person in view, like 他/她
        if _GROUP.search(s) or s in {"他们", "她们"} or _UNNAMED.match(s):
            return Subject("block")
        off = seg_start + len(cand) - len(s)
        joint = _joint_names(s, off, known)
        if joint:
            return joint
        found = name_in(s, known) or (bare_name(s) if after_quote else None)
        if found and cand != stripped and found[0] in cand and cand.rfind(found[0]) >= len(stripped):
            found = None  # the raw reading's "name" is the interposed words stripped off (全年共)
        if found:
            name, titled = found
            pos = seg_start + cand.rfind(name) if name in cand else seg_start
            found_any.append(Subject("name", name, pos, titled))
    if found_any:
        first = found_any[0]
        # "阿苏拉则说": stripping 则 as an adverb leaves 阿苏拉; keep the longer reading
        # when the shorter one has no Han surname
        for other in found_any[1:]:
            if surname_of(first.name or "") is None and other.name and other.name.startswith(first.name or ""):
                return other
        return first
    s = LEAD_STRIP.sub("", stripped)
    if _DOC.search(s):
        return Subject("block")
    # "孟某随即回应说": a known name opening the subject, then a few words before the verb
    for name in known:
        rest = s[len(name) :]
        if s.startswith(name) and 0 < len(rest) <= 4 and "的" not in rest and not any(n in rest for n in known):
            return Subject("name", name, seg_start + len(seg.rstrip()) - len(s), False)
    # "局长唐雨桐接过话题说": a titled name, then a short phrase before the verb
    loose = [
        (at, n)
        for at, n in titled_mentions(s, loose=True)
        if 0 < len(s) - at - len(n) <= 4 and "的" not in s[at + len(n) :] and not holds_common_word(n)
    ]
    if loose:
        at, name = loose[-1]
        return Subject("name", name, seg_start + len(seg.rstrip()) - len(s) + at, True)
    return None


@lru_cache(maxsize=16384)
def read_subject(seg: str, known: tuple[str, ...], after_quote: bool) -> Subject | None:
    """``parse_subject(seg, 0, …)`` (offsets into ``seg``) with ``known`` the known names
    printed in ``seg``, in the order they became known: every name it looks up or
    compares is a piece of ``seg``, so the other known names cannot change it."""
    return parse_subject(seg, 0, dict.fromkeys(known, ""), after_quote)


def bare_name(s: str) -> tuple[str, bool] | None:
    """A surname-led 2–3 character name even when it is also a common word
    (高山, 文静); only used where a name is expected (right after a quotation)."""
    if 2 <= len(s) <= 3 and surname_of(s) and is_person_name(s, titled=True):
        return s, False
    return None


def _joint_names(s: str, start: int, known: dict[str, str]) -> Subject | None:
    """Several people as one subject: "张三和李四", "省人大代表张三、李四".
    Every part must read as a name (the first may carry titles); None otherwise."""
    if s in known or is_person_name(s) or not _JOINT.search(s):
        return None
    parts = _JOINT.split(s)
    if len(parts) < 2 or len(parts) > 4 or any(not p for p in parts):
        return None
    names: list[tuple[str, int]] = []
    pos = start
    for i, part in enumerate(parts):
        if i == 0:
            found = name_in(part, known)
            name = found[0] if found and part.endswith(found[0]) else None
        else:
            name = part if (part in known or is_person_name(part)) else None
        if not name or ends_with_title(name):
            return None
        names.append((name, pos + len(part) - len(name)))
        pos += len(part) + 1
    (first, first_at), rest = names[0], tuple(names[1:])
    return Subject("name", first, first_at, True, also=rest)


@lru_cache(maxsize=8192)
def _post_title_split(s: str) -> tuple[str, str] | None:
    """(text before, name) when ``s`` is a name with a title printed after it
    ("…张三代表", "李四委员"); None otherwise."""
    if not s.endswith(POST_TITLES):  # the match ends with one: skip the regex
        return None
    m = _POST_TITLE.fullmatch(s)
    return (m.group(1), m.group(2)) if m else None


def name_in(s: str, known: dict[str, str]) -> tuple[str, bool] | None:
    """The person name that ends ``s`` (s already stripped), with whether a title was glued."""
    post = _post_title_split(s)
    if post and (post[1] in known or is_person_name(post[1])) and (not post[0] or ends_with_title(post[0])):
        return post[1], True
    if s in known or is_person_name(s):
        return s, False
    split = split_title_prefix(s)
    if split:
        return split[1], True
    for name in known:
        if s.endswith(name) and len(s) > len(name):
            return name, False
    if "的" in s:  # 来自山区的李某: a name known from elsewhere, after a description
        tail = s.rsplit("的", 1)[1]
        if tail in known and is_person_name(tail):
            return tail, False
    return None


_TITLED_NAME_START = re.compile(alternation([t for t in TITLE_SUFFIXES if len(t) >= 2]) + rf"(?=[{CJK}])")
# What every titled mention holds: the last character of a title word right before
# the first character of a surname. One character-class scan finds it (or finds that
# a paragraph has none, as most have) where _TITLED_NAME_START tries a hundred words
# at every character that can open one.
TITLE_THEN_SURNAME = re.compile(
    "["
    + "".join(sorted({t[-1] for t in TITLE_SUFFIXES if len(t) >= 2}))
    + "]"
    + "["
    + "".join(sorted(SURNAMES | {c[0] for c in COMPOUND_SURNAMES}))
    + "]"
)
# Characters that commonly follow a subject's name (a particle or a verb)
_AFTER_NAME = set("则也还就都更又是在对从把将已曾正等和、的向说表认介指强坦透谈这今近去每多一长带所")


def titled_mentions(seg: str, loose: bool = False) -> list[tuple[int, str]]:
    """(offset, name) of every name printed right after a title in ``seg``
    (…理事长梁嘉欣则关注民生 → 梁嘉欣): the name must end at punctuation, the
    text end or a particle/verb that commonly follows a subject (any
    character when ``loose``)."""
    out: list[tuple[int, str]] = []
    if not TITLE_THEN_SURNAME.search(seg):  # a name found below opens with a surname
        return out
    for m in _TITLED_NAME_START.finditer(seg):
        s = m.end()
        for n in (3, 2, 4):
            cand = seg[s : s + n]
            if len(cand) < n or not _CJK_RUN.fullmatch(cand):
                continue
            after = seg[s + n : s + n + 1]
            if not loose and after and CJK_CHAR.match(after) and after not in _AFTER_NAME:
                continue
            if n == 4 and cand[:2] not in COMPOUND_SURNAME_SET:
                continue
            if surname_of(cand) and is_person_name(cand, titled=True):
                out.append((s, cand))
                break
    return out
