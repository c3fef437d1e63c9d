"""Lists that share one number or one metric: one row per item.

"A、B增加值均增长15%" gives one row per metric sharing the number
(``_split_shared``); 城乡居民收入 unfolds into 城镇 and 农村; in a 、 list of
figures a bare item takes the head of the item before it
(``_apply_list_rules``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from flows.extract.numbers.index import _CLAUSE_END, _Index
from flows.extract.numbers.metric import (
    _BASE_CMP_RE,
    _HEAD_SUFFIXES,
    _JURISDICTION_RE,
    _TIME_STRIP_FIRST_RE,
    _TIME_STRIP_RE,
    _blank_out,
    _strip_trailing,
)
from flows.extract.types import Quantity


@lru_cache(maxsize=4096)
def _bare_clause(pre_clause: str) -> bool:
    """True when the clause before a number holds at most two characters
    once baseline comparisons and trailing verbs are dropped (pure: cached)."""
    return len(_strip_trailing(_BASE_CMP_RE.sub("", pre_clause).strip())) <= 2


_SHARED_VERB_RE = re.compile(r"(均|都|各|双双)(?:增长|提高|下降|降低|达到|超过|突破|实现|为|增加|减少)")

_LIST_SEP_RE = re.compile(r"[、和及与]")

_DIGIT_RE = re.compile(r"\d")


def _split_shared(t: str, q: Quantity, clause_a: int, pos: int) -> list[Quantity]:
    """ "A、B增加值均增长15%" -> one row per metric sharing the number."""
    pre = t[clause_a:pos]
    m = _SHARED_VERB_RE.search(pre)
    if not m or not q.metric:
        return [q]
    head_start, head = _list_head(t, clause_a, clause_a + m.start())
    parts = [p for p in _LIST_SEP_RE.split(head) if p]
    if len(parts) < 2 or any(_DIGIT_RE.search(p) for p in parts):
        return [q]
    names = _share_head(parts)
    rows = []
    offset = head_start
    for p, name in zip(parts, names):
        idx = t.find(p, offset, pos)
        start = idx if idx >= 0 else q.char_start
        offset = max(offset, start + len(p))
        rows.append(replace(q, metric=name, char_start=start))
    return rows


_HEAD_TOKENS = ("产业", "行业", "企业", "居民") + _HEAD_SUFFIXES

# one printed name that stands for several metrics of a 分别 list:
# 城乡居民收入 -> 城镇…, 农村…; 一般公共预算收支 -> …收入, …支出; 一二三产增加值 -> 第一产业…
_PAIRS = (("城乡", ("城镇", "农村")),)

_ENDING_PAIRS = (("收支", ("收入", "支出")), ("进出口", ("进口", "出口")))

_SECTORS_RE = re.compile(r"^(?:一二三产业?|一、二、三产业?|第一二三产业?)")


def _unfold_pair(names: list[str], n: int) -> list[str]:
    """The metrics ``n`` items of a 分别 list stand for when one name is printed for them."""
    if len(names) != 1:
        return names
    name = names[0]
    for head, parts in _PAIRS:
        if name.startswith(head) and n == len(parts):
            return [p + name[len(head) :] for p in parts]
    for ending, parts in _ENDING_PAIRS:
        k = name.find(ending)
        if k > 0 and n == len(parts):
            return [name[:k] + p + name[k + len(ending) :] for p in parts]
    m = _SECTORS_RE.match(name)
    if m and n == 3:
        rest = name[m.end() :]
        return [f"第{c}产业{rest}" for c in "一二三"]
    return names


def _share_head(names: list[str]) -> list[str]:
    """Give coordinated metrics the head noun printed only on the last one:
    [新能源, 新材料产业产值] -> [新能源产业产值, 新材料产业产值];
    [战略性新兴产业, 高技术制造业增加值] -> [战略性新兴产业增加值, …]."""
    if len(names) < 2:
        return names
    last = names[-1]
    cut = None
    for tok in _HEAD_TOKENS:
        k = last.find(tok)
        if k >= 2 and (cut is None or k < cut):
            cut = k
    if cut is None:
        return names
    suffix = last[cut:]
    out = []
    for nm in names[:-1]:
        if nm.endswith(suffix):
            out.append(nm)
            continue
        if len(nm) <= 3 and len(last) > len(nm) + 1 and not last.startswith(nm):
            out.append(nm + last[len(nm) :])  # [城镇, 农村常住居民人均可支配收入]: the words after 农村
            continue
        # the item already carries the first part of the suffix (…产业 + 产业产值)
        for tok in _HEAD_TOKENS:
            if suffix.startswith(tok) and nm.endswith(tok):
                nm = nm + suffix[len(tok) :]
                break
        else:
            nm = nm + suffix
        out.append(nm)
    return out + [last]


_LIST_CUT_RE = re.compile(r"力争|争取|确保|预计|计划|将|要|已经|已|实现|完成|目前|累计|全年|今年|其中|带动|推动|促进")


def _list_head(t: str, a: int, b: int) -> tuple[int, str]:
    """The coordinated metric names printed in t[a:b] before 分别/均: time
    phrases and tense or agent words dropped. Returns (start, text)."""
    seg = t[a:b]
    work = _blank_out(_TIME_STRIP_RE, _TIME_STRIP_FIRST_RE, seg)
    last = None
    tail = len(work.rstrip("　"))
    for m in _LIST_CUT_RE.finditer(work):
        if m.end() < tail:  # a word ending the names (收支累计分别…) is stripped below, not cut after
            last = m
    start = last.end() if last else 0
    body = work[start:]
    lead = len(body) - len(body.lstrip("　"))
    start += lead
    body = _strip_trailing(body.strip("　").replace("　", ""))
    jm = _JURISDICTION_RE.match(body)
    if jm and len(body) > jm.end() + 1:
        body = body[jm.end() :]
        start += jm.end()
    return a + start, body


def _metrics_before(ix: _Index, rows: list[Quantity], i: int, n: int) -> list[str]:
    """Metrics of the ``n`` rows printed before row ``i`` in its sentence, for a
    分别 list with no names of its own (游客…，收入…，分别增长26%和31%)."""
    a, _ = ix.sentence(rows[i].char_start)
    prior = [q for q in rows[max(0, i - n) : i] if q.char_start >= a and q.metric]
    names = [q.metric or "" for q in prior]
    if len(prior) != n or len(set(names)) != n:
        return []
    return names


_LIST_JOIN_RE = re.compile(r"[、和及与]|，?和")


def _apply_list_rules(ix: _Index, rows: list[Quantity]) -> list[Quantity]:
    """分别 lists: a comparator after the last item applies to every item
    without one; metrics listed before 分别 are handed out in order."""
    t = ix.t
    out = list(rows)
    i = 0
    n = len(out)
    listed: tuple[int, list[str]] | None = None  # (sentence start, metrics) of the last 分别 list
    while i < n:
        q = out[i]
        a = ix.left(q.char_start, _CLAUSE_END, 200)
        if t.find("分别", a, q.char_end) < 0:  # "分别" not in t[a:q.char_end]
            if listed is None:
                i += 1
                continue
            # …分别达6.9万元、3.4万元，增长4.2%、5.3%: a second list of as many items in the
            # same sentence, with no names of its own, takes the first list's metrics
            j = i
            while j + 1 < n and _LIST_JOIN_RE.fullmatch(t[out[j].char_end : out[j + 1].char_start].strip() or "、"):
                j += 1
            if (
                listed is not None
                and j > i
                and listed[0] == ix.sentence(q.char_start)[0]
                and len(listed[1]) == j - i + 1
                and _bare_clause(t[a : q.char_start])
            ):
                for k in range(i, j + 1):
                    out[k] = replace(out[k], metric=listed[1][k - i])
                i = j + 1
                continue
            i += 1
            continue
        # collect the run of items joined by 、 / 和
        j = i
        while j + 1 < n and _LIST_JOIN_RE.fullmatch(t[out[j].char_end : out[j + 1].char_start].strip() or "、"):
            j += 1
        if j > i:
            last_cmp = out[j].comparator
            mpos = t.find("分别", a, out[i].char_end)
            head_start, metrics_text = _list_head(t, a, mpos) if mpos >= 0 else (a, "")
            names = [p for p in _LIST_SEP_RE.split(metrics_text) if p]
            names = _unfold_pair(names, j - i + 1)
            names = _share_head(names) if names or metrics_text else _metrics_before(ix, out, i, j - i + 1)
            for k in range(i, j + 1):
                upd = {}
                if out[k].comparator == "eq" and last_cmp not in ("eq", "range"):
                    upd["comparator"] = last_cmp
                if len(names) == j - i + 1:
                    upd["metric"] = names[k - i]
                    if k == i:
                        upd["char_start"] = min(out[i].char_start, head_start)
                if k > i:
                    upd.setdefault("metric", out[i].metric)
                    upd["measure"] = out[i].measure
                    upd["direction"] = out[i].direction
                    upd["kind"] = out[i].kind
                    upd["year"] = out[i].year
                    upd["horizon"] = out[i].horizon
                out[k] = replace(out[k], **upd)
            if len(names) == j - i + 1:
                listed = (ix.sentence(q.char_start)[0], names)
        i = j + 1
    return out
