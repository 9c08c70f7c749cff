"""The app's HTML: escaping first, marks at offsets, answers present, absent or abstained."""

import re
from dataclasses import replace
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from songngu.app.render import (
    DOCUMENT_WINDOW_CHARS,
    AnswerView,
    Notice,
    Span,
    citation_text,
    document_window,
    excerpts_of,
    highlight,
    render_corpus,
    render_result,
    render_view,
)
from songngu.app.texts import TEXTS, upload_label
from songngu.index.store.interface import DocumentInfo
from songngu.search.answer import KEYWORDS_TEXT, NO_ANSWER_TEXT, AbstentionReason, Answer, AnswerSentence, Citation
from songngu.search.ask import AskResult
from songngu.search.retrieve import Hit, Scores

ARTICLE = "Mở đầu.\n\nÔng <b>Lưu Ninh</b> & bà Trịnh Thị Minh Thanh hội đàm ngày 27/2. Câu cuối <script>x()</script>."
SENTENCE = "Ông <b>Lưu Ninh</b> & bà Trịnh Thị Minh Thanh hội đàm ngày 27/2."
S_START = ARTICLE.index(SENTENCE)
S_END = S_START + len(SENTENCE)
NAME_START = ARTICLE.index("Trịnh")
NAME_END = NAME_START + len("Trịnh Thị Minh Thanh")


def passage(rank: int = 1, start: int = 9, end: int = len(ARTICLE), doc_id: str = "doc-a") -> Hit:
    return Hit(rank, rank, doc_id, "Tin <i>mới</i>", "2025-02", start, end, ARTICLE[start:end], 1.0, Scores())


def answer(span: tuple[int, int] | None = None, start: int = S_START) -> Answer:
    return Answer(
        text=f"{SENTENCE} [1]",
        sentences=(AnswerSentence(SENTENCE, "doc-a", start, start + len(SENTENCE), span),),
        citations=(Citation(1, "doc-a", "Tin <i>mới</i>", "2025-02", S_START, S_END, SENTENCE, 1,
                            (("Lưu Ninh", "刘宁"),)),),
        abstained=False, confidence=0.9, question_type="person",
    )


def abstention(text: str = "Không tìm thấy <câu trả lời>.") -> Answer:
    return Answer(text, (), (), True, 0.1, None)


def result(answer_: Answer, lang: str = "vi", passages: tuple[Hit, ...] = (passage(),)) -> AskResult:
    return AskResult("Ai <hội đàm>?", lang, list(passages), answer_, {})


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


def test_result_without_an_answer_lists_passages_only():
    html = render_result(result(abstention()), {"doc-a": ARTICLE}, "vi")
    assert "sn-answer-text" not in html and 'id="sn-passage-1"' in html
    assert "<mark class=\"sn-sentence" not in html
    assert "&lt;i&gt;mới&lt;/i&gt;" in html and "<i>" not in html and "<b>" not in html
    assert TEXTS["vi"]["view_in_document"] in html and re.search(r'<mark class="[^"]*sn-target', html)


def test_view_in_document_of_a_long_article_shows_the_part_around_the_passage():
    # Before, each card carried the whole article: five passages of a 1 MB article made a 5 MB page.
    filler = "Đoạn văn không liên quan, lặp lại để bài thật dài.\n" * 40_000  # about 2 MB
    article = filler + ARTICLE + "\n" + filler
    offset = len(filler)
    hit = replace(passage(start=offset + 9, end=offset + len(ARTICLE)), text=ARTICLE[9:])
    said = AnswerSentence(SENTENCE, "doc-a", offset + S_START, offset + S_END, (offset + NAME_START,
                                                                              offset + NAME_END))
    found = replace(answer(), sentences=(said,))
    html = render_result(result(found, passages=(hit,) * 5), {"doc-a": article}, "vi")
    assert len(html) < 5 * 3 * DOCUMENT_WINDOW_CHARS
    document = html[html.index('<div class="sn-doc-text">'):]
    target = re.search(r'<mark class="[^"]*sn-target[^"]*">(.*?)</mark>', document)
    assert target and unescape(target.group(1)) == "Trịnh Thị Minh Thanh"
    cuts = re.findall(r'<p class="sn-doc-cut">(.*?)</p>', document.split("</details>")[0])
    assert len(cuts) == 2 and all(re.search(r"\d{5,}", c) for c in cuts)


