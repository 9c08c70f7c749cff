"""HTML for the app's results and corpus table.

Everything shown comes from untrusted text (articles, questions, uploads): it is
escaped with ``html.escape`` first, and the only markup added to it is ``<mark>``
at character offsets (``highlight``) and, in the answer (``songngu.app.render_answer``),
``<a>`` around ``[n]`` markers. The input is the typed result of ``songngu.search.ask``;
an abstained answer is shown as such, with its reason, and the passages are always listed.
Offsets are checked against the stored text before anything is marked.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from songngu.app.render_answer import holds, render_answer
from songngu.app.render_generated import render_generation, translate_button
from songngu.app.texts import LANGUAGE_NAMES, error_text, text
from songngu.index.store.interface import DocumentInfo
from songngu.search.answer import Answer, AnswerSentence
from songngu.search.ask import AskResult
from songngu.search.retrieve import Hit, crosses_language

QUOTE_MAX_CHARS = 240
DOCUMENT_WINDOW_CHARS = 20_000  # "view in document" shows this much of the article around its passage
LINE_SEARCH = 500  # characters from either cut within which the window ends at a line break instead


@dataclass(frozen=True)
class Span:
    """A stretch ``[start, end)`` of a document (character offsets) to mark with ``css_class``."""

    start: int
    end: int
    css_class: str


@dataclass(frozen=True)
class Excerpt:
    """What "view in document" shows of a document around a passage: its characters ``[start, end)``, ``text``,
    out of ``length``."""

    doc_id: str
    start: int
    text: str
    length: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def holds(self, doc_id: str, start: int, end: int) -> bool:
        return doc_id == self.doc_id and self.start <= start <= end <= self.end


@dataclass(frozen=True)
class AnswerView:
    """A question's result and what the page shows of the documents its passages come from.

    A view stays in the page's state between events (a language switch renders it again), so it keeps the
    excerpts the page shows, at most ``DOCUMENT_WINDOW_CHARS`` a passage, not the whole articles: a probe found
    every cited article's whole text kept for each page that asked, however long the article."""

    result: AskResult
    excerpts: tuple[Excerpt, ...]


@dataclass(frozen=True)
class Notice:
    """A message in place of results: ``key`` of ``songngu.app.texts``, plus untrusted ``detail`` (escaped), which
    ``error``, when given, says in the interface language if it can (``error_text``)."""

    key: str
    kind: str = "info"  # "info" or "error"
    detail: str = ""
    error: Exception | None = None


def highlight(text_: str, offset: int, spans: Sequence[Span]) -> str:
    """``text_`` (starting at document offset ``offset``) escaped, with ``spans`` marked.

    Spans are clipped to the text; where spans overlap, the piece gets one
    ``<mark>`` with the classes of all of them, so the markup always nests.
    """
    end = offset + len(text_)
    inside = [Span(max(s.start, offset), min(s.end, end), s.css_class) for s in spans
              if min(s.end, end) > max(s.start, offset)]
    cuts = sorted({offset, end, *(s.start for s in inside), *(s.end for s in inside)})
    pieces = []
    for begin, stop in zip(cuts, cuts[1:], strict=False):
        piece = escape(text_[begin - offset:stop - offset])
        classes = list(dict.fromkeys(s.css_class for s in inside if s.start <= begin and stop <= s.end))
        pieces.append(f'<mark class="{" ".join(classes)}">{piece}</mark>' if classes else piece)
    return "".join(pieces)


def render_view(view: AnswerView | Notice | None, lang: str) -> str:
    """The results area: the empty state, a notice, or a result (see ``render_result``)."""
    if view is None:
        return _notice_html("info", text(lang, "empty_state"))
    if isinstance(view, Notice):
        detail = error_text(lang, view.error, view.detail) if view.error else view.detail
        message = text(lang, view.key) + (text(lang, "colon") + detail if detail else "")
        return _notice_html(view.kind, message)
    return render_excerpted(view.result, view.excerpts, lang)


def _notice_html(kind: str, message: str) -> str:
    return f'<div class="sn-notice sn-{escape(kind)}" role="status">{escape(message)}</div>'


def excerpts_of(passages: Sequence[Hit], documents: Mapping[str, str], window: int = DOCUMENT_WINDOW_CHARS,
                ) -> tuple[Excerpt, ...]:
    """The excerpt of its document that each passage shows (``document_window``), each once; ``documents`` maps
    doc ids to their stored text, and may lack some (their passages show no "view in document")."""
    excerpts: dict[tuple[str, int, int], Excerpt] = {}
    for passage in passages:
        document = documents.get(passage.doc_id)
        if document is not None:
            start, end = document_window(document, passage.start, passage.end, window)
            excerpts.setdefault((passage.doc_id, start, end),
                                Excerpt(passage.doc_id, start, document[start:end], len(document)))
    return tuple(excerpts.values())


def render_result(result: AskResult, documents: Mapping[str, str], lang: str) -> str:
    """A whole result (see ``render_excerpted``) from the stored texts of its documents (``documents``: doc id ->
    text, may lack some)."""
    return render_excerpted(result, excerpts_of(result.passages, documents), lang)


