"""What a quantity measures: metric, measure and direction, comparator.

``_metric`` reads the metric off the words printed before the number (less
time, tense and agent words, and generic verbs; 新增 + the noun after the
number); ``_measure`` says whether the figure is a level, a growth or a change
and its direction; ``_comparator_of`` reads 不低于, 以上, 左右 …
"""

from __future__ import annotations

import re
from functools import lru_cache

from flows.extract.numbers.classify import _FACT_STRONG, _GOAL_STRONG
from flows.extract.numbers.words import pairs, words
from flows.extract.text.firstchars import first_class

_PREFIX_CMP: list[tuple[str, str]] = sorted(pairs("comparators_before"), key=lambda x: -len(x[0]))

_UP = words("rise")

_DOWN = words("fall")

_GROWTH_UNITS = {"percent", "percentage_point", "multiple"}

# words stripped off the end of the text before a number to reach the metric
_TRAIL_WORDS = sorted(set(words("metric_trailing")), key=len, reverse=True)

_TRAIL_RE = re.compile("(?:" + "|".join(map(re.escape, _TRAIL_WORDS)) + ")$")

# the metric starts after the last of these words (time, tense, agents, generic verbs)
_CUT_WORDS = words("metric_cut")

_CUT_RE = re.compile("|".join(map(re.escape, sorted(_CUT_WORDS, key=len, reverse=True))))

_LEAD_STRIP_RE = re.compile(
    r"^(?:相关|有关|各类|各级|其中|全年|我们|我|这|那|一批|实现|完成|新增加|拥有|共有|再|还|并|建议(?=.))+"
)

# verbs that name the metric together with the noun printed after the number
_KEEP_VERBS = words("keep_verbs")

_GENERIC_VERBS = words("generic_verbs")

_HEAD_SUFFIXES = words("head_suffixes")

_JURISDICTION_RE = re.compile("^(" + "|".join(words("jurisdictions")) + ")")

# _TRAIL_WORDS by length, longest first
_TRAIL_BY_LEN = tuple(
    (n, frozenset(w for w in _TRAIL_WORDS if len(w) == n)) for n in sorted({len(w) for w in _TRAIL_WORDS}, reverse=True)
)


def _drop_trail_word(s: str) -> str:
    """``_TRAIL_RE.sub("", s)``: drop the longest trail word ending ``s`` (the
    leftmost match of the pattern), by set look-ups instead of a regex scan."""
    if s.endswith("\n"):  # $ also matches before a final newline: let the regex decide
        return _TRAIL_RE.sub("", s)
    for n, ws in _TRAIL_BY_LEN:
        if s[-n:] in ws:
            return s[:-n]
    return s


def _strip_trailing(s: str) -> str:
    """Drop comparator, verb and adverb words from the end of ``s``."""
    prev = None
    while prev != s:
        prev = s
        s = _drop_trail_word(s)
        s = s.rstrip('“”‘’"( （　')
    return s


_RATIO_HEADS = set(words("ratio_heads"))


def _cut_leading(s: str) -> tuple[str, str]:
    """Split ``s`` after the last cut word (time, tense, agent verbs):
    (head before, metric part after)."""
    cuts = list(_CUT_RE.finditer(s))
    if not cuts:
        return "", s
    last = cuts[-1]
    if last.group(0) == "的" and s[last.end() :] in _RATIO_HEADS and len(cuts) > 1 and cuts[-2].end() < last.start():
        last = cuts[-2]  # 留在本地就业的比例: the ratio needs what it is a ratio of
    elif last.group(0) == "的" and s[last.end() :] in _RATIO_HEADS:
        return "", s
    if last.end() >= len(s):
        # the text ends with a cut word: try the one before
        return s, ""
    return s[: last.start()], s[last.end() :]


_TIME_STRIP_RE = re.compile(
    r"(?:到|至|截至|截止)?(?:(?:19|20)\d\d|二〇[一二三四五六七八九〇][〇一二三四五六七八九])年(?:底|末|初)?的?|"
    r"[“\"]?十[一二三四五六]五[”\"]?(?:末|时期末|期末|时期|期间)?|(?:\d+|[一二两三四五六七八九十])年(?:后|内|来|间)|"
    r"近(?:\d+|[一二三四五六七八九十])年|今年以来|近年来|过去一年|过去五年|一年来|五年来|上半年|前三季度|一季度|"
    r"今年|明年|去年|全年|本年度|年内|近年"
)