def test_a_kept_view_holds_what_the_page_shows_of_an_article_not_the_article():
    """A probe (session 19): each question kept, in the page's state, the whole text of every article it cited (to
    render again on a language switch), however long the article, for as long as Gradio kept the session. A view
    keeps the excerpt each passage shows, and renders as the whole text did."""
    filler = "Đoạn văn không liên quan, lặp lại để bài thật dài.\n" * 40_000  # about 2 MB
    article = filler + ARTICLE + "\n" + filler
    offset = len(filler)
    hits = tuple(replace(passage(rank, start=offset + 9, end=offset + len(ARTICLE)), text=ARTICLE[9:])
                 for rank in (1, 2)) + (passage(3, start=0, end=9, doc_id="doc-b"),)
    said = AnswerSentence(SENTENCE, "doc-a", offset + S_START, offset + S_END, None)
    shown = result(replace(answer(), sentences=(said,)), passages=hits)
    view = AnswerView(shown, excerpts_of(shown.passages, {"doc-a": article, "doc-b": ARTICLE}))
    assert len(view.excerpts) == 2 and sum(len(e.text) for e in view.excerpts) <= DOCUMENT_WINDOW_CHARS + len(ARTICLE)
    assert all(article[e.start:e.end] == e.text for e in view.excerpts if e.doc_id == "doc-a")
    assert render_view(view, "zh") == render_result(shown, {"doc-a": article, "doc-b": ARTICLE}, "zh")
    assert "sn-sentence" in render_view(view, "vi")  # the answer's sentence is found in the excerpt


@given(st.text(alphabet="ab \n", max_size=300), st.integers(0, 300), st.integers(0, 80), st.integers(1, 120))
def test_the_document_window_holds_the_passage_within_its_size(document, start, length, window):
    start = min(start, len(document))
    end = min(start + length, len(document))
    begin, stop = document_window(document, start, end, window)
    assert 0 <= begin <= start <= end <= stop <= len(document)
    assert stop - begin <= max(window, end - start)
    if len(document) <= window:
        assert (begin, stop) == (0, len(document))


def test_the_document_window_cuts_at_a_line_break_only_near_its_edges():
    """The review of session 15: a line break anywhere in the margin was the cut, so a passage between two lines
    of 15,000 characters was shown alone, the window said to leave out 15,001 characters."""
    document = "A" * 15_000 + "\r\n" + "P" * 500 + "\r\n" + "B" * 15_000
    start = document.index("P")
    begin, stop = document_window(document, start, start + 500, 20_000)
    assert begin < 15_000 - 4_000 and stop > start + 500 + 4_000 and stop - begin == 20_000
    document = "A" * 20_000 + "\r\nx" + "P" * 500 + "\r\n" + "B" * 20_000
    start = document.index("P")
    begin, stop = document_window(document, start, start + 500, 1_200)
    assert document[begin:stop] == "x" + "P" * 500, (begin, stop, start)  # cut at the line breaks nearby, CRLF whole


def test_answer_markers_link_to_the_cited_passage_and_sentence_is_highlighted():
    html = render_result(result(answer((NAME_START, NAME_END)), lang="zh"), {"doc-a": ARTICLE}, "zh")
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
    html = render_result(result(abstention()), {}, "vi")
    assert "sn-abstained" in html and TEXTS["vi"]["no_answer"] in html and "&lt;câu trả lời&gt;" in html
    assert 'id="sn-passage-1"' in html and "<details" not in html  # no document text given: no document view


def test_empty_states_and_notices():
    assert TEXTS["zh"]["empty_state"] in render_view(None, "zh")
    html = render_view(Notice("error", "error", "<img src=x onerror=alert(1)>"), "vi")
    assert "sn-error" in html and "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    empty = render_result(result(abstention(), passages=()), {}, "vi")
    assert TEXTS["vi"]["no_passages"] in empty


def test_a_citation_after_a_cut_title_has_no_stray_full_stop():
    assert citation_text("Hai bên phối hợp…", None, "Câu.", "d", 0, 4) == "Hai bên phối hợp… “Câu.” [d, 0–4]"
    assert citation_text("Tin mới", "2025-02", "Câu.", "d", 0, 4) == "Tin mới (2025-02). “Câu.” [d, 0–4]"


def test_corpus_table_escapes_titles():
    html = render_corpus([DocumentInfo("x", "<script>alert(1)</script>", None, 10, 1)], "zh")
    assert "<script>" not in html and "&lt;script&gt;" in html and TEXTS["zh"]["col_chunks"] in html


