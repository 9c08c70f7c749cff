"""The answer metrics of ``songngu eval`` on small hand-built answers, against values worked by hand."""

import json

import pytest

from songngu.errors import BadInputError
from songngu.search.answer import Answer, AnswerSentence
from songngu.search.answer_metrics import answer_metrics, reliability, span_f1, span_hit
from songngu.search.ask import AskResult
from songngu.search.evaluate import QA, qa_warnings, read_qa, retrieval_metrics
from songngu.search.retrieve import Hit, Scores


def answered(text: str, confidence: float, span: str | None = None) -> Answer:
    """An answer of one sentence ``text`` at offset 100 of its document, ``span`` marked in it."""
    offset = text.index(span) if span else None
    marked = (100 + offset, 100 + offset + len(span)) if span else None
    return Answer(f"{text} [1]", (AnswerSentence(text, "d", 100, 100 + len(text), marked),), (), False, confidence,
                  None)


def abstained(confidence: float) -> Answer:
    return Answer("Không tìm thấy câu trả lời", (), (), True, confidence, None)


# Six questions: four answerable (doc ids), two not.
JUDGED = [
    (("d",), "261.048 lượt", answered("Khách nhập cảnh đạt 261.048 lượt.", 0.95, "261.048 lượt")),  # right, span right
    (("d",), "Lưu Ninh", answered("Ông Lưu Ninh, Bí thư Khu ủy.", 0.75, "Khu ủy")),  # right, wrong span
    (("d",), "4,42 tỷ USD", answered("Đạt hơn 4,4 tỷ USD.", 0.65, "4,4 tỷ USD")),  # wrong; span inside no gold
    (("d",), "97.015 lượt", abstained(0.2)),  # answerable, abstained: a miss
    ((), "", abstained(0.1)),  # rightful abstention
    ((), "", answered("Một câu khác.", 0.55)),  # answered an unanswerable question: wrong
]


def test_answer_metrics_by_hand():
    metrics = answer_metrics(JUDGED)
    assert metrics["answer_hit"] == 0.5  # 2 of the 4 answerable
    assert metrics["accuracy"] == 0.5  # 2 right answers + 1 rightful abstention, of 6
    assert metrics["abstain_precision"] == 0.5  # 2 abstentions, 1 on an unanswerable question
    assert metrics["abstain_recall"] == 0.5  # 1 of 2 unanswerable
    assert metrics["span_hit"] == 0.25  # only the first span holds its gold answer
    assert metrics["n_unanswerable"] == 2
    # Answered: 0.95 right, 0.75 right, 0.65 wrong, 0.55 wrong (unanswerable). Bins 0.9: |0.95 - 1| = 0.05;
    # 0.7: |0.75 - 1| = 0.25; 0.6: |0.65 - 0| = 0.65; 0.5: |0.55 - 0| = 0.55; ece = 1.5 / 4.
    assert metrics["ece"] == 0.375
    table = {tuple(b["bin"]): b for b in metrics["reliability"]}
    assert len(table) == 10 and table[(0.9, 1.0)] == {"bin": [0.9, 1.0], "n": 1, "confidence": 0.95, "right": 1.0}
    assert table[(0.0, 0.1)]["n"] == 0 and table[(0.0, 0.1)]["confidence"] is None


def test_span_hit_either_way_and_f1():
    answer = answered("Ông Lưu Ninh, Bí thư Khu ủy.", 0.9, "Lưu Ninh")
    assert span_hit(answer, "Lưu Ninh") and span_hit(answer, "ông Lưu Ninh")  # the gold holds the span
    assert span_hit(answered("Ông Lưu Ninh, Bí thư.", 0.9, "Ông Lưu Ninh"), "Lưu Ninh")  # the span holds the gold
    assert not span_hit(answer, "Nguyễn Xuân Ký") and not span_hit(abstained(0.1), "Lưu Ninh")
    assert span_f1(answer, "Lưu Ninh") == 1.0
    assert span_f1(answer, "ông Lưu Ninh") == pytest.approx(0.8)  # precision 1, recall 2/3
    assert span_f1(answered("Ông Lưu Ninh.", 0.9), "Lưu Ninh") == 0.0  # no span marked


def test_reliability_edges():
    table, ece = reliability([0.0, 1.0, 0.1], [False, True, True])
    assert [b["n"] for b in table] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]  # 1.0 falls in the last bin
    assert ece == pytest.approx(round(0.9 / 3, 4))
    assert reliability([], []) == (reliability([], [])[0], None)


def hit(rank: int, doc_id: str, text: str) -> Hit:
    return Hit(rank, rank, doc_id, "t", None, 0, len(text), text, 1.0 / rank, Scores(hybrid=1.0 / rank))


