"""Numbers as written in Vietnamese, Chinese and English text, with every value their notation allows
(see the package docstring): ``claimed_numbers`` of a generated sentence, ``stated_numbers`` of a passage,
``same_number`` between them."""

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from songngu.index.numerals import VIETNAMESE_CARDINALS, roman

_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
_HAN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_HAN_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "万亿": 10**12, "萬億": 10**12}
HAN_DIGIT_CLASS = "".join(_HAN_DIGITS)
_HAN_NUMERAL_CLASS = HAN_DIGIT_CLASS + "".join(_HAN_SMALL_UNITS) + "万萬亿億"
_DIGIT_GROUPS = r"\d+(?:[.,]\d+)*"

# A number: digit groups or Han numerals, mixed as Chinese writes them (44.2亿, 4亿4200万, 二十六万一千零四十八,
# 十五点八), with a Vietnamese or English scale word after it (4,42 tỷ, 4.42 billion) and a percent sign or word.
_NUMBER = re.compile(
    rf"(?P<percent_before>百分之)?"
    rf"(?P<body>(?:{_DIGIT_GROUPS}|[{_HAN_NUMERAL_CLASS}])(?:{_DIGIT_GROUPS}|[{_HAN_NUMERAL_CLASS}]"
    rf"|点(?=[{HAN_DIGIT_CLASS}]))*)"
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


def ascii_digits(digits: str) -> str:
    return "".join(str(unicodedata.digit(char)) for char in digits)


def digit_readings(number: str) -> list[tuple[Fraction, Fraction]]:
    """``(value, unit)`` readings of digit groups such as ``261.048``, ``4,42``, ``1,234.5``; [] for none.

    Later groups of three digits may be thousands grouping (Vietnamese dots, English commas); a single
    separator may be a decimal mark (Vietnamese comma, English point); with both separators, the last one
    is the decimal mark.
    """
    groups = [ascii_digits(group) for group in re.split(r"[.,]", number)]
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


def han_readings(body: str) -> list[tuple[Fraction, Fraction]]:
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
    wholes = han_readings(whole) if whole else [(Fraction(0), Fraction(1))]
    scale = _HAN_BIG_UNITS.get(tail, 1)
    fraction = Fraction(int("".join(str(_HAN_DIGITS[c]) for c in digits)), 10 ** len(digits))
    return [((value + fraction) * scale, Fraction(scale, 10 ** len(digits))) for value, _ in wholes]


def _mention(match: re.Match) -> NumberMention | None:
    body = match.group("body")
    percent = bool(match.group("percent_before") or match.group("percent"))
    scale = _SCALES.get((match.group("scale") or "").casefold(), 1)
    readings = tuple(dict.fromkeys(Reading(value * scale, unit * scale, percent) for value, unit in han_readings(body)))
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
                                    tuple(Reading(v, u, False) for v, u in han_readings(p.group(0))))
                      for p in re.finditer(rf"\d+|[{HAN_DIGIT_CLASS}]", match.group("body"))]
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


# The currency a figure is in, written after it (Vietnamese, Chinese, English) or as a sign before it: a probe
# (session 23) got "4,42 tỷ đồng" and "44.2亿元人民币" through for a passage's "4,42 tỷ USD".
_CURRENCY_AFTER = re.compile(
    r"\s?(?:(?P<usd>USD|US\$|(?i:đô la|đôla|dollars?)|美元|美金)"
    # "đồng" only where a word ends the figure (a stop, a comma, "/", the end): "2 đồng chủ tịch", "đồng loạt" are
    # not dong (the review of session 23)
    r"|(?P<vnd>VND|VNĐ|(?i:đồng)(?=\s*(?:[^\w\s]|$))|越南盾)"
    r"|(?P<cny>NDT|CNY|RMB|(?i:nhân dân tệ|yuan|renminbi)|元|人民币))")
_CURRENCY_BEFORE = re.compile(r"(?P<usd>US\$|(?<![A-Za-z])\$)\s?$")  # not HK$, S$; ¥ is yen or yuan: neither


def currency_of(text: str, mention: NumberMention) -> str | None:
    """``usd``, ``vnd`` or ``cny`` for a figure of ``text`` written with a currency; None without one."""
    found = _CURRENCY_AFTER.match(text, mention.end) or _CURRENCY_BEFORE.search(text, 0, mention.start)
    return next((name for name, written in found.groupdict().items() if written), None) if found else None


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
