"""Near misses the answer model's features do not see: the question asks for a detail (a year, a place, a
rate per day, a country) that the answer's evidence never gives, while the rest of the question matches.

"Kim ngạch ... năm 2023 đạt bao nhiêu?" matches the 2024 sentence word for word but the year; "... tỉnh
Lạng Sơn ..." matches Quảng Ninh's; "东兴口岸每天 ..." matches a yearly figure. Each test reads the question
and the passages (with their titles) of the chosen sentences; ``missing_detail`` names the first that
fails, and the answer step abstains on it. Measured on xquad-dev-holes, xquad-dev and seed-dev (out of
fold, with the shipped model): one more rightful abstention, no right answer lost; on 50 questions a
helper wrote about the seed articles, 5 of the 7 near misses that were answered now abstain. Countries
(session 10): on xquad-dev-holes out of fold 2 more right, 1 right answer lost (美国宇航局 is NASA, which the
passage names so); a probe's 5 questions about Korean and Japanese visitors and projects abstain.
"""

import re

from songngu.index.glossary import COUNTRIES, ENGLISH_NAMES, PROVINCES_AND_CITIES
from songngu.index.normalize import fold_tone_marks, strip_diacritics
from songngu.search.answer_evidence import Evidence

# A year: 1900-2099 as a year, not a count ("1000 người", "1500 tấn", "2000万元").
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}"
                   r"(?![\d%]|[.,]\d|\s*(?:người|tấn|USD|đồng|lượt|km|ha|万|亿|吨|元|人|个|名))")

# Per day, week, month, as a question asks (Vietnamese with or without diacritics, Chinese, English) and
# as a passage states it. "hàng" only as its own word ("khách hàng tháng 5" is no rate), "một" not at all
# ("vào một ngày nào đó"), Chinese 一天 not after 哪/第/那/这/某/有 ("哪一天": which day).
_NOT_HANG = r"(?<!khách )(?<!ngân )(?<!mặt )(?<!cửa )(?<!nhà )(?<!đơn )(?<!khach )(?<!ngan )(?<!mat )(?<!cua )"
_RATES = {
    period: (re.compile(rf"(?i:\b(?:mỗi|moi|hằng|{_NOT_HANG}(?:hàng|hang))\s+(?:{vi}|{bare})\b)"
                        rf"|{zh}|(?<![哪第那这某有]){one}|(?i:\b(?:per|each|every) {en}\b)|\b{en_ly}\b"),
             re.compile(rf"(?i:(?:\b(?:mỗi|hằng|hàng|một|bình quân|trung bình)\s+|/\s*|\b1\s+){vi}\b)"
                        rf"|{zh}|(?i:\b(?:per|each|every|a) {en}\b)|\b{en_ly}\b"))
    for period, vi, bare, zh, one, en, en_ly in (
        ("day", "ngày", "ngay", "每天|每日|日均|平均每天", "一天", "day", "daily"),
        ("week", "tuần", "tuan", "每周|每星期|每个星期", "一周", "week", "weekly"),
        ("month", "tháng", "thang", "每月|每个月|月均", "一个月", "month", "monthly"))
}

# A province or city of the glossary as written: accented and capitalised in Vietnamese ("lao động Trung
# Quốc" holds no Động Trung), bare and in any case only in a question typed without diacritics ("lang
# son"); in Chinese a three-character name anywhere, a two-character one before 省/市/县/州/口岸 and not
# inside a longer word (边防城市 is no 防城): after no Han character, or after a word that ends one
# (在, 的, 年 of "2024年高平省", ...); in English its pinyin name (Yunnan, Guangxi).
_ZH_BEFORE = r"(?<![\u4e00-\u9fff])|(?<=[在从到与和及、，的年月日是经对向])"
_PLACES = tuple(
    (vi, re.compile(r"(?<!\w)" + re.escape(fold_tone_marks(vi)) + r"(?!\w)"),
     re.compile(r"(?<!\w)" + re.escape(strip_diacritics(vi).casefold()) + r"(?!\w)", re.I),
     re.compile((re.escape(zh) if len(zh) > 2 else f"(?:{_ZH_BEFORE}){re.escape(zh)}(?=省|市|县|州|口岸)")
                + (rf"|\b{ENGLISH_NAMES[vi]}\b" if vi in ENGLISH_NAMES else "")))
    for vi, zh in PROVINCES_AND_CITIES
)
_NOT_PLACES = re.compile(r"Nhật Báo Quảng Tây|广西日报")  # a newspaper, not its province

_COUNTRIES = tuple(
    (vi.split("|")[0], re.compile(rf"(?<!\w)(?:{fold_tone_marks(vi)})(?!\w)"),
     re.compile(rf"(?<!\w)(?:{'|'.join(bare)})(?!\w)", re.I) if (bare := [strip_diacritics(form).casefold()
                                                                       for form in vi.split("|") if " " in form])
     else None,
     re.compile(rf"{zh}|(?<![A-Za-z])(?:{en})(?![a-z])"))
    for vi, zh, en in COUNTRIES
)


