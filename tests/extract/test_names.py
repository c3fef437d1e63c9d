"""Names, titles, organization/region and pinyin."""

from __future__ import annotations

import pytest

from flows.extract.speech.names import (
    is_person_name,
    name_pinyin,
    organization_of,
    region_of,
    split_title_prefix,
    split_titles,
)


@pytest.mark.parametrize(
    "name, py",
    [
        ("唐小平", "Tang Xiaoping"),
        ("曾文", "Zeng Wen"),
        ("解红", "Xie Hong"),
        ("单立", "Shan Li"),
        ("仇明", "Qiu Ming"),
        ("朴成", "Piao Cheng"),
        ("区伟", "Ou Wei"),
        ("查红", "Zha Hong"),
        ("尉迟恭", "Yuchi Gong"),
        ("万俟平", "Moqi Ping"),
        ("长孙明", "Zhangsun Ming"),
        ("欧阳明辉", "Ouyang Minghui"),
        ("诸葛亮", "Zhuge Liang"),
        ("买买提·艾力", "Maimaiti Aili"),
    ],
)
def test_pinyin_surname_readings(name, py):
    assert name_pinyin(name) == py


@pytest.mark.parametrize(
    "title, org, region",
    [
        ("沙坪坝区委书记", "沙坪坝区委", "沙坪坝区"),
        ("市农投集团党委书记", "市农投集团", None),
        ("丰都县政协主席", "丰都县政协", "丰都县"),
        ("重庆工商大学经济学院院长", "重庆工商大学经济学院", None),
        ("腾讯公司副总裁兼西南区总经理", "腾讯公司", None),
        ("奉节县县长", "奉节县", "奉节县"),
    ],
)
def test_organization_and_region(title, org, region):
    assert organization_of(title) == org
    assert region_of(title) == region


def test_title_prefix_split():
    assert split_title_prefix("奉节县委书记张果") == ("奉节县委书记", "张果")
    assert split_title_prefix("万盛经开区人民医院党委书记李易强") == ("万盛经开区人民医院党委书记", "李易强")


def test_split_titles_keeps_bare_post():
    assert split_titles("市政协委员、市农投集团党委书记、董事长") == ["市政协委员", "市农投集团党委书记", "董事长"]
    assert split_titles("1月13日,市人大代表") == ["市人大代表"]


@pytest.mark.parametrize(
    "word, ok",
    [
        ("何勇", True),
        ("欧阳明辉", True),
        ("司马云", True),
        ("明确", False),
        ("全年", False),
        ("沙坪坝区", False),
        ("报告", False),
        ("买买提·艾力", True),
    ],
)
def test_person_name(word, ok):
    assert is_person_name(word) is ok


def test_name_without_han_surname_needs_a_title():
    assert is_person_name("阿苏拉则", titled=True) and is_person_name("扎西顿珠", titled=True)
    assert not is_person_name("阿苏拉则") and not is_person_name("阿苏拉则木", titled=True)


def test_descriptive_titles():
    from flows.extract.speech.names import is_descriptive_title

    assert is_descriptive_title("返乡青年") and is_descriptive_title("种茶大户") and is_descriptive_title("民宿老板")
    assert not is_descriptive_title("县委书记") and not is_descriptive_title("织锦技艺传承人")


def test_a_missing_jieba_word_list_is_an_error_not_an_empty_filter(monkeypatch) -> None:
    import importlib.util

    from flows.extract.speech import names

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "jieba" else real(name, *a))
    names._common_words.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="jieba is not installed"):
            names._common_words()
    finally:
        monkeypatch.undo()
        names._common_words.cache_clear()
    assert names.is_common_word("明确") and not names.is_common_word("王明")
