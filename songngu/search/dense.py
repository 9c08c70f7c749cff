"""Dense retrieval: chunk vectors and sentence vectors from the FAISS indexes.

A chunk is scored by its own vector and by its best sentence; both are exact
inner products (cosine) computed on the stored vectors of the candidates, read
from SQLite: a large index quantises its vectors (``songngu.index.store``), so FAISS
scores are then approximate.
"""

from collections import defaultdict

import numpy as np

from songngu.index.store import LoadedIndex, read_vectors, vector_index_kind

# An IVF-PQ index is asked for this many candidates, at least, which are then re-scored
# exactly. On 1M clustered vectors (bench/scale.py, bench/README.md) its 48-byte codes rank
# so coarsely that the re-scored top 200 hold only 0.78 of the exact top 10, the top 400
# 0.89, the top 800 0.96 (nprobe 16 to 64 change little): 800 is the smallest pool measured
# that reaches 0.95. The 8-bit kinds (ivfsq, hnsw) rank well enough as they are.
RESCORE_POOL = 800


def search_ids(index, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
    """(id, score) of the ``n`` nearest vectors, best first; FAISS's -1 padding dropped."""
    if index.ntotal == 0 or n <= 0:
        return []
    scores, ids = index.search(vector.reshape(1, -1).astype(np.float32), min(n, index.ntotal))
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


def nearest(loaded: LoadedIndex, table: str, index, vector: np.ndarray, n: int,
            pool: int = RESCORE_POOL) -> list[tuple[int, float]]:
    """(id, cosine) of the ``n`` nearest rows of ``table`` ("chunks" or "sentences"), best first.

    Flat is exact and the 8-bit kinds score within about 1e-3 of the cosine, so FAISS
    answers alone; IVF-PQ gives ``max(n, pool)`` candidates whose stored vectors are
    then scored exactly.
    """
    if vector_index_kind(index) != "ivfpq":
        return search_ids(index, vector, n)
    ids = [i for i, _ in search_ids(index, vector, max(n, pool))]
    sims = read_vectors(loaded.db, table, ids, index.d) @ vector
    return [(ids[i], float(sims[i])) for i in np.argsort(-sims, kind="stable")[:n]]


def chunks_of_sentences(loaded: LoadedIndex, sentence_ids: list[int]) -> dict[int, list[int]]:
    """Map sentence id -> ids of the chunks that contain it (overlapping chunks share sentences)."""
    if not sentence_ids:
        return {}
    marks = ",".join("?" * len(sentence_ids))
    rows = loaded.db.execute(
        f"SELECT s.id AS sid, c.id AS cid FROM sentences s JOIN chunks c "
        f"ON c.doc_id = s.doc_id AND c.start <= s.start AND s.end <= c.end WHERE s.id IN ({marks})",
        sentence_ids,
    ).fetchall()
    result: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        result[row["sid"]].append(row["cid"])
    return result


def sentences_of_chunks(loaded: LoadedIndex, chunk_ids: list[int]) -> dict[int, list[int]]:
    """Map chunk id -> ids of its sentences, in text order."""
    if not chunk_ids:
        return {}
    marks = ",".join("?" * len(chunk_ids))
    rows = loaded.db.execute(
        f"SELECT c.id AS cid, s.id AS sid FROM chunks c JOIN sentences s "
        f"ON c.doc_id = s.doc_id AND c.start <= s.start AND s.end <= c.end WHERE c.id IN ({marks}) "
        f"ORDER BY s.start",
        chunk_ids,
    ).fetchall()
    result: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        result[row["cid"]].append(row["sid"])
    return result



def dense_scores(loaded: LoadedIndex, query_vector: np.ndarray, n: int) -> dict[int, tuple[float, float]]:
    """Candidate chunks with ``(chunk cosine, best sentence cosine)``.

    Candidates are the ``n`` nearest chunks plus the chunks holding the ``n``
    nearest sentences; both scores are then computed exactly for each of them.
    """
    chunk_hits = nearest(loaded, "chunks", loaded.chunk_vectors, query_vector, n)
    sentence_hits = nearest(loaded, "sentences", loaded.sentence_vectors, query_vector, n)
    owners = chunks_of_sentences(loaded, [sid for sid, _ in sentence_hits])
    candidates = list(dict.fromkeys([cid for cid, _ in chunk_hits] + [c for cids in owners.values() for c in cids]))
    dim = loaded.settings.dim
    chunk_sims = read_vectors(loaded.db, "chunks", candidates, dim) @ query_vector
    members = sentences_of_chunks(loaded, candidates)
    all_sentences = sorted({sid for sids in members.values() for sid in sids})
    sentence_sim = dict(zip(all_sentences, read_vectors(loaded.db, "sentences", all_sentences, dim) @ query_vector,
                            strict=True))
    return {
        cid: (float(chunk_sims[i]), max((float(sentence_sim[s]) for s in members.get(cid, [])), default=-1.0))
        for i, cid in enumerate(candidates)
    }
