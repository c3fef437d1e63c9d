"""Statements and speakers in the news formats of issue 15, on made-up texts:
interview transcripts with name-only labels (label and answer in one paragraph
or the label on its own line, full- or half-width colons, several interviewees,
Traditional characters), 代表通道 label lines with a headline, a name glued to
the cue after a closing quotation mark, cues after a comma and pronoun
paragraphs, Name:slogan cross-heads with the statements beneath them,
"X在报告中提出", and every printed title kept."""

from __future__ import annotations

import pytest

from flows.extract.speech.statements import extract_speech


def rows(text: str, **kw) -> list[tuple[str, str, str]]:
    res = extract_speech(text, **kw)
    return [(s.speaker, text[s.char_start : s.char_end], s.attribution) for s in res.statements]


def speakers(text: str, **kw) -> dict[str, tuple[str, ...]]:
    return {s.name: s.titles for s in extract_speech(text, **kw).speakers}


# --- interview transcripts ---------------------------------------------------------

TRANSCRIPT_SAME_PARAGRAPH = """把老街区的日子过得更红火——访市人大代表、青禾区区长卫明川

访谈嘉宾{c}市人大代表、青禾区区长卫明川

主持人{c}山城晚报记者 岑小溪

主持人{c}卫区长您好，去年青禾区有哪些变化？

卫明川{c}去年我们改造了老旧小区二十六个，新增停车位三千多个。

主持人{c}今年呢？

卫明川{c}今年我们力争再改造小区三十个，让更多居民住得舒心。"""


@pytest.mark.parametrize("colon", ["：", ":"])
def test_transcript_label_and_answer_in_one_paragraph(colon):
    t = TRANSCRIPT_SAME_PARAGRAPH.format(c=colon)
    out = rows(t)
    assert [o[0] for o in out] == ["山城晚报", "卫明川", "山城晚报", "卫明川"]
    assert out[1][1].startswith("卫明川" + colon + "去年") and out[1][1].endswith("三千多个。")
    assert speakers(t)["卫明川"] == ("市人大代表", "青禾区区长")
    assert speakers(t)["山城晚报"] == ()


def test_transcript_label_alone_on_its_paragraph_then_several_answer_paragraphs():
    t = """种子里的大文章

访谈嘉宾:全国人大代表、南岭农科院研究员钮秋禾

记者:您今年带来了什么建议?

钮秋禾:

我带来的建议是支持小农户用上好种子。

我们院今年计划推广新品种二十万亩。

记者:最后想说什么?

钮秋禾:

多下田,多吃苦。"""
    out = rows(t)
    assert [(o[0], o[2]) for o in out] == [
        ("记者", "explicit"),
        ("钮秋禾", "explicit"),
        ("钮秋禾", "continuation"),
        ("记者", "explicit"),
        ("钮秋禾", "explicit"),
    ]
    assert out[1][1] == "我带来的建议是支持小农户用上好种子。"


def test_transcript_label_on_its_own_line_with_the_answer_below_in_one_paragraph():
    t = "对话嘉宾：市人大代表、枫桥镇镇长聂海平\n\n记者：今年有什么打算？\n\n聂海平：\n今年全镇计划新建村道十公里。"
    out = rows(t)
    assert out[-1][0] == "聂海平" and out[-1][1].endswith("新建村道十公里。")
    assert speakers(t)["聂海平"] == ("市人大代表", "枫桥镇镇长")


def test_transcript_with_several_interviewees_on_one_guest_line():
    t = """两会面对面

访谈嘉宾：市政协委员、明川中医院院长聂闻舟；市人大代表、柳岸镇党委书记桂思琪

记者：两位怎么看基层医疗？

聂闻舟：我们医院去年向乡镇派出医生六十名。

桂思琪:镇卫生院今年要新添一台CT。

记者：还有什么打算？

聂闻舟：力争明年把远程会诊覆盖所有村卫生室。"""
    out = rows(t)
    assert [o[0] for o in out] == ["记者", "聂闻舟", "桂思琪", "记者", "聂闻舟"]
    sp = speakers(t)
    assert sp["聂闻舟"] == ("市政协委员", "明川中医院院长")
    assert sp["桂思琪"] == ("市人大代表", "柳岸镇党委书记")


def test_transcript_surname_with_title_label_resolves_to_the_guest():
    t = "访谈嘉宾：市人大代表、枫桥镇镇长聂海平\n\n记者：今年有什么打算？\n\n聂镇长：我们要办好一所乡村幼儿园。"
    assert rows(t)[-1][0] == "聂海平"
    assert set(speakers(t)) == {"记者", "聂海平"}


