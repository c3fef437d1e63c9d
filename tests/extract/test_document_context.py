"""Document context of work reports, in sentences written for these tests (made-up
places: 澜州省, 青岚市): jurisdiction, kind, section roles, goal or fact by section
and clause, 从X到Y, metric trimming, and page chrome dropped by cleaning."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.numbers.quantities import extract_quantities
from flows.extract.text.clean import clean_text
from flows.extract.text.document import (
    NEWS,
    PLAN5,
    REVIEW,
    TRANSCRIPT,
    WORK_REPORT,
    YEAR,
    document_context,
    document_kind,
    find_jurisdiction,
    find_sections,
)
from flows.ingest.document import Payload, ingest_payload

REPORT = "\n".join(
    [
        "澜州省2026年政府工作报告",
        "——2026年1月20日在澜州省第十四届人民代表大会第四次会议上",
        "各位代表：",
        "现在，我代表省人民政府，向大会报告工作，请予审议。",
        "一、2025年和“十四五”时期工作回顾",
        "过去一年，全省地区生产总值增长5.3%，高于全国0.3个百分点，预计规上工业增加值增长6.1%。",
        "全省国家级专精特新企业从12家增加到35家，新建5G基站1.2万个。",
        "这五年，全省地区生产总值年均增长5.6%，常住人口城镇化率提高4.2个百分点。",
        "二、“十五五”时期主要目标任务",
        "“十五五”时期全省发展的主要目标是：地区生产总值年均增长5%左右，研发经费投入强度达到3%。",
        "三、2026年重点工作",
        "今年经济社会发展主要预期目标是：经济增长5%左右，城镇新增就业40万人以上，居民消费价格涨幅2%左右。",
        "（一）扩大有效投资。全省已建成充电桩3万个，新开工重大项目300个，力争到2027年建成物流枢纽8个。",
        "省属企业营业收入增长6%。",
    ]
)


def rows(text: str, year: int = 2026, title: str | None = None, outlet: str | None = None):
    ctx = document_context(text, title, outlet, year)
    return extract_quantities(text, year, ctx)


def at(qs, text: str, snippet: str):
    k = text.index(snippet)
    found = [q for q in qs if q.char_start <= k + len(snippet) - 1 and k < q.char_end]
    assert found, (snippet, [(q.char_start, q.char_end) for q in qs])
    return found[0]


# --------------------------------------------------------------------------- jurisdiction and kind


@pytest.mark.parametrize(
    "title,outlet,text,want",
    [
        ("2026年澜州省政府工作报告", None, "", "澜州省"),
        ("澜州省2026年政府工作报告", None, "", "澜州省"),
        ("2026年政府工作报告", "青岚市人民政府", "", "青岚市"),
        ("2026年政府工作报告", "澜州日报", "各位代表：\n现在，我代表青岚市人民政府向大会报告工作。", "青岚市"),
        (
            None,
            None,
            "政府工作报告\n——在澜江自治区第十届人民代表大会第三次会议上\n各位代表：\n我代表自治区人民政府报告工作。",
            "澜江自治区",
        ),
        (None, None, "各位代表：\n现在，我代表自治区人民政府向大会报告工作。", None),
    ],
)
def test_jurisdiction_from_title_outlet_opening_or_session(title, outlet, text, want):
    assert find_jurisdiction(text, title, outlet) == want


def test_jurisdiction_from_the_file_name_when_nothing_else_names_it():
    assert (
        find_jurisdiction(
            "全省粮食产量达到600亿斤。", "2026年政府工作报告", "澜州日报", "reports/2026_澜州省_政府工作报告.txt"
        )
        == "澜州省"
    )
    assert find_jurisdiction("全省粮食产量达到600亿斤。", "2026年政府工作报告", None, "excerpt.txt") is None


def test_document_kind():
    assert document_kind("", "2026年澜州省政府工作报告") == WORK_REPORT
    assert document_kind("", "澜州省政府工作报告（摘要）") == WORK_REPORT
    assert document_kind("各位代表：\n现在，我代表市人民政府向大会报告工作。") == WORK_REPORT
    assert document_kind("", "一组数字读懂今年政府工作报告") == NEWS
    assert document_kind("本报讯 市长代表市人民政府向大会作政府工作报告。", "市长作政府工作报告") == NEWS
    assert document_kind("记者：今年有何打算？\n答：我们将新建学校3所。", "代表访谈") == TRANSCRIPT


# lines opening with a label or not, some holding a label further in
_QA_LINES = st.lists(
    st.tuples(
        st.sampled_from(["", "记者", "主持人", "问", "答", "我们"]),
        st.sampled_from(["", "：", ":"]),
        st.sampled_from(["", "问：", "今年", " "]),
    ).map("".join),
    max_size=6,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_QA_LINES)
def test_a_text_is_a_transcript_when_two_lines_open_with_a_label(text):
    labels = re.findall(r"^(?:记者|主持人|问|答)[：:]", text, re.M)
    assert (document_kind(text) == TRANSCRIPT) == (len(labels) >= 2)


def test_news_has_no_jurisdiction():
    ctx = document_context("本报讯 青岚市今年将新建学校3所。", "青岚市新建学校", "澜州日报", 2026)
    assert ctx.kind == NEWS and ctx.jurisdiction is None and ctx.sections == ()


# --------------------------------------------------------------------------- sections


def test_section_roles_and_years():
    secs = find_sections(REPORT, 2026)

    def role_at(snippet):
        k = REPORT.index(snippet)
        s = [s for s in secs if s.start <= k < s.end][0]
        return s.role, s.year

    assert role_at("过去一年，全省") == (REVIEW, 2025)
    assert role_at("这五年，全省") == (REVIEW, None)
    assert role_at("“十五五”时期全省发展") == (PLAN5, 2030)
    assert role_at("今年经济社会发展") == (YEAR, 2026)
    assert role_at("（一）扩大有效投资") == (YEAR, 2026)


@pytest.mark.parametrize("mark", ["", "“"])
def test_a_plan_or_five_years_named_with_or_without_an_opening_quotation_mark(mark):
    def roles(text):
        return [(s.role, s.year) for s in find_sections(text, 2026) if s.role]

    assert roles(f"二、主要任务\n\n根据{mark}十五五”规划纲要，全省将建成100个项目。") == [(PLAN5, 2030)]
    assert roles(f"一、2025年工作回顾\n\n全省上下，{mark}十四五”时期地区生产总值年均增长6%。") == [
        (REVIEW, 2025),
        (REVIEW, None),
    ]
    assert roles(f"全省{mark}十四五”期间地区生产总值增长了6.2%，建成125个项目。") == [(REVIEW, None)]


def test_heading_with_a_slogan_still_gives_its_role():
    text = "\n".join(
        [
            "一、一年接着一年干，各项事业取得新进展新成效",
            "全省粮食产量达到620亿斤。",
            "二、一鼓作气勇争先，全力推动“十五五”开好局起好步",
            "全省粮食产量稳定在620亿斤以上。",
        ]
    )
    secs = find_sections(text, 2026)
    assert [(s.role, s.year) for s in secs if s.role] == [(REVIEW, 2025), (YEAR, 2026)]


# --------------------------------------------------------------------------- goal or fact, subject, year


def test_review_figures_are_facts_of_the_reviewed_year():
    qs = rows(REPORT, title="澜州省2026年政府工作报告")
    for snippet in ("增长5.3%", "增长6.1%", "1.2万个"):
        q = at(qs, REPORT, snippet)
        assert (q.kind, q.year, q.subject) == ("fact", 2025, "澜州省"), (snippet, q)


def test_mention_of_the_nation_is_no_subject():
    qs = rows(REPORT, title="澜州省2026年政府工作报告")
    q = at(qs, REPORT, "0.3个百分点")
    assert q.kind == "fact" and q.subject == "澜州省"


def test_from_to_in_a_review_gives_two_facts():
    qs = rows(REPORT, title="澜州省2026年政府工作报告")
    low, high = at(qs, REPORT, "12家"), at(qs, REPORT, "35家")
    assert (low.kind, high.kind) == ("fact", "fact")
    assert low.measure == high.measure == "level"


def test_five_year_review_has_no_year():
    qs = rows(REPORT, title="澜州省2026年政府工作报告")
    for snippet in ("年均增长5.6%", "4.2个百分点"):
        q = at(qs, REPORT, snippet)
        assert q.kind == "fact" and q.year is None, (snippet, q)


def test_plan_and_targets_are_goals_with_the_plan_year():
    qs = rows(REPORT, title="澜州省2026年政府工作报告")
    assert (at(qs, REPORT, "年均增长5%左右").kind, at(qs, REPORT, "年均增长5%左右").year) == ("goal", 2030)
    target = at(qs, REPORT, "经济增长5%左右")
    assert (target.kind, target.year, target.subject, target.metric, target.comparator) == (
        "goal",
        2026,
        "澜州省",
        "经济",
        "approx",
    )
    assert (at(qs, REPORT, "40万人").kind, at(qs, REPORT, "40万人").year) == ("goal", 2026)


def test_present_figure_in_a_plan_is_a_fact_and_a_printed_deadline_wins():
    qs = rows(REPORT, title="澜州省2026年政府工作报告")
    assert at(qs, REPORT, "3万个").kind == "fact"
    assert (at(qs, REPORT, "300个").kind, at(qs, REPORT, "300个").year) == ("goal", 2026)
    assert (at(qs, REPORT, "8个").kind, at(qs, REPORT, "8个").year) == ("goal", 2027)


def test_named_body_opening_the_clause_is_the_subject():
    qs = rows(REPORT, title="澜州省2026年政府工作报告")
    q = at(qs, REPORT, "增长6%")
    assert q.subject == "省属企业" and q.metric == "营业收入"


@pytest.mark.parametrize(
    "text,snippet,kind,year",
    [
        # an excerpt of a review paragraph, no heading in view: its words say it reports results
        ("全省粮食产量达到620.3亿斤，比上年增长1.2%，新增高标准农田86.4万亩。", "86.4万亩", "fact", 2025),
        # a five-year review excerpt: no year
        ("这五年，全省新增城镇就业210万人，居民人均可支配收入年均增长6.3%。", "210万人", "fact", None),
        # an excerpt of the targets paragraph
        ("主要预期目标是：地区生产总值增长5%左右，城镇调查失业率5.5%左右。", "5%左右", "goal", 2026),
        # an excerpt of this year's tasks
        ("着力扩大有效投资，力争新开工项目500个以上，推动民间投资增长3%左右。", "500个", "goal", 2026),
        # a task whose topic sentence says what is to be done
        ("推进宜居乡村建设。新建农村公路1200公里，改造农村户厕3.5万户。", "1200公里", "goal", 2026),
    ],
)
def test_excerpts_decide_from_their_own_words(text, snippet, kind, year):
    q = at(rows(text, title="2026年澜州省政府工作报告", outlet="澜州省人民政府"), text, snippet)
    assert (q.kind, q.year, q.subject) == (kind, year, "澜州省"), q


# --------------------------------------------------------------------------- metric


@pytest.mark.parametrize(
    "text,snippet,metric",
    [
        ("综合考虑各方面因素，提出地区生产总值年均增长5%左右。", "5%左右", "地区生产总值"),
        ("今年主要预期目标是：地区生产总值按增长5%安排。", "5%", "地区生产总值"),
        ("建议“十五五”时期地区生产总值增速目标设定为年均增长5.5%。", "5.5%", "地区生产总值增速"),
        ("五大类指标中，包括地区生产总值年均增长5%左右。", "5%左右", "地区生产总值"),
        ("今年主要预期目标是：经济增长5%左右。", "5%左右", "经济"),
    ],
)
def test_metric_without_the_words_of_the_plan(text, snippet, metric):
    q = at(rows(text, title="2026年澜州省政府工作报告"), text, snippet)
    assert q.metric == metric, q


# --------------------------------------------------------------------------- page chrome

CHROME_PAGE = "\n".join(
    [
        "下载",
        "打印",
        "全屏",
        "收藏",
        "【字号：",
        "加大",
        "还原",
        "减小",
        "】",
        "您的位置：",
        "首页",
        ">",
        "要闻",
        "要闻",
        "2026年青岚市政府工作报告",
        "来源：青岚日报",
        "时间：2026-01-30",
        "发表时间：",
        "2026-01-30 09:30:00",
        "阅读量：",
        "各位代表：",
        "现在，我代表市人民政府，向大会报告工作。过去一年，全市地区生产总值增长5.1%。",
        "各位代表！让我们团结奋斗，共创美好未来。",
        "相关报道：",
        "分享到：",
        "扫一扫在手机打开当前页",
        "【",
        "关闭窗口",
        "】",
    ]
)


def test_chrome_before_and_after_the_body_is_dropped():
    cleaned = clean_text(CHROME_PAGE)
    lines = cleaned.split("\n")
    assert lines[0] == "2026年青岚市政府工作报告"
    assert lines[1] == "各位代表："
    assert lines[-1] == "各位代表！让我们团结奋斗，共创美好未来。"
    for chrome in ("下载", "收藏", "加大", "首页", "要闻", "来源：青岚日报", "阅读量：", "相关报道：", "关闭窗口"):
        assert chrome not in lines


def test_chrome_inside_the_body_is_kept():
    text = "青岚新闻\n\n记者从会上获悉，全市今年将新建学校12所。\n\n来源：青岚日报\n\n下一段正文，全市新增就业3万人，比上年增长2%。"
    cleaned = clean_text(text)
    assert "来源：青岚日报" in cleaned and cleaned.startswith("青岚新闻")


def test_title_is_not_taken_from_chrome_and_offsets_hold():
    doc = ingest_payload(
        Payload(
            "2026_青岚市_政府工作报告.txt",
            CHROME_PAGE.encode("utf-8"),
            json.dumps({"published": "2026-01-30"}).encode("utf-8"),
        )
    )
    assert doc.title == "2026年青岚市政府工作报告"
    ctx = document_context(doc.text, doc.title, doc.outlet, doc.year)
    assert ctx.jurisdiction == "青岚市" and ctx.kind == WORK_REPORT
    for q in extract_quantities(doc.text, doc.year, ctx):
        assert doc.text[q.char_start : q.char_end]
        assert q.subject == "青岚市"
