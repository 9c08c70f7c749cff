"""Sentence splitting and chunking with exact character offsets.

Every ``Sentence`` and ``Chunk`` carries ``(doc_id, start, end)`` such that
``document.text[start:end] == text``. Chunks are built from whole sentences,
stay inside one paragraph when the paragraph fits, and overlap by a configurable
number of sentences when a paragraph has to be cut.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from songngu.index.documents import Document

# A Vietnamese/Latin sentence ends at . ! ? or … followed by space and a capital,
# a digit or an opening quote. Requiring the space keeps "TP.HCM", "4,42",
# "Km3+4" and "25/6/2024" whole; requiring a capital after "…" keeps a trailing
# "…" inside a running sentence. A match starts only where a run of end marks
# starts: a run of n marks that never ends a sentence is then tried once, not n
# times (which made a long run of dots quadratic), with the same matches.
_LATIN_END = re.compile(r"""(?<![.!?…])[.!?…]+["'”’)\]]*(?=\s+["'“‘(\[]?[\d\w])""")
# Chinese ends need no following space.
_CJK_END = re.compile(r"[。！？；]+[”’」』）)]*")
_PARAGRAPH = re.compile(r"[^\n]+")
_VISIBLE = re.compile(r"\S")
_LAST_WORD = re.compile(r"\w+$")
# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset({"tp", "ths", "ts", "pgs", "gs", "ng", "mr", "mrs", "dr", "st", "no", "vs", "tr"})
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))


@dataclass(frozen=True)
class Sentence:
    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...]


def _is_sentence_end(text: str, match: re.Match, paragraph_start: int, paragraph_end: int) -> bool:
    """A candidate end counts unless a lower-case letter follows or it ends an abbreviation.

    Looks only near the match (the next visible character of the paragraph, the word
    before the period), never at the text before or after it: chunking stays linear.
    """
    following = _VISIBLE.search(text, match.end(), paragraph_end)
    if match.group(0) == ".":
        # A window one longer than the longest abbreviation tells an abbreviation from a longer word.
        window_start = max(paragraph_start, match.start() - _LONGEST_ABBREVIATION - 1)
        word = _LAST_WORD.search(text, window_start, match.start())
        if word and word.group(0).casefold() in _ABBREVIATIONS:
            return False
    return following is not None and not following.group(0).islower()


def _paragraph_spans(text: str, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines of ``text[:end]`` that hold more than whitespace."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text, 0, len(text) if end is None else end)
            if not m.group(0).isspace()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text[start:end]``, whitespace-trimmed, never across a newline.

    Linear in the length of the text: every step looks at a match and its neighbourhood.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for p_start, p_end in _paragraph_spans(text, end):
        if p_end <= start:
            continue
        p_start = max(p_start, start)
        cuts = sorted(
            {m.end() for m in _CJK_END.finditer(text, p_start, p_end)}
            | {m.end() for m in _LATIN_END.finditer(text, p_start, p_end) if _is_sentence_end(text, m, p_start, p_end)}
        )
        previous = p_start
        for cut in [*cuts, p_end]:
            s, e = _trimmed(text, previous, cut)
            if e > s:
                spans.append((s, e))
            previous = cut
    return spans


def chunk_document(
    document: Document,
    count_tokens: Callable[[str], int],
    max_tokens: int = 256,
    overlap_sentences: int = 1,
) -> list[Chunk]:
    """Cut a document into chunks of at most ``max_tokens`` model tokens.

    Paragraphs that fit are one chunk each (short neighbours are merged while
    they fit); a longer paragraph is cut between sentences, repeating the last
    ``overlap_sentences`` sentences at the start of the next chunk. A sentence
    longer than ``max_tokens`` is cut into pieces that fit (``_fitting_pieces``)
    and each piece counts as a sentence: the embedder would truncate it, and a
    line of text with no sentence end (a probe: 22,000 characters) was one
    sentence whose end no search and no answer could reach.
    """
    text = document.text
    spans = [(s, e, count_tokens(text[s:e])) for s, e in split_sentences(text)]
    spans = [piece for s, e, n in spans for piece in (
        [(s, e, n)] if n <= max_tokens else _fitting_pieces(text, s, e, n, max_tokens, count_tokens))]
    sentences = [Sentence(document.doc_id, s, e, text[s:e]) for s, e, _ in spans]
    tokens = [n for _, _, n in spans]
    paragraph_of = _paragraph_index(text, sentences)
    groups: list[list[int]] = []
    current: list[int] = []
    current_tokens = 0
    for i, sentence_tokens in enumerate(tokens):
        new_paragraph = bool(current) and paragraph_of[i] != paragraph_of[current[-1]]
        fits = current_tokens + sentence_tokens <= max_tokens
        if current and not fits:
            groups.append(current)
            keep = [] if new_paragraph else current[-overlap_sentences:] if overlap_sentences else []
            keep = [k for k in keep if sum(tokens[j] for j in keep) + sentence_tokens <= max_tokens]
            current, current_tokens = list(keep), sum(tokens[j] for j in keep)
        current.append(i)
        current_tokens += sentence_tokens
    if current:
        groups.append(current)
    return [_make_chunk(document, [sentences[i] for i in group]) for group in groups]


# Where a piece of an over-long sentence may end, best first: after a clause mark, else at a space (else
# anywhere: Chinese text runs without spaces).
_PIECE_BREAKS = ("; ", ", ", "；", "，", "、", " ")


def _fitting_pieces(text: str, start: int, end: int, tokens: int, max_tokens: int,
                    count_tokens: Callable[[str], int]) -> list[tuple[int, int, int]]:
    """``(start, end, tokens)`` of consecutive pieces of the sentence ``text[start:end]`` (``tokens`` long),
    each of at most ``max_tokens`` tokens, cut after a clause mark or a space in the second half of a piece's
    room. The room is estimated from the sentence's characters per token, so each piece is counted about
    once: linear in the sentence's length. A piece is over the budget only when one character is."""
    per_token = (end - start) / tokens
    pieces, position = [], start
    while position < end:
        room = max(1, int(max_tokens * per_token * 0.9))
        while True:
            cut = end if end - position <= room else _break_before(text, position, position + room)
            piece_start, piece_end = _trimmed(text, position, cut)
            counted = count_tokens(text[piece_start:piece_end]) if piece_end > piece_start else 0
            if counted <= max_tokens or room == 1:
                break
            room = max(1, room * max_tokens // (counted + 1))  # the estimate was high: shrink to fit
        if piece_end > piece_start:
            pieces.append((piece_start, piece_end, counted))
        position = cut
    return pieces


def _break_before(text: str, start: int, limit: int) -> int:
    """The end of a piece starting at ``start``: after the last break of ``_PIECE_BREAKS`` in the second half
    of ``text[start:limit]``, else ``limit``."""
    for mark in _PIECE_BREAKS:
        found = text.rfind(mark, start + (limit - start) // 2, limit)
        if found > start:
            return found + len(mark)
    return limit


def _paragraph_index(text: str, sentences: list[Sentence]) -> list[int]:
    starts = [s for s, _ in _paragraph_spans(text)]
    index, result = 0, []
    for sentence in sentences:
        while index + 1 < len(starts) and starts[index + 1] <= sentence.start:
            index += 1
        result.append(index)
    return result


def _make_chunk(document: Document, sentences: list[Sentence]) -> Chunk:
    start, end = sentences[0].start, sentences[-1].end
    return Chunk(document.doc_id, start, end, document.text[start:end], tuple(sentences))
