"""Ingest and cleaning: encodings, sidecars, rejections, layout repair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_doc

from flows.extract.text.clean import clean_text
from flows.ingest.decode import decode
from flows.ingest.document import Document, Rejection
from flows.ingest.files import InputFile, discover, ingest_one
from flows.ingest.sidecar import read_sidecar

TEXT = "市政协委员表示,要让数据多跑路。\n"


@pytest.mark.parametrize(
    "encoding,raw,expected",
    [
        ("utf-8", TEXT.encode("utf-8"), "utf-8"),
        ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
        ("utf-16-be", b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        ("gb18030", TEXT.encode("gb18030"), "gb18030"),
        ("gbk", TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_decode_encodings(encoding: str, raw: bytes, expected: str) -> None:
    text, used = decode(raw)
    assert text == TEXT
    assert used == expected


@pytest.mark.parametrize(
    "raw,reason",
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (bytes(range(256)) * 4, "not text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not text"),
    ],
)
def test_decode_rejects(raw: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        decode(raw)


def test_sidecar_rules(tmp_path: Path) -> None:
    good = tmp_path / "a.meta.json"
    good.write_text(json.dumps({"title": "标题", "published": "2024-03"}), encoding="utf-8")
    assert read_sidecar(good) == {"title": "标题", "published": "2024-03"}
    for content, message in [
        ({"title": "x", "author": "y"}, "unknown keys"),
        ({"published": "March 2024"}, "published"),
        ({"published": "2024-13"}, "published"),
        ({"title": 5}, "must be a string"),
        ([1, 2], "JSON object"),
    ]:
        good.write_text(json.dumps(content), encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            read_sidecar(good)
    good.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid UTF-8 JSON"):
        read_sidecar(good)


def test_ingest_one_document_and_rejections(tmp_path: Path) -> None:
    write_doc(tmp_path, "ok.txt", "标题\n\n正文第一段。", {"outlet": "示例报", "published": "2022"})
    write_doc(tmp_path, "bad_meta.txt", "正文。", {"publisher": "x"})
    write_doc(tmp_path, "empty.txt", b"")
    (tmp_path / "lonely.meta.json").write_text("{}", encoding="utf-8")
    files, orphans = discover(tmp_path)
    assert [f.source for f in files] == ["bad_meta.txt", "empty.txt", "ok.txt"]
    assert [o.source for o in orphans] == ["lonely.meta.json"]
    results = {f.source: ingest_one(f) for f in files}
    ok = results["ok.txt"]
    assert isinstance(ok, Document)
    assert (ok.year, ok.outlet, ok.title, ok.encoding) == (2022, "示例报", "标题", "utf-8")
    assert ok.doc_id == ingest_one(InputFile(tmp_path / "ok.txt", "ok.txt")).doc_id
    assert isinstance(results["bad_meta.txt"], Rejection) and "unknown keys" in results["bad_meta.txt"].reason
    assert isinstance(results["empty.txt"], Rejection) and results["empty.txt"].reason == "empty file"


def test_clean_joins_broken_paragraphs_only() -> None:
    raw = (
        "大会观察\r\n\r\n"
        "\u3000\u3000代表们认为,要把科技创新摆在更加突出的位置,推动产业向数字化、绿色\n\n\n"
        "化方向发展,让企业成为创新主体。  \n\n"
        "委员:把论文写在大地上 持续推动乡村振兴\n\n"
        "本报讯 (记者 周某)今年PM\n2.5平均浓度下降。\n"
    )
    cleaned = clean_text(raw)
    paragraphs = cleaned.split("\n\n")
    assert paragraphs[0] == "大会观察"  # a heading is never glued to the next paragraph
    assert paragraphs[1].endswith("推动产业向数字化、绿色化方向发展,让企业成为创新主体。")
    assert paragraphs[2] == "委员:把论文写在大地上 持续推动乡村振兴"
    assert "PM2.5" in paragraphs[3]
    assert "\r" not in cleaned and "\u3000" not in cleaned and "  \n" not in cleaned
    assert len(paragraphs) == 4


def test_clean_never_joins_a_label_opening_a_turn() -> None:
    # a guest line that ends without punctuation, then the host's label: two paragraphs
    raw = "访谈嘉宾:市人大代表、某区区长周某;市政协委员、某大学教授吴某\n\n主持人:林某\n\n主持人:请谈谈去年的成绩。"
    assert clean_text(raw).split("\n\n") == [
        "访谈嘉宾:市人大代表、某区区长周某;市政协委员、某大学教授吴某",
        "主持人:林某",
        "主持人:请谈谈去年的成绩。",
    ]


def test_clean_keeps_characters_as_written() -> None:
    raw = "他说,“今年增长5%。”全角,半角,都保留。"
    assert clean_text(raw) == raw


def test_hash_memo_reads_unchanged_files_once_and_never_misses_a_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib
    import time

    from flows.ingest import files as ingest
    from flows.ingest.files import HashMemo

    memo_file = tmp_path / "cache" / "hashes.json"
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_bytes(b"aaaa")
    time.sleep(1.1)  # changed over a second before it is hashed: its stat can be trusted
    new.write_bytes(b"bbbb")  # changed just now: hashed again next time
    memo = HashMemo(memo_file)
    assert memo.sha256(str(old)) == hashlib.sha256(b"aaaa").hexdigest()
    assert memo.sha256(str(new)) == hashlib.sha256(b"bbbb").hexdigest()
    assert memo.sha256(str(tmp_path / "missing.txt")) is None
    memo.save()
    new.write_bytes(b"cccc")  # same size, maybe the same clock tick
    again = HashMemo(memo_file)
    assert again.sha256(str(new)) == hashlib.sha256(b"cccc").hexdigest()
    monkeypatch.setattr(ingest, "_hash_file", lambda path, *_: pytest.fail(f"{path} read again"))
    assert again.sha256(str(old)) == hashlib.sha256(b"aaaa").hexdigest()
    old.write_bytes(b"dddd")
    monkeypatch.undo()
    assert again.sha256(str(old)) == hashlib.sha256(b"dddd").hexdigest()
    memo_file.write_text("{not json", encoding="utf-8")  # a damaged memo is ignored
    assert HashMemo(memo_file).sha256(str(old)) == hashlib.sha256(b"dddd").hexdigest()


def test_read_ahead_serves_the_hashed_bytes_once_within_its_budget(tmp_path: Path) -> None:
    import hashlib
    import time

    from flows.ingest.files import HashMemo, ReadAhead, input_record, read_payload

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes("第一篇。".encode())
    b.write_bytes(("第二篇,更长一些。" * 20).encode())
    (tmp_path / "a.meta.json").write_text('{"outlet": "示例报"}', encoding="utf-8")
    ahead = ReadAhead(budget=len(a.read_bytes()) + 30)  # room for a and its sidecar, not for b
    records = [input_record(InputFile(p, p.name), None, ahead) for p in (a, b)]
    assert records[0]["sha256"] == hashlib.sha256(a.read_bytes()).hexdigest()
    hashed = a.read_bytes()
    a.write_bytes("改过的第一篇。".encode())  # changed after hashing: the batch gets the hashed bytes
    (tmp_path / "a.meta.json").unlink()
    first = read_payload(InputFile(a, "a.txt"), ahead)
    assert first.raw == hashed and first.meta == '{"outlet": "示例报"}'.encode()
    assert read_payload(InputFile(a, "a.txt"), ahead).raw == a.read_bytes()  # taken once, then read again
    assert read_payload(InputFile(b, "b.txt"), ahead).raw == b.read_bytes()  # over the budget: read when needed
    assert ahead.used == 0
    # a sidecar found missing while hashing stays missing; with a memo, known files are not read at all
    memo_ahead = ReadAhead(budget=1 << 20)
    memo = HashMemo(tmp_path / "memo.json")
    input_record(InputFile(b, "b.txt"), memo, memo_ahead)
    assert memo_ahead.take(str(b)) == (True, b.read_bytes()) and memo_ahead.take(str(tmp_path / "b.meta.json")) == (
        True,
        None,
    )
    time.sleep(1.1)  # a file changed within a second of being hashed is not trusted by the memo
    memo = HashMemo(tmp_path / "memo.json")
    input_record(InputFile(b, "b.txt"), memo, ReadAhead(budget=1 << 20))
    memo.save()
    again = ReadAhead(budget=1 << 20)
    input_record(InputFile(b, "b.txt"), HashMemo(tmp_path / "memo.json"), again)
    assert again.take(str(b)) == (False, None)  # the memo knew it: nothing read, nothing kept