_TIME_STRIP_FIRST_RE = first_class(_TIME_STRIP_RE)


def _blank_match(m: re.Match[str]) -> str:
    """As many ideographic spaces as ``m`` is long."""
    return "　" * (m.end() - m.start())


def _blank_out(rx: re.Pattern[str], first: re.Pattern[str], s: str) -> str:
    """``rx.sub(lambda m: "　" * len(m.group(0)), s)``: every match of ``rx``
    blanked with ideographic spaces (offsets kept); skipped at C speed when
    ``first`` (every character a match can start with) finds nothing."""
    if first.search(s) is None:
        return s
    return rx.sub(_blank_match, s)


# a comparison with a baseline, printed between the metric and its change
_BASE_CMP_RE = re.compile(
    r"(?:[是为](?:19|20)\d\d年的|同比|(?:比|较|相比)(?:上年末|上年同期|上年|去年同期|去年底|去年|前年|年初|同期|(?:19|20)\d\d年(?:底|末)?"
    r"|(?:\d+|[一二两三四五六七八九十])年前))"
)

_BASE_CMP_FIRST_RE = first_class(_BASE_CMP_RE)

_FROM_TO_RE = re.compile(
    r"(?:从|由)　*[\d.,]+[^\d，,。；;]{0,6}?"
    r"(?:提高|提升|增加|增长|扩大|下降|降低|减少|缩短|发展|上升|降|增|升|减)(?:(?:到|至)了?　*|　+)$"
)

_FROM_TO_FIRST_RE = first_class(_FROM_TO_RE)

_TENSE_CUT_RE = re.compile(r"(?:目前|当前|已经|已|现有|累计|共有)$")

# a comparison printed before the number names its base, not the metric: 研发投入将不低于营业收入的8%
_BASE_OF_RE = re.compile(r"(?:不低于|不少于|不高于|不超过|低于|高于|超过|相当于|占)[^，,；;。]{1,12}的$")

_BASE_OF_FIRST_RE = first_class(_BASE_OF_RE)


@lru_cache(maxsize=4096)
def _metric(pre: str, post_noun: str, counted: bool = False) -> tuple[str | None, int, bool]:
    """Metric for the text printed before the number (``pre``, inside its
    clause) and the noun printed right after the unit (pure: cached, the
    same clause openings recur across documents).

    Returns (metric, offset in ``pre`` where the metric starts, uses_post).
    """
    work = _blank_out(_BASE_CMP_RE, _BASE_CMP_FIRST_RE, pre)
    work = _blank_out(_BASE_OF_RE, _BASE_OF_FIRST_RE, work)
    work = _blank_out(_TIME_STRIP_RE, _TIME_STRIP_FIRST_RE, work)
    work = _blank_out(_FROM_TO_RE, _FROM_TO_FIRST_RE, work)
    stripped = _strip_trailing(work)
    head, body = _cut_leading(stripped)
    body_start = len(head) + (len(stripped) - len(head) - len(body))
    lead_blank = len(body) - len(body.lstrip("　"))
    body = body[lead_blank:]
    body_start += lead_blank
    if body:
        mm = _LEAD_STRIP_RE.match(body)
        if mm:
            body_start += mm.end()
            body = body[mm.end() :]
    body = body.replace("　", "")
    jm = _JURISDICTION_RE.match(body)
    if jm and len(body) > jm.end() + 1:
        body = body[jm.end() :]
        body_start += jm.end()
    elif jm and post_noun:
        body = ""  # 为全市3800多家小微企业: the noun after the number names it
    if counted and post_noun and 0 < len(body) <= 3 and body not in _KEEP_VERBS:
        # 周边12家乡镇卫生院, 走访二十多家初创企业: the thing counted is printed after the number
        body = "" if _JURISDICTION_RE.match(body) or body.startswith("全") else body
        return (body + post_noun)[:24], len(pre) - len(body), True
    verb_only = (not body) or body.endswith(_KEEP_VERBS) and len(body) <= 6 or body in _GENERIC_VERBS
    if post_noun and verb_only:
        if body in _GENERIC_VERBS or not body.endswith(_KEEP_VERBS):
            verb = ""
            for v in sorted(_KEEP_VERBS, key=len, reverse=True):
                if stripped.endswith(v):
                    verb = v
                    break
            body = verb
        start = len(stripped) - len(body) if body else len(pre)
        return (body + post_noun)[:24] or None, start, True
    # (the $-anchored search, a scan of the whole of ``stripped``, only when the rest holds)
    if (
        (not body or body in _GENERIC_VERBS or body in _KEEP_VERBS)
        and not post_noun
        and ((before_tense := _TENSE_CUT_RE.search(stripped)) or head)
    ):
        # 高速公路目前还有48公里, 新能源装机力争新增1000万千瓦: the metric stands before the time or plan word
        h_head, h_body = _cut_leading(_strip_trailing(stripped[: before_tense.start()] if before_tense else head))
        h_body = h_body.replace("　", "")
        if 2 <= len(h_body) <= 24 and not _JURISDICTION_RE.fullmatch(h_body) and h_body not in _GENERIC_VERBS:
            return h_body + (body if body in ("新增", "净增") else ""), len(h_head), False
    if not body:
        return None, len(pre), False
    if len(body) > 24:
        body = body[-24:]
        body_start = len(pre) - len(body)
    return body, body_start, False


