"""Retrieval: from a query to ranked, de-duplicated passages (``Hit``)."""

from dataclasses import dataclass, field

import numpy as np

from index.analysis import analyse_query
from index.lexical import lexical_search
from index.store import LoadedIndex
from search.dense import dense_scores

# Weight of the chunk's own cosine against its best sentence's cosine. XQuAD
# dev recall@1 (vi/zh): chunk only 0.932/0.736, 0.5 0.948/0.802, sentence only
# 0.929/0.723; 0.3-0.7 is a plateau, 0.5 sits in its middle.
CHUNK_WEIGHT = 0.5
CANDIDATES = 50
LEXICAL_CANDIDATES = 100
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


def dense_ranking(loaded: LoadedIndex, query_vector: np.ndarray, n: int = CANDIDATES) -> dict[int, dict[str, float]]:
    """Chunk id -> signals (``chunk``, ``sentence``, ``dense``) for the dense candidates."""
    return {
        cid: {"chunk": c, "sentence": s, "dense": CHUNK_WEIGHT * c + (1 - CHUNK_WEIGHT) * s}
        for cid, (c, s) in dense_scores(loaded, query_vector, n).items()
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
    return dict(lexical_search(loaded.db, analyse_query(query, lang), n))


def lexical_weight(lang: str) -> float:
    """Weight of max-normalised BM25 added to the dense score, per query language (see fuse_scores)."""
    return LEXICAL_WEIGHTS.get(lang, LEXICAL_WEIGHTS["vi"])


# Chosen on XQuAD dev and seed-dev (recall@1, accented vi / unaccented vi / zh):
# vi 0.05: .968/.907, 0.15: .967/.951, 0.3: .962/.951; zh 0: .802, 0.05: .796 (seed zh .857 -> 1.0), 0.1: .690.
LEXICAL_WEIGHTS = {"vi": 0.15, "zh": 0.05}


def fuse_scores(dense: dict[int, dict[str, float]], lexical: dict[int, float], weight: float,
                ) -> dict[int, dict[str, float]]:
    """Dense score plus ``weight`` x BM25 / best BM25 of the query.

    A chunk found only lexically takes the lowest dense score of the
    candidates; one found only densely has lexical 0. Returns the signals of
    every candidate with the fused score under ``"hybrid"``.
    """
    floor = min((s["dense"] for s in dense.values()), default=0.0)
    best = max(lexical.values(), default=0.0) or 1.0
    fused = {}
    for cid in dense.keys() | lexical.keys():
        signals = dict(dense.get(cid, {"dense": floor}))
        signals["lexical"] = lexical.get(cid, 0.0)
        signals["hybrid"] = signals["dense"] + weight * signals["lexical"] / best
        fused[cid] = signals
    return fused


def retrieve(loaded: LoadedIndex, query_vector: np.ndarray | None, query: str, lang: str, k: int,
             retriever: str = "hybrid") -> list[Hit]:
    """The ``k`` best passages, de-duplicated, best first; ``query_vector`` may be None for ``lexical``."""
    if retriever == "dense":
        signals = dense_ranking(loaded, query_vector)
    elif retriever == "lexical":
        signals = {cid: {"lexical": score} for cid, score in lexical_ranking(loaded, query, lang).items()}
    else:
        signals = fuse_scores(dense_ranking(loaded, query_vector), lexical_ranking(loaded, query, lang),
                              lexical_weight(lang))
    ranked = sorted(((cid, s[retriever], s) for cid, s in signals.items()), key=lambda item: (-item[1], item[0]))
    return to_hits(loaded, drop_duplicates(loaded, ranked)[:k])
