"""Numeric goals and reported figures.

``extract_quantities(text, doc_year)`` finds every quantity printed in the
cleaned text (number + magnitude + unit, with its comparator words), drops the
numbers that are not quantities (dates, ranks, names, list counts, category
thresholds …), and fills in for each: goal or fact, metric, subject, measure,
direction and year.

All rules are regular expressions over the text and a few fixed word lists: one
linear pass for the numbers, then local look-arounds bounded by the sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, compress, repeat

from flows.extract.text.document import PLAN5, REVIEW, YEAR, DocContext
from flows.extract.text.firstchars import first_chars, first_class
from flows.extract.numbers.numerals import halfwidth, needs_folding, parse_arabic, parse_cn, simplified
from flows.extract.types import Quantity
from flows.extract.numbers.units import (MAGNITUDES, UNITS, magnitude_factor, match_denominator, match_magnitude,
                                 match_unit)

# --------------------------------------------------------------------------- tokens

_CN = "零〇○一二两三四五六七八九十百千万亿"
_NUM_RE = re.compile(
    r"(?P<pct>百分之(?P<pctnum>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?|\d+(?:\.\d+)?))"
    r"|(?P<fan>翻(?:了)?(?P<fann>一|两|三|四|1|2)?番)"
    r"|(?P<ar>\d+(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)"
    r"|(?P<cn>[" + _CN + r"]+(?:点[零〇一二三四五六七八九]+)?)"
)
# every character a _NUM_RE match can start with
_NUM_FIRST_RE = first_class(_NUM_RE)
_QUAL_RE = re.compile(r"以上|以下|以内|之内|左右|上下|内|多|余")
_QUAL_FIRST = frozenset(first_chars(_QUAL_RE))  # every character a _QUAL_RE match starts with
_RANGE_SEP = r"(?:—{1,2}|–|-|~|至|到)"  # between the two ends of a range: 4.5%—5%, 5%到5.5%
_CJK_RE = re.compile(r"[\u3400-\u9fff]")

_SENT_END = "。！？!?\n"
_PART_END = _SENT_END + "；;"
_CLAUSE_END = _PART_END + "，,：:"
_ITEM_END = _CLAUSE_END + "、"

_PREFIX_CMP: list[tuple[str, str]] = sorted([
    ("不低于", "ge"), ("不少于", "ge"), ("至少", "ge"), ("不超过", "le"), ("不高于", "le"),
    ("不多于", "le"), ("控制在", "le"), ("低于", "lt"), ("少于", "lt"), ("不足", "lt"), ("不到", "lt"), ("超过", "gt"),
    ("突破", "gt"), ("逾", "gt"), ("超", "gt"), ("高于", "gt"), ("多于", "gt"), ("大于", "gt"),
    ("迈上", "gt"), ("跨上", "gt"), ("跨越", "gt"), ("站上", "gt"), ("登上", "gt"), ("跃上", "gt"),
    ("迈入", "gt"), ("跨入", "gt"),
    ("约", "approx"), ("大约", "approx"), ("近", "approx"), ("接近", "approx"), ("将近", "approx"),
    ("上千", "approx"),
], key=lambda x: -len(x[0]))
_SUFFIX_CMP = {"以上": "ge", "以下": "le", "以内": "le", "之内": "le", "内": "le",
               "左右": "approx", "上下": "approx", "多": "gt", "余": "gt"}

_UP = ("增长", "增速", "增幅", "提高", "提升", "上升", "增加", "上涨", "涨幅", "扩大", "攀升", "增")
_DOWN = ("下降", "降低", "减少", "缩短", "压减", "压缩", "削减", "降幅", "回落", "下调", "缩减", "减排",
         "降", "减")
_GROWTH_UNITS = {"percent", "percentage_point", "multiple"}

# words stripped off the end of the text before a number to reach the metric
_TRAIL_WORDS = sorted({
    "约", "大约", "近", "接近", "将近", "超过", "超", "突破", "逾", "高于", "多于", "大于", "不低于", "不少于",
    "至少", "不超过", "不高于", "不多于", "低于", "少于", "控制在", "保持在", "稳定在", "维持在", "达到",
    "达", "为", "是", "实现", "完成", "了", "均", "都", "各", "分别", "同比", "比上年", "比去年",
    "较上年", "较去年", "年均", "平均", "累计", "迈上", "跨上", "站上", "跨越", "登上", "跃上", "迈入",
    "到", "至", "在", "共", "合计", "总计", "有", "力争", "确保", "争取", "预计", "将", "要", "已", "已经",
    "从", "由", "提前", "新", "上千", "增长", "提高", "提升", "上升", "增加", "上涨",
    "扩大", "攀升", "下降", "降低", "减少", "缩短", "压减", "压缩", "削减", "回落",
    "下调", "缩减", "缩小", "多出", "以上", "再", "先后", "相继", "首次", "再次", "一举", "成功",
    "只有", "仅有", "还有", "尚有", "仍有", "只", "仅", "不足", "不到", "占了", "占",
    "分别为", "总数", "数量", "规模", "目标", "预期", "努力", "保持", "持续",
    "按", "设定", "设定在", "分別", "增至", "升至", "降至", "减至", "提至", "继续", "进一步", "稳步",  # 地区生产总值按增长5%安排, …增速目标设定为
}, key=len, reverse=True)
_TRAIL_RE = re.compile("(?:" + "|".join(map(re.escape, _TRAIL_WORDS)) + ")$")

# the metric starts after the last of these words (time, tense, agents, generic verbs)
_CUT_WORDS = [
    "力争", "争取", "确保", "努力", "计划", "预计", "将", "要", "已经", "已", "现有", "目前", "当前",
    "累计", "全年", "今年", "明年", "去年", "上年", "年内", "实现", "完成", "达到", "共有", "集聚",
    "建成", "建设", "打造", "推进", "推动", "加快", "用好", "与", "和", "及", "其中", "此外", "同时",
    "另外", "我们", "下一步", "近年来", "目标是", "主要预期目标", "预期目标", "表示", "介绍", "指出",
    "认为", "强调", "透露", "说", "的", "使", "让", "助推",
    "带动", "促进", "全力", "着力", "大力", "积极", "进一步", "持续", "稳步", "新增加", "又",
    "形成", "突破", "超过", "聚集", "吸引", "落地", "总计", "合计",
    "首先", "其次", "最后", "围绕", "聚焦", "全面", "加大", "扩大", "在此基础上", "为", "是",
    "已有", "还有", "尚有", "仍有", "只有", "仅有", "打算", "准备",
    "提出", "包括", "确定",  # 提出地区生产总值年均增长5%: the words of the plan, not of the metric
]
_CUT_RE = re.compile("|".join(map(re.escape, sorted(_CUT_WORDS, key=len, reverse=True))))
_LEAD_STRIP_RE = re.compile(r"^(?:相关|有关|各类|各级|其中|全年|我们|我|这|那|一批|实现|完成|新增加|拥有|共有|再|还|并|建议(?=.))+")

# verbs that name the metric together with the noun printed after the number
_KEEP_VERBS = ("新开设", "开设", "共建", "新上", "新开工", "新建", "新增", "招引", "引进", "引育", "培育", "续建", "改造", "改扩建", "开通",
               "新开通", "新认定", "认定", "创建", "建成", "开工", "签约", "实施", "举办", "新培育", "新引进",
               "新设立", "设立", "新注册", "新登记", "转化", "发放", "帮扶", "安置", "救助", "培训", "招聘",
               "投用", "竣工", "完工", "开工建设", "新建成")
_GENERIC_VERBS = ("促成", "协助", "帮助", "建设", "打造", "推进", "推动", "加快推进", "加快建设", "加快", "完成", "实现", "用好",
                  "持续推进", "大力", "开展", "组织", "启动", "全力", "着力", "抓好", "抓", "做好",
                  "力争", "争取", "确保", "累计", "与", "和", "及", "有", "拥有", "共有", "已有", "集聚")

# nouns after a count that make it a list count, not a quantity (五个方面)
_LIST_NOUNS = ("方面", "方向", "层面", "维度", "环节", "板块", "阶段", "原则", "关系", "特点", "问题",
               "意识", "自信", "确立", "维护", "必须", "坚持", "务必", "一批", "一体", "着力点", "抓手")

_HEAD_SUFFIXES = ("居民人均可支配收入", "人均可支配收入", "社会消费品零售总额", "进出口总额",
                  "增加值", "营业收入", "产值", "收入", "投资", "总额", "规模", "产量", "比重", "占比",
                  "增速", "利润", "总量", "消费", "产业集群")

_JURISDICTION_RE = re.compile(r"^(全国|全省|全市|全县|全区|全州|全盟|全旗|我国|我省|我市|我县|我区|本市|本省|该市|该省|该县|该区)")

# --------------------------------------------------------------------------- time phrases

_CN_SMALL = "一二两三四五六七八九十"
_TIME_RE = re.compile(
    r"(?P<until>(?:到|至|截至|截止到?|在)?(?P<y>(?:19|20)\d\d|二〇[一二三四五六七八九〇][〇一二三四五六七八九])年"
    r"(?:底|末|初|前|年底|全年|上半年|下半年|前三季度)?)"
    r"|(?P<plan>[“\"]?十(?P<fyp>[一二三四五六])五[”\"]?(?:规划)?(?P<fypk>末|时期末|期末|时期|期间|以来|规划期)?)"
    r"|(?P<since>今年以来|年初以来)"
    r"|(?P<last>(?<![比较])去年|(?<![比较同])上年|过去一年|一年来|(?<![比较])前年)"
    r"|(?P<multi>(?:过去|近|最近)(?P<mn>\d+|[" + _CN_SMALL + r"])年(?:来|间|里)?|(?P<mn2>\d+|[" + _CN_SMALL + r"])年来"
    r"|近年来|多年来|近年|年均|累计)"
    r"|(?P<after>(?P<an>\d+|[" + _CN_SMALL + r"])年(?:后|内|之内|时间|左右)|未来(?P<an2>\d+|[" + _CN_SMALL + r"])年)"
    r"|(?P<this>今年|全年|本年度|本年|年内|年底前|年底)"
    r"|(?P<next>明年)"
    r"|(?P<now>目前|现有|当前|截至目前|现已|如今|眼下)"
    r"|(?P<vague>下一步|今后|未来)"
)
# every character a _TIME_RE match can start with
_TIME_FIRST_RE = first_class(_TIME_RE)
# A character class (the inside of [...]) of every \d character and a few more:
# for a character outside it, the regex engine rejects it in one look-up of its
# table, where \d in a class costs it a look-up in the Unicode database for
# each character of the text (every CJK character, as no table holds \d).
# Every decimal digit of the Unicode database lies in these ranges (checked in
# tests/extract/test_numbers.py over every code point). Used only as the
# first character of a pattern whose look-behinds then test that character
# again, so that the matches stay those of \d.
_DIGITS_OR_MORE = r"0-9\u0660-\u1fff\ua620-\uabff\uff10-\uff19\U00010000-\U0010ffff"

# the positions where a _TIME_RE match can start, picked more narrowly than by
# _TIME_FIRST_RE: a digit or small numeral only where 年 follows (2025年, 五年后,
# 3年来), 年 only before 初/均/内/底, 全, 明 and 上 only before 年, 现 only before
# 有/已, 二 only before 〇, 目 only before 前, a quote mark only before 十, 到, 至
# and 在 only before a year (19xx/20xx/二〇); every other first character as is
# (written as one character class followed by look-arounds, so that the
# regex engine skips to candidates at C speed)
# kept: 0.07 s of 0.51 s extract_quantities on the 1,000-document benchmark, 3 % of a build (best of 5, A/B)
_TIME_START_RE = re.compile(r"[" + _DIGITS_OR_MORE + r"一二两三四五六七八九年全明现“\"十到至截在今去上过前近最多累未本目当如眼下]"
                            r"(?:(?<=\d)(?=\d*年)|(?<=[一二两三四五六七八九])(?=年)|(?<=二)(?=〇)|(?<=年)(?=[初均内底])"
                            r"|(?<=[全明上])(?=年)|(?<=现)(?=[有已])|(?<=目)(?=前)|(?<=[“\"])(?=十)"
                            r"|(?<=[到至在])(?=(?:19|20)\d\d|二〇)|(?<=[十截今去过前近最多累未本当如眼下]))")


_OF_VALUE_RE = re.compile(r"[\d约近]")
_QUOTE_MARKS_RE = re.compile("[“”\"]")


@dataclass(frozen=True)
class TimePhrase:
    """A time phrase found in the text: where, as written, its kind and year."""

    start: int
    end: int
    text: str
    kind: str  # until this since multi after next last now vague plan
    year: int | None
    opens: bool = False  # opens its sentence or clause (去年，… / 2022年，…)


# parse_cn is pure, and the same few numerals (一, 两, 三 …) recur in every document
_parse_cn = lru_cache(maxsize=4096)(parse_cn)


def _small_int(s: str) -> int | None:
    """'5' -> 5, '五' -> 5, '十' -> 10."""
    if s.isdigit():
        return int(s)
    v = _parse_cn(s)
    return int(v) if v is not None else None


def _matches_in(rx: re.Pattern[str], first: re.Pattern[str], t: str,
                spans: list[tuple[int, int]] | None) -> list[re.Match[str]]:
    """The matches of ``rx.finditer(t)`` that start in the sorted, disjoint
    paragraphs ``spans`` (None: the whole text), found faster: ``rx`` is tried
    only where ``first`` (a character class of every character a match of
    ``rx`` can start with) finds a candidate, skipping the rest of the text in
    C. ``rx`` must never match the empty string nor run across a newline."""
    out = []
    search, match = first.search, rx.match
    for a, b in spans if spans is not None else ((0, len(t)),):
        pos = a
        while (c := search(t, pos, b)) is not None:
            k = c.start()
            m = match(t, k)
            if m is None:
                pos = k + 1
            else:
                out.append(m)
                pos = m.end()
    return out


def find_time_phrases(text: str, doc_year: int | None,
                      spans: list[tuple[int, int]] | None = None) -> list[TimePhrase]:
    """Every time phrase in ``text`` with the year it resolves to; with
    ``spans`` (sorted, disjoint paragraphs, see _paragraphs_at), only those in
    them. No time phrase holds a newline, so each paragraph is read alone."""
    out: list[TimePhrase] = []
    for m in _matches_in(_TIME_RE, _TIME_START_RE, text, spans):
        group = m.lastgroup  # the top-level group of the branch that matched
        ms, me = m.span()
        kind = group or ""
        year: int | None = None
        if group == "until":
            prev_ch, next_ch = text[ms - 1:ms], text[me:me + 1]
            if not m.group(0).startswith(("到", "至", "截", "在")) and (
                    prev_ch in ("比", "较", "于") or prev_ch in ("是", "为") and next_ch == "的"):
                continue  # 比2020年翻一番: the baseline year, not the time of the figure
            kind = "until"
            y = m.group("y")
            year = int(y) if y.isdigit() else int(_parse_cn(y) or 0) or None
            end_ch = text[me:me + 1]
            if end_ch == "月" or (end_ch.isdigit()) or text[me:me + 2] in ("以来", "之前"):
                kind = "date" if end_ch in "月0123456789" else "since_year"
            elif end_ch == "的" and _OF_VALUE_RE.match(text[me + 1:me + 2]):
                kind = "of"  # 2025年的3710亿元: the year of that value only
        elif group == "plan":
            kind = "plan"
            n = "一二三四五六".index(m.group("fyp")) + 1
            end_year = 2005 + 5 * n  # 十四五 -> 2025, 十五五 -> 2030
            k = m.group("fypk") or ""
            year = end_year
            if k in ("期间", "以来"):
                kind = "multi"
                year = None
            if not k and not (m.group(0).startswith(("“", '"')) or text[me:me + 2] in ("时期", "规划")):
                continue  # 十五 etc. inside a word
        elif group == "since":
            kind, year = "since", doc_year
        elif group == "multi":
            kind = "multi"
        elif group == "after":
            kind = "after"
            n = _small_int(m.group("an") or m.group("an2") or "")
            year = doc_year + n if doc_year is not None and n is not None and n < 50 else None
        elif group == "this":
            kind, year = "this", doc_year
        elif group == "next":
            kind, year = "next", doc_year + 1 if doc_year else None
        elif group == "last":
            kind = "last"
            year = (doc_year - (2 if m.group(0) == "前年" else 1)) if doc_year else None
        elif group == "now":
            kind = "now"
        elif group == "vague":
            kind = "vague"
        opens = ms == 0 or text[ms - 1] in "\n。；;，,：:”！？"
        written = m.group(0)
        if '"' in written or "“" in written or "”" in written:
            written = _QUOTE_MARKS_RE.sub("", written)
        out.append(TimePhrase(ms, me, written, kind, year, opens))
    return out


# --------------------------------------------------------------------------- goal / fact cues

_GOAL_STRONG = re.compile(
    r"力争|争取|确保|目标|预期(?!寿命)|计划|预计|将(?<![即必]将)(?![近其之来])|拟|要(?<![主重需必只纲摘提首紧简想不]要)(?![素求点闻害件领是])"
    r"|努力|力求|规划|年后|下一步|未来|明年|年内|奋斗|打算|准备(?![金好])|有望|希望|呼吁"
    r"|建议(?<![件条份个项的些、和及与]建议)(?![书稿案和、与及]|\d|[一二三四五六七八九十两百千]+[件条项])")
_FACT_STRONG = re.compile(
    r"已(?<![而得业]已)(?!经)|已经|现有|目前|当前|截至|截止|去年(?<![比较]去年)|上年(?<![比较同]上年)|前年(?<![比较]前年)|过去|以来"
    r"|五年来|近年来|一年来"
    r"|同比|完成了|实现了|达到了|增长了|提高了|下降了|增加了|降低了|突破了|创历史"
    r"|共(?:收到|接待|受理|办理|举办|开展|签约|引进|完成|实现|征集|提交|提出|审议|通过)|了(?<![为除]了)(?=[约近超逾]?\d)"
    r"|创新高|获评|获批|荣获|位居|位列|居全国|居全省|居西部|建成了|现已")
_FACT_WEAK = re.compile(r"累计|比上年|比去年|较上年|较去年|较年初|比年初|建成|共有|拥有|共|有|为")
_GOAL_WEAK = re.compile(r"今年|新开工|实施|开工|着力|加快|推动|推进|建设|打造|培育|引进")

# headings and paragraph openings that switch between review and plan
_REVIEW_HEAD = re.compile(r"回顾|过去一年|过去五年|五年来|一年来|成绩|成就|取得")
_PLAN_HEAD = re.compile(r"安排|任务|目标|计划|展望|部署|思路|重点工作|今年|主要预期|建议|总体要求")
_REVIEW_OPEN = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:过去一年|一年来|过去五年|五年来|回顾过去|(?:19|20)\d\d年[，,是])")
_PLAN_OPEN = re.compile(r"今年(?:是|经济社会发展|政府工作|全市|全省|全区|全县|的?主要预期目标|发展的主要预期目标)|主要预期目标")
_REVIEW_OPEN_FIRST = frozenset(first_chars(_REVIEW_OPEN))  # derived: most paragraphs skip the look-up


_HEAD_PUNCT_RE = re.compile(r"[，,；;]")
_QA_LABEL_RE = re.compile(r"(?:记者|主持人|问|答)[：:]")
_YEAR_WORD_RE = re.compile(r"((?:19|20)\d\d)年")
_FYP_RE = re.compile(r"十([一二三四五六])五")
_SENT_SPLIT_RE = re.compile(r"[。！？]")


def _first_sentence_end(p: str) -> int:
    """Where the first sentence of ``p`` ends (its 。！？, else the end):
    ``len(_SENT_SPLIT_RE.split(p, maxsplit=1)[0])`` without the copies."""
    m = _SENT_SPLIT_RE.search(p)
    return m.start() if m else len(p)


@dataclass(frozen=True)
class _Mode:
    kind: str | None  # "goal" | "fact" | None
    year: int | None
    horizon: str | None
    # set by a work report's section (flows.extract.text.document): the section's role
    # decides goal or fact unless the clause's own time or tense says otherwise
    firm: bool = False


_NO_MODE = _Mode(None, None, None)
_ROLE_KIND = {REVIEW: "fact", PLAN5: "goal", YEAR: "goal"}


def _context_modes(context: DocContext | None) -> list[tuple[int, int, _Mode]]:
    """(start, end, firm mode) of each section of a work report with a known role."""
    if context is None or not context.is_report:
        return []
    return [(s.start, s.end, _Mode(_ROLE_KIND[s.role], s.year, None, True))
            for s in context.sections if s.role in _ROLE_KIND]


# in a plan section, what makes a figure a fact: a word of the present or the past
# printed in its clause before it (全省已建成…, 目前…)
_PLAN_FACT_WORD_RE = re.compile(r"已(?<![而得业]已)|已经|现有|目前|当前|截至|截止|过去|如今")
_PAST_TIME_KINDS = ("last", "since", "since_year")


def _firm_kind(times: _Times, t: str, kind: str, mode: _Mode, pos: int, frame: Frame) -> str:
    """Goal or fact in a section whose role is known: the role's kind, unless
    the clause's own time phrase points forward (a goal in a review) or a time
    phrase or present/past word before the figure points back (a fact in a plan)."""
    if kind == mode.kind or mode.kind is None:
        return kind
    tps, tp_starts, doc_year = times.tps, times.starts, times.doc_year
    clause, part_a = frame[2], frame[1][0]
    if mode.kind == "fact":
        for tp in tps[bisect_left(tp_starts, clause[0]):bisect_left(tp_starts, clause[1])]:
            if tp.kind in ("after", "next") or tp.kind in ("until", "plan") and tp.year and doc_year \
                    and tp.year > doc_year:
                return "goal"
        return "fact"
    for tp in tps[bisect_left(tp_starts, part_a):bisect_left(tp_starts, pos)]:
        if tp.kind in _PAST_TIME_KINDS or tp.kind == "multi" and tp.text not in _SPAN_WORDS \
                or tp.kind in ("until", "date") and tp.year and doc_year and tp.year < doc_year:
            return "fact"
    if _PLAN_FACT_WORD_RE.search(t, clause[0], pos):
        return "fact"
    return "goal"


def _section_modes(text: str, doc_year: int | None, is_report: bool = True,
                   paras: list[str] | None = None) -> list[tuple[int, _Mode]]:
    """(paragraph start, mode) for each paragraph: whether plain sentences
    there are a review (facts) or a plan (goals), and the year they cover.

    Headings set the mode until the next heading. A paragraph opening
    (过去一年…, 今年…主要预期目标是) sets it for the rest of a work report, but
    only for its own paragraph in news, where the next paragraph may quote
    anyone about anything. ``paras``: ``text.split("\n")`` when at hand."""
    modes: list[tuple[int, _Mode]] = []
    mode = _Mode(None, None, None)
    head_mode = mode
    pos = 0
    for para in paras if paras is not None else text.split("\n"):
        if not is_report:
            mode = head_mode
        start = pos
        pos += len(para) + 1
        p = para.strip()
        if not p:
            modes.append((start, mode))
            continue
        is_heading = len(p) < 50 and "。" not in p and not _HEAD_PUNCT_RE.search(p) \
            and not p.endswith(("？", "?")) and not _QA_LABEL_RE.match(p)  # a question is no heading
        if is_heading:
            years = [int(y) for y in _YEAR_WORD_RE.findall(p[:40])]
            plan = _FYP_RE.search(p[:40])
            if plan and not years:
                years = [2005 + 5 * ("一二三四五六".index(plan.group(1)) + 1)]  # “十五五”时期主要目标 -> 2030
            if _REVIEW_HEAD.search(p):
                if "五年" in p or plan:
                    mode = _Mode("fact", None, None)
                else:
                    y = years[0] if years else (doc_year - 1 if doc_year else None)
                    mode = _Mode("fact", y, None)
            elif _PLAN_HEAD.search(p) and (years or "今年" in p or "安排" in p or "主要预期" in p or "任务" in p):
                y = years[-1] if years else doc_year
                mode = _Mode("goal", y, None)
            head_mode = mode
            modes.append((start, mode))
            continue
        m = _REVIEW_OPEN.match(p) if p[0] in _REVIEW_OPEN_FIRST else None
        if m:
            years = [int(y) for y in _YEAR_WORD_RE.findall(p[:40])]
            if "五年" in m.group(0):
                mode = _Mode("fact", None, None)
            elif years and p[:30].find(f"{years[0]}年") >= 0 and doc_year and years[0] < doc_year:
                mode = _Mode("fact", years[0], f"{years[0]}年")
            elif not years:
                mode = _Mode("fact", doc_year - 1 if doc_year else None, None)
        elif _PLAN_OPEN.search(p, 0, _first_sentence_end(p)):
            mode = _Mode("goal", doc_year, "今年")
        modes.append((start, mode))
    return modes


# --------------------------------------------------------------------------- raw quantities

@dataclass
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
_YEAR_UNIT_VERB_RE = re.compile(r"(?:达到|提高到|提升到|增加到|延长到|延长至|缩短到|缩短至|降至|降到|提高|延长|缩短|增加|为|达)"
                                r"了?(?:约|近|超过)?$")
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
    if i < len(t) and t[i] in "余多" and not t.startswith("多元", i) and not t.startswith("多个", i) or t.startswith("多个", i):
        approx = True
        i += 1
    mag = match_magnitude(t, i) if t[i:i + 1] in _MAG_FIRST else ""
    i += len(mag)
    if not approx and i < len(t) and t[i] in "余多" and not t.startswith("多元化", i):
        approx = True
        i += 1
    u = match_unit(t, i) if t[i:i + 1] in _UNIT_FIRST else None
    code: str | None = None
    surface = ""
    if u:
        surface, code = u
        i += len(surface)
        d = match_denominator(t, i) if t[i:i + 1] in ("/", "每") else None
        if d:
            surface += d[0]
            code = f"{code}/{d[1]}" if code != "count" else f"count/{d[1]}"
            i += len(d[0])
        if not approx and i < len(t) and t[i] in "余多" and t[i:i + 2] not in ("多元", "多家"):
            if t[i] == "余" or not _CJK_RE.match(t[i + 1:i + 2] or " ") or t[i + 1:i + 2] in "，,。；;、":
                approx = True
                i += 1
    return i, mag, surface, code, approx


def _qualifier(t: str, i: int) -> tuple[int, str | None]:
    """A comparator printed right after the quantity (以上, 左右 …)."""
    if t[i:i + 1] not in _QUAL_FIRST:
        return i, None
    m = _QUAL_RE.match(t, i)
    if not m:
        return i, None
    q = m.group(0)
    if q == "内" and t[i + 1:i + 2] not in "，,。；;、 \n" and i + 1 < len(t):
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
        if (group == "ar" or group == "cn" and t[e - 1] not in "万亿") and t[e:e + 1] not in _AFTER_NUMBER:
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
            v = float(2 ** times)
            end, cmp_ = _qualifier(t, e)
            out.append(_Raw(s, end, v, m.group(0), v, "multiple", cmp_, growth_hint=True))
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
        if not chinese and t.startswith(":1", i) and not t[i + 2:i + 3].isdigit():
            out.append(_Raw(s, i + 2, value, ":1", value, "ratio", None))
            continue
        end, mag2, surface, code, approx = _read_tail(t, i) if t[i:i + 1] in _TAIL_FIRST else (i, "", "", None, False)
        if mag and mag2:
            continue
        mag = mag or mag2
        unit_text = mag + surface
        if code is None and t.startswith("年", end) and not mag and value < 150 \
                and _YEAR_UNIT_VERB_RE.search(t, max(0, s - 8), s) and not _YEAR_SPAN_AFTER_RE.match(t, end):
            end2, cmp_ = _qualifier(t, end + 1)
            out.append(_Raw(s, end2, value, "年", value, "year", cmp_, chinese=chinese))  # 受教育年限提高到12年
            continue
        if code is None and t.startswith("成", end) and not _CHENG_WORD_RE.match(t[end:end + 2]) \
                and not mag:
            if chinese and value < 2:
                continue
            if t[end + 1:end + 2] in ("多", "余") and t[end + 1:end + 2] != "":
                approx, end = True, end + 1  # 三成多
            end2, cmp_ = _qualifier(t, end + 1)
            out.append(_Raw(s, end2, value, "成", value * 10, "percent", "gt" if approx else cmp_, chinese=chinese))
            continue
        if code is None:
            if mag in ("亿", "万亿", "千亿", "百亿") or (chinese and tail_mag_is_money(mag)):
                nxt = t[end:end + 1]
                if nxt == "级" or (nxt and _CJK_RE.match(nxt) and not _QUAL_RE.match(t, end)
                                   and not t.startswith(("台阶", "大关", "的"), end)):
                    if not bare:
                        continue
                    # a label: 千亿工业大区, 万亿产业集群 (optional in gold): skip
                    continue
                code, surface = "CNY", "元"
                unit_text = mag + "元"
            else:
                continue
        factor = magnitude_factor(mag) if mag else 1.0
        end_q, cmp_ = _qualifier(t, end) if t[end:end + 1] in _QUAL_FIRST else (end, None)
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
    i = 0
    # numbers that had no unit of their own are not in raws; re-read the low end from text
    for r in raws:
        low = None
        # look left for "<num>[unit]<sep>" ending right at r.num_start
        # the separator is one of the last three characters (then \s?, then $ before a final \n)
        if _RANGE_SEP_CHARS.isdisjoint(t[max(0, r.num_start - 3):r.num_start]):
            out.append(r)
            continue
        left = t[max(0, r.num_start - 30):r.num_start]
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
                    low = _Raw(start_low, r.end, lv, r.unit_text, lv * factor, r.unit, "range",
                               value_high=r.value, value_high_normalized=r.value_normalized)
        out.append(low or r)
        i += 1
    return out


# --------------------------------------------------------------------------- exclusions

_QUOTE_RE = re.compile(r"“[^“”]{0,24}”|‘[^‘’]{0,24}’|「[^「」]{0,24}」|《[^《》]*》|〔[^〔〕]*〕|\"[^\"]{0,24}\"")


_NAME_PUNCT_RE = re.compile(r"[，,。；;！？]")


def _char_positions(t: str, chars: str) -> list[int]:
    """Sorted positions in ``t`` of any of the characters ``chars``: one
    ``str.find`` run per character, which skips text far faster than a regex
    character class does (worth it for characters that are rare in the text)."""
    out: list[int] = []
    find = t.find
    for c in chars:
        i = find(c)
        while i >= 0:
            out.append(i)
            i = find(c, i + 1)
    if len(chars) > 1:
        out.sort()
    return out


# every character a _QUOTE_RE match can start with
_QUOTE_OPENERS = first_chars(_QUOTE_RE)


def _quote_matches(t: str) -> list[re.Match[str]]:
    """``list(_QUOTE_RE.finditer(t))``: its matches start only at an opening
    mark (and are never empty), so the pattern is tried only there, from the
    end of the match before on."""
    out = []
    pos = 0
    match = _QUOTE_RE.match
    for c in _char_positions(t, _QUOTE_OPENERS):
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
_ACTION_BEFORE_RE = re.compile(r"(?:开发|提供|新增|新建|培育|引进|招引|打造|吸引|组织|举办|带动|建设|实施|开工|培训|"
                               r"安置|帮扶|创造|设立|建成|落地|签约|发放|完成|实现|达到)$")


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
    before = t[s - 4 if s > 4 else 0:s]
    after = t[e:e + 4]
    if names_starts:
        k = bisect_right(names_starts, s) - 1
        if k >= 0 and names[k][0] <= s < names[k][1]:
            return True
    if before.endswith(("第", "前", "排名", "后")) and _RANK_UNIT_RE.match(t[e:e + 1] or "x"):
        return True
    if before.endswith("第"):
        return True
    if before.endswith(("前", "排名", "排在", "跃居", "位居", "位列", "居")) and r.unit_text in ("位", "名", "强"):
        return True  # 跃居全省前二十位
    if r.unit_text == "届" and not _HELD_BEFORE_RE.search(before):
        return True  # 十四届全国人大
    if r.comparator in ("ge", "le") and _OF_CATEGORY_RE.match(after[:3]) \
            and _FOR_CATEGORY_RE.search(t[max(0, s - 12):s]):
        return True  # 对总投资5000万元以上的农业项目: a category, not a quantity
    # _CODE_AFTER_RE.match(after) or _CODE_BEFORE_RE.search(before) (whose $ also
    # matches before a final newline), by set look-ups
    if after[:1] in _CODE_CHARS or before[-1:] in _CODE_CHARS or before[-1:] == "\n" and before[-2:-1] in _CODE_CHARS \
            or after.startswith("级"):
        return True
    if before.endswith(("连续", "连续第")) or after.startswith(("周年", "届")):
        return True
    if after.startswith(("强", "佳", "大", "优")) and r.unit == "count":
        return True
    if r.unit in ("minute", "hour", "day") and _CIRCLE_RE.match(after[:3]):
        return True
    if r.unit == "count" and t[e:e + 6].startswith(_LIST_NOUNS):
        return True
    # category thresholds: 单笔50万元以下, 500万元以上项目
    if before.endswith(("单笔", "单户", "单个", "单项", "每户", "每个", "年营收", "年营业收入", "年主营业务收入", "年产值")):
        return True
    if r.unit == "year" and r.comparator in ("ge", "le", "lt") and _OF_CJK_RE.match(after[:2] or "x"):
        return True  # 60岁以上的老人: an age bracket
    if r.comparator in ("ge", "le") and _CJK_RE.match(after[:1] or "x") and not after.startswith(("的目标", "目标", "的增长", "，", "。")):
        if not after.startswith(("的", "和", "或", "及", "等")) and not _QUANTITY_AFTER_RE.match(after) \
                and not (r.unit == "count" and _ACTION_BEFORE_RE.search(before + t[s:s])):
            return True
    if r.chinese and not r.bare:
        if r.unit in ("count", "year", "month", "day", "minute", "hour", "multiple") and r.value < 10 \
                and not (r.unit == "count" and _MADE_BEFORE_RE.search(before)):
            return True
        lead = t[s:e]
        cn_lead = _CN_RUN_RE.match(lead)
        single = len(cn_lead.group(0).rstrip("万亿")) == 1 if cn_lead else False
        if single and r.unit not in ("percent",) and not before.endswith(("近", "超", "逾", "突破", "超过", "上")) \
                and not (r.unit == "count" and _MADE_BEFORE_RE.search(before)):
            return True
        if r.unit == "percent" and r.unit_text != "百分之" and r.value < 1:
            return True
    if r.bare:
        # 突破万亿元, 迈上万亿台阶: only after a predicate verb
        if not _BARE_VERB_RE.search(before):
            return True
    return False


# --------------------------------------------------------------------------- helpers on boundaries

_match_start = re.Match.start


@lru_cache(maxsize=None)
def _stop_class(stops: str) -> re.Pattern[str]:
    """A pattern matching any one of the characters of ``stops``."""
    return re.compile("[" + re.escape(stops) + "]")


@lru_cache(maxsize=None)
def _char_set(stops: str) -> frozenset[str]:
    """The characters of ``stops`` as a set (for fast membership tests)."""
    return frozenset(stops)


_AGENT_STOPS = "，,。；;：:、！？!?\n“”（）()"
# every stop character _Index is asked about: sentence, part, clause, item and agent stops
_ALL_STOPS = frozenset(_ITEM_END + _AGENT_STOPS)
_INNER_STOPS_RE = re.compile("[" + re.escape("".join(sorted(_ALL_STOPS - {"\n"}))) + "]")


def _find_all(t: str, c: str) -> list[int]:
    """Every position of the character ``c`` in ``t``, in order."""
    out = []
    i = t.find(c)
    while i >= 0:
        out.append(i)
        i = t.find(c, i + 1)
    return out


class _Index:
    """One document's stop characters (sentence ends, clause commas, 、,
    newlines …), their positions sorted, so that the sentence, clause or
    paragraph around any position is found by bisection instead of a scan.
    Also memoizes the agents of ranges asked for more than once.

    With ``spans`` (sorted, disjoint paragraphs, each ending before its
    newline) only the stop characters inside them are indexed, and newlines
    everywhere: the answers are then those for the whole text for positions
    inside the spans, for every stop set that holds the newline, and for
    other sets (、) up to the start of the paragraph. Agents and jurisdiction
    words are then matched in the spans only."""

    __slots__ = ("t", "_all", "_all_chars", "_newlines", "_positions", "agents", "sent_agents", "agent_hits",
                 "hit_names", "juris", "spans")

    def __init__(self, t: str, spans: list[tuple[int, int]] | None = None,
                 newlines: list[int] | None = None) -> None:
        self.t = t
        self.spans = spans
        # one scan for every stop character but the newline (of the spans only,
        # when given); each stop set is picked out of it
        self._all = [m.start() for a, b in (spans if spans is not None else ((0, len(t)),))
                     for m in _INNER_STOPS_RE.finditer(t, a, b)]
        self._all_chars = list(map(t.__getitem__, self._all))
        self._newlines = newlines if newlines is not None else _find_all(t, "\n")
        self._positions: dict[str, list[int]] = {}
        self.agents: dict[tuple[int, int], list[tuple[int, str]]] = {}  # by paragraph range
        self.sent_agents: dict[tuple[int, int], list[tuple[int, str]]] = {}  # the same, by sentence
        self.agent_hits: tuple[list[int], list[int]] | None = None  # see _agent_hits
        self.hit_names: list[str | None | object] = []  # see _agent_hits
        self.juris: tuple[list[int], list[str]] | None = None  # see _juris_hits

    def positions(self, stops: str) -> list[int]:
        """Sorted positions of the characters of ``stops`` in the text."""
        got = self._positions.get(stops)
        if got is None:
            if stops == "\n":
                got = self._newlines  # (what the merge below gives)
            elif _ALL_STOPS.issuperset(stops):
                # (a frozenset's __contains__: a str's, called through its slot wrapper, costs several times more)
                got = list(compress(self._all, map(_char_set(stops).__contains__, self._all_chars)))
                if "\n" in stops:
                    got = sorted(got + self._newlines)  # two sorted runs: merged
            else:
                got = list(map(_match_start, _stop_class(stops).finditer(self.t)))
            self._positions[stops] = got
        return got

    def left(self, pos: int, stops: str, limit: int = 200, floor: int = 0) -> int:
        """Not looking before ``floor``: the index right after the last stop character in [max(floor, pos - limit), pos),
        else that lower bound."""
        lo = max(floor, pos - limit)
        idx = self._positions.get(stops)
        if idx is None:  # (not ``or``: an empty list would be computed again at every call)
            idx = self.positions(stops)
        k = bisect_left(idx, pos) - 1
        return idx[k] + 1 if k >= 0 and idx[k] >= lo else lo

    def right(self, pos: int, stops: str, limit: int = 300) -> int:
        """The first stop character in
        [pos, pos + limit), else the end of that window (or of the text)."""
        hi = min(len(self.t), pos + limit)
        idx = self._positions.get(stops)
        if idx is None:  # (not ``or``: an empty list would be computed again at every call)
            idx = self.positions(stops)
        k = bisect_left(idx, pos)
        return idx[k] if k < len(idx) and idx[k] < hi else hi

    def frame(self, pos: int) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int], int, int]:
        """(sentence, ；-part, clause, start of the 、-item, start of the
        paragraph) around ``pos``, each part clipped to the one it lies in."""
        # (conditional expressions rather than min/max calls: this runs once per quantity)
        t = self.t
        got = self._positions
        n = len(t)
        # the sentence: left(pos, _SENT_END, 400), right(pos, _SENT_END, 400)
        idx = got.get(_SENT_END)
        if idx is None:
            idx = self.positions(_SENT_END)
        k = bisect_left(idx, pos)
        lo, hi = (pos - 400 if pos > 400 else 0), (pos + 400 if pos + 400 < n else n)  # noqa: FURB136
        a = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        b = idx[k] if k < len(idx) and idx[k] < hi else hi
        while a < pos and t[a] in "”’\"」 ":
            a += 1
        # the ；-part within it: left/right(pos, _PART_END, 400)
        idx = got.get(_PART_END)
        if idx is None:
            idx = self.positions(_PART_END)
        k = bisect_left(idx, pos)
        pa = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        pb = idx[k] if k < len(idx) and idx[k] < hi else hi
        pa, pb = (pa if pa > a else a), (pb if pb < b else b)  # noqa: FURB136
        # the clause within that: left/right(pos, _CLAUSE_END, 200)
        idx = got.get(_CLAUSE_END)
        if idx is None:
            idx = self.positions(_CLAUSE_END)
        k = bisect_left(idx, pos)
        lo, hi = (pos - 200 if pos > 200 else 0), (pos + 200 if pos + 200 < n else n)  # noqa: FURB136
        ca = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        cb = idx[k] if k < len(idx) and idx[k] < hi else hi
        ca, cb = (ca if ca > pa else pa), (cb if cb < pb else pb)  # noqa: FURB136
        # the 、-item: left(pos, "、", 200)
        idx = got.get("、")
        if idx is None:
            idx = self.positions("、")
        k = bisect_left(idx, pos)
        item_a = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        # the paragraph: left(pos, "\n", 3000)
        idx = self._newlines
        k = bisect_left(idx, pos)
        lo = pos - 3000 if pos > 3000 else 0
        para_a = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        return (a, b), (pa, pb), (ca, cb), (item_a if item_a > ca else ca), para_a  # noqa: FURB136

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence around ``pos``; a closing quote after 。 stays with it."""
        t = self.t
        a = self.left(pos, _SENT_END, 400)
        while a < pos and t[a] in "”’\"」 ":
            a += 1
        return a, self.right(pos, _SENT_END, 400)


