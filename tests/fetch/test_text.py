"""Bytes to text: declared and detected encodings, PDFs with and without a text layer,
pages without main text."""

from __future__ import annotations

import io

import pytest

from flows.fetch.testsite import article, html_page, make_pdf
from flows.fetch.text import Unreadable, convert, decode


def test_declared_encoding_wins_and_a_wrong_one_falls_back_to_detection() -> None:
    title, paras = article(1)
    gbk = html_page(title, paras, charset="gb2312").encode("gbk")
    assert decode(gbk, "text/html")[1] == "gb18030"  # the meta charset, read as its superset
    assert decode(gbk, "text/html; charset=utf-8")[1] == "gb18030"  # a wrong header: detected
    title, paras = article(3)
    big5 = "\n".join(paras).replace("两", "兩").replace("会", "會").replace("说", "說")
    from opencc import OpenCC

    big5 = OpenCC("s2t").convert(big5)
    assert decode(big5.encode("big5hkscs")) == (big5, "big5hkscs")  # declared nowhere: detected
    simplified = "\n".join(paras)
    assert decode(simplified.encode("gbk")) == (simplified, "gb18030")
    assert decode("两会".encode("utf-8-sig")) == ("两会", "utf-8")


def test_pdf_text_layer_and_a_pdf_without_one() -> None:
    title, paras = article(2)
    got = convert("application/pdf", make_pdf(title, paras), "http://127.0.0.1/x.pdf")
    assert got.text.split("\n") == [title, *paras]  # lines of a paragraph joined
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.rect(100, 100, 200, 200, fill=1)  # a "scan": no text
    c.save()
    with pytest.raises(Unreadable, match="no text layer"):
        convert("application/pdf", buf.getvalue(), "http://127.0.0.1/scan.pdf")
    with pytest.raises(Unreadable, match="PDF"):
        convert("application/pdf", b"%PDF-1.4 broken", "http://127.0.0.1/b.pdf")


def test_pages_without_main_text_and_other_types_are_unreadable() -> None:
    with pytest.raises(Unreadable, match="no main text"):
        convert("text/html", b"<html><head><title>x</title></head><body><script>var a=1;</script></body></html>", "u")
    with pytest.raises(Unreadable, match="empty response"):
        convert("text/html", b"  ", "u")
    with pytest.raises(Unreadable, match="image/png"):
        convert("image/png", b"\x89PNG....", "u")
