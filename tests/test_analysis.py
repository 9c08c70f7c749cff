"""Lexical analysers on real sentences and names from the seed corpus."""

import re
import sqlite3
from functools import lru_cache
from pathlib import Path

import pytest

from songngu.index.analysis import (
    FTS5_TOKENIZE,
    HANVIET_STOP_CHARS,
    analyse,
    chinese_tokens,
    english_bridge_tokens,
    glossary_tokens,
    hanviet_tokens,
    question_tokens,
    vietnamese_tokens,
)
from songngu.index.cedict import latin_names
from songngu.index.glossary import english_glossary_matches, english_in_vietnamese
from songngu.index.normalize import HAN_RUN, strip_diacritics
from songngu.index.numerals import chinese_number_value, vietnamese_numbers

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@lru_cache(maxsize=1)
def corpus_sentences() -> tuple[str, ...]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")))
    return tuple(s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip())


def sentence_with(*fragments: str) -> str:
    """The first corpus sentence containing every fragment."""
    for sentence in corpus_sentences():
        if all(fragment in sentence for fragment in fragments):
            return sentence
    raise AssertionError(f"no corpus sentence contains {fragments}")


def bigram(words: str) -> str:
    """The token vietnamese_tokens gives to two Vietnamese words as a bigram."""
    (token,) = [t for t in vietnamese_tokens(words) if "_" in t and not t.startswith("~")]
    return token


# Tone folding, bigrams, diacritic-free twins


def test_tone_mark_placement_does_not_change_tokens():
    old_style = sentence_with("các thoả thuận liên quan")
    new_style = sentence_with("các thỏa thuận liên quan")
    assert vietnamese_tokens("thoả thuận") == vietnamese_tokens("thỏa thuận")
    assert vietnamese_tokens("cụ thể hoá") == vietnamese_tokens("cụ thể hóa")
    assert bigram("thỏa thuận") in vietnamese_tokens(old_style)
    assert bigram("thoả thuận") in vietnamese_tokens(new_style)


def test_tokens_are_casefolded_syllables_including_one_letter_ones():
    tokens = vietnamese_tokens(sentence_with("bảo đảm an ninh ở khu vực biên giới"))
    assert {"ở", "an", "ninh", "an_ninh", "ở_khu", "~o"} <= set(tokens)
    assert "Ninh" not in tokens


def test_bigrams_join_adjacent_syllables_but_not_across_punctuation():
    assert {"cửa_khẩu", "~cua_khau"} <= set(vietnamese_tokens(sentence_with("nâng cấp cửa khẩu")))
    tokens = set(vietnamese_tokens(sentence_with("Phòng Thành - Hạ Long")))
    assert {"phòng_thành", "hạ_long", "~ha_long"} <= tokens
    assert "thành_hạ" not in tokens
    tokens = set(vietnamese_tokens("Quảng Ninh (Việt Nam) - Quảng Tây (Trung Quốc)"))
    assert "quảng_ninh" in tokens
    assert "ninh_việt" not in tokens
    assert "nam_quảng" not in tokens


def test_query_without_diacritics_meets_sentence_on_twins_only():
    sentence = sentence_with("cửa khẩu quốc tế Móng Cái (Việt Nam)")
    query = analyse("cua khau Mong Cai")
    shared = set(query) & set(analyse(sentence))
    assert {"~cua_khau", "~mong_cai", "~cua", "~mong"} <= shared
    assert all(token.startswith("~") for token in shared)


# Chinese n-grams and Traditional folding


def test_chinese_unigrams_and_bigrams_within_runs():
    assert chinese_tokens("广宁省") == ["广", "宁", "省", "广宁", "宁省"]
    tokens = chinese_tokens("广宁，广西")
    assert {"广宁", "广西"} <= set(tokens)
    assert "宁广" not in tokens


