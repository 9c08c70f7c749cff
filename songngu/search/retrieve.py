"""Retrieval: from a query to ranked, de-duplicated passages (``Hit``)."""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import numpy as np

from songngu.index.analysis import analyse_query
from songngu.index.lexical import lexical_search
from songngu.index.normalize import strip_diacritics
from songngu.index.store import LoadedIndex
from songngu.search.dense import dense_scores
from songngu.search.language import PASSAGE_SAMPLE, is_chinese_passage

# Weight of the chunk's own cosine against its best sentence's cosine. XQuAD
# dev recall@1 (vi/zh): chunk only 0.932/0.736, 0.5 0.948/0.802, sentence only
# 0.929/0.723; 0.3-0.7 is a plateau, 0.5 sits in its middle.
CHUNK_WEIGHT = 0.5
# The encoder scores a passage in the question's language higher than one in the other language
# even when neither is related: over 300 XQuAD dev question pairs embedded as passages (the
# Vietnamese and Chinese forms of the other questions), median cosine gap 0.051 for Vietnamese
# queries and 0.053 for Chinese ones. In a corpus holding both languages, a Chinese question then
# found any Chinese passage before the Vietnamese one that answers it (seed corpus plus one
# Chinese article: zh passage_hit@1 1.0 -> 0.14). A passage in the other language gets the gap
# back; in a one-language corpus every candidate gets the same, so rankings do not change.
# Not yet made up: BM25 too favours Chinese passages for a Chinese question when Chinese text is
# rare in the corpus, since its Han tokens are then rare and weigh much (seed corpus plus one
# Chinese article, seed-dev zh recall@1: 0.14 before, 0.71 with this gap; vi stays 1.0).
LANGUAGE_GAP = 0.05
CANDIDATES = 50
LEXICAL_CANDIDATES = 100
FILTERED_CANDIDATES = 400  # a document filter drops most candidates: start from more
RETRIEVERS = ("hybrid", "dense", "lexical")


@dataclass(frozen=True)
class Hit:
    """A ranked passage: a chunk of a stored document, with offsets into ``documents.text``."""

    rank: int
    chunk_id: int
    doc_id: str
    title: str
    date: str | None
    start: int
    end: int
    text: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)


def crosses_language(passage: str, lang: str) -> bool:
    """Whether ``passage`` is in the other language than a question in ``lang`` (Chinese or not)."""
    return is_chinese_passage(passage) != (lang == "zh")


def other_language_chunks(loaded: LoadedIndex, chunk_ids: Collection[int], lang: str) -> set[int]:
    """Those of ``chunk_ids`` whose passage is in the other language than the question's."""
    if not chunk_ids:
        return set()
    marks = ",".join("?" * len(chunk_ids))
    rows = loaded.db.execute(f"SELECT id, substr(text, 1, {PASSAGE_SAMPLE}) AS head FROM chunks WHERE id IN ({marks})",
                             list(chunk_ids))
    return {row["id"] for row in rows if crosses_language(row["head"], lang)}


def dense_ranking(loaded: LoadedIndex, query_vector: np.ndarray, lang: str, n: int = CANDIDATES,
                  ) -> dict[int, dict[str, float]]:
    """Chunk id -> signals for the dense candidates of a question in ``lang``.

    ``chunk`` and ``sentence`` are cosines; ``dense``, which ranks, mixes them and adds
    ``LANGUAGE_GAP`` to a passage in the other language than the question's.
    """
    scores = dense_scores(loaded, query_vector, n)
    other = other_language_chunks(loaded, scores.keys(), lang)
    return {
        cid: {"chunk": c, "sentence": s,
              "dense": CHUNK_WEIGHT * c + (1 - CHUNK_WEIGHT) * s + (LANGUAGE_GAP if cid in other else 0.0)}
        for cid, (c, s) in scores.items()
    }