# One direction of trade, as a question asks it and a passage states it: exports, or imports, not the two
# together ("xuất nhập khẩu", 进出口, "import-export" name the total). Chinese 出口/进口 only before a trade
# word (出口 is also a road's exit).
_TRADE_WORD = "(?=[额贸商货总值量企产了是多])"
_TRADE = {
    "export": re.compile(rf"(?i:\bxu[ấa]t kh[ẩa]u\b|\bexports?\b)|(?<!进)出口{_TRADE_WORD}"),
    "import": re.compile(rf"(?i:(?<!xuất )(?<!xuat )\bnh[ậa]p kh[ẩa]u\b|\bimports?\b)|进口{_TRADE_WORD}"),
}


def missing_detail(evidence: Evidence, chosen: tuple[int, ...]) -> str | None:
    """``year``, ``place``, ``rate``, ``country`` or ``trade direction`` when the question asks for one that
    the chosen sentences' evidence never gives (see the module docstring); None otherwise."""
    if asks_another_year(evidence, chosen):
        return "year"
    if asks_another_place(evidence, chosen):
        return "place"
    if asks_another_rate(evidence, chosen):
        return "rate"
    if asks_another_country(evidence, chosen):
        return "country"
    if asks_one_trade_direction(evidence, chosen):
        return "trade direction"
    return None


def asks_another_year(evidence: Evidence, chosen: tuple[int, ...]) -> bool:
    """The question names a year (2023) that the chosen sentences' passages and titles never do, while
    the sentences name another (2024). A year only in the passage's other sentences counts as given
    ("2010年干旱" beside "so với năm 2005")."""
    asked = set(_YEAR.findall(evidence.question))
    said = " ".join(evidence.sentences[i].text for i in chosen)
    return bool(asked) and not asked & set(_YEAR.findall(_held(evidence, chosen))) and bool(_YEAR.search(said))


def asks_another_place(evidence: Evidence, chosen: tuple[int, ...]) -> bool:
    """The question names a province or city of the glossary (Lạng Sơn, 谅山, "Lang Son") that the chosen
    sentences' passages and titles do not. Session 10: the passages, no longer every passage of their
    documents the evidence holds: an article about Quảng Ninh names Lạng Sơn in another paragraph (a
    meeting of four provinces), and "谅山省接待了多少人次中国游客？" got Quảng Ninh's figure at 0.84 (a
    held-out question); on xquad-dev-holes, XQuAD dev, seed-dev and two probes of 94 questions no answer
    changes."""
    asked = _places_in(evidence.question, bare=strip_diacritics(evidence.question) == evidence.question)
    return bool(asked - _places_in(_held(evidence, chosen)))


def asks_another_rate(evidence: Evidence, chosen: tuple[int, ...]) -> bool:
    """The question asks a figure per day, week or month ("mỗi ngày", 每天, "per day") that the chosen
    sentences' passages never state per that period (issue 14's "东兴口岸每天通关的旅客有多少？")."""
    asked = [period for period, (question_form, _) in _RATES.items() if question_form.search(evidence.question)]
    held = _held(evidence, chosen)
    return bool(asked) and not any(_RATES[period][1].search(held) for period in asked)


def asks_another_country(evidence: Evidence, chosen: tuple[int, ...]) -> bool:
    """The question names a country (Hàn Quốc, 韩国, "Korean") that the chosen sentences' passages and
    titles never do, in any of its forms (a probe: "lượng khách Hàn Quốc lưu trú" got the figure of "khách
    Trung Quốc lưu trú" at 0.91)."""
    asked = countries_in(evidence.question, bare=strip_diacritics(evidence.question) == evidence.question)
    return bool(asked - countries_in(_held(evidence, chosen)))


def asks_one_trade_direction(evidence: Evidence, chosen: tuple[int, ...]) -> bool:
    """The question asks exports alone, or imports alone ("xuất khẩu", 出口额, "export value"), and the chosen
    sentences' passages state only the two together ("kim ngạch xuất nhập khẩu giữa hai bên ước đạt 2,89 tỷ
    USD": a held-out question's 出口额 got that total at 0.89)."""
    asked = [direction for direction, pattern in _TRADE.items() if pattern.search(fold_tone_marks(evidence.question))]
    return len(asked) == 1 and not _TRADE[asked[0]].search(fold_tone_marks(_held(evidence, chosen)))


def countries_in(text: str, bare: bool = False) -> set[str]:
    """The countries of the glossary's ``COUNTRIES`` that ``text`` names (``bare``: it is typed without diacritics)."""
    written = fold_tone_marks(text)
    return {vi for vi, accented, unaccented, other in _COUNTRIES
            if accented.search(written) or (bare and unaccented and unaccented.search(text)) or other.search(text)}


def _held(evidence: Evidence, chosen: tuple[int, ...]) -> str:
    """The titles and texts of the chosen sentences' passages, and the sentences themselves."""
    ranks = {evidence.sentences[i].passage_rank for i in chosen}
    passages = [p for p in evidence.passages if p.rank in ranks]
    return " ".join([*(f"{p.title} {p.text}" for p in passages), *(evidence.sentences[i].text for i in chosen)])


def _places_in(text: str, bare: bool = False) -> set[str]:
    """The glossary's provinces and cities ``text`` names (``bare``: it is typed without diacritics)."""
    text = _NOT_PLACES.sub(" ", text)
    written = fold_tone_marks(text)
    return {vi for vi, accented, unaccented, chinese in _PLACES
            if accented.search(written) or (bare and unaccented.search(text)) or chinese.search(text)}
