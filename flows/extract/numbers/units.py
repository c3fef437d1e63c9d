"""Unit vocabulary: the units printed after a number in Chinese reports and the
base unit each maps to, plus the magnitude words (万, 亿, 万亿 …).

Only multipliers are applied downstream, never unit conversions: 公里 stays km,
千瓦时 stays kWh, 斤 stays jin.
"""

from __future__ import annotations

import re

# Magnitudes, longest first (万亿 before 万, 千万 before 千).
MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "亿": 1e8,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

# surface -> base unit. Longest surfaces are tried first.
UNITS: dict[str, str] = {
    # money
    "元人民币": "CNY",
    "元": "CNY",
    "美元": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    # shares
    "%": "percent",
    "个百分点": "percentage_point",
    "百分点": "percentage_point",
    # areas, lengths, volumes
    "平方米": "m2",
    "平米": "m2",
    "㎡": "m2",
    "平方公里": "km2",
    "平方千米": "km2",
    "立方米": "m3",
    "公里": "km",
    "千米": "km",
    "米": "m",
    "亩": "mu",
    "公顷": "hectare",
    # mass, energy
    "吨标准煤": "tonnes",
    "吨": "tonnes",
    "公斤": "kg",
    "千克": "kg",
    "斤": "jin",
    "克": "g",
    "微克": "ug",
    "毫克": "mg",
    "千瓦时": "kWh",
    "度电": "kWh",
    "千瓦": "kW",
    "兆瓦": "MW",
    "标箱": "TEU",
    # time
    "分钟": "minute",
    "小时": "hour",
    "个工作日": "day",
    "工作日": "day",
    "天": "day",
    "个月": "month",
    "岁": "year",
    # ratios
    "倍": "multiple",
    # counts
    "人次": "count",
    "个": "count",
    "家": "count",
    "项": "count",
    "名": "count",
    "人": "count",
    "户": "count",
    "所": "count",
    "座": "count",
    "套": "count",
    "辆": "count",
    "件": "count",
    "次": "count",
    "处": "count",
    "条": "count",
    "架": "count",
    "艘": "count",
    "台": "count",
    "只": "count",
    "头": "count",
    "批": "count",
    "张": "count",
    "间": "count",
    "栋": "count",
    "例": "count",
    "份": "count",
    "部": "count",
    "种": "count",
    "对": "count",
    "宗": "count",
    "场": "count",
    "篇": "count",
    "款": "count",
    "棵": "count",
    "株": "count",
    "床": "count",
    "位": "count",
    "支": "count",
    "届": "count",
    "期": "count",
    "口": "count",
    "颗": "count",
    "幢": "count",
    "块": "count",
    "节": "count",
    "门": "count",
    "批次": "count",
    "起": "count",
    "册": "count",
}

# units whose first character is also a magnitude: never split them
MAGNITUDE_LOOKALIKES = ("千米", "千瓦时", "千瓦", "千克", "百分点")

# denominators after "/" or "每"
DENOMINATORS: dict[str, str] = {
    "人": "person",
    "立方米": "m3",
    "平方米": "m2",
    "平方公里": "km2",
    "天": "day",
    "日": "day",
    "年": "year",
    "月": "month",
    "小时": "hour",
    "亩": "mu",
    "户": "household",
    "升": "L",
    "吨": "tonne",
    "公里": "km",
    "千瓦时": "kWh",
}

_UNIT_RE = re.compile("|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)))
_MAG_RE = re.compile("|".join(re.escape(m) for m in MAGNITUDES))
_DENOM_RE = re.compile(r"[/每](" + "|".join(re.escape(d) for d in sorted(DENOMINATORS, key=len, reverse=True)) + ")")

# a unit char that is only a unit when nothing word-like follows
_FALSE_FOLLOW: dict[str, str] = {
    "人": "民才员口工们均类大士家力",  # 人民, 人才, 人口 …
    "名": "单称录义牌片誉额",
    "家": "庭乡园长居具电",
    "期": "间末内限待望盼货刊",
    "起": "来步草源点",
    "对": "于接外标话象策",
    "场": "景所馆地合域",
    "次": "要级生数",
    "位": "于居列置",
    "元": "素旦宵",
    "门": "类槛户",
    "部": "门分署委",
    "种": "植业子类养质",
    "户": "籍口型外",
    "项": "目",
    "批": "准复示",
    "支": "持付撑出柱部",
    "台": "湾阶",
    "块": "状",
    "天": "然下津府地空",
    "口": "岸号碑径",
    "处": "理置于室级长",
    "节": "能约点日水省",
    "条": "件例款",
    "件": "事",
    "只": "要有是能",
    "头": "部",
    "米": "面粮",
    "间": "隔断",
    "所": "在有以属得需",
    "张": "力",
    "届": "时",
    "度电": "",
}


# …but these words after the unit char are a noun of their own: 12家乡镇卫生院
_TRUE_FOLLOW: dict[str, tuple[str, ...]] = {
    "家": ("乡镇", "乡村"),
}


def match_magnitude(text: str, pos: int) -> str:
    """The magnitude word (万亿, 亿, 万 …) starting at ``pos``, or ''.

    A unit that merely begins with a magnitude character (千米, 千瓦时) is not a
    magnitude.
    """
    if text.startswith(MAGNITUDE_LOOKALIKES, pos):
        return ""
    m = _MAG_RE.match(text, pos)
    if not m:
        return ""
    mag = m.group(0)
    # 千万 / 百万 / 十万 only when a real unit or magnitude follows
    return mag


# first character -> the lengths of the units starting with it, longest first
_UNIT_LENGTHS: dict[str, tuple[int, ...]] = {
    c: tuple(sorted({len(u) for u in UNITS if u[0] == c}, reverse=True)) for c in {u[0] for u in UNITS}
}


def _unit_at(text: str, pos: int) -> str | None:
    """The longest unit surface printed at ``pos`` (the match of _UNIT_RE,
    whose alternatives run longest first), by dictionary look-ups."""
    for n in _UNIT_LENGTHS.get(text[pos : pos + 1], ()):
        w = text[pos : pos + n]
        if w in UNITS:
            return w
    return None


def match_unit(text: str, pos: int) -> tuple[str, str] | None:
    """(surface, base unit) of the unit starting at ``pos``, or None.

    Single-character units that open a longer word (人民, 名单, 家庭) are refused.
    """
    surface = _unit_at(text, pos)
    if surface is None:
        return None
    follow = _FALSE_FOLLOW.get(surface)
    if follow:
        end = pos + len(surface)
        nxt = text[end : end + 1]
        if nxt and nxt in follow and not text.startswith(_TRUE_FOLLOW.get(surface, ()), end):
            return None
    return surface, UNITS[surface]


def match_denominator(text: str, pos: int) -> tuple[str, str] | None:
    """('/人', 'person') for a denominator written right after a unit."""
    m = _DENOM_RE.match(text, pos)
    if not m:
        return None
    return m.group(0), DENOMINATORS[m.group(1)]


def magnitude_factor(mag: str) -> float:
    """Multiplier of a magnitude word ('' -> 1)."""
    return MAGNITUDES.get(mag, 1.0)