def to_hits(loaded: LoadedIndex, ranked: list[tuple[int, float, dict[str, float]]]) -> list[Hit]:
    """Attach stored text and document fields to ``(chunk_id, score, signals)``, best first."""
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    rows = {
        row["id"]: row
        for row in loaded.db.execute(
            f"SELECT c.id, c.doc_id, c.start, c.end, c.text, d.title, d.date FROM chunks c "
            f"JOIN documents d ON d.doc_id = c.doc_id WHERE c.id IN ({marks})",
            [cid for cid, _, _ in ranked],
        )
    }
    return [
        Hit(rank, cid, rows[cid]["doc_id"], rows[cid]["title"], rows[cid]["date"], rows[cid]["start"],
            rows[cid]["end"], rows[cid]["text"], round(score, 6), {k: round(v, 6) for k, v in signals.items()})
        for rank, (cid, score, signals) in enumerate(ranked, start=1)
    ]


def _overlap_share(a: tuple[str, int, int], b: tuple[str, int, int]) -> float:
    if a[0] != b[0]:
        return 0.0
    overlap = min(a[2], b[2]) - max(a[1], b[1])
    return max(overlap, 0) / max(min(a[2] - a[1], b[2] - b[1]), 1)


def drop_duplicates(loaded: LoadedIndex, ranked: list[tuple[int, float, dict[str, float]]],
                    ) -> list[tuple[int, float, dict[str, float]]]:
    """Drop passages that repeat a better one: same text, or more than half inside it."""
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    spans = {
        row["id"]: (row["doc_id"], row["start"], row["end"], row["text"])
        for row in loaded.db.execute(
            f"SELECT id, doc_id, start, end, text FROM chunks WHERE id IN ({marks})", [c for c, _, _ in ranked]
        )
    }
    kept: list[tuple[int, float, dict[str, float]]] = []
    for item in ranked:
        span = spans[item[0]]
        if all(spans[k[0]][3] != span[3] and _overlap_share(spans[k[0]][:3], span[:3]) <= 0.5 for k in kept):
            kept.append(item)
    return kept


def lexical_ranking(loaded: LoadedIndex, query: str, lang: str, n: int = LEXICAL_CANDIDATES,
                    ) -> dict[int, float]:
    """Chunk id -> BM25 over the query's analysed tokens (Hán-Việt bridge included for Chinese)."""
    return dict(lexical_search(loaded.lexical, analyse_query(query, lang), n))


def lexical_weight(query: str, lang: str) -> float:
    """Weight of the lexical z-score against the dense one for this query (see ``fuse_scores``).

    A Vietnamese query typed without diacritics is far from what the model saw
    in training (dense recall@1 on XQuAD drops from 0.95 to 0.38), while the
    lexical side matches it through its diacritic-free tokens: it gets a much
    larger weight.
    """
    if lang == "zh":
        return LEXICAL_WEIGHTS["zh"]
    return LEXICAL_WEIGHTS["vi" if strip_diacritics(query) != query else "vi-plain"]


# Chosen on XQuAD dev and seed-dev; recall@1 on XQuAD by weight (z-score fusion):
#   vi (accented)   0: .948  0.1: .967  0.2: .970  0.3: .967  0.5: .967
#   vi (no marks)   0.4: .706  1.0: .924  1.5: .948  2.5: .953
#   zh              0: .802  0.1: .818  0.2: .828  0.3: .839  0.4: .837  0.5: .829
#   zh, with the name glossary (index.glossary) in the query analysis:
#                   0.3: .843 (mrr .897)  0.4: .829 (.889)  0.5: .823 (.883); seed-dev zh answer abstention
#                   recall 1.0 at 0.3, 0.0 at 0.4 and 0.5 (the unanswerable question then finds a passage)
#   zh, with the glossary's common words and CC-CEDICT names (index.cedict) as well:
#                   0.3: .853 (mrr .906)  0.4: .848 (.903)  0.5: .853 (.906); 0.3 kept
#   zh, and Chinese numerals (index.numerals): 0.2: .835 (.896)  0.3: .856 (.908)  0.4: .851 (.904);
#                   with their Roman forms, 0.3: .858 (.909)
# seed-dev recall@1 is 1.0 for all three from the weights chosen here on.
# Max-normalised BM25 added to the cosine did worse for zh at every weight (.796 at 0.05, .69 at 0.1).
LEXICAL_WEIGHTS = {"vi": 0.2, "vi-plain": 2.0, "zh": 0.3}


