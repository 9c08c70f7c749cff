"""Dense retrieval: chunks scored by their own vector and by their best sentence's.

Both are exact cosines on the stored vectors of the candidates: a large index
quantises its vectors (``songngu.index.store.vectors``), so the nearest-neighbour
scores are then approximate.
"""

import numpy as np

from songngu.index.store.interface import IndexReader


def dense_scores(index: IndexReader, query_vector: np.ndarray, n: int) -> dict[int, tuple[float, float]]:
    """Candidate chunks with ``(chunk cosine, best sentence cosine)``.

    Candidates are the ``n`` nearest chunks and the chunks holding the ``n``
    nearest sentences.
    """
    chunk_hits = index.nearest_chunks(query_vector, n)
    sentence_hits = index.nearest_sentences(query_vector, n)
    owners = index.chunks_of_sentences([sid for sid, _ in sentence_hits])
    candidates = list(dict.fromkeys([cid for cid, _ in chunk_hits] + [c for cids in owners.values() for c in cids]))
    chunk_sims = index.chunk_vectors(candidates) @ query_vector
    members = index.sentences_of_chunks(candidates)
    all_sentences = sorted({sid for sids in members.values() for sid in sids})
    sentence_sim = dict(zip(all_sentences, index.sentence_vectors(all_sentences) @ query_vector, strict=True))
    return {
        cid: (float(chunk_sims[i]), max((float(sentence_sim[s]) for s in members.get(cid, [])), default=-1.0))
        for i, cid in enumerate(candidates)
    }