# --------------------------------------------------------------------------- metric, subject

# _TRAIL_WORDS by length, longest first
_TRAIL_BY_LEN = tuple((n, frozenset(w for w in _TRAIL_WORDS if len(w) == n))
                      for n in sorted({len(w) for w in _TRAIL_WORDS}, reverse=True))


def _drop_trail_word(s: str) -> str:
    """``_TRAIL_RE.sub("", s)``: drop the longest trail word ending ``s`` (the
    leftmost match of the pattern), by set look-ups instead of a regex scan."""
    if s.endswith("\n"):  # $ also matches before a final newline: let the regex decide
        return _TRAIL_RE.sub("", s)
    for n, words in _TRAIL_BY_LEN:
        if s[-n:] in words:
            return s[:-n]
    return s


def _strip_trailing(s: str) -> str:
    """Drop comparator, verb and adverb words from the end of ``s``."""
    prev = None
    while prev != s:
        prev = s
        s = _drop_trail_word(s)
        s = s.rstrip("“”‘’\"( （　")
    return s


_RATIO_HEADS = {"比例", "比重", "占比", "比率", "水平", "总量", "数量", "规模", "人数", "面积", "覆盖率"}


def _cut_leading(s: str) -> tuple[str, str]:
    """Split ``s`` after the last cut word (time, tense, agent verbs):
    (head before, metric part after)."""
    cuts = list(_CUT_RE.finditer(s))
    if not cuts:
        return "", s
    last = cuts[-1]
    if last.group(0) == "的" and s[last.end():] in _RATIO_HEADS and len(cuts) > 1 and cuts[-2].end() < last.start():
        last = cuts[-2]  # 留在本地就业的比例: the ratio needs what it is a ratio of
    elif last.group(0) == "的" and s[last.end():] in _RATIO_HEADS:
        return "", s
    if last.end() >= len(s):
        # the text ends with a cut word: try the one before
        return s, ""
    return s[:last.start()], s[last.end():]


