"""Retrieval: from a query to ranked, de-duplicated passages (``Hit``)."""

from dataclasses import dataclass, field

import numpy as np

from index.store import LoadedIndex
from search.dense import dense_scores

# Weight of the chunk's own cosine against its best sentence's cosine.
CHUNK_WEIGHT = 0.5
CANDIDATES = 50


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


def retrieve(loaded: LoadedIndex, query_vector: np.ndarray, k: int) -> list[Hit]:
    """The ``k`` best passages for a query vector, de-duplicated, best first."""
    signals = dense_ranking(loaded, query_vector)
    ranked = sorted(((cid, s["dense"], s) for cid, s in signals.items()), key=lambda item: -item[1])
    return to_hits(loaded, drop_duplicates(loaded, ranked)[:k])