def test_traditional_and_simplified_give_the_same_tokens():
    assert chinese_tokens("廣寧與廣西") == chinese_tokens("广宁与广西")
    assert chinese_tokens("東興口岸") == chinese_tokens("东兴口岸")
    assert hanviet_tokens("廣寧") == hanviet_tokens("广宁")
    assert analyse("北侖河大橋") == analyse("北仑河大桥")


def test_full_width_digits_and_letters_are_narrowed():
    assert set(chinese_tokens("２０２４年ＡＳＥＡＮ")) == set(chinese_tokens("2024年ASEAN"))


# Hán-Việt bridge


@pytest.mark.parametrize(
    ("han", "vietnamese", "fragment"),
    [
        ("广宁", "Quảng Ninh", "tỉnh Quảng Ninh"),
        ("广西", "Quảng Tây", "Choang Quảng Tây"),
        ("北仑", "Bắc Luân", "cầu Bắc Luân III"),
        ("防城港", "Phòng Thành", "thành phố Phòng Thành Cảng"),
        ("防城港", "Thành Cảng", "thành phố Phòng Thành Cảng"),
        ("东兴", "Đông Hưng", "Móng Cái - Đông Hưng"),
    ],
)
def test_hanviet_reading_of_a_place_name_matches_the_corpus(han, vietnamese, fragment):
    expected = bigram(vietnamese)
    assert expected in hanviet_tokens(han)
    assert expected in analyse(sentence_with(fragment))
    assert "~" + strip_diacritics(expected) in hanviet_tokens(han)


def test_hanviet_is_a_reading_not_a_translation():
    # 芒街 is the Chinese name of Móng Cái, but read Hán-Việt it is "Mang Nhai".
    tokens = hanviet_tokens("芒街")
    assert "mang_nhai" in tokens
    assert bigram("Móng Cái") not in tokens


def test_function_characters_give_no_unigram_but_compounds_keep_their_bigram():
    tokens = hanviet_tokens("广宁的口岸是什么")
    for char in "的是什么":
        assert char in HANVIET_STOP_CHARS
    for reading in ("đích", "thị", "thập", "ma", "~dich", "~thi"):
        assert reading not in tokens
    assert {"quảng_ninh", "khẩu", "khẩu_ngạn"} <= set(tokens)
    peace = hanviet_tokens("和平")
    assert bigram("hòa bình") in peace
    assert bigram("hòa bình") in analyse(sentence_with("Việt - Trung hòa bình, hữu nghị"))
    assert vietnamese_tokens("hòa")[0] not in peace


# Numbers and acronyms


def test_grouped_numbers_are_one_token_plus_their_parts():
    tokens = set(vietnamese_tokens(sentence_with("4,42 tỷ USD")))
    assert {"4,42", "4", "42", "4,42_tỷ", "tỷ_usd", "usd", "2,26", "0,48"} <= tokens
    date = set(vietnamese_tokens(sentence_with("Ngày 25/6/2024")))
    assert {"25/6/2024", "25", "6", "2024", "ngày_25/6/2024"} <= date
    visitors = set(vietnamese_tokens(sentence_with("97.015 lượt")))
    assert {"97.015", "97.015_lượt", "~97.015_luot"} <= visitors


def test_numbers_meet_across_decimal_and_grouping_conventions():
    # Vietnamese writes 4,42 (decimal comma) and 97.015 (thousands dot).
    vietnamese = set(analyse(sentence_with("4,42 tỷ USD")))
    assert "4.42" in vietnamese & set(analyse("2024年口岸进出口额4.42亿美元"))
    visitors = set(analyse(sentence_with("97.015 lượt")))
    assert "97015" in visitors & set(analyse("芒街口岸97015人次"))
    assert "97015" in visitors & set(analyse("97,015 visitors"))
    date = set(analyse(sentence_with("Ngày 25/6/2024")))
    assert {"2024", "6", "25"} <= date & set(analyse("2024年6月25日"))


