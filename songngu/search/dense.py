"""Dense retrieval: chunks scored by their own vector and by their best sentence's.

Both are exact cosines on the stored vectors of the candidates: a large index
quantises its vectors (``songngu.index.store.vectors``), so the nearest-neighbour
scores are then approximate.
"""

import numpy as np

from songngu.index.store.interface import IndexReader, StoredChunk
from songngu.search.crossing import Crossing, sentence_cosines
from songngu.search.language import is_chinese_passage


def dense_scores(index: IndexReader, vector: np.ndarray, crossing: Crossing | None, n: int,
                 ) -> tuple[dict[int, tuple[float, float]], dict[int, StoredChunk]]:
    """Candidate chunks with ``(chunk cosine, best sentence cosine)``, and the chunks themselves.

    Candidates are the ``n`` nearest chunks and the chunks holding the ``n`` nearest sentences.
    ``crossing``, the question's vector moved toward Vietnamese text (``songngu.search.crossing``),
    looks for nearest sentences too and scores the sentences of chunks not in Chinese; chunks are
    scored with ``vector``.
    """
    chunk_hits = [cid for cid, _ in index.nearest_chunks(vector, n)]
    sentence_hits = [sid for v in [vector] + ([crossing.vector] if crossing else [])
                     for sid, _ in index.nearest_sentences(v, n)]
    owners = index.chunks_of_sentences(list(dict.fromkeys(sentence_hits)))
    candidates = list(dict.fromkeys(chunk_hits + [c for cids in owners.values() for c in cids]))
    chunks = index.chunks(candidates)
    chunk_sims = index.chunk_vectors(candidates) @ vector
    members = index.sentences_of_chunks(candidates)
    chinese = {sid: is_chinese_passage(chunks[cid].text) if crossing else False
               for cid in candidates for sid in members.get(cid, [])}
    all_sentences = sorted(chinese)
    sims = sentence_cosines(index.sentence_vectors(all_sentences), [chinese[s] for s in all_sentences], vector,
                            crossing)
    sentence_sim = dict(zip(all_sentences, sims, strict=True))
    return {
        cid: (float(chunk_sims[i]), max((float(sentence_sim[s]) for s in members.get(cid, [])), default=-1.0))
        for i, cid in enumerate(candidates)
    }, chunks
