"""HTML for an answer: its text with ``[n]`` markers linking to the passages they cite, its sources and
names, its confidence in words; or an abstention and its reason (the closest passage, linked, and the
question's words that passage does not state).

Everything shown is untrusted text (articles, questions, the answer built from them) and is escaped;
the only markup added is ``<a>`` to passages on the page (``#sn-passage-<rank>``).
"""

import re
from collections.abc import Mapping, Sequence
from html import escape

from songngu.app.texts import interface_language, text
from songngu.search.answer import KEYWORDS_TEXT, NO_ANSWER_TEXT, AbstentionReason, Answer, Citation
from songngu.search.answer_model import confidence_level
from songngu.search.retrieve import Hit

_MARKER = re.compile(r"\[(\d+)\]")


def holds(passage: Hit, doc_id: str, start: int, end: int) -> bool:
    """Whether ``passage`` contains the span ``[start, end)`` of document ``doc_id``."""
    return passage.doc_id == doc_id and passage.start <= start and end <= passage.end


def render_answer(answer: Answer, passages: Sequence[Hit], question_lang: str, lang: str,
                  show_confidence: bool = True) -> str:
    """The answer text with ``[n]`` markers linking to the passages they cite, its confidence (unless
    ``show_confidence`` is false), then its sources; an abstention with its reason."""
    if answer.abstained:  # the stock sentences in the page's language (an English question's is Vietnamese)
        stock = next((texts for texts in (NO_ANSWER_TEXT, KEYWORDS_TEXT) if answer.text in texts.values()), None)
        said = stock[interface_language(lang)] if stock else answer.text
        return (f'<section class="sn-answer sn-abstained"><h3 class="sn-heading">{escape(text(lang, "no_answer"))}'
                f'</h3><p>{escape(said)}</p>{render_reason(answer.reason, passages, lang)}</section>')
    citations = answer.citations
    targets = {c.marker: _passage_of(c, passages) for c in citations}
    body = _MARKER.sub(lambda m: _marker_link(int(m.group(1)), targets), escape(answer.text))
    sources = "".join(
        f'<li>{_marker_link(c.marker, targets)} {escape(c.title)}'
        f' <span class="sn-date">{escape(c.date or text(lang, "unknown_date"))}</span></li>'
        for c in citations
    )
    names = _names_html(citations, lang) if question_lang == "zh" else ""
    confidence = render_confidence(answer.confidence, lang) if show_confidence else ""
    return (f'<section class="sn-answer"><h3 class="sn-heading">{escape(text(lang, "answer"))}{confidence}</h3>'
            f'<p class="sn-answer-text">{body}</p>'
            f'<div class="sn-sources">{escape(text(lang, "sources"))}:<ul>{sources}</ul></div>{names}</section>')


def render_confidence(confidence: float, lang: str) -> str:
    """The calibrated ``confidence`` in words ("Độ tin cậy: cao"), the number on hover."""
    level = confidence_level(confidence)
    words = text(lang, "confidence", level=text(lang, f"confidence_{level}"))
    return (f' <span class="sn-confidence sn-confidence-{level}" title="{confidence:.2f}">'
            f"{escape(words)}</span>")


def render_reason(reason: AbstentionReason | None, passages: Sequence[Hit], lang: str) -> str:
    """Why the answer abstains: the closest sentence, linked to the passage holding it when that is
    listed, and the question's words it does not state; "" without a reason."""
    if reason is None:
        return ""
    rank = next((p.rank for p in passages if holds(p, reason.doc_id, reason.start, reason.end)), None)
    link = "" if rank is None else f" {_marker_link(rank, {rank: rank})}"
    items = [f'<li>{escape(text(lang, "closest"))}{link}: “{escape(reason.text)}”</li>']
    if reason.missing:
        words = ", ".join(f"“{escape(word)}”" for word in reason.missing)
        items.append(f'<li>{escape(text(lang, "missing"))}: {words}</li>')
    return f'<ul class="sn-reason">{"".join(items)}</ul>'


def _marker_link(marker: object, targets: Mapping) -> str:
    label = escape(f"[{marker}]")
    rank = targets.get(marker)
    if rank is None:
        return f'<span class="sn-marker">{label}</span>'
    return f'<a class="sn-marker" href="#sn-passage-{rank}" data-passage="sn-passage-{rank}">{label}</a>'


def _passage_of(citation: Citation, passages: Sequence[Hit]) -> int | None:
    """Rank of the passage holding the cited span (by offsets; the citation's own rank otherwise)."""
    for passage in passages:
        if holds(passage, citation.doc_id, citation.start, citation.end):
            return passage.rank
    return citation.passage_rank if citation.passage_rank in {p.rank for p in passages} else None


def _names_html(citations: Sequence[Citation], lang: str) -> str:
    pairs = dict.fromkeys(name for c in citations for name in c.names)
    if not pairs:
        return ""
    items = " · ".join(f"{escape(vi)} = {escape(zh)}" for vi, zh in pairs)
    return f'<div class="sn-names">{escape(text(lang, "names"))}: {items}</div>'