def test_chinese_query_meets_vietnamese_sentence_on_year_acronym_and_reading():
    sentence = sentence_with("Học bổng ASEAN", "năm 2024")
    shared = set(analyse("2024年广西ASEAN奖学金")) & set(analyse(sentence))
    assert {"2024", "asean", "~asean", "học", "quảng_tây"} <= shared


def test_acronyms_and_foreign_names_are_casefolded_words():
    tokens = set(vietnamese_tokens(sentence_with("(RCEP)")))
    assert {"rcep", "asean", "~rcep"} <= tokens
    assert {"jinko", "jinko_solar", "pv"} <= set(vietnamese_tokens(sentence_with("Jinko Solar PV")))


# routing by script


def test_han_text_carries_hanviet_tokens_question_or_passage():
    zh = analyse("广宁口岸")
    assert {"广宁", "口岸", "quảng_ninh", "~quang_ninh"} <= set(zh)
    assert not any(HAN_RUN.search(t) or t == "quảng_ninh" for t in analyse("Quang Ninh, 2024"))


def test_glossary_bridges_names_and_words_that_hanviet_misreads():
    tokens = set(analyse("芒街口岸到东兴的铁路"))
    # 芒街 reads Mang Nhai and 铁路 thiết lộ: the corpus says Móng Cái and đường sắt.
    assert {"móng_cái", "~mong_cai", "đông_hưng", "cửa_khẩu", "đường_sắt", "~duong_sat"} <= tokens
    assert analyse("東興鐵路") == analyse("东兴铁路")
    # The longest form wins: 中国 is Trung Quốc, so 国 alone (nước) must not be added.
    assert "nước" not in analyse("中国") and "trung_quốc" in analyse("中国")
    # Session 10 (a probe): 市长 reads thị trường ("market"), 进口 tiến khẩu.
    assert {"thị_trưởng", "nhập_khẩu"} <= set(analyse("防城港市长与进口"))


def test_glossary_tokens_are_the_glossary_words_without_the_readings():
    assert "xuất_khẩu" in analyse("进出口总额")  # the reading of 出口 across 进出口
    assert set(glossary_tokens("进出口总额")) == set(vietnamese_tokens("xuất nhập khẩu"))
    assert glossary_tokens("Quảng Ninh") == []


def test_english_words_bridge_to_the_vietnamese_the_corpus_writes():
    """Session 21: an English question met Vietnamese passages only on its names; its words now bring their
    Vietnamese (the English twin of the Chinese glossary)."""
    tokens = set(english_bridge_tokens("What was the trade volume through the border gates of Guangxi?"))
    assert {"kim_ngạch", "xuất_nhập", "nhập_khẩu", "cửa_khẩu", "quảng_tây", "~quang_tay"} <= tokens
    # a phrase consumes its words: a border gate is no border (biên giới), a trade volume no trade (thương mại)
    assert not {"biên_giới", "thương_mại"} & tokens
    # a word gives each of its forms; a plural matches; a place and a country by their English names
    assert {"quốc_gia", "nước"} <= set(english_bridge_tokens("countries"))
    assert {"thành_cảng", "hàn_quốc", "thị_trưởng"} <= set(english_bridge_tokens("Korea, Fangchenggang mayors"))
    assert english_bridge_tokens("How many did they?") == []
    fangcheng = english_bridge_tokens("Fangcheng")
    assert "phòng_thành" in fangcheng and "thành_cảng" not in fangcheng


def test_english_glossary_reads_the_longer_name_and_no_word_inside_another():
    """A review (session 21): "North Korea" was read as Korea (Hàn Quốc), and the plural -es an entry took made
    "cares", "tones", "wines" cars, tons and wins."""
    assert set(english_bridge_tokens("trade with North Korea")) >= {"triều_tiên"}
    assert "hàn_quốc" not in english_bridge_tokens("trade with North Korea")
    assert english_bridge_tokens("cares tones wines wares news") == []
    assert {"đảng", "cơ_quan"} <= set(english_bridge_tokens("political parties and agencies"))
    assert english_bridge_tokens("the People\u2019s Committee") == vietnamese_tokens("ủy ban nhân dân")
    assert {"vốn", "thủ_đô"} <= set(english_bridge_tokens("capital"))  # a word gives each of its forms
    assert "dài" not in english_bridge_tokens("Ha Long Bay") and "hạ_long" in english_bridge_tokens("Ha Long Bay")