_TIME_STRIP_RE = re.compile(
    r"(?:到|至|截至|截止)?(?:(?:19|20)\d\d|二〇[一二三四五六七八九〇][〇一二三四五六七八九])年(?:底|末|初)?的?|"
    r"[“\"]?十[一二三四五六]五[”\"]?(?:末|时期末|期末|时期|期间)?|(?:\d+|[一二两三四五六七八九十])年(?:后|内|来|间)|"
    r"近(?:\d+|[一二三四五六七八九十])年|今年以来|近年来|过去一年|过去五年|一年来|五年来|上半年|前三季度|一季度|"
    r"今年|明年|去年|全年|本年度|年内|近年")
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
    r"|(?:\d+|[一二两三四五六七八九十])年前))")

_BASE_CMP_FIRST_RE = first_class(_BASE_CMP_RE)

_FROM_TO_RE = re.compile(r"(?:从|由)　*[\d.,]+[^\d，,。；;]{0,6}?"
                         r"(?:提高|提升|增加|增长|扩大|下降|降低|减少|缩短|发展|上升|降|增|升|减)(?:(?:到|至)了?　*|　+)$")
_FROM_TO_FIRST_RE = first_class(_FROM_TO_RE)


_TENSE_CUT_RE = re.compile(r"(?:目前|当前|已经|已|现有|累计|共有)$")


