"""Shortcuts taken for speed in flows.extract.numbers.quantities (third round), each
checked against the plain code it replaces, on the test corpus and on fuzzed
and hand-written strings."""
from __future__ import annotations

import random

from flows.extract.numbers import quantities as N
from tests.test_numbers_speed_invariants import TEXTS

# --------------------------------------------------------------------------- _scan as it read before


def _scan_plain(t: str) -> list[N._Raw]:
    """Every number in ``t`` that carries a unit (or is a percent, 成, 倍,
    翻番, ratio or a bare 万亿/千亿), with its value normalized."""
    out: list[N._Raw] = []
    # the loop of _matches_in(N._NUM_RE, _NUM_FIRST_RE, t, None), inlined, so that
    # a number with nothing after it is dropped at once (half of them: 统一, 一体化),
    # most of them already by N._NUM_SCAN_RE
    search, match = N._NUM_SCAN_RE.search, N._NUM_RE.match
    pos = 0
    while (c := search(t, pos)) is not None:
        s = c.start()
        m = match(t, s)
        if m is None:
            pos = s + 1
            continue
        pos = e = m.end()
        group = m.lastgroup  # the outer group of the branch that matched: pct, fan, ar or cn
        if (group == "ar" or group == "cn" and t[e - 1] not in "万亿") and t[e:e + 1] not in N._AFTER_NUMBER:
            continue  # no magnitude, unit, 年, 成 or :1 follows: not a quantity
        if group == "pct":
            pctnum = m.group("pctnum")
            v = N.parse_arabic(pctnum) if pctnum[0].isdigit() else N._parse_cn(pctnum)
            if v is None:
                continue
            end, cmp_ = N._qualifier(t, e)
            out.append(N._Raw(s, end, v, "百分之", v, "percent", cmp_, chinese=True))
            continue
        if group == "fan":
            k = m.group("fann") or "一"
            times = {"一": 1, "1": 1, "两": 2, "2": 2, "三": 3, "四": 4}[k]
            v = float(2 ** times)
            end, cmp_ = N._qualifier(t, e)
            out.append(N._Raw(s, end, v, m.group(0), v, "multiple", cmp_, growth_hint=True))
            continue
        raw = m.group(0)
        chinese = group == "cn"
        mag = ""
        if chinese:
            # split a trailing magnitude off: 两千亿 -> 两千 + 亿, 万亿 -> '' + 万亿
            lead = raw.rstrip("万亿")
            tail_mag = raw[len(lead):]
            if "点" in raw:
                lead, tail_mag = raw, ""
            if tail_mag and tail_mag not in ("万", "亿", "万亿", "亿万"):
                continue
            value = N._parse_cn(lead) if lead else 1.0
            if value is None:
                continue
            mag = tail_mag
            i = e
            bare = not lead
        else:
            value = N.parse_arabic(raw) if "," in raw else float(raw)  # the same, without the call
            i = e
            bare = False
        # ratio 3:1
        if not chinese and t.startswith(":1", i) and not t[i + 2:i + 3].isdigit():
            out.append(N._Raw(s, i + 2, value, ":1", value, "ratio", None))
            continue
        end, mag2, surface, code, approx = N._read_tail(t, i) if t[i:i + 1] in N._TAIL_FIRST else (i, "", "", None, False)
        if mag and mag2:
            continue
        mag = mag or mag2
        unit_text = mag + surface
        if code is None and t.startswith("年", end) and not mag and value < 150 \
                and N._YEAR_UNIT_VERB_RE.search(t, max(0, s - 8), s) and not N._YEAR_SPAN_AFTER_RE.match(t, end):
            end2, cmp_ = N._qualifier(t, end + 1)
            out.append(N._Raw(s, end2, value, "年", value, "year", cmp_, chinese=chinese))  # 受教育年限提高到12年
            continue
        if code is None and t.startswith("成", end) and not N._CHENG_WORD_RE.match(t[end:end + 2]) \
                and not mag:
            if chinese and value < 2:
                continue
            if t[end + 1:end + 2] in ("多", "余") and t[end + 1:end + 2] != "":
                approx, end = True, end + 1  # 三成多
            end2, cmp_ = N._qualifier(t, end + 1)
            out.append(N._Raw(s, end2, value, "成", value * 10, "percent", "gt" if approx else cmp_, chinese=chinese))
            continue
        if code is None:
            if mag in ("亿", "万亿", "千亿", "百亿") or (chinese and N.tail_mag_is_money(mag)):
                nxt = t[end:end + 1]
                if nxt == "级" or (nxt and N._CJK_RE.match(nxt) and not N._QUAL_RE.match(t, end)
                                   and not t.startswith(("台阶", "大关", "的"), end)):
                    if not bare:
                        continue
                    # a label: 千亿工业大区, 万亿产业集群 (optional in gold): skip
                    continue
                code, surface = "CNY", "元"
                unit_text = mag + "元"
            else:
                continue
        factor = N.magnitude_factor(mag) if mag else 1.0
        end_q, cmp_ = N._qualifier(t, end) if t[end:end + 1] in N._QUAL_FIRST else (end, None)
        if approx:
            cmp_ = cmp_ if cmp_ in ("ge", "approx") else "gt"
        out.append(N._Raw(s, end_q, value, unit_text, value * factor, code, cmp_, bare=bare, chinese=chinese))
    return _merge_ranges_plain(t, out)


