"""A government work report read out to an assembly is no one's speech: on the
25 reports of ../shared/corpus/reports-2026/txt (read from there, never copied
into the repository), no speaker and no statement comes out, and in particular
none made of boilerplate (请…委员和其他列席人员提出意见, 办理人大代表建议和议案,
职称, 向往和期盼). The mechanisms are also checked on made-up sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.extract.rows import extract_document
from flows.extract.speech.statements import extract_speech
from flows.ingest.document import Document
from flows.ingest.files import InputFile, ingest_one

REPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "reports-2026" / "txt"


def _reports() -> list[Path]:
    if not REPORTS.is_dir():  # fail loudly: the check must not pass by finding nothing
        raise FileNotFoundError(f"the work reports are missing: {REPORTS}")
    paths = sorted(REPORTS.glob("*.txt"))
    assert len(paths) == 25, f"expected the 25 reports of {REPORTS}, found {len(paths)}"
    return paths


def test_the_25_work_reports_have_no_speakers_and_no_statements():
    found = []
    for path in _reports():
        doc = ingest_one(InputFile(str(path), path.name))
        assert isinstance(doc, Document), f"{path.name} was rejected: {doc}"
        rows = extract_document(doc)
        found += [(path.name, sp["name"]) for sp in rows.speakers]
        found += [(path.name, st["text"][:30]) for st in rows.statements]
        assert all(g["speaker_id"] is None for g in rows.goals + rows.facts)
    assert found == []


# --- the mechanisms, on made-up sentences ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "本次会议期间，请各位政协委员和其他列席同志对报告提出意见。",  # people asked to speak
        "全年办结市人大代表议案建议三百余件。",  # 议案 after a title is no name
        "深化高校职称评聘改革，扩大用人单位自主权。",  # 职称 holds 称
        "这份规划寄托着群众的向往和期盼。",  # a verb ending its sentence reports nothing
        "县人大代表全年共提出建议一百多件。",  # interposed 全年共 is no name
        "两位代表委员这样说。",  # a group
    ],
)
def test_boilerplate_makes_no_speaker(text):
    res = extract_speech(text)
    assert res.speakers == [] and res.statements == []


def test_a_report_read_out_is_no_speech_but_news_before_it_is():
    text = (
        "市长聂远航作政府工作报告。市长聂远航表示，今年要办好十件民生实事。\n\n"
        "各位代表：\n\n现在，我代表市人民政府向大会报告工作，请予审议。\n\n"
        "我们要坚持稳中求进，力争地区生产总值增长5%左右。习近平总书记强调，要坚持高质量发展。"
    )
    res = extract_speech(text)
    assert [s.speaker for s in res.statements] == ["聂远航"]
    assert res.statements[0].char_end < text.index("各位代表")


def test_a_news_story_quoting_the_opening_words_is_read():
    text = (
        "“现在，我代表市人民政府向大会报告工作。”上午9时，市长聂远航走上讲台。\n\n"
        "市人大代表柏青山说，报告提出的目标鼓舞人心。"
    )
    assert [s.speaker for s in extract_speech(text).statements] == ["柏青山"]


@pytest.mark.parametrize(
    "opening",
    [
        "现在，我代表市人民政府，向大会报告过去一年的政府工作和今年的工作安排，请予审议。",
        "受县人民政府委托，我向大会报告政府工作，请予审议。",
        "我代表省人大常委会向大会报告工作，请予审议。",
    ],
)
def test_other_openings_of_a_report_read_out(opening):
    text = f"各位代表：\n\n{opening}\n\n习近平总书记强调，要坚持高质量发展。"
    assert extract_speech(text).statements == []