_COUNTED_UNITS = {"count", "mu", "m2", "km", "hectare"}
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
            body = body[mm.end():]
    body = body.replace("　", "")
    jm = _JURISDICTION_RE.match(body)
    if jm and len(body) > jm.end() + 1:
        body = body[jm.end():]
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
    if (not body or body in _GENERIC_VERBS or body in _KEEP_VERBS) and not post_noun \
            and ((before_tense := _TENSE_CUT_RE.search(stripped)) or head):
        # 高速公路目前还有48公里, 新能源装机力争新增1000万千瓦: the metric stands before the time or plan word
        h_head, h_body = _cut_leading(_strip_trailing(stripped[:before_tense.start()] if before_tense else head))
        h_body = h_body.replace("　", "")
        if 2 <= len(h_body) <= 24 and not _JURISDICTION_RE.fullmatch(h_body) and h_body not in _GENERIC_VERBS:
            return h_body + (body if body in ("新增", "净增") else ""), len(h_head), False
    if not body:
        return None, len(pre), False
    if len(body) > 24:
        body = body[-24:]
        body_start = len(pre) - len(body)
    return body, body_start, False


_AGENT_RE = re.compile(r"将(?<![即必]将)(?![近其之来])|已经|已(?<![而得业]已)|现有|要(?<![主重需必只纲摘提首紧简想不]要)(?![素求点闻害件领是])"
                       r"|计划|力争|争取|拥有|共有|实现|应(?![对用急该当有])|全年|今年|去年|目前")
