"""BM25 in Milvus equal to the local store's: sparse vectors of our tokens, a pool re-scored exactly.

Milvus's own BM25 analyses text with its tokenizers, which know no Vietnamese and none of our bridges;
the Milvus store gives it the tokens of ``songngu.index.analysis.analyse`` instead, as sparse vectors,
and scores them as ``songngu.index.store.lexical`` does (FTS5's bm25, k1 1.2, b 0.75):

    score(c) = sum over distinct query tokens t in c of idf(t) * tf (k1 + 1) / (tf + k1 (1 - b + b len(c) / avgdl))
    idf(t) = max(log((N - df(t) + 0.5) / (df(t) + 0.5)), 1e-6)

N, df and avgdl change whenever a chunk is added or removed, so no stored number can be the score:

- A chunk's sparse vector holds its tf parts (the fraction above) under the avgdl known when it was
  written, recorded beside it (``avgdl``), keyed by a 32-bit hash of the token (``term_key``).
- The query vector holds idf weights from the exact document frequencies of the reader's generation
  (the ``terms`` collection, ``frequency_at``). Milvus's inner product is then the score under each
  chunk's recorded avgdl: a ranking to draw a pool from.
- The pool is re-scored exactly from the chunks' stored tokens with the generation's N and avgdl.
  Between a chunk's recorded tf part and its exact one the factor is (tf + K_rec) / (tf + K_now),
  K = k1 (1 - b + b len / avgdl): at most avgdl_now / avgdl_rec when avgdl grew, at most 1 when it
  shrank. So no chunk outside a pool of m beats ``growth`` (avgdl_now / the smallest recorded avgdl) x
  the m-th recorded score; when the n-th exact score in the pool is above that, the top n is exact,
  else the pool grows (``exact_top``, up to ``MAX_POOL``).
- Two tokens may share a hash (some k^2 / 2^33 pairs among k distinct tokens: about 1 at 100,000). The
  weights are positive, so a shared key only adds to a recorded score: it can bring a chunk into the
  pool, never keep one out, and the re-scoring uses the tokens themselves.
- A commit re-writes the tf parts of the chunks recorded under an avgdl far below today's
  (``REIMPACT_DRIFT``), so ``growth`` stays near 1 and one pool is nearly always enough.
"""

import hashlib
import logging
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from songngu.index.store.lexical import BM25_B, BM25_K1

log = logging.getLogger(__name__)

KEY_SPACE = 2**32 - 2  # Milvus's sparse indices are below 2**32 - 1; the last one is EMPTY_KEY
EMPTY_KEY = 2**32 - 2  # a chunk without tokens: Milvus refuses an empty sparse vector; no query holds it
MAX_POOL = 4_096  # pool rows come with their tokens (some 5 kB each): 20 MB, under gRPC's 64 MB a message
# A commit re-writes the tf parts of the chunks whose recorded avgdl is more than REIMPACT_TARGET below
# today's, once the growth bound passes REIMPACT_DRIFT: a re-write of few chunks, rarely.
REIMPACT_DRIFT = 1.25
REIMPACT_TARGET = 1.05
SCORE_SLACK = 1e-5  # Milvus sums float32 weights: its scores are exact to about 1e-6


def term_key(token: str) -> int:
    """The sparse-vector index of ``token``: a 32-bit hash, the same in every process."""
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "little") % KEY_SPACE


def idf(df: int, n_chunks: int) -> float:
    return max(math.log((n_chunks - df + 0.5) / (df + 0.5)), 1e-6)


def tf_part(tf: int, length: int, avgdl: float) -> float:
    return tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * length / avgdl))


def tf_parts(tokens: Sequence[str], avgdl: float) -> dict[int, float]:
    """The sparse vector of a chunk analysed as ``tokens``, under the average length ``avgdl``."""
    parts: dict[int, float] = {}
    for token, tf in Counter(tokens).items():
        key = term_key(token)
        parts[key] = parts.get(key, 0.0) + tf_part(tf, len(tokens), avgdl)
    return parts or {EMPTY_KEY: 1.0}


def query_weights(frequencies: Mapping[str, int], n_chunks: int) -> dict[str, float]:
    """Token -> idf of the query's distinct tokens that some chunk holds."""
    return {token: idf(df, n_chunks) for token, df in frequencies.items() if df > 0}


def query_vector(weights: Mapping[str, float]) -> dict[int, float]:
    vector: dict[int, float] = {}
    for token, weight in weights.items():
        vector[term_key(token)] = vector.get(term_key(token), 0.0) + weight
    return vector


def bm25(tokens: Sequence[str], weights: Mapping[str, float], avgdl: float) -> float:
    """The exact score of a chunk analysed as ``tokens`` for a query of ``weights`` (``query_weights``)."""
    counts = Counter(tokens)
    return sum(weight * tf_part(counts[token], len(tokens), avgdl) for token, weight in weights.items()
               if token in counts)


def growth_bound(avgdl: float, min_recorded: float) -> float:
    """The most a chunk's exact score can exceed its recorded one (see the module docstring)."""
    return max(1.0, avgdl / min_recorded) if min_recorded > 0 else 1.0


def frequency_at(row: Mapping[str, int], generation: int) -> int:
    """A token's document frequency in ``generation``, from its ``terms`` row.

    The row holds the frequency generation ``born`` gave it and the one before (``prev_df``, given by
    ``prev_born``): enough for the two generations a reader may hold, the published one and the one
    before it (``milvus_writer``).
    """
    if row["born"] <= generation:
        return row["df"]
    return row["prev_df"] if row["prev_born"] <= generation else 0


Pool = Callable[[int], list[tuple[int, float, list[str]]]]
"""``pool(m)``: (chunk id, recorded score, tokens) of the ``m`` best chunks by recorded score, best first."""


def first_pool(n: int) -> int:
    return min(max(2 * n, 20), MAX_POOL)


def exact_top(pool: Pool, weights: Mapping[str, float], avgdl: float, growth: float, n: int,
              ) -> list[tuple[int, float]]:
    """(chunk id, exact BM25) of the ``n`` best chunks, best first (ties by id), scores > 0.

    Exact whenever the pool certifies it (module docstring); a pool of ``MAX_POOL`` that still
    does not is used as it is, with a warning.
    """
    size = first_pool(n)
    while True:
        found = pool(size)
        scored = sorted(((cid, bm25(tokens, weights, avgdl)) for cid, _, tokens in found),
                        key=lambda item: (-item[1], item[0]))
        scored = [(cid, score) for cid, score in scored if score > 0]
        if len(found) < size:  # every chunk holding a query token is in the pool
            return scored[:n]
        ceiling = growth * found[-1][1] * (1 + SCORE_SLACK)
        if len(scored) >= n and scored[n - 1][1] > ceiling:
            return scored[:n]
        if size >= MAX_POOL:
            log.warning("lexical search: the top %d is not certified exact by a pool of %d", n, size)
            return scored[:n]
        size = min(size * 4, MAX_POOL)
