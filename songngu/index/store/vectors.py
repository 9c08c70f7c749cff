"""The local store's FAISS indexes: which type for how many vectors, building and searching them.

Vectors are L2-normalised float32, so inner product is cosine similarity; every
index carries the row ids of its SQLite table as FAISS ids. No SQL here: the
caller feeds vectors in and gives the exact stored vectors back for re-scoring.
"""

from collections.abc import Callable, Iterable, Sequence

import faiss
import numpy as np

from songngu.errors import BadInputError

# The vector index type follows the number of vectors; bench/scale.py measures these choices (figures
# in bench/README.md). All take inner product (cosine: vectors are L2-normalised) and carry the row ids
# of their table as FAISS ids.
# - "flat": exact search over float32 vectors, 4 x dim bytes a vector (1536 at dim 384); a scan of all
#   vectors per query, so only below EXACT_LIMIT vectors, where one scan stays a few milliseconds.
# - "ivfsq": IVF with about sqrt(n) lists (a power of two, 16 to 16,384; 1,024 at 1M), each vector kept
#   as 8-bit scalar-quantised residuals, dim bytes (384) plus its 8-byte id; NPROBE lists searched a
#   query; trained on TRAIN_PER_LIST vectors a list. 8-bit scores are within about 1e-3 of the cosine,
#   so FAISS's ranking is used as it is. Recall@10 against exact on clustered vectors, nprobe 16 / 32:
#   1M 0.963 / 0.968 (1.7 / 3.2 ms a query), 60k 0.94 / 0.97: 32 keeps 0.95 at every size measured.
#   The automatic choice from EXACT_LIMIT on.
# - "ivfpq": the same lists with product-quantiser codes of dim / 8 bytes (48 at dim 384; 59 bytes a
#   vector resident at 1M): the most compact, for corpora whose ivfsq index would not fit in RAM. PQ
#   scores are coarse: nearest re-scores a large candidate pool (RESCORE_POOL) with the exact
#   vectors kept in SQLite, and that pool, not NPROBE, decides recall (1M: 0.96 at pool 800, 36 ms).
#   Only when asked for.
# - "hnsw": HNSW graph (HNSW_M links a node) over 8-bit scalar-quantised vectors; no training, but about
#   dim + 8 x HNSW_M bytes a vector (541 resident at 200k) and a slow build; with these parameters its
#   recall@10 was only 0.67 at 200k (efSearch 64). Only when asked for.
VECTOR_INDEX_KINDS = ("auto", "flat", "ivfsq", "ivfpq", "hnsw")
QUANTISED_KINDS = ("ivfsq", "ivfpq")  # IVF kinds: they need training vectors
VECTOR_INDEX_KEY = "vector_index"  # meta: the type asked for; "chunks_index"/"sentences_index": the types built
EXACT_LIMIT = 50_000
TRAIN_PER_LIST = 64
NPROBE = 32
HNSW_M = 16
HNSW_EF_SEARCH = 64
ADD_BATCH = 65_536
# FAISS asks for 39 training vectors a centroid: 256 centroids a PQ sub-quantiser, 16 IVF lists at least.
MIN_TRAINING_VECTORS = {"ivfsq": 2_000, "ivfpq": 10_000}


def choose_vector_index(kind: str, n_vectors: int) -> str:
    """The index type to build: ``kind`` itself, or for "auto" flat below ``EXACT_LIMIT`` and ivfsq above.

    A forced IVF type on fewer vectors than its quantisers need to train falls back to flat.
    """
    if kind not in VECTOR_INDEX_KINDS:
        raise BadInputError(f"vector index must be one of {', '.join(VECTOR_INDEX_KINDS)}, got {kind!r}")
    if kind == "auto":
        return "flat" if n_vectors < EXACT_LIMIT else "ivfsq"
    if n_vectors < MIN_TRAINING_VECTORS.get(kind, 0):
        return "flat"
    return kind


def ivf_lists(n_vectors: int) -> int:
    """Number of IVF lists for ``n_vectors``: the power of two nearest sqrt(n), from 16 to 16,384."""
    return int(min(max(2 ** round(np.log2(max(n_vectors, 1)) / 2), 16), 16_384))


