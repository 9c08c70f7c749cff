"""Numbers, dates and names in Vietnamese, Chinese and English notations (``songngu.search.facts``)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from songngu.search.facts.dates import dates_in
from songngu.search.facts.names import claimed_names, name_spans
from songngu.search.facts.numbers import Reading, claimed_numbers, roman_value, same_number, stated_numbers


def values(text: str, claimed: bool = True) -> list[set[float]]:
    found = claimed_numbers(text) if claimed else stated_numbers(text)
    return [{float(r.value) for r in m.readings} for m in found]


@pytest.mark.parametrize(("text", "value"), [
    ("4,42 tỷ USD", 4_420_000_000), ("4.42 billion USD", 4_420_000_000), ("44.2亿美元", 4_420_000_000),
    ("四十四亿二千万", 4_420_000_000), ("4亿4200万", 442_000_000), ("261.048 lượt", 261_048), ("261,048", 261_048),
    ("二十六万一千零四十八", 261_048), ("26.1万", 261_000), ("430.000 lượt", 430_000), ("430 nghìn", 430_000),
    ("7,15 tỷ", 7_150_000_000), ("0,48 tỷ", 480_000_000), ("1,234.5", 1234.5), ("1.234,5", 1234.5),
    ("两千零二十四", 2024), ("二〇二四", 2024), ("十五", 15), ("十五点八", 15.8), ("四点四二亿", 442_000_000),
    ("3.5 million", 3_500_000), ("1,2 triệu", 1_200_000), ("2 vạn", 20_000), ("1万亿", 10**12),
])
def test_number_notations_read_the_same_value(text, value):
    assert [value in found for found in values(text)] == [True]


@pytest.mark.parametrize(("text", "percent"), [
    ("tăng 15,8%", 15.8), ("up 15.8 percent", 15.8), ("增长15.8%", 15.8), ("百分之十五点八", 15.8),
    ("chiếm 53,47 %", 53.47), ("占百分之五十三点四七", 53.47), ("15.8 per cent", 15.8), ("15,8 phần trăm", 15.8),
])
def test_percentages_in_three_languages(text, percent):
    (mention,) = claimed_numbers(text)
    assert all(r.percent for r in mention.readings) and percent in {float(r.value) for r in mention.readings}


def test_separators_are_ambiguous_and_keep_both_readings():
    assert values("261.048") == [{261048, 261.048}]
    assert values("4,42") == [{4.42}]  # two digits after the comma: a decimal mark only
    assert values("1.234.567") == [{1234567}]


@pytest.mark.parametrize("text", ["统一", "一直", "一些", "进一步", "十分重要", "千方百计", "万一", "百姓", "三三两两",
                                  "北仑河三桥", "两国", "第一次"])
def test_han_words_holding_numerals_are_not_claimed_numbers(text):
    assert claimed_numbers(text) == []


@pytest.mark.parametrize(("text", "value"), [("三个省", 3), ("第四届", 4), ("五家企业", 5), ("两千人", 2000),
                                             ("十二名学生", 12), ("八名", 8)])
def test_han_numerals_that_count_are_claimed(text, value):
    assert values(text) == [{value}]


def test_passages_also_state_number_words_and_roman_numerals():
    assert {3} in values("cầu Bắc Luân III", claimed=False)
    assert {2} in values("hai bên thống nhất", claimed=False)
    assert {1} in values("统一", claimed=False)  # a passage's lone 一 may be a number: letting it through is safe
    assert roman_value("XLIX") == 49 and roman_value("IIII") is None and roman_value("DC") == 600


def reading(value, unit, percent=False) -> Reading:
    return Reading(Fraction(value), Fraction(unit), percent)


def test_a_claim_may_round_its_source_but_not_invent_precision():
    source = reading(261_048, 1)
    assert same_number(reading(261_000, 1000), source)  # 26.1万
    assert same_number(reading(260_000, 10_000), source)  # 26万
    assert not same_number(reading(270_000, 10_000), source)  # 27万
    assert not same_number(reading(200_000, 100_000), source)  # 20万: one digit says too little
    assert not same_number(reading(261_048, 1), reading(260_000, 10_000))  # more precise than the source
    assert same_number(reading(Fraction(44, 10), Fraction(1, 10)), reading(Fraction(442, 100), Fraction(1, 100)))
    assert not same_number(reading(2, 1), reading(Fraction(226, 100), Fraction(1, 100)))  # 2 tỷ is not 2,26 tỷ
    assert not same_number(reading(Fraction(158, 10), Fraction(1, 10), True), reading(Fraction(158, 10), 1, False))


@pytest.mark.parametrize(("text", "year", "month", "day"), [
    ("Ngày 25/6/2024, hai bên", 2024, 6, 25), ("ngày 25 tháng 6 năm 2024", 2024, 6, 25), ("2024年6月25日", 2024, 6, 25),
    ("二〇二四年六月二十五日", 2024, 6, 25), ("June 25, 2024", 2024, 6, 25), ("25 June 2024", 2024, 6, 25),
    ("2024-06-25", 2024, 6, 25), ("giữa tháng 11/2024", 2024, 11, None), ("2024年11月", 2024, 11, None),
    ("ngày 27/2", None, 2, 27), ("2月27日", None, 2, 27), ("November 2024", 2024, 11, None),
])
def test_dates_in_three_languages(text, year, month, day):
    (date,) = dates_in(text)
    assert (date.year, date.month, date.day) == (year, month, day)


def test_not_dates():
    assert dates_in("Trong 9 tháng năm 2025") == []  # nine months, not September
    assert dates_in("tỷ lệ 45/100") == []  # (3/4 would be the 3rd of April: a bare d/m is read as a date)


def test_names_of_a_vietnamese_sentence():
    sentence = "Năm 2024, Phó Bí thư Quảng Ninh Trịnh Thị Minh Thanh gặp ông Lưu Ninh: Hai bên đồng ý."
    names = [n.text for n in claimed_names(sentence)]
    assert names == ["Phó Bí", "Quảng Ninh Trịnh Thị Minh Thanh", "Lưu Ninh"]  # not "Năm", not "Hai" after ':'


def test_names_of_a_chinese_sentence_include_glossary_names():
    names = {n.text: n.forms for n in claimed_names("北仑河三桥（Cầu Bắc Luân III）连接芒街和东兴，RCEP。")}
    assert names["Cầu Bắc Luân III"] == ("Cầu Bắc Luân III",)
    assert names["芒街"] == ("芒街", "Móng Cái") and names["东兴"] == ("东兴", "Đông Hưng")
    assert "RCEP" in names
    assert [n.text for n in claimed_names("防城港市")] == ["防城港"]  # not also 防城


@pytest.mark.parametrize(("name", "text", "found"), [
    ("东兴", "东兴口岸新增了通道", True), ("东兴", "东兴市", True), ("东兴", "芒街—东兴国际铁路口岸", True),
    ("东兴", "越南东兴", True), ("东兴", "广西东兴的旅客", True), ("东兴", "广东兴宁的一家工厂", False),
    ("中国", "在华中国企业", True),  # the review: 华中 (Central China) read first takes only its first character
    ("东兴", "中东兴起的新产业", True),  # the price of that: a name cut on one side is still one
])
def test_a_han_name_is_not_found_inside_two_others(name, text, found):
    """A review (session 25): 东兴 (Đông Hưng) was found inside 广东兴宁 (Guangdong's Xingning), so a generated sentence
    naming 东兴 was taken as supported by a passage that names only Xingning, and one naming 广东兴宁 claimed 东兴."""
    assert (name_spans(name, text) is not None) is found
    assert (name in [n.text for n in claimed_names(text)]) is found


PASSAGE = ("Phó Chủ tịch UBND tỉnh Quảng Ninh Lê Văn Ánh đề nghị, hai bên đẩy nhanh cầu Bắc Luân III; "
           "Bí thư Tỉnh ủy Quảng Ninh Nguyễn Xuân Ký đã trao đổi.")


@pytest.mark.parametrize(("name", "found"), [
    ("Lê Văn Ánh", True), ("lê văn ánh", True), ("Cầu Bắc Luân III", True), ("Quảng Ninh Lê Văn Ánh", True),
    ("Quảng Ninh Nguyễn Xuân Ký", True),  # two names the passage writes apart: pieces
    ("Nguyễn Văn Ánh", False),  # a person's name is never pieced together
    ("Lê Xuân Ký", False), ("Bắc Kinh", False), ("Ninh", True), ("Xuân", True), ("Hai", False),
])
def test_name_spans_whole_or_in_pieces(name, found):
    assert (name_spans(name, PASSAGE) is not None) is found


def format_vi(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def format_zh(value: int) -> str:
    wan, rest = divmod(value, 10_000)
    return f"{wan}.{rest:04d}".rstrip("0").rstrip(".") + "万" if wan else str(value)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([format_vi, "{:,}".format, format_zh, str]))
def test_any_integer_in_any_notation_reads_back(value, notation):
    written = notation(value)
    (mention,) = claimed_numbers(f"共{written}人")
    assert value in {r.value for r in mention.readings}


@given(st.integers(min_value=1, max_value=999_999), st.integers(min_value=1, max_value=99),
       st.sampled_from(["vi", "en", "zh"]))
def test_any_decimal_with_a_scale_word_reads_back(whole, hundredths, language):
    value = Fraction(whole * 100 + hundredths, 100)
    written = {"vi": f"{whole},{hundredths:02d} triệu", "en": f"{whole}.{hundredths:02d} million",
               "zh": f"{whole * 100 + hundredths}万"}[language]
    (mention,) = claimed_numbers(written)
    assert value * 1_000_000 in {r.value for r in mention.readings}