def test_transcript_in_traditional_characters_keeps_printed_forms():
    t = """兩會訪談｜讓老手藝走進新生活

訪談嘉賓：全國政協委員、嶺南工藝研究院院長譚書齡

主持人：濱江時報記者 駱曉晴

主持人：您最關注甚麼？

譚書齡：我最關注傳統工藝的傳承。去年我們培養學徒一百二十名。"""
    out = rows(t)
    assert [o[0] for o in out] == ["濱江時報", "譚書齡"]
    assert speakers(t)["譚書齡"] == ("全國政協委員", "嶺南工藝研究院院長")


def test_host_credited_with_a_broadcaster_asks_for_it():
    t = "访谈嘉宾：县委书记莫远航\n\n主持人：云岭广播电视台主持人 甘露露\n\n主持人：今年县里有什么变化？\n\n莫远航：新修的公路通到了每个村。"
    assert [o[0] for o in rows(t)] == ["云岭广播电视台", "莫远航"]


def test_answer_label_with_no_interviewee_belongs_to_no_one():
    t = "问：今年的重点工作是什么？\n\n答：我们要抓好三件事。"
    assert [o[0] for o in rows(t)] == ["问"]


# --- 代表通道: label line, short headline, first-person speech -------------------------

CHANNEL = """“委员通道”上的好声音

本报北京3月5日电（记者 司徒岚）5日下午，“委员通道”如约开启。

全国政协委员{sep}远山县林场场长高志远：

让荒山披上绿装

二十年前这里还是一片荒坡。现在林场的森林覆盖率已经达到八成。

今年我们还要再造林三千亩。

全国政协委员、海潮研究院研究员兼副院长甘宁:

我们正在攻关新一代海水淡化技术，预计两年内实现示范应用。"""


@pytest.mark.parametrize("sep", ["、", ",", "，"])
def test_channel_label_headline_and_speech_paragraphs(sep):
    t = CHANNEL.format(sep=sep)
    res = extract_speech(t)
    out = [(s.speaker, t[s.char_start : s.char_end], s.attribution, s.section) for s in res.statements]
    assert [(o[0], o[2]) for o in out] == [("高志远", "explicit"), ("高志远", "continuation"), ("甘宁", "explicit")]
    assert out[0][1].startswith("二十年前") and out[0][3] == "让荒山披上绿装"
    sp = speakers(t)
    assert sp["高志远"] == ("全国政协委员", "远山县林场场长")
    assert sp["甘宁"] == ("全国政协委员", "海潮研究院研究员兼副院长")


def test_channel_label_and_headline_on_lines_of_one_paragraph():
    t = "全国人大代表、远山县林场场长高志远：\n让荒山披上绿装\n二十年前这里还是一片荒坡。\n\n今年我们还要再造林三千亩。"
    out = rows(t)
    assert [(o[0], o[2]) for o in out] == [("高志远", "explicit"), ("高志远", "continuation")]
    assert out[0][1] == "二十年前这里还是一片荒坡。"


def test_channel_label_with_a_long_title_run_and_an_occupation():
    t = (
        "部长通道传递温度\n\n民政部部长、全国老龄工作委员会副主任邰佳宁：\n\n织密养老服务网\n\n今年我们将新增养老服务机构五千个。"
        "\n\n全国人大代表、云岭航空公司试飞员宫晓川：\n\n去年我们安全完成试飞任务两百架次。"
    )
    sp = speakers(t)
    assert sp["邰佳宁"] == ("民政部部长", "全国老龄工作委员会副主任")
    assert sp["宫晓川"] == ("全国人大代表", "云岭航空公司试飞员")
    assert [o[0] for o in rows(t)] == ["邰佳宁", "宫晓川"]


# --- a name glued to the cue after a closing quotation mark ---------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("“我们村的柑橘今年卖到了东北。”覃志勇说，“明年打算再扩种八百亩。”", "覃志勇"),
        ("“孩子们的午餐有了保障。”邝丽萍说。", "邝丽萍"),
        ("“孩子们的午餐有了保障。”邝丽萍告诉记者。", "邝丽萍"),
        ("“数字化改造让效率提高了三成。”省人大代表、华岭机械公司董事长冼国梁说。", "冼国梁"),
        ("「我們有信心完成全年目標。」羅志遠說。", "羅志遠"),
    ],
)
def test_name_glued_to_cue_after_closing_quote(text, name):
    out = rows(text)
    assert [o[0] for o in out] == [name]
    assert not any(n.endswith(("说", "說")) for n in speakers(text))