def empty_vector_index(kind: str, dim: int, n_vectors: int) -> faiss.Index:
    """An untrained index of type ``kind`` ("flat", "ivfsq", "ivfpq" or "hnsw") sized for ``n_vectors``."""
    if kind == "flat":
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    if kind in QUANTISED_KINDS:
        lists = ivf_lists(n_vectors)
        index = (faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dim), dim, lists, faiss.ScalarQuantizer.QT_8bit,
                                               faiss.METRIC_INNER_PRODUCT) if kind == "ivfsq" else
                 faiss.IndexIVFPQ(faiss.IndexFlatIP(dim), dim, lists, dim // 8, 8, faiss.METRIC_INNER_PRODUCT))
        index.nprobe = NPROBE
        return index
    hnsw = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efSearch = HNSW_EF_SEARCH
    return faiss.IndexIDMap(hnsw)


# An IVF-PQ index is asked for this many candidates, at least, which are then re-scored
# exactly. On 1M clustered vectors (bench/scale.py, bench/README.md) its 48-byte codes rank
# so coarsely that the re-scored top 200 hold only 0.78 of the exact top 10, the top 400
# 0.89, the top 800 0.96 (nprobe 16 to 64 change little): 800 is the smallest pool measured
# that reaches 0.95. The 8-bit kinds (ivfsq, hnsw) rank well enough as they are.
RESCORE_POOL = 800


def build_vector_index(batches: Iterable[tuple[np.ndarray, np.ndarray]], n_vectors: int, dim: int,
                       training_sample: Callable[[int], np.ndarray], kind: str = "flat") -> faiss.Index:
    """A FAISS index over ``n_vectors`` vectors given as ``(ids, vectors)`` batches; ``kind`` as
    ``choose_vector_index``. ``training_sample(size)`` gives vectors spread over all of them, for
    the quantisers of the IVF kinds."""
    built = choose_vector_index(kind, n_vectors)
    index = empty_vector_index(built, dim, n_vectors)
    if not index.is_trained:  # IVF centroids and PQ codebooks, or the scalar quantiser's ranges
        size = max(TRAIN_PER_LIST * index.nlist, MIN_TRAINING_VECTORS[built]) if built in QUANTISED_KINDS \
            else TRAIN_PER_LIST * 1024
        index.train(training_sample(size))
    for ids, vectors in batches:
        index.add_with_ids(vectors, ids)
    return index


def vector_index_kind(index: faiss.Index) -> str:
    """"flat", "ivfsq", "ivfpq" or "hnsw" for an index made by ``build_vector_index``."""
    inner = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap) else faiss.downcast_index(index)
    if isinstance(inner, faiss.IndexFlat):
        return "flat"
    if isinstance(inner, faiss.IndexHNSW):
        return "hnsw"
    return "ivfsq" if isinstance(inner, faiss.IndexIVFScalarQuantizer) else "ivfpq"


def search_ids(index: faiss.Index, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
    """(id, score) of the ``n`` nearest vectors, best first; FAISS's -1 padding dropped."""
    if index.ntotal == 0 or n <= 0:
        return []
    scores, ids = index.search(vector.reshape(1, -1).astype(np.float32), min(n, index.ntotal))
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


def nearest(index: faiss.Index, vector: np.ndarray, n: int, exact_vectors: Callable[[Sequence[int]], np.ndarray],
            pool: int = RESCORE_POOL) -> list[tuple[int, float]]:
    """(id, cosine) of the ``n`` nearest vectors, best first.

    Flat is exact and the 8-bit kinds score within about 1e-3 of the cosine, so FAISS
    answers alone; IVF-PQ gives ``max(n, pool)`` candidates whose exact stored vectors
    (``exact_vectors(ids)``) are then scored.
    """
    if vector_index_kind(index) != "ivfpq":
        return search_ids(index, vector, n)
    ids = [i for i, _ in search_ids(index, vector, max(n, pool))]
    sims = exact_vectors(ids) @ vector
    return [(ids[i], float(sims[i])) for i in np.argsort(-sims, kind="stable")[:n]]
