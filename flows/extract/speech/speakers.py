"""Speaker records: the titles printed around a speaker's name anywhere in the
document (before it, after it, after a comma or in brackets, and those of
``introductions``), the organisation and region read from the office title, the
pinyin; and the later references 王代表 / 李县长 resolved to the one known person
they fit (``alias_of``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from flows.extract.speech import words
from flows.extract.speech.context import DocContext
from flows.extract.speech.cues import in_word
from flows.extract.speech.introductions import introduced_titles
from flows.extract.speech.names import (
    ends_with_title,
    is_common_word,
    is_descriptive_title,
    name_pinyin,
    office_title,
    organization_of,
    region_of,
    split_titles,
    surname_of,
)
from flows.extract.speech.subjects import POST_TITLES, name_in
from flows.extract.speech.text import normalize
from flows.extract.types import Speaker, Statement

_ALIAS_TITLES = words.ALIAS_TITLES
_COURTESY = frozenset(words.COURTESY_TITLES)
# the first of POST_TITLES, in their order, printed at a position
_POST_TITLE_AT = re.compile("|".join(map(re.escape, POST_TITLES)))
_NOT_AFTER_POST = frozenset("团性作处们了着过大会")  # 代表团, 代表性 …: the word is no title
_TITLE_RUN = re.compile("[^" + "".join(map(re.escape, ",。;:!?“”‘’()《》\n—")) + "]*")  # no stop before titles
_TITLE_STOP = re.compile(r"[,。;:!?\n]")
_TITLE_SEP = re.compile(r"[、,]")
_TITLE_SEP_KEPT = re.compile(r"([、,])")
# Words before a title that belong to the sentence, not to the title: …采访了 / 作为 / 一位是 /
# 和 (…,和全国政协委员、某集团董事长韩某) / 据 at the start (据市长某某介绍)
_LEAD_JUNK = re.compile(rf".*?(?:{words.either(words.TITLE_LEAD_VERBS)})了?")
_LEAD_CONJ = words.TITLE_LEAD_CONJUNCTIONS


def alias_of(ctx: DocContext, name: str | None) -> str | None:
    """The full name a surname with a title stands for (王代表, 李县长, 周委员: a
    later reference to someone the document introduced), when exactly one known
    person fits: the only one with that surname, or the only one of them printed
    with that title. None when ``name`` is no such reference or none fits."""
    if not name or len(name) < 3 or not name.endswith(_ALIAS_TITLES):
        return None
    sur = surname_of(name)
    if not sur:
        return None
    title = name[len(sur) :]
    if title not in _ALIAS_TITLES and not (title.endswith(_ALIAS_TITLES) and len(title) <= 4):
        return None
    fits = [n for n in ctx.known if n != name and surname_of(n) == sur and not _alias_like(n)]
    if len(fits) > 1:
        fits = [n for n in fits if any(t.endswith(title) for t in titles_of(ctx, n, {}))] or fits
    return fits[0] if len(fits) == 1 else None


def _alias_like(name: str) -> bool:
    """Whether a known name is itself a surname with a title (王代表)."""
    sur = surname_of(name)
    return bool(sur) and name[len(sur) :].endswith(_ALIAS_TITLES)


def _add(seen: dict[str, tuple[int, str]], ctx: DocContext, s: int, e: int) -> None:
    """Note the title ``norm[s:e]`` (where it starts, and as printed) unless already seen."""
    seen.setdefault(ctx.norm[s:e], (s, ctx.text[s:e]))


def titles_of(ctx: DocContext, name: str, introduced: dict[str, list[tuple[int, int]]]) -> list[str]:
    """Every title printed for ``name`` in the document, in order, deduped
    (``introduced``: titles printed elsewhere, see ``introductions``)."""
    norm = ctx.norm
    seen: dict[str, tuple[int, str]] = {}  # normalised title → (offset, printed)
    start = 0
    while True:
        i = norm.find(name, start)
        if i < 0:
            break
        start = i + len(name)
        j = i
        while j > 0 and norm[j - 1] in " ":
            j -= 1
        if j < i and j > 0 and norm[j - 1] == "\n":
            j = i  # a name starting a line has no titles before it
        # back from j over at most 80 characters to just after a stop (_SEG_RUN's way)
        k = j - _TITLE_RUN.match(norm[max(0, j - 80) : j][::-1]).end()
        while k > 1 and norm[k - 1] == "," and ends_with_title(norm[max(0, k - 40) : k - 1]) and j - k < 80:
            k2 = k - 1
            while k2 > 0 and norm[k2 - 1] not in ",。;:!?“”‘’()《》\n":
                k2 -= 1
            if not split_titles(norm[k2 : k - 1]):
                break
            k = k2
        seg = _strip_co_names(ctx, norm[k:j])
        for t_s, t_e in _title_offsets(seg):
            _add(seen, ctx, k + t_s, k + t_e)
        m = _POST_TITLE_AT.match(norm, start)
        post = m.group() if m else None
        if post and post not in _COURTESY and norm[start + len(post) : start + len(post) + 1] not in _NOT_AFTER_POST:
            _add(seen, ctx, start, start + len(post))
        if norm[start : start + 1] == ",":
            stop = _TITLE_STOP.search(norm[start + 1 : start + 61])
            run = norm[start + 1 : start + 1 + stop.start()] if stop else ""
            offs = _title_offsets(run)
            if offs and offs[0][0] == 0:
                for t_s, t_e in offs:
                    _add(seen, ctx, start + 1 + t_s, start + 1 + t_e)
        if norm[start : start + 1] == "(":
            close = norm.find(")", start, start + 60)
            if close > 0:
                for t_s, t_e in _title_offsets(norm[start + 1 : close]):
                    _add(seen, ctx, start + 1 + t_s, start + 1 + t_e)
    for t_s, t_e in introduced.get(name, ()):
        _add(seen, ctx, t_s, t_e)
    return [printed for _at, printed in sorted(seen.values())]


def _strip_co_names(ctx: DocContext, seg: str) -> str:
    """Titles printed before a joint subject apply to each name in it:
    "省人大代表龙春梅、" (before 蒋国栋) → "省人大代表"."""
    while seg.endswith("、"):
        piece = _TITLE_SEP.split(seg[:-1])[-1]
        found = name_in(piece, ctx.known) if piece else None
        if not found or not piece.endswith(found[0]) or ends_with_title(piece) or found[0] not in ctx.known:
            break
        seg = seg[: -1 - len(found[0])]
    return seg


def speakers(ctx: DocContext) -> list[Speaker]:
    """One record per speaker of the statements found, in order of first statement."""
    out: list[Speaker] = []
    people = [s.speaker for s in ctx.found if ctx.kinds.get(s.speaker, "person") == "person"]
    introduced = introduced_titles(ctx.norm, dict.fromkeys(people))
    for name in dict.fromkeys([s.speaker for s in ctx.found]):
        kind = ctx.kinds.get(name, "person")
        printed = ctx.printed.get(name, name)
        if kind == "outlet":
            out.append(Speaker(printed, (), None, None, None, "outlet"))
            continue
        titles = tuple([t for t in titles_of(ctx, name, introduced) if not _is_description(t)])
        org, region = _org_region(titles)
        out.append(Speaker(printed, titles, org, region, name_pinyin(name), "person"))
    return out


def statements(ctx: DocContext) -> list[Statement]:
    """The statements found, each speaker as printed."""
    printed = ctx.printed
    return [
        Statement(start, end, printed.get(speaker, speaker), quote, cue, attribution, section)
        for start, end, speaker, quote, cue, attribution, section in ctx.found
    ]


@lru_cache(maxsize=4096)
def _normalized_title(title: str) -> str:
    """``normalize`` for a printed title (cached: the same titles recur in every document)."""
    return normalize(title)


@lru_cache(maxsize=4096)
def _is_description(title: str) -> bool:
    """Whether a printed title describes someone (返乡青年) rather than names an office (cached)."""
    return is_descriptive_title(_normalized_title(title))


@lru_cache(maxsize=4096)
def _org_region(titles: tuple[str, ...]) -> tuple[str | None, str | None]:
    """Organization and region from the office title, as printed (both are
    prefixes of the title, so they are cut from the printed form). Cached: a
    speaker's titles recur in the documents that quote them."""
    norm_titles = [_normalized_title(t) for t in titles]
    office = office_title(norm_titles)
    if office is None:
        return None, None
    printed = titles[norm_titles.index(office)]
    org, region = organization_of(office), region_of(office)
    return (printed[: len(org)] if org else None), (printed[: len(region)] if region else None)


