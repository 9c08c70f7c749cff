"""The numbers, dates and names a text states, in any of the notations of Vietnamese, Chinese and English.

The grounding check (``songngu.search.grounding``) asks that every fact of a generated sentence occurs in a
passage it cites; this module finds those facts and tells when two of them are the same.

- A number is read with every value its notation allows: ``261.048`` is 261048 to a Vietnamese reader and
  261.048 to an English one, so it has both readings; ``4,42 tỷ``, ``4.42 billion``, ``44.2亿`` and
  ``四十四亿二千万`` all read 4,420,000,000; ``15,8%``, ``15.8 percent`` and ``百分之十五点八`` read 15.8 per cent.
  Each reading keeps the place value of its last written digit (``unit``), so a stated number is
  recognised as a rounding of a more precise one (``26.1万`` of 261,048) but never the reverse (see
  ``same_number``).
- A date is a (year, month, day) with any part missing: ``25/6/2024``, ``ngày 25 tháng 6``, ``2024年6月25日``,
  ``June 25, 2024``, ``tháng 11/2024``. A year alone is a number (``năm 2024``, ``2024年``).
- A name is a run of capitalised Latin-script words (``Trịnh Thị Minh Thanh``, ``Bắc Luân III``, ``RCEP``), or,
  in Chinese text, a name of the region's glossary (``东兴``, which a Vietnamese passage writes ``Đông Hưng``).

Two appetites. ``claimed_numbers`` reads a generated sentence and takes only what is surely a number:
digits, and Han numerals that are surely numerals (two or more that parse, or one before a measure word,
never a lone 一, which is far more often part of a word: 统一, 一直). ``stated_numbers`` reads a passage and
takes everything that may be a number: lone Han numerals, the number words of Vietnamese and English
(``hai``, ``three``) and Roman numerals (``Bắc Luân III``). An extra reading on the passage side can only let
a claim through, never remove one; a missed reading on the claim side leaves a number unchecked.
"""

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from songngu.index.glossary import NAME_PAIRS
from songngu.index.normalize import nfc
from songngu.index.numerals import VIETNAMESE_CARDINALS, roman

_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
_HAN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_HAN_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "万亿": 10**12, "萬億": 10**12}
_HAN_DIGIT_CLASS = "".join(_HAN_DIGITS)
_HAN_NUMERAL_CLASS = _HAN_DIGIT_CLASS + "".join(_HAN_SMALL_UNITS) + "万萬亿億"
_DIGIT_GROUPS = r"\d+(?:[.,]\d+)*"

# A number: digit groups or Han numerals, mixed as Chinese writes them (44.2亿, 4亿4200万, 二十六万一千零四十八,
# 十五点八), with a Vietnamese or English scale word after it (4,42 tỷ, 4.42 billion) and a percent sign or word.
_NUMBER = re.compile(
    rf"(?P<percent_before>百分之)?"
    rf"(?P<body>(?:{_DIGIT_GROUPS}|[{_HAN_NUMERAL_CLASS}])(?:{_DIGIT_GROUPS}|[{_HAN_NUMERAL_CLASS}]"
    rf"|点(?=[{_HAN_DIGIT_CLASS}]))*)"
    r"(?:\s?(?P<scale>(?i:nghìn tỷ|ngàn tỷ|tỷ|tỉ|triệu|nghìn|ngàn|vạn|trillion|billion|million|thousand|bn))(?!\w))?"
    r"(?P<percent>\s?[%％]|\s(?:phần trăm|percent|per cent)(?!\w))?"
)
_SCALES = {"nghìn tỷ": 10**12, "ngàn tỷ": 10**12, "tỷ": 10**9, "tỉ": 10**9, "triệu": 10**6, "nghìn": 10**3,
           "ngàn": 10**3, "vạn": 10**4, "trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3,
           "bn": 10**9}
# Measure words after which a single Han numeral is surely a count: 三个, 五家, 八名, 第四届. Left out on
# purpose: 国, 省, 方, 地 (两国 and 两省 say "both", which a passage writes as hai bên or not at all).
_MEASURE_WORDS = frozenset("个個名位家项項次年月日天周座所人条條届屆倍批场場种種件艘辆輛架份号號期轮輪岁歲"
                           "亿億万萬千百十%％")