def _merge_ranges_plain(t: str, raws: list[N._Raw]) -> list[N._Raw]:
    """Join 4.5%—5%, 4.5-5%, 5%到5.5%, 1000—1200亿元 into one range quantity."""
    out: list[N._Raw] = []
    # numbers that had no unit of their own are not in raws; re-read the low end from text
    for r in raws:
        low = None
        # look left for "<num>[unit]<sep>" ending right at r.num_start
        # the separator is one of the last three characters (then \s?, then $ before a final \n)
        if N._RANGE_SEP_CHARS.isdisjoint(t[max(0, r.num_start - 3):r.num_start]):
            out.append(r)
            continue
        left = t[max(0, r.num_start - 30):r.num_start]
        msep = N._RANGE_LOW_RE.search(left)
        if msep and not r.chinese and r.unit not in ("ratio",):
            low_text = msep.group(1)
            low_unit = msep.group(2)
            start_low = r.num_start - (len(left) - msep.start())
            # the low end is either bare or carries the same unit text
            if low_unit in ("", r.unit_text, "%") and (low_unit != "%" or r.unit == "percent"):
                lv = N.parse_arabic(low_text)
                factor = r.value_normalized / r.value if r.value else 1.0
                if out and out[-1].num_start == start_low:
                    out.pop()
                if lv < r.value:
                    low = N._Raw(start_low, r.end, lv, r.unit_text, lv * factor, r.unit, "range",
                               value_high=r.value, value_high_normalized=r.value_normalized)
        out.append(low or r)
    return out


def _dropped_bare(t: str, r: N._Raw) -> bool:
    """A raw the new _scan leaves out: a bare magnitude _bare_kept refuses."""
    return r.bare and not N._bare_kept(t, r.num_start)


_TOKENS = list("0123456789一二两三四五六七八九十百千万亿零〇点翻番%元个人年成:多余级的台阶，。、\n—–-~至到.,") + [
    "亿元", "万亿", "亿万", "万亿元", "千亿", "百亿", "万人", "1,200", "12,345.6", "1,2345", "3:1", "个百分点", "突破", "迈上",
    "超", "达到", "实现", "以上", "左右", "大关", "台阶", "级", "产业", "30亿元—50亿元", "5万—8万人", "10亿—20亿",
    "١٢", "٣亿元", "１２", "多元", "多个", "余"]


def _fuzz(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_TOKENS) for _ in range(rng.randrange(1, 10))) for _ in range(n)]


HAND = [
    "30亿元—50亿元", "30亿元至50亿元", "突破万亿元，达到1.2万亿元—1.5万亿元", "1000亿—1200亿元", "3万亿—5万亿",
    "超万亿元", "迈上\n万亿元台阶", "12亿万元", "亿元—2亿元", "万亿—3万亿元", "1,200.5万元至1,300万元", "1,2345亿元",
    "1.5,2亿元", "4.5%—5%", "٣٤亿元—٥٠亿元", "2030年", "年产值50亿元以上", "千亿级产业集群", "万亿产业", "亿元的",
]


