"""The word lists of the speech extractor, one place for each list.

Each list is a run of words separated by white space, read once at import. They are
kept in a Python module rather than in text files because the build's code version
(``flows.publish.versions.code_version``, the key of the extraction cache) hashes
only ``flows/**/*.py``: a list edited in a text file would leave cached rows stale.
"""

from __future__ import annotations

import re


def _words(text: str) -> tuple[str, ...]:
    """The words of ``text`` (separated by white space), in order."""
    return tuple(text.split())


def either(choices: tuple[str, ...]) -> str:
    """Regex source matching any of ``choices``, tried in their order."""
    return "|".join(map(re.escape, choices))


# --- names -----------------------------------------------------------------


# Two-character surnames (欧阳, 司马 …).
COMPOUND_SURNAMES = _words("""
欧阳 司马 诸葛 上官 东方 皇甫 尉迟 万俟 长孙 慕容 令狐 公孙 夏侯 司徒 端木 独孤 南宫 轩辕 宇文
呼延 西门 闻人 澹台 公冶 太史 申屠 钟离 宗政 濮阳 淳于 单于 赫连 百里 东郭 拓跋 司空 仲孙 亓官
羊舌 第五 梁丘 左丘 谷梁 乐正
""")

# One-character surnames (lines of characters).
SURNAMES = frozenset(
    "".join(
        _words("""
王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任
沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱丘江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴
莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童
凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦
麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明
佘池乐查麻苑迟邝官封谈匡鞠惠荆乜楚燕晋糜伏郁仝苍秋粟揭但巴滑郗储郜浦蔺邰练鄢雍湛瞿慕钮阚晁芮鄂戈谌牛
嵇奚宿帅扈訾暴盖郦琚区朴满银尉植茅钭宦阙乌岳危达邸荀井辜修弓隆况植蒯郏衡厉怀竺寿闻桓习栗赖卿门庹佴冀
郄逄鹿雒蹇禹智旷禄扬续
""")
    )
)

# Position words that end a title (…书记, …代表, …董事长), occupations printed as titles included.
TITLE_SUFFIXES = _words("""
书记 副书记 主席 副主席 代表 委员 常委 主委 院长 校长 局长 厅长 部长 处长 科长 所长 行长 社长
会长 队长 站长 组长 馆长 台长 团长 董事长 理事长 秘书长 省长 市长 县长 区长 镇长 乡长 村长 州长
旗长 主任 总经理 经理 教授 副教授 总裁 总监 研究员 院士 工程师 负责人 创始人 董事 监事 合伙人
律师 医生 医师 护士长 教师 老师 支书 主编 总编辑 博士 讲师 学者 专家 经济学家 企业家 首席 执行官
法官 检察官 检察长 大使 特派员 指导员 调研员 巡视员 村民 农民 党员 职工 工人 员工 干部 园长 署长
司长 庭长 政委 参事 顾问 主任医师 总工程师 总会计师 审计长 总经济师 监事长 网格员 技师 设计师 厂长
船长 机长 舰长 班长 委员长 议员 总理 首相 总统 发言人 代言人 社员 会员 理事 干事 助理 秘书 主管
经理人 店长 矿长 场长 校董 院长助理 青年 大学生 店主 老板 师傅 小伙 姑娘 志愿者 创业者 种植户
养殖户 主播 快递员 驾驶员 传承人 带头人 大户 农户 茶农 果农 菜农 渔民 牧民 返乡青年 试飞员 飞行员
航天员 宇航员 运动员 教练员 教练 演员 导演 作家 画家 科学家 艺术家 技术员 护士 药师 农艺师 乘务长
列车长 主治医师 规划师
""")

# Position words that describe someone rather than name an office (返乡青年, 种茶大户): they help find a name after them
# but are not published as titles.
DESCRIPTIVE_SUFFIXES = _words("""
青年 大学生 村民 农民 党员 职工 工人 员工 店主 老板 师傅 小伙 姑娘 志愿者 创业者 种植户 养殖户
主播 快递员 驾驶员 带头人 大户 农户 茶农 果农 菜农 渔民 牧民 返乡青年 社员 会员
""")