_VIETNAMESE_NUMBER_WORDS = {word: value for value, word in enumerate(VIETNAMESE_CARDINALS)} | {"tư": 4, "nhất": 1}
_ENGLISH_NUMBER_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER_WORD = re.compile(r"(?<!\w)(" + "|".join(sorted({*_VIETNAMESE_NUMBER_WORDS, *_ENGLISH_NUMBER_WORDS},
                                                            key=len, reverse=True)) + r")(?!\w)", re.I)
_ROMAN = re.compile(r"(?<!\w)[IVXLCDM]{2,}(?!\w)")


@dataclass(frozen=True)
class Reading:
    """One value a written number may have: ``value`` exactly, with ``unit`` the place value of its last
    written digit (0.01 tỷ for ``4,42 tỷ``, 1000 for ``26.1万``, 1 for ``261.048`` read as thousands)."""

    value: Fraction
    unit: Fraction
    percent: bool

    def significant_digits(self) -> int:
        return len(str(abs(round(self.value / self.unit)))) if self.value else 1


@dataclass(frozen=True)
class NumberMention:
    """A number as written, at ``text[start:end]`` of the text it was found in, with its readings."""

    text: str
    start: int
    end: int
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None


@dataclass(frozen=True)
class NameMention:
    """A name as written, and the forms a passage may give it (a glossary name: its Vietnamese form too)."""

    text: str
    start: int
    end: int
    forms: tuple[str, ...]


def _ascii_digits(digits: str) -> str:
    return "".join(str(unicodedata.digit(char)) for char in digits)


def digit_readings(number: str) -> list[tuple[Fraction, Fraction]]:
    """``(value, unit)`` readings of digit groups such as ``261.048``, ``4,42``, ``1,234.5``; [] for none.

    Later groups of three digits may be thousands grouping (Vietnamese dots, English commas); a single
    separator may be a decimal mark (Vietnamese comma, English point); with both separators, the last one
    is the decimal mark.
    """
    groups = [_ascii_digits(group) for group in re.split(r"[.,]", number)]
    separators = re.findall(r"[.,]", number)
    if not separators:
        return [(Fraction(int(groups[0])), Fraction(1))]
    readings = []
    leading_ok = 1 <= len(groups[0]) <= 3 and (groups[0] != "0" and not groups[0].startswith("0"))
    if len(set(separators)) == 1 and leading_ok and all(len(group) == 3 for group in groups[1:]):
        readings.append((Fraction(int("".join(groups))), Fraction(1)))
    if len(separators) == 1:
        readings.append((Fraction(f"{groups[0]}.{groups[1]}"), Fraction(1, 10 ** len(groups[1]))))
    elif len(set(separators)) == 2 and separators[-1] not in separators[:-1] and leading_ok \
            and all(len(group) == 3 for group in groups[1:-1]):
        whole = "".join(groups[:-1])
        readings.append((Fraction(f"{whole}.{groups[-1]}"), Fraction(1, 10 ** len(groups[-1]))))
    return readings


_TOKEN = re.compile(rf"{_DIGIT_GROUPS}|万亿|萬億|[{_HAN_NUMERAL_CLASS}]")


def _compose(body: str) -> list[tuple[Fraction, Fraction]]:
    """Readings of a number mixing digits and Han numerals (``二十六万一千零四十八``, ``4亿4200万``), or []."""
    if "点" in body:
        return _han_decimal(body)
    tokens = _TOKEN.findall(body)
    if len(tokens) == 4 and tokens[0] in "一二" and all(t in _HAN_DIGITS and t not in "两兩" for t in tokens):
        # A year written digit by digit: 二〇二四, 一九四九. Otherwise two digits in a row say "three or
        # four" (三四, 七八) or are a word (三三两两).
        return [(Fraction(int("".join(str(_HAN_DIGITS[t]) for t in tokens))), Fraction(1))]
    choices: list[list[tuple[Fraction, Fraction]]] = [[]]
    for token in tokens:
        if token[0].isdigit():
            choices = [[*chosen, reading] for chosen in choices for reading in digit_readings(token)]
        elif token in _HAN_DIGITS:
            choices = [[*chosen, (Fraction(_HAN_DIGITS[token]), Fraction(1))] for chosen in choices]
        else:
            choices = [[*chosen, token] for chosen in choices]
    return [reading for chosen in choices if (reading := _place_values(chosen)) is not None]