_POST_VERB_RE = re.compile(
    r"建立|建档|提供|办理|享受|受益|获得|入驻|落户|落地|投产|开工|建成|参与|参加|实现|完成|开展"
    r"|通过|加入|入选|签约|投入使用|没有|未能|尚未|还未"
)

_POST_NOUN_RE = re.compile(r"[\u4e00-\u9fff]{1,13}?(?=[，,。；;、：:（(）)“”‘’\n和与及等的+]|$|以上|左右)")

_POST_NOUN_VERB_RE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?=[到在向赴去来]|" + _POST_VERB_RE.pattern + ")")

_NOT_NOUN_RE = re.compile(
    r"(以上|以下|以内|左右|目标|的|和|也|并|为|是|在|从|等|同比|比上年|增长|下降|台阶|大关|关口|没有|尚未|还未|未)"
)

# the thing counted, printed before what is said of it: 191家工业企业营业收入超百亿元, 11个县被认定
_POST_NOUN_HEAD_RE = re.compile(r"[\u4e00-\u9fff]{1,10}?(?=营业收入|主营业务收入|产值|规模|总额|占|被|入选|获评)")

_POST_NOUN_ADVERB_RE = re.compile(r"(?:全部|全都|均|都|已经|已|还|共)?(?:达|超|为)?$")


@lru_cache(maxsize=4096)
def _post_noun_of(after: str) -> str:
    """The noun printed right after a quantity (98个项目 -> 项目), up to 13
    characters, from the 14 characters ``after`` it (pure: cached)."""
    m = _POST_NOUN_HEAD_RE.match(after) or _POST_NOUN_RE.match(after)
    if not m:
        m = _POST_NOUN_VERB_RE.match(after[:10])
        if not m:
            return ""
    w = m.group(0)
    v = _POST_VERB_RE.search(w, 2)
    if v:
        w = w[: v.start()]
    w = _POST_NOUN_ADVERB_RE.sub("", w) or w  # 124个县域医共体全部达到…: 县域医共体
    if _NOT_NOUN_RE.match(w):
        return ""
    if _GOAL_STRONG.match(w) or _FACT_STRONG.match(w):
        return ""
    return w


_MEASURE_TRAIL_RE = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(words("measure_trailing"), key=len, reverse=True))) + ")+$"
)

_TO_LEVEL_RE = re.compile(r"(?:" + "|".join(_UP + _DOWN) + r")(?:到|至|为)$|(?:降至|增至|升至|减至|提至)$")