def test_scan_equals_plain_less_the_dropped_bare_magnitudes():
    for t in TEXTS + HAND + _fuzz(30000, 3):
        plain = _scan_plain(t)
        assert N._scan(t) == [r for r in plain if not _dropped_bare(t, r)], t
        # and every raw left out is one _excluded drops
        for r in plain:
            if _dropped_bare(t, r):
                assert N._excluded(t, r, [], [])


def test_bare_blocks_a_range_as_before():
    # the bare 亿 of the low end, dropped later, kept 30亿元 out of the range's reach
    t = "30亿元—50亿元"
    plain = _scan_plain(t)
    assert [r.num_start for r in plain] == [0, 2, 0, 7]  # 30亿元, 亿, the range, 亿
    assert N._scan(t) == [plain[0], plain[2]]


def test_bare_kept_is_necessary_for_the_verb():
    # _BARE_VERB_RE.search(before) can only succeed when the character before the number ends a verb or is \n
    words = N._BARE_VERB_RE.pattern[1:-2].split("|")
    assert {w[-1] for w in words} | {"\n"} == N._BARE_VERB_ENDS
    rng = random.Random(5)
    chars = list("破上越过到达入现超突迈跨站登跃实\n1a，")
    for _ in range(20000):
        before = "".join(rng.choice(chars) for _ in range(rng.randrange(5)))
        t = before + "亿元"
        if N._BARE_VERB_RE.search(t[max(0, len(before) - 4):len(before)]):
            assert N._bare_kept(t, len(before))


def test_ar_pattern_equals_num_pattern_at_digits():
    rng = random.Random(8)
    for t in TEXTS + HAND + _fuzz(20000, 4):
        for k, ch in enumerate(t):
            if ch <= "9" and N._NUM_SCAN_RE.match(t, k):
                m, full = N._AR_RE.match(t, k), N._NUM_RE.match(t, k)
                assert full.lastgroup == "ar"
                if t[m.end():m.end() + 1] != ",":
                    assert m.group(0) == full.group(0), (t, k)
    assert rng  # (fuzzed above)


# --------------------------------------------------------------------------- character positions by str.find

def _first_chars(rx) -> set[str]:
    from re import _parser

    from tests.test_numbers_speed_invariants import _chars_of, _first_atoms

    atoms, nullable = _first_atoms(_parser.parse(rx.pattern, rx.flags))
    assert not nullable
    return {c for atom in atoms for c in _chars_of(atom)}


def test_openers_and_levels_are_every_first_character():
    assert _first_chars(N._QUOTE_RE) == set(N._QUOTE_OPENERS)
    assert _first_chars(N._PLACE_HINT_RE) == set(N._PLACE_LEVELS)


_QUOTE_TOKENS = list("“”‘’「」《》〔〕\"省市县区州第一十届人大政协委两会的，。\n") + [
    "政府工作报告", "人民政府", "2024年", "19", "“1+2+6+N”", "《决定》", "〔2016〕", "“十四五”", "abc", "x" * 30]


def test_quote_and_place_matches_equal_finditer():
    rng = random.Random(21)
    fuzz = ["".join(rng.choice(_QUOTE_TOKENS) for _ in range(rng.randrange(1, 14))) for _ in range(20000)]
    for t in TEXTS + HAND + fuzz + ["", "“", "\"\"\"", "《《》》", "““””"]:
        assert [m.span() for m in N._quote_matches(t)] == [m.span() for m in N._QUOTE_RE.finditer(t)], t
        assert [m.span() for m in N._place_matches(t)] == [m.span() for m in _place_matches_plain(t)], t
        for chars in ("“", "省市", N._QUOTE_OPENERS):
            assert N._char_positions(t, chars) == [i for i, c in enumerate(t) if c in chars]


def _place_matches_plain(t: str):
    pos = 0
    for c in sorted({h.start() - k for h in N._PLACE_HINT_RE.finditer(t) for k in (2, 3)}):
        if c < pos:
            continue
        m = N._PLACE_RE.match(t, c)
        if m is not None:
            yield m
            pos = m.end()
