"""Chinese person names and titles: validation, title splitting, organization
and region from a title, and pinyin with surname readings.

Everything here is pure and works on already-normalised (simplified,
half-width punctuation) strings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from flows.extract.speech import words
from flows.extract.speech.pinyin import romanise

if TYPE_CHECKING:
    from pathlib import Path

CJK = r"\u3400-\u9fff\uf900-\ufaff"

COMPOUND_SURNAMES: tuple[str, ...] = words.COMPOUND_SURNAMES
SURNAMES: frozenset[str] = words.SURNAMES


def alternation(choices: list[str] | tuple[str, ...]) -> str:
    """Regex source matching any of ``words``, longest first, like
    ``(?:w1|w2|…)`` with the ``choices`` sorted by length, but grouped by first
    character: at each position the engine compares one character per group
    instead of one per word. (Words that match at one position share their
    first character, so the same word wins.)"""
    groups: dict[str, list[str]] = {}
    for word in sorted(choices, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()) + ")"


# Position words that end a title ("…书记", "…代表"); longest first.
TITLE_SUFFIXES: tuple[str, ...] = tuple(sorted(set(words.TITLE_SUFFIXES), key=lambda w: (-len(w), w)))
# Position words that describe someone rather than name an office (see ``words``).
DESCRIPTIVE_SUFFIXES: frozenset[str] = frozenset(words.DESCRIPTIVE_SUFFIXES)

_TITLE_PREFIX = re.compile(
    rf"^(?P<titles>[{CJK}A-Za-z0-9、,()·]*?(?:"
    + "|".join(map(re.escape, TITLE_SUFFIXES))
    + rf"))(?P<name>[{CJK}·]{{2,9}})$"
)
# Membership titles (deputy, member): used for org/region only when nothing better exists.
_MEMBERSHIP = re.compile(r"(?:人大代表|政协委员|党代表|^代表|^委员|^常委)$")

NOT_NAMES: frozenset[str] = frozenset(words.NOT_NAMES)
_INSTITUTION_END = re.compile(
    r"(?:省|市|县|区|州|镇|乡|村|局|委|厅|部|办|院|所|校|会|组|队|站|处|科|司|署|社|台|馆|团|厂|店|行|中心|公司|集团|企业|"
    r"银行|大学|学院|医院|协会|政府|人大|政协|党委|报告|方案|规划|文件|意见|数据|统计|调查|研究|会议|显示|表明|们)$"
)


# A line of jieba's dict.txt ("word count tag") whose word has 2–3 characters and
# opens with a surname (or a compound surname), and whose tag is not a name tag (nr…).
# Matched with the line break before it (the text is searched with one prepended):
# the engine then jumps from line break to line break and drops a line on its first
# character unless it can open such a word; the lookahead before the compound
# surnames spares the 44 alternatives on lines that cannot open one.
_SURNAME_CLASS = "".join(sorted(SURNAMES))
_COMPOUND_FIRST = "".join(sorted({c[0] for c in COMPOUND_SURNAMES}))
_DICT_LINE = re.compile(
    r"\n(?=[" + "".join(sorted(SURNAMES | set(_COMPOUND_FIRST))) + r"])"
    r"((?:["
    + _SURNAME_CLASS
    + r"][^ \n]{1,2}|(?=["
    + _COMPOUND_FIRST
    + r"])(?:"
    + "|".join(COMPOUND_SURNAMES)
    + r")[^ \n]?))"
    r" (\d+) (?!nr)[^ \n]+(?=\n|\Z)"
)


def _read_lines(path: Path) -> str:
    """The text of ``path`` as ``Path.read_text(encoding="utf-8")`` gives it (universal
    newlines), decoded in one call (a text-mode read decodes it in chunks, twice as slow)."""
    text = path.read_bytes().decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _jieba_word_list() -> str:
    """The text of jieba's word list (dict.txt: "word count tag" lines). jieba is a
    dependency: a missing or unreadable list is an error, not an empty filter
    (which would silently change the names found)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise RuntimeError("jieba is not installed: its word list is needed to tell names from common words")
    path = Path(spec.origin).parent / "dict.txt"
    try:
        return _read_lines(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuntimeError(f"cannot read jieba's word list {path}: {exc}") from exc


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """2–3 character dictionary words (jieba's word list, read directly, not the
    tokenizer) that open with a surname character but are not tagged as names:
    明确, 全年, 方面 … Loaded on first use (one regex pass over the 5 MB list)."""
    data = _jieba_word_list()
    return frozenset(word for word, count in _DICT_LINE.findall("\n" + data) if int(count) >= 20)


# A line of the word list whose word has two characters and whose tag names no proper
# noun (nr… person, ns… place, nt organisation, nz other: transliterations such as 苏拉).
_DICT_LINE2 = re.compile(r"\n([^ \n]{2}) (\d+) (?!nr|ns|nt|nz)[^ \n]+(?=\n|\Z)")


@lru_cache(maxsize=1)
def two_character_words() -> frozenset[str]:
    """Every 2-character word of the list not tagged as a name (全年, 这样, 议案, 委员 …).
    Loaded on first use: only names that open with no Han surname are checked against it."""
    data = _jieba_word_list()
    return frozenset(word for word, count in _DICT_LINE2.findall("\n" + data) if int(count) >= 20)


def holds_common_word(name: str) -> bool:
    """Whether ``name`` opens with an everyday word (委员这样, 全年共, 议案): such a run
    after a title is no name. (Only the opening: a given name may well be a word, 国庆.)"""
    return name[:2] in two_character_words()


def is_common_word(word: str) -> bool:
    """True for an everyday word that merely starts with a surname character (明确, 全年, 黄河)."""
    return word in _common_words()


# COMPOUND_SURNAMES as a set: ``in`` on the tuple compares with each of its 44 words
# (surname_of runs for every candidate name); the set hashes once. Same answers for a str.
COMPOUND_SURNAME_SET: frozenset[str] = frozenset(COMPOUND_SURNAMES)


def surname_of(name: str) -> str | None:
    """The surname that opens ``name`` (compound first), or None when none of ours does."""
    if name[:2] in COMPOUND_SURNAME_SET:
        return name[:2]
    if name[:1] in SURNAMES:
        return name[:1]
    return None


_DOT_NAME = re.compile(rf"[{CJK}]{{1,6}}(?:·[{CJK}]{{1,6}}){{1,3}}")
_HAN_NAME = re.compile(rf"[{CJK}]{{2,4}}")


def is_dot_name(name: str) -> bool:
    """True for transliterated names written with a middle dot (买买提·艾力)."""
    return bool(_DOT_NAME.fullmatch(name))


@lru_cache(maxsize=65536)
def is_person_name(name: str, titled: bool = False) -> bool:
    """Plausible Chinese person name: 2–4 CJK characters led by a known surname
    (compound surnames allowed), or a middle-dot name. ``titled`` relaxes the
    surname check when a title was printed right before the name. Cached: the
    same candidates recur in every paragraph and document."""
    if is_dot_name(name):
        return True
    if not _HAN_NAME.fullmatch(name) or name in NOT_NAMES:
        return False
    sur = surname_of(name)
    if sur is None:
        # minority names without a Han surname (阿苏拉则, 扎西顿珠) are trusted only after a
        # title, and only when no two of their characters make an everyday word (议案, 全年共)
        return titled and len(name) <= 4 and not holds_common_word(name)
    if not 1 <= len(name) - len(sur) <= 2:
        return False
    # checked last: the word list is loaded only for a candidate that passes the rest
    return titled or not (_INSTITUTION_END.search(name) or is_common_word(name))


# Position words by their last character, longest first: a piece can only end
# with those sharing its last character (str.endswith over them runs in C, where a
# regex "(?:word|word|…)$" would try every word at every character of the piece).
_SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {}
for _word in TITLE_SUFFIXES:
    _SUFFIXES_BY_LAST[_word[-1]] = _SUFFIXES_BY_LAST.get(_word[-1], ()) + (_word,)


def _title_body(piece: str) -> str:
    """``piece`` without one trailing line break (where a regex ``$`` also matches)."""
    return piece[:-1] if piece.endswith("\n") else piece


_TITLE_SET = frozenset(TITLE_SUFFIXES)
_LONGEST_TITLE = max(map(len, TITLE_SUFFIXES))


def title_suffix(piece: str) -> str | None:
    """The longest position word that ends ``piece`` (before one trailing line break), or None."""
    body = _title_body(piece)
    for n in range(min(len(body), _LONGEST_TITLE), 0, -1):
        if body[-n:] in _TITLE_SET:
            return body[-n:]
    return None


def is_descriptive_title(piece: str) -> bool:
    """True for a description ending in a word such as 青年, 大户, 老板 (返乡青年, 种茶大户),
    which is not an office title."""
    return title_suffix(piece) in DESCRIPTIVE_SUFFIXES


def ends_with_title(piece: str) -> bool:
    """True when ``piece`` ends with a position word (书记, 代表, 董事长 …)."""
    body = _title_body(piece)
    return body.endswith(_SUFFIXES_BY_LAST.get(body[-1:], ()))


@lru_cache(maxsize=8192)
def split_title_prefix(segment: str) -> tuple[str, str] | None:
    """Split "奉节县委书记张果" into ("奉节县委书记", "张果") when the segment is
    titles glued to a name; None otherwise. Cached: the extractor reads each
    subject twice."""
    m = _TITLE_PREFIX.match(segment)
    if not m:
        return None
    name = m.group("name")
    if is_person_name(name, titled=True) and (surname_of(name) or is_dot_name(name)):
        return m.group("titles"), name
    # a name with no Han surname is read only when no split leaves one with a surname
    # (党总支书|记田某: 支书 is a title too)
    # the shortest run of titles left a name that is none: a title word inside a longer
    # title (全国老龄工作委员|会副主任…, 医院院长|兼党委副书记…); try the split that
    # leaves a name of 3, 2 or 4 characters after a title
    for n in (3, 2, 4):
        if len(segment) - n < 2:
            continue
        titles, cand = segment[:-n], segment[-n:]
        if n == 4 and cand[:2] not in COMPOUND_SURNAME_SET:
            continue
        if (
            ends_with_title(titles)
            and _HAN_NAME.fullmatch(cand)
            and surname_of(cand)
            and is_person_name(cand, titled=True)
        ):
            return titles, cand
    if is_person_name(name, titled=True):
        return m.group("titles"), name
    return None


_TITLE_SEP = re.compile(r"[、,]")


def split_titles(segment: str) -> list[str]:
    """Split a printed run of titles on 、 and , (half or full width), keeping
    only the trailing pieces that end with a position word, in order."""
    pieces = [p.strip(" ()") for p in _TITLE_SEP.split(segment)]
    out: list[str] = []
    for p in reversed(pieces):
        if not p or not ends_with_title(p) or len(p) > 30:
            break
        out.append(p)
    return list(reversed(out))


_ORG_POST = re.compile(
    r"(?:党委|党组|党工委|纪委|党总支|党支部)?(?:常务)?(?:副)?(?:" + "|".join(map(re.escape, TITLE_SUFFIXES)) + r")$"
)
_REGION = re.compile(
    rf"^((?:[{CJK}]{{2,8}}?(?:省|自治区|市))?[{CJK}]{{1,8}}?(?:自治州|自治县|地区|特区|新区|省|市|区|县|州|旗|盟|镇|乡|街道))"
    r"(?=委|人民政府|政府|政协|人大|党委|纪委|[省市区县州旗镇乡]长|副[省市区县州旗镇乡]长|常务副|[\u4e00-\u9fff]{0,6}(?:局|厅|办|院|镇|乡|街道)|$)"
)


def office_title(titles: list[str] | tuple[str, ...]) -> str | None:
    """The title that best names an office (not a bare membership such as 市人大代表)."""
    for t in titles:
        if not _MEMBERSHIP.search(t):
            return t
    return None


def organization_of(title: str) -> str | None:
    """Body named by a title: 沙坪坝区委书记 → 沙坪坝区委; 市农投集团党委书记 → 市农投集团;
    腾讯公司副总裁兼西南区总经理 → 腾讯公司."""
    first = title.split("兼")[0]
    org = _ORG_POST.sub("", first)
    org = org.rstrip("副常务")
    if len(org) < 2 or org == first:
        return None
    return org


def region_of(title: str) -> str | None:
    """Governed place named at the start of a title: 奉节县委书记 → 奉节县;
    丰都县政协主席 → 丰都县; 市农投集团党委书记 → None."""
    first = title.split("兼")[0]
    m = _REGION.match(first)
    if not m:
        return None
    region = m.group(1)
    if region in {"市", "省", "县", "区"} or len(region) < 2:
        return None
    return region


# --- pinyin ---------------------------------------------------------------

SURNAME_PINYIN: dict[str, str] = {
    "曾": "Zeng",
    "解": "Xie",
    "单": "Shan",
    "仇": "Qiu",
    "朴": "Piao",
    "区": "Ou",
    "查": "Zha",
    "盖": "Ge",
    "乐": "Yue",
    "华": "Hua",
    "任": "Ren",
    "缪": "Miao",
    "繁": "Po",
    "覃": "Qin",
    "秘": "Bi",
    "种": "Chong",
    "长": "Chang",
    "折": "She",
    "翟": "Zhai",
    "燕": "Yan",
    "尉": "Wei",
    "员": "Yun",
    "沈": "Shen",
    "纪": "Ji",
    "宁": "Ning",
    "薄": "Bo",
    "柏": "Bai",
    "贲": "Ben",
    "句": "Gou",
    "阚": "Kan",
    "牟": "Mou",
    "瞿": "Qu",
    "藏": "Zang",
    "能": "Nai",
    "过": "Guo",
    "隗": "Wei",
    "洗": "Xian",
    "冼": "Xian",
    "谌": "Chen",
    "曲": "Qu",
    "召": "Shao",
    "万": "Wan",
    "南": "Nan",
    "车": "Che",
    "朝": "Chao",
    "郇": "Huan",
    "相": "Xiang",
    "重": "Chong",
    "应": "Ying",
    "东": "Dong",
    "行": "Xing",
    "石": "Shi",
    "蕃": "Pi",
    "祭": "Zhai",
    "莘": "Shen",
    "都": "Du",
    "尽": "Jin",
    "宿": "Su",
    "弘": "Hong",
    "卜": "Bu",
    "地": "Di",
    "恶": "Wu",
    "角": "Jue",
    "尉迟": "Yuchi",
    "万俟": "Moqi",
    "长孙": "Zhangsun",
    "单于": "Chanyu",
    "欧阳": "Ouyang",
    "司马": "Sima",
    "诸葛": "Zhuge",
    "上官": "Shangguan",
    "东方": "Dongfang",
    "皇甫": "Huangfu",
    "慕容": "Murong",
    "令狐": "Linghu",
    "公孙": "Gongsun",
    "夏侯": "Xiahou",
    "司徒": "Situ",
    "澹台": "Tantai",
    "乐正": "Yuezheng",
    "亓官": "Qiguan",
    "宇文": "Yuwen",
    "呼延": "Huyan",
}


@lru_cache(maxsize=16384)
def _pinyin_word(chars: str) -> str:
    """Toneless pinyin of ``chars`` as one capitalised word (晓东 → "Xiaodong"): pypinyin's
    ``lazy_pinyin`` read from a per-machine index (``flows.extract.speech.pinyin``: importing
    pypinyin costs 0.3–0.4 s a process). Cached per part: surnames and given names recur
    across names that differ."""
    return romanise(chars).replace("ü", "v").capitalize()


@lru_cache(maxsize=4096)
def name_pinyin(name: str) -> str:
    """Pinyin of a person name, surname first, each part capitalised: 唐小平 →
    "Tang Xiaoping", 曾露 → "Zeng Lu", 尉迟恭 → "Yuchi Gong"; middle-dot names
    give one word per part (买买提·艾力 → "Maimaiti Aili")."""
    if "·" in name:
        return " ".join(_pinyin_word(p) for p in name.split("·") if p)
    sur = surname_of(name) or name[:1]
    sur_py = SURNAME_PINYIN.get(sur) or _pinyin_word(sur)
    given = name[len(sur) :]
    return f"{sur_py} {_pinyin_word(given)}".strip() if given else sur_py