def render_excerpted(result: AskResult, excerpts: Sequence[Excerpt], lang: str) -> str:
    """A whole result: question language badge, answer, passages, each with its excerpt of the article
    (``excerpts_of``) when there is one."""
    passages, answer = result.passages, result.answer
    sentences = _verified_sentences(answer, excerpts, passages)
    # A generated answer carries the extractive answer's confidence, which says nothing of its own words.
    generated = result.generation is not None and result.generation.mode == "generated"
    answer_html = render_answer(answer, passages, result.lang, lang, show_confidence=not generated) \
        if answer.text else ""  # "" while writing
    if result.generation is not None:  # songngu serve --llm
        extractive_html = render_answer(result.generation.extractive, passages, result.lang, lang)
        answer_html = render_generation(result.generation, answer_html, extractive_html, lang)
    parts = [
        f'<div class="sn-result" data-lang="{escape(result.lang)}" data-query="{escape(result.query, quote=True)}">',
        render_badge(result.lang, lang),
        answer_html,
        f'<h3 class="sn-heading">{escape(text(lang, "passages"))}</h3>',
    ]
    if not passages:
        parts.append(_notice_html("info", text(lang, "no_passages")))
    parts += [render_passage(p, sentences, _markers_of(answer, p), excerpts, lang,
                             translate_to=_translation_language(result, p)) for p in passages]
    parts.append("</div>")
    return "".join(parts)


def _translation_language(result: AskResult, passage: Hit) -> str | None:
    """The question's language, for a passage in the other one when a model server can translate it."""
    if result.generation is None or not crosses_language(passage.text, result.lang):
        return None
    return result.lang


def render_badge(question_lang: str, lang: str) -> str:
    """The question's language: its code and name ("other language" for one the app has no name for, "not
    recognised" for text langdetect could not place)."""
    if question_lang in LANGUAGE_NAMES:
        code, name = question_lang, LANGUAGE_NAMES[question_lang]
    else:
        code, name = ("?", text(lang, "language_unknown")) if question_lang == "und" else \
            (question_lang, text(lang, "language_other"))
    return (f'<div class="sn-badge-row">{escape(text(lang, "question_language"))}: '
            f'<span class="sn-badge sn-badge-{escape(question_lang)}">{escape(code)} · {escape(name)}'
            f"</span></div>")


def _verified_sentences(answer: Answer, excerpts: Sequence[Excerpt], passages: Sequence[Hit],
                        ) -> list[AnswerSentence]:
    """The answer's sentences whose offsets match the stored text (a wrong offset is not highlighted),
    each with its answer span dropped unless it lies inside the sentence."""
    if answer.abstained:
        return []
    kept = []
    for sentence in answer.sentences:
        start, end, span = sentence.start, sentence.end, sentence.answer_span
        if _text_at(sentence.doc_id, start, end, excerpts, passages) != sentence.text:
            continue
        span = span if span and start <= span[0] < span[1] <= end else None
        kept.append(AnswerSentence(sentence.text, sentence.doc_id, start, end, span))
    return kept


def _text_at(doc_id: str, start: int, end: int, excerpts: Sequence[Excerpt], passages: Sequence[Hit],
             ) -> str | None:
    for excerpt in excerpts:
        if excerpt.holds(doc_id, start, end):
            return excerpt.text[start - excerpt.start:end - excerpt.start]
    for passage in passages:
        if holds(passage, doc_id, start, end):
            return passage.text[start - passage.start:end - passage.start]
    return None


def _markers_of(answer: Answer, passage: Hit) -> list[int]:
    if answer.abstained:
        return []
    return [c.marker for c in answer.citations if holds(passage, c.doc_id, c.start, c.end)]


def answer_spans(sentences: Sequence[AnswerSentence], doc_id: str) -> list[Span]:
    """Marks for the answer sentences of ``doc_id`` and the answer span inside each."""
    spans = []
    for sentence in sentences:
        if sentence.doc_id == doc_id:
            spans.append(Span(sentence.start, sentence.end, "sn-sentence"))
            if sentence.answer_span:
                spans.append(Span(*sentence.answer_span, "sn-span"))
    return spans


