"""Deterministic generator of a benchmark corpus: N documents in the style of
two-sessions coverage and government work reports, from templates and word
lists written for this project (seeded RNG: the same N and seed give the same
bytes).

    python -m benchmarks.corpus OUT_DIR --docs 1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
) + ["欧阳", "司马", "诸葛", "上官"]
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文红玉兰辉鹏云飞海燕波宁晓东雪梅林峰春琳健斌凯旭亮丹蕾颖"
)
PROVINCES = ["江南省", "云岭省", "北川省", "东海省", "西陵省", "中原省", "南岭省", "天山省"]
PLACES = [
    "青川",
    "白河",
    "临江",
    "石门",
    "清溪",
    "东湖",
    "凤山",
    "安平",
    "龙泉",
    "金沙",
    "柳城",
    "枫林",
    "南屏",
    "鹤鸣",
    "云台",
    "桃源",
]
LEVELS = ["县", "区", "市"]
OFFICES = ["委书记", "长", "政协主席", "人大常委会主任"]
BODIES = ["市农业投资集团", "省交通建设集团", "市文化旅游发展集团", "某大学经济学院", "市水务集团", "省科学院"]
ROLES = ["党委书记", "董事长", "院长", "总经理", "副院长"]
DEPUTY = ["全国人大代表", "全国政协委员", "省人大代表", "省政协委员", "市人大代表", "市政协委员"]
CUES = ["表示", "介绍", "认为", "指出", "强调", "说", "建议", "坦言", "透露", "告诉记者"]
TOPICS = ["产业升级", "乡村振兴", "科技创新", "生态保护", "城市更新", "数字经济", "对外开放", "民生保障"]
GOAL_METRICS = [
    ("地区生产总值", "增长", "%", (4.5, 8.0, 1)),
    ("规上工业增加值", "增长", "%", (5, 12, 0)),
    ("固定资产投资", "增长", "%", (3, 10, 0)),
    ("社会消费品零售总额", "增长", "%", (4, 9, 1)),
    ("城镇新增就业", "", "万人", (1, 30, 1)),
    ("新开工项目", "", "个", (20, 300, 0)),
    ("招商引资到位资金", "", "亿元", (50, 900, 0)),
    ("高新技术企业", "达到", "家", (50, 900, 0)),
    ("单位地区生产总值能耗", "降低", "%", (1, 4, 1)),
    ("城镇调查失业率", "控制在", "%", (4.5, 5.8, 1)),
]
FACT_METRICS = [
    ("地区生产总值", "亿元", (300, 9000, 1)),
    ("一般公共预算收入", "亿元", (20, 800, 1)),
    ("居民人均可支配收入", "元", (18000, 60000, 0)),
    ("粮食产量", "万吨", (50, 900, 1)),
    ("外贸进出口总额", "亿元", (10, 2000, 1)),
    ("常住人口城镇化率", "%", (40, 80, 1)),
]
QUALIFIERS = ["", "以上", "左右"]
FUTURE = ["力争", "计划", "预计", "确保", "争取"]
PAST = ["去年", "过去一年", "2023年", "五年来"]
FILLER = [
    "要坚持稳中求进工作总基调,完整准确全面贯彻新发展理念,加快构建新发展格局。",
    "将进一步优化营商环境,持续深化重点领域改革,激发各类经营主体活力。",
    "要把群众的急难愁盼作为工作重点,扎实办好教育、医疗、养老等民生实事。",
    "坚持以科技创新引领产业创新,推动传统产业改造升级,培育壮大新兴产业。",
    "统筹发展和安全,守牢不发生系统性风险的底线,推动经济实现质的有效提升。",
    "深入推进生态文明建设,打好蓝天、碧水、净土保卫战,让绿色成为发展底色。",
]


def _num(rng: random.Random, lo: float, hi: float, digits: int) -> str:
    value = round(rng.uniform(lo, hi), digits)
    return f"{value:.{digits}f}" if digits else str(int(value))


def _person(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    if rng.random() < 0.6:
        office = rng.choice(PLACES) + rng.choice(LEVELS) + rng.choice(OFFICES)
    else:
        office = rng.choice(BODIES) + rng.choice(ROLES)
    return name, f"{rng.choice(DEPUTY)}、{office}"


def _goal(rng: random.Random, year: int) -> str:
    metric, verb, unit, (lo, hi, d) = rng.choice(GOAL_METRICS)
    lead = rng.choice(FUTURE) + rng.choice(["全年", "今年", f"到{year + rng.choice((2, 3, 5))}年", ""])
    return f"{lead}{metric}{verb}{_num(rng, lo, hi, d)}{unit}{rng.choice(QUALIFIERS)}"


def _fact(rng: random.Random) -> str:
    metric, unit, (lo, hi, d) = rng.choice(FACT_METRICS)
    growth = f",同比增长{_num(rng, 1, 9, 1)}%" if rng.random() < 0.5 else ""
    return f"{rng.choice(PAST)}{metric}达到{_num(rng, lo, hi, d)}{unit}{growth}"


def news(rng: random.Random, year: int) -> str:
    place = rng.choice(PLACES)
    paras = [
        f"{place}代表委员热议{rng.choice(TOPICS)}:{rng.choice(['凝心聚力', '真抓实干', '奋勇争先'])}谱新篇",
        f"本报讯 (记者 {_person(rng)[0]})今年两会期间,代表委员围绕{rng.choice(TOPICS)}积极建言献策。",
    ]
    for _ in range(rng.randint(3, 5)):
        name, titles = _person(rng)
        cue = rng.choice(CUES)
        style = rng.random()
        if style < 0.4:
            paras.append(
                f"“{_fact(rng)}。{rng.choice(FILLER)}”{titles}{name}{cue},下一步将{_goal(rng, year)},{rng.choice(FILLER)}"
            )
        elif style < 0.7:
            paras.append(f"{titles}{name}{cue},{rng.choice(FILLER)}{_goal(rng, year)},{_goal(rng, year)}。")
            paras.append(f"他{rng.choice(['表示', '说'])},{rng.choice(FILLER)}{_fact(rng)}。")
        else:
            paras.append(f"{name}{cue}:“{rng.choice(FILLER)}我们将{_goal(rng, year)}。”")
            paras.append(f"同时,{rng.choice(FILLER)}{_goal(rng, year)}。")
    return "\n\n".join(paras)


def report(rng: random.Random, year: int) -> str:
    province = rng.choice(PROVINCES)
    review = [f"{_fact(rng)}" for _ in range(rng.randint(3, 5))]
    goals = [f"{_goal(rng, year).removeprefix('力争').removeprefix('计划')}" for _ in range(rng.randint(4, 7))]
    return "\n\n".join(
        [
            f"{province}{year}年政府工作报告(摘要)",
            f"一、{year - 1}年工作回顾",
            "过去一年," + ";".join(review) + "。" + rng.choice(FILLER),
            f"二、{year}年工作安排",
            f"{year}年经济社会发展的主要预期目标是:" + ";".join(goals) + "。",
            rng.choice(FILLER) + rng.choice(FILLER),
        ]
    )


def document(rng: random.Random, year: int) -> str:
    """About 1,500 characters: a news page or a report excerpt, padded with narration."""
    text = news(rng, year) if rng.random() < 0.7 else report(rng, year)
    while len(text) < 1400:
        text += "\n\n" + "".join(rng.choice(FILLER) for _ in range(3))
    return text + "\n"


def generate(out: Path, n: int, seed: int = 7) -> list[Path]:
    """Write N documents (and sidecars) into ``out``; return the .txt paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        year = rng.choice((2022, 2023, 2024, 2025))
        path = out / f"{i // 1000:03d}" / f"doc{i:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(document(rng, year), encoding="utf-8")
        meta = {
            "outlet": rng.choice(["示例日报", "样本晚报", "测试新闻网"]),
            "published": f"{year}-03-{rng.randint(1, 15):02d}",
            "language": "zh-Hans",
        }
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.out, args.docs, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents ({total / 1e6:.1f} MB) to {args.out}")


if __name__ == "__main__":
    main()