# Words that read like a name but are none (pronouns, places, bodies, common nouns).
NOT_NAMES = _words("""
他们 她们 我们 大家 记者 专家 学者 代表 委员 报告 文件 同时 此外 另外 其中 目前 对此 为此 随后
会上 当天 今天 昨天 近日 日前 首先 其次 最后 他说 她说 有人 有的 不少 很多 许多 多位 部分 群众
市民 村民 居民 网友 游客 业内 官方 方面 全市 全省 全县 全区 全国 我市 我省 我县 我区 本市 该市
该县 该区 政府 部门 单位 企业 公司 集团 总书记 主席 书记 总理 市长 县长 区长 省长 局长 院长
校长 主任 负责人 相关 有关 一位 一名 这位 那位 成都 重庆 北京 上海 天津 广州 深圳 杭州 南京
武汉 西安 长沙 郑州 济南 青岛 合肥 南昌 福州 贵阳 昆明 南宁 兰州 西宁 银川 太原 石家庄 沈阳
长春 哈尔滨 海口 拉萨 乌鲁木齐 呼和浩特 香港 澳门 台湾 江苏 浙江 广东 四川 湖南 湖北 河南 河北
山东 山西 陕西 甘肃 云南 贵州 江西 安徽 福建 辽宁 吉林 黑龙江 海南 青海 宁夏 新疆 西藏 广西
内蒙古 中央 国家 中国 全球 世界 国际 东部 西部 南部 北部 中部 东北 西北 西南 东南 华北 华东
华南 华中 文章 数据 统计 调查 研究 规划 方案 意见 通知 公告 公报 决定 纲要 会议 大会 论坛 媒体
新华社 央视 人民网 孩子 老人 学生 家长 患者 村里 乡亲 老乡 领导 嘉宾 主持人 发言 讲话 回答 提问
表示 介绍 时间 今年 去年 明年 高质量 新时代 现代化 工作 发展 建设 产业 经济 社会 文化 教育 科技
创新 改革 开放 安全 生态 环境 农业 工业
""")


# --- cues ------------------------------------------------------------------


# Reporting verbs (看来 only in the frame 在X看来).
CUE_VERBS = _words("""
告诉本报记者 告诉新华社记者 告诉记者 表示 介绍 认为 指出 强调 建议 呼吁 坦言 透露 谈到 谈及 提到
提出 形容 分享 坚信 回顾 说道 直言 补充 解释 感慨 感叹 坦承 提醒 表态 承诺 希望 期待 期盼 相信
说 称 谈道 讲到 讲述 回应 声称 宣称 坚称 辩称 戏称 笑称 预计 估计 举例 笑言 寄语 主张 提议
倡议 阐述 回忆 坦陈 讲道 答道 问道 直言不讳地说 深有感触地说 算了一笔账 打了个比方 看来
""")

# Verbs that ask others to speak (请各位委员提出意见): the people asked are no speakers.
REQUEST_VERBS = _words("""
请 邀请 希望 要求 号召
""")

# Verbs that report a person's intentions (他打算…): reported speech, not description.
INTENT_VERBS = _words("""
打算 计划 准备 希望 想要 决心 力争 期待 期盼 盼望 呼吁 建议
""")


# --- subjects --------------------------------------------------------------


# Words that open a sentence before its subject (据, 对此, 会上 …).
LEAD_INS = _words("""
据 而 但 并 对此 为此 随后 会上 当天 当日 同时 此外 另外 其中 不过 然而 因此 所以 而且 就此
会后 采访中 今年两会上 两会期间 两会上 会议期间 讨论中 发言中 谈及此 说起 谈起 提起 对于 对 针对
""")

# Adverbs and time words between a subject and its verb (张果也说, 他今天表示).
INTERPOSED_WORDS = _words("""
也 还 则 更 又 都 就 均 亦 曾 再 仍 便 即 却 同时 随后 接着 进一步 再次 多次 一再 反复
明确 特别 笑着 当即 首先 最后 此前 近日 日前 今天 昨天 当天 当日 会上 会后 也曾 一直 始终
""")

# Words before a verb that make its subject a figure, not a person (全年共…).
AMOUNT_WORDS = _words("""
全年 今年 去年 共 一共 总共 累计 先后 陆续 已 已经 这样 这么 如此
""")

# Subjects that are a group of people, not one person (专家, 网友 …).
GROUP_WORDS = _words("""
人士 人员 专家 学者 负责人 网友 市民 群众 村民 居民 记者 有人 业界 各方 外界 舆论 分析 观点
""")

# A group as the subject of narration (两人, 两位代表, 他们).
GROUP_SUBJECTS = _words("""
两人 二人 三人 两位 三位 几位 双方 他们 她们 众人 大家
""")

# Words that open a mention of someone unnamed (一位, 某位, 这位 …).
UNNAMED_WORDS = _words("""
一位 一名 一个 某位 有位 另一位 另一名 这位 那位 一些 部分 个别 各位
""")

# Sources that are no person: documents, data, meetings (报告, 数据, 会议 …).
DOCUMENT_WORDS = _words("""
报告 规划 纲要 意见 文件 公报 决定 方案 通知 数据 统计 调查 研究 会议 大会 文章 社论 评论
白皮书 报道 指南 计划 条例 办法 政策 部署 要求 精神 讲话
""")


