"""Real retrieval on the seed corpus with the bundled model: the right article and passage on top."""

import pytest

from songngu.search.ask import ask

SEED_QUESTIONS = [
    ("Năm 2024 nhập khẩu qua các cửa khẩu của Quảng Ninh đạt bao nhiêu?", "004_f732d473a99f9294", "1,68 tỷ USD"),
    ("Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", "000_c04df0cbe7e4de80", "Trịnh Thị Minh Thanh"),
    ("Bí thư Tỉnh ủy Quảng Ninh hội đàm với ai ở Quảng Tây?", "001_5df6ebe4187770c4", "Nguyễn Xuân Ký"),
    ("Thị trưởng Khâu Minh Hồng đề nghị gì về giao lưu văn hóa?", "002_48967e2c3d5ba914", "giao lưu văn hóa"),
    ("广宁省有多少名学生获得广西东盟奖学金？", "004_f732d473a99f9294", "12 học sinh"),
    ("下龙大学与广西哪些学校开展合作？", "004_f732d473a99f9294", "Đại học Hạ Long"),
    # Articles 001 and 003 both tell of a joint working committee meeting: each question names one of them.
    ("越南四省与广西联合工作委员会会议由谁共同主持？", "003_e527481dc8ffb22e", "đồng chủ trì"),
    ("第十五次联合工作委员会会议在哪个城市举行？", "001_5df6ebe4187770c4", "Bắc Hải"),
]


@pytest.mark.parametrize(("question", "doc_id", "quote"), SEED_QUESTIONS)
def test_right_article_and_passage_on_top(seed_index, embedder, question, doc_id, quote):
    result = ask(question, seed_index, embedder, k=5)
    top = result.passages[0]
    assert top.doc_id == doc_id, [(h.doc_id, h.text[:60]) for h in result.passages]
    assert quote in top.text


def test_passages_are_exact_spans_and_not_repeated(seed_index, embedder, seed_documents):
    texts = {d.doc_id: d.text for d in seed_documents}
    result = ask("Hợp tác du lịch giữa Quảng Ninh và Quảng Tây", seed_index, embedder, k=10)
    assert len(result.passages) == 10
    for hit in result.passages:
        assert texts[hit.doc_id][hit.start:hit.end] == hit.text
    assert len({h.text for h in result.passages}) == 10
    assert [h.score for h in result.passages] == sorted((h.score for h in result.passages), reverse=True)


@pytest.mark.parametrize(("question", "doc_id", "quote"), [
    ("What is the trade volume between Quang Ninh and Guangxi?", "004_f732d473a99f9294", "4,42 tỷ USD"),
    ("Who is the mayor of Fangchenggang?", "002_48967e2c3d5ba914", "Phòng Thành Cảng"),
    ("How many Chinese tourists entered through Mong Cai in 2024?", "004_f732d473a99f9294", "261.048"),
])
def test_an_english_question_meets_vietnamese_passages_on_its_words(seed_index, embedder, question, doc_id, quote):
    """Session 21: the lexical side of an English question matched only its names ("Quang Ninh"); the
    English glossary brings its words in Vietnamese (trade volume: kim ngạch xuất nhập khẩu, mayor: thị
    trưởng), and BM25 alone now puts the passage stating them first."""
    top = ask(question, seed_index, embedder, k=5, retriever="lexical").passages[0]
    assert top.doc_id == doc_id and quote in top.text, (top.doc_id, top.text[:80])