def test_english_glossary_matches_say_where_each_word_is():
    question = "Who is the mayor of Fangchenggang?"
    assert [(question[start:end], vi) for start, end, vi in english_glossary_matches(question)] == [
        ("Fangchenggang", "Phòng Thành Cảng"), ("mayor", "thị trưởng")]


def test_an_english_question_is_written_with_the_vietnamese_the_glossary_knows():
    """What ``embed_question`` embeds beside the question (session 22): each name, phrase and word the glossary
    knows in Vietnamese, the longer match where two overlap, a word's first form; the rest as it was."""
    assert english_in_vietnamese("What is the trade volume between Quang Ninh and Guangxi?") == (
        "What is the kim ngạch xuất nhập khẩu between Quang Ninh and Quảng Tây?")  # not "thương mại" for "trade"
    assert english_in_vietnamese("Who is the mayor of Fangchenggang?") == "Who is the thị trưởng of Phòng Thành Cảng?"
    assert english_in_vietnamese("trade with North Korea") == "thương mại with Triều Tiên"
    assert english_in_vietnamese("What is the capital?") == "What is the thủ đô?"  # the first of thủ đô / vốn
    for text in ("Quảng Ninh có bao nhiêu cửa khẩu?", "广西的首府是哪里？", "asdkjh qwoeiu", ""):
        assert english_in_vietnamese(text) == text


def test_only_an_english_question_takes_the_english_bridge():
    assert set(question_tokens("What is the trade volume?", "en")) - set(analyse("What is the trade volume?")) == set(
        english_bridge_tokens("trade volume"))
    for lang in ("vi", "zh", "fr"):
        assert question_tokens("trade volume", lang) == analyse("trade volume")
    assert question_tokens("广宁贸易", "zh") == analyse("广宁贸易")


def test_cedict_names_bridge_chinese_transliterations_to_latin_script():
    """特斯拉 reads đặc tư lạp in Hán-Việt; Vietnamese writes Tesla."""
    sentence = "Nhà phát minh Tesla mất năm 1943 tại New York."
    shared = set(analyse("特斯拉是哪一年去世的？")) & set(analyse(sentence))
    assert {"tesla", "~tesla", "năm"} <= shared
    assert "tesla" not in hanviet_tokens("特斯拉")  # the name comes from CC-CEDICT, not from the reading
    # Traditional characters fold first; a translated name (超级碗) bridges as well as a transliterated one.
    assert {"warsaw", "super_bowl"} <= set(analyse("華沙和超級碗"))


def test_cedict_bridge_takes_names_only():
    # 拦截 is "to intercept" in CC-CEDICT: an English gloss of a word is not Vietnamese text.
    assert not {"intercept", "~intercept"} & set(analyse("拦截"))
    assert latin_names("特斯拉在哪里出生") == ["Nikola Tesla"]
    assert latin_names("广宁") == []  # "Guangning county in Zhaoqing": a description, not a name
    # The glossary and CC-CEDICT both know 东盟: its token appears once.
    assert analyse("东盟奖学金").count("asean") == 1


@pytest.mark.parametrize(("numeral", "value"), [("四", 4), ("三十五", 35), ("两千", 2000), ("一百二十", 120),
                                               ("一万五千", 15000), ("6600万", 66_000_000), ("5.05亿", 505_000_000)])
def test_chinese_number_values(numeral, value):
    assert chinese_number_value(numeral) == value