def _place_values(tokens: list) -> tuple[Fraction, Fraction] | None:
    """The value of numbers and Han units in order, and the place value of the last digit; None if malformed."""
    big = wan = section = Fraction(0)
    current: Fraction | None = None
    unit = Fraction(1)
    for token in tokens:
        if isinstance(token, tuple):
            if token[0] == 0 and token[1] == 1 and current is None and (big or wan or section):
                continue  # 零 holds a place: 一千零四十八
            if current is not None:
                return None  # two numbers in a row: a range (三四) or not a number at all
            current, unit = token
        elif token in _HAN_SMALL_UNITS:
            if current is None and token not in "十拾":
                return None  # 百姓, 千方百计: words, not numbers; 十五 is 15
            section += (Fraction(1) if current is None else current) * _HAN_SMALL_UNITS[token]
            unit, current = unit * _HAN_SMALL_UNITS[token], None
        else:
            value = section + (current or 0) + (wan if token in ("亿", "億", "万亿", "萬億") else 0)
            if value == 0:
                return None  # 万一, 亿万: words
            if token in ("万", "萬"):
                wan = value * _HAN_BIG_UNITS[token]
            else:
                big, wan = big + value * _HAN_BIG_UNITS[token], Fraction(0)
            unit, section, current = unit * _HAN_BIG_UNITS[token], Fraction(0), None
    return big + wan + section + (current or 0), unit


def _han_decimal(body: str) -> list[tuple[Fraction, Fraction]]:
    """``十五点八`` 15.8, ``四点四二亿`` 442,000,000: a whole part, 点, digits, maybe a 万/亿 after them."""
    whole, _, rest = body.partition("点")
    digits = "".join(char for char in rest if char in _HAN_DIGITS)
    tail = rest[len(digits):]
    if not digits or (tail and tail not in _HAN_BIG_UNITS) or any(char in _HAN_BIG_UNITS for char in whole):
        return []
    wholes = _compose(whole) if whole else [(Fraction(0), Fraction(1))]
    scale = _HAN_BIG_UNITS.get(tail, 1)
    fraction = Fraction(int("".join(str(_HAN_DIGITS[c]) for c in digits)), 10 ** len(digits))
    return [((value + fraction) * scale, Fraction(scale, 10 ** len(digits))) for value, _ in wholes]


def _mention(match: re.Match) -> NumberMention | None:
    body = match.group("body")
    percent = bool(match.group("percent_before") or match.group("percent"))
    scale = _SCALES.get((match.group("scale") or "").casefold(), 1)
    readings = tuple(dict.fromkeys(Reading(value * scale, unit * scale, percent) for value, unit in _compose(body)))
    if not readings:
        return None
    return NumberMention(match.group(0), match.start(), match.end(), readings)


def _surely_a_number(text: str, match: re.Match) -> bool:
    """Whether a number found in a generated sentence is surely one (see the module docstring)."""
    body = match.group("body")
    if any(char.isdigit() for char in body) or match.group("percent_before") or match.group("scale"):
        return True
    if body == "一":
        return False
    if text[max(0, match.start() - 1):match.start()] == "第":
        return True
    return len(body) >= 2 or text[match.end():match.end() + 1] in _MEASURE_WORDS


def claimed_numbers(sentence: str) -> list[NumberMention]:
    """The numbers a generated sentence surely states (see the module docstring), dates' parts included."""
    found = []
    for match in _NUMBER.finditer(sentence):
        if not _surely_a_number(sentence, match):
            continue
        mention = _mention(match)
        if mention is not None:
            found.append(mention)
        elif re.fullmatch(_DIGIT_GROUPS, match.group("body")):  # 1.2.3: each group on its own
            found += [NumberMention(g.group(0), match.start() + g.start(), match.start() + g.end(),
                                    (Reading(Fraction(int(g.group(0))), Fraction(1), False),))
                      for g in re.finditer(r"\d+", match.group("body"))]
    return found


def stated_numbers(passage: str) -> list[NumberMention]:
    """Every number a passage may state (see the module docstring)."""
    found = []
    for match in _NUMBER.finditer(passage):
        mention = _mention(match)
        if mention is not None:
            found.append(mention)
        else:  # 三四 ("three or four"), 1.2.3: each digit or group on its own
            found += [NumberMention(p.group(0), match.start() + p.start(), match.start() + p.end(),
                                    tuple(Reading(v, u, False) for v, u in _compose(p.group(0))))
                      for p in re.finditer(rf"\d+|[{_HAN_DIGIT_CLASS}]", match.group("body"))]
    for match in _NUMBER_WORD.finditer(passage):
        word = match.group(0).casefold()
        value = _VIETNAMESE_NUMBER_WORDS.get(word, _ENGLISH_NUMBER_WORDS.get(word))
        found.append(NumberMention(match.group(0), match.start(), match.end(),
                                   (Reading(Fraction(value), Fraction(1), False),)))
    for match in _ROMAN.finditer(passage):
        value = roman_value(match.group(0))
        if value is not None:
            found.append(NumberMention(match.group(0), match.start(), match.end(),
                                       (Reading(Fraction(value), Fraction(1), False),)))
    return sorted(found, key=lambda m: m.start)


