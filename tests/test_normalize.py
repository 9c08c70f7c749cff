import unicodedata

import pytest

from songngu.index.normalize import fold_tone_marks, lexical_key, nfc, strip_diacritics


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [("hoà", "hòa"), ("thoả", "thỏa"), ("Hoả", "Hỏa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("hoà bình", "hòa bình")],
)
def test_tone_placement_variants_fold_to_one_key(old_style, new_style):
    assert old_style != new_style
    assert lexical_key(old_style) == lexical_key(new_style)


@pytest.mark.parametrize("word", ["toán", "hoàng", "Nguyễn", "người", "quý", "giá", "Quảng", "thuận", "cửa", "khẩu"])
def test_folding_leaves_unambiguous_syllables_alone(word):
    assert fold_tone_marks(word) == word


def test_folding_keeps_length_so_offsets_survive():
    text = nfc("Thỏa thuận hoà bình, thuỷ sản và Hoả tốc")
    assert len(fold_tone_marks(text)) == len(text)


def test_nfc_composes_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Móng Cái")
    assert decomposed != "Móng Cái"
    assert nfc(decomposed) == "Móng Cái"


def test_strip_diacritics_for_unaccented_queries():
    assert strip_diacritics("Cửa khẩu Móng Cái, Đông Hưng") == "Cua khau Mong Cai, Dong Hung"
    assert strip_diacritics("北仑河") == "北仑河"
