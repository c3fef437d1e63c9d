"""Number parsing for Chinese text: Arabic (with thousands separators and
decimals), full-width digits, and Chinese numerals (一千二百, 两千, 二〇三五,
三点五).

Everything here is pure and length-preserving where text is rewritten, so
offsets found in the rewritten text are offsets into the original.
"""
from __future__ import annotations

import re

# One character in, one character out: offsets survive the translation.
_FULLWIDTH = {ord(c): ord(h) for c, h in zip("０１２３４５６７８９．％＋－～／：", "0123456789.%+-~/:")}
_FULLWIDTH[ord("∶")] = ord(":")
_FULLWIDTH[ord("\u00a0")] = ord(" ")

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_BIG: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_BIG)


# Traditional characters common around figures, one for one to their simplified
# form, so that cues, units and magnitudes (萬, 億, 個, 將, 達到 …) read the same
# in a 繁體 paragraph. Offsets survive: every pair is one character for one.
_TRAD_PAIRS = (
    "個个 萬万 億亿 兩两 項项 們们 計计 劃划 組组 織织 過过 來来 總总 資资 達达 實实 現现 將将 進进"
    " 經经 濟济 產产 業业 區区 縣县 鄉乡 鎮镇 農农 糧粮 務务 為为 與与 從从 開开 發发 會会 這这 對对"
    " 時时 間间 長长 門门 關关 廠厂 廣广 車车 輛辆 線线 網网 電电 數数 據据 學学 醫医 療疗 衛卫 環环"
    " 節节 約约 規规 標标 準准 設设 備备 應应 質质 價价 漲涨 較较 減减 點点 華华 貿贸 輸输 運运 營营"
    " 額额 團团 隊队 議议 協协 創创 國国 際际 葉叶 結结 覺觉 響响 導导 層层 歲岁 險险 養养 緊紧 護护"
    " 銷销 積积 極极 擴扩 續续 預预 畫画 爭争 確确 後后 處处 專专 條条 張张 臺台 樓楼 棟栋 戶户 頭头"
    " 輪轮 場场 館馆 園园 橋桥 樑梁 鐵铁 號号 飛飞 機机 錢钱 銀银 貸贷 稅税 費费 財财 債债 幣币 佔占"
    " 噸吨 畝亩 頃顷 裏里 級级 屆届 歷历 紀纪 錄录 連连 獲获 評评 佈布 餘余 於于 僅仅 縮缩 壓压 億亿"
    " 億亿 歸归 屬属 轉转 換换 雙双 興兴 傳传 統统 動动 勞劳 幫帮 貧贫 災灾 難难 熱热 邊边 遠远 價价"
    " 記记 者者 說说 談谈 認认 強强 調调 問问 題题 請请 讓让 給给 還还 沒没 已已 經经 並并 將将 爭争"
    " 這这 裡里 裏里 麼么 甚甚 樣样 種种 類类 測测 驗验 試试 創创 辦办 務务 員员 職职 聯联 繫系 係系"
    " 親亲 鄰邻 區区 縣县 鎮镇 鄉乡 莊庄 盧卢 陳陈 劉刘 鄧邓 楊杨 趙赵 黃黄 吳吴 孫孙 馬马 許许 蘇苏"
    " 萬万 漁渔 魚鱼 雞鸡 豬猪 牛牛 羅罗 綠绿 藍蓝 紅红 黑黑 書书 報报 紙纸 檔档 歐欧 澳澳 門门 臺台"
    " 灣湾 愛爱 讀读 寫写 聽听 見见 觀观 視视 覽览 藝艺 術术 體体 質质 優优 勢势 氣气 溫温 濕湿 潔洁"
    " 淨净 廢废 棄弃 燒烧 電电 礦矿 鋼钢 鐘钟 錶表 貨货 櫃柜 閘闸 灘滩 壩坝 溝沟 渠渠 顆颗 隻只 筆笔"
    " 單单 雙双 總总 計计 餘余 約约 達达 逾逾 增增 億亿 兆兆 屆届 屆届 億亿 績绩 效效 益益 盈盈 虧亏"
    " 廳厅 黨党 軍军 區区 陽阳 陰阴 鄭郑 閩闽 贛赣 蘭兰 滬沪 韓韩 羅罗 龍龙 鳳凤 鶴鹤 廈厦 門门 莞莞"
    " 舉举 辦办 訓训 練练 習习 踐践 歡欢 參参 賽赛 獎奖 勵励 獻献 薦荐 選选 擇择 舊旧 啟启 勝胜 敗败 錯错"
    " 誤误 識识 證证 權权 斷断 繼继 擔担 負负 責责 義义 遺遗 態态 戰战 構构 築筑 顯显 絡络 製制 値值"
    " 儲储 賣卖 買买 賬账 遞递 郵邮 話话 範范 審审 監监 檢检 鑒鉴 統统 訊讯 聞闻 論论 講讲 語语 詞词 樂乐"
    " 劇剧 島岛 嶼屿 陸陆 汙污 藥药 兒儿 師师 飲饮 穩稳 躍跃 遷迁 齊齐 鏈链 閉闭 頁页 階阶 內内 僑侨 擁拥"
    " 擬拟 補补 貼贴 稱称 採采 訪访 決决 釐厘 隻只 億亿 戶户 錄录 滿满 豐丰 嚴严 雖虽 隨随 麗丽 鮮鲜 輕轻"
    " 適适 禮礼 讚赞 闊阔 廠厂 慶庆 憑凭 懷怀 戀恋 揮挥 損损 換换 據据 擴扩 攜携 敵敌 殘残 殺杀 氣气 滅灭"
    " 燈灯 爾尔 獨独 獲获 現现 瑪玛 畢毕 盡尽 確确 禦御 種种 穀谷 窮穷 範范 簡简 糧粮 紀纪 約约 紅红 純纯"
    " 細细 終终 絕绝 給给 維维 綜综 緊紧 線线 縣县 總总 績绩 繳缴 罰罚 聖圣 聲声 職职 肅肃 脫脱 腦脑 臨临"
    " 舊旧 艱艰 華华 萬万 葉叶 藍蓝 蘇苏 處处 號号 蟲虫 術术 衝冲 補补 裝装 製制 複复 覆覆 規规 視视"
    " 覽览 親亲 觀观 訂订 託托 設设 許许 訴诉 診诊 註注 評评 詢询 試试 詳详 認认 誌志 誠诚 調调 談谈 請请"
    " 諮咨 謀谋 謝谢 證证 譜谱 讓让 豬猪 貝贝 負负 財财 貢贡 貧贫 貨货 販贩 貫贯 責责 貴贵 貸贷 費费 貿贸"
    " 資资 賓宾 賦赋 質质 購购 贈赠 趕赶 趨趋 跡迹 軌轨 軟软 較较 載载 輔辅 輝辉 輩辈 轄辖 辭辞 農农 遠远"
    " 遞递 適适 遲迟 選选 遺遗 郵邮 鄰邻 醫医 釋释 針针 鈔钞 銷销 鋪铺 錦锦 鍵键 鎖锁 鏡镜 長长 閃闪 閱阅"
    " 闆板 陣阵 陳陈 險险 隊队 階阶 隱隐 雜杂 雞鸡 離离 難难 電电 靈灵 韌韧 響响 頂顶 項项 順顺 須须 預预"
    " 領领 頻频 額额 顏颜 願愿 類类 顧顾 風风 颱台 飯饭 飾饰 餐餐 館馆 驅驱 驗验 體体 髮发 鬥斗 鬧闹 魯鲁"
    " 鳥鸟 鹽盐 麥麦 黃黄 點点 齡龄 龜龟 擬拟 壯壮 壞坏 壓压 夢梦 夥伙 奪夺 婦妇 媽妈 孫孙 寬宽 寧宁 實实"
    " 審审 寫写 導导 尋寻 屆届 屬属 岡冈 峽峡 嶺岭 幹干 庫库 廢废 廟庙 彈弹 徑径 從从 徵征 慣惯 態态 應应"
    " 戲戏 戶户 拋抛 掃扫 掛挂 採采 揚扬 搶抢 擊击 擔担 據据 擬拟 擾扰 攝摄 敘叙 數数 斷断 時时 晉晋 暢畅"
    " 曆历 曉晓 會会 東东 條条 極极 構构 槍枪 樁桩 樣样 樹树 機机 檔档 櫃柜 權权 歐欧 歲岁 歷历 歸归 殼壳"
    " 沒没 溝沟 測测 湧涌 準准 滯滞 漢汉 潛潜 澤泽 濟济 濱滨 瀋沈 灣湾 為为 烏乌 無无 煙烟 營营 爐炉 狀状"
)
_TRAD: dict[int, int] = {}
for _pair in _TRAD_PAIRS.split():
    if len(_pair) == 2 and _pair[0] != _pair[1]:
        _TRAD[ord(_pair[0])] = ord(_pair[1])