def render_passage(passage: Hit, sentences: Sequence[AnswerSentence], markers: Sequence[int],
                   excerpts: Sequence[Excerpt], lang: str, translate_to: str | None = None) -> str:
    """One passage card: title, date, highlighted text, copyable citation, the article around it, and a
    button translating it into ``translate_to`` when given."""
    rank, doc_id, start, end = passage.rank, passage.doc_id, passage.start, passage.end
    spans = answer_spans(sentences, doc_id)
    inside = [s for s in sentences if s.doc_id == doc_id and start <= s.start and s.end <= end]
    quote = (" … ".join(s.text for s in inside), inside[0].start, inside[-1].end) if inside \
        else (_shorten(passage.text), start, end)
    citation = citation_text(passage.title, passage.date, quote[0], doc_id, quote[1], quote[2])
    cited = "".join(f'<span class="sn-cited">[{escape(str(m))}]</span>' for m in markers)
    date = passage.date or text(lang, "unknown_date")
    parts = [
        f'<article class="sn-passage" id="sn-passage-{escape(str(rank))}" data-doc="{escape(doc_id, quote=True)}">',
        f'<header><span class="sn-rank">{escape(str(rank))}</span> <span class="sn-title">'
        f'{escape(passage.title)}</span> <span class="sn-date">{escape(date)}</span> {cited}</header>',
        f'<div class="sn-text">{highlight(passage.text, start, spans)}</div>',
        f'<div class="sn-cite"><span class="sn-cite-text">{escape(citation)}</span> '
        f'<button type="button" class="sn-copy" data-copy="{escape(citation, quote=True)}" '
        f'data-done="{escape(text(lang, "copied"), quote=True)}">{escape(text(lang, "copy_citation"))}</button></div>',
    ]
    if translate_to:
        parts.append(translate_button(passage, translate_to, lang))
    excerpt = next((e for e in excerpts if e.holds(doc_id, start, end)), None)
    if excerpt is not None:
        parts.append(render_document(excerpt, passage, spans, lang))
    parts.append("</article>")
    return "".join(parts)


def render_document(excerpt: Excerpt, passage: Hit, spans: Sequence[Span], lang: str) -> str:
    """The article around the passage (``excerpt``), folded: the passage, answer sentence and span marked, the best
    of them the target, and how much of the article is left out before and after (a card per passage would
    otherwise carry the whole article each time)."""
    focus = next((s for s in spans if s.css_class == "sn-span" and passage.start <= s.start < passage.end),
                 next((s for s in spans if passage.start <= s.start < passage.end), None))
    target = Span(focus.start, focus.end, "sn-target") if focus else Span(passage.start, passage.end,
                                                                          "sn-target")
    marks = [Span(passage.start, passage.end, "sn-in-passage"), *spans, target]
    start, end, length = excerpt.start, excerpt.end, excerpt.length
    before = f'<p class="sn-doc-cut">{escape(text(lang, "text_left_out", n=start))}</p>' if start else ""
    after = (f'<p class="sn-doc-cut">{escape(text(lang, "text_left_out", n=length - end))}</p>'
             if end < length else "")
    return (f'<details class="sn-doc"><summary>{escape(text(lang, "view_in_document"))}</summary>'
            f'<div class="sn-doc-text">{before}{highlight(excerpt.text, start, marks)}{after}</div></details>')


def document_window(document: str, start: int, end: int, window: int) -> tuple[int, int]:
    """``[begin, stop)`` of ``document``: at most ``window`` characters around ``[start, end)``, as evenly as the
    article's ends allow, cut at a line break within ``LINE_SEARCH`` characters of either cut; the whole passage
    always."""
    if len(document) <= window:
        return 0, len(document)
    margin = max(window - (end - start), 0)
    begin = max(start - margin // 2, 0)
    stop = min(begin + (end - start) + margin, len(document))
    begin = max(min(begin, stop - window), 0)
    if begin > 0:  # a line break near the cut, not one anywhere before the passage (the review of session 15)
        begin = document.find("\n", begin, min(start, begin + LINE_SEARCH)) + 1 or begin
    if stop < len(document):
        cut = document.rfind("\n", max(end, stop - LINE_SEARCH), stop)
        stop = (cut - 1 if document[cut - 1:cut] == "\r" else cut) if cut > end else stop  # CRLF: both go
    return begin, stop


def citation_text(title: str, date: str | None, quote: str, doc_id: str, start: int, end: int) -> str:
    """A plain-text citation to paste elsewhere: title, date, the quoted words, where they are."""
    when = f" ({date})" if date else ""
    head = f"{title}{when}"
    stop = "" if head.endswith((".", "…", "?", "!", "。", "？", "！")) else "."  # "phối hợp…" takes no extra stop
    return f"{head}{stop} “{quote}” [{doc_id}, {start}–{end}]"


def _shorten(passage_text: str) -> str:
    flat = " ".join(passage_text.split())
    return flat if len(flat) <= QUOTE_MAX_CHARS else flat[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + "…"


def render_corpus(rows: Sequence[DocumentInfo], lang: str) -> str:
    """The document list: id, title, date, size in characters, chunks."""
    head = "".join(f"<th>{escape(text(lang, key))}</th>"
                   for key in ("col_id", "col_title", "col_date", "col_size", "col_chunks"))
    body = "".join(
        f'<tr data-doc="{escape(r.doc_id, quote=True)}"><td><code>{escape(r.doc_id)}</code></td>'
        f"<td>{escape(r.title)}</td><td>{escape(r.date or '–')}</td><td>{r.chars}</td><td>{r.chunks}</td></tr>"
        for r in rows
    )
    total = text(lang, "documents_count", n=len(rows), chunks=sum(r.chunks for r in rows))
    return (f'<div class="sn-corpus"><p>{escape(total)}</p><table class="sn-corpus-table"><thead><tr>{head}'
            f"</tr></thead><tbody>{body}</tbody></table></div>")


def render_status(message: str, kind: str = "info") -> str:
    """A one-line status after a corpus change (``message`` may hold untrusted file names)."""
    return _notice_html(kind, message) if message else ""