_AGENT_CUT_RE = re.compile(r".*(?:将|已|要|计划|预计|预期|目标|表示|介绍|说|认为|指出|强调|透露|建议|呼吁|坦言|下一步|同时|此外|在此基础上|目前|近年来|其中|首先|其次|最后|另外|力争|争取|确保|努力|完成|实现|达到|并|还|也|“|”|‘|’|:|：)")
_AGENT_LEAD_RE = re.compile(r"^(?:在|由|对|把|让|使|全力|我们|我|要|将)")
_PRONOUNS = {"我们", "我", "他", "他们", "她", "大家", "我们还", "企业", "这", "这些", "这里", "今年", "全年", "去年",
             "目前", "下一步", "同时", "此外", "各地", "有关部门", "相关部门", "政府"}


# an "agent" ending like a measured quantity is a metric (新能源装机力争…), not a subject
_METRIC_TAILS = _HEAD_SUFFIXES + ("装机", "装机容量", "面积", "人口", "率", "量", "额", "数", "值", "强度", "指数")


@lru_cache(maxsize=8192)
def _agent_name(x: str) -> str | None:
    """The agent named by the words ``x`` printed before 将/已/实现 … (tense
    and time words, leading prepositions dropped), None when it names none."""
    x = _AGENT_CUT_RE.sub("", x)
    x = _TIME_STRIP_RE.sub("", x)
    x = _AGENT_LEAD_RE.sub("", x)
    if 2 <= len(x) <= 10 and x not in _PRONOUNS and _CJK_RE.match(x) \
            and not x.endswith(("的", "都", "也", "还", "仍", "力争", "好")) \
            and x not in _GENERIC_VERBS and not x.endswith(_METRIC_TAILS):
        return x
    return None


# Every character of the _AGENT_RE pattern: a match can only consume or look
# at these, so a range boundary with none of them beside it cuts no match short
# and hides none, and the matches of the whole text inside the range are those
# of the range's slice.
_AGENT_CHARS = frozenset(_AGENT_RE.pattern)


def _agent_hits(ix: _Index) -> tuple[list[int], list[int]]:
    """Starts of the _AGENT_RE matches in the whole text (computed once per
    document) and, for each, where the words before it begin (after the last
    stop character, at most 200 back)."""
    if ix.agent_hits is None:
        starts = [m.start() for a, b in _spans_of(ix) for m in _AGENT_RE.finditer(ix.t, a, b)]
        stops = ix.positions(_AGENT_STOPS)
        lefts = []
        for s in starts:  # ix.left(s, _AGENT_STOPS, 200), inlined
            k = bisect_left(stops, s) - 1
            lo = s - 200 if s > 200 else 0
            lefts.append(stops[k] + 1 if k >= 0 and stops[k] >= lo else lo)
        ix.agent_hits = (starts, lefts)
        # _agent_name(t[lefts[k]:starts[k]]) of each hit, filled in when first asked for
        ix.hit_names = [_UNNAMED] * len(starts)
    return ix.agent_hits


_UNNAMED = object()  # a hit_names entry not computed yet


def _spans_of(ix: _Index) -> list[tuple[int, int]]:
    """The paragraphs ``ix.spans`` the whole-text look-ups of agents and
    jurisdictions are limited to, else the whole text. Neither pattern
    matches a newline, so a paragraph's matches are those of the whole text."""
    return ix.spans if ix.spans is not None else [(0, len(ix.t))]


def _agent_in(ix: _Index, a: int, b: int) -> list[tuple[int, str]]:
    """(position, name) of every "X将/X已/X现有/X实现…" agent in t[a:b], as
    matched in the slice t[a:b] (nothing outside it is seen)."""
    t = ix.t
    out = []
    if (a == 0 or t[a - 1] not in _AGENT_CHARS) and (b >= len(t) or t[b] not in _AGENT_CHARS):
        starts, lefts = ix.agent_hits or _agent_hits(ix)
        names = ix.hit_names
        for k in range(bisect_left(starts, a), bisect_left(starts, b)):
            s = starts[k]
            # _agent_name(t[max(a, lefts[k]):s]), where max(a, lefts[k]) == ix.left(s, _AGENT_STOPS, 200, floor=a)
            x = names[k] if lefts[k] >= a else _agent_name(t[a:s])
            if x is _UNNAMED:
                x = names[k] = _agent_name(t[lefts[k]:s])
            if x is not None:
                out.append((s, x))
        return out
    for m in _AGENT_RE.finditer(t[a:b]):
        s = a + m.start()
        x = _agent_name(t[ix.left(s, _AGENT_STOPS, 200, floor=a):s])
        if x is not None:
            out.append((s, x))
    return out


def _agent_names(ix: _Index, a: int, b: int, backward: bool = False) -> Iterator[str]:
    """The names of ``_agent_in(ix, a, b)`` in order (last first when
    ``backward``), each computed only when asked for."""
    t = ix.t
    if (a == 0 or t[a - 1] not in _AGENT_CHARS) and (b >= len(t) or t[b] not in _AGENT_CHARS):
        starts, lefts = _agent_hits(ix)
        ks = range(bisect_left(starts, a), bisect_left(starts, b))
        for k in (reversed(ks) if backward else ks):
            x = _agent_name(t[max(a, lefts[k]):starts[k]])
            if x is not None:
                yield x
        return
    found = _agent_in(ix, a, b)
    for _, x in (reversed(found) if backward else found):
        yield x


# --------------------------------------------------------------------------- main

def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """True when ``pos`` lies inside one of the sorted ``spans``."""
    k = bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


_PARA_CUE_RE = re.compile(r"力争|争取|确保|将|已|目前|现有|计划(?![报书表单])|预计|拟")


def _cues(t: str, tps: list[TimePhrase], doc_year: int | None,
          names: list[tuple[int, int]] | None = None,
          spans: list[tuple[int, int]] | None = None) -> tuple[list[tuple[int, str]], ...]:
    """Tense cues of the whole text (or of the paragraphs ``spans``: no cue
    word holds a newline), sorted by position: (strong, weak, para)
    lists of (position, "goal" | "fact"). Time phrases count too: 到2030年,
    五年后, 明年 point forward; 去年, 五年来, 今年以来 and past years point
    back. ``para`` holds the cues sure enough to reach later sentences of
    the paragraph: time phrases and a few modal words (将, 力争, 已)."""
    strong: list[tuple[int, str]] = []
    weak: list[tuple[int, str]] = []
    for rx, kind, dest in ((_GOAL_STRONG, "goal", strong), (_FACT_STRONG, "fact", strong),
                           (_GOAL_WEAK, "goal", weak), (_FACT_WEAK, "fact", weak)):
        for a, b in spans if spans is not None else ((0, len(t)),):
            dest.extend(zip(map(_match_start, rx.finditer(t, a, b)), repeat(kind)))
    if names:
        starts = [a for a, _ in names]
        strong = [c for c in strong if not _inside(names, starts, c[0])]  # “确保6月底完工” is a slogan
        weak = [c for c in weak if not _inside(names, starts, c[0])]
    worded = len(strong)
    for tp in tps:
        if tp.kind in ("after", "next"):
            strong.append((tp.start, "goal"))
        elif tp.kind in ("last", "multi", "since", "since_year") and tp.text not in ("年均", "累计"):
            strong.append((tp.start, "fact"))  # 年均增长5%以上, 累计新增 … are as common in plans as in reviews
        elif tp.kind in ("until", "plan") and tp.year and doc_year:
            if tp.year > doc_year:
                strong.append((tp.start, "goal"))
            elif tp.year < doc_year:
                strong.append((tp.start, "fact"))
    # the cues of time phrases start a _TIME_RE match (where find_time_phrases found them)
    para = [c for c in strong[:worded]
            if _PARA_CUE_RE.match(t, c[0]) or _TIME_RE.match(t, c[0])]
    para += strong[worded:]
    strong.sort()
    weak.sort()
    para.sort()
    return strong, weak, para


