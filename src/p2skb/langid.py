"""Language identification that is right on CJK: script first, langdetect only where it can decide.

langdetect alone calls Traditional Chinese articles English and their
paragraphs Korean, and one-word cells German.  Here the script census decides
first — Hangul is Korean, kana is Japanese, Han without kana is Chinese, and
Traditional against Simplified Chinese is told by characters that exist in only
one of them.  langdetect is asked only among the candidates the script leaves
(Latin-script languages; zh-tw against zh-cn when the characters do not tell),
seeded so results never vary, and only on text long enough to decide; shorter
text is ``unknown``.  Its profiles load on the first call that needs them.

Before any of this, what is not prose is removed: code, URLs, paths, registry
keys, error codes, file and host names, and — inside CJK text — the Latin
product and UI names it embeds (``Azure``, ``VPN``, ``IKEv2``, ``Windows 10``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from p2skb.invariants import strip_invariants
from p2skb.model import Emphasis, Inline, InlineCode, Strong
from p2skb.text import plain_text

if TYPE_CHECKING:
    from langdetect.detector_factory import DetectorFactory

__all__ = [
    "UNKNOWN",
    "Census",
    "LanguageGuess",
    "census",
    "identify",
    "locale_language",
    "prose",
    "prose_of",
]

UNKNOWN = "unknown"
MIN_LATIN_LETTERS = 24
"""Latin-script text shorter than this is ``unknown``: langdetect guesses on less."""
MIN_CJK_LETTERS = 4
"""Han text shorter than this cannot be told Japanese (kana-less heading) from Chinese."""

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff66-\uff9d]"
)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_OTHER_SCRIPTS = {
    "greek": (re.compile(r"[\u0370-\u03ff]"), "el"),
    "hebrew": (re.compile(r"[\u0590-\u05ff]"), "he"),
    "thai": (re.compile(r"[\u0e00-\u0e7f]"), "th"),
}


def _union(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str]:
    """One character class of the ranges of several ``[...]`` classes."""
    return re.compile("".join(["[", *(pattern.pattern[1:-1] for pattern in patterns), "]"]))


_RARE_LETTERS = _union([_CYRILLIC, _ARABIC, *(pattern for pattern, _ in _OTHER_SCRIPTS.values())])
"""A letter of a script that is neither Latin nor CJK: a census counts them only if there is one."""
_OTHER_LETTERS = _union([_CJK, _RARE_LETTERS])
"""A letter of any script a census counts besides Latin."""
# Latin tokens that are names, not prose, inside CJK text: acronyms, CamelCase,
# anything with a digit, dotted file and host names.
_FILE_OR_HOST = re.compile(r"(?<!\S)\S*\w\.\w\S*")  # tried once per token, at its start
_DOTTED = re.compile(r"\.(?<=\w\.)\w")  # a dot inside a word: the engine jumps from dot to dot
# Not prose either: DocFX extension markers ([!INCLUDE ...], [!div class="..."]) and
# backslash-joined UI paths such as "Current User\Personal\Certificates" (what is left,
# "Current", is too short to count as prose).
_DOCFX_MARKER = re.compile(r"\[![A-Za-z-]+[^\]]*\]?")
_UI_PATH = re.compile(r"(?<!\S)\S*\\\S*")  # the backslash-joined words of a UI path
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»„*_`"
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’-]*")

# Characters only Simplified, or only Traditional, Chinese writes (frequent ones).
_SIMPLIFIED_ONLY = frozenset(
    "这个们来时为说对会发经过还没问题证书网络连线设认识从关开门见现实点里后听无让给长东车马鸟鱼龙风飞"
    "进运动学习语话记读写计讯谢请该详误调谈论议访评试译资贵费质购买卖际极乐务员图国园围圆团华万与专业"
    "两严丽举么义乡乱亏亚产亲亿仅价众优伙伞伟传伤伦体侧债储儿党兰兴养册军农决况净准减几击划则刚创删"
    "别剧办劳势区医协单卫厂厅历压县参双变叶号吗启响块坚坏场声处备复够头夺奋奖妇妈宁宝审宫宽寻导层岁"
    "岛币师帐带帮库应庙废异张弹强归当录径忆态总恋惊惯扩扫扬扰执护报担拟拥择挂据换损摄数断旧显术杀杂"
    "权条构枪标样树桥检楼欢欧残毁气汇汉沟测济浏润温满滚灭灯灵热爱状独环电画疗监盘矿码础确礼离种积称"
    "稳穷竞笔简签类紧红级纪约纯纳纸纽练组细织终绍结绝统继续绿缓编缩罗职联肤胜脑脚脸节艺药获营虑补装"
    "规视览觉触订讨训讲许词诗询诸课谁谋贝负财责败账货贴贷贸赏赔赖赛赶趋跃践踪转轮软轻载较辅辆输边达"
    "迁远违迟适选递遗邮邻钟钢钱铁银链销锁错键镜间闭闲阅队阳阴阵阶陆陈险随隐难雾静顺须顾顿预领频颜额"
    "饭饮馆验骤鲜鸡黄齐龄"
)
_TRADITIONAL_ONLY = frozenset(
    "這個們來時為說對會發經過還沒問題證書網絡連線設認識從關開門見現實點裡後聽無讓給長東車馬鳥魚龍風飛"
    "進運動學習語話記讀寫計訊謝請該詳誤調談論議訪評試譯資貴費質購買賣際極樂務員圖國園圍圓團華萬與專業"
    "兩嚴麗舉麼義鄉亂虧亞產親億僅價眾優夥傘偉傳傷倫體側債儲兒黨蘭興養冊軍農決況淨準減幾擊劃則剛創刪"
    "別劇辦勞勢區醫協單衛廠廳歷壓縣參雙變葉號嗎啟響塊堅壞場聲處備復夠頭奪奮獎婦媽寧寶審宮寬尋導層歲"
    "島幣師帳帶幫庫應廟廢異張彈強歸當錄徑憶態總戀驚慣擴掃揚擾執護報擔擬擁擇掛據換損攝數斷舊顯術殺雜"
    "權條構槍標樣樹橋檢樓歡歐殘毀氣匯漢溝測濟瀏潤溫滿滾滅燈靈熱愛狀獨環電畫療監盤礦碼礎確禮離種積稱"
    "穩窮競筆簡簽類緊紅級紀約純納紙紐練組細織終紹結絕統繼續綠緩編縮羅職聯膚勝腦腳臉節藝藥獲營慮補裝"
    "規視覽覺觸訂討訓講許詞詩詢諸課誰謀貝負財責敗賬貨貼貸貿賞賠賴賽趕趨躍踐蹤轉輪軟輕載較輔輛輸邊達"
    "遷遠違遲適選遞遺郵鄰鐘鋼錢鐵銀鏈銷鎖錯鍵鏡間閉閒閱隊陽陰陣階陸陳險隨隱難霧靜順須顧頓預領頻顏額"
    "飯飲館驗驟鮮雞黃齊齡臺灣檔閘憑"
)
_TRADITIONAL = re.compile(f"[{''.join(sorted(_TRADITIONAL_ONLY))}]")
_SIMPLIFIED = re.compile(f"[{''.join(sorted(_SIMPLIFIED_ONLY))}]")
_LATIN_PROFILES = (
    "af",
    "ca",
    "cs",
    "cy",
    "da",
    "de",
    "en",
    "es",
    "et",
    "fi",
    "fr",
    "hr",
    "hu",
    "id",
    "it",
    "lt",
    "lv",
    "nl",
    "no",
    "pl",
    "pt",
    "ro",
    "sk",
    "sl",
    "so",
    "sq",
    "sv",
    "sw",
    "tl",
    "tr",
    "vi",
)
LANGDETECT_PROFILES = frozenset(_LATIN_PROFILES) | frozenset(
    [
        "ar",
        "bg",
        "bn",
        "el",
        "fa",
        "gu",
        "he",
        "hi",
        "ja",
        "kn",
        "ko",
        "mk",
        "ml",
        "mr",
        "ne",
        "pa",
        "ru",
        "ta",
        "te",
        "th",
        "uk",
        "ur",
        "zh-cn",
        "zh-tw",
    ]
)
"""The languages langdetect has profiles for."""
_CYRILLIC_PROFILES = ("bg", "mk", "ru", "uk")
_ARABIC_PROFILES = ("ar", "fa", "ur")
_CHINESE_PROFILES = ("zh-cn", "zh-tw")
_LANGDETECT_NAMES = {"zh-cn": "zh-hans", "zh-tw": "zh-hant"}
_LANGDETECT_SAMPLE = 300
"""Prose beyond this many characters only costs langdetect time: it samples n-grams."""
_TRIALS = 3
"""Langdetect's random trials per text (7 by default): on the clean prose given here 3
agree with 7 on every article and unit of the corpus, at under half the cost."""


@attrs.frozen
class Census:
    """Letters of prose counted by script."""

    hangul: int = 0
    kana: int = 0
    han: int = 0
    latin: int = 0
    cyrillic: int = 0
    arabic: int = 0
    other: int = 0
    traditional: int = 0
    """Han characters only Traditional Chinese writes."""
    simplified: int = 0
    """Han characters only Simplified Chinese writes."""

    @property
    def cjk(self) -> int:
        """Hangul, kana and Han letters together."""
        return self.hangul + self.kana + self.han

    @property
    def letters(self) -> int:
        """All letters counted."""
        return self.cjk + self.latin + self.cyrillic + self.arabic + self.other


@attrs.frozen
class LanguageGuess:
    """What :func:`identify` concluded.

    ``language`` is ``ja``, ``ko``, ``zh-hant``, ``zh-hans``, ``zh`` (Chinese of
    either script), an ISO 639-1 code from langdetect (``en``, ``de``, ...), or
    ``unknown``.  ``share`` is the fraction of the prose letters in the script
    that decided; ``probability`` is langdetect's, or 1.0 when the script decided.
    """

    language: str
    script: str
    letters: int
    share: float
    probability: float


def locale_language(locale: str) -> str:
    """The language a locale's prose is in: ``ja-jp`` -> ``ja``, ``zh-tw`` -> ``zh-hant``."""
    lowered = locale.lower()
    if lowered in {"zh-tw", "zh-hk", "zh-mo"} or lowered.startswith("zh-hant"):
        return "zh-hant"
    if lowered in {"zh-cn", "zh-sg"} or lowered.startswith("zh-hans"):
        return "zh-hans"
    return lowered.split("-")[0]