# --- cues after a comma, pronoun paragraphs, continuation ------------------------------


def test_cue_after_comma_and_pronoun_paragraphs():
    t = """全国政协委员、南江大学教授欧阳明月认为，基础研究需要长期投入。

欧阳明月坚信，“只要坚持下去，就一定能出成果”。

她分享了一个细节：实验室的灯常常亮到凌晨。

她形容这份工作是“板凳要坐十年冷”。"""
    out = rows(t)
    assert [(o[0], o[2]) for o in out] == [
        ("欧阳明月", "explicit"),
        ("欧阳明月", "explicit"),
        ("欧阳明月", "pronoun"),
        ("欧阳明月", "pronoun"),
    ]


def test_two_speakers_told_apart_by_he_and_she():
    t = """会场外，两位代表常在一起讨论。一位是省人大代表、青川医院院长晏志诚，另一位是省人大代表、柳岸社区党委书记闵秋月。

晏志诚说，医院今年要建社区诊室二十个。他形容自己是“跑在路上的医生”。

闵秋月则更关心社区养老。她回顾说，社区去年新办了两个托育点。

他则谈到了异地就医结算。"""
    out = rows(t)
    assert [o[0] for o in out] == ["晏志诚", "闵秋月", "晏志诚"]
    assert speakers(t)["闵秋月"] == ("省人大代表", "柳岸社区党委书记")


def test_a_second_person_by_pronoun_in_a_paragraph_and_a_verb_after_a_comma():
    t = (
        "市人大代表晏志诚说，医院要把服务延伸到社区。他形容自己是“医生”。\n\n"
        "市人大代表闵秋月介绍，社区有老人两千多名。她回顾了这些年的变化。\n\n"
        "“家庭医生要进社区。”晏志诚告诉记者。她听后连连点头，说这正是社区最需要的。"
    )
    out = rows(t)
    assert out[-1][0] == "闵秋月" and out[-1][1].startswith("她听后连连点头")


def test_reporter_description_after_a_statement_is_left_out():
    t = "市人大代表邬红霞说：“这里的孩子不比城里孩子差。”这些年，她一直为乡村教育奔走。"
    assert rows(t)[0][1].endswith("差。”")


def test_narration_paragraphs_do_not_continue_the_speaker():
    t = """县人大代表邬红霞介绍，今年学校要新建宿舍一栋。

说到这里，邬红霞翻开了笔记本。

两人的关注点看似不同，却常常想到一块儿去。

同组代表纷纷表示，要让乡村教师留得住。"""
    assert [o[0] for o in rows(t)] == ["邬红霞"]


def test_a_known_name_a_few_words_before_the_verb():
    t = "市商务局局长冉思远介绍了试点情况。\n\n冉思远随即回应说，今年先在八个社区推开。"
    assert rows(t)[-1][0] == "冉思远"


# --- cross-heads Name:slogan and later references ------------------------------------


def test_crosshead_is_a_heading_and_the_statements_beneath_are_found():
    t = """县人大代表邬红霞：让山里娃读好书

在大垭乡中心学校，邬红霞正在给孩子们上课。作为大垭乡中心学校校长，她每天最早到校。

“这里的孩子不比城里孩子差。”邬红霞说。

邬代表告诉记者，今年她准备提交关于乡村教师住房的建议。"""
    out = rows(t)
    assert [o[0] for o in out] == ["邬红霞", "邬红霞"]
    assert not any(o[1].startswith("县人大代表邬红霞") for o in out)
    assert speakers(t) == {"邬红霞": ("县人大代表", "大垭乡中心学校校长")}


def test_titles_given_as_a_predicate():
    t = "返乡创业的第六个年头，芮小禾成了全国人大代表。芮小禾坦言，乡村最缺的是人才。"
    assert speakers(t)["芮小禾"] == ("全国人大代表",)


# --- X在报告中提出, Traditional characters ---------------------------------------------


def test_speaker_in_report_in_traditional_characters():
    t = "鄺文博在報告中提出了今年的發展目標，地區生產總值增長5%左右。"
    assert rows(t) == [("鄺文博", t, "explicit")]


def test_document_as_source_is_no_statement_and_no_continuation():
    t = "市长卞佳禾在报告中指出，去年全市经济稳中向好。\n\n报告显示，去年全市新增企业一千多家。"
    assert [o[1][:4] for o in rows(t)] == ["市长卞佳"]