def test_an_answer_shows_its_confidence_in_words_in_the_interface_language():
    html = render_result(result(answer()), {"doc-a": ARTICLE}, "zh")
    assert '<span class="sn-confidence sn-confidence-high" title="0.90">置信度：高</span>' in html
    low = render_result(result(replace(answer(), confidence=0.45)), {"doc-a": ARTICLE}, "vi")
    assert "Độ tin cậy: thấp" in visible_text(low)


def test_an_abstention_shows_its_reason_linked_to_the_closest_passage_escaped():
    reason = AbstentionReason("doc-a", S_START, S_END, SENTENCE, ("<vốn>", "Bắc Luân"))
    html = render_result(result(replace(abstention(), reason=reason)), {"doc-a": ARTICLE}, "vi")
    section = html[html.index('<section class="sn-answer sn-abstained"'):html.index("</section>")]
    assert '<a class="sn-marker" href="#sn-passage-1" data-passage="sn-passage-1">[1]</a>' in section
    assert "<b>" not in section and "<vốn>" not in section and "sn-confidence" not in section
    assert f"{TEXTS['vi']['closest']} [1]: “{SENTENCE}”" in visible_text(section)
    assert f"{TEXTS['vi']['missing']}: “<vốn>”, “Bắc Luân”" in visible_text(section)
    elsewhere = replace(reason, doc_id="doc-b")  # not among the passages: quoted, not linked
    html = render_result(result(replace(abstention(), reason=elsewhere)), {}, "zh")
    assert "sn-reason" in html and 'href="#sn-passage' not in html.split("sn-reason")[1]


def test_the_citation_is_prose_not_code():
    html = render_result(result(answer()), {"doc-a": ARTICLE}, "vi")
    assert '<span class="sn-cite-text">' in html and "<code" not in html.split('class="sn-cite"')[1]


def test_a_question_in_another_language_is_refused_and_named_in_the_page_language():
    """A probe (session 9): "hello" in the Chinese interface got the Vietnamese stock sentence, and the badge
    read "und · und" or "fi · fi"."""
    stock = abstention(NO_ANSWER_TEXT["vi"])  # what an English or unrecognised question's abstention says
    html = visible_text(render_result(replace(result(stock), lang="und"), {}, "zh"))
    assert NO_ANSWER_TEXT["zh"] in html and NO_ANSWER_TEXT["vi"] not in html
    assert "? · 无法识别" in html and "und" not in html
    assert "fi · ngôn ngữ khác" in visible_text(render_result(replace(result(stock), lang="fi"), {}, "vi"))
    assert "en · English" in visible_text(render_result(replace(result(stock), lang="en"), {}, "vi"))


def test_the_upload_label_names_every_type_the_corpus_reads():
    """A probe (session 9): the label listed .txt, .md, .html, .jsonl; PDF and Word files are read too."""
    assert ".pdf, .docx; tối đa 2 MB, 20 tệp một lần" in upload_label("vi", "2 MB", 20)
    assert "、.pdf、.docx；最大 2 MB，每次最多 20 个文件" in upload_label("zh", "2 MB", 20)


def test_keywords_say_so_in_the_page_language():
    """Keywords ("Ha Long Bay", read as Vietnamese) in the Chinese interface: the line that a question gets an
    answer in Chinese, with the passages still listed."""
    keywords = abstention(KEYWORDS_TEXT["vi"])
    html = visible_text(render_result(result(keywords), {}, "zh"))
    assert KEYWORDS_TEXT["zh"] in html and KEYWORDS_TEXT["vi"] not in html and NO_ANSWER_TEXT["zh"] not in html
    assert KEYWORDS_TEXT["vi"] in visible_text(render_result(result(keywords), {}, "vi"))


def test_every_kind_of_removed_sentence_is_said_in_both_languages():
    """The review of session 23: the grounding check's new kinds (words, language) had no line in the app's texts,
    and rendering an answer that removed such a sentence raised KeyError."""
    from songngu.app.render_generated import render_removed
    from songngu.search.generate import Unsupported
    from songngu.search.grounding import PROBLEM_KINDS

    for kind in PROBLEM_KINDS:
        for lang in ("vi", "zh"):
            html = render_removed((Unsupported("Câu bịa <b>x</b>. [1]", kind, "bịa", "reason"),), lang)
            assert "sn-removed-why" in html and "<b>x</b>" not in html, (kind, lang)