# --- titles ----------------------------------------------------------------


# Titles printed after a name (张三代表, 李四委员), in the order they are tried.
POST_TITLES = _words("""
代表 委员 总书记 副总理 总理 副主席 主席 委员长 书记 主任 部长 省长 市长 县长 区长 教授 院士
研究员 博士 局长 厅长 院长 校长 董事长 总经理 同志 先生 女士 老师 医生 大使
""")

# Titles after a name that are courtesies, not offices.
COURTESY_TITLES = _words("""
同志 先生 女士
""")

# Titles after a bare surname in a later reference to someone (王代表, 李县长).
ALIAS_TITLES = _words("""
代表 委员 书记 主任 部长 省长 市长 县长 区长 镇长 乡长 局长 厅长 院长 校长 所长 行长 社长 会长
董事长 总经理 经理 主席 教授 院士 老师 医生 总 工 队长 站长 组长 馆长 团长 主委 理事长 秘书长
处长 科长 村长 支书
""")

# Verbs that give someone a title as a predicate (王某成了全国人大代表).
BECOME_WORDS = _words("""
成了 成为 当选 担任 出任 现任 曾任 兼任 任 是
""")

# Words that open a description rather than a title (作为一名…).
DESCRIBING_WORDS = _words("""
一名 一位 一个 一员 名 位 个
""")


# --- outlets ---------------------------------------------------------------


# Words that end an outlet's name (日报, 电视台 …).
OUTLET_WORDS = _words("""
日报 晚报 早报 时报 商报 青年报 法治报 新闻网 新闻 电视台 广播电视台 融媒体中心 通讯社 杂志 周刊
客户端 报 网
""")

# Ranks printed before 记者 (首席记者).
REPORTER_RANKS = _words("""
首席 特约 见习 全媒体
""")

# Words that end a newspaper's name in a page header.
NEWSPAPER_WORDS = _words("""
日报 晚报 早报 时报 商报 青年报 法治报 农民报
""")


# --- labels ----------------------------------------------------------------


# Interview labels of the interviewer (their questions go to the outlet).
ROLE_LABELS = _words("""
主持人 记者 本报记者 问 Q 提问 编者
""")

# Interview labels of the interviewee.
ANSWER_LABELS = _words("""
答 A
""")

# Words before a colon that label no speech (编者按:, 来源: …).
NON_LABELS = _words("""
受访者 访谈对象 对话人 主讲人 核心提示 编者按 记者手记 链接 相关链接 背景 提示 注 来源 责任编辑
编辑 校对 审核 图 摄影 制图 文 策划 统筹 执行 出品 监制 设计 图片 视频 延伸阅读 新闻链接 小贴士
数说 关键词 热词 声音 时间 地点
""")

# Words that open a guest line of an interview (访谈嘉宾:…).
GUEST_WORDS = _words("""
嘉宾 受访者 访谈对象 对话人
""")


# --- narration -------------------------------------------------------------

# Words that open a paragraph of the reporter's own (据了解, 数据显示 …): no speaker goes on.
REPORTER_OPENINGS = _words("""
据了解 据悉 据统计 据介绍 据报道 记者 本报记者 数据显示 资料显示 截至 链接 相关链接 背景 新闻链接 【 编者按
会议 大会 本次会议 另据 责任编辑
""")

# Sources a paragraph may open with (报告显示, 数据表明): the reporter relaying them.
DOCUMENT_SOURCES = _words("""
报告 规划 纲要 公报 数据 统计 调查 文件 方案 意见 资料 通报 名单 结果
""")

# What such a source does (显示, 指出, 表明 …).
SOURCE_VERBS = _words("""
显示 指出 提出 表明 称 明确 强调 要求 披露 提到 介绍 说明
""")

# Words that may open a sentence of narration about someone before 他/她 (随后,他…).
NARRATION_OPENERS = _words("""
随后 之后 此后 接着 说完 说罢 采访中 采访结束时 如今 目前 平时 近年来
""")

# Occasions on which someone speaks (列席…时, 接受采访时): interposed between subject and verb.
OCCASION_VERBS = _words("""
列席 出席 参加 接受 谈到 谈及 说到 讲到 提到 回答 审议 讨论 发言 调研 考察 做客
""")

# Verbs before a title that belong to the sentence, not to the title (…采访了, 作为, 一位是).
TITLE_LEAD_VERBS = _words("""
采访 专访 见到 找到 遇到 拜访 来到 作为 对话 邀请 成为 担任 出任 当选 是
""")

# Conjunctions before a title (…,和全国政协委员、… / 据市长某某介绍).
TITLE_LEAD_CONJUNCTIONS = _words("""
以及 据 和 与 及 同
""")
