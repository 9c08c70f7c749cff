"""Near misses the answer model's features do not see: the question asks for a detail (a year, a place, a
rate per day, a country, one direction of trade) that the answer's evidence never gives, while the rest of
the question matches.

"Kim ngạch ... năm 2023 đạt bao nhiêu?" matches the 2024 sentence word for word but the year; "... tỉnh
Lạng Sơn ..." matches Quảng Ninh's; "东兴口岸每天 ..." matches a yearly figure. Each test reads the question
and the passages (with their titles) of the chosen sentences; ``missing_detail`` gives the question's words
for every detail not found, and the answer step abstains on them (and names them as its reason). Measured
on xquad-dev-holes, xquad-dev and seed-dev (out of fold, with the shipped model): one more rightful
abstention, no right answer lost; on 50 questions a helper wrote about the seed articles, 5 of the 7 near
misses that were answered now abstain. Countries (session 10): on xquad-dev-holes out of fold 2 more right,
1 right answer lost (美国宇航局 is NASA, which the passage names so); a probe's 5 questions about Korean and
Japanese visitors and projects abstain. The office of another place (session 13, a probe's "Phó Bí thư Thường
trực Tỉnh ủy Quảng Tây là ai?" got Quảng Ninh's at 0.86): no answer of the dev sets or of the 328 seed
questions of ``tests/data`` changes; nor with a deputy asked of sentences that name none (a probe's
"广西常务副书记是谁？" got the two provinces' secretaries at 0.76), nor with the holder asked of passages that
name the office only as a deputy's. Session 14, from blind questions' confident wrong answers: an office's holder
asked of sentences naming no person ("Ai là Bí thư Huyện ủy Bình Liêu?" got "Phòng Thành" at 0.86), a share or an
amount of money asked of sentences giving none, an event's ordinal the passages never give ("lần thứ ba" got the
fourth's dates at 0.91), a day asked of sentences dated to the month, a length of time asked of sentences stating
none, which time of a series asked of sentences giving no ordinal. Out of fold none changes a dev answer; of the
392 seed questions of ``tests/data`` 17 more near misses abstain and none right is lost (README, "Answer quality",
has the figures and what was tried). Each reads the sentences loosely, to refuse as few right answers as it can: a
person named in any form (``names_someone``), money in any currency, a day in any date form. One reading goes the
other way (session 15): the holder of the very office a question asks about, of its place and committee
(``holds_the_asked_office``), lifts an answer the model scored low (Chinese and unmarked questions). Session 18, from
three blind sets (README, "Answer quality"): who chaired or headed, a visit the other way, a measure asked in English,
a number of years, a commune or district, a figure of another province, how often; each rule caught its own set's
near misses and none carried to the next set. Session 27, from two blind sets: one month asked of a figure that the
passages never date to that month, the holder of a glossary place's office asked when the answer's person holds another
the passages never name the asked one of, and a growth rate asked of sentences giving no percentage (no dev answer
changes; of the seed sets of ``tests/data`` one more near miss abstains, none right is lost).
"""

import re
from collections.abc import Collection
from functools import lru_cache

from songngu.index.glossary import (
    ENGLISH_NAMES,
    OTHER_PLACES,
    OTHER_VIETNAMESE_PLACES,
    PLACE_COUNTRY,
    PROVINCE_OF,
    PROVINCES,
    PROVINCES_AND_CITIES,
)
from songngu.index.normalize import fold_tone_marks, strip_diacritics
from songngu.index.numerals import HAN_NUMERAL, chinese_number_value
from songngu.search.answer_evidence import Evidence
from songngu.search.answer_spans import (
    QUESTION_CUES,
    RATE_ASKED,
    answer_span,
    asked_office,
    asked_unit,
    asks_a_name,
    asks_a_quantity,
    asks_which_time,
    clause_end,
    clause_start,
    committees,
    cue_of,
    figures,
    has_unit,
    is_the_asked_office,
    names_a_deputy,
    names_someone,
    names_the_office,
    office_of_name,
    office_whose_holder_is_asked,
    only_deputies_named,
    ordinals,
    question_type,
    typed_spans,
)
from songngu.search.mentions import COUNTRY_NAMES, Names, countries_in, country_mentions, literals

# A year: 1900-2099 as a year, not a count ("1000 người", "1500 tấn", "2000万元").
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}"
                   r"(?![\d%]|[.,]\d|\s*(?:người|tấn|USD|đồng|lượt|km|ha|万|亿|吨|元|人|个|名))")