def _any_of(table: dict[int, int]) -> re.Pattern[str]:
    """A pattern finding any character that ``table`` maps: a C-speed test that
    lets texts with nothing to fold skip ``str.translate`` (slow with a dict)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]")


_TRAD_ANY = _any_of(_TRAD)
_FULLWIDTH_ANY = _any_of(_FULLWIDTH)
_FOLD_ANY = _any_of({**_TRAD, **_FULLWIDTH})


def needs_folding(text: str) -> bool:
    """False when neither ``halfwidth`` nor ``simplified`` would change
    ``text`` (one scan for both)."""
    return _FOLD_ANY.search(text) is not None


def simplified(text: str) -> str:
    """Fold the traditional characters that matter around figures to their
    simplified form, one character for one (offsets unchanged)."""
    if _TRAD_ANY.search(text) is None:
        return text
    return text.translate(_TRAD)


def halfwidth(text: str) -> str:
    """Fold full-width digits and the few symbols numbers use (．％～／∶) to
    ASCII, one character for one, so positions are unchanged."""
    if _FULLWIDTH_ANY.search(text) is None:
        return text
    return text.translate(_FULLWIDTH)


def parse_arabic(s: str) -> float:
    """'1,200' -> 1200.0, '196.5' -> 196.5 (thousands separators dropped)."""
    return float(s.replace(",", "").replace("，", ""))


def parse_cn(s: str) -> float | None:
    """Parse a Chinese numeral: 一千二百 -> 1200, 两千 -> 2000, 十五 -> 15,
    二〇三五 -> 2035, 三点五 -> 3.5, 一亿二千万 -> 120000000.

    Returns None when ``s`` is not a well-formed numeral.
    """
    if not s:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = parse_cn(whole) if whole else 0.0
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return w + float("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    if any(c not in CN_DIGITS and c not in CN_UNITS and c not in CN_BIG for c in s):
        return None
    if len(s) > 1 and all(c in CN_DIGITS for c in s):
        # digit-by-digit form: 二〇三五 -> 2035
        return float("".join(str(CN_DIGITS[c]) for c in s))
    total = 0.0
    section = 0.0
    number = 0.0
    seen_digit = False
    for c in s:
        if c in CN_DIGITS:
            number = CN_DIGITS[c]
            seen_digit = True
        elif c in CN_UNITS:
            unit = CN_UNITS[c]
            if not seen_digit:
                number = 1  # 十五 -> 15, 千 -> 1000
            section += number * unit
            number = 0
            seen_digit = False
        else:  # 万 / 亿
            big = CN_BIG[c]
            if not seen_digit and section == 0 and number == 0 and total == 0:
                number = 1
            if big == 100_000_000:
                total = (total + section + number) * big
            else:
                total += (section + number) * big
            section = 0
            number = 0
            seen_digit = False
    return float(total + section + number)


def parse_number(s: str) -> float | None:
    """Arabic or Chinese numeral to float; None when unparsable."""
    s = halfwidth(s)
    if not s:
        return None
    if s[0].isdigit():
        try:
            return parse_arabic(s)
        except ValueError:
            return None
    return parse_cn(s)
