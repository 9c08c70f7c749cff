"""Chinese numerals -> the digits, Vietnamese number words and Roman numerals a Vietnamese text writes.

Vietnamese news writes counts in digits (``4 tỉnh``, ``66 triệu năm``) or, when small,
in words (``chín trận``), and ordinals as ``thứ tư``/``lần thứ 15``. A Chinese question
says 四个省份, 九场比赛, 6600万年前, 第四节: Hán-Việt reads 四 as ``tứ`` and 九 as
``cửu``, which match neither. ``vietnamese_numbers`` gives the forms to add to a
Chinese question or passage (``songngu.index.analysis.bridge_tokens``): ``四`` -> ``4``, ``bốn``;
``6600万`` -> ``66000000``, ``66 triệu``; ``第四`` -> ``4``, ``IV``, ``thứ tư``.

Measured on the dev sets (Chinese questions, Vietnamese text): XQuAD recall@1 .853 -> .856,
answer_hit .714 -> .720, and .858 with the Roman forms (第 49 届超级碗 finds Super Bowl XLIX);
seed-dev passage_hit@1 .857 -> 1.0 (四个省份 finds the 4 provinces).
"""

import re
from fractions import Fraction

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_MYRIADS = {"万": 10_000, "亿": 100_000_000}
# A number: Han numerals, or Arabic digits (6600万, 5.05亿, 33 in 第33届); 第 makes it an ordinal.
_NUMBER = re.compile(r"(第\s*)?(\d+(?:\.\d+)?[万亿]?|[零〇一二两三四五六七八九十百千万亿]+)")
VIETNAMESE_CARDINALS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")
VIETNAMESE_ORDINALS = {1: "thứ nhất", 4: "thứ tư"}  # the others are thứ + the cardinal: thứ hai, thứ ba


def chinese_number_value(numeral: str) -> int | None:
    """The whole value of ``numeral`` (``三十五`` 35, ``两千`` 2000, ``6600万`` 66,000,000), or None."""
    if numeral[0].isdigit():  # exact arithmetic: 5.05亿 is 505,000,000 and no run of digits overflows
        value = Fraction(numeral.rstrip("万亿")) * _MYRIADS.get(numeral[-1], 1)
        return int(value) if value.denominator == 1 else None
    total, section, digit = 0, 0, None
    for char in numeral:
        if char in _DIGITS:
            if digit is not None:
                return None  # 三四 ("three or four") is a range, not a number
            digit = _DIGITS[char]
        elif char in _UNITS:
            if digit is None and char != "十":
                return None  # 百姓, 千万 ("by all means"): words, not numbers; 十五 is 15
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:  # 万 or 亿 closes a section
            if section == 0 and digit is None:
                return None  # 万一 ("in case"), 亿万: words
            total = (total + section + (digit or 0)) * _MYRIADS[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def roman(value: int) -> str:
    """``value`` (1 to 3999) in Roman numerals: 49 -> ``XLIX``."""
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, number)
        out += letters * count
    return out


def _vietnamese_forms(value: int, ordinal: bool, roman_too: bool) -> list[str]:
    forms = [str(value)] + ([roman(value)] if roman_too and 0 < value < 4000 else [])
    if ordinal:
        forms.append(VIETNAMESE_ORDINALS.get(value) or f"thứ {VIETNAMESE_CARDINALS[value] if value <= 10 else value}")
    elif value <= 10:
        forms.append(VIETNAMESE_CARDINALS[value])
    for unit, word in ((1_000_000_000, "tỷ"), (1_000_000, "triệu"), (1_000, "nghìn")):
        if value >= unit and value % unit == 0:
            forms.append(f"{value // unit} {word}")
            break
    return forms


def vietnamese_numbers(simplified: str) -> list[str]:
    """Vietnamese forms of the Chinese numbers in ``simplified`` (Simplified Han), in text order.

    A lone 一 is left out: it is far more often the article or part of a word (一个, 一直,
    统一) than the number one. Plain Arabic numbers are left out too (they are tokens already),
    unless an ordinal or a century or monarch's number asks for their Roman form.
    """
    forms: list[str] = []
    for match in _NUMBER.finditer(simplified):
        ordinal, numeral = match.group(1) is not None, match.group(2)
        # Vietnamese writes the ordinal of events and the number of centuries and of monarchs in
        # Roman numerals as often as in digits: Super Bowl XLIX (第49届), thế kỷ XVIII (18世纪),
        # Henry III (亨利三世).
        roman_too = ordinal or simplified[match.end():match.end() + 1] == "世"
        if not roman_too and (numeral == "一" or numeral.replace(".", "").isdigit()):
            continue
        value = chinese_number_value(numeral)
        if value is not None:
            forms += _vietnamese_forms(value, ordinal, roman_too)
    return forms


HAN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")


def han_numerals_as_digits(text: str) -> str:
    """``text`` with each Chinese numeral written in digits (前九个月 -> 前9个月, 十二名 -> 12名); a lone 一 stays
    (一个, 统一: rarely the number one)."""
    def digits(match: re.Match) -> str:
        value = chinese_number_value(match.group(0)) if match.group(0) != "一" else None
        return match.group(0) if value is None else str(value)
    return HAN_NUMERAL.sub(digits, text)