def same_language(guess: str, expected: str) -> bool:
    """``guess`` is ``expected``, or undecided Chinese where Chinese is expected."""
    return guess == expected or (guess == "zh" and expected.startswith("zh"))


def prose_of(content: tuple[Inline, ...], *, keep_emphasis: bool = True) -> str:
    """The prose of inline content: rendered text without code spans and raw HTML.

    With ``keep_emphasis=False`` short bold/italic runs (UI labels, kept in
    English by some locales) are left out too.
    """
    kept: list[Inline] = []
    for item in content:
        if isinstance(item, InlineCode):
            continue
        short_label = (
            isinstance(item, Strong | Emphasis) and len(plain_text(item.children).split()) <= 5
        )
        if short_label and not keep_emphasis:
            continue
        kept.append(item)
    return prose(plain_text(tuple(kept)))


def prose(text: str) -> str:
    """``text`` without what is not prose.

    Removed: invariants (URLs, paths, codes), file and host names, backslash-joined
    UI paths and DocFX extension markers.
    """
    text = strip_invariants(text)
    # The substring tests spare the regexes most texts, which have nothing to remove.
    if "[!" in text:
        text = _DOCFX_MARKER.sub(" ", text)
    text = _without_names(text)
    if "\\" in text:
        # Without a sentence around it, text with backslashes is a UI path as a whole.
        text = _UI_PATH.sub(" ", text) if _SENTENCE_END.search(text) else ""
    return text


