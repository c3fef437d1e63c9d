"""Statement/speaker cases that generalise beyond the seed: joint subjects,
names without a Han surname or that are common words, frames such as 在X看来,
page layouts with several articles, transcripts with 问/答 and 本报 credits."""

from __future__ import annotations

from flows.extract.speech.layout import house_outlet
from flows.extract.speech.statements import extract_speech
from flows.extract.speech.subjects import titled_mentions
from flows.extract.speech.text import normalize


def rows(text: str, **kw) -> list[tuple[str, str, str]]:
    res = extract_speech(text, **kw)
    return [(s.speaker, text[s.char_start : s.char_end], s.attribution) for s in res.statements]


def speaker(text: str, name: str, **kw):
    return next(s for s in extract_speech(text, **kw).speakers if s.name == name)


# --- joint subjects -------------------------------------------------------------


def test_joint_subject_with_comma_shares_title():
    t = "就业是民生之本。省人大代表龙春梅、蒋国栋表示,要把稳就业摆在突出位置。"
    out = rows(t)
    assert [o[0] for o in out] == ["龙春梅", "蒋国栋"] and out[0][1] == out[1][1]
    assert speaker(t, "蒋国栋").titles == ("省人大代表",)


def test_joint_subject_with_he():
    t = "韩雪和宋涛都认为,稳就业要在稳和扩上同时用力。"
    assert [o[0] for o in rows(t)] == ["韩雪", "宋涛"]


def test_title_list_is_not_a_joint_subject():
    t = "市人大代表、沙坪坝区委书记唐小平表示,要抓好招商引资。"
    assert [o[0] for o in rows(t)] == ["唐小平"]


# --- names ------------------------------------------------------------------------


def test_four_character_name_without_surname_after_title():
    t = "省人大代表、民族中学校长阿苏拉则说,留住好老师是难题。\n\n阿苏拉则介绍,学校现有学生一千多人。"
    assert [o[0] for o in rows(t)] == ["阿苏拉则", "阿苏拉则"]


def test_common_word_name_right_after_quote():
    t = "“今年春茶开采早,价格也好。”高山说,去年茶叶销售额突破了三百万元。"
    assert rows(t)[0][0] == "高山"


def test_common_word_name_after_title_is_known_later():
    t = "全国政协委员、织锦技艺传承人文静说:“订单多得做不完。”\n\n文静介绍,合作社有绣娘两百多名。"
    assert [o[0] for o in rows(t)] == ["文静", "文静"]
    assert speaker(t, "文静").titles == ("全国政协委员", "织锦技艺传承人")


def test_descriptive_words_are_not_titles():
    t = "民宿老板黎晓燕说,回乡开民宿一年的收入比在外面还多。"
    assert rows(t)[0][0] == "黎晓燕" and speaker(t, "黎晓燕").titles == ()


def test_title_after_description_with_de():
    t = "在医院工作多年的护士长伍丽娟告诉记者,院长每周都出门诊。"
    assert speaker(t, "伍丽娟").titles == ("护士长",)


def test_titled_mentions_before_particle():
    assert titled_mentions("全国人大代表、互助会理事长梁嘉欣则关注民生") == [(13, "梁嘉欣")]


# --- frames -------------------------------------------------------------------------


def test_kanlai_frame():
    t = "在全国政协委员、材料研究院研究员司马晓岚看来,发展不能一哄而上。“要先立后破。”她说。"
    assert rows(t) == [("司马晓岚", t, "explicit")]
    assert speaker(t, "司马晓岚").titles == ("全国政协委员", "材料研究院研究员")


def test_kanlai_without_zai_is_no_frame():
    assert rows("这样看来,今年的目标可以实现。") == []


def test_interposed_time_clause():
    t = "市政协委员、大学经济学院院长费思远列席会议时认为,报告抓住了关键。"
    assert rows(t)[0][0] == "费思远"


def test_titled_name_then_short_phrase_then_say():
    t = "同组的市人大代表、农业农村局局长唐雨桐接过话题说,全市粮食产量创新高。"
    assert rows(t)[0][0] == "唐雨桐"


def test_unnamed_person_is_not_a_continuation():
    t = "李强表示,要培育好种子。\n\n采访中,一位种粮大户向记者感叹,好种子让小麦增产不少。"
    assert [o[0] for o in rows(t)] == ["李强"]


def test_quote_owned_by_person_named_next_without_verb():
    t = (
        "省政协委员扎西顿珠:守护草原\n\n"
        "“草原是牧民的命根子。”说起草原生态,省政协委员、农牧局副局长扎西顿珠打开了话匣子。"
    )
    ((who, span, how),) = rows(t)
    assert who == "扎西顿珠" and span.startswith("“草原") and how == "explicit"


def test_pronoun_after_reporter_introduction_in_same_paragraph():
    t = "上官慧敏认为,香港大有可为。\n\n全国人大代表、互助会理事长梁嘉欣则关注民生。她表示,要提供更多优质服务。"
    assert [o[0] for o in rows(t)] == ["上官慧敏", "梁嘉欣"]


