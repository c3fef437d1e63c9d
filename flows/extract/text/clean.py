"""Cleaning: repair layout damage, keep every character as written.

What it does, and nothing more:
- line endings to ``\\n``; leading/trailing white space of each line dropped
  (indentation such as U+3000 is layout, not text);
- runs of blank lines folded into one blank line (paragraph separator ``\\n\\n``);
- a paragraph cut by a page or column break ("…绿色\\n\\n化发展") joined again;
- a token cut by a line break inside a paragraph ("PM\\n2.5") joined again;
- web page chrome that is not the document dropped: in the lines before the body
  (the first line ending a sentence) the page's buttons and labels (下载, 打印,
  全屏, 收藏, 【字号：加大 还原 减小】, 分享), its breadcrumb (您的位置：首页 > 要闻),
  source and time labels with their values (来源：…, 时间：…, 发表时间：, 阅读量：)
  and a title printed twice; at the end, a run of the same (相关报道：, 分享到,
  扫一扫在手机打开当前页, 【打印本页】, （来源：…）, 编辑：…). Nothing inside the body
  is touched, and the title is then the first line of the document itself.
"""

from __future__ import annotations

import re

_TERMINAL = set('。!?!?…:;:;”"』」》)）】]>')
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HEADLINE_SPACE = re.compile(r"[\u3400-\u9fff\uff1a:,，][ \u3000]+[\u3400-\u9fff“\"]")
_STARTS_NEW = re.compile(r"^(本报讯|新华社|本报记者|记者|通讯员|【|〔|\(|（|[一二三四五六七八九十]+、|\d+[.、])")
_SENTENCE_PUNCT = re.compile(r"[,，。;；]")
# a speaker's or host's label opening a paragraph (主持人:, 王建平：): a new turn, never a continuation
_LABEL_START = re.compile(r"^[\u3400-\u9fff·]{2,8}[:：]")
_MIN_BROKEN_LEN = 20


def _is_broken(prev: str, nxt: str) -> bool:
    """True when ``prev`` is a paragraph cut short and ``nxt`` carries it on."""
    if not prev or not nxt:
        return False
    last, first = prev[-1], nxt[0]
    if last in _TERMINAL or not (_CJK.match(last) or last.isalnum()):
        return False
    if not (_CJK.match(first) or first.isalnum()):
        return False
    if len(prev) < _MIN_BROKEN_LEN or not _SENTENCE_PUNCT.search(prev):
        return False  # headings, credits and labels are short or have no sentence punctuation
    return not (_HEADLINE_SPACE.search(prev) or _STARTS_NEW.match(nxt) or _LABEL_START.match(nxt))


# --------------------------------------------------------------------------- page chrome

_CHROME_WORDS = frozenset(
    (
        "下载",
        "打印",
        "全屏",
        "收藏",
        "分享",
        "分享到",
        "加大",
        "还原",
        "减小",
        "大",
        "中",
        "小",
        "默认",
        "【",
        "】",
        "|",
        "｜",
        ">",
        "»",
        "＞",
        "×",
        "首页",
        "返回顶部",
        "返回首页",
        "打印本页",
        "关闭窗口",
        "关闭",
        "纠错",
        "我要纠错",
        "扫一扫",
        "扫一扫在手机打开当前页",
        "分享到微信",
        "分享到微博",
        "微信",
        "微博",
        "QQ空间",
        "字号",
        "字体",
        "【打印】",
        "【关闭】",
        "【打印本页】",
        "【关闭窗口】",
        "相关报道",
        "相关文档",
        "相关链接",
        "相关新闻",
        "相关阅读",
        "上一篇",
        "下一篇",
    )
)
_CHROME_RE = re.compile(
    r"^(?:【?(?:字号|字体)[：:].{0,12}"
    r"|(?:来源|时间|发布时间|发表时间|发布日期|日期|作者|编辑|责任编辑|阅读量|浏览量|浏览次数|点击数|访问量|信息来源|文章来源|稿源)[：:][^。，,]{0,30}"
    r"|(?:您的位置|当前位置|您当前的位置|所在位置)[：:]?[^。，,]{0,40}"
    r"|(?:相关报道|相关文档|相关链接|相关新闻|相关阅读|分享到?|分享至)[：:]"
    r"|[（(](?:来源|稿源)[：:][^（）()]{1,20}[）)]"
    r"|(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|》》.{0,20}《《)$"
)
_LABEL_ONLY_RE = re.compile(
    r"^(?:来源|时间|发布时间|发表时间|发布日期|作者|编辑|责任编辑|阅读量|浏览次数|信息来源|文章来源)[：:]$"
)
_BREADCRUMB_MARKS = frozenset((">", "»", "＞", "/"))
_SHORT_ITEM_RE = re.compile(r"^[^，,。；;：:！？!?]{1,12}$")
_SENTENCE_END_RE = re.compile(r"[。！？!?]")  # the body starts at the first line of running text


def _is_chrome(line: str) -> bool:
    return line in _CHROME_WORDS or bool(_CHROME_RE.match(line))


def _drop_chrome(lines: list[str]) -> list[str]:
    """``lines`` less the page chrome before the body and after it (see the module's
    docstring); blank lines stay where they are."""
    n = len(lines)
    body = next(
        (
            i
            for i, line in enumerate(lines)
            if line.startswith("各位代表") or len(line) >= 12 and _SENTENCE_END_RE.search(line)
        ),
        n,
    )
    drop: set[int] = set()
    seen: set[str] = set()
    crumbs: set[str] = set()
    for i in range(body):
        line = lines[i]
        if not line:
            continue
        prev = next((lines[k] for k in range(i - 1, -1, -1) if lines[k]), "")
        nxt = next((lines[k] for k in range(i + 1, body) if lines[k]), "")
        crumb = bool(_SHORT_ITEM_RE.match(line)) and (prev in _BREADCRUMB_MARKS or nxt in _BREADCRUMB_MARKS)
        if crumb:
            crumbs.add(line)
        if (
            crumb
            or _is_chrome(line)
            or (_LABEL_ONLY_RE.match(prev) and _SHORT_ITEM_RE.match(line))
            or line in seen
            or line in crumbs
        ):
            drop.add(i)
        else:
            seen.add(line)
    if drop and len(drop) == sum(1 for k in range(body) if lines[k]) and body == n:
        drop = set()  # a document of nothing but short lines: keep it as it is
    # the chrome after the body: a run of such lines at the end
    k = n - 1
    while k >= body and (not lines[k] or _is_chrome(lines[k])):
        if lines[k]:
            drop.add(k)
        k -= 1
    if not drop:
        return lines
    return [line for i, line in enumerate(lines) if i not in drop]


def clean_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = _drop_chrome([line.strip(" \t\u3000\u00a0\ufeff") for line in text.split("\n")])
    paragraphs: list[str] = []
    block: list[str] = []
    for line in lines + [""]:
        if line:
            if (
                block
                and block[-1][-1:].isascii()
                and block[-1][-1:].isalnum()
                and line[:1].isascii()
                and line[:1].isalnum()
            ):
                block[-1] += line  # a token cut by a line break: "PM\n2.5"
            else:
                block.append(line)
        elif block:
            paragraphs.append("\n".join(block))
            block = []
    joined: list[str] = []
    for para in paragraphs:
        if joined and _is_broken(joined[-1], para):
            joined[-1] += para
        else:
            joined.append(para)
    return "\n\n".join(joined)