def _without_names(text: str) -> str:
    """``text`` with file and host names (``AzureClient.pfx``, ``vpn.contoso.com``) blanked."""
    return _FILE_OR_HOST.sub(" ", text) if _DOTTED.search(text) else text


def has_cjk(text: str) -> bool:
    """Whether ``text`` has any Hangul, kana or Han letter (cheaper than a census)."""
    return _CJK.search(text) is not None


def census(text: str) -> Census:
    """Count the letters of ``text`` by script (Traditional/Simplified-only Han too)."""
    if _OTHER_LETTERS.search(text) is None:  # the common case: Latin letters only
        return Census(latin=_count(_LATIN, text))
    han = _count(_HAN, text)
    rare = _RARE_LETTERS.search(text) is not None
    return Census(
        hangul=_count(_HANGUL, text),
        kana=_count(_KANA, text),
        han=han,
        latin=_count(_LATIN, text),
        cyrillic=_count(_CYRILLIC, text) if rare else 0,
        arabic=_count(_ARABIC, text) if rare else 0,
        other=sum(_count(p, text) for p, _ in _OTHER_SCRIPTS.values()) if rare else 0,
        traditional=_count(_TRADITIONAL, text) if han else 0,
        simplified=_count(_SIMPLIFIED, text) if han else 0,
    )


def _count(letters: re.Pattern[str], text: str) -> int:
    """How many letters of one ``[...]`` class ``text`` holds.

    Counted by runs: twice as fast as a list of single letters.
    """
    return sum(map(len, _RUNS[letters].findall(text)))


_RUNS = {
    pattern: re.compile(pattern.pattern + "+")
    for pattern in (
        _LATIN,
        _HAN,
        _HANGUL,
        _KANA,
        _CYRILLIC,
        _ARABIC,
        _TRADITIONAL,
        _SIMPLIFIED,
        *(pattern for pattern, _ in _OTHER_SCRIPTS.values()),
    )
}
"""Each letter class of a census, as runs of its letters."""


def latin_words(text: str) -> list[str]:
    """The Latin-script words of ``text`` that read as prose, not as names.

    Left out: acronyms (``VPN``), CamelCase (``AzureClient``), tokens with digits
    (``IKEv2``) — the names translators rightly keep — and single letters.
    """
    words = (token.strip(_PUNCTUATION) for token in _without_names(text).split())
    # Lower case after the first letter rules out acronyms, CamelCase and CJK runs cheaply;
    # the pattern then keeps Latin letters only (no digits).
    return [
        word
        for word in words
        if len(word) > 1 and word[1:].islower() and _LATIN_WORD.fullmatch(word)
    ]