def _last_cue(cues: list[tuple[int, str]], keys: list[int], a: int, b: int) -> str | None:
    """Kind of the last cue in [a, b)."""
    i = bisect_left(keys, b) - 1
    if i >= 0 and cues[i][0] >= a:
        return cues[i][1]
    return None


def _first_cue(cues: list[tuple[int, str]], keys: list[int], a: int, b: int) -> str | None:
    """Kind of the first cue in [a, b)."""
    i = bisect_left(keys, a)
    if i < len(cues) and cues[i][0] < b:
        return cues[i][1]
    return None


# (sentence, ；-part, clause, start of the 、-item, start of the paragraph) around a
# position, each as _Index.frame gives it (the item and paragraph starts may be None)
Frame = tuple[tuple[int, int], tuple[int, int], tuple[int, int], int, "int | None"]


@dataclass(frozen=True)
class _Times:
    """What deciding goal or fact and the year reads of one document: its time
    phrases with their sorted starts, its tense cues (strong, weak, para; see
    ``_cues``) with their sorted positions, and its publication year."""

    tps: list[TimePhrase]
    starts: list[int]
    cues: tuple[list[tuple[int, str]], ...]
    keys: tuple[list[int], ...]
    doc_year: int | None


def _classify(times: _Times, frame: Frame, pos: int, end: int, mode: _Mode, is_range: bool,
              quote_at: int | None = None) -> str:
    """"goal" or "fact" for the number at ``pos`` from the nearest tense cue:
    same clause, then the part and sentence before it, then after it, then
    the earlier sentences of its paragraph ("去年…。实际使用外资约8260亿元"),
    then the section's mode; weak cues only when no strong one; plain figures
    default to facts (ranges to goals)."""
    cues, keys = times.cues, times.keys
    (sent_a, sent_b), (part_a, _), (clause_a, _), _, para_a = frame
    quote_b = sent_b if quote_at is None or not end <= quote_at < sent_b else quote_at
    # the last cue in the clause, else in the part, else in the sentence before
    # it: when these ranges adjoin (as the frame gives them) the last in [sent_a, pos)
    before = ((sent_a, pos),) if sent_a <= part_a <= clause_a <= pos \
        else ((clause_a, pos), (part_a, clause_a), (sent_a, part_a))
    for tier in (0, 1):
        c, k = cues[tier], keys[tier]
        for a, b in before:
            kind = _last_cue(c, k, a, b)
            if kind:
                return kind
        kind = _first_cue(c, k, end, quote_b)
        if kind:
            return kind
        if tier == 0 and para_a is not None and para_a < sent_a:
            kind = _last_cue(cues[2], keys[2], para_a, sent_a)
            if kind:
                return kind
        if mode.kind:
            return mode.kind
    return "goal" if is_range else "fact"


_PRESENT_RE = re.compile(r"已(?<![而得业]已)|目前|现有|当前|如今|现在")
_SPAN_WORDS = ("年均", "累计")  # time words that do not date a plan: 到2030年…年均增长5%
_FACT_TIME_KINDS = ("last", "until", "date", "this", "multi", "since", "since_year", "now")


def _year_for(times: _Times, kind: str, pos: int, frame: Frame, mode: _Mode, present: bool = False,
              use_paragraph: bool = True) -> tuple[int | None, str | None]:
    """(year, horizon) for a quantity: the clause's own time phrase, else one
    in its ；-part, else one earlier in the sentence, else (unless not
    ``use_paragraph``) the last one in the earlier sentences of its paragraph,
    else the section's year."""
    tps, starts, doc_year = times.tps, times.starts, times.doc_year
    sent, part, clause, _, para_a = frame
    if not use_paragraph:
        para_a = None

    def pick(a: int, b: int, before_only: bool = False) -> TimePhrase | None:
        """The last usable time phrase in [a, b) before ``pos``, else the first
        after it (unless ``before_only``)."""
        lo, hi = bisect_left(starts, a), bisect_left(starts, b)
        mid = bisect_left(starts, pos, lo, hi)  # phrases before pos: [lo, mid)
        for i in range(mid - 1, lo - 1, -1):
            tp = tps[i]
            if tp.text not in _SPAN_WORDS and (tp.kind != "of" or tp.end + 1 == pos):
                return tp
        if before_only:
            return None
        for i in range(mid, hi):
            tp = tps[i]
            if tp.text not in _SPAN_WORDS and (tp.kind != "of" or tp.end + 1 == pos):
                if a <= pos < b and not (clause[0] <= tp.start < clause[1]) and tp.kind == "until":
                    return None  # a later clause with its own year contrasts with this one
                if tp.kind == "plan" and not (clause[0] <= tp.start < clause[1]):
                    continue  # …与国家“十五五”考核目标衔接: a plan named later in the sentence dates no earlier figure
                return tp
        return None

    if kind == "fact":
        for i in range(bisect_left(starts, pos) - 1, bisect_left(starts, clause[0]) - 1, -1):
            if tps[i].text in _SPAN_WORDS:
                return None, tps[i].text  # 累计, 年均: a figure over several years
    tp = pick(*clause) or pick(*part) or pick(sent[0], part[0], True)
    if tp is None and kind == "goal" and para_a is not None and para_a < sent[0]:
        # 报告明确，今年将…。其中，…力争新增企业200家: the plan's time covers its paragraph
        back = [p for p in tps[bisect_left(starts, para_a):bisect_left(starts, sent[0])]
                if p.opens and (p.kind in ("this", "next", "after", "plan")
                                or p.kind == "until" and doc_year and p.year and p.year >= doc_year)]
        tp = back[-1] if back else None
    if tp is None and kind == "fact" and para_a is not None and para_a < sent[0] and not present:
        back = [p for p in tps[bisect_left(starts, para_a):bisect_left(starts, sent[0])]
                if p.kind in _FACT_TIME_KINDS and p.kind != "of"
                and not (p.kind in ("until", "date") and doc_year and p.year and p.year > doc_year)
                and p.opens]
        tp = back[-1] if back else None
    if tp is None:
        if mode.kind == kind and mode.year is not None:
            return mode.year, mode.horizon
        return None, None
    if tp.kind == "plan" and kind == "fact" and "时期" in tp.text and not tp.text.endswith("末"):
        return None, tp.text  # “十四五”时期 figures span the five years
    if tp.kind in ("multi", "now", "vague", "since_year"):
        if tp.kind == "multi" and kind == "goal":
            return (mode.year if mode.kind == "goal" else None), tp.text
        return None, tp.text
    if tp.kind == "this" and kind == "fact" and mode.kind == "fact" and mode.year:
        return mode.year, tp.text
    return tp.year, tp.text


_POST_VERB_RE = re.compile(r"建立|建档|提供|办理|享受|受益|获得|入驻|落户|落地|投产|开工|建成|参与|参加|实现|完成|开展"
                           r"|通过|加入|入选|签约|投入使用|没有|未能|尚未|还未")


_POST_NOUN_RE = re.compile(r"[\u4e00-\u9fff]{1,13}?(?=[，,。；;、：:（(）)“”‘’\n和与及等的+]|$|以上|左右)")
_POST_NOUN_VERB_RE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?=[到在向赴去来]|" + _POST_VERB_RE.pattern + ")")
_NOT_NOUN_RE = re.compile(r"(以上|以下|以内|左右|目标|的|和|也|并|为|是|在|从|等|同比|比上年|增长|下降|台阶|大关|关口|没有|尚未|还未|未)")


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
        w = w[:v.start()]
    w = _POST_NOUN_ADVERB_RE.sub("", w) or w  # 124个县域医共体全部达到…: 县域医共体
    if _NOT_NOUN_RE.match(w):
        return ""
    if _GOAL_STRONG.match(w) or _FACT_STRONG.match(w):
        return ""
    return w


_MEASURE_TRAIL_RE = re.compile("(?:" + "|".join(map(re.escape, sorted((
    "约", "大约", "近", "接近", "将近", "超过", "超", "突破", "逾", "不低于", "不少于", "至少", "不超过", "不高于",
    "控制在", "保持在", "稳定在", "了", "均", "都", "各", "分别", "分别为", "同比", "年均", "平均", "实际", "名义",
    "达到", "达", "为", "高于", "低于", "以上", "力争", "预计", "预期", "目标"), key=len, reverse=True))) + ")+$")
_TO_LEVEL_RE = re.compile(r"(?:" + "|".join(_UP + _DOWN) + r")(?:到|至|为)$|(?:降至|增至|升至|减至|提至)$")
_RATE_VERB_RE = re.compile("(" + "|".join(sorted(_UP + _DOWN, key=len, reverse=True)) + r")(?:比上年|同比|了|幅度|速度)?$")


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


_FROM_BEFORE_RE = re.compile(r"(?:从|由)(?:(?:19|20)\d\d年(?:底|末)?的?)?$")
_CHANGE_TO_RE = re.compile(r"(?:提高|提升|增加|增长|扩大|下降|降低|减少|缩短|发展|扩展|上升|降|增|升|减)(?:到|至)")


