"""Cleaning: repair layout damage, keep every character as written.

What it does, and nothing more:
- line endings to ``\\n``; leading/trailing white space of each line dropped
  (indentation such as U+3000 is layout, not text);
- runs of blank lines folded into one blank line (paragraph separator ``\\n\\n``);
- a paragraph cut by a page or column break ("…绿色\\n\\n化发展") joined again;
- a token cut by a line break inside a paragraph ("PM\\n2.5") joined again.
"""
from __future__ import annotations

import re

_TERMINAL = set("。!?!?…:;:;”\"』」》)）】]>")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HEADLINE_SPACE = re.compile(r"[\u3400-\u9fff\uff1a:,，][ \u3000]+[\u3400-\u9fff“\"]")
_STARTS_NEW = re.compile(r"^(本报讯|新华社|本报记者|记者|通讯员|【|〔|\(|（|[一二三四五六七八九十]+、|\d+[.、])")
_SENTENCE_PUNCT = re.compile(r"[,，。;；]")
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
    if _HEADLINE_SPACE.search(prev) or _STARTS_NEW.match(nxt):
        return False
    return True


def clean_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip(" \t\u3000\u00a0\ufeff") for line in text.split("\n")]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in lines + [""]:
        if line:
            if block and block[-1][-1:].isascii() and block[-1][-1:].isalnum() and line[:1].isascii() and line[:1].isalnum():
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
