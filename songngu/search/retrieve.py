"""Retrieval: from a question to ranked, de-duplicated passages (``Hit``).

Dense candidates (``songngu.search.dense``) and lexical ones (BM25 over the
question's analysed tokens) are fused by z-scores (``fuse_scores``), ranked,
stripped of passages that repeat a better one, and cut to ``k``.
"""

from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np

from songngu.index.embedders import Embedder
from songngu.index.glossary import english_in_vietnamese
from songngu.index.normalize import nfc, strip_diacritics
from songngu.index.store.interface import IndexReader, StoredChunk
from songngu.search.crossing import Crossing, toward_vietnamese
from songngu.search.dense import dense_scores
from songngu.search.language import is_chinese_passage
from songngu.search.settings import SearchSettings

RETRIEVERS = ("hybrid", "dense", "lexical")


@dataclass(frozen=True)
class Question:
    """A cleaned question as every stage reads it: its language, analysed tokens and vector (None only
    without a model at hand: then BM25 alone scores), and that vector moved toward Vietnamese text
    (``songngu.search.crossing``; None for a Vietnamese question)."""

    text: str
    lang: str
    tokens: tuple[str, ...]
    vector: np.ndarray | None
    crossing: Crossing | None = None


# The encoder reads at most this many tokens of a question (the lexical side reads all of it): a question is some
# tens of tokens, and the encoder's time grows with its length, so one of a thousand Han characters (the longest a
# question may be) cost seconds of every core instead of tens of milliseconds (a probe, session 24).
MAX_QUESTION_TOKENS = 128


def within_tokens(text: str, embedder: Embedder, limit: int = MAX_QUESTION_TOKENS) -> str:
    """``text``, or its longest opening the embedder reads as at most ``limit`` tokens (a search over its length:
    the tokenizer alone, some microseconds a call)."""
    if embedder.count_tokens(text) <= limit:
        return text
    shortest, longest = 0, len(text)
    while shortest < longest:
        middle = (shortest + longest + 1) // 2
        if embedder.count_tokens(text[:middle]) <= limit:
            shortest = middle
        else:
            longest = middle - 1
    return text[:shortest]


def embed_question(text: str, lang: str, embedder: Embedder) -> np.ndarray:
    """The question's vector. An English question with words the glossary knows is embedded twice, in one call, as
    asked and with those words in Vietnamese (``english_in_vietnamese``: "the kim ngạch xuất nhập khẩu between Quang
    Ninh and Quảng Tây"), and its vector is the normalised sum of the two: the encoder meets the corpus's own words.
    ``make_question`` then moves it toward Vietnamese text by the English offset of ``songngu.search.crossing``
    (fitted on questions as asked): measured with and without that move, with it did better (out of fold on
    xquad-dev-holes in English, accuracy 0.734 against 0.717). Session 22, the answer model's English confidence
    refitted on such vectors: recall@1 on XQuAD's English questions over xquad-dev-holes .913 -> .918, on 108 English
    questions about the seed articles (tests/data) .886 -> .943, answer accuracy .583 -> .704; on 150 new ones two
    helpers wrote (none trained on) .567 -> .680. One embedding more for such a question, none for the others."""
    text = nfc(text)
    rendered = english_in_vietnamese(text) if lang == "en" else text
    if rendered == text:
        return embedder.embed_queries([within_tokens(text, embedder)])[0]
    both = embedder.embed_queries([within_tokens(text, embedder), within_tokens(rendered, embedder)])
    summed = both[0].astype(np.float64) + both[1]
    norm = np.linalg.norm(summed)
    return (summed / norm).astype(np.float32) if norm > 0 else both[0]


def make_question(text: str, lang: str, tokens: Sequence[str], vector: np.ndarray | None, embedder_name: str,
                  ) -> Question:
    """A ``Question`` with its vector moved toward Vietnamese text where the embedder has an offset for it."""
    crossing = toward_vietnamese(vector, lang, embedder_name) if vector is not None else None
    return Question(text, lang, tuple(tokens), vector, crossing)