def test_chinese_numbers_meet_the_digits_and_words_of_vietnamese_text():
    # seed-dev: 与广西开展地方合作的越南四个省份是哪些？ The article says "4 tỉnh".
    sentence = sentence_with("Bí thư 4 tỉnh", "Cao Bằng")
    assert {"4", "tỉnh"} <= set(analyse("越南四个省份")) & set(analyse(sentence))
    assert vietnamese_numbers("九场比赛中五次") == ["9", "chín", "5", "năm"]
    assert vietnamese_numbers("第四节") == ["4", "IV", "thứ tư"]
    assert vietnamese_numbers("第33届") == ["33", "XXXIII", "thứ 33"]
    assert vietnamese_numbers("6600万年前") == ["66000000", "66 triệu"]
    # Events, centuries and monarchs take Roman numerals in Vietnamese: Super Bowl XLIX, thế kỷ XVIII, Henry III.
    assert "XLIX" in vietnamese_numbers("第 49 届超级碗") and "xlix" in analyse("第 49 届超级碗")
    assert vietnamese_numbers("18世纪") == ["18", "XVIII"] and "III" in vietnamese_numbers("亨利三世")
    # A run of digits as long as a question allows is a number like any other, not an overflow.
    assert vietnamese_numbers("第" + "9" * 900)[0] == "9" * 900
    assert len(analyse("第" + "9" * 900 + "届")) > 0
    # Words that hold numeral characters are not numbers; nor is a range; plain digits are tokens already.
    assert vietnamese_numbers("一个统一的百姓，万一三四个，2024年") == []


def test_chinese_query_latin_tokens_appear_once():
    tokens = analyse("ASEAN奖学金")
    assert tokens.count("asean") == 1
    assert hanviet_tokens("ASEAN奖学金").count("asean") == 1


def test_chinese_passage_carries_the_bridge_a_vietnamese_question_meets():
    passage = "东兴口岸新增了十二条自助查验通道，旅客平均通关时间缩短到三十秒左右。"
    tokens = analyse(passage)
    assert {"口岸", "东兴"} <= set(tokens)  # Chinese questions still meet it on Han n-grams
    question = set(analyse("Cửa khẩu Đông Hưng có bao nhiêu hành khách, thời gian 30 giây?"))
    # Hán-Việt (东兴 đông hưng), glossary (口岸 cửa khẩu, 旅客 hành khách) and numerals (三十 30)
    assert {"đông_hưng", "cửa_khẩu", "hành_khách", "30"} <= question & set(tokens)
    plain = set(analyse("cua khau Dong Hung"))
    assert {"~dong_hung", "~cua_khau"} <= plain & set(tokens)


def test_passage_mixing_scripts_gets_both_kinds_of_tokens():
    tokens = set(analyse("thành phố Phòng Thành Cảng (防城港市)"))
    assert {"phòng_thành", "thành_cảng", "防城", "城港", "港市"} <= tokens
    assert "phòng_thành_cảng" not in tokens


# Tokens in SQLite FTS5


def test_every_corpus_token_is_fts5_safe():
    for sentence in corpus_sentences():
        for token in analyse(sentence):
            assert token and not re.search(r'[\s"]', token), (token, sentence)


def test_tokens_survive_fts5_and_chinese_query_finds_vietnamese_passage():
    passages = [sentence_with("Cầu Bắc Luân III"), sentence_with("Học bổng ASEAN")]
    db = sqlite3.connect(":memory:")
    db.execute(f'CREATE VIRTUAL TABLE passages USING fts5(tokens, tokenize="{FTS5_TOKENIZE}")')
    db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(passages, row)")
    rows = [(" ".join(analyse(passage)),) for passage in passages]
    db.executemany("INSERT INTO passages(tokens) VALUES (?)", rows)
    indexed = {term for (term,) in db.execute("SELECT term FROM vocab")}
    assert indexed == {t for p in passages for t in analyse(p)}

    def search(query: str) -> list[int]:
        match = " OR ".join(f'"{token}"' for token in analyse(query))
        sql = "SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY rank"
        return [rowid for (rowid,) in db.execute(sql, (match,))]

    assert search("北仑大桥")[0] == 1
    assert search("2024年ASEAN奖学金")[0] == 2
