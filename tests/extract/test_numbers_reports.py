"""Phrase tests for the numeric extractor on work-report and news patterns:
one test (or case) per rule added after the tests/corpus documents were
annotated. All phrases were written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.numbers.numerals import _FULLWIDTH, fold, halfwidth, simplified, t2s_table
from flows.extract.numbers.quantities import extract_quantities
from tests.extract.test_numbers import check, none_at

# --------------------------------------------------------------------------- goal or fact


def test_baseline_year_is_not_the_time_of_a_goal():
    # 比2020年 is a baseline; 到2035年 gives the year
    check(
        "到2035年，全市居民人均收入比2020年翻一番。",
        "翻一番",
        2025,
        kind="goal",
        year=2035,
        unit="multiple",
        measure="growth",
        direction="up",
    )


def test_comparison_with_last_year_in_a_plan_is_a_goal():
    text = "今年拟安排地方政府专项债券3万亿元，比上年增加5000亿元。"
    rows = extract_quantities(text, 2025)
    assert [(q.value, q.kind) for q in rows] == [(3.0, "goal"), (5000.0, "goal")]


def test_comparison_with_last_year_in_a_review_stays_a_fact():
    check("去年全县常住人口达到52万人，比上年增加0.4万人。", "0.4万人", 2025, kind="fact", year=2024)


def test_earlier_sentence_of_the_paragraph_sets_the_kind():
    text = "去年全县规上工业增加值增长8%。实际使用外资约3亿美元，新设外资企业近60家。"
    for snippet in ("3亿美元", "60家"):
        check(text, snippet, 2025, kind="fact", year=2024)


def test_earlier_sentence_of_the_paragraph_makes_a_plan():
    text = "下一步，该区将加快建设科创走廊。新建孵化器5个，引进创新团队20个。"
    check(text, "5个", 2025, kind="goal")
    check(text, "20个", 2025, kind="goal")


def test_news_paragraph_opening_does_not_carry_to_the_next_paragraph():
    text = (
        "本报讯（记者 某某）会议开幕。\n\n县长作报告说，今年全县经济社会发展的主要预期目标是：地区生产总值增长6%。\n\n"
        "新区综合交通枢纽总投资约12亿元，主体结构已基本完工。"
    )
    check(text, "12亿元", 2025, kind="fact")


def test_slogan_cue_is_no_cue():
    text = "一块写着“奋战60天 确保5月底完工”的标语格外醒目。\n\n项目总投资约9亿元。"
    check(text, "9亿元", 2025, kind="fact")


def test_plan_verbs_mark_goals():
    check("我们村去年收入增长了10%。今年打算再流转土地200亩。", "200亩", 2025, kind="goal", year=2025)
    check("她建议，到2027年全市技能人才总量达到60万人。", "60万人", 2025, kind="goal", year=2027)


def test_completed_verb_before_number_is_a_fact():
    check("今年大会期间共收到代表建议210件。", "210件", 2025, kind="fact", year=2025)
    check("我这次带来了4件建议。", "4件", 2025, kind="fact")


def test_quoted_target_is_a_goal_not_a_name():
    text = "围绕报告提出的“全年地区生产总值增长5.5%左右”目标，代表们积极建言。"
    check(text, "5.5%", 2025, kind="goal", year=2025, comparator="approx", measure="growth", metric_has="地区生产总值")


# --------------------------------------------------------------------------- years


def test_figure_takes_the_year_of_an_earlier_sentence():
    text = "去年，全县粮食总产量达到4.2亿斤。农村居民人均可支配收入达到2.1万元，增长7%。"
    check(text, "2.1万元", 2025, kind="fact", year=2024)
    check(text, "7%", 2025, kind="fact", year=2024)


def test_present_state_sentence_keeps_no_year():
    text = "去年全市地区生产总值增长6%。全市常住人口已达400万人，比上年末增加2万人。"
    check(text, "400万人", 2025, kind="fact", year=None)


def test_baseline_of_from_to_has_no_year():
    text = "去年村里的民宿从3家发展到了12家。"
    check(text, "3家", 2025, kind="fact", year=None, measure="level")
    check(text, "12家", 2025, kind="fact", year=2024, measure="level")


def test_baseline_of_from_to_keeps_its_printed_year():
    check("全市森林覆盖率从2020年的40%提高到46%。", "40%", 2025, kind="fact", year=2020)


def test_month_date_gives_the_year():
    check("2024年12月，全县新建的4所学校全部投入使用，新增学位3600个。", "3600个", 2025, kind="fact", year=2024)


def test_year_in_a_document_title_is_not_a_time():
    text = "按照《招商引资优惠政策（2024年修订）》，今年计划引进项目12个。"
    check(text, "12个", 2023, kind="goal", year=2023)


# --------------------------------------------------------------------------- comparators, measure


@pytest.mark.parametrize(
    "text,snippet,cmp",
    [
        ("目前高技能人才占比不足三成。", "三成", "lt"),
        ("目前全县农村人口不到20万人。", "20万人", "lt"),
        ("全市经济总量先后迈上3000亿元、4000亿元台阶。", "4000亿元", "gt"),
    ],
)
def test_comparator_more(text, snippet, cmp):
    check(text, snippet, comparator=cmp)


def test_list_item_after_verb_keeps_metric_not_taijie():
    text = "全市经济总量先后迈上3000亿元、4000亿元台阶。"
    check(text, "4000亿元", metric="经济总量")


@pytest.mark.parametrize(
    "text,snippet,direction",
    [
        ("今年城乡居民基础养老金最低标准再提高20元。", "20元", "up"),
        ("全市常住人口比上年末增加3.1万人。", "3.1万人", "up"),
        ("全年企业用电成本降低12亿元。", "12亿元", "down"),
    ],
)
def test_change_of_an_amount_is_growth(text, snippet, direction):
    check(text, snippet, measure="growth", direction=direction)


@pytest.mark.parametrize(
    "text,snippet",
    [
        ("今年城镇新增就业1.1万人。", "1.1万人"),
        ("开放床位从400张增加到560张。", "560张"),
    ],
)
def test_new_or_target_amount_stays_level(text, snippet):
    check(text, snippet, measure="level")


# --------------------------------------------------------------------------- metric


@pytest.mark.parametrize(
    "text,snippet,metric",
    [
        ("留在本地就业的比例只有52%左右。", "52%", "留在本地就业的比例"),
        ("普惠小微贷款余额120亿元，较年初增长15%。", "15%", "普惠小微贷款余额"),
        ("PM2.5平均浓度为30微克/立方米，比五年前下降了20%。", "20%", "PM2.5平均浓度"),
        ("该行已为全市2600多家小微企业建档。", "2600多家", "小微企业"),
    ],
)
def test_metric_more(text, snippet, metric):
    check(text, snippet, metric=metric)


@pytest.mark.parametrize(
    "text,snippet,metric",
    [
        ("通往省城的高速公路目前还有36公里没有贯通。", "36公里", "高速公路"),
        ("全县目前已有茶园15万亩。", "15万亩", "茶园"),
        ("全市经济总量首次突破5000亿元。", "5000亿元", "经济总量"),
    ],
)
def test_metric_around_tense_words(text, snippet, metric):
    check(text, snippet, metric=metric)


def test_fenbie_without_names_takes_the_metrics_before():
    text = "去年全区接待游客1800万人次，旅游综合收入约150亿元，分别增长21%和25%。"
    rows = {q.value: q.metric for q in extract_quantities(text, 2025)}
    assert rows[21.0] == rows[1800.0] and "游客" in (rows[21.0] or "")
    assert rows[25.0] == "旅游综合收入"


# --------------------------------------------------------------------------- not quantities


@pytest.mark.parametrize(
    "text,snippet",
    [
        ("县域经济综合实力跃居全省前二十位。", "前二十位"),
        ("十四届全国人大三次会议在京开幕。", "十四届"),
        ("青岚县十八届人大三次会议开幕。", "十八届"),
        ("对总投资5000万元以上的农业项目给予用地保障。", "5000万元以上"),
    ],
)
def test_not_a_quantity_more(text, snippet):
    none_at(text, snippet)
    assert not any(q.char_start <= text.index(snippet) < q.char_end for q in extract_quantities(text, 2025))


def test_growth_of_at_least_is_a_quantity():
    check("力争实现10%以上的增长。", "10%", comparator="ge")


# --------------------------------------------------------------------------- 繁體


def test_simplified_is_one_for_one():
    s = "過去五年，我們已協助引進港資項目23個，總投資超過45億港元。"
    assert len(simplified(s)) == len(s)
    assert simplified(s) == "过去五年，我们已协助引进港资项目23个，总投资超过45亿港元。"


def test_traditional_paragraph():
    text = (
        "「過去五年，我們同鄉會已協助引進港資項目23個，總投資超過45億港元。」今年我們計劃組織300名香港青年到內地交流。"
    )
    check(text, "23個", 2024, kind="fact", year=None, unit="count", metric_has="港資項目")
    check(text, "45億港元", 2024, kind="fact", value_normalized=4.5e9, unit="HKD", comparator="gt", metric_has="總投資")
    check(text, "300名", 2024, kind="goal", year=2024, metric_has="香港青年")


# --------------------------------------------------------------------------- subject


def test_subject_names_the_reporting_province():
    text = (
        "澜江省2025年政府工作报告\n\n各位代表：\n\n一、2024年工作回顾\n\n"
        "过去一年，全省地区生产总值增长5.2%。做好今年政府工作，全省粮食产量稳定在600亿斤以上。"
    )
    rows = extract_quantities(text, 2025)
    assert rows and all(q.subject == "澜江省" for q in rows), [q.subject for q in rows]


def test_subject_named_body_in_report():
    text = "各位代表：\n\n过去一年，省属企业集团营业收入增长6%，全省规上工业增加值增长7%。"
    rows = {q.value: q.subject for q in extract_quantities(text, 2025)}
    assert rows[7.0] == "全省"


def test_subject_county_of_the_speaker_title():
    text = "全国人大代表、青川县委书记李某：\n\n去年，我们全县粮食总产量达到3亿斤。"
    check(text, "3亿斤", 2024, subject="青川县")


def test_rank_context_is_no_subject():
    text = "报告显示，去年全县地区生产总值增长5%，增速居全市第2位；一般公共预算收入12亿元。"
    q = check(text, "12亿元", 2024)
    assert q.subject != "全市"


# --------------------------------------------------------------------------- five-year plans, spans of years

PLAN_15 = """二、“十五五”时期主要目标