# --- titles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name, titles",
    [
        ("省长苗嘉禾表示，今年要新建保障性住房两万套。", "苗嘉禾", ("省长",)),
        (
            "全国人大代表，东岭市副市长兼市数据局局长郜晓峰在发言中表示，要建好算力网。",
            "郜晓峰",
            ("全国人大代表", "东岭市副市长兼市数据局局长"),
        ),
        (
            "在市人大代表、和平社区党委书记景国庆看来，社区是养老服务的最后一公里。",
            "景国庆",
            ("市人大代表", "和平社区党委书记"),
        ),
        (
            "全国政协委员、东林大学院长郑启华，和全国政协委员、华屿集团董事长韩立言，都谈到了成果转化。韩立言表示，要共建实验室。",
            "韩立言",
            ("全国政协委员", "华屿集团董事长"),
        ),
    ],
)
def test_every_printed_title_is_kept(text, name, titles):
    assert speakers(text)[name] == titles


def test_a_bare_name_after_a_quote_before_a_word_of_saying_owns_it():
    t = "“这条路我们盼了十年。”潘华说这话时眼眶有些湿润。"
    assert rows(t)[0][0] == "潘华"
    assert set(speakers(t)) == {"潘华"}


def test_a_long_titled_label_opens_the_answer_in_the_same_paragraph():
    t = "全国人大代表、某集团党委书记、董事长兼总经理蓝海平：今年我们要在新能源领域投资五十亿元。"
    assert rows(t) == [("蓝海平", t, "explicit")]
    assert speakers(t)["蓝海平"] == ("全国人大代表", "某集团党委书记", "董事长兼总经理")


def test_a_paragraph_describing_the_speaker_does_not_end_their_turn():
    t = """省人大代表、青禾区区长卫建平说，今年要把老旧小区改造作为头号民生工程。

作为一名在基层干了二十年的干部，卫建平对社区的情况了如指掌。

“今年我们要改造小区四十个，惠及居民两万户。”"""
    out = rows(t)
    assert [(o[0], o[2]) for o in out] == [("卫建平", "explicit"), ("卫建平", "continuation")]
    assert out[1][1].startswith("“今年")
    assert speakers(t)["卫建平"] == ("省人大代表", "青禾区区长")  # 一名…的干部 describes him


def test_channel_label_line_without_a_colon():
    t = """“部长通道”上的民生答卷

交通运输部部长唐明远

让出行更便捷

去年全国新增高速公路通车里程五千多公里。

今年我们计划新改建农村公路十五万公里。

民政部部长贺兰芝

今年我们将新增社区养老服务机构五千个以上。"""
    assert [(o[0], o[2]) for o in rows(t)] == [
        ("唐明远", "explicit"),
        ("唐明远", "continuation"),
        ("贺兰芝", "explicit"),
    ]


def test_a_titled_name_heading_over_third_person_narration_is_no_label():
    t = "市人大代表童丽萍\n\n童丽萍每天都在社区里走上几圈。\n\n童丽萍说，今年要加装电梯十二部。"
    assert [(o[0], o[1][:5]) for o in rows(t)] == [("童丽萍", "童丽萍说，")]


def test_questions_and_answers_with_the_interviewee_in_the_subtitle():
    t = "让小城跑出加速度——访省人大代表、澄江县县长管文华\n\n问：去年有哪些亮点？\n\n答：去年全县生产总值增长6.8%。"
    assert [o[0] for o in rows(t)] == ["问", "管文华"]


def test_bare_labels_of_guests_introduced_in_prose_even_when_common_words():
    t = "本期我们邀请到省人大代表高山和市政协委员文静。\n\n主持人：两位好。\n\n高山：今年我带来了三条建议。\n\n文静：我关注的是非遗传承。"
    assert [o[0] for o in rows(t)] == ["主持人", "高山", "文静"]


def test_a_title_given_to_a_pronoun_goes_to_the_person_named_before():
    t = "程春燕是土生土长的青山村人。2018年，她当选村党支部书记。\n\n程春燕介绍，去年全村茶叶产值达到三千多万元。"
    assert speakers(t)["程春燕"] == ("村党支部书记",)  # 土生土长的青山村人 describes her


def test_a_definite_reference_by_title_is_the_person_in_view():
    t = "全国人大代表、青山村党支部书记危春燕带来了一份建议。\n\n这位80后代表说，村里的年轻人越来越多了。"
    assert [o[0] for o in rows(t)] == ["危春燕"]


def test_a_label_with_titles_in_brackets_after_the_name():
    t = "记者：今年有什么打算？\n\n郜建平（省人大代表、澄江县县长）：今年我们力争增长7%。"
    assert [o[0] for o in rows(t)] == ["记者", "郜建平"]
    assert speakers(t)["郜建平"] == ("省人大代表", "澄江县县长")
