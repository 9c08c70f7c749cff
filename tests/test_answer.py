"""Extractive answers: question-type cues, verbatim citations, abstention, with the real model."""

import pytest

from songngu.search.answer import answer_span, is_list_question, question_type
from songngu.search.ask import ask
from songngu.search.evaluate import read_qa
from tests.conftest import SHARED_EVAL

# Real sentences of the seed corpus with the span a question type must find.
CUE_CASES = [
    ("Năm 2024 nhập khẩu đạt bao nhiêu?", "vi", "number",
     "Năm 2024, kim ngạch xuất nhập khẩu qua các cửa khẩu đạt hơn 4,42 tỷ USD, trong đó: Xuất khẩu đạt 2,26 tỷ USD",
     "4,42 tỷ USD"),
    ("2024年有多少外国游客？", "zh", "number",
     "Năm 2024, Quảng Ninh đón 97.015 lượt khách Việt Nam xuất cảnh du lịch qua cửa khẩu quốc tế Móng Cái",
     "97.015 lượt"),
    ("Lễ công bố cặp cửa khẩu diễn ra khi nào?", "vi", "date",
     "Ngày 25/6/2024, Quảng Ninh và Quảng Tây đã phối hợp tổ chức thành công Lễ công bố cặp cửa khẩu", "25/6/2024"),
    ("口岸开放仪式是什么时候举行的？", "zh", "date",
     "Ngày 25/6/2024, Quảng Ninh và Quảng Tây đã phối hợp tổ chức thành công Lễ công bố cặp cửa khẩu", "25/6/2024"),
    ("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", "vi", "person",
     "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh Trịnh Thị Minh Thanh nêu một số biện pháp", "Trịnh Thị Minh Thanh"),
    ("广西壮族自治区党委书记是谁？", "zh", "person",
     "Bí thư Khu ủy Khu tự trị dân tộc Choang Quảng Tây Lưu Ninh đề xuất, hai bên cần làm tốt",
     "Lưu Ninh"),
    ("Đoàn đại biểu tỉnh Quảng Ninh sẽ khảo sát ở đâu?", "vi", "place",
     "Đoàn đại biểu tỉnh Quảng Ninh sẽ khảo sát một số mô hình tại thành phố Nam Ninh", "Nam Ninh"),
]


@pytest.mark.parametrize(("question", "lang", "kind", "sentence", "span"), CUE_CASES)
def test_question_type_cues_find_the_span(question, lang, kind, sentence, span):
    assert question_type(question, lang) == kind
    found = answer_span(sentence, kind, question)
    assert found is not None and sentence[found[0]:found[1]] == span


def test_list_questions_are_recognised():
    assert is_list_question("Quảng Ninh kêu gọi đầu tư vào những lĩnh vực nào?", "vi")
    assert is_list_question("与广西合作的越南省份有哪些？", "zh")
    assert not is_list_question("Phó Bí thư là ai?", "vi")


def assert_citations_verbatim(result, texts):
    answer = result.answer
    if answer.abstained:
        assert not answer.citations and result.passages, "an abstention still lists the closest passages"
        return
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


def test_every_citation_over_the_seed_dev_questions_is_an_exact_span(seed_index, embedder, seed_documents):
    texts = {d.doc_id: d.text for d in seed_documents}
    for qa in read_qa(SHARED_EVAL / "seed-dev.jsonl"):
        assert_citations_verbatim(ask(qa.question, seed_index, embedder), texts)


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
    ],
)
def test_off_topic_questions_abstain_in_the_question_language(seed_index, embedder, question):
    result = ask(question, seed_index, embedder)
    assert result.answer.abstained, result.answer
    expected = "没有找到答案" if result.lang == "zh" else "Không tìm thấy câu trả lời"
    assert expected in result.answer.text
    assert result.passages, "the closest passages are still listed"