def test_pronoun_after_merged_frames_keeps_latest_person():
    t = (
        "陈卓贤说,青年要到大湾区闯一闯。\n\n"
        "委员司徒嘉敏关注专业服务。她说:“要陪伴企业走出去。”司徒嘉敏建议,扩大资格互认。\n\n"
        "她还透露,今年计划再举办十场培训。"
    )
    assert [o[0] for o in rows(t)] == ["陈卓贤", "司徒嘉敏", "司徒嘉敏"]


def test_meeting_closing_is_not_a_continuation():
    t = "卢晓敏表示,社区将新开家庭医生工作室。\n\n会议还审查了财政预算报告等。"
    assert len(rows(t)) == 1


# --- pages and transcripts ---------------------------------------------------------------


def test_headline_with_subtitle_starts_new_article():
    t = (
        "蒋国栋说,技能人才缺口大。\n\n"
        "老茶园走出致富新路\n——记种茶大户高山\n\n"
        "初春时节,茶园一片翠绿。\n\n"
        "他告诉记者,合作社准备建一条深加工生产线。"
    )
    out = rows(t)
    assert [o[0] for o in out] == ["蒋国栋", "高山"]
    assert extract_speech(t).statements[1].section.startswith("老茶园")


def test_answer_goes_to_person_introduced_in_article():
    t = (
        "李强说,茶叶卖得好。\n\n快问快答\n\n本报记者 符晓丹\n\n"
        "省人大代表、龙门村党支部书记罗英在村里干了十六年。\n\n"
        "问:您今年最关心什么?\n\n答:我最关心农村养老。"
    )
    out = rows(t, outlet="巴蜀日报")
    assert [o[0] for o in out] == ["李强", "巴蜀日报", "罗英"]


def test_answer_goes_to_interviewee_of_subtitle():
    t = (
        "让中医药守护健康\n——专访全国人大代表、中医院院长端木清和\n\n本报记者 邝嘉欣\n\n"
        "护士长伍丽娟告诉记者,院长每周都出门诊。\n\n问:您为什么关注基层?\n\n答:短板在基层。"
    )
    assert [o[0] for o in rows(t)][-1] == "端木清和"


def test_house_credits_use_outlet_parameter():
    t = "本报记者 林默\n\n记者:今年您带来了哪些建议?\n\n韦东:我关注基层医疗。"
    assert [o[0] for o in rows(t)] == ["记者", "韦东"]
    assert [o[0] for o in rows(t, outlet="珠江商报")] == ["珠江商报", "韦东"]
    assert speaker(t, "珠江商报", outlet="珠江商报").kind == "outlet"


def test_outlet_parameter_ignored_without_house_credits():
    t = "主持人:如何看待今年的增长目标?\n\n韦东:目标积极稳妥。"
    assert [o[0] for o in rows(t, outlet="江城日报")] == ["主持人", "韦东"]


def test_house_outlet_from_page_header():
    t = "巴蜀日报 2024年1月25日 第4版\n\n本报记者 符晓丹"
    assert house_outlet(normalize(t), t) == "巴蜀日报"
    assert house_outlet(normalize("记者 符晓丹"), "记者 符晓丹", "巴蜀日报") is None


# --- the fast paths give the plain readings ---------------------------------


def _reference_quote_spans(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """quote_spans as a character-by-character scan."""
    spans, depth, open_at = [], 0, -1
    for i in range(start, end):
        if norm[i] == "“":
            open_at = i if depth == 0 else open_at
            depth += 1
        elif norm[i] == "”" and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((open_at, i + 1))
    if depth > 0:
        spans.append((open_at, end))
    return spans


def test_quote_geometry_matches_plain_scan():
    import random

    from flows.extract.speech.text import orphan_close, quote_spans

    rng = random.Random(11)
    for _ in range(2000):
        norm = "".join(rng.choice("“”ab,。") for _ in range(rng.randint(0, 30)))
        start = rng.randint(0, len(norm))
        end = rng.randint(start, len(norm))
        assert quote_spans(norm, start, end) == _reference_quote_spans(norm, start, end)
        depth, orphan = 0, None
        for i in range(start, end):
            if norm[i] == "“":
                depth += 1
            elif norm[i] == "”":
                if depth == 0:
                    orphan = i
                    break
                depth -= 1
        assert orphan_close(norm, start, end) == orphan


def test_outlet_credit_matches_full_search():
    import random

    from flows.extract.speech.layout import OUTLET_IN_CREDITS, find_outlet_at

    pieces = [
        "日报",
        "新闻网",
        "广播电视台",
        "融媒体中心",
        "报",
        "社",
        "全媒体",
        "首席",
        "记者",
        "本报",
        "重",
        "庆",
        " ",
        ",",
    ]
    rng = random.Random(7)
    for _ in range(3000):
        norm = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        m = OUTLET_IN_CREDITS.search(norm)
        found = find_outlet_at(norm)
        assert (found[0] if found else None) == (m.group(1) if m and not m.group(1).startswith("本") else None)


def test_roster_line_needs_space_before_name():
    from flows.extract.speech.layout import is_roster_line

    assert is_roster_line("市人大代表、沙坪坝区委书记 唐小平") == ("市人大代表、沙坪坝区委书记", "唐小平")
    assert is_roster_line("市人大代表\n唐小平") == ("市人大代表", "唐小平")
    assert is_roster_line("市人大代表唐小平") is None