@dataclass(frozen=True)
class Scores:
    """The signals behind a passage's rank; a retriever sets only those it computes.

    ``chunk`` and ``sentence`` are cosines of the chunk and of its best sentence, ``dense``
    mixes them (plus the language gap), ``lexical`` is BM25, ``hybrid`` the fused z-score.
    """

    chunk: float | None = None
    sentence: float | None = None
    dense: float | None = None
    lexical: float | None = None
    hybrid: float | None = None

    def of(self, retriever: str) -> float:
        return getattr(self, retriever)

    def rounded(self) -> "Scores":
        return Scores(**{name: None if value is None else round(value, 6) for name, value in asdict(self).items()})

    def to_json(self) -> dict[str, float]:
        return {name: value for name, value in asdict(self).items() if value is not None}


@dataclass(frozen=True)
class Hit:
    """A ranked passage: a chunk of a stored document, with offsets into the document's text."""

    rank: int
    chunk_id: int
    doc_id: str
    title: str
    date: str | None
    start: int
    end: int
    text: str
    score: float
    scores: Scores


def crosses_language(passage: str, lang: str) -> bool:
    """Whether ``passage`` is in the other language than a question in ``lang`` (Chinese or not)."""
    return is_chinese_passage(passage) != (lang == "zh")


def dense_ranking(index: IndexReader, question: Question, n: int, settings: SearchSettings,
                  ) -> tuple[dict[int, Scores], dict[int, StoredChunk]]:
    """Signals of the dense candidates of ``question``, and the candidates themselves.

    ``chunk`` and ``sentence`` are cosines; ``dense``, which ranks, mixes them and adds
    ``settings.language_gap`` to a passage in the other language than the question's.
    """
    scores, chunks = dense_scores(index, question.vector, question.crossing, n)
    w, gap = settings.chunk_weight, settings.language_gap
    return {
        cid: Scores(chunk=c, sentence=s, dense=w * c + (1 - w) * s
                    + (gap if crosses_language(chunks[cid].text, question.lang) else 0.0))
        for cid, (c, s) in scores.items()
    }, chunks


def lexical_weight(question: Question, settings: SearchSettings) -> float:
    """Weight of the lexical z-score against the dense one for this question (see ``fuse_scores``).

    A question in another language than Vietnamese or Chinese (English, with no marks either) is not a
    Vietnamese question typed without marks: it takes ``lexical_weight_other``.
    """
    if question.lang == "zh":
        return settings.lexical_weight_zh
    if question.lang != "vi":
        return settings.lexical_weight_other
    typed_plain = strip_diacritics(question.text) == question.text
    return settings.lexical_weight_vi_plain if typed_plain else settings.lexical_weight_vi


def _z_scores(values: dict[int, float], fill: float) -> tuple[dict[int, float], float]:
    """Standardised ``values`` and the standardised ``fill`` for ids that have none."""
    array = np.array(list(values.values()), dtype=np.float64)
    mean, std = (float(array.mean()), float(array.std()) or 1.0) if len(array) else (0.0, 1.0)
    return {cid: (value - mean) / std for cid, value in values.items()}, (fill - mean) / std


def fuse_scores(dense: dict[int, Scores], lexical: dict[int, float], weight: float) -> dict[int, Scores]:
    """Z-score fusion: z(dense) + ``weight`` x z(BM25), over the union of both candidate lists.

    Each signal is standardised over its own candidates, so the weight means
    the same from query to query whatever the scale of BM25. A chunk found
    only lexically takes the lowest dense score of the candidates; one found
    only densely has BM25 0. Returns every candidate's signals with the fused
    score under ``"hybrid"``.
    """
    floor = min((s.dense for s in dense.values()), default=0.0)
    dense_z, dense_fill = _z_scores({cid: s.dense for cid, s in dense.items()}, floor)
    lexical_z, lexical_fill = _z_scores(lexical, 0.0)
    return {
        cid: replace(dense.get(cid, Scores(dense=floor)), lexical=lexical.get(cid, 0.0),
                     hybrid=dense_z.get(cid, dense_fill) + weight * lexical_z.get(cid, lexical_fill))
        for cid in dense.keys() | lexical.keys()
    }


