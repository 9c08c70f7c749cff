"""The grounding check on real passages of the seed corpus: number forms in three languages, dates, names,
missing and out-of-range markers, where the evidence is located, and the answer made of what is supported."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from songngu.index.documents import read_corpus
from songngu.search.answer import Answer
from songngu.search.facts.numbers import claimed_numbers
from songngu.search.grounding import check_claim, ground, grounded_answer, sources_for, split_claims
from songngu.search.retrieve import Hit, Scores
from tests.conftest import SEED_CORPUS

DOCUMENTS = {d.doc_id: d for d in read_corpus(SEED_CORPUS)}
TRADE = "Năm 2024, kim ngạch xuất nhập khẩu qua các cửa khẩu đạt hơn 4,42 tỷ USD"
VISITORS = "261.048 lượt"
FDI = "53,47%"
DATE = "Ngày 25/6/2024"
SCHOLARS = "gồm 8 người"
PERSON = "Trịnh Thị Minh Thanh"
EXTRACTIVE = Answer("…", (), (), False, 0.5, None)


def passage(needle: str, rank: int = 1) -> Hit:
    """The paragraph of the seed corpus that holds ``needle``, as a retrieved passage (exact offsets)."""
    for doc_id, document in DOCUMENTS.items():
        position = document.text.find(needle)
        if position >= 0:
            start = document.text.rfind("\n", 0, position) + 1
            end = document.text.find("\n", position)
            end = len(document.text) if end < 0 else end
            return Hit(rank, rank, doc_id, document.title, document.date, start, end, document.text[start:end], 1.0,
                       Scores())
    raise AssertionError(f"{needle!r} is not in the seed corpus")


SOURCES = sources_for([passage(TRADE, 1), passage(VISITORS, 2), passage(FDI, 3), passage(DATE, 4),
                       passage(PERSON, 5)])


def problem_of(sentence: str, sources=SOURCES) -> tuple[str, str] | None:
    (claim,) = split_claims(sentence)
    verdict = check_claim(claim, sources)
    return None if verdict.problem is None else (verdict.problem.kind, verdict.problem.item)


@pytest.mark.parametrize("sentence", [
    "Năm 2024, kim ngạch xuất nhập khẩu qua các cửa khẩu đạt hơn 4,42 tỷ USD. [1]",
    "Kim ngạch năm 2024 đạt khoảng 4,4 tỷ USD, xuất khẩu 2,26 tỷ USD. [1]",
    "In 2024 trade through the border gates exceeded 4.42 billion USD, with exports of 2.26 billion USD. [1]",
    "2024年经各口岸的进出口总额超过44.2亿美元，其中出口22.6亿美元，进口16.8亿美元。[1]",
    "2024年进出口总额超过四十四亿二千万美元。[1]",
    "2024年经芒街国际口岸入境的中国游客达26.1万人次。[2]",
    "Lượng khách Trung Quốc nhập cảnh qua Móng Cái đạt 261.048 lượt. [2]",
    "Chinese visitors entering through Móng Cái numbered 261,048 in 2024. [2]",
    "中国在广宁的投资项目占全省项目总数的53.47%。[3]",
    "Các dự án của Trung Quốc chiếm 53,47% tổng số dự án và 44,79% tổng vốn FDI. [3]",
    "中国投资项目占百分之五十三点四七。[3]",
    "In 2024 trade through the border gates exceeded $4.42 billion. [1]",  # the same currency, as a sign
    "Kim ngạch xuất nhập khẩu năm 2024 đạt 4,42 tỷ. [1]",  # no currency said: the figure holds
])
def test_numbers_of_the_cited_passage_in_any_notation_are_supported(sentence):
    assert problem_of(sentence) is None


@pytest.mark.parametrize(("sentence", "item"), [
    ("Năm 2024, kim ngạch xuất nhập khẩu đạt 5,2 tỷ USD. [1]", "5,2 tỷ"),
    ("2024年进出口总额为45亿美元。[1]", "45亿"),  # 4.42 tỷ is 44亿, not 45亿
    ("Exports reached 2.5 billion USD in 2024. [1]", "2.5 billion"),
    ("2024年入境游客为27万人次。[2]", "27万"),
    ("Có 261.049 lượt khách. [2]", "261.049"),
    ("中国投资项目占54%。[3]", "54%"),
    ("Chinese projects made up 53.47 of all projects. [3]", "53.47"),  # a per cent is not a plain number
    ("2024年入境游客为26.1万人次。[1]", "26.1万"),  # in passage [2], not in [1], which it cites
    # a probe (session 23): the passage's figure in another currency (its 4,42 tỷ USD)
    ("Năm 2024, kim ngạch xuất nhập khẩu qua các cửa khẩu đạt hơn 4,42 tỷ đồng. [1]", "4,42 tỷ"),
    ("Kim ngạch xuất nhập khẩu năm 2024 đạt 4,42 tỷ nhân dân tệ. [1]", "4,42 tỷ"),
    ("2024年经各口岸的进出口总额超过44.2亿元人民币。[1]", "44.2亿"),
    ("In 2024 trade through the border gates exceeded 4.42 billion yuan. [1]", "4.42 billion"),
])
def test_numbers_in_no_cited_passage_are_not(sentence, item):
    assert problem_of(sentence) == ("number", item)


@pytest.mark.parametrize("sentence", [
    "Ngày 25/6/2024, Quảng Ninh và Quảng Tây đã tổ chức Lễ công bố cặp cửa khẩu. [4]",
    "2024年6月25日，广宁与广西举行了口岸开通仪式。[4]",
    "On June 25, 2024, the border gate pair was announced. [4]",
    "6月25日举行了仪式。[4]",
    "从2024年9月1日起，芒街—东兴口岸节假日也通关。[4]",
])
def test_dates_of_the_cited_passage_are_supported(sentence):
    assert problem_of(sentence) is None


@pytest.mark.parametrize(("sentence", "item"), [
    ("2024年6月26日举行了仪式。[4]", "2024年6月26日"),
    ("Ngày 25/7/2024, hai bên tổ chức lễ công bố. [4]", "25/7/2024"),
    ("2023年6月25日举行了仪式。[4]", "2023年6月25日"),
])
def test_dates_in_no_cited_passage_are_not(sentence, item):
    assert problem_of(sentence) == ("date", item)


def test_a_date_without_year_takes_the_year_only_from_its_own_passage():
    visit = sources_for([passage("ngày 27/2, Đoàn đại biểu")])
    assert problem_of("2月27日，广宁代表团在广西进行了会谈。[1]", visit) is None
    assert problem_of("2025年2月27日，广宁代表团进行了会谈。[1]", visit) == ("date", "2025年2月27日")
    dated = sources_for([passage("4,4 tỷ USD")])  # the article's date is 2025-02
    assert problem_of("Kim ngạch xuất nhập khẩu đạt trên 4,4 tỷ USD (tháng 2/2025). [1]", dated) is None


@pytest.mark.parametrize(("sentence", "problem"), [
    ("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh Trịnh Thị Minh Thanh nêu một số biện pháp. [5]", None),
    ("广宁省委常务副书记 Trịnh Thị Minh Thanh 提出了加强交流合作的措施。[5]", None),
    ("Bí thư Tỉnh ủy Quảng Ninh Nguyễn Văn Thanh nêu một số biện pháp. [5]", ("name", "Quảng Ninh Nguyễn Văn Thanh")),
    ("广宁省委副书记 Nguyễn Thị Minh Thanh 提出了措施。[5]", ("name", "Nguyễn Thị Minh Thanh")),
    ("Jinko Solar đầu tư vào Quảng Ninh. [5]", ("name", "Jinko Solar")),
    ("芒街市与东兴市合作。[5]", ("name", "芒街")),  # Móng Cái is not in passage [5]
    ("芒街与东兴口岸节假日也通关。[4]", None),  # passage [4] writes Móng Cái - Đông Hưng
])
def test_latin_and_glossary_names_must_be_in_the_cited_passage(sentence, problem):
    assert problem_of(sentence) == problem


def test_a_glossary_name_in_its_chinese_form_is_found_in_a_chinese_passage():
    """A probe (session 25): with --llm, every sentence naming 东兴, 北仑 or 下龙 of a Chinese article was refused
    ("name 东兴 is in none of the passages it cites"): a Han form was looked for as a word, and 东兴口岸 holds none."""
    text = (Path(__file__).parent / "data" / "zh_dongxing.txt").read_text(encoding="utf-8")
    start = text.index("为方便")
    end = text.index("\n", start)
    chinese = sources_for([Hit(1, 1, "zh_dongxing", "东兴口岸", None, start, end, text[start:end], 1.0, Scores())])
    assert problem_of("东兴口岸新增了十二条自助查验通道。[1]", chinese) is None
    assert problem_of("芒街口岸新增了十二条自助查验通道。[1]", chinese) == ("name", "芒街")


def test_markers_missing_out_of_range_and_in_other_forms():
    assert problem_of("Năm 2024, kim ngạch đạt hơn 4,42 tỷ USD.") == ("no_marker", "")
    assert problem_of("Năm 2024, kim ngạch đạt hơn 4,42 tỷ USD. [6]") == ("bad_marker", "[6]")
    assert problem_of("Năm 2024, kim ngạch đạt hơn 4,42 tỷ USD. [1][0]") == ("bad_marker", "[0]")
    assert problem_of("2024年出口22.6亿美元，入境游客26.1万人次。[1, 2]") is None  # facts spread over two
    assert problem_of("2024年出口22.6亿美元，入境游客26.1万人次。【1】【2】") is None
    assert problem_of("2024年出口22.6亿美元，入境游客26.1万人次。[1]") == ("number", "26.1万")


def test_split_claims_gives_markers_written_after_the_stop_to_the_sentence_before():
    cases = {
        "A có 4,42 tỷ USD. [1] B có 2,26 tỷ USD [1][2]. C.": [("A có 4,42 tỷ USD. [1]", (1,)),
                                                              ("B có 2,26 tỷ USD [1][2].", (1, 2)), ("C.", ())],
        "北仑河三桥是跨境桥梁。[1]该桥投资为5.2亿美元。[1]": [("北仑河三桥是跨境桥梁。[1]", (1,)),
                                                 ("该桥投资为5.2亿美元。[1]", (1,))],
        "Exports grew.[1] Imports fell.[2]": [("Exports grew.[1]", (1,)), ("Imports fell.[2]", (2,))],
        "- **Xuất khẩu** đạt 2,26 tỷ USD [1]\n- Nhập khẩu đạt 1,68 tỷ USD [1]": [
            ("Xuất khẩu đạt 2,26 tỷ USD [1]", (1,)), ("Nhập khẩu đạt 1,68 tỷ USD [1]", (1,))],
        "1. Năm 2024 có 8 người [3].": [("Năm 2024 có 8 người [3].", (3,))],
    }
    for answer, expected in cases.items():
        assert [(c.text, c.markers) for c in split_claims(answer)] == expected, answer


def test_evidence_is_the_passage_sentence_holding_the_facts_and_its_span_is_exact():
    (verdict,) = ground("2024年进出口总额超过44.2亿美元，出口22.6亿美元。[1]", SOURCES)
    (evidence,) = verdict.evidence
    text = DOCUMENTS[SOURCES[0].passage.doc_id].text
    assert text[evidence.start:evidence.end].startswith("Năm 2024, kim ngạch xuất nhập khẩu")
    assert text[evidence.start:evidence.end].endswith("0,48 tỷ USD.")
    assert text[slice(*evidence.focus)] == "2024"


def test_a_sentence_without_facts_is_located_by_its_words_or_at_the_whole_passage():
    (verdict,) = ground("Mặt hàng nhập khẩu chủ yếu là máy móc, thiết bị, vải may mặc. [1]", SOURCES)
    text = DOCUMENTS[SOURCES[0].passage.doc_id].text
    assert text[verdict.evidence[0].start:verdict.evidence[0].end].startswith("Mặt hàng xuất khẩu chủ yếu")
    (vague,) = ground("Nói chung là vậy. [1]", SOURCES)
    assert (vague.evidence[0].start, vague.evidence[0].end) == (SOURCES[0].passage.start, SOURCES[0].passage.end)
    (vague,) = ground("Hai bên hợp tác tốt. [1]", SOURCES)  # three new word pairs: a paraphrase may say so much
    assert vague.problem is None and vague.evidence[0].start == SOURCES[0].passage.start


@pytest.mark.parametrize(("sentence", "problem"), [
    # a probe (session 23): each went through at 0.90 as a generated answer, cited to the passage of the name
    ("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh đã từ chức vì bê bối tham nhũng. [5]",
     ("words", "từ chức vì bê bối tham")),
    ('Bà nói: "Chúng tôi sẽ đóng cửa biên giới vĩnh viễn." [5]', ("words", "Chúng tôi sẽ đóng cửa biên")),
    ("The secretary was arrested yesterday. [5]", ("language", "en")),
    # what the passage says, in its words or near them (the review of session 23: 8 of 20 such sentences were
    # refused at four new word pairs, among them these), the question's own words ("đồng chí") too
    ("Bà Trịnh Thị Minh Thanh đề nghị hai bên tăng cường giao lưu và hợp tác. [5]", None),
    ("Bà cũng đề nghị thúc đẩy giao lưu, hợp tác thiết thực giữa 2 Tỉnh - Khu [5].", None),
    ("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là đồng chí Trịnh Thị Minh Thanh [5].", None),
    ("Đó là bà Trịnh Thị Minh Thanh, the standing deputy secretary. [5]", None),
])
def test_a_vietnamese_sentence_saying_what_its_passage_never_does_is_not_supported(sentence, problem):
    (claim,) = split_claims(sentence)
    verdict = check_claim(claim, SOURCES, "vi", "Đồng chí nào là Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh?")
    assert (None if verdict.problem is None else (verdict.problem.kind, verdict.problem.item)) == problem


def test_the_answer_keeps_supported_sentences_and_cites_exact_spans():
    verdicts = ground("2024年进出口总额超过44.2亿美元。[1]该桥投资为5.2亿美元。[1]入境中国游客26.1万人次。[2]", SOURCES)
    answer = grounded_answer(verdicts, SOURCES, "zh", EXTRACTIVE)
    assert answer.text == "2024年进出口总额超过44.2亿美元。[1]入境中国游客26.1万人次。[2]"
    assert [c.marker for c in answer.citations] == [1, 2]
    for citation in answer.citations:
        assert DOCUMENTS[citation.doc_id].text[citation.start:citation.end] == citation.text
    assert "4,42 tỷ USD" in answer.citations[0].text and "261.048" in answer.citations[1].text
    assert [s.text[:9] for s in answer.sentences] == ["Năm 2024,", "Năm 2024,"]
    assert DOCUMENTS[answer.sentences[1].doc_id].text[slice(*answer.sentences[1].answer_span)] == "261.048"


# Property tests: every number a real passage states passes when a sentence cites it; a number absent from
# the whole corpus never passes; a marker beyond the passages never passes.
PARAGRAPHS = [passage(line.strip()[:40]) for d in DOCUMENTS.values() for line in d.text.split("\n")
              if len(line.strip()) > 80 and claimed_numbers(line)]
CORPUS_DIGITS = {re.sub(r"[.,]", "", n) for d in DOCUMENTS.values() for n in re.findall(r"\d+(?:[.,]\d+)*", d.text)}


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_sentence_made_of_its_passages_own_numbers_always_passes(data):
    hit = data.draw(st.sampled_from(PARAGRAPHS))
    mention = data.draw(st.sampled_from(claimed_numbers(hit.text)))
    template = data.draw(st.sampled_from(["数字为{}。[1]", "con số là {} theo bài. [1]", "the figure is {}. [1]"]))
    assert problem_of(template.format(mention.text), sources_for([hit])) is None


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=10**5, max_value=10**9 - 1), st.sampled_from(["vi", "en", "zh", "plain"]))
def test_a_number_in_no_passage_never_passes(value, notation):
    if str(value) in CORPUS_DIGITS or value % 10 == 0:  # the oracle: not written anywhere in the corpus
        return
    written = {"vi": f"{value:,}".replace(",", "."), "en": f"{value:,}", "plain": str(value),
               "zh": f"{value // 10_000}.{value % 10_000:04d}万"}[notation]
    sources = sources_for(PARAGRAPHS[:10])
    markers = "".join(f"[{i}]" for i in range(1, 11))
    assert problem_of(f"数字为{written}。{markers}", sources) == ("number", written)


@given(st.integers(min_value=6, max_value=999))
def test_a_marker_beyond_the_passages_never_passes(marker):
    assert problem_of(f"Năm 2024, kim ngạch xuất nhập khẩu đạt hơn 4,42 tỷ USD. [1][{marker}]") == \
        ("bad_marker", f"[{marker}]")



def test_a_sentence_with_a_mark_of_vietnamese_is_no_english_one():
    """The review of session 23: "Tên dự án là Jinko Solar PV Vietnam ..." reads "en" and was dropped as English from
    a Vietnamese answer; a sentence with Vietnamese marks is read as Vietnamese (its words checked as such)."""
    jinko = sources_for([passage("Jinko Solar PV Việt Nam")])
    (claim,) = split_claims("Dự án là Jinko Solar PV Việt Nam, a solar cell factory with many workers. [1]")
    assert check_claim(claim, jinko, "vi").problem.kind == "words"
    (claim,) = split_claims("It is the Jinko Solar PV Việt Nam project. [1]")
    assert check_claim(claim, jinko, "vi").problem is None  # a Vietnamese name's marks: not dropped as English


@pytest.mark.parametrize(("text", "currencies"), [
    ("4,42 tỷ USD", ["usd"]), ("500 nghìn đồng.", ["vnd"]), ("5 đồng/kg", ["vnd"]), ("44.2亿元", ["cny"]),
    ("44.2亿美元", ["usd"]), ("$4.42 billion", ["usd"]), ("4,42 tỷ nhân dân tệ", ["cny"]),
    # the review of session 23: none of these is a currency
    ("3 đồng chí", [None]), ("2 Đồng Chí", [None]), ("2 đồng chủ tịch", [None]), ("HK$5", [None]), ("¥5", [None]),
])
def test_a_figure_has_the_currency_written_with_it(text, currencies):
    from songngu.search.facts.numbers import currency_of, stated_numbers

    assert [currency_of(text, mention) for mention in stated_numbers(text)] == currencies
