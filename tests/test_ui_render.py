"""The app's HTML: escaping first, marks at offsets, answers present, absent or abstained."""

import re
from html import unescape

from songngu.app.render import Notice, Span, highlight, render_corpus, render_result, render_view
from songngu.app.texts import TEXTS

ARTICLE = "Mở đầu.\n\nÔng <b>Lưu Ninh</b> & bà Trịnh Thị Minh Thanh hội đàm ngày 27/2. Câu cuối <script>x()</script>."
SENTENCE = "Ông <b>Lưu Ninh</b> & bà Trịnh Thị Minh Thanh hội đàm ngày 27/2."
S_START = ARTICLE.index(SENTENCE)
S_END = S_START + len(SENTENCE)
NAME_START = ARTICLE.index("Trịnh")
NAME_END = NAME_START + len("Trịnh Thị Minh Thanh")


def passage(rank: int = 1, start: int = 9, end: int = len(ARTICLE), doc_id: str = "doc-a") -> dict:
    return {"rank": rank, "chunk_id": rank, "doc_id": doc_id, "title": "Tin <i>mới</i>", "date": "2025-02",
            "start": start, "end": end, "text": ARTICLE[start:end], "score": 1.0, "scores": {}}


def answer(span: list[int] | None = None, start: int = S_START) -> dict:
    return {
        "text": f"{SENTENCE} [1]",
        "sentences": [{"text": SENTENCE, "doc_id": "doc-a", "start": start, "end": start + len(SENTENCE),
                       "answer_span": span}],
        "citations": [{"marker": 1, "doc_id": "doc-a", "title": "Tin <i>mới</i>", "date": "2025-02",
                       "start": S_START, "end": S_END, "text": SENTENCE, "passage_rank": 1,
                       "names": [{"vi": "Lưu Ninh", "zh": "刘宁"}]}],
        "abstained": False, "confidence": 0.9, "question_type": "person",
    }


def result(answer_: dict | None, lang: str = "vi") -> dict:
    return {"query": "Ai <hội đàm>?", "lang": lang, "passages": [passage()], "answer": answer_, "timings_ms": {}}


def visible_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_highlight_escapes_then_marks_exact_offsets():
    html = highlight(ARTICLE, 0, [Span(S_START, S_END, "sn-sentence"), Span(NAME_START, NAME_END, "sn-span")])
    assert "<b>" not in html and "<script>" not in html and "&lt;script&gt;" in html
    assert visible_text(html) == ARTICLE
    marked = re.findall(r'<mark class="([^"]+)">(.*?)</mark>', html)
    assert "".join(unescape(t) for _, t in marked) == SENTENCE
    assert [unescape(t) for c, t in marked if "sn-span" in c] == ["Trịnh Thị Minh Thanh"]
    assert all("sn-sentence" in c for c, _ in marked)


def test_highlight_clips_spans_to_the_text_window():
    window = ARTICLE[20:40]
    html = highlight(window, 20, [Span(0, 30, "a"), Span(35, 500, "b"), Span(100, 200, "c")])
    assert visible_text(html) == window
    assert re.findall(r'class="(\w+)"', html) == ["a", "b"]


def test_result_without_answer_lists_passages_only():
    html = render_result(result(None), {"doc-a": ARTICLE}, "vi")
    assert "sn-answer" not in html and 'id="sn-passage-1"' in html
    assert "<mark class=\"sn-sentence" not in html
    assert "&lt;i&gt;mới&lt;/i&gt;" in html and "<i>" not in html and "<b>" not in html
    assert TEXTS["vi"]["view_in_document"] in html and re.search(r'<mark class="[^"]*sn-target', html)


def test_answer_markers_link_to_the_cited_passage_and_sentence_is_highlighted():
    html = render_result(result(answer([NAME_START, NAME_END]), lang="zh"), {"doc-a": ARTICLE}, "zh")
    assert 'href="#sn-passage-1"' in html and "[1]</a>" in html
    assert TEXTS["zh"]["answer"] in html and TEXTS["zh"]["copy_citation"] in html
    assert "Lưu Ninh = 刘宁" in html
    card = html[html.index('id="sn-passage-1"'):]
    spans = [unescape(t) for c, t in re.findall(r'<mark class="([^"]+)">(.*?)</mark>', card.split("<details")[0])
             if "sn-span" in c]
    assert spans == ["Trịnh Thị Minh Thanh"]
    document = card[card.index("<details"):]
    assert re.search(r'<mark class="[^"]*sn-span[^"]*sn-target[^"]*">Trịnh Thị Minh Thanh</mark>', document)
    citation = unescape(re.search(r'data-copy="([^"]*)"', card).group(1))
    assert citation == f"Tin <i>mới</i> (2025-02). “{SENTENCE}” [doc-a, {S_START}–{S_END}]"


def test_sentence_with_wrong_offsets_is_not_highlighted():
    html = render_result(result(answer(start=S_START + 3)), {"doc-a": ARTICLE}, "vi")
    assert "sn-sentence" not in html and "sn-answer" in html


def test_abstained_answer_is_a_notice_and_passages_stay():
    abstained = {"text": "Không tìm thấy <câu trả lời>.", "sentences": [], "citations": [], "abstained": True,
                 "confidence": 0.1}
    html = render_result(result(abstained), {}, "vi")
    assert "sn-abstained" in html and TEXTS["vi"]["no_answer"] in html and "&lt;câu trả lời&gt;" in html
    assert 'id="sn-passage-1"' in html and "<details" not in html  # no document text given: no document view


def test_empty_states_and_notices():
    assert TEXTS["zh"]["empty_state"] in render_view(None, "zh")
    html = render_view(Notice("error", "error", "<img src=x onerror=alert(1)>"), "vi")
    assert "sn-error" in html and "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    empty = render_result({"query": "q", "lang": "vi", "passages": [], "answer": None}, {}, "vi")
    assert TEXTS["vi"]["no_passages"] in empty


def test_corpus_table_escapes_titles():
    from songngu.app.corpus import DocumentRow

    html = render_corpus([DocumentRow("x", "<script>alert(1)</script>", None, 10, 1)], "zh")
    assert "<script>" not in html and "&lt;script&gt;" in html and TEXTS["zh"]["col_chunks"] in html