@lru_cache(maxsize=8192)
def _title_offsets(seg: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the titles in a printed run before a name (split on 、 and ,).
    Cached: the same runs of titles are printed before a name again and again."""
    out: list[tuple[int, int]] = []
    pos = len(seg)
    for piece in reversed(_TITLE_SEP_KEPT.split(seg)):
        pos -= len(piece)
        if piece in ("、", ","):
            continue
        s, e = pos, pos + len(piece)
        while s < e and seg[s] in " ()":
            s += 1
        while e > s and seg[e - 1] in " ()":
            e -= 1
        if "的" in seg[s:e] and ends_with_title(seg[s:e]):  # 在医院工作多年的护士长 → 护士长
            s = seg.rindex("的", s, e) + 1
        if seg[s : s + 1] == "在" and e - s > 3:  # 在全国政协委员、… 看来
            s += 1
        # a subtitle: ——访市人大代表、…
        if s == 0 and seg.startswith(("专访", "对话", "访", "记")) and not seg.startswith("记者") and e > 3:
            s = 2 if seg.startswith(("专访", "对话")) else 1
        if seg.startswith(_LEAD_CONJ, s) and e - s > 3:  # …,和全国政协委员、… (but 和平社区…)
            conj = 2 if seg.startswith("以及", s) else 1
            pair = seg[s + conj - 1 : s + conj + 1]
            if not in_word(pair) and not is_common_word(pair):
                s += conj
        if s == e or not ends_with_title(seg[s:e]) or e - s > 30:
            break
        j = _LEAD_JUNK.match(seg, s, e)
        if j and j.end() < e and ends_with_title(seg[j.end() : e]):
            s = j.end()
            out.append((s, e))
            break
        out.append((s, e))
    return tuple(reversed(out))
