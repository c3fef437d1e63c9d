"""The numbers printed in the text, with their magnitude, unit and qualifiers.

``_scan(text)`` reads every number that carries a unit (or is a percent, 成,
倍, 翻番, a ratio or a bare 万亿/千亿) into a ``_Raw`` with its value
normalised, and joins ranges (4.5%—5%). ``_excluded`` then drops the numbers
that are not quantities: dates, ranks, names and titles in quotation marks,
list counts (五个方面), codes (5G), category thresholds (对年营收超1亿元的企业).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from flows.extract.numbers.numerals import parse_arabic, parse_cn
from flows.extract.numbers.units import (
    MAGNITUDES,
    UNITS,
    magnitude_factor,
    match_denominator,
    match_magnitude,
    match_unit,
)
from flows.extract.numbers.words import pairs, words
from flows.extract.text.firstchars import char_positions, first_chars, first_class

_CN = "零〇○一二两三四五六七八九十百千万亿"

_NUM_RE = re.compile(
    r"(?P<pct>百分之(?P<pctnum>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?|\d+(?:\.\d+)?))"
    r"|(?P<fan>翻(?:了)?(?P<fann>一|两|三|四|1|2)?番)"
    r"|(?P<ar>\d+(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)"
    r"|(?P<cn>[" + _CN + r"]+(?:点[零〇一二三四五六七八九]+)?)"
)

# every character a _NUM_RE match can start with
_NUM_FIRST_RE = first_class(_NUM_RE)

_SUFFIX_CMP = dict(pairs("comparators_after"))
_QUAL_RE = re.compile("|".join(_SUFFIX_CMP))

_QUAL_FIRST = frozenset(first_chars(_QUAL_RE))  # every character a _QUAL_RE match starts with

_RANGE_SEP = r"(?:—{1,2}|–|-|~|至|到)"  # between the two ends of a range: 4.5%—5%, 5%到5.5%

_CJK_RE = re.compile(r"[\u3400-\u9fff]")


# nouns after a count that make it a list count, not a quantity (五个方面)
_LIST_NOUNS = words("list_nouns")

# parse_cn is pure, and the same few numerals (一, 两, 三 …) recur in every document
_parse_cn = lru_cache(maxsize=4096)(parse_cn)


@dataclass(slots=True)
class _Raw:
    """A number with its magnitude, unit and qualifiers, before interpretation."""

    num_start: int
    end: int
    value: float
    unit_text: str
    value_normalized: float
    unit: str
    comparator: str | None  # from qualifiers printed after the number (以上, 左右, 余 …)
    value_high: float | None = None
    value_high_normalized: float | None = None
    bare: bool = False  # a bare 万亿 / 千亿 with no digits
    chinese: bool = False
    growth_hint: bool = False  # 翻一番


# 年 is a unit only after a verb of level or change (年限达到11.3年, 缩短至3年), never in 3年后, 3年内
_YEAR_UNIT_VERB_RE = re.compile(
    r"(?:达到|提高到|提升到|增加到|延长到|延长至|缩短到|缩短至|降至|降到|提高|延长|缩短|增加|为|达)"
    r"了?(?:约|近|超过)?$"
)

_YEAR_SPAN_AFTER_RE = re.compile(r"年(?:后|内|来|间|前|时间|以来|之内|左右的时间|级)")

_CHENG_WORD_RE = re.compile(r"成[为立果本员都效功熟长型交绩品了就]")

_RANGE_LOW_RE = re.compile(r"(\d+(?:\.\d+)?)(%|[万亿千百]*[\u4e00-\u9fff]{0,3}|)\s?" + _RANGE_SEP + r"\s?$")

_RANGE_SEP_CHARS = frozenset(first_chars(re.compile(_RANGE_SEP)))  # derived: every character a separator starts with

# the characters a tail can start with: 余/多, a magnitude or a unit
_TAIL_FIRST = frozenset("余多") | {w[0] for w in MAGNITUDES} | {w[0] for w in UNITS}

# the characters a magnitude word starts with (万, 亿, 千 …), and a unit
_MAG_FIRST = frozenset(w[0] for w in MAGNITUDES)

_UNIT_FIRST = frozenset(w[0] for w in UNITS)

# what may follow a number for it to be a quantity: a tail, 年 (years), 成 (tenths), :1
_AFTER_NUMBER = _TAIL_FIRST | frozenset("年成:")


def _read_tail(t: str, i: int) -> tuple[int, str, str, str | None, bool]:
    """After a number at ``i``: (end, magnitude, unit surface, unit code, approx).

    Reads 余/多, a magnitude (万, 亿 …), 余/多 again, then a unit and its
    denominator (万元/人).
    """
    if i >= len(t) or t[i] not in _TAIL_FIRST:
        return i, "", "", None, False
    approx = False
    if (
        i < len(t)
        and t[i] in "余多"
        and not t.startswith("多元", i)
        and not t.startswith("多个", i)
        or t.startswith("多个", i)
    ):
        approx = True
        i += 1
    mag = match_magnitude(t, i) if t[i : i + 1] in _MAG_FIRST else ""
    i += len(mag)
    if not approx and i < len(t) and t[i] in "余多" and not t.startswith("多元化", i):
        approx = True
        i += 1
    u = match_unit(t, i) if t[i : i + 1] in _UNIT_FIRST else None
    code: str | None = None
    surface = ""
    if u:
        surface, code = u
        i += len(surface)
        d = match_denominator(t, i) if t[i : i + 1] in ("/", "每") else None
        if d:
            surface += d[0]
            code = f"{code}/{d[1]}" if code != "count" else f"count/{d[1]}"
            i += len(d[0])
        if (
            not approx
            and i < len(t)
            and t[i] in "余多"
            and t[i : i + 2] not in ("多元", "多家")
            and (t[i] == "余" or not _CJK_RE.match(t[i + 1 : i + 2] or " ") or t[i + 1 : i + 2] in "，,。；;、")
        ):
            approx = True
            i += 1
    return i, mag, surface, code, approx


def _qualifier(t: str, i: int) -> tuple[int, str | None]:
    """A comparator printed right after the quantity (以上, 左右 …)."""
    if t[i : i + 1] not in _QUAL_FIRST:
        return i, None
    m = _QUAL_RE.match(t, i)
    if not m:
        return i, None
    q = m.group(0)
    if q == "内" and t[i + 1 : i + 2] not in "，,。；;、 \n" and i + 1 < len(t):
        return i, None
    if q in ("多", "余"):
        return i, None  # handled in _read_tail
    return m.end(), _SUFFIX_CMP[q]


def _scan(t: str) -> list[_Raw]:
    """Every number in ``t`` that carries a unit (or is a percent, 成, 倍,
    翻番, ratio or a bare 万亿/千亿), with its value normalized."""
    out: list[_Raw] = []
    # the loop of _matches_in(_NUM_RE, _NUM_FIRST_RE, t, None), inlined, so that
    # a number with nothing after it is dropped at once (half of them: 统一, 一体化)
    search, match = _NUM_FIRST_RE.search, _NUM_RE.match
    pos = 0
    while (c := search(t, pos)) is not None:
        s = c.start()
        m = match(t, s)
        if m is None:
            pos = s + 1
            continue
        pos = e = m.end()
        group = m.lastgroup  # the outer group of the branch that matched: pct, fan, ar or cn
        if (group == "ar" or group == "cn" and t[e - 1] not in "万亿") and t[e : e + 1] not in _AFTER_NUMBER:
            continue  # no magnitude, unit, 年, 成 or :1 follows: not a quantity
        if group == "pct":
            pctnum = m.group("pctnum")
            v = parse_arabic(pctnum) if pctnum[0].isdigit() else _parse_cn(pctnum)
            if v is None:
                continue
            end, cmp_ = _qualifier(t, e)
            out.append(_Raw(s, end, v, "百分之", v, "percent", cmp_, chinese=True))
            continue
        if group == "fan":
            k = m.group("fann") or "一"
            times = {"一": 1, "1": 1, "两": 2, "2": 2, "三": 3, "四": 4}[k]
            v = float(2**times)
            end, cmp_ = _qualifier(t, e)
            out.append(_Raw(s, end, v, m.group(0), v, "multiple", cmp_, growth_hint=True))
            continue
        raw = m.group(0)
        chinese = group == "cn"
        mag = ""
        if chinese:
            # split a trailing magnitude off: 两千亿 -> 两千 + 亿, 万亿 -> '' + 万亿
            lead = raw.rstrip("万亿")
            tail_mag = raw[len(lead) :]
            if "点" in raw:
                lead, tail_mag = raw, ""
            if tail_mag and tail_mag not in ("万", "亿", "万亿", "亿万"):
                continue
            value = _parse_cn(lead) if lead else 1.0
            if value is None:
                continue
            mag = tail_mag
            i = e
            bare = not lead
        else:
            value = parse_arabic(raw) if "," in raw else float(raw)  # the same, without the call
            i = e
            bare = False
        # ratio 3:1
        if not chinese and t.startswith(":1", i) and not t[i + 2 : i + 3].isdigit():
            out.append(_Raw(s, i + 2, value, ":1", value, "ratio", None))
            continue
        end, mag2, surface, code, approx = _read_tail(t, i) if t[i : i + 1] in _TAIL_FIRST else (i, "", "", None, False)
        if mag and mag2:
            continue
        mag = mag or mag2
        unit_text = mag + surface
        if (
            code is None
            and t.startswith("年", end)
            and not mag
            and value < 150
            and _YEAR_UNIT_VERB_RE.search(t, max(0, s - 8), s)
            and not _YEAR_SPAN_AFTER_RE.match(t, end)
        ):
            end2, cmp_ = _qualifier(t, end + 1)
            out.append(_Raw(s, end2, value, "年", value, "year", cmp_, chinese=chinese))  # 受教育年限提高到12年
            continue
        if code is None and t.startswith("成", end) and not _CHENG_WORD_RE.match(t[end : end + 2]) and not mag:
            if chinese and value < 2:
                continue
            if t[end + 1 : end + 2] in ("多", "余") and t[end + 1 : end + 2] != "":
                approx, end = True, end + 1  # 三成多
            end2, cmp_ = _qualifier(t, end + 1)
            out.append(_Raw(s, end2, value, "成", value * 10, "percent", "gt" if approx else cmp_, chinese=chinese))
            continue
        if code is None:
            if mag in ("亿", "万亿", "千亿", "百亿") or (chinese and tail_mag_is_money(mag)):
                nxt = t[end : end + 1]
                if nxt == "级" or (
                    nxt
                    and _CJK_RE.match(nxt)
                    and not _QUAL_RE.match(t, end)
                    and not t.startswith(("台阶", "大关", "的"), end)
                ):
                    if not bare:
                        continue
                    # a label: 千亿工业大区, 万亿产业集群 (optional in gold): skip
                    continue
                code, surface = "CNY", "元"
                unit_text = mag + "元"
            else:
                continue
        factor = magnitude_factor(mag) if mag else 1.0
        end_q, cmp_ = _qualifier(t, end) if t[end : end + 1] in _QUAL_FIRST else (end, None)
        if approx:
            cmp_ = cmp_ if cmp_ in ("ge", "approx") else "gt"
        out.append(_Raw(s, end_q, value, unit_text, value * factor, code, cmp_, bare=bare, chinese=chinese))
    return _merge_ranges(t, out)


def tail_mag_is_money(mag: str) -> bool:
    """True for magnitudes that, printed bare, imply 元 (千亿, 万亿)."""
    return mag in ("亿", "万亿")


def _merge_ranges(t: str, raws: list[_Raw]) -> list[_Raw]:
    """Join 4.5%—5%, 4.5-5%, 5%到5.5%, 1000—1200亿元 into one range quantity."""
    out: list[_Raw] = []
    # numbers that had no unit of their own are not in raws; re-read the low end from text
    for r in raws:
        low = None
        # look left for "<num>[unit]<sep>" ending right at r.num_start
        # the separator is one of the last three characters (then \s?, then $ before a final \n)
        if _RANGE_SEP_CHARS.isdisjoint(t[max(0, r.num_start - 3) : r.num_start]):
            out.append(r)
            continue
        left = t[max(0, r.num_start - 30) : r.num_start]
        msep = _RANGE_LOW_RE.search(left) if not r.chinese and r.unit != "ratio" else None
        if msep:
            low_text = msep.group(1)
            low_unit = msep.group(2)
            start_low = r.num_start - (len(left) - msep.start())
            # the low end is either bare or carries the same unit text
            if low_unit in ("", r.unit_text, "%") and (low_unit != "%" or r.unit == "percent"):
                lv = parse_arabic(low_text)
                factor = r.value_normalized / r.value if r.value else 1.0
                if out and out[-1].num_start == start_low:
                    out.pop()
                if lv < r.value:
                    low = _Raw(
                        start_low,
                        r.end,
                        lv,
                        r.unit_text,
                        lv * factor,
                        r.unit,
                        "range",
                        value_high=r.value,
                        value_high_normalized=r.value_normalized,
                    )
        out.append(low or r)
    return out


_QUOTE_RE = re.compile(r"“[^“”]{0,24}”|‘[^‘’]{0,24}’|「[^「」]{0,24}」|《[^《》]*》|〔[^〔〕]*〕|\"[^\"]{0,24}\"")

_NAME_PUNCT_RE = re.compile(r"[，,。；;！？]")


# every character a _QUOTE_RE match can start with
_QUOTE_OPENERS = first_chars(_QUOTE_RE)


def _quote_matches(t: str) -> list[re.Match[str]]:
    """``list(_QUOTE_RE.finditer(t))``: its matches start only at an opening
    mark (and are never empty), so the pattern is tried only there, from the
    end of the match before on."""
    out = []
    pos = 0
    match = _QUOTE_RE.match
    for c in char_positions(t, _QUOTE_OPENERS):
        if c >= pos and (m := match(t, c)) is not None:
            out.append(m)
            pos = m.end()
    return out


def _name_spans(t: str) -> list[tuple[int, int]]:
    """Spans of short quoted names, titles and document numbers, whose numbers
    are not quantities (“1+2+6+N”政策, 《…》, 〔2016〕)."""
    spans = []
    for m in _quote_matches(t):
        body = m.group(0)[1:-1]
        if m.group(0)[0] in "《〔" or not _NAME_PUNCT_RE.search(body) and not _QUOTED_TARGET_RE.search(body):
            spans.append((m.start(), m.end()))
    return spans


# a quoted target, not a name: “全年地区生产总值增长6%左右”
_QUOTED_TARGET_RE = re.compile(r"(?:增长|下降|提高|降低|达到|突破|超过|控制在)[\d.]+(?:%|[万亿]*元)")

# "X以上" + these is a count, not a category: 八成以上是…, 开发1000个以上见习岗位
_MADE_BEFORE_RE = re.compile(r"(?:新上了?|新建了?|新增了?|建成了?|引进了?|投用了?|开通了?|[上建增进成]了)$")

_QUANTITY_AFTER_RE = re.compile(r"是|为|已|都|均|将|要|来自|属于|分布|集中|需要")

_ACTION_BEFORE_RE = re.compile(
    r"(?:开发|提供|新增|新建|培育|引进|招引|打造|吸引|组织|举办|带动|建设|实施|开工|培训|"
    r"安置|帮扶|创造|设立|建成|落地|签约|发放|完成|实现|达到)$"
)

_RANK_UNIT_RE = re.compile(r"[位名强]")

_HELD_BEFORE_RE = re.compile(r"(?:举办|办了|连续|已|共)$")

_OF_CATEGORY_RE = re.compile(r"的(?!目标|增长|增速|增幅|水平|幅度|速度|规模|比例|比重)[\u4e00-\u9fff]")

_FOR_CATEGORY_RE = re.compile(r"(?:对|凡|针对|支持|鼓励|奖励|补助|总投资|单笔|单户)[^，,。；;]{0,8}$")

_CODE_AFTER_RE = re.compile(r"[A-Za-z+＋·]")

_CODE_BEFORE_RE = re.compile(r"[A-Za-z+＋·]$")

_CODE_CHARS = frozenset(first_chars(_CODE_AFTER_RE))  # the class of both

_CIRCLE_RE = re.compile(r"(?:便民|生活|经济|通勤|交通|医疗|服务|健康|就医|养老|文化|健身)?[圈]")

_OF_CJK_RE = re.compile(r"的?[\u4e00-\u9fff]")

_CN_RUN_RE = re.compile(r"[" + _CN + r"]+")

_BARE_VERB_RE = re.compile(r"(突破|迈上|跨上|跨越|站上|登上|跃上|超过|达到|达|迈入|跨入|实现|超)$")


def _excluded(t: str, r: _Raw, names_starts: list[int], names: list[tuple[int, int]]) -> bool:
    """True for numbers that are not quantities: ranks, dates, names, list
    counts, streaks, anniversaries, category thresholds."""
    s, e = r.num_start, r.end
    before = t[s - 4 if s > 4 else 0 : s]
    after = t[e : e + 4]
    if r.bare and not _BARE_VERB_RE.search(before):
        return True  # 突破万亿元, 迈上万亿台阶: a bare 万亿 only after a predicate verb (not the 亿 of 3.5亿)
    if names_starts:
        k = bisect_right(names_starts, s) - 1
        if k >= 0 and names[k][0] <= s < names[k][1]:
            return True
    if before.endswith(("第", "前", "排名", "后")) and _RANK_UNIT_RE.match(t[e : e + 1] or "x"):
        return True
    if before.endswith("第"):
        return True
    if before.endswith(("前", "排名", "排在", "跃居", "位居", "位列", "居")) and r.unit_text in ("位", "名", "强"):
        return True  # 跃居全省前二十位
    if r.unit_text == "届" and not _HELD_BEFORE_RE.search(before):
        return True  # 十四届全国人大
    if (
        r.comparator in ("ge", "le")
        and _OF_CATEGORY_RE.match(after[:3])
        and _FOR_CATEGORY_RE.search(t[max(0, s - 12) : s])
    ):
        return True  # 对总投资5000万元以上的农业项目: a category, not a quantity
    # _CODE_AFTER_RE.match(after) or _CODE_BEFORE_RE.search(before) (whose $ also
    # matches before a final newline), by set look-ups
    if (
        after[:1] in _CODE_CHARS
        or before[-1:] in _CODE_CHARS
        or before[-1:] == "\n"
        and before[-2:-1] in _CODE_CHARS
        or after.startswith("级")
    ):
        return True
    if before.endswith(("连续", "连续第")) or after.startswith(("周年", "届")):
        return True
    if after.startswith(("强", "佳", "大", "优")) and r.unit == "count":
        return True
    if r.unit in ("minute", "hour", "day") and _CIRCLE_RE.match(after[:3]):
        return True
    if r.unit == "count" and t[e : e + 6].startswith(_LIST_NOUNS):
        return True
    # category thresholds: 单笔50万元以下, 500万元以上项目
    if before.endswith(
        ("单笔", "单户", "单个", "单项", "每户", "每个", "年营收", "年营业收入", "年主营业务收入", "年产值")
    ):
        return True
    if r.unit == "year" and r.comparator in ("ge", "le", "lt") and _OF_CJK_RE.match(after[:2] or "x"):
        return True  # 60岁以上的老人: an age bracket
    if (
        r.comparator in ("ge", "le")
        and _CJK_RE.match(after[:1] or "x")
        and not after.startswith(("的目标", "目标", "的增长", "，", "。", "的", "和", "或", "及", "等"))
        and not _QUANTITY_AFTER_RE.match(after)
        and not (r.unit == "count" and _ACTION_BEFORE_RE.search(before))
    ):
        return True
    if r.chinese and not r.bare:
        if (
            r.unit in ("count", "year", "month", "day", "minute", "hour", "multiple")
            and r.value < 10
            and not (r.unit == "count" and _MADE_BEFORE_RE.search(before))
        ):
            return True
        lead = t[s:e]
        cn_lead = _CN_RUN_RE.match(lead)
        single = len(cn_lead.group(0).rstrip("万亿")) == 1 if cn_lead else False
        if (
            single
            and r.unit not in ("percent",)
            and not before.endswith(("近", "超", "逾", "突破", "超过", "上"))
            and not (r.unit == "count" and _MADE_BEFORE_RE.search(before))
        ):
            return True
        if r.unit == "percent" and r.unit_text != "百分之" and r.value < 1:
            return True
    return False
