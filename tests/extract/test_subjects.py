"""Subjects of goals and facts in news (flows.extract.subjects), on made-up sentences:
the speaker's office is the default, 全市 / 县里 name the place in view, a place or
body printed in the clause overrides the default, and work reports keep theirs."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.rows import extract_document
from flows.extract.subjects import (
    _BODY_WORD_RE,
    _CAUSATIVE_RE,
    _CITED_RE,
    _CUE_WORD_RE,
    _JURIS_RE,
    _ME_RE,
    _SESSION_RE,
    _TEXT_PLACE_RE,
    _TO_SENTENCE_END,
    _UNNAMED_AREA_RE,
    _WE_RE,
    Words,
    matches,
    office_of,
    search,
    text_places,
)
from flows.extract.text.firstchars import first_class
from flows.ingest.document import Document
from flows.ingest.files import InputFile, ingest_one


def _rows(tmp_path: Path, text: str, title: str | None = None):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    meta = {"published": "2026-03-05", "outlet": "松河日报"}
    if title:
        meta["title"] = title
    path.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    doc = ingest_one(InputFile(str(path), path.name))
    assert isinstance(doc, Document)
    return extract_document(doc)


def _subject(rows, number: str, table: str = "goals") -> str | None:
    hits = [r for r in getattr(rows, table) if number in r["text"]]
    assert hits, f"no row holds {number}: {[r['text'] for r in getattr(rows, table)]}"
    return hits[0]["subject"]


def test_office_of_titles():
    assert office_of(("全国人大代表", "松河市柳岸县桃花村党支部书记")).name == "桃花村"
    assert office_of(("省政协委员", "民进中央委员", "松河师范大学副校长")).body == "松河师范大学"
    assert office_of(("市人大代表", "松河港务集团装卸作业班班长")).body == "松河港务集团"
    assert office_of(("市人大代表", "松河市水利局局长")).name == "松河市"
    assert office_of(("全国人大代表", "柳岸县县长")).name == "柳岸县"
    assert office_of(("县委副书记", "县长")).level == "县"
    assert office_of(("农业农村部部长",)).name == "全国"
    assert office_of(("全国人大代表", "松河电机集团党委书记", "董事长")).body == "松河电机集团"
    assert office_of(("县人大代表", "柳岸县新桥村党支部书记")).org == "新桥村党支部"


def test_the_speakers_village_is_the_default(tmp_path):
    rows = _rows(
        tmp_path,
        "代表走上通道\n\n全国人大代表、松河市柳岸县桃花村党支部书记郑小禾：\n\n"
        "今年我们要新建冷库3座，力争桃子产值突破5000万元。\n",
    )
    assert _subject(rows, "3座") == "桃花村"
    assert _subject(rows, "5000万元") == "桃花村"


def test_the_speakers_company_and_university_are_the_default(tmp_path):
    rows = _rows(
        tmp_path,
        "委员热议创新\n\n"
        "“今年我们计划新建联合实验室4个。”全国政协委员、松河师范大学副校长冯一鸣说。\n\n"
        "“明年我们力争新增发明专利80件。”全国人大代表、松河电机股份有限公司董事长韦晴说。\n",
    )
    assert _subject(rows, "4个") == "松河师范大学"
    assert _subject(rows, "80件") == "松河电机股份有限公司"


def test_the_whole_county_is_the_place_the_titles_name(tmp_path):
    rows = _rows(
        tmp_path,
        "县长谈发展\n\n全国人大代表、柳岸县县长沈一帆表示，今年全县将新建高标准农田6万亩，县里还计划新增学位1800个。\n",
    )
    assert _subject(rows, "6万亩") == "柳岸县"
    assert _subject(rows, "1800个") == "柳岸县"


def test_the_whole_city_is_the_documents_city_when_the_speaker_names_none(tmp_path):
    rows = _rows(
        tmp_path,
        "代表风采\n\n在松河市西湖街道，人们都认识市人大代表杨启。\n\n他建议，今年全市新增公共充电桩3000个。\n",
    )
    assert _subject(rows, "3000个") == "松河市"


def test_a_place_printed_in_the_clause_overrides_the_default(tmp_path):
    rows = _rows(
        tmp_path,
        "代表风采\n\n全国人大代表、松河市柳岸县桃花村党支部书记郑小禾表示，"
        "今年全县将新建冷链仓储设施12处，桃花村将新办民宿20家。\n",
    )
    assert _subject(rows, "12处") == "柳岸县"
    assert _subject(rows, "20家") == "桃花村"


def test_a_national_ministers_targets_are_the_countrys(tmp_path):
    rows = _rows(
        tmp_path,
        "部长通道\n\n水利部部长钱立言：\n\n今年我们将新增农田灌溉面积800万亩。\n",
    )
    assert _subject(rows, "800万亩") == "全国"


def test_a_proposal_or_the_speaker_alone_has_no_subject(tmp_path):
    rows = _rows(
        tmp_path,
        "委员建言\n\n全国政协委员、松河师范大学教授冯一鸣建议，设立乡村教师培训基金，规模不低于20亿元。\n\n"
        "“今年我准备提交4件提案。”冯一鸣说。\n",
    )
    assert _subject(rows, "20亿元") is None
    assert _subject(rows, "4件") is None


def test_a_reporters_sentence_keeps_the_documents_place_or_none(tmp_path):
    rows = _rows(
        tmp_path,
        "柳岸县人代会开幕\n\n本报讯 柳岸县第十八届人民代表大会第五次会议开幕。"
        "报告提出，今年全县地区生产总值增长6%左右。\n\n据了解，会议期间还将举办展览20场。\n",
    )
    assert _subject(rows, "6%") == "柳岸县"
    assert _subject(rows, "20场") == "柳岸县"  # news of a session: the session's place
    rows = _rows(tmp_path, "乡村见闻\n\n本报记者 王青\n\n桃花村的桃子今年预计将卖出300吨。\n")
    assert _subject(rows, "300吨") is None


def test_a_work_report_keeps_its_jurisdiction(tmp_path):
    rows = _rows(
        tmp_path,
        "政府工作报告\n\n各位代表：\n\n现在，我代表柳岸县人民政府向大会报告工作。\n\n"
        "今年主要预期目标是：地区生产总值增长6%左右，全县新增城镇就业5000人。\n",
        title="2026年柳岸县政府工作报告",
    )
    assert _subject(rows, "6%") == "柳岸县"
    assert _subject(rows, "5000人") == "柳岸县"


def test_a_wish_or_a_duty_is_its_subjects(tmp_path):
    rows = _rows(
        tmp_path,
        "委员建言\n\n全国政协委员、松河电机股份有限公司董事长韦晴说，今年我们希望新开门店9家。\n\n"
        "市政协委员、松河师范大学教授冯一鸣认为，松河市应力争新建人才公寓3000套。\n",
    )
    assert _subject(rows, "9家") == "松河电机股份有限公司"
    assert _subject(rows, "3000套") == "松河市"


def test_an_area_with_no_name_and_a_figure_after_rang_have_none(tmp_path):
    rows = _rows(
        tmp_path,
        "代表风采\n\n全国人大代表、松河市人民医院院长罗文表示，今年医院将新建远程诊室15个，"
        "到2028年让县域内就诊率达到88%。\n\n"
        "“去年我们医院技术转让收入达到2000万元。”罗文说。\n",
    )
    assert _subject(rows, "15个") == "松河市人民医院"
    assert _subject(rows, "88%") is None
    assert _subject(rows, "2000万元", "facts") == "松河市人民医院"  # 转让 is no 让


def test_a_reporter_citing_the_report_names_the_sessions_place(tmp_path):
    rows = _rows(
        tmp_path,
        "人代会开幕\n\n本报讯 柳岸县第十八届人民代表大会第五次会议开幕。县长沈一帆作政府工作报告。\n\n"
        "政府工作报告提出，今年要新建乡村公路90公里。\n",
    )
    assert _subject(rows, "90公里") == "柳岸县"


def test_speakers_organization_and_region_come_from_the_office(tmp_path):
    rows = _rows(
        tmp_path,
        "柳岸县人代会开幕\n\n本报讯 柳岸县第十八届人民代表大会第五次会议开幕。\n\n"
        "县长沈一帆表示，今年要新建乡村公路90公里。\n\n"
        "县人大代表、柳岸县桃花村党支部书记郑小禾说：“今年我们村要新建冷库3座。”\n\n"
        "县人大代表、松河电机集团党委书记、董事长韦晴说：“今年我们要新增专利50件。”\n",
    )
    got = {s["name"]: (s["organization"], s["region"]) for s in rows.speakers}
    assert got["沈一帆"] == (None, "柳岸县")
    assert got["郑小禾"] == ("桃花村党支部", "桃花村")
    assert got["韦晴"] == ("松河电机集团", None)


PLACE_TEXT = st.text(alphabet="东川柳岸省市县区州在日年的长第十届政府工作报告两会,。\n ", max_size=40)


CUE_TEXT = st.text(alphabet="全我们咱本该国省市县区州镇乡村社里学校让使转用在的报告中提出,", max_size=40)


@settings(max_examples=300, deadline=None)
@given(CUE_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_matches_tried_at_first_characters_are_every_match_of_the_pattern(text: str, a: int, b: int) -> None:
    """Trying a pattern only where its first class matches finds what its finditer finds, in any window."""
    for pattern in (_JURIS_RE, _CUE_WORD_RE, _CAUSATIVE_RE, _CITED_RE):
        got = [m.span() for m in matches(pattern, first_class(pattern), text, a, b)]
        assert got == [m.span() for m in pattern.finditer(text, a, b)]
        found = search(pattern, first_class(pattern), text, a, b)
        assert (found and found.span()) == (got[0] if got else None)


@settings(max_examples=300, deadline=None)
@given(PLACE_TEXT)
def test_places_in_text_are_every_match_of_their_pattern(text: str) -> None:
    """Trying the patterns only before a level character finds what a scan of every position finds."""
    for pattern in (_TEXT_PLACE_RE, _SESSION_RE):
        assert [m.span() for m in text_places(pattern, text)] == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="东川市长柳", min_size=1, max_size=3), max_size=5),
    st.text(alphabet="东川市长柳岸,", max_size=30),
    st.data(),
)
def test_words_are_read_as_a_longest_first_alternation_reads_them(
    words: list[str], text: str, data: st.DataObject
) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    found = list(Words(words, text).spans(a, b))
    if not words:
        assert found == []
        return
    alternation = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    assert found == [m.span() for m in alternation.finditer(text, a, b)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="全我们咱本该省市县区里域内各地社村中学心厂国的,", max_size=30), st.data())
def test_a_clause_the_cue_word_search_passes_over_holds_no_cue_word(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    words = [
        m.span() for p in (_JURIS_RE, _WE_RE, _UNNAMED_AREA_RE, _ME_RE, _BODY_WORD_RE) for m in p.finditer(text, a, b)
    ]
    assert (_CUE_WORD_RE.search(text, a, b) is None) == (words == [])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="东川。！？!?；;\n,", max_size=30), st.data())
def test_a_figures_sentence_starts_after_the_last_sentence_end_before_it(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    ends = [k + 1 for k in range(a, b) if text[k] in "。！？!?；;\n"]
    found = _TO_SENTENCE_END.match(text, a, b)
    assert (found.end() if found else None) == (ends[-1] if ends else None)