def _z_scores(values: dict[int, float], fill: float) -> tuple[dict[int, float], float]:
    """Standardised ``values`` and the standardised ``fill`` for ids that have none."""
    array = np.array(list(values.values()), dtype=np.float64)
    mean, std = (float(array.mean()), float(array.std()) or 1.0) if len(array) else (0.0, 1.0)
    return {cid: (value - mean) / std for cid, value in values.items()}, (fill - mean) / std


def fuse_scores(dense: dict[int, dict[str, float]], lexical: dict[int, float], weight: float,
                ) -> dict[int, dict[str, float]]:
    """Z-score fusion: z(dense) + ``weight`` x z(BM25), over the union of both candidate lists.

    Each signal is standardised over its own candidates, so the weight means
    the same from query to query whatever the scale of BM25. A chunk found
    only lexically takes the lowest dense score of the candidates; one found
    only densely has BM25 0. Returns every candidate's signals with the fused
    score under ``"hybrid"``.
    """
    floor = min((s["dense"] for s in dense.values()), default=0.0)
    dense_z, dense_fill = _z_scores({cid: s["dense"] for cid, s in dense.items()}, floor)
    lexical_z, lexical_fill = _z_scores(lexical, 0.0)
    fused = {}
    for cid in dense.keys() | lexical.keys():
        signals = dict(dense.get(cid, {"dense": floor}))
        signals["lexical"] = lexical.get(cid, 0.0)
        signals["hybrid"] = dense_z.get(cid, dense_fill) + weight * lexical_z.get(cid, lexical_fill)
        fused[cid] = signals
    return fused


def chunks_of_documents(loaded: LoadedIndex, chunk_ids: Collection[int], doc_ids: Collection[str]) -> set[int]:
    """Those of ``chunk_ids`` that belong to one of ``doc_ids``."""
    if not chunk_ids or not doc_ids:
        return set()
    marks = ",".join("?" * len(chunk_ids))
    rows = loaded.db.execute(f"SELECT id, doc_id FROM chunks WHERE id IN ({marks})", list(chunk_ids))
    wanted = set(doc_ids)
    return {row["id"] for row in rows if row["doc_id"] in wanted}


def retrieve(loaded: LoadedIndex, query_vector: np.ndarray | None, query: str, lang: str, k: int,
             retriever: str = "hybrid", doc_ids: Collection[str] | None = None,
             lap: Callable[[str], None] | None = None) -> list[Hit]:
    """The ``k`` best passages, de-duplicated, best first; ``query_vector`` may be None for ``lexical``.

    ``lap``, when given, is called with "dense", "lexical" and "fusion" as each stage ends
    (``songngu.search.ask`` times the stages with it).

    ``doc_ids``, when given, keeps only passages of those documents (the app's filters): the
    candidates are drawn wider, restricted to the documents, then fused and ranked as usual.
    """
    dense_n, lexical_n = (CANDIDATES, LEXICAL_CANDIDATES) if doc_ids is None else (FILTERED_CANDIDATES,) * 2
    lap = lap or (lambda stage: None)
    dense = dense_ranking(loaded, query_vector, lang, dense_n) if retriever != "lexical" else {}
    lap("dense")
    lexical = lexical_ranking(loaded, query, lang, lexical_n) if retriever != "dense" else {}
    lap("lexical")
    if doc_ids is not None:
        allowed = chunks_of_documents(loaded, dense.keys() | lexical.keys(), doc_ids)
        dense = {cid: s for cid, s in dense.items() if cid in allowed}
        lexical = {cid: s for cid, s in lexical.items() if cid in allowed}
    if retriever == "dense":
        signals = dense
    elif retriever == "lexical":
        signals = {cid: {"lexical": score} for cid, score in lexical.items()}
    else:
        signals = fuse_scores(dense, lexical, lexical_weight(query, lang))
    ranked = sorted(((cid, s[retriever], s) for cid, s in signals.items()), key=lambda item: (-item[1], item[0]))
    hits = to_hits(loaded, drop_duplicates(loaded, ranked)[:k])
    lap("fusion")
    return hits