# Per day, week, month, as a question asks (Vietnamese with or without diacritics, Chinese, English) and
# as a passage states it. "hàng" only as its own word ("khách hàng tháng 5" is no rate), "một" not at all
# ("vào một ngày nào đó"), Chinese 一天 not after 哪/第/那/这/某/有 ("哪一天": which day).
_NOT_HANG = r"(?<!khách )(?<!ngân )(?<!mặt )(?<!cửa )(?<!nhà )(?<!đơn )(?<!khach )(?<!ngan )(?<!mat )(?<!cua )"
_RATES = {
    period: (re.compile(rf"(?i:\b(?:mỗi|moi|hằng|{_NOT_HANG}(?:hàng|hang))\s+(?:{vi}|{bare})\b)"
                        rf"|{zh}|(?<![哪第那这某有]){one}|(?i:\b(?:per|each|every|(?:an?|the) average) {en}\b"
                        r"(?![\s-]?(?:visitors?|trippers?|trips?|to|on|care)\b))"
                        rf"|\b{en_ly}\b"),
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
_ZH_SUFFIXES = "省|市|县|州|口岸|壮族|自治区|党委"
_ZH_AFTER = r"(?![\u4e00-\u9fff])|相比"  # 与岘港相比 (not 的, 和: 广义的, 富国和; the review of session 16)


_ALL_PLACES = [(vi, zh, ENGLISH_NAMES.get(vi)) for vi, zh in PROVINCES_AND_CITIES] + [
    (vi, zh, None if english == strip_diacritics(vi) else english) for vi, zh, english in OTHER_PLACES]
_PLACES = (
    Names([(vi, [fold_tone_marks(vi)], r"(?<!\w)" + re.escape(fold_tone_marks(vi)) + r"(?!\w)")
           for vi, _, _ in _ALL_PLACES]),
    Names([(vi, [strip_diacritics(vi)], r"(?<!\w)" + re.escape(strip_diacritics(vi).casefold()) + r"(?!\w)")
           for vi, _ in PROVINCES_AND_CITIES], re.I),
    Names([(vi, [*([zh] if zh else []), *literals(english or "")],
            "|".join([*([re.escape(zh) if len(zh) > 2 else
                         f"(?:{_ZH_BEFORE}){re.escape(zh)}(?={_ZH_SUFFIXES}|{_ZH_AFTER})"] if zh else []),
                      *([rf"\b{english}\b"] if english else [])]))
           for vi, zh, english in _ALL_PLACES if zh or english]),
    # The other Vietnamese places bare only as English writes them, capitalised, and only in a text typed without
    # marks: "hai nam", "giang to", "da nang" are words ("hai năm", "Hà Giang tổ chức", "đa năng"), and "Thanh Hoa" in
    # an accented text a person's name ("Nguyễn Thị Thanh Hoa"; the review of session 16).
    Names([(vi, [strip_diacritics(vi)], r"(?<!\w)" + re.escape(strip_diacritics(vi)) + r"(?!\w)")
           for vi, _, _ in OTHER_VIETNAMESE_PLACES]),
)
# A passage's Chinese names read loosely (a place a question names is given if the passage has it anywhere:
# 云屯机场至广州白云机场 names 广州, though not before 市): reading more there only stops a near miss.
_LOOSE_CHINESE = Names([(vi, [zh], re.escape(zh)) for vi, zh, _ in _ALL_PLACES if zh])
# A newspaper, the Pacific, and a person's given name after the middle name Thị or Văn ("Nguyễn Thị Khánh Hòa",
# "Nguyen Thi Thanh Hoa": the second review of session 16).
_NOT_PLACES = re.compile(r"(?i:Nhật báo Quảng Tây|Nhat bao Quang Tay|Thái Bình Dương|Thai Binh Duong)|广西日报"
                         r"|\b(?:Thị|Văn|Thi|Van) [A-ZĐ]\w* [A-ZĐ]\w*")

# One direction of trade, as a question asks it and a passage states it: exports, or imports, not the two
# together ("xuất nhập khẩu", 进出口, "import-export" name the total). Chinese 出口/进口 only before a trade
# word (出口 is also a road's exit).
_TRADE_WORD = "(?=[额贸商货总值量企产了是多])"
_TRADE = {
    "export": re.compile(rf"(?i:\bxu[ấa]t kh[ẩa]u\b|\bexports?\b)|(?<!进)出口{_TRADE_WORD}"),
    "import": re.compile(rf"(?i:(?<!xu[ấa]t)(?<!xu[ấa]t[\s,/-])(?<!xu[ấa]t[\s,/-]{{2}})(?<!xu[ấa]t\s[,/-]\s)"
                         rf"\bnh[ậa]p kh[ẩa]u\b|\bimports?\b)|进口{_TRADE_WORD}"),
}


def missing_detail(evidence: Evidence, chosen: tuple[int, ...]) -> tuple[str, ...]:
    """The question's words for a detail it asks (a year, a place, a rate, a country, one direction of
    trade) that the chosen sentences' evidence never gives, as the question writes them ("Hàn Quốc", 出口);
    empty when there is none (see the module docstring)."""
    tests = (unstated_year, unstated_place, unstated_rate, unstated_country, unstated_trade_direction,
             another_place_in_its_office, unstated_deputy, unstated_holder, unnamed_person, unstated_unit,
             unstated_ordinal, unstated_day, unstated_month, unstated_type, unstated_duration, unstated_which_time,
             unstated_level, unstated_frequency, named_only_within_a_whole, visitors_from_elsewhere,
             figure_of_another_country, figure_of_another_province, part_of_the_year_only, visit_the_other_way,
             unstated_venue, month_of_the_figure, another_office_held)
    held = _held(evidence, chosen)  # read once for every test
    return tuple(dict.fromkeys(word for test in tests for word in test(evidence, chosen, held)))


def named_only_within_a_whole(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The countries and glossary places the question names that the chosen sentences name only as part of a whole
    ("Trung Quốc (bao gồm cả Hồng Kông, Đài Loan) ... với 108 dự án": no figure of Hong Kong alone; blind, session
    15: "co bao nhieu du an fdi cua hong kong" got 108 dự án at 0.81). Figures only: what a part belongs to is
    the whole ("Đài Loan thuộc nhóm nào?")."""
    if question_type(evidence.question, evidence.lang) != "number":
        return []
    bare = strip_diacritics(evidence.question) == evidence.question
    question, _ = _parts_of_wholes(evidence.question)  # 中国（含香港、台湾）asks of the whole
    asked = {**country_mentions(question, bare), **_place_mentions(question, bare)}
    apart, parts = _parts_of_wholes(" ".join(evidence.sentences[i].text for i in chosen))
    if not asked or not parts:
        return []
    named_apart = countries_in(apart) | _places_in(apart)
    within = countries_in(parts) | _places_in(parts)
    return [written for name, written in asked.items() if name in within and name not in named_apart]


def _parts_of_wholes(text: str) -> tuple[str, str]:
    """``text`` without what a whole is said to include, and those included parts: in brackets ("(bao gồm cả Hồng
    Kông, Đài Loan)", （包括香港）), or outside them only the capitalised names right after the words ("kể cả Hồng
    Kông và Đài Loan", not "kể cả dịp Tết cho 97 nghìn lượt khách Việt Nam": the review of session 15)."""
    spans = [m.span() for m in _WITHIN_BRACKETS.finditer(text)]
    for including in _INCLUDING.finditer(text):
        if any(start <= including.start() < end for start, end in spans):
            continue
        end, joined = including.end(), False  # 包括香港、台湾: the parts are in the match
        while not including.group(0).startswith("包括") and (word := _NAME_OR_JOIN.match(text, end)) \
                and (word.group(1)[0].isupper() or word.group(1) in ("và", "and")) \
                and not (joined and "," in text[end:word.start(1)]):  # "Tính cả A và B, Trung Quốc có ...": the list
            end, joined = word.end(), joined or word.group(1) in ("và", "and")  # ends at the comma after its "và"
        spans.append((including.start(), end))
    parts = " ".join(text[start:end] for start, end in spans)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text, parts


# What a whole is said to include (``_parts_of_wholes``): in brackets, or after these words.
_WITHIN_BRACKETS = re.compile(r"[(（]\s*(?i:bao gồm|gồm|kể cả|including|incl\.)[^)）]*[)）]"
                              r"|[(（]\s*(?:包括|含)[^)）]*[)）]")
# "Tính cả Hồng Kông và Đài Loan, ... có tổng cộng bao nhiêu dự án?" asks of the whole (blind set 19: refused).
# Not "không tính cả", "not counting", 不包括: the whole without its parts (the review of session 18).
_INCLUDING = re.compile(r"(?<![Kk]hông )(?<![Kk]hong )(?<![Nn]ot )"
                        r"\b(?i:bao gồm cả|kể cả|gồm cả|tính cả|including|counting)\b|(?<!不)包括[^，。；的在]{1,12}")
_NAME_OR_JOIN = re.compile(r"[\s,、]*([^\W\d_][\w-]*)")  # the next word, past spaces and commas


def visitors_from_elsewhere(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The country or place of the visitors a figure is asked of ("khách Việt Nam", 越南游客, "来自广西的", "tourists
    from Guangxi") when the clause of the answer's figure counts visitors of others only (blind, session 15: "bao
    nhieu khach viet nam luu tru tai quang tay" got "lượng khách Trung Quốc lưu trú tại Quảng Ninh đạt 413.000 lượt"
    at 0.91; session 16: "...中国游客中，来自广西的有多少人次？" got the same at 0.89: the part asked, the whole
    given)."""
    if question_type(evidence.question, evidence.lang) != "number":
        return []
    asked = _visitors_of(evidence.question, bare=strip_diacritics(evidence.question) == evidence.question)
    within = {PLACE_COUNTRY[name] for name in asked if name in PLACE_COUNTRY}  # 中国游客中，来自广西的: the narrower
    asked = {name: words for name, words in asked.items() if name not in within}
    if len(asked) > 1:  # "khách quốc tế đến từ Trung Quốc": the country's visitors among all foreign ones
        asked.pop("abroad", None)
    if not asked:
        return []
    sentence = evidence.sentences[chosen[0]].text
    span = _span(sentence, "number", evidence.question)
    if span is None:
        return []
    since, until = clause_start(sentence, span[0], ";:."), clause_end(sentence, span[1], ";:.")
    said = _visitors_of(sentence[since:until])
    return [] if not said or asked.keys() & said.keys() else list(asked.values())


def figure_of_another_country(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The places a figure is asked of ("lưu trú tại Quảng Tây") when the clause of the answer's figure names places
    of another country only ("khách Việt Nam xuất cảnh ... qua cửa khẩu quốc tế Móng Cái đạt 97.015 lượt": a blind
    question of session 15, "bao nhieu khach viet nam luu tru tai quang tay", once the span marked the clause of the
    Vietnamese visitors). A place of the same country passes: Móng Cái's figure answers one asked of Quảng Ninh."""
    asked, said = _places_of_the_figure(evidence, chosen)
    countries = {PLACE_COUNTRY.get(place) for place in asked}
    if not said or said & asked.keys() or {PLACE_COUNTRY.get(place) for place in said} & countries:
        return []
    return list(asked.values())


def figure_of_another_province(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The provinces a figure is asked of ("học sinh Lạng Sơn") that the clause of the answer's figure does not name
    when it names another province of the same country ("Tỉnh Quảng Ninh đã xét tuyển 12 học sinh ...": blind set 20,
    "hoc bong asean cua quang tay nam 2024 danh cho hoc sinh lang son la bao nhieu suat" got it at 0.82). Provinces
    only (``PROVINCES``): a city's figure may be its province's, and a province's figure a city's question's."""
    asked, said = _places_of_the_figure(evidence, chosen)
    return [written for place, written in asked.items() if place in PROVINCES and place not in said and any(
        other in PROVINCES and PLACE_COUNTRY.get(other) == PLACE_COUNTRY.get(place) for other in said)]


def _places_of_the_figure(evidence: Evidence, chosen: tuple[int, ...]) -> tuple[dict[str, str], set[str]]:
    """For a figure asked: the places the question names (place -> its words; Chinese names read loosely: 在广西过夜,
    广西广播电视台, no place word after 广西) and those the clause of the best sentence's figure names."""
    if question_type(evidence.question, evidence.lang) != "number":
        return {}, set()
    asked = {**_LOOSE_CHINESE.mentions(evidence.question),
             **_place_mentions(evidence.question, bare=strip_diacritics(evidence.question) == evidence.question)}
    if not asked:
        return {}, set()
    sentence = evidence.sentences[chosen[0]].text
    span = _span(sentence, "number", evidence.question)
    if span is None:
        return asked, set()
    return asked, _places_in(sentence[clause_start(sentence, span[0], ";:."):clause_end(sentence, span[1], ";:.")])


def visit_the_other_way(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The places of a visit asked ("đoàn đại biểu Quảng Tây sang thăm Quảng Ninh", 广西代表团访问广宁) when the chosen
    sentences tell of the visit the other way only (the delegation of Quảng Ninh in Quảng Tây: blind set 18, "Bí thư
    Khu ủy Lưu Ninh dẫn đoàn đại biểu Quảng Tây sang thăm Quảng Ninh vào thời gian nào?" got the date of Quảng Ninh's
    visit at 0.89). A place counts as where the delegation comes from after "đoàn (đại biểu) (tỉnh)", before 代表团
    or "delegation", and as where it goes after "sang", "thăm", "tại", 访问, 赴, "visit", "to"."""
    if not _A_VISIT.search(evidence.question):
        return []
    bare = strip_diacritics(evidence.question) == evidence.question
    origin, destination = _visit(evidence.question, bare, loose=True)
    if not (origin or destination):
        return []
    # where a sentence says someone went counts only in a sentence of a delegation ("lưu trú tại Quảng Ninh" is no
    # visit: the review of session 18)
    told = [(came, went if came or _DELEGATION.search(evidence.sentences[i].text) else {})
            for i in chosen for came, went in [_visit(evidence.sentences[i].text)]]
    if any(origin.keys() & came.keys() or destination.keys() & went.keys() for came, went in told):
        return []
    asked = {**{place: words for place, words in origin.items() if any(place in went for _, went in told)},
             **{place: words for place, words in destination.items() if any(place in came for came, _ in told)}}
    return list(asked.values())


def _visit(text: str, bare: bool = False, loose: bool = False) -> tuple[dict[str, str], dict[str, str]]:
    """The provinces ``text`` says a delegation comes from, and those it goes to (province -> the words naming it or
    one of its cities: "tại thành phố Bắc Hải" is in Quảng Tây)."""
    mentions = {**(_LOOSE_CHINESE.mentions(text) if loose else {}), **_place_mentions(text, bare)}
    folded = fold_tone_marks(text)
    origin, destination = {}, {}
    for place, words in mentions.items():
        for found in re.finditer(re.escape(words), folded if words in folded else text):
            # the words right before and after it: the patterns read no further (and a long sentence stays linear)
            before, after = folded[max(0, found.start() - 100):found.start()], folded[found.end():found.end() + 100]
            if _COMES_FROM_BEFORE.search(before) or _DELEGATION_AFTER.match(after):  # "to the Guangxi delegation"
                origin[PROVINCE_OF.get(place, place)] = words
            elif _GOES_TO_BEFORE.search(before):  # 广西赴广宁代表团: 广宁 is where it goes
                destination[PROVINCE_OF.get(place, place)] = words
            elif _COMES_FROM_AFTER.match(after):
                origin[PROVINCE_OF.get(place, place)] = words
    return origin, destination


_A_VISIT = re.compile(r"(?i:\b(?:đoàn|doan|thăm|tham|delegations?|visit(?:s|ed|ing)?|trip)\b)|代表团|访|率团|前往|赴")
_REGION = r"(?:(?:tỉnh|khu|thành phố|tinh|thanh pho|the|province of|city of|khu tự trị dân tộc choang" \
          r"|khu tu tri dan toc choang)\s+)*"
_NOT_A_DELEGATION = r"(?<!tập )(?<!tap )(?<!công )(?<!cong )(?<!tỉnh )(?<!tinh )(?<!sư )(?<!su )(?<!liên )(?<!lien )"
_DELEGATION = re.compile(rf"(?i:{_NOT_A_DELEGATION}\b(?:đoàn|doan)\b(?! viên| vien| kết| ket)|\bdelegations?\b)"
                         r"|代表团|率团")
_COMES_FROM_BEFORE = re.compile(rf"(?i:{_NOT_A_DELEGATION}\b(?:đoàn|doan|delegations?)"
                                r"(?:\s+(?:đại biểu|cấp cao|công tác|dai bieu|cap cao|cong tac))?"
                                rf"(?:\s+(?:của|cua|of|from|đến từ|den tu|từ|tu))?\s+{_REGION})$")
_COMES_FROM_AFTER = re.compile(r"(?:省|市|壮族自治区|自治区)?(?:党政|友好|经贸|高级)?代表团"
                               r"|(?:省|市|自治区)?(?:赴|出访|前往)")
_DELEGATION_AFTER = re.compile(r"(?i:\s+(?:(?:provincial|party|government|high-level)\s+)*delegations?\b)")
_GOES_TO_BEFORE = re.compile(r"(?i:\b(?:sang|đến|tới|thăm|tại|sang thăm|đến thăm|tới thăm|tham|den|toi|tai|to|visit"
                             r"|visits|visited|visiting)(?:\s+(?:thăm|tham))?(?:\s+(?:và làm việc|va lam viec))?"
                             rf"(?:\s+(?:tại|tai))?\s+{_REGION})$"
                             r"|(?:访问|前往|赴|来到|到访|抵达|出访|考察|访)(?:中国|越南)?$")


def _visitors_of(text: str, bare: bool = False) -> dict[str, str]:
    """Country or place -> the words naming the visitors ``text`` counts of it: a name right after a word for visitors
    ("khách Trung Quốc", "du khách đến từ Hàn Quốc", "visitors from Guangxi"), or right before one in Chinese and
    English (越南游客, "Vietnamese tourists"), or after 来自 where the text counts visitors (来自广西的); of a
    place in the text (the one asked) as of the place's country (the one a passage counts: "khách Trung Quốc")."""
    def named(words: str) -> dict[str, str]:  # the caller keeps a name only at the phrase's edge: so 广西 of 广西游客
        abroad = _ABROAD.search(words)  # and 来自广西的 is read loosely; "abroad": all foreign visitors, of no country
        return {**_LOOSE_CHINESE.mentions(words), **country_mentions(words, bare), **_place_mentions(words, bare),
                **({"abroad": abroad.group(0)} if abroad else {})}

    found = {}
    for match in _VISITORS_THEN.finditer(text):
        after = text[match.end():match.end() + 40]
        # a place, not where it receives them: "lượng khách Quảng Ninh đón" counts the visitors Quảng Ninh received
        # (the review of session 16), "khách Quảng Tây lưu trú tại Quảng Ninh" Guangxi's (the second review)
        found |= {name: words for name, words in named(after).items() if after.startswith(words)
                  and (name in COUNTRY_NAMES or match.group(1) or not _RECEIVES.match(after, len(words)))}
    for match in _COUNTRY_THEN_VISITORS.finditer(text):
        before = text[max(0, match.start() - 24):match.start()]
        found |= {name: words for name, words in named(before).items() if before.endswith(words)}
    for match in _FROM.finditer(text) if _COUNTRY_THEN_VISITORS.search(text) else ():
        after = text[match.end():match.end() + 40]
        found |= {name: words for name, words in named(after).items() if after.startswith(words)}
    return found


_VISITORS_THEN = re.compile(r"(?i:\b(?:du khách|khách du lịch|khách|du khach|khach du lich|khach|tourists|visitors|"
                            r"travell?ers)\s+(?:(?:(?:quốc tế|nước ngoài|quoc te|nuoc ngoai)\s+)?"
                            r"(đến từ|từ|den tu|tu|from)\s+|(?:người|nguoi)\s+)?)")  # not "khách đến X": visitors to X
_COUNTRY_THEN_VISITORS = re.compile(r"\s*(?:游客|旅客|游人|客人)|(?i:\s+(?:tourists|visitors|travell?ers|guests)\b)")
_FROM = re.compile(r"来自")
_RECEIVES = re.compile(r"(?i:\s+(?:đã\s+|da\s+)?(?:đón|tiếp đón|thu hút|don|tiep don|thu hut|welcomed|received|"
                       r"attracted|hosted)\b)")
_ABROAD = re.compile(r"(?i:\b(?:quốc tế|nước ngoài|quoc te|nuoc ngoai|international|foreign|overseas)\b)"
                     r"|国际|外国|境外|海外")


def part_of_the_year_only(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The year (or "cả năm", 全年, "whole year") a figure is asked of when the clause of the answer's figure, or the
    words opening its sentence, give it for part of a year only ("Trong 9 tháng năm 2025, ... đã đón gần 430.000
    lượt": blind, session 16, "2025年全年广宁共接待了多少中国留宿游客？" got it at 0.81); not when the question names
    a part itself."""
    if question_type(evidence.question, evidence.lang) != "number":
        return []
    question = strip_diacritics(evidence.question)
    dated = years_dated(question)  # not a year of a comparison or a bound ("so với cùng kỳ năm 2024")
    asked = _WHOLE_YEAR.search(question) or next((y for y in _YEAR.finditer(question) if y.group(0) in dated), None)
    if asked is None or _ANY_PERIOD.search(question):  # a part named in any words ("từ tháng 1 đến tháng 9")
        return []
    sentence = evidence.sentences[chosen[0]].text
    span = _span(sentence, "number", evidence.question)
    if span is None:
        return []
    bare = strip_diacritics(sentence)
    clause = strip_diacritics(sentence[clause_start(sentence, span[0]):clause_end(sentence, span[1])])  # to a comma
    if _WHOLE_YEAR.search(clause) or (_YEAR.search(clause) and not _PART_OF_YEAR.search(clause)):
        return []  # "..., cả năm 2024 đạt 4,42 tỷ USD": the figure's own period (the second review)
    opening = _PART_OF_YEAR.match(bare, _OPENING.match(bare).end())  # "Trong 9 tháng năm 2025, ..." / "前三季度，..."
    if not (_PART_OF_YEAR.search(clause) or opening):
        return []
    same_length = len(question) == len(evidence.question)  # as the question writes it ("Cả năm", not "Ca nam")
    return [evidence.question[asked.start():asked.end()] if same_length else asked.group(0)]


# Part of a year, and a whole one, read without diacritics: "9 tháng năm 2025", "6 tháng đầu năm", "quý I", "nửa
# đầu năm", 前三季度, 上半年, 1-9月, "the first nine months"; not twelve months, 四个季度, 1-12月 (the review of
# session 16).
_N = (r"(?:[1-9]|1[01]|hai|ba|bon|nam|sau|bay|tam|chin|muoi|muoi mot"
      r"|two|three|four|five|six|seven|eight|nine|ten|eleven)")
_PART_OF_YEAR = re.compile(rf"(?i:\b{_N} thang (?:dau |cuoi )?(?:nam\b|(?:19|20)\d\d)|\b{_N} thang dau\b"
                           rf"|\bquy (?:i{{1,3}}|iv|[1-4])\b|\bnua (?:dau|cuoi) nam\b"
                           rf"|\b(?:first|last|past) (?:half|quarter|{_N} months)\b)"
                           r"|前(?:[一二三四五六七八九]|十一?|[1-9]|1[01])个?月|前[一二三]个?季度|第?[一二三四1-4]季度"
                           r"|[上下]半年|\d{1,2}\s?[-–—至到]\s?(?:[1-9]|1[01])\s?月")
_WHOLE_YEAR = re.compile(r"(?i:\b(?:ca nam|whole year|full year|entire year)\b)|全年|整年|一整年")
# Any words of a month or a part of a year in a question (stripped of diacritics): it asks a period of its own.
_ANY_PERIOD = re.compile(r"(?i:\b(?:thang|quy|nua|month|months|quarters?|half|january|february|march|april|may|june"
                         r"|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct"
                         r"|nov|dec)\b)|月|季|半年")
_OPENING = re.compile(r"(?i:\W*(?:(?:trong|tinh den het|in|during|over)\s+(?:the\s+)?)?"
                      r"(?:(?:nam\s+)?(?:19|20)\d\d\s?(?:nam|年|,)?\s?)?)")


def month_of_the_figure(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The one month a figure is asked of ("Tháng 10/2025 ... bao nhiêu", 2025年10月…多少) when the chosen sentences'
    passages and titles never name that month (blind set 27: "Thang 10/2025 Quang Ninh don bao nhieu khach Trung Quoc
    luu tru?" got the first nine months' 430.000 at 0.48, 0.85 asked with marks). Not a span of months asked ("từ
    tháng 1 đến tháng 9", 1-9月), nor a count of months ("9 tháng"), which ``part_of_the_year_only`` reads."""
    if question_type(evidence.question, evidence.lang) != "number":
        return []
    question = strip_diacritics(evidence.question)
    asked = list(_ASKED_MONTH.finditer(question))
    if len(asked) != 1 or _MONTH_SPAN.search(question):
        return []
    month = _month_number(asked[0])
    if month is None or month in {_month_number(m) for m in _STATED_MONTH.finditer(strip_diacritics(held))}:
        return []
    same_length = len(question) == len(evidence.question)  # as the question writes it ("Tháng 10", not "Thang 10")
    return [evidence.question[asked[0].start():asked[0].end()] if same_length else asked[0].group(0)]


def _month_number(found: re.Match) -> int | None:
    """The month (1 to 12) of a ``_ASKED_MONTH`` or ``_STATED_MONTH`` match."""
    groups = found.groupdict()
    digits = next((groups[name] for name in ("vi", "slash", "zh", "day_month", "dotted", "iso") if groups.get(name)),
                  None)
    if digits:
        value = int(digits)
    elif groups.get("han"):
        value = chinese_number_value(groups["han"])
    elif groups.get("en") or groups.get("en_short"):
        value = _ENGLISH_MONTHS.index((groups.get("en") or groups["en_short"]).casefold()[:3]) + 1
    elif groups.get("word"):
        value = _VIETNAMESE_MONTHS.get(" ".join(groups["word"].casefold().split()))
    else:
        value = None
    return value if value is not None and 1 <= value <= 12 else None


# A month as a question names it for a figure (read without diacritics): "tháng 10", "tháng 10/2025", "10/2025", the
# month of "29 - 30/8/2024", 10月 and 十月, "October"; not a count of months ("9 tháng", 10个月, 前9个月), a span's
# end (1-9月), nor "since" (3月以来). A passage states one so too, and also as a day's month ("27/2"), in words ("tháng
# Mười"), dotted or by ISO ("15.10.2025", "10.2025", "2025-10-15"), and abbreviated in English ("Aug.").
_ENGLISH_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_VIETNAMESE_MONTHS = {word: number for number, words in enumerate(
    ("gieng|mot", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi", "muoi mot", "chap|muoi hai"), 1)
    for word in words.split("|")}
_MONTH_FORMS = (r"(?i:\bthang\s+(?P<vi>1[0-2]|0?[1-9])(?!\d|[.,]\d)"
                r"|(?<![\d/.,])(?:\d{1,2}\s*[-–]\s*)?(?:\d{1,2}/)?(?P<slash>1[0-2]|0?[1-9])/(?:19|20)\d\d\b"
                r"|\b(?P<en>january|february|march|april|june|july|august|september|october|november|december)\b)"
                r"|(?<![\d个\-–—~～至到])(?:(?P<zh>1[0-2]|[1-9])|(?P<han>十[一二]?|[一二三四五六七八九]))\s*月"
                r"(?!份?\s*[以之][前后来])")
_ASKED_MONTH = re.compile(_MONTH_FORMS)
_STATED_MONTH = re.compile(
    _MONTH_FORMS + r"|(?<![\d/.,])\d{1,2}/(?P<day_month>1[0-2]|0?[1-9])(?![\d/]|[.,]\d)"
    r"|(?<![\d.])(?:\d{1,2}[.-])?(?P<dotted>1[0-2]|0?[1-9])[.-](?:19|20)\d\d\b|\b(?:19|20)\d\d-(?P<iso>1[0-2]|0?[1-9])-\d"
    r"|(?i:\b(?P<en_short>jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\."
    r"|\bthang\s+(?P<word>muoi\s+(?:mot|hai)|gieng|mot|hai|ba|tu|nam(?!\s+(?:19|20)\d\d)|sau|bay|tam|chin|muoi|chap)\b)")
# A span of months asked: from one to another ("từ tháng 1 đến tháng 9", "from", 从, 1月至10月), to one (1-9月, "đến
# cuối tháng 10", 到10月底), or since the year began ("lũy kế", "từ đầu năm").
_MONTH_SPAN = re.compile(r"(?i:\b(?:tu|den|het|truoc|sau|cuoi)\s+(?:het\s+)?thang\b|\bluy ke\b|\bdau nam\b"
                         r"|\b(?:from|through|until|since|by)\b)"
                         r"|从|截至|截止|到|至|月底|月末|年初以来|(?:\d|[一二三四五六七八九十])\s*月?\s*[-–—~～至到]\s*\d{1,2}\s*月")


def unstated_year(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The years the question names (2023) that the chosen sentences' passages and titles never do, while
    the sentences name another (2024). A year only in the passage's other sentences counts as given
    ("2010年干旱" beside "so với năm 2005"), unless the question dates what it asks to that year and the answer's
    sentence dates what it says to one other (``years_dated``; blind, session 16: "... hoc bong ASEAN cua Quang Tay
    nam 2023" got "12 học sinh ... năm 2024" at 0.92, its passage naming a conference of 2023)."""
    said = " ".join(evidence.sentences[i].text for i in chosen)
    relative = _relative_years(evidence.question)
    if relative and not relative.keys() & _relative_years(held).keys() and _relative_years(said) \
            and not _YEAR.search(said):  # "2024年 ... 比去年增长" gives its year: "今年 ... ?" may ask it
        return list(relative.values())
    asked = _YEAR.findall(evidence.question)
    if not asked:
        return []
    if not set(asked) & set(_YEAR.findall(held)) and _YEAR.search(said):
        return asked
    kind = question_type(evidence.question, evidence.lang)
    of_the_question = years_dated(evidence.question) if kind != "date" else set()  # "... hơn năm 2005 vào năm nào?"
    if not of_the_question:
        return []
    sentence = evidence.sentences[chosen[0]].text
    span = _span(sentence, kind, evidence.question)
    # the clause of the answer, up to a semicolon ("năm 2023, kim ngạch nhập khẩu đạt 3,9 tỷ USD" after "Năm 2024,
    # ...;": the second review), else a year opening the sentence ("Năm 2024, ..."); a day's date is an event's or a
    # report's ("Ngày 8/1/2025, ... năm qua tỉnh đón 19 triệu lượt": the review of session 16); the whole sentence
    # when no span is marked ("so hoc sinh ... nam 2023" asks no type)
    clause = sentence[clause_start(sentence, span[0], ";；"):clause_end(sentence, span[1], ";；")] if span else sentence
    dated = years_dated(clause, days=False)
    opening = _YEAR_OPENING.match(sentence)
    if not dated and opening:  # "Năm 2024, ...": the year of a clause with none of its own
        dated = {opening.group(1) or opening.group(2)}
    return list(of_the_question) if len(dated) == 1 and not dated & of_the_question else []


# A year named from the time of writing: last year, this year, next year, the year before last (去年, "năm nay").
# A probe (session 25): "东兴口岸去年出入境旅客有多少？" of an article giving this year's count (今年) was answered with
# it at 0.92. Not "năm trước", "năm sau", "năm tới": "5 năm trước", "trong 3 năm tới" are spans of years.
# Unmarked forms only in lower case ("Việt Nam nay" is no "nam nay"); 今年 not in 至今年均, 前年 not in 提前年内.
_RELATIVE_YEARS = {
    "before last": re.compile(r"(?<![提之以])前年(?!内|底前)"),
    "last": re.compile(r"去年|\b[Nn]ăm ngoái\b|\bnam ngoai\b|(?i:\blast year\b)"),
    "this": re.compile(r"(?<!至)今年(?!均)|\b[Nn]ăm nay\b|\bnam nay\b|(?i:\bthis year\b)"),
    "next": re.compile(r"明年|\b[Ss]ang năm\b(?!\s*\d)|\bsang nam\b(?!\s*\d)|(?i:\bnext year\b)"),
}


def _relative_years(text: str) -> dict[str, str]:
    """The years ``text`` names from the time of writing (``_RELATIVE_YEARS``), each with its words as written."""
    return {which: found.group(0) for which, pattern in _RELATIVE_YEARS.items() if (found := pattern.search(text))}


_YEAR_OPENING = re.compile(r"\W*(?i:(?:trong |in |during )?(?:năm|nam|the year)\s+((?:19|20)\d\d)\s*[,，]"
                           r"|((?:19|20)\d\d)\s?年\s?[,，])")


def years_dated(text: str, days: bool = True) -> set[str]:
    """The years ``text`` dates itself to ("năm 2024", "in 2024", 2024年, and with ``days`` "25/6/2024"; without, the
    year of a day's date is left out); empty when it names a year otherwise too: as a bound ("từ năm 2015", "trước
    năm 2000", "since 2010", 2000年以前), in a comparison ("so với ... năm 2005", 比2023年), in a range
    ("2015-2023", "2024 - 2026") or as a bare figure."""
    years = list(_YEAR.finditer(text))
    dated = set()
    for year in years:
        before, after = text[max(0, year.start() - 16):year.start()], text[year.end():year.end() + 4]
        clause = _CLAUSE_MARK.split(text[:year.start()])[-1]
        dating = _DATING.search(before) or _ZH_DATING.match(after)
        if not dating or _BOUND_BEFORE.search(before) or _BOUND_AFTER.match(after) or _COMPARING.search(clause):
            return set()
        if days or not (_DAY_BEFORE.search(before) or _ZH_DAY_AFTER.match(text, year.end())):
            dated.add(year.group(0))
    return dated


# What dates a year (``years_dated``): "năm" or "in" right before it, a day and month, or 年 after it; not words
# of a bound right before it or after it (a range's dash, 至, 以前), nor a comparison earlier in its clause.
_DATING = re.compile(r"(?i:\b(?:năm|nam|in|of|year)\s+|\d{1,2}/|/\s?)$")
_ZH_DATING = re.compile(r"\s?年")
_DAY_BEFORE = re.compile(r"\d{1,2}/\d{1,2}/$")  # 8/1/2025
_ZH_DAY_AFTER = re.compile(r"\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?[日号]")  # 2025年1月8日
_BOUND_BEFORE = re.compile(r"(?i:\b(?:từ|tu|kể từ|ke tu|đến|den|tới|toi|trước|truoc|sau|since|from|until|till|"
                           r"to|by|before|after)\s+(?:năm\s+|nam\s+)?$)|(?:自|从|到|至|截至)\s?$")
_BOUND_AFTER = re.compile(r"\s?(?:[-–—~至到]|年\s?(?:之?前|以[前后来]|之后|后|至|到|起|开始|[-–—~]))")
_CLAUSE_MARK = re.compile(r"[,;:]\s|[，；：]")  # not the comma of "4,42" nor the dot of "1.160.000"
_COMPARING = re.compile(r"(?i:\b(?:so với|so voi|so cùng kỳ|hơn|hon|compared|than)\b)|比|较|相比|同比")


def unstated_place(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The provinces and cities of the glossary the question names (Lạng Sơn, 谅山, "Lang Son") that the
    chosen sentences' passages and titles do not. Session 10: the passages, no longer every passage of their
    documents the evidence holds: an article about Quảng Ninh names Lạng Sơn in another paragraph (a
    meeting of four provinces), and "谅山省接待了多少人次中国游客？" got Quảng Ninh's figure at 0.84 (a
    held-out question); on xquad-dev-holes, XQuAD dev, seed-dev and two probes of 94 questions no answer
    changes."""
    asked = _place_mentions(evidence.question, bare=strip_diacritics(evidence.question) == evidence.question)
    given = _places_in(held, loose=True, only=asked) if asked else set()  # the asked ones only: a passage is long
    return [written for place, written in asked.items() if place not in given]


# The words before a place that make it the place of an office or a level of government: "Tỉnh ủy Quảng Tây",
# "Chủ tịch UBND tỉnh Lạng Sơn", "Thị trưởng thành phố Phòng Thành Cảng" (tone marks folded: "ủy" is "uỷ").
_OFFICE_SLOT = frozenset(fold_tone_marks(word) for word in "tỉnh ủy uỷ phố huyện khu xã tinh uy pho huyen xa".split())
_WORDS = re.compile(r"\w+")


def another_place_in_its_office(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The place a Vietnamese question about an office gives it ("Phó Bí thư Thường trực Tỉnh ủy Quảng Tây là ai?")
    when a chosen sentence writes the same two words before another place and never the last of them before this
    one ("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh Trịnh Thị Minh Thanh": a probe got her at 0.86 for Quảng Tây,
    which the passage names elsewhere, so ``unstated_place`` let it through). Only a question naming an office:
    the review of session 13 saw "giữa tỉnh Quảng Ninh và tỉnh Phúc Kiến" read as the slot "và tỉnh" of another
    place, though the sentence says "tỉnh Phúc Kiến"."""
    if evidence.lang != "vi" or asked_office(evidence.question) is None:
        return []
    bare = strip_diacritics(evidence.question) == evidence.question
    fold = (lambda text: strip_diacritics(text).casefold()) if bare else (lambda text: fold_tone_marks(text).casefold())
    question = fold(evidence.question)
    sentences = [(fold(evidence.sentences[i].text), _place_mentions(evidence.sentences[i].text, bare)) for i in chosen]
    found = []
    for written in _place_mentions(evidence.question, bare).values():
        at = question.find(fold(written))
        before = _WORDS.findall(question, max(0, at - 60), max(at, 0))[-2:]  # a window: linear in the question
        if len(before) < 2 or before[1] not in _OFFICE_SLOT:
            continue
        slot = f"{before[0]} {before[1]} "
        for sentence, named in sentences:
            others = {fold(other) for other in named.values()} - {fold(written)}
            if f"{before[1]} {fold(written)}" not in sentence and any(f"{slot}{other}" in sentence for other in others):
                found.append(written)
                break
    return found


def unstated_deputy(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's words for a deputy's office ("Phó Chủ tịch", 常务副书记) when no chosen sentence names a
    deputy: the holder's sentence does not say who the deputy is (a probe's "广西常务副书记是谁？" got the
    sentence naming the two provinces' secretaries at 0.76)."""
    asked = asked_office(evidence.question)
    if asked is None or not asked[1] or question_type(evidence.question, evidence.lang) != "person":
        return []
    if any(names_a_deputy(evidence.sentences[i].text) for i in chosen):
        return []
    return [asked[0]]


def unstated_holder(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's word for an office whose holder it asks (主席, "Chủ tịch") when the chosen sentences'
    passages and titles name that office only as a deputy's (blind questions of sessions 10 to 13:
    "广西壮族自治区人民政府主席是谁？" got Guangxi's Party secretary at 0.43; the corpus names only the
    vice-chairman). Not when they do not name it at all: a translation may call the office otherwise (XQuAD
    dev: 东德的最后一任总理, "Bộ trưởng cuối cùng"; 主任, "quản lý"), and three right answers were lost so."""
    asked = asked_office(evidence.question)
    if asked is None or asked[1] or question_type(evidence.question, evidence.lang) != "person" \
            or not only_deputies_named(held, asked[0]):
        return []
    return [asked[0]]


def another_office_held(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The office a question asks the holder of, of a province or city of the glossary (广宁省人民委员会主席, "Chủ
    tịch UBND tỉnh Quảng Ninh"), when the answer's person is given another office (Bí thư Tỉnh ủy) and the chosen
    sentences' passages never name the asked one in any form (blind set 27: 现任广宁省人民委员会主席是谁？ got the
    Party secretary at 0.39). Only of a glossary place: a translation may call an office otherwise (XQuAD dev:
    东德的最后一任总理, "Bộ trưởng"), and ``unstated_holder`` reads an office named only as a deputy's."""
    asked = office_whose_holder_is_asked(evidence.question)
    if asked is None or question_type(evidence.question, evidence.lang) != "person":
        return []
    words, office_asked = asked
    if not _places_of_the_office(words):
        return []
    sentence = evidence.sentences[chosen[0]].text
    span = _span(sentence, "person", evidence.question)
    held_office = office_of_name(sentence, span) if span else None
    if held_office is None or is_the_asked_office(words, office_asked, sentence, held_office[0]):
        return []
    return [] if names_the_office(held, office_asked.group(0)) else [words]


def unnamed_person(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's words asking who holds an office ("Ai là Bí thư Huyện ủy Bình Liêu?", 院长是谁) when no chosen
    sentence names a person (``names_someone``, read loosely). Not a question whose office only says of whom it asks
    something else ("Chủ tịch UBND tỉnh đã hội kiến với ai?": the answer may be a body)."""
    # who led a delegation or chaired a meeting: a person, an office or a body the sentence says led or chaired it
    # ("do Thứ trưởng Bộ Công Thương dẫn đầu"), or none (blind set 18: "Đoàn ... do ai dẫn đầu?" got a photo caption
    # naming no one at 0.91, "Ai chủ trì Hội nghị ...?" the bodies that organised it at 0.90)
    led, did = next(((found, did) for asks, did in _LED_OR_CHAIRED if (found := asks.search(evidence.question))),
                    (None, None))
    who = led or _WHO_IS.search(evidence.question) or asks_a_name(evidence.question)
    if who is None or question_type(evidence.question, evidence.lang) != "person" \
            or (led is None and asked_office(evidence.question) is None):
        return []
    if any(names_someone(evidence.sentences[i].text, evidence.question)
           or (did and did.search(evidence.sentences[i].text)) for i in chosen):
        return []
    return [led.group(0) if led else _who_holds(evidence.question, who, evidence.lang)]


def _who_holds(question: str, who: re.Match, lang: str) -> str:
    """The question's words for whom it asks, said with the office in the question's order ("Ai là Thị trưởng",
    "市长是谁"): the words "Ai là" alone were listed as what the passage does not state, and the office's syllables
    after them one by one, "Thị, trưởng" (a probe, session 19)."""
    office = asked_office(question)
    if office is None:
        return who.group(0)
    at = question.find(office[0])
    parts = (office[0], who.group(0)) if 0 <= at < who.start() else (who.group(0), office[0])
    return ("" if lang == "zh" else " ").join(parts)


# (asked, said) of who led a delegation and of who chaired a meeting.
_LED_OR_CHAIRED = tuple((re.compile(asked), re.compile(said)) for asked, said in (
    (r"(?i:\b(?:do ai dẫn đầu|ai dẫn đầu|do ai dan dau|ai dan dau|ai dẫn đoàn|ai dan doan|ai đứng đầu đoàn"
     r"|ai dung dau doan|ai làm trưởng đoàn|ai lam truong doan|trưởng đoàn là ai|truong doan la ai|ai là trưởng đoàn"
     r"|ai la truong doan|người dẫn đầu đoàn|nguoi dan dau doan|who led|led by whom|who headed"
     r"|who (?:is|was) the head of the (?:[\w'’-]+ ){0,4}?delegation)\b)"
     r"|由谁率领|由谁带队|谁率领|谁带队|谁带领|谁率团|团长是谁|谁(?:担任|是|任)团长",
     r"(?i:\b(?:dẫn đầu|dẫn đoàn|đứng đầu|làm trưởng đoàn|trưởng đoàn|dan dau|dan doan|dung dau|truong doan|led by"
     r"|headed by|head of the delegation)\b)|率领|带队|带领|率团|团长"),
    (r"(?i:\b(?:do ai chủ trì|ai chủ trì|do ai chu tri|ai chu tri|ai đồng chủ trì|ai dong chu tri|ai chủ tọa"
     r"|ai chu toa|who (?:co-)?chaired|who presided)\b)|由谁主持|谁主持|哪位领导主持|由哪位领导主持",
     r"(?i:\b(?:chủ trì|chủ tọa|chu tri|chu toa|chaired|co-chaired|presided)\b)|主持"),
))


def holds_the_asked_office(sentence: str, span: tuple[int, int], question: str) -> bool:
    """Whether the person at ``span`` holds the office the question asks who holds now, as the question qualifies it
    (the mirror of ``unnamed_person``, which lifts an answer the model scored low): the office the question's "who
    is" is about (``office_whose_holder_is_asked``), the same word and rank (``is_the_asked_office``), of a province
    or city of the glossary that the office's own words in the question name, the one the office's words in the
    sentence name (``office_of_name``) or else its clause, and of the same committee when both say one (Tỉnh ủy, 省委;
    ``committees``); not a holder of another time (a year, 前任, "đầu tiên"), which no sentence's office dates.
    Held out: 广宁省委书记是谁？ abstained at 0.19 on "Bí thư Tỉnh ủy Nguyễn Xuân Ký"."""
    asked, held = office_whose_holder_is_asked(question), office_of_name(sentence, span)
    if asked is None or held is None or _ANOTHER_TIME.search(question):
        return False
    (words, office_asked), (office, said) = asked, held
    if _FORMER_HOLDER.search(sentence, max(0, office.start() - 16), office.start()):
        return False  # "Nguyên Bí thư Tỉnh ủy ...", 原书记: who held it once (the review of session 27)
    places = _places_of_the_office(words)
    if not places or not is_the_asked_office(words, office_asked, sentence, office):
        return False
    since, until = clause_start(sentence, office.start()), clause_end(sentence, office.end())
    named = _places_in(said) or _places_in(sentence[since:until])
    if not named or not named <= places:
        return False
    wanted, stated = committees(words), committees(said)
    return not (wanted and stated) or bool(wanted & stated)


def _places_of_the_office(words: str) -> set[str]:
    """The glossary places an asked office's words name, Chinese ones anywhere in them (现任广西…: 广西 after 任 is no
    place to ``_places_in``, which reads a two-character name only where one starts)."""
    return _places_in(words, bare=strip_diacritics(words) == words) | {
        vi for vi, zh in PROVINCES_AND_CITIES if zh in words}


# An office held once, written right before it: "nguyên", "cố", "cựu", "former", 原, 前, 已故 (a deputy's mark between).
_FORMER_HOLDER = re.compile(r"(?i:\b(?:nguyên|cố|cựu|former|late)\s+(?:phó\s+)?$)|(?:原|前|已故)(?:副)?$")
# A holder asked of another time than now: a year or any figure, a former or first one.
_ANOTHER_TIME = re.compile(r"\d|前任|原任|首任|第.任|历任|曾任|上一?任|第一"
                           r"|(?i:\b(?:tiền nhiệm|tien nhiem|nguyên|đầu tiên|dau tien|trước|truoc|cũ|former|previous"
                           r"|first|năm)\b)")


# Who someone is (or, through ``asks_a_name``, what they are called): the holder of an office the question names.
_WHO_IS = re.compile(r"(?i:\b(?:là ai|ai là|la ai|ai la|who (?:is|was|are|were))\b)|是谁|是哪位")


def unstated_unit(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's word for the unit it asks a figure in (``UNSTATED_UNITS``: "%", "money") when no chosen
    sentence gives a figure in it, nor a share in words ("hơn một nửa")."""
    unit = asked_unit(evidence.question)
    share = _ASKS_SHARE.search(evidence.question)  # "By what percentage ...?", which no cue types as a number
    if unit is None or unit not in UNSTATED_UNITS or (question_type(evidence.question, evidence.lang) != "number"
                                                       and not (unit == "%" and share)):
        return []
    if unit == "%" and not share:  # "Khu vực nào ... tỷ lệ tội phạm cao?"
        return []
    for i in chosen:
        text = evidence.sentences[i].text
        if unit == "%" and (_SHARE_IN_WORDS.search(text) or _PERCENT.search(text)):
            return []
        if any(has_unit(text, span, unit) for span in typed_spans(text, "number", evidence.question)):
            return []
    return [_MONEY_SAID.get(evidence.lang, "money") if unit == "money" else unit]


# The unit "money" in the words of the question's language: listed as what the passage does not state, it was said
# in English to a Vietnamese reader (a probe, session 19).
_MONEY_SAID = {"vi": "số tiền", "zh": "金额"}


_ASKS_SHARE = re.compile(r"(?i:\b(?:bao nhiêu|bao nhieu|mấy|may) (?:phần trăm|phan tram)\b"
                         r"|\btỷ lệ (?:là )?bao nhiêu\b|\bwhat (?:percentage|percent|share|proportion)\b)"
                         rf"|百分之(?:多少|几)|多少比例|比例是多少|占多少|{RATE_ASKED.pattern}")
_PERCENT = re.compile(r"\d\s*(?:％|(?i:percent|per cent|phần trăm|phan tram)\b)|百分之")
_SHARE_IN_WORDS = re.compile(r"(?i:\b(?:nửa|nua|phần (?:ba|tư|năm|mười)|half|quarter|third)\b)|一半|半数|分之"
                             r"|[一二三四五六七八九]成")  # 约占四成: four tenths


# The units checked: a share and an amount of money, read alike in every language. Each unit of ``asked_unit``
# checked (lượt, người, dự án, ...) cost 0.006 of xquad-dev-holes accuracy out of fold: translations count in
# other words ("bao nhiêu người" of "30 đến 50 nghìn dân").
UNSTATED_UNITS = frozenset(("%", "money"))


def unstated_ordinal(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The ordinals the question gives an event ("lần thứ ba", 第三次, "the third meeting") that the chosen
    sentences' passages and titles never do, while the sentences give another (a blind question, session 14:
    "Hội nghị ... lần thứ ba được tổ chức ở đâu?" got the fourth's dates at 0.91)."""
    asked = ordinals(evidence.question)
    said = set().union(*(ordinals(evidence.sentences[i].text) for i in chosen)) if chosen else set()
    given = set(ordinals(held))
    return [written for value, written in asked.items() if value not in given] if asked and said else []


def unstated_day(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's words for a day ("ngày nào", 哪天, "what date") when the chosen sentences date it only to
    a month or a year ("Tháng 4/2024": a blind question, session 14, asked the Carnaval's day and got its month
    at 0.65)."""
    asked = _ASKS_DAY.search(evidence.question)
    if asked is None:
        return []
    said = " ".join(evidence.sentences[i].text for i in chosen)
    return [asked.group(0)] if _COARSE_DATE.search(said) and not _DAY.search(said) else []


# A day asked: not a figure per day ("mỗi ngày bao nhiêu lượt xe", "mấy chuyến mỗi ngày"), nor 近几日 ("these days").
_ASKS_DAY = re.compile(r"(?i:(?<!mỗi )(?<!moi )(?<!hằng )(?<!hang )(?<!hàng )\b(?:ngày (?:(?:cụ thể|chính xác|cu the"
                       r"|chinh xac) )?nào|ngay (?:(?:cu the|chinh xac) )?nao|ngày bao nhiêu|ngay bao nhieu|ngày mấy"
                       r"|ngay may)\b|\b(?:what date|which day|what day|(?:exact|specific|precise) (?:date|day))\b"
                       r"(?![\s-]?(?:to|care|trips?)\b))"
                       r"|哪一?天|几月几[日号]|(?<![这近前那每])几号|什么日期|具体日期|哪一?日")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DAY = re.compile(r"(?i:(?<!\d)\d{1,2}/\d{1,2}(?!\d)|(?<!\d)\d{1,2}[.-]\d{1,2}[.-]\d{2,4}(?!\d)"
                  r"|(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)|\b(?:ngày|mùng|mồng)\s+\d{1,2}\b|\b\d{1,2}\s+tháng\s+\d{1,2}\b"
                  rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})[a-z]*\b|\b(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}\b)"
                  r"|\d{1,2}\s*[日号]")
_COARSE_DATE = re.compile(r"(?i:\btháng\s+\d{1,2}\b|\bnăm\s+\d{4}\b|(?<!\d)\d{4}(?!\d))|\d{1,2}月")


def unstated_month(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's words for a month ("tháng mấy", 几月份, "which month") when the chosen sentences date it only
    to a year ("Năm 2024, tỉnh cử 8 người ..."; a blind question, session 17, asked the month of that course and
    got the year's sentence at 0.90). A day asked is ``unstated_day``'s; a sentence with no date at all is left
    to the model."""
    asked = _ASKS_MONTH.search(evidence.question)
    if asked is None or _ASKS_DAY.search(evidence.question) \
            or question_type(evidence.question, evidence.lang) != "date":
        return []  # (not "thang may", a lift, nor "cau thang nao", a staircase: the review)
    said = " ".join(evidence.sentences[i].text for i in chosen)
    return [asked.group(0)] if _COARSE_DATE.search(said) and not _MONTH.search(said) else []


# A month asked: which month, not how many ("mấy tháng", 几个月) nor a figure per month ("mỗi tháng").
_ASKS_MONTH = re.compile(r"(?i:\b(?:tháng (?:nào|mấy)|thang (?:nao|may)|(?:which|what) month)\b)"
                         r"|几月|哪个?月|哪一个?月")
_MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
# A month stated: "tháng 4", "4/2024", "27/2", 4月, 八月, "april", "May" (with a capital or by a day: "may" is a verb).
_MONTH = re.compile(rf"(?i:\btháng\s+(?:\d{{1,2}}|giêng|chạp|một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\b"
                    rf"|\bthang\s+\d{{1,2}}\b)"
                    rf"|(?<![\d.,])\d{{1,2}}/(?:\d{{1,2}}|\d{{4}})(?!\d|[.,]\d)|\d{{1,2}}\s*月|\bMay\b"
                    rf"|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\."
                    rf"|(?i:\b(?:{_MONTH_NAMES}|sept?)\b(?<!\bmay)|\bmay\s+\d|\d\s+may\b)|\d{{1,2}}[.-]\d{{1,2}}[.-]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
                    rf"|(?<![一二三四五六七八九十])(?:[一二三四五六七八九]|十[一二]?)\s*月(?!份?\s*[以之]?[前后来])")


# Where an event took place, asked (a place question with one of these words: "tổ chức" as a verb, not the noun of
# "Tổ chức ASEAN"; not unmarked "hop", as often "hợp") and said. Blind set 24: "hoi nghi ... to chuc o dau?" got a
# sentence naming the provinces that held the conference and no venue at 0.92 (the review of session 24: the rest).
_ASKS_VENUE = re.compile(r"(?i:\b(?:(?:được|đã|sẽ|đang|duoc|da|se|dang)\s+tổ chức|(?:duoc|da|se|dang)\s+to chuc"
                         r"|tổ chức\s+(?:ở|tại)|to chuc\s+(?:o|tai)|diễn ra|dien ra|hội đàm|hoi dam|họp|gặp gỡ|gap go"
                         r"|khai mạc|khai mac|held|hosted|took place|take place|takes place|convened)\b)"
                         r"|举行|举办|召开|会谈|会晤|开幕")
# A place said: after "tại", "ở", 在 or 于, "in", "at"; or as the host ("đăng cai", "là nơi", "trên địa bàn", "hosted",
# "venue").
_STATES_VENUE = re.compile(r"(?i:\b(?:tại|ở|in|at)\s+\S|\b(?:đăng cai|là nơi|trên địa bàn|hosted|venue)\b)|在|于")
# Where, not which: "tổ chức ở đâu", "ở thành phố nào", "where", 在哪里; not "những tỉnh nào phối hợp tổ chức" (which
# provinces held it, a question of session 18).
_WHERE = re.compile(r"(?i:\b(?:ở|o|tại|tai)\s+(?:đâu|dau|địa điểm|dia diem|thành phố|thanh pho|tỉnh|tinh|nơi|noi"
                    r"|nước|nuoc|quốc gia|quoc gia)\b|\bnơi nào\b|\bnoi nao\b|\bwhere\b)|在哪|哪里|哪儿|何处|什么地方")


def unstated_venue(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's cue for a place ("ở đâu", 在哪里, "where") when it asks where an event was held
    (``_ASKS_VENUE``) and no chosen sentence says where anything is ("tại", "ở", 在, "in", "at" before a word), but
    one dated to another year than the question dates its event to (blind set 26: the 2023 conference's venue, never
    given, was answered at 0.86 with the sentence of 2024's, "tháng 11/2024 tại tỉnh Hà Giang"); a day's date is
    no such year, as often the report's as the event's ("Ngày 15/1/2025, Sở cho biết hội nghị đã tổ chức tại ...")."""
    asked = years_dated(evidence.question)
    if question_type(evidence.question, evidence.lang) != "place" or not _ASKS_VENUE.search(evidence.question) \
            or not _WHERE.search(evidence.question) \
            or any(_STATES_VENUE.search(text) and (not asked or not (dated := years_dated(text, days=False))
                                                   or dated & asked)
                   for text in (evidence.sentences[i].text for i in chosen)):
        return []
    cue = cue_of("place", evidence.question, evidence.lang)
    return [cue.group(0)] if cue else []


def unstated_type(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's cue for a figure or a date ("bao nhiêu", 多少, "khi nào") when no chosen sentence holds a
    number of any kind: no digit, no number in words (Vietnamese, Chinese or English). Blind set 17: "Hội nghị định
    kỳ ... được tổ chức bao lâu một lần?" got a photo caption at 0.87, "... được thành lập từ năm nào?" a sentence
    without a date at 0.79."""
    kind = question_type(evidence.question, evidence.lang) or ("number" if asks_a_quantity(
        evidence.question, evidence.lang) else None)  # "What is the annual production capacity of ...?"
    if kind not in ("number", "date") or any(_holds_a_figure(evidence.sentences[i].text, kind, evidence.question)
                                             for i in chosen):
        return []
    side = 1 if evidence.lang == "zh" else 0
    cue = QUESTION_CUES[kind][side].search(evidence.question) or QUESTION_CUES[kind][0].search(
        strip_diacritics(evidence.question)) or asks_a_quantity(evidence.question, evidence.lang)
    if cue is None or (evidence.lang != "vi" and cue.group(0).casefold() == "may"):  # "Who may not require ...?"
        return []
    return [cue.group(0)]


def _holds_a_figure(text: str, kind: str, question: str) -> bool:
    """Whether ``text`` holds a number, and for a figure asked one that is neither a date's nor the question's own:
    a figure ("8 người", "2,89 tỷ USD"; ``figures``) or a number in words (not the "năm" of "năm 2024")."""
    if (kind == "date" or _ASKS_HOW_OFTEN.search(question)) and (_TIME_WORD.search(text) or _MONTH.search(text)):
        return True  # "vào dịp Tết", "in May"; "định kỳ hàng tháng" for how often (the review; not for a count)
    if kind != "number":  # a date: any number but the question's own ("Hội chợ ... Côn Minh 2024" for "Hội chợ ...
        # 2024 diễn ra vào thời gian nào?", a blind question of session 17, at 0.91)
        stated = set(_DIGIT_RUN.findall(question))
        rest = _DIGIT_RUN.sub(lambda m: " " if m.group(0) in stated else m.group(0), text)
        return _ANY_NUMBER.search(rest) is not None
    if _FRACTION.search(text):  # "3/4 số hộ", which ``figures`` reads as a date
        return True
    # a year is no count ("trong khuôn khổ Gặp gỡ đầu xuân 2025" for "... nhận bao nhiêu sinh viên mỗi năm?": a probe,
    # session 25, at 0.68): a figure read as a year only where the text marks it one ("2000 doanh nghiệp" counts)
    if any(not _marked_a_year(text, start, end) for start, end in figures(text, question)):
        return True
    text = _han_numbers_only(text, question)
    if not _ASKS_A_COUNT_OF_PARTNERS.search(question):
        text = _NOT_A_COUNT.sub(" ", text)
    return any(not (m.group(0).casefold() == "năm" and _YEAR_NEXT.match(text, m.end()))
               for m in _NUMBER_WORD.finditer(text))


def _marked_a_year(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a year by its own words: 1900 to 2099 after "năm", "in", a season ("đầu
    xuân 2025") or a day and month, or before 年; a figure so written elsewhere ("2000 doanh nghiệp", 2000多人) is a
    count."""
    return bool(_YEAR.fullmatch(text, start, end)) and bool(
        _DATING.search(text, max(0, start - 16), start) or _SEASON_BEFORE.search(text, max(0, start - 16), start)
        or _ZH_DATING.match(text, end))


_SEASON_BEFORE = re.compile(r"(?i:\b(?:xuân|hè|thu|đông|xuan|spring|summer|autumn|winter)\s+)$")


def _han_numbers_only(text: str, question: str) -> str:
    """``text`` with each Han numeral that counts nothing blanked: 一 but before a measure word (统一, 一带一路, 进一步;
    not 一个人, 一家企业), what reads as no number unless a count is around it (百姓, 万一; not 数百名, 上万人, 千万元),
    and one in a word the question holds (the 二 of 北仑河二桥 in "北仑河二桥总投资多少？"). A probe (session 25): that
    question, of a Chinese article giving no investment, was answered from a sentence whose only numeral was the
    bridge's 二, at 0.91."""
    pairs = {question[i:i + 2] for i in range(len(question) - 1)}

    def counted(numeral: re.Match) -> str:
        start, end = numeral.span()
        before, after = text[max(start - 1, 0):start], text[end:end + 1]
        if text[max(start - 1, 0):start + 1] in pairs or text[end - 1:end + 1] in pairs:
            return " " * (end - start)
        counts = after in _HAN_MEASURES or (before != "" and before in "数上近几")
        if not counts and (numeral.group(0) == "一" or chinese_number_value(numeral.group(0)) is None):
            return " " * (end - start)
        return numeral.group(0)
    return HAN_NUMERAL.sub(counted, text)


# What follows a count: measure words, units, 多 and 余 (二十多个, 千余人).
_HAN_MEASURES = frozenset("个名家座条项位次人年月天日周元美吨件批所户辆艘架座处台套份场届期多余万亿千百倍成")


# Number words that count nothing: "hai bên", "hai nước", 两国 (both sides, both countries, in news of two partners),
# and the "tư" (four) of "đầu tư", "tư vấn", "tư nhân" (investment, consulting, private): tư counts after thứ, mươi,
# mười only. Unless the question asks how many sides or countries ("mấy nước", "how many countries", 几个国家).
# Session 22: the English "What is the trade volume between Quang Ninh and Guangxi?", under the dense retriever, got a
# sentence of "đầu tư, thương mại ... giữa ... hai nước" and no figure at 0.51. The rule for tư belongs in
# ``_NUMBER_WORD`` (it reads dates too); moved there, one held-out right answer turned (s14-33, whose "when calling on"
# is read as a date asked, held until then by its "đầu tư"), so it waits for that reading of "when".
_NOT_A_COUNT = re.compile(r"(?i:\bhai\s+(?:bên|nước|ben|nuoc)\b|(?<!thứ\s)(?<!mươi\s)(?<!mười\s)\btư\b)|两国")
_ASKS_A_COUNT_OF_PARTNERS = re.compile(r"(?i:\b(?:mấy|may|bao nhiêu|bao nhieu)\s+(?:bên|nước|quốc gia|ben|nuoc"
                                       r"|quoc gia)\b|\bhow many (?:sides|countries|parties|nations)\b)"
                                       r"|(?:几|多少)个?(?:国|方)")


_YEAR_NEXT = re.compile(r"\s+\d{4}")
_ASKS_HOW_OFTEN = re.compile(r"(?i:\b(?:bao lâu|bao lau|(?:mấy|may) (?:năm|tháng|tuần|nam|thang|tuan))\b[^,.?]{0,40}"
                             r"\b(?:một|mot|1) (?:lần|lan)\b|\bhow often\b)"
                             r"|(?:多久|多长时间)[^，。？]{0,8}一次|每隔多久|每几年|几年[^，。？]{0,6}一次")
# A frequency told: "hàng năm", "định kỳ", "hai lần một tuần", 每年, 一年一次, "twice a year".
_PERIOD = "(?:ngày|tuần|tháng|quý|năm|ngay|tuan|thang|quy|nam)"  # marked or not
_FREQUENCY = re.compile(rf"(?i:\b(?:(?:hàng|hằng|mỗi|cứ|hang|moi|cu)\s+(?:\w+\s+)?{_PERIOD}"
                        rf"|{_PERIOD}\s+(?:\w+\s+){{0,2}}?(?:một|mot|1)\s*(?:lần|lan)|{_PERIOD}\s*/\s*(?:lần|lan)"
                        r"|định kỳ|dinh ky|thường niên|luân phiên|daily|weekly|monthly|quarterly|annually|yearly|annual"
                        r"|every|per|twice|once|biennial(?:ly)?|alternate years|each (?:day|week|month|quarter|year)"
                        r"|times? (?:a|per|each) (?:day|week|month|quarter|year)|periodic(?:ally)?)\b"
                        rf"|\b(?:lần|lan)\s*(?:/|một|mỗi|trong|mot|moi)\s*{_PERIOD}\b)"
                        r"|每(?:天|日|周|月|季|年|隔)|每[一两二三四五六七八九十几半\d]+(?:年|个月|周|天)|定期|轮流"
                        r"|[一两二三四五六七八九十几]\s*(?:年|月|周|天)\s*一[次届]|(?<!第)[一两二三四五六七八九十]\s*[次届]")
_FRACTION = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}\s+(?i:số|phần|so|phan|of)\b")
# Words of a time or a frequency, which answer "khi nào" or "bao lâu một lần" without a number.
_TIME_WORD = re.compile(rf"(?i:\b(?:(?:hàng|hằng|mỗi|hang|moi)\s+{_PERIOD}|định kỳ (?:hàng|hằng)|tết|giêng|chạp"
                        r"|mùa (?:xuân|hè|thu|đông)|đầu xuân|thế kỷ|thập niên"
                        r"|daily|weekly|monthly|quarterly|annually|yearly|every (?:day|week|month|quarter|year)"
                        r"|spring|summer|autumn|winter|century|decade|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)"
                        r"|每(?:天|日|周|月|季|年)|春节|元旦|中秋|星期[一二三四五六日天]|周[一二三四五六日]|世纪|年代")
_DIGIT_RUN = re.compile(r"\d+(?:[./]\d+)*")
# "Không có": none (XQuAD dev: "Có bao nhiêu hiệp ước ...?" is answered so).
_NUMBER_WORD = re.compile(r"[零〇一二三四五六七八九十百千万亿两]|(?i:\b(?:một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám"
                          r"|chín|mười|mươi|trăm|nghìn|ngàn|triệu|tỷ|tỉ|chục|nửa|đôi|không có|one|two|three|four"
                          r"|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|thousand|million"
                          r"|billion|dozen|half|once|twice|first|second|third|none|hundreds|thousands|millions"
                          r"|dozens|mot|bon|sau|bay|tam|chin|muoi|tram|nghin|ngan|trieu|ty)\b)")
_ANY_NUMBER = re.compile(rf"\d|{_NUMBER_WORD.pattern}")


def unstated_duration(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's words for a length of time ("bao lâu", 多长时间, "how long") when no chosen sentence states
    one ("5 ngày", "hai tuần", 三个月, "from May to June")."""
    asked = _ASKS_DURATION.search(evidence.question) or (_ASKS_DURATION_UNMARKED.search(evidence.question)
                                                          if strip_diacritics(evidence.question) == evidence.question
                                                          else None)
    if asked is None or any(_DURATION.search(evidence.sentences[i].text) for i in chosen):
        return []
    return [asked.group(0)]


# A length of time asked: not how often ("bao lâu một lần", 多久一次) nor a thing's length ("how long is the bridge").
# A count of days, months or years asked (blind set 19: "Thỏa thuận ... có thời hạn mấy năm?" got the sentence of its
# signing at 0.91), not a figure of a year ("đạt bao nhiêu năm 2024", "bao nhiêu tháng 10/2024") nor recent years
# ("trong mấy năm gần đây"): the review of session 18. Unmarked only in a question typed so ("máy nằm", "nam sinh").
_NOT_A_DATE = r"(?!\s*\d)(?!\s+(?:gần đây|qua|trở lại đây|nay|gan day|tro lai day)\b)"
_NOT_HOW_OFTEN = r"(?![^,.?]{0,40}\b(?:một|mot|1) (?:lần|lan)\b)"  # "mấy năm ... một lần" asks how often
_ASKS_DURATION = re.compile(r"(?i:\b(?:bao lâu|bao lau)\b(?![^,.?]{0,40}\b(?:một|mot|1) (?:lần|lan)\b)"
                            r"|\b(?:mấy ngày|may ngay)\b"
                            rf"|\b(?:mấy|bao nhiêu) (?:ngày|tuần|tháng|năm)\b{_NOT_A_DATE}{_NOT_HOW_OFTEN}"
                            r"|\bhow many (?:days|weeks|months|years|hours)\b"
                            r"|\bhow long\b(?! (?:is|are|was|were) the\b))"
                            r"|(?:多长时间|多久)(?![^，。？]{0,8}一次)|多少天|(?<!哪)几天|多少年|多少个月"
                            r"|(?<![近这前那哪每])几(?:年(?!级)(?![^，。？]{0,6}一次)|个月|周|个星期)")
_ASKS_DURATION_UNMARKED = re.compile(
    rf"(?i:(?<!nha )\b(?:may|bao nhieu) (?:ngay|tuan|thang|nam)\b(?! sinh){_NOT_A_DATE}{_NOT_HOW_OFTEN})")
_DURATION_UNITS = r"(?:phút|phut|giờ|gio|tiếng|ngày|ngay|tuần|tuan|tháng|thang|năm|nam|thập kỷ|thập niên|thế kỷ)"
_COUNT_WORDS = r"(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|mốt|lăm|tư|trăm|mấy|vài|nửa)"
_MULTIPLIERS = r"(?:chục|trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ|chuc|tram|nghin|ngan|van|trieu|ty|ti)"  # "515 triệu năm"
# A time after "từ", "from": "từ các sân bay Quảng Tây đến ..." is no length of time (the review of session 18).
_TIME_AFTER_FROM = (r"(?:the\s+)?(?:\d|(?:ngày|tháng|năm|đầu|cuối|giữa|thế kỷ|thời|khi|lúc|nay|đó|sau|trước|ngay|sáng"
                    r"|chiều|tối|trưa|hôm|thứ|tuần|quý|mùng|mồng|giai đoạn|thang|nam|dau|cuoi|giua|khi|luc|sang|chieu"
                    r"|hom|thu|tuan|quy|mung|mong|giai doan|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|early|late"
                    r"|mid|then|that|when|mon|tue|wed|thu|fri|sat|sun|last|next|this|start|beginning)\w*\b)")
_EN_COUNT = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few"
_DURATION = re.compile(
    # a count before its unit, not a date's day ("ngày 16 tháng 11"); the span of a "từ ... đến ..."; a clock time
    rf"(?i:(?<!ngày )(?<!ngay )(?<!tháng )(?<!thang )(?<!thứ )(?<!thu )(?<!quý )(?<!quy )(?<!lần )(?<!lan )"
    rf"\b(?:\d+(?:[.,]\d+)?|{_COUNT_WORDS}(?: {_COUNT_WORDS})*)(?:\s+{_MULTIPLIERS})?\s+{_DURATION_UNITS}\b"
    rf"(?!\s+(?:19|20)\d\d\b)|\b(?:hàng|hang) {_MULTIPLIERS} {_DURATION_UNITS}\b"
    rf"|\btừ\s+{_TIME_AFTER_FROM}.{{0,60}}\b(?:đến|tới)\b|\bfrom\s+{_TIME_AFTER_FROM}.{{0,60}}\b(?:to|until)\b"
    r"|(?<!\d)\d{1,2}:\d{2}(?!\d)"
    rf"|\b(?:\d+(?:[.,]\d+)?|{_EN_COUNT})(?:\s+(?:hundred|thousand|million|billion))?[\s-]+"
    r"(?:minute|hour|day|week|month|year|decade|centur(?:y|ie))s?\b"
    r"|\b(?:suốt|kéo dài|cho đến|đến khi|until|till)\b)"
    # Chinese: a count before its unit, not a year (2010年) nor a month (11月), anchored so that runs stay linear
    r"|(?<![\d零〇一二两三四五六七八九十百半])(?:\d{1,3}|[零〇一二两三四五六七八九十百半几数]+)\s*[多余]?\s*"
    r"(?:分钟|小时|个小时|天|周|星期|个月|年)|从\s*(?:\d|[一二三四五六七八九十〇零]+\s*[年月日]|那|此|当时|今|去|明|前|上|下|本|年|月|周|星期).{0,30}(?:到|至)|直到")


def unstated_level(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's words for a commune, district or village asked ("ở xã nào", 哪个县, "which village") when no
    chosen sentence names one ("xã", "huyện", "thôn" in any language): blind set 20, "... đoàn Quảng Ninh khảo sát mô
    hình nông thôn mới ở xã nào?" got a sentence naming only a city at 0.91."""
    for asked, named in _LEVELS:
        found = asked.search(evidence.question)
        if found:
            return [] if any(named.search(evidence.sentences[i].text) for i in chosen) else [found.group(0)]
    return []


# (asked, named) per level of place: commune or ward, district, village ("bản nào" is also "văn bản nào", a document;
# unmarked "dia phuong nao" is "địa phương nào", any locality: the review of session 18)
_LEVELS = tuple((re.compile(asked), re.compile(named)) for asked, named in (
    (r"(?i:\b(?:xã|phường|thị trấn|xa|(?<!dia )phuong|thi tran) (?:nào|nao)\b|\bwhich (?:commune|ward|township)\b)"
     r"|哪(?:个|一个)?(?:乡|镇|街道)", r"(?i:\b(?:xã|phường|thị trấn|commune|ward|township)\b)|乡|镇|街道"),
    (r"(?i:\b(?:huyện|quận|huyen) (?:nào|nao)\b|\bwhich (?:district|county)\b)|哪(?:个|一个)?(?:县|区(?!域))",
     r"(?i:\b(?:huyện|quận|district|county)\b)|县|区"),
    (r"(?i:\b(?:thôn|làng|thon) (?:nào|nao)\b|\bwhich village\b)|哪(?:个|一个)?村",
     r"(?i:\b(?:thôn|làng|village)\b)|村"),
))


def unstated_frequency(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's words for how often ("bao lâu ... một lần", 多久举行一次, "how often") when no chosen sentence
    tells a frequency (``_FREQUENCY``): blind set 18, "越南四省与广西的联合工作委员会会议多久举行一次？", once no longer
    read as a length of time asked (the review of session 18)."""
    asked = _ASKS_HOW_OFTEN.search(evidence.question)
    if asked is None or any(_FREQUENCY.search(evidence.sentences[i].text) for i in chosen):
        return []
    return [asked.group(0)]


def unstated_which_time(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's words for which time an event was held ("lần thứ mấy", 第几次, "which edition") when no chosen
    sentence gives an ordinal (``ordinals``): a blind question (session 14), "广宁—防城港定期会议是第几次会议？",
    got an undated sentence at 0.89."""
    asked = asks_which_time(evidence.question)
    if asked is None or any(ordinals(evidence.sentences[i].text) for i in chosen):
        return []
    return [asked.group(0)]


def unstated_rate(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's words for a figure per day, week or month ("mỗi ngày", 每天, "per day") when the chosen
    sentences' passages never state one per that period (issue 14's "东兴口岸每天通关的旅客有多少？")."""
    asked = {period: found.group(0) for period, (question_form, _) in _RATES.items()
             if (found := question_form.search(evidence.question))}
    return list(asked.values()) if asked and not any(_RATES[period][1].search(held) for period in asked) else []


def unstated_country(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The countries the question names (Hàn Quốc, 韩国, "Korean") that the chosen sentences' passages and
    titles never do, in any of their forms (a probe: "lượng khách Hàn Quốc lưu trú" got the figure of
    "khách Trung Quốc lưu trú" at 0.91)."""
    bare = strip_diacritics(evidence.question) == evidence.question
    asked = country_mentions(evidence.question, bare and evidence.lang == "vi")  # "my" is English's own word
    unnamed = evidence.question
    for written in asked.values():  # "越南广宁省": 广宁 read as after a word's end, not inside 南广
        unnamed = unnamed.replace(written, "，")
    implied = {PLACE_COUNTRY[place] for place in _places_in(unnamed, bare)}  # "广宁省（越南）"
    given = countries_in(held)
    return [written for country, written in asked.items() if country not in given | implied]


def unstated_trade_direction(evidence: Evidence, chosen: tuple[int, ...], held: str) -> list[str]:
    """The question's word for exports alone, or imports alone ("xuất khẩu", 出口额, "export value"), when
    the chosen sentences' passages state only the two together ("kim ngạch xuất nhập khẩu giữa hai bên ước
    đạt 2,89 tỷ USD": a held-out question's 出口额 got that total at 0.89)."""
    question = fold_tone_marks(evidence.question)
    asked = {direction: found.group(0) for direction, pattern in _TRADE.items() if (found := pattern.search(question))}
    if len(asked) != 1 or _TRADE[next(iter(asked))].search(fold_tone_marks(held)):
        return []
    return list(asked.values())


@lru_cache(maxsize=8)  # the tests of one answer share it; no more
def _span(sentence: str, kind: str | None, question: str) -> tuple[int, int] | None:
    """``answer_span`` without the corpus's word weights, read once for the tests that ask where a figure is."""
    return answer_span(sentence, kind, question)


def _held(evidence: Evidence, chosen: tuple[int, ...]) -> str:
    """The titles and texts of the chosen sentences' passages, and the sentences themselves."""
    ranks = {evidence.sentences[i].passage_rank for i in chosen}
    passages = [p for p in evidence.passages if p.rank in ranks]
    return " ".join([*(f"{p.title} {p.text}" for p in passages), *(evidence.sentences[i].text for i in chosen)])


def _places_in(text: str, bare: bool = False, loose: bool = False, only: Collection[str] | None = None) -> set[str]:
    """The glossary's provinces and cities ``text`` names (``bare``: it is typed without diacritics; ``loose``: its
    Chinese names wherever they are, as a passage is read, ``_LOOSE_CHINESE``; ``only``: of these places)."""
    return set(_place_mentions(text, bare, only)) | (set(_LOOSE_CHINESE.mentions(text, only=only)) if loose else set())


def _place_mentions(text: str, bare: bool = False, only: Collection[str] | None = None) -> dict[str, str]:
    """Province or city (Vietnamese) -> the words that name it in ``text`` (of the places ``only``, if given)."""
    text = _NOT_PLACES.sub(" ", text)
    accented, unaccented, chinese, others_unaccented = _PLACES
    found = chinese.mentions(text, only=only)
    if bare:
        found = unaccented.mentions(text, only=only) | others_unaccented.mentions(text, only=only) | found
    return accented.mentions(fold_tone_marks(text), only=only) | found