_RATE_VERB_RE = re.compile(
    "(" + "|".join(sorted(_UP + _DOWN, key=len, reverse=True)) + r")(?:比上年|同比|了|幅度|速度)?$"
)

# a change of an amount (标准再提高20元, 比上年末增加4.3万人): growth; 新增/增加到 stay levels
_AMOUNT_CHANGE_RE = re.compile(r"(?<![新净])(增长|提高|提升|增加|上涨|下降|降低|减少|缩减|压减)(?:了)?(?:约|近|超过)?$")

_GROWTH_AFTER_RE = re.compile(r"(?:以上|左右)?(?:的)?(?:增长|增速|增幅)")


def _measure(pre: str, unit: str, t_after: str, growth_hint: bool) -> tuple[str, str | None, bool]:
    """(measure, direction, is_target_level) from the verb printed before the
    number, else from the words ``t_after`` it (增速, 的增长)."""
    got = _measure_before(pre, unit in _GROWTH_UNITS or growth_hint, growth_hint)
    if got is None:
        return _GROWTH_UP if _GROWTH_AFTER_RE.match(t_after) else _LEVEL
    return got


_GROWTH_UP = ("growth", "up", False)

_LEVEL = ("level", None, False)


@lru_cache(maxsize=4096)
def _measure_before(pre: str, growth: bool, growth_hint: bool) -> tuple[str, str | None, bool] | None:
    """``_measure`` as far as the words ``pre`` before the number decide it
    (``growth``: the unit is a rate or ``growth_hint`` is set); None when
    the words after it decide (pure: cached, unlike ``_measure`` whose
    ``t_after`` differs at nearly every number)."""
    s = _MEASURE_TRAIL_RE.sub("", pre.rstrip()[-16:])
    if _TO_LEVEL_RE.search(s):
        return "level", None, True
    if not growth:
        m = _AMOUNT_CHANGE_RE.search(pre.rstrip()[-8:])
        if m:
            return "growth", ("down" if m.group(1) in _DOWN else "up"), False
        return _LEVEL
    m = _RATE_VERB_RE.search(s)
    if m:
        return "growth", ("down" if m.group(1) in _DOWN else "up"), False
    if growth_hint:
        return _GROWTH_UP
    return None


_PREFIX_CMP_MAP = dict(_PREFIX_CMP)

_PREFIX_CMP_RE = re.compile("(" + "|".join(re.escape(w) for w, _ in _PREFIX_CMP) + ")(?:了|到|至|达到|达|为|实现)?$")

_CMP_OF_RE = re.compile(r"(不低于|不少于|不超过|不高于|低于|高于|超过)[^，,；;。]{1,12}的$")


@lru_cache(maxsize=4096)
def _comparator_and_prefix(pre: str, post: str | None, chinese: bool) -> tuple[str, str | None]:
    """(``_comparator_of(pre, post, chinese)``, the comparator of the word
    printed right before the number, if any) (pure: cached)."""
    mp = _PREFIX_CMP_RE.search(pre.rstrip()[-8:])
    return _comparator_of(pre, post, chinese), (_PREFIX_CMP_MAP[mp.group(1)] if mp else None)


@lru_cache(maxsize=4096)
def _comparator_of(pre: str, post: str | None, chinese: bool) -> str:
    """The comparator of a quantity from the words before the number, the comparator
    printed after it and whether it is written in Chinese numerals (pure: cached)."""
    if post == "range":
        return "range"
    pre = pre.rstrip()
    pre_cmp = None
    m = _PREFIX_CMP_RE.search(pre[-8:])
    if m:
        pre_cmp = _PREFIX_CMP_MAP[m.group(1)]
    if pre_cmp is None:
        m = _CMP_OF_RE.search(pre)
        if m:
            pre_cmp = _PREFIX_CMP_MAP[m.group(1)]
    if pre_cmp is None and chinese and pre.endswith("上") and not pre.endswith(("以上", "之上")):
        pre_cmp = "approx"  # 上千家, 上百个
    if post == "approx" or pre_cmp == "approx":
        return "approx"
    if post:
        return post
    if pre_cmp:
        return pre_cmp
    return "eq"