def test_retrieval_and_answer_metrics_through_evaluate():
    pairs = [
        (QA("1", "vi", "q1", ("a",), "Lưu Ninh"), AskResult("q1", "vi", [hit(1, "b", "x"), hit(2, "a", "ông Lưu Ninh")],
                                                            answered("Ông Lưu Ninh.", 0.8, "Lưu Ninh"))),
        (QA("2", "vi", "q2", ("c",), "261.048"), AskResult("q2", "vi", [hit(1, "c", "261.048 lượt")], abstained(0.3))),
        (QA("3", "vi", "q3", (), ""), AskResult("q3", "vi", [hit(1, "a", "y")], abstained(0.1))),
    ]
    metrics = retrieval_metrics(pairs)
    assert metrics["n"] == 2 and metrics["recall@1"] == 0.5 and metrics["recall@5"] == 1.0
    assert metrics["mrr@10"] == 0.75 and metrics["passage_hit@1"] == 0.5 and metrics["passage_hit@5"] == 1.0
    assert metrics["answer_hit"] == 0.5 and metrics["accuracy"] == round(2 / 3, 4)
    assert metrics["abstain_precision"] == 0.5 and metrics["abstain_recall"] == 1.0 and metrics["span_hit"] == 0.5
    assert metrics["n_unanswerable"] == 1 and metrics["ece"] == 0.2  # one answer, 0.8, right


def test_qa_files_that_would_skew_the_figures_are_warned_about():
    """A probe (session 8): gold documents the index does not hold and repeated ids were scored silently."""
    questions = [QA("1", "vi", "q", ("a",), "x"), QA("2", "vi", "q", ("zz",), "x"), QA("2", "zh", "q", (), "")]
    unknown, repeated = qa_warnings(questions, {"a", "b"})
    assert unknown.startswith("1 question(s) name documents the index does not hold (zz)")
    assert repeated.startswith("question id(s) used more than once (2)")
    assert qa_warnings(questions[:1], {"a"}) == []
    # a probe (session 25): an answerable question with no answer can only miss passage_hit and answer_hit
    (no_answer,) = qa_warnings([QA("3", "vi", "q", ("a",), "")], {"a"})
    assert no_answer.startswith("1 question(s) with gold documents have no answer (3)")
    # a probe (session 26): an answer of spaces is none; an answer with no gold document makes a question unanswerable
    (blank,) = qa_warnings([QA("4", "vi", "q", ("a",), "   ")], {"a"})
    assert blank.startswith("1 question(s) with gold documents have no answer (4)")
    (undocumented,) = qa_warnings([QA("5", "vi", "q", (), "Trịnh Thị Minh Thanh")], {"a"})
    assert undocumented.startswith("1 question(s) with an answer name no gold document (5)")


@pytest.mark.parametrize("fields", [{"doc_ids": 0}, {"doc_ids": False}, {"doc_ids": ""}, {"doc_ids": {}},
                                    {"answer": 0}, {"answer": False}, {"answer": []}, {"answer": {}}, {"lang": "  "}])
def test_a_qa_field_of_the_wrong_type_is_an_error_even_when_it_is_falsy(tmp_path, fields):
    """A probe (session 26): "doc_ids": 0 made a question unanswerable and "answer": false one without an answer, both
    silently (exit 0, the figures skewed), while "doc_ids": "x" was refused; a blank "lang" made a row with no name.
    Absent or null is still none."""
    path = tmp_path / "qa.jsonl"
    record = {"id": "1", "lang": "vi", "question": "Móng Cái ở đâu?", "doc_ids": ["a"], "answer": "x"}
    path.write_text(json.dumps(record | fields) + "\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=f"'{next(iter(fields))}' must"):
        read_qa(path)
    path.write_text(json.dumps(record | {"doc_ids": None, "answer": None}) + "\n", encoding="utf-8")
    assert read_qa(path)[0].doc_ids == () and read_qa(path)[0].answer == ""
    path.write_text(json.dumps(record | {"answer": "  "}) + "\n", encoding="utf-8")  # " " is in every text
    assert read_qa(path)[0].answer == ""


@pytest.mark.parametrize(("key", "field"), [("doc_id", "doc_ids"), ("docids", "doc_ids"), ("Doc_ids", "doc_ids"),
                                          ("answers", "answer"), ("questions", "question")])
def test_a_misspelt_key_of_a_qa_line_is_an_error_not_a_silent_change(tmp_path, key, field):
    """A probe (session 25): "doc_id" for "doc_ids" made every question unanswerable (accuracy 0.0, exit 0). A key
    of the file's own ("kind", "notes") is still read past."""
    path = tmp_path / "qa.jsonl"
    record = {"id": "1", "lang": "vi", "question": "Móng Cái ở đâu?", "doc_ids": ["a"], "answer": "x"}
    record[key] = record.pop(field)
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="did you mean"):
        read_qa(path)
    # keys of the file's own, one of them like ours beside ours (a MongoDB export's "_id": the review of session 25)
    record = {"id": "1", "_id": "x", "lang": "vi", "question": "Móng Cái ở đâu?", "doc_ids": [], "kind": "place"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_qa(path)[0].doc_ids == ()


def test_a_qa_file_may_start_with_a_byte_order_mark(tmp_path):
    """A probe (session 10): a QA file saved with a BOM (as Windows editors do) was refused ("Unexpected UTF-8
    BOM"), while corpus files with one are read."""
    path = tmp_path / "qa.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + '{"id": "1", "question": "Móng Cái?", "lang": "vi", "doc_ids": []}\n'.encode())
    assert [qa.question for qa in read_qa(path)] == ["Móng Cái?"]
    path.write_text('{"id": "2", "question": "Móng Cái?", "lang": " VI ", "doc_ids": []}\n', encoding="utf-8")
    assert read_qa(path)[0].lang == "vi"  # one group with "vi", not a second
