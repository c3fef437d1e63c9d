"""Statement and speaker extraction: short cases written for the rules in
GUIDELINES.md, plus the seed document against its gold speakers."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from flows.extract.speech.statements import extract_speech
from flows.extract.text.clean import clean_text

GOLD = ROOT.parent / "shared" / "eval" / "gold" / "000_80d172837ed42694.json"
SEED = ROOT / "seeds" / "000_80d172837ed42694.txt"


def rows(text: str) -> list[tuple[str, str, str]]:
    """(speaker, span text, attribution) for every statement."""
    res = extract_speech(text)
    names = {s.name for s in res.speakers}
    for st in res.statements:
        assert st.speaker in names
        assert 0 <= st.char_start < st.char_end <= len(text)
    for sp in res.speakers:
        assert any(st.speaker == sp.name for st in res.statements)
    return [(s.speaker, text[s.char_start : s.char_end], s.attribution) for s in res.statements]


def speaker(text: str, name: str):
    return next(s for s in extract_speech(text).speakers if s.name == name)


# --- reporting frames -------------------------------------------------------


def test_frame_then_quote_with_comma():
    t = "李明表示,“我们将加快建设新型基础设施,让群众办事更方便。”"
    assert rows(t) == [("李明", t, "explicit")]


def test_frame_colon_quote():
    t = "王建国说:“今年要新增就业岗位一万个。”"
    assert rows(t) == [("王建国", t, "explicit")]


def test_quote_then_trailing_frame():
    t = "“乡村振兴离不开人才,我们会把年轻人留下来。”黄丽萍说。"
    ((who, span, how),) = rows(t)
    assert who == "黄丽萍" and span.startswith("“乡村振兴") and "留下来。”" in span and how == "explicit"


def test_indirect_speech_without_quotes():
    t = "陈静指出,应当加大对中小企业的信贷支持,降低融资成本。"
    assert rows(t) == [("陈静", t, "explicit")]


def test_colon_after_renwei():
    t = "赵强认为:城市更新要坚持以人为本,不能大拆大建。"
    assert rows(t) == [("赵强", t, "explicit")]


def test_quote_split_around_frame():
    t = "“交通是发展的先行官,”郑海波说,“今年我们要打通三条断头路。”"
    assert rows(t) == [("郑海波", t, "explicit")]


def test_frame_after_reported_clause():
    t = "今年要把更多资金投向农村公路建设,刘洋强调。"
    assert rows(t) == [("刘洋", t, "explicit")]


def test_quote_then_frame_then_indirect_rest():
    t = "“去年我们新建了三所学校。”孙红梅介绍,今年还将新建两所幼儿园,并改造一批老旧校舍。"
    ((who, span, how),) = rows(t)
    assert who == "孙红梅" and span == t


@pytest.mark.parametrize(
    "cue", ["坦言", "透露", "回顾", "形容", "分享", "坚信", "呼吁", "建议", "谈到", "强调", "提出"]
)
def test_open_cue_vocabulary(cue):
    t = f"马晓军{cue},绿色转型是这座老工业城市必须走好的一步棋。"
    res = extract_speech(t)
    assert [s.speaker for s in res.statements] == ["马晓军"]
    assert res.statements[0].cue == cue


def test_tell_reporter_cue():
    t = "孙立告诉记者,合作社今年的蔬菜销量比去年翻了一番。"
    res = extract_speech(t)
    assert res.statements[0].speaker == "孙立" and res.statements[0].cue == "告诉记者"


# --- names -------------------------------------------------------------------


def test_compound_surname_three_chars():
    t = "欧阳明辉表示,要加快培育新能源汽车零部件企业。"
    assert rows(t)[0][0] == "欧阳明辉"
    assert speaker(t, "欧阳明辉").name_pinyin == "Ouyang Minghui"


def test_compound_surname_short():
    t = "司马云认为,文旅融合能带动山区群众增收。"
    assert rows(t)[0][0] == "司马云"


def test_middle_dot_name():
    t = "买买提·艾力说,村里的葡萄今年卖到了全国各地。"
    assert rows(t)[0][0] == "买买提·艾力"


def test_title_glued_to_name():
    t = "万州区区长李华介绍,全区将新建五个产业园区。"
    ((who, span, _),) = rows(t)
    assert who == "李华" and span == t
    sp = speaker(t, "李华")
    assert sp.titles == ("万州区区长",) and sp.region == "万州区"


def test_name_followed_by_daibiao():
    t = "蓝庆华代表表示,基层医疗卫生服务还需要更多投入。"
    assert rows(t)[0][0] == "蓝庆华"
    assert speaker(t, "蓝庆华").titles == ("代表",)


def test_several_titles_before_name():
    t = "全国人大代表、江城集团党委书记、董事长李易强表示,企业将把研发投入提高到营收的百分之五。"
    assert rows(t)[0][0] == "李易强"
    sp = speaker(t, "李易强")
    assert sp.titles == ("全国人大代表", "江城集团党委书记", "董事长")
    assert sp.organization == "江城集团" and sp.region is None


def test_titles_gathered_across_document_once_each():
    t = (
        "省人大代表、临江县委书记周晓东表示,县里将新建一座污水处理厂。\n\n"
        "周晓东说,明年还要整治三条黑臭水体。\n\n"
        "省人大代表、临江县委书记周晓东还介绍了全县的招商情况。"
    )
    sp = speaker(t, "周晓东")
    assert sp.titles == ("省人大代表", "临江县委书记")
    assert sp.organization == "临江县委" and sp.region == "临江县"
    assert [r[0] for r in rows(t)].count("周晓东") >= 2


def test_one_speaker_per_person():
    t = "吴涛表示,项目年内开工。\n\n吴涛说,资金已经到位。"
    res = extract_speech(t)
    assert [s.name for s in res.speakers] == ["吴涛"] and len(res.statements) == 2


def test_adverb_between_name_and_cue():
    t = "王芳也表示,社区养老服务要做到家门口。"
    assert rows(t)[0][0] == "王芳"


def test_interview_phrase_between_name_and_cue():
    t = "赵敏在接受本报记者采访时表示,今年将重点发展冷链物流。"
    assert rows(t) == [("赵敏", t, "explicit")]


def test_according_to_name():
    t = "据罗志勇介绍,新城区已经引进企业四十多家。"
    assert rows(t) == [("罗志勇", t, "explicit")]


def test_person_in_report_is_statement():
    t = "程建平在报告中说,过去一年全省经济运行总体平稳。"
    assert rows(t)[0][0] == "程建平"


def test_no_person_no_statement_for_place_subject():
    t = "南川将建立高水平企业研究开发中心,突破关键技术。"
    assert rows(t) == []


def test_laishuo_is_not_a_frame():
    t = "就梁山来说,今年的重点是发展文旅产业。"
    assert rows(t) == []


# --- pronouns, groups, documents ----------------------------------------------


def test_pronoun_refers_to_last_named_speaker():
    t = "袁立新表示,要把好事办好。\n\n他表示,明年将再建两座桥。"
    assert rows(t) == [
        ("袁立新", "袁立新表示,要把好事办好。", "explicit"),
        ("袁立新", "他表示,明年将再建两座桥。", "pronoun"),
    ]


def test_female_pronoun_after_interposed_phrase():
    t = "钟雪说,学校要减负。她在接受采访时还说,课后服务要免费。\n\n她说,家长的满意度明显提高。"
    out = rows(t)
    assert out[0] == ("钟雪", "钟雪说,学校要减负。她在接受采访时还说,课后服务要免费。", "explicit")
    assert out[1] == ("钟雪", "她说,家长的满意度明显提高。", "pronoun")


def test_unnamed_group_is_not_a_statement():
    t = "他们表示,今年的收成比去年好。\n\n与会代表纷纷认为,报告实事求是。"
    assert rows(t) == []


def test_document_is_not_a_speaker():
    t = "政府工作报告提出,今年经济增长预期目标为5%左右。\n\n报告指出,要着力扩大国内需求。"
    assert rows(t) == []


def test_quoted_report_inside_person_frame():
    t = "“报告明确,要稳住农业基本盘。”田野介绍,全县将新建高标准农田十万亩。"
    assert rows(t) == [("田野", t, "explicit")]


def test_pronoun_without_antecedent_is_dropped():
    t = "他表示,工作还要继续。"
    assert rows(t) == []


# --- datelines, credits, narration ----------------------------------------------


def test_dateline_excluded_from_span():
    t = "本报讯 (记者 方圆)“我们要让老街重新热闹起来。”市人大代表、渝中区委书记何平说。"
    ((who, span, _),) = rows(t)
    assert who == "何平" and span.startswith("“我们要") and "本报讯" not in span
    assert speaker(t, "何平").titles == ("市人大代表", "渝中区委书记")


def test_wire_dateline_excluded():
    t = "新华社北京3月5日电 (记者 韩冰 李想)邓文华表示,科技自立自强是国家发展的战略支撑。"
    ((who, span, _),) = rows(t)
    assert who == "邓文华" and span.startswith("邓文华表示")


def test_photo_credits_are_not_statements_or_speakers():
    t = "邵阳 (受访者供图) 记者 齐林 摄\n\n邵阳认为,县域经济要靠特色产业。"
    res = extract_speech(t)
    assert [s.name for s in res.speakers] == ["邵阳"] and len(res.statements) == 1


def test_reporter_question_before_frame_left_out():
    t = "怎样让农产品卖上好价钱? 谭明远认为,关键是打响品牌。"
    ((who, span, _),) = rows(t)
    assert span == "谭明远认为,关键是打响品牌。"


def test_reporter_narration_before_frame_left_out():
    t = "城南片区是老工业基地。今年两会上,市政协委员邹平提出了加快城南更新的建议。"
    ((who, span, _),) = rows(t)
    assert who == "邹平" and span.startswith("今年两会上") and "老工业基地" not in span


def test_two_speakers_in_one_paragraph():
    t = "许亮说,项目进展顺利。任丽则认为,还要加快审批。"
    assert rows(t) == [("许亮", "许亮说,项目进展顺利。", "explicit"), ("任丽", "任丽则认为,还要加快审批。", "explicit")]


# --- continuation ------------------------------------------------------------


def test_continuation_paragraphs():
    t = (
        "熊伟介绍,全区将从三个方面发力。\n\n"
        "首先,加快建设产业园区,引进龙头企业。\n\n"
        "其次,完善交通网络,打通断头路。\n\n"
        "据了解,该区去年地区生产总值增长6%。"
    )
    out = rows(t)
    assert [o[2] for o in out] == ["explicit", "continuation", "continuation"]
    assert out[1] == ("熊伟", "首先,加快建设产业园区,引进龙头企业。", "continuation")


def test_quote_only_paragraph_continues():
    t = "杜鹃表示,夜间经济潜力很大。\n\n“我们要把步行街办成城市名片。”"
    assert rows(t)[1] == ("杜鹃", "“我们要把步行街办成城市名片。”", "continuation")


def test_third_person_description_does_not_continue():
    t = "苗青说,社区医院要有好医生。\n\n她长期关注基层医疗,去年提交了三份建议。"
    assert len(rows(t)) == 1


def test_heading_breaks_continuation_and_sets_section():
    t = "打造开放高地\n\n贺军表示,要扩大对外开放。\n\n优化营商环境\n\n同时,要加强政务服务,企业开办一天办结。"
    res = extract_speech(t)
    assert len(res.statements) == 1 and res.statements[0].section == "打造开放高地"


# --- interviews ----------------------------------------------------------------


def test_outlet_question_label():
    t = "主持人:\n江城日报记者 林一\n\n江城日报:明年的工作重点是什么?\n\n柯文:我们会把精力放在招商引资上。"
    out = rows(t)
    assert out[0][0] == "江城日报" and out[0][1].startswith("江城日报:")
    assert out[1] == ("柯文", "柯文:我们会把精力放在招商引资上。", "explicit")
    assert speaker(t, "江城日报").kind == "outlet"


def test_role_label_goes_to_credited_outlet():
    t = "人民日报记者 卢敏\n\n记者:今年有哪些新打算?\n\n刘长河:我们打算建一座新的物流园。"
    out = rows(t)
    assert out[0][0] == "人民日报" and out[1][0] == "刘长河"


def test_role_label_without_credits_keeps_label():
    t = "主持人:如何看待今年的增长目标?\n\n韦东:目标积极稳妥,经过努力可以实现。"
    assert [o[0] for o in rows(t)] == ["主持人", "韦东"]


def test_label_on_own_paragraph():
    t = "黎晓峰:\n\n我们这几年一直在做数字化改造。\n\n接下来还要培养更多技术工人。\n\n主持人:\n\n谢谢您。"
    out = rows(t)
    assert out[0] == ("黎晓峰", "我们这几年一直在做数字化改造。", "explicit")
    assert out[1] == ("黎晓峰", "接下来还要培养更多技术工人。", "continuation")
    assert out[2][0] == "主持人"


def test_name_slogan_crosshead_is_heading():
    t = "市人大代表王春燕:脚步丈量社区\n\n本报讯 (记者 蒋琳)“社区是服务群众的最后一公里。”王春燕说。"
    res = extract_speech(t)
    assert len(res.statements) == 1
    assert res.statements[0].section == "市人大代表王春燕:脚步丈量社区"
    assert res.speakers[0].titles == ("市人大代表",)


# --- several articles on a page ---------------------------------------------------


def test_speaker_does_not_carry_into_next_article():
    t = (
        "加快发展县域经济\n\n本报讯 (记者 龚雪)黄立海表示,县域经济大有可为。\n\n"
        "推进城乡融合\n\n本报讯 (记者 龚雪)城乡融合取得新进展。\n\n他表示,今年还将继续推进。"
    )
    out = rows(t)
    assert out == [("黄立海", "黄立海表示,县域经济大有可为。", "explicit")]


# --- scripts and punctuation ---------------------------------------------------------


def test_traditional_characters_keep_offsets():
    t = "「我們要把產業做大做強。」張國華說。"
    ((who, span, _),) = rows(t)
    assert who == "張國華" and span.startswith("「我們") and "做強。」" in span


def test_full_width_punctuation():
    t = "郭志强表示，“要加快建设新型电力系统。”"
    assert rows(t) == [("郭志强", t, "explicit")]


def test_straight_quotes():
    t = '"我们会坚持绿色发展。"潘越说,"也会保护好长江。"'
    assert rows(t) == [("潘越", t, "explicit")]


def test_corner_brackets():
    t = "『这是一份沉甸甸的责任。』雷鸣坦言。"
    assert rows(t)[0][0] == "雷鸣"


# --- the seed ---------------------------------------------------------------------------


def test_seed_speakers_match_gold():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    text = clean_text(SEED.read_bytes().decode("utf-8-sig"))
    res = extract_speech(text)
    got = {s.name: s for s in res.speakers}
    assert set(got) == {g["name"] for g in gold["speakers"]}
    for g in gold["speakers"]:
        assert list(got[g["name"]].titles) == g["titles"]
        if g.get("organization"):
            assert got[g["name"]].organization == g["organization"]
        assert got[g["name"]].region == g.get("region")
    assert got["重庆日报"].kind == "outlet"
    assert got["唐小平"].name_pinyin == "Tang Xiaoping"


# --- added behaviours ----------------------------------------------------------------------


def test_quotation_running_over_paragraphs():
    t = "“今年要办好两件事。\n\n“第一,建好科学城。\n\n第二,培育专精特新企业。”区委书记朱海说。"
    out = rows(t)
    assert [o[0] for o in out] == ["朱海"] * 3
    assert out[2][1].startswith("第二") and [o[2] for o in out] == ["continuation", "continuation", "explicit"]


def test_trailing_third_person_narration_left_out():
    t = "谈及打算,庞博表示:“要让科技成果就地转化。”随后,他带领记者参观了园区。"
    assert rows(t) == [("庞博", "谈及打算,庞博表示:“要让科技成果就地转化。”", "explicit")]


def test_colon_frame_without_verb():
    t = "说起未来,返乡青年刘小燕信心满满:“我们打算建一个深加工厂。”"
    assert rows(t) == [("刘小燕", t, "explicit")]


def test_name_before_title():
    t = "黎建国教授认为,基础研究需要长期稳定的投入。"
    assert rows(t)[0][0] == "黎建国"
    assert speaker(t, "黎建国").titles == ("教授",)


def test_appositive_titles_after_name():
    t = "谷雨,市人大代表、清河镇党委书记,长期关注山区教育。\n\n谷雨说,要让山里娃在家门口上好学。"
    assert speaker(t, "谷雨").titles == ("市人大代表", "清河镇党委书记")


def test_common_word_is_not_a_name():
    t = "会议要求,各地要抓好落实。\n\n明确提出,要坚持稳中求进。\n\n全年预计新增就业一千万人。"
    assert rows(t) == []


def test_frame_with_colon_is_prose_not_label():
    t = "市政协委员、理工大学教授葛文认为:人工智能将重塑制造业。"
    res = extract_speech(t)
    assert res.statements[0].cue == "认为" and res.statements[0].speaker == "葛文"


def test_pronoun_resolves_to_person_just_introduced():
    t = "在代表团驻地,记者见到了全国人大代表、县医院院长费立。她表示,基层医生缺口仍然很大。"
    out = rows(t)
    assert out == [("费立", "她表示,基层医生缺口仍然很大。", "pronoun")]
    assert speaker(t, "费立").titles == ("全国人大代表", "县医院院长")


def test_parenthetical_between_name_and_verb():
    t = "严冬(化名)说,去年家里的果园收入翻了一番。"
    assert rows(t)[0][0] == "严冬"