def _overlap_share(a: tuple[str, int, int], b: tuple[str, int, int]) -> float:
    if a[0] != b[0]:
        return 0.0
    overlap = min(a[2], b[2]) - max(a[1], b[1])
    return max(overlap, 0) / max(min(a[2] - a[1], b[2] - b[1]), 1)


def drop_duplicates(ranked: list[tuple[int, float, Scores]], chunks: dict[int, StoredChunk],
                    ) -> list[tuple[int, float, Scores]]:
    """Drop passages that repeat a better one: same text, or more than half inside it."""
    kept: list[tuple[int, float, Scores]] = []
    for item in ranked:
        chunk = chunks[item[0]]
        span = (chunk.doc_id, chunk.start, chunk.end)
        if all(chunks[k[0]].text != chunk.text and _overlap_share((chunks[k[0]].doc_id, chunks[k[0]].start,
                                                                   chunks[k[0]].end), span) <= 0.5 for k in kept):
            kept.append(item)
    return kept


def to_hits(ranked: list[tuple[int, float, Scores]], chunks: dict[int, StoredChunk]) -> list[Hit]:
    """Attach stored text and document fields to ``(chunk_id, score, signals)``, best first."""
    return [
        Hit(rank, cid, chunks[cid].doc_id, chunks[cid].title, chunks[cid].date, chunks[cid].start, chunks[cid].end,
            chunks[cid].text, round(score, 6), signals.rounded())
        for rank, (cid, score, signals) in enumerate(ranked, start=1)
    ]


def retrieve(index: IndexReader, question: Question, k: int, retriever: str = "hybrid",
             doc_ids: Collection[str] | None = None, settings: SearchSettings = SearchSettings(),  # noqa: B008
             lap: Callable[[str], None] | None = None) -> list[Hit]:
    """The ``k`` best passages for ``question``, de-duplicated, best first.

    ``lap``, when given, is called with "dense", "lexical" and "fusion" as each stage ends
    (``songngu.search.ask`` times the stages with it).

    ``doc_ids``, when given, keeps only passages of those documents (the app's filters): the
    candidates are drawn wider, restricted to the documents, then fused and ranked as usual.
    """
    s = settings
    dense_n, lexical_n = (s.candidates, s.lexical_candidates) if doc_ids is None else (s.filtered_candidates,) * 2
    lap = lap or (lambda stage: None)
    # Both sides are scored whichever ranks: the answer model reads every signal of a passage (its
    # cosine, its fused score), and a passage ranked by one retriever must not look to it like one
    # that another signal never saw.
    dense, chunks = dense_ranking(index, question, dense_n, s) if question.vector is not None else ({}, {})
    lap("dense")
    lexical = dict(index.lexical_search(question.tokens, lexical_n))
    lap("lexical")
    chunks.update(index.chunks(lexical.keys() - chunks.keys()))
    if doc_ids is not None:
        wanted = set(doc_ids)
        dense = {cid: v for cid, v in dense.items() if chunks[cid].doc_id in wanted}
        lexical = {cid: v for cid, v in lexical.items() if chunks[cid].doc_id in wanted}
    signals = fuse_scores(dense, lexical, lexical_weight(question, s))
    candidates = {"dense": dense.keys(), "lexical": lexical.keys()}.get(retriever, signals.keys())
    ranked = sorted(((cid, signals[cid].of(retriever), signals[cid]) for cid in candidates),
                    key=lambda item: (-item[1], item[0]))
    hits = to_hits(drop_duplicates(ranked, chunks)[:k], chunks)
    lap("fusion")
    return hits