def identify(text: str) -> LanguageGuess:
    """Identify the language of prose (pass it through :func:`prose` first)."""
    counts = census(text)
    if counts.cjk and counts.cjk * 10 >= counts.latin:
        return _identify_cjk(text, counts)
    for script, count, profiles in (
        ("latin", counts.latin, _LATIN_PROFILES),
        ("cyrillic", counts.cyrillic, _CYRILLIC_PROFILES),
        ("arabic", counts.arabic, _ARABIC_PROFILES),
    ):
        if count and count * 2 >= counts.letters:
            return _langdetect_guess(text, script, count, counts.letters, profiles)
    for script, (pattern, language) in _OTHER_SCRIPTS.items():
        count = len(pattern.findall(text))
        if count and count * 2 >= counts.letters:
            return LanguageGuess(language, script, counts.letters, count / counts.letters, 1.0)
    return LanguageGuess(UNKNOWN, "none", counts.letters, 0.0, 0.0)


def _identify_cjk(text: str, counts: Census) -> LanguageGuess:
    # Latin names inside CJK text (Azure, VPN, Windows 10) are not evidence of anything.
    total = counts.cjk
    if counts.hangul * 2 >= total:
        return LanguageGuess("ko", "hangul", total, counts.hangul / total, 1.0)
    if counts.kana and counts.kana * 20 >= total:
        return LanguageGuess("ja", "kana", total, (counts.kana + counts.han) / total, 1.0)
    if counts.han < MIN_CJK_LETTERS:
        return LanguageGuess(UNKNOWN, "han", total, counts.han / total, 0.0)
    share = counts.han / total
    if counts.traditional > 2 * counts.simplified and counts.traditional >= 2:
        return LanguageGuess("zh-hant", "han", total, share, 1.0)
    if counts.simplified > 2 * counts.traditional and counts.simplified >= 2:
        return LanguageGuess("zh-hans", "han", total, share, 1.0)
    guess = _langdetect_guess(text, "han", counts.han, total, _CHINESE_PROFILES, minimum=20)
    return guess if guess.language != UNKNOWN else LanguageGuess("zh", "han", total, share, 1.0)


def _langdetect_guess(
    text: str,
    script: str,
    count: int,
    letters: int,
    profiles: Iterable[str],
    *,
    minimum: int = MIN_LATIN_LETTERS,
) -> LanguageGuess:
    share = count / letters if letters else 0.0
    if count < minimum:
        return LanguageGuess(UNKNOWN, script, letters, share, 0.0)
    # langdetect samples n-grams from at most this much text; more only costs time.
    language, probability = detect_among(text[:_LANGDETECT_SAMPLE], tuple(profiles))
    return LanguageGuess(language, script, letters, share, probability)


@functools.cache
def _factory(profiles: tuple[str, ...]) -> DetectorFactory:
    """A langdetect factory holding only ``profiles`` (loaded once, on first use)."""
    import json  # noqa: PLC0415 -- langdetect and its profiles load only when needed
    from pathlib import Path  # noqa: PLC0415

    from langdetect.detector_factory import (  # noqa: PLC0415
        PROFILES_DIRECTORY,
        DetectorFactory,
    )
    from langdetect.utils.lang_profile import LangProfile  # noqa: PLC0415

    factory = DetectorFactory()
    for index, name in enumerate(profiles):
        data = json.loads(Path(PROFILES_DIRECTORY, name).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**data), index, len(profiles))
    factory.set_seed(0)
    # langdetect keeps one list of probabilities per n-gram (tens of thousands): lists are
    # always tracked by the garbage collector, so every full collection in the process
    # would walk them (24 ms instead of 3 ms here).  Detectors only read them: tuples of
    # floats are left alone by the collector.
    factory.word_lang_prob_map = {
        ngram: tuple(probabilities) for ngram, probabilities in factory.word_lang_prob_map.items()
    }
    return factory


def detect_among(text: str, profiles: tuple[str, ...]) -> tuple[str, float]:
    """Langdetect's best language among ``profiles`` and its probability (seeded: stable)."""
    from langdetect.lang_detect_exception import LangDetectException  # noqa: PLC0415

    available = tuple(name for name in profiles if name in LANGDETECT_PROFILES)
    if not available:
        return UNKNOWN, 0.0
    detector = _factory(available).create()  # each detector has its own seeded random
    detector.n_trial = _TRIALS
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except LangDetectException:
        return UNKNOWN, 0.0
    return _LANGDETECT_NAMES.get(best.lang, best.lang), float(best.prob)