def roman_value(letters: str) -> int | None:
    """The value of a well-formed Roman numeral (``XLIX`` 49), else None (``DC`` is fine, ``IIII`` is not)."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = sum(-values[a] if values[a] < values[b] else values[a] for a, b in zip(letters, letters[1:], strict=False))
    total += values[letters[-1]]
    return total if 0 < total < 4000 and roman(total) == letters else None


def same_number(claimed: Reading, stated: Reading) -> bool:
    """Whether a claimed reading says what a stated one says: the same value, or (with two significant digits
    or more) the stated value rounded to the claim's last digit. Per cents match only per cents.

    ``26.1万`` is 261,048 rounded (unit 1000); ``4,4 tỷ`` is 4.42 tỷ rounded; ``2 tỷ`` is not 2.26 tỷ (one
    digit says too little); a claim more precise than its source (``261.048`` from ``26万``) is not a rounding.
    """
    if claimed.percent != stated.percent:
        return False
    if claimed.value == stated.value:
        return True
    return (claimed.significant_digits() >= 2 and stated.unit <= claimed.unit
            and abs(claimed.value - stated.value) * 2 <= claimed.unit)


_MONTHS = {name: number for number, names in enumerate(
    ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
     "september sep sept", "october oct", "november nov", "december dec"], start=1) for name in names.split()}
_MONTH_NAME = "(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_HAN_SMALL = f"[{_HAN_DIGIT_CLASS}十]{{1,3}}"
_HAN_YEAR = f"[{_HAN_DIGIT_CLASS}]{{4}}"
# (pattern, the group names in it), longest forms first; a later pattern never takes a span an earlier one took.
_DATE_PATTERNS = [
    re.compile(r"(?<![\d/.])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])"),
    re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})(?![\d/])"),
    re.compile(r"(?i:ngày)\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})(?:\s*(?:năm\s+|/)(?P<year>\d{4}))?"),
    re.compile(r"(?i:tháng)\s+(?P<month>\d{1,2})\s*(?:/|năm\s+)(?P<year>\d{4})(?!\d)"),
    re.compile(rf"(?:(?P<year>\d{{4}}|{_HAN_YEAR})\s*年\s*)?(?P<month>\d{{1,2}}|{_HAN_SMALL})\s*月"
               rf"(?:\s*(?P<day>\d{{1,2}}|{_HAN_SMALL})\s*[日号號])?"),
    re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<monthname>{_MONTH_NAME})"
               r"(?:,?\s+(?P<year>\d{4}))?(?!\w)"),
    re.compile(rf"(?<!\w)(?P<monthname>{_MONTH_NAME})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
               r"(?!\d)"),
    re.compile(rf"(?<!\w)(?P<monthname>{_MONTH_NAME})\s+(?P<year>\d{{4}})(?!\d)"),
    re.compile(r"(?<![\d/.,])(?P<month>\d{1,2})/(?P<year>\d{4})(?![\d/])"),
    re.compile(r"(?<![\d/.,])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?![\d/])"),
    re.compile(r"(?i:tháng)\s+(?P<month>\d{1,2})(?![\d/])"),
]


def _date_part(text: str | None) -> int | None:
    if not text:
        return None
    if text[0].isdigit():
        return int(_ascii_digits(text))
    readings = _compose(text)
    return int(readings[0][0]) if readings else None


def dates_in(text: str) -> list[DateMention]:
    """The dates written in ``text`` (a year alone is a number, not a date), in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            parts = match.groupdict()
            month = _MONTHS[parts["monthname"].rstrip(".").casefold()] if parts.get("monthname") \
                else _date_part(parts.get("month"))
            day, year = _date_part(parts.get("day")), _date_part(parts.get("year"))
            if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            found.append(DateMention(match.group(0), match.start(), match.end(), year, month, day))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def date_of_iso(value: str | None) -> DateMention | None:
    """A document's ``date`` field (``2025-10-29``, ``2025-02``) as a date."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value or "")
    if not match or not match.group(2):
        return None
    return DateMention(value, 0, 0, int(match.group(1)), int(match.group(2)),
                       int(match.group(3)) if match.group(3) else None)


def same_date(claimed: DateMention, stated: DateMention, stated_years: frozenset[int]) -> bool:
    """Whether ``stated`` (or it and a year the same passage states) gives every part ``claimed`` gives."""
    if claimed.month != stated.month or (claimed.day is not None and claimed.day != stated.day):
        return False
    return claimed.year is None or claimed.year == stated.year or (stated.year is None
                                                                   and claimed.year in stated_years)


_LATIN_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# After these, a capital starts a phrase (a clause, a quotation, a list item), not a name.
_PHRASE_OPENERS = frozenset(":;\"“‘(«[-–—•*")


def _capitalised_runs(sentence: str) -> list[list[re.Match]]:
    """Runs of consecutive capitalised Latin words, separated by single spaces."""
    runs: list[list[re.Match]] = []
    for word in _LATIN_WORD.finditer(sentence):
        if not word.group(0)[0].isupper():
            continue
        if runs and sentence[runs[-1][-1].end():word.start()] == " ":
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _opens_phrase(sentence: str, position: int) -> bool:
    before = sentence[:position].rstrip()
    return not before or before[-1] in _PHRASE_OPENERS or before[-1] in ".!?。"


def claimed_names(sentence: str) -> list[NameMention]:
    """The names a generated sentence states: runs of capitalised Latin words, and glossary names in Han.

    A capital that opens the sentence or a phrase (after a colon, a quote, a bracket) may be only that: a
    run starting there has two forms, with and without its first word (``Năm`` of ``Năm 2024`` is not a
    name, ``Quảng Ninh`` opening a sentence is), and a lone word there is not checked.
    """
    found = []
    for run in _capitalised_runs(sentence):
        start, end = run[0].start(), run[-1].end()
        text = sentence[start:end]
        if _opens_phrase(sentence, start):
            if len(run) == 1:
                continue
            found.append(NameMention(text, start, end, (text, sentence[run[1].start():end])))
        else:
            found.append(NameMention(text, start, end, (text,)))
    remaining = nfc(sentence)
    for vietnamese, chinese in sorted(NAME_PAIRS, key=lambda pair: -len(pair[1])):
        position = remaining.find(chinese)
        if position >= 0:
            found.append(NameMention(chinese, position, position + len(chinese), (chinese, vietnamese)))
            remaining = remaining.replace(chinese, " " * len(chinese))  # 防城港 is not also 防城
    return sorted(found, key=lambda n: n.start)


# Family names that open most Vietnamese (and Hán-Việt Chinese) personal names: a run holding one is a
# person's name from there on, and must be found whole (``Nguyễn Văn An`` is not ``Nguyễn`` + ``Văn`` + ``An``).
FAMILY_NAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh Đinh Lưu Khâu Đào Lâm Trương Tạ "
    "Triệu Cao Mai Tô Hà Thái Văn Chu Mạc Tăng Quách Lương Kiều Đoàn Vương Châu".split())


def _occurrences(words: list[str], passage: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, passage, re.I)]


def name_spans(form: str, passage: str) -> list[tuple[int, int]] | None:
    """Where ``passage`` writes the name ``form``: every place it is written whole, else the first place of
    each of its pieces; None when it is not written.

    Whole, case aside. Else in pieces, longest first, each written in the passage (a piece of one word
    written there with its capital): ``Quảng Ninh Trịnh Thị Minh Thanh`` may join two names the passage
    writes apart. A person's name (from a family name on, see ``FAMILY_NAMES``) is never pieced.
    Han forms (a Chinese passage) are found as written.
    """
    if not _LATIN_WORD.search(form):
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(form), nfc(passage))]
        return spans or None
    words = form.split()
    spans, i = [], 0
    while i < len(words):
        for j in range(len(words), i, -1):
            piece = words[i:j]
            if (i, j) != (0, len(words)) and (any(word in FAMILY_NAMES for word in piece[1:])
                                             or (piece[0] in FAMILY_NAMES and j < len(words))):
                continue  # a person's name only whole, to the end of the run
            found = [(s, e) for s, e in _occurrences(piece, passage) if len(piece) > 1 or passage[s].isupper()]
            if found:
                if (i, j) == (0, len(words)):
                    return found  # whole: every place the passage writes it
                spans.append(found[0])
                i = j
                break
        else:
            return None
    return spans