def _paragraphs_at(newlines: list[int], n: int, positions: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph holding one of the sorted ``positions``
    in a text of length ``n`` with these ``newlines``, in order, without
    repeats; the end is its newline (or the text's end)."""
    out: list[tuple[int, int]] = []
    for p in positions:
        if out and p <= out[-1][1]:
            continue  # in the paragraph of the position before (sorted): the same span
        k = bisect_left(newlines, p)
        span = (newlines[k - 1] + 1 if k else 0, newlines[k] if k < len(newlines) else n)
        if not out or out[-1] != span:
            out.append(span)
    return out


def _join_adjacent(t: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sorted, disjoint ``spans`` with each two that only newlines part
    joined into one (the paragraphs of a run of lines). The patterns read in
    spans (stops, cues, agents, jurisdictions, time phrases) never match a
    newline nor start at one, and their look-aheads fail on a newline as at
    the end of a span, so they match in a joined span what they match in
    its parts, with fewer calls."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and t.count("\n", out[-1][1], a) == a - out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def extract_quantities(text: str, doc_year: int | None, context: DocContext | None = None) -> list[Quantity]:
    """Numeric goals and reported figures in cleaned ``text``.

    ``doc_year`` is the publication year, used to resolve 今年, 去年, 五年后 ….
    ``context`` (``flows.extract.text.document.document_context``): in a work report,
    the reporting jurisdiction is the default subject, and each section's role
    (review, five-year plan, this year) decides goal or fact and the year,
    unless the clause says otherwise.
    """
    fold = needs_folding(text)  # one scan; most texts have nothing to fold
    printed = halfwidth(text) if fold else text
    t = simplified(printed) if fold else printed
    paras = t.split("\n")
    # _find_all(t, "\n") from the lengths of the paragraphs: -1, then each newline, then len(t)
    newlines = list(accumulate(map((1).__add__, map(len, paras)), initial=-1))[1:-1]
    names = _name_spans(t)
    names_starts = [a for a, _ in names]
    raws = [r for r in _scan(t) if not _excluded(t, r, names_starts, names)]
    # time phrases and cues are only ever looked up in the paragraph of a quantity
    spans = _join_adjacent(t, _paragraphs_at(newlines, len(t), sorted(p for r in raws for p in (r.num_start, r.end))))
    ix = _Index(t, spans, newlines)
    tps = find_time_phrases(t, doc_year, spans)
    if names:
        tps = [tp for tp in tps
               if tp.text.startswith("十") or not _inside(names, names_starts, tp.start)]  # “十四五”末 stays a time
    report = context is not None and context.is_report
    own = context.jurisdiction if report and context is not None else None
    default_subject = own or _doc_subject(t)
    places = _doc_places(t)
    modes = _section_modes(t, doc_year, is_report=default_subject is not None, paras=paras)
    mode_starts = [p for p, _ in modes]
    firm_modes = _context_modes(context)
    firm_starts = [a for a, _, _ in firm_modes]
    cues = _cues(t, tps, doc_year, names, spans)
    times = _Times(tps, [tp.start for tp in tps], cues, tuple([p for p, _ in c] for c in cues), doc_year)

    rows: list[Quantity] = []
    prev: tuple[_Raw, Quantity, int, str | None] | None = None  # previous row in the same clause for 、 lists
    for r in raws:
        pos = r.num_start
        frame = ix.frame(pos)
        sent, part, clause, item_a, para_a = frame
        mi = bisect_right(mode_starts, pos) - 1
        mode = modes[mi][1] if mi >= 0 else _NO_MODE
        if firm_modes:
            fi = bisect_right(firm_starts, pos) - 1
            if fi >= 0 and pos < firm_modes[fi][1]:
                mode = firm_modes[fi][2]

        pre_item = t[item_a:pos]
        post = _post_noun_of(t[r.end:r.end + 14])
        continuation = prev is not None and prev[2] == clause[0] and _strip_trailing(pre_item.strip()) in ("", "和", "及")

        q_open = t.find("“", r.end, sent[1])
        kind = _classify(times, frame, pos, r.end, mode, r.comparator == "range", q_open if q_open >= 0 else None)
        if mode.firm:
            kind = _firm_kind(times, t, kind, mode, pos, frame)
        # 从X提高到Y: X is the baseline, a fact, level
        baseline = bool(_FROM_BEFORE_RE.search(pre_item)) and _CHANGE_TO_RE.match(t[r.end:r.end + 4])
        metric, mstart, used_post = _metric(pre_item, post, r.unit in _COUNTED_UNITS)
        if post and r.unit in _COUNTED_UNITS and (
                not used_post and pre_item.endswith("等")
                or item_a > clause[0] and t[item_a - 1] == "、" and 0 < len(pre_item) <= 4):
            # 呼南高铁等5条高铁, 孝感、黄冈3个过三千亿元城市: names listed before the count, the thing counted after it
            metric, mstart, used_post = post, len(pre_item), True
        measure, direction, target_level = _measure(pre_item, r.unit, t[r.end:r.end + 6], r.growth_hint)
        comparator, prefix_cmp = _comparator_and_prefix(pre_item, r.comparator, r.chinese)
        if continuation and prev is not None:
            pq = prev[1]
            if comparator == "eq" and prev[3] and prev[3] != "approx" and not pre_item.strip():
                comparator = prev[3]  # 迈上110万亿元、120万亿元台阶: the verb covers both
            if not metric or metric == pq.metric:
                metric = pq.metric
            if measure == "level" and not target_level and pq.measure == "growth" and r.unit in _GROWTH_UNITS:
                measure, direction = pq.measure, pq.direction
            kind = pq.kind
        if baseline:
            measure, direction = "level", None
            kind = "fact"
        inherited = False
        if (not metric or metric in _BARE_HEADS) and rows and rows[-1].char_end <= pos \
                and rows[-1].char_start >= sent[0] and rows[-1].metric \
                and (_bare_clause(t[clause[0]:pos]) or metric in _BARE_HEADS or _bare_clause(pre_item)):
            # "…达到6.2万亿元，增长5.3%": the bare clause continues the last metric;
            # "新增上市公司48家、总量达122家": a bare head is the head of what was added (上市公司总量)
            metric = _NEW_LEAD_RE.sub("", rows[-1].metric) + metric if metric else rows[-1].metric
            inherited = True
        present = kind == "fact" and bool(_PRESENT_RE.search(t, sent[0], sent[1]))  # only facts ask
        # in a work report's section the section's year stands for the paragraph (a year printed in
        # an earlier sentence of a five-year review dates that sentence only)
        year, horizon = _year_for(times, kind, pos, frame, mode, present, use_paragraph=not mode.firm)
        if own is not None and kind == "goal" and year is not None and doc_year and year < doc_year \
                and mode.firm and mode.kind == "goal" and not (horizon or "").startswith(("到", "至", "在")):
            year, horizon = mode.year, None  # a past year in a plan names a baseline, not the deadline
        if baseline:
            year, horizon = _baseline_year(pre_item)
        subject = _subject(ix, pos, clause[0], sent, default_subject, places, para_a) if own is None \
            else _report_subject(ix, pos, clause[0], sent, own)
        if metric and subject and metric.startswith(subject) and len(metric) > len(subject) + 1:
            metric = metric[len(subject):]
            mstart += len(subject)
        start = item_a + mstart if metric and not inherited else (clause[0] if inherited else pos)
        if continuation and not _strip_trailing(pre_item.strip()):
            start = pos
        end = r.end
        if used_post and post:
            end = r.end + len(post)
        start = min(start, pos)
        if pos - start > 30:
            start = pos - 30
        q = Quantity(
            kind=kind, char_start=start, char_end=end, value=r.value, unit_text=r.unit_text,
            value_normalized=r.value_normalized, unit=r.unit, comparator=comparator, measure=measure,
            direction=direction, metric=metric, subject=subject, year=year, horizon=horizon,
            value_high=r.value_high, value_high_normalized=r.value_high_normalized,
        )
        if q.metric and _SHARED_VERB_RE.search(t, clause[0], pos):
            rows.extend(_split_shared(t, q, clause[0], pos))
        else:
            rows.append(q)  # what _split_shared gives
        prev = (r, rows[-1], clause[0], prefix_cmp)
    rows = _apply_list_rules(ix, rows)
    if printed != t:  # a 繁體 passage: give metric and subject as printed
        back = {a: b for a, b in zip(t, printed) if a != b}
        rows = [replace(q, metric=_as_printed(t, printed, back, q.metric, q.char_start - 40, q.char_end + 20),
                        subject=_as_printed(t, printed, back, q.subject, q.char_start - 400, q.char_end + 400))
                for q in rows]
    return rows


def _as_printed(t: str, printed: str, back: dict[str, str], word: str | None, lo: int, hi: int) -> str | None:
    """``word`` (read in the folded text ``t``) as printed near the same place;
    else folded back character by character (``back``: folded -> printed)."""
    if not word:
        return word
    k = t.find(word, max(0, lo), max(0, hi))
    if k >= 0:
        return printed[k:k + len(word)]
    return "".join(back.get(c, c) for c in word)


# a metric that is only a generic head (2025年总量比2020年增加…): the metric before it in the sentence
_BARE_HEADS = frozenset(("总量", "总额", "规模", "增速", "增幅"))
_NEW_LEAD_RE = re.compile(r"^(?:累计)?(?:新增|净增|新)")


@lru_cache(maxsize=4096)
def _bare_clause(pre_clause: str) -> bool:
    """True when the clause before a number holds at most two characters
    once baseline comparisons and trailing verbs are dropped (pure: cached)."""
    return len(_strip_trailing(_BASE_CMP_RE.sub("", pre_clause).strip())) <= 2


_FROM_YEAR_RE = re.compile(r"(?:从|由)((?:19|20)\d\d)年(?:底|末)?的?$")


def _baseline_year(pre_item: str) -> tuple[int | None, str | None]:
    """Year of the X in 从X提高到Y: printed (从2020年的45%) or unknown."""
    m = _FROM_YEAR_RE.search(pre_item)
    return (int(m.group(1)), m.group(0)[1:]) if m else (None, None)


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


_JURIS_ANY_RE = re.compile(r"(?:全国|全省|全市|全县|全区|全州|我国|我省|我市|我县|我区|该市|该省|该县|该区|本市|本省)(?<![居于占比较高低超]..)")


_PLACE_RE = re.compile(
    r"(?:^|(?<=[\n，,。、：:（(“ 的在与和及]))([\u4e00-\u9fff]{2,3}?)(省|市|县|区|州)"
    r"(?=第|[一二三四五六七八九十]+届|(?:19|20)\d\d年|政府工作报告|人民政府|人大|政协|两会|委|人民代表大会)")
_BODY_RE = re.compile(r"(?:企业|集团|公司|港|银行|机场|园区|高新区|开发区|大学|医院|学院)$")


# the level character of a _PLACE_RE match with what must follow it: every
# match starts two or three characters before one of these
_PLACE_HINT_RE = re.compile(r"[省市县区州](?=第|[一二三四五六七八九十]+届|(?:19|20)\d\d年|政府工作报告|人民政府|人大|政协|两会|委|人民代表大会)")


_PLACE_LEVELS = first_chars(_PLACE_HINT_RE)  # the characters _PLACE_HINT_RE starts with


def _place_matches(t: str) -> Iterator[re.Match[str]]:
    """``_PLACE_RE.finditer(t)``, trying the pattern only two and three
    characters before each level character found by _PLACE_HINT_RE."""
    pos = 0
    match = _PLACE_HINT_RE.match  # _PLACE_HINT_RE.finditer(t): its one-character matches, at a level character
    for c in sorted({h - k for h in _char_positions(t, _PLACE_LEVELS) if match(t, h) for k in (2, 3)}):
        if c < pos:
            continue
        m = _PLACE_RE.match(t, c)
        if m is not None:
            yield m
            pos = m.end()


def _doc_places(t: str) -> dict[str, str]:
    """The document's own places by level: {"省": "澜州省", "县": "澄江县"},
    the first printed before a marker of office (第十四届, 政府工作报告, 县委 …)."""
    places: dict[str, str] = {}
    for m in _place_matches(t):
        places.setdefault(m.group(2), m.group(1) + m.group(2))
    return places


def _juris_hits(ix: _Index) -> tuple[list[int], list[str]]:
    """Starts and words of the _JURIS_ANY_RE matches in the whole text
    (computed once per document). Its words are two characters from fixed
    first and second characters that never overlap, so these are all the
    places it matches at."""
    if ix.juris is None:
        found = [m for a, b in _spans_of(ix) for m in _JURIS_ANY_RE.finditer(ix.t, a, b)]
        ix.juris = (list(map(_match_start, found)), [m.group(0) for m in found])
    return ix.juris


def _juris_in(ix: _Index, a: int, b: int, last: bool = False) -> str | None:
    """The first (or ``last``) jurisdiction word in t[a:b]: the match of
    ``_JURIS_ANY_RE.search(t, a, b)`` (of its ``finditer``), from _juris_hits."""
    starts, words = _juris_hits(ix)
    if not last:
        k = bisect_left(starts, a)
        return words[k] if k < len(starts) and starts[k] + len(words[k]) <= b else None
    k = bisect_left(starts, b) - 1
    while k >= 0 and starts[k] >= a:
        if starts[k] + len(words[k]) <= b:
            return words[k]
        k -= 1
    return None


def _place_of(word: str, places: dict[str, str]) -> str:
    """全省 / 我市 / 该县 -> the document's province, city or county when known."""
    if len(word) == 2 and word[0] in "全我本该" and word[1] in places:
        return places[word[1]]
    return word


def _subject(ix: _Index, pos: int, clause_a: int, sent: tuple[int, int], default: str | None,
             places: dict[str, str] | None = None, para_a: int | None = None) -> str | None:
    """The place or body a quantity belongs to: a jurisdiction printed in its
    clause (全省, 该市, named when the document names it), else the nearest
    agent ("X将", "X已", "X实现") before it in the sentence, else after it,
    else in the paragraph, else a jurisdiction earlier in the sentence, else
    the document's jurisdiction. In a work report (``default`` set) only a
    named body (省属企业, 上海港) overrides the reporting jurisdiction.
    ``para_a``: the start of the paragraph as ``ix.frame(pos)`` gives it."""
    places = places or {}
    # word = _juris_in(ix, clause_a, pos), inlined (this runs once per quantity)
    starts, words = ix.juris or _juris_hits(ix)
    k = bisect_left(starts, clause_a)
    if k < len(starts) and starts[k] + len(words[k]) <= pos:
        return _place_of(words[k], places)
    if default is not None:
        body = next((x for x in _agent_names(ix, sent[0], pos, backward=True) if _BODY_RE.search(x)), None)
        return body if body is not None else _place_of(default, places)
    subj = _subject_agent(ix, pos, sent)
    if subj is None:
        # 全县 earlier in the paragraph: from ix.left(sent[0], "\n", 3000), which is para_a
        # (no newline between sent[0] and pos) unless the paragraph runs 3000 back
        para = para_a if para_a is not None and para_a > pos - 3000 else ix.left(sent[0], "\n", 3000)
        subj = _juris_in(ix, para, pos, last=True)
    if subj is not None:
        j = _JURISDICTION_RE.match(subj)
        return _place_of(j.group(0) if j else subj, places)
    return None


# a body or a part of the jurisdiction named at the start of a clause: 省属企业营业收入…,
# 天津港吞吐量…, 雄安新区…, 沈阳都市圈…
_CLAUSE_BODY_RE = re.compile(
    r"(?:其中|同时|此外)?[，,]?((?:省属|市属|区属|县属|央属|中央)(?:国有)?企业|省属国企|市属国企|央企|国企"
    r"|[\u4e00-\u9fff]{2,8}?(?:集团|港(?!口)|机场|高新区|开发区|新区|自贸区|自贸试验区|先导区|都市圈|城市群|经济圈))"
    r"(?![\u4e00-\u9fff]{0,2}(?:建设|项目|工程|企业|数量|个数))")
# a clause opening with a verb names what is done, not who does it (建成运输机场, 复制推广自贸区经验)
_BODY_VERBS = set(_KEEP_VERBS + _GENERIC_VERBS + (
    "全面", "新增", "推动", "复制", "推广", "维修", "建成", "实施", "落实", "出台", "设立", "获批", "支持", "加快",
    "国家级", "省级", "上市", "境内", "境外", "通用"))
_BODY_VERB_RE = re.compile("^(?:" + "|".join(map(re.escape, sorted(_BODY_VERBS, key=len, reverse=True))) + ")")


def _report_subject(ix: _Index, pos: int, clause_a: int, sent: tuple[int, int], own: str) -> str:
    """The subject of a figure in a work report: a named body or part of the
    jurisdiction opening its clause (省属企业, 上海港, 雄安新区) or acting before it
    in its sentence, else the reporting jurisdiction. Places merely mentioned
    (高于全国, 居全国前列) are no subject."""
    t = ix.t
    m = _CLAUSE_BODY_RE.match(t, clause_a, pos)
    if m is not None and not _BODY_VERB_RE.match(m.group(1)) \
            and len(_strip_trailing(t[m.end():pos].strip())) >= 2:  # not the thing counted (新增上市公司5家)
        return m.group(1)
    body = next((x for x in _agent_names(ix, sent[0], pos, backward=True) if _BODY_RE.search(x)), None)
    return body if body is not None else own


def _subject_agent(ix: _Index, pos: int, sent: tuple[int, int]) -> str | None:
    """The nearest agent of a quantity: before it in the sentence, after it, in the paragraph."""
    t = ix.t
    a, b = sent
    if (a == 0 or t[a - 1] not in _AGENT_CHARS) and t[pos] not in _AGENT_CHARS \
            and (pos == 0 or t[pos - 1] not in _AGENT_CHARS) and (b >= len(t) or t[b] not in _AGENT_CHARS):
        # _agent_names(ix, a, pos, backward=True), then _agent_names(ix, pos, b), inlined
        # (the name of a hit whose words start inside the range is the hit's own,
        # computed once per document in ix.hit_names)
        starts, lefts = ix.agent_hits or _agent_hits(ix)
        names = ix.hit_names
        k = bisect_left(starts, pos)
        for ks, floor in ((range(k - 1, bisect_left(starts, a) - 1, -1), a), (range(k, bisect_left(starts, b)), pos)):
            for i in ks:
                lo = lefts[i]
                if lo < floor:
                    x = _agent_name(t[floor:starts[i]])
                else:
                    x = names[i]
                    if x is _UNNAMED:
                        x = names[i] = _agent_name(t[lo:starts[i]])
                if x is not None:
                    return x
    else:
        x = next(_agent_names(ix, a, pos, backward=True), None)
        if x is None:
            x = next(_agent_names(ix, pos, b), None)
        if x is not None:
            return x
    para = ix.sent_agents.get(sent)
    if para is None:
        para_range = (ix.left(a, "\n", 2000), ix.right(b, "\n", 2000))
        para = ix.agents.get(para_range)
        if para is None:
            para = ix.agents[para_range] = _agent_in(ix, *para_range)
        ix.sent_agents[sent] = para
    if para:
        return min(para, key=lambda x: abs(x[0] - pos))[1]
    return None


_NEWS_MARK_RE = re.compile(r"记者|本报|新华社|通讯员")
_WHOLE_JURIS_RE = re.compile(r"全(?:省|市|县|区|州|国)")


def _doc_subject(t: str) -> str | None:
    """The reporting jurisdiction of a government work report (全省, 全市 …),
    None for other documents."""
    first = t[:t.find("\n")] if "\n" in t else t
    news = _NEWS_MARK_RE.search(t[:300])
    if "各位代表" not in t[:3000] and not ("政府工作报告" in first and not news):
        return None
    counts: dict[str, int] = {}
    for m in _WHOLE_JURIS_RE.finditer(t):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    if not counts:
        return None
    return max(counts, key=counts.get)


_SHARED_VERB_RE = re.compile(r"(均|都|各|双双)(?:增长|提高|下降|降低|达到|超过|突破|实现|为|增加|减少)")
_LIST_SEP_RE = re.compile(r"[、和及与]")
_DIGIT_RE = re.compile(r"\d")


def _split_shared(t: str, q: Quantity, clause_a: int, pos: int) -> list[Quantity]:
    """"A、B增加值均增长15%" -> one row per metric sharing the number."""
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
            return [p + name[len(head):] for p in parts]
    for i, (ending, parts) in enumerate(_ENDING_PAIRS):
        k = name.find(ending)
        if k > 0 and n == len(parts):
            return [name[:k] + p + name[k + len(ending):] for p in parts]
    m = _SECTORS_RE.match(name)
    if m and n == 3:
        rest = name[m.end():]
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
            out.append(nm + last[len(nm):])  # [城镇, 农村常住居民人均可支配收入]: the words after 农村
            continue
        # the item already carries the first part of the suffix (…产业 + 产业产值)
        for tok in _HEAD_TOKENS:
            if suffix.startswith(tok) and nm.endswith(tok):
                nm = nm + suffix[len(tok):]
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
        body = body[jm.end():]
        start += jm.end()
    return a + start, body


def _metrics_before(ix: _Index, rows: list[Quantity], i: int, n: int) -> list[str]:
    """Metrics of the ``n`` rows printed before row ``i`` in its sentence, for a
    分别 list with no names of its own (游客…，收入…，分别增长26%和31%)."""
    a, _ = ix.sentence(rows[i].char_start)
    prior = [q for q in rows[max(0, i - n):i] if q.char_start >= a and q.metric]
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
            while j + 1 < n and _LIST_JOIN_RE.fullmatch(t[out[j].char_end:out[j + 1].char_start].strip() or "、"):
                j += 1
            if listed is not None and j > i and listed[0] == ix.sentence(q.char_start)[0] \
                    and len(listed[1]) == j - i + 1 and _bare_clause(t[a:q.char_start]):
                for k in range(i, j + 1):
                    out[k] = replace(out[k], metric=listed[1][k - i])
                i = j + 1
                continue
            i += 1
            continue
        # collect the run of items joined by 、 / 和
        j = i
        while j + 1 < n and _LIST_JOIN_RE.fullmatch(t[out[j].char_end:out[j + 1].char_start].strip() or "、"):
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