到2030年，全市地区生产总值力争突破6000亿元，年均增长5%以上；研发经费投入强度达到3%。城镇新增就业累计30万人以上，劳动年龄人口平均受教育年限提高到12年，人均预期寿命提高到80岁。

三、2026年重点工作

全市地区生产总值增长5.5%左右，新开工产业项目100个。"""


def test_fifteenth_plan_heading_dates_its_goals():
    rows = {q.value: q for q in extract_quantities(PLAN_15, 2026)}
    for v in (6000.0, 5.0, 3.0, 30.0, 12.0, 80.0):
        assert (rows[v].kind, rows[v].year) == ("goal", 2030), (v, rows[v])
    assert (rows[5.0].measure, rows[5.0].comparator) == ("growth", "ge")
    assert (rows[12.0].unit, rows[12.0].unit_text, rows[12.0].measure) == ("year", "年", "level")
    assert (rows[5.5].year, rows[100.0].year) == (2026, 2026)


def test_year_unit_only_after_a_level_verb():
    check("劳动年龄人口平均受教育年限达到11.2年。", "11.2年", unit="year", value=11.2, kind="fact")
    for text in ("力争3年后实现翻番。", "用5年时间建成新城。", "实施三年行动计划。"):
        assert not [q for q in extract_quantities(text, 2025) if q.unit == "year"], text


def test_review_of_a_plan_period():
    text = (
        "“十四五”时期，全市地区生产总值由2020年的2600亿元增加到2025年的3500亿元，年均增长5.6%；"
        "人均地区生产总值突破8万元。规上工业企业达到1300家，是2020年的1.5倍；高新技术企业数量增长2.4倍。"
    )
    rows = {q.value: q for q in extract_quantities(text, 2026)}
    assert all(q.kind == "fact" for q in rows.values())
    assert (rows[2600.0].year, rows[3500.0].year) == (2020, 2025)
    assert rows[2600.0].metric == rows[3500.0].metric == "地区生产总值"
    assert (rows[5.6].year, rows[5.6].metric) == (None, "地区生产总值")
    assert rows[8.0].year is None
    assert (rows[1.5].year, rows[1.5].unit, rows[1.5].measure, rows[1.5].metric) == (
        None,
        "multiple",
        "level",
        "规上工业企业",
    )
    assert (rows[2.4].measure, rows[2.4].direction) == ("growth", "up")


def test_cumulative_figure_keeps_no_year_despite_a_later_last_year():
    check("园区已累计集聚高新技术企业近500家，去年新增专精特新企业40家。", "500家", 2024, kind="fact", year=None)
    check("园区已累计集聚高新技术企业近500家，去年新增专精特新企业40家。", "40家", 2024, kind="fact", year=2023)


def test_quoted_plan_period_since_is_multi_year():
    text = "报告显示，去年全国经济增长5%。“十四五”以来，我国经济总量先后迈上110万亿元、120万亿元台阶。"
    check(text, "120万亿元", 2025, kind="fact", year=None, comparator="gt")


def test_life_expectancy_is_no_plan_cue():
    check("去年全市人均预期寿命达到80.1岁。", "80.1岁", 2025, kind="fact", year=2024)
    check("全市人均预期寿命达到80.1岁。", "80.1岁", 2025, kind="fact")


# --------------------------------------------------------------------------- delegates' proposals and quotes


def test_proposal_in_quote_is_a_goal_and_does_not_turn_the_fact_before():
    text = "他说，全省新能源领域人才缺口约3万人，“建议国家支持西部高校每年定向培养研究生800名以上。”"
    check(text, "3万人", 2025, kind="fact")
    check(text, "800名", 2025, kind="goal", comparator="ge")


def test_proposals_counted_as_nouns_are_no_cue():
    check("今年大会共收到代表建议152件。", "152件", 2025, kind="fact")


def test_shang_qian_is_approximate():
    check(
        "目前全省已有新能源装备制造企业上千家。",
        "上千家",
        2025,
        comparator="approx",
        value_normalized=1000.0,
        unit="count",
        kind="fact",
    )


def test_metric_before_plan_word_when_only_a_verb_follows():
    text = "今年新能源装机力争新增800万千瓦，新型储能装机达到300万千瓦左右。"
    q = check(text, "800万千瓦", 2025, kind="goal", year=2025)
    assert q.metric and q.metric.startswith("新能源装机"), q.metric


def test_post_noun_before_a_verb():
    check("该行已为全市2600多家小微企业建立了信用档案。", "2600多家", 2025, metric="小微企业")


# --------------------------------------------------------------------------- counted nouns, brackets, paragraphs


def test_noun_after_count_names_the_metric():
    check("我们和周边15家乡镇卫生院建立了帮扶关系。", "15家", 2025, metric_has="乡镇卫生院", kind="fact")
    check("今年中心将开发800个以上见习岗位。", "800个", 2025, metric_has="见习岗位", comparator="ge", kind="goal")
    check("带动周边30多户茶农增收。", "30多户", 2025, metric_has="茶农", comparator="gt")


def test_share_with_more_after_cheng():
    check("村里60岁以上的老人占了四成多。", "四成", 2025, comparator="gt", value_normalized=40.0, metric_has="老人")
    none_at("村里60岁以上的老人占了四成多。", "60岁以上")


def test_share_bracket_followed_by_a_verb_is_a_quantity():
    check("学校现有学生1500人，其中七成以上是农村学生。", "七成", 2025, comparator="ge", value_normalized=70.0)


def test_two_new_lines_is_a_quantity():
    check("公司去年新上了两条智能化生产线。", "两条", 2025, value=2.0, unit="count", kind="fact", year=2024)


def test_plan_year_covers_later_sentences_of_its_paragraph():
    text = "报告明确，今年将重点抓好六个方面工作。其中，在产业方面，力争新增规上工业企业150家。"
    check(text, "150家", 2024, kind="goal", year=2024)


def test_noun_plan_word_in_earlier_sentence_is_no_cue():
    text = "会议还审查了计划报告、预算报告等。出席会议的代表共480名，实到代表466名。"
    check(text, "480名", 2024, kind="fact")
    check(text, "466名", 2024, kind="fact")


def test_question_line_is_no_heading():
    text = "记者：今年您为什么关注基层医疗？\n\n王某：我们和周边9个村卫生室建立了帮扶关系。"
    check(text, "9个", 2024, kind="fact")


def test_listed_proposals_are_no_cue():
    check("代表委员今年共提交议案、建议和提案逾百份。", "百份", 2025, kind="fact", comparator="gt")


def test_base_of_a_share_is_not_the_metric():
    q = check("集团今年的研发投入将不低于营业收入的8%。", "8%", 2025, kind="goal", comparator="ge")
    assert q.metric == "研发投入", q.metric


_MODE_PIECES = [
    "过去一年",
    "今年主要预期目标是",
    "一、回顾",
    "二、今年工作安排",
    "2024年，",
    "增长5%",
    "。",
    "，",
    "\n",
    "\n\n",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_MODE_PIECES), max_size=30), st.integers(-1, 200), st.booleans())
def test_section_modes_up_to_a_position_are_those_of_the_whole_text(pieces, until, is_report):
    """Paragraphs after ``until`` are not read: the modes up to it are the same."""
    from flows.extract.numbers.classify import _section_modes

    text = "".join(pieces)
    whole = _section_modes(text, 2025, is_report=is_report)
    assert _section_modes(text, 2025, is_report=is_report, until=until) == [m for m in whole if m[0] <= until]


def test_folding_tables_share_no_character_so_fold_order_does_not_matter():
    # fold (numbers and subjects read the same folded text) applies the two tables in one order
    traditional, fullwidth = set(t2s_table()), set(_FULLWIDTH)
    assert not traditional & fullwidth
    assert not set(t2s_table().values()) & fullwidth and not set(_FULLWIDTH.values()) & traditional


@settings(max_examples=200)
@given(st.text(alphabet="０１２３．％～萬億兩個点年增长率發展經濟1234"))
def test_fold_is_both_folds_in_either_order(text):
    assert fold(text) == simplified(halfwidth(text)) == halfwidth(simplified(text))
