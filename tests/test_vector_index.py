"""Vector index types: the automatic choice by size, approximate indexes against exact search, switching types."""

import numpy as np
import pytest

from songngu.errors import BadInputError
from songngu.index.build import build_index
from songngu.index.store import vectors as vectors_
from songngu.index.store.local import LocalStore, open_index
from songngu.search.ask import ask

DIM = 64  # small, so the quantisers train in a second; the product uses the same code at 384
N_VECTORS = 12_000


def test_auto_is_exact_below_the_limit_and_ivfsq_above():
    assert vectors_.choose_vector_index("auto", 0) == "flat"
    assert vectors_.choose_vector_index("auto", vectors_.EXACT_LIMIT - 1) == "flat"
    assert vectors_.choose_vector_index("auto", vectors_.EXACT_LIMIT) == "ivfsq"
    assert vectors_.choose_vector_index("auto", 1_000_000) == "ivfsq"


def test_forced_types_are_kept_unless_an_ivf_type_cannot_train():
    assert vectors_.choose_vector_index("flat", 1_000_000) == "flat"
    assert vectors_.choose_vector_index("hnsw", 10) == "hnsw"
    for kind, minimum in vectors_.MIN_TRAINING_VECTORS.items():
        assert vectors_.choose_vector_index(kind, minimum) == kind
        assert vectors_.choose_vector_index(kind, minimum - 1) == "flat"
    with pytest.raises(BadInputError, match="vector index must be one of"):
        vectors_.choose_vector_index("annoy", 10)


def test_ivf_lists_grow_with_the_square_root_of_the_size():
    assert [vectors_.ivf_lists(n) for n in (0, 10_000, 1_000_000, 10**9)] == [16, 128, 1024, 16_384]


def clustered_vectors(n: int, seed: int) -> np.ndarray:
    """Unit vectors in 60 clusters around a shared direction, varying mostly along 32 directions (like embeddings).

    The shared directions come from a fixed generator, so corpus and queries live in the same space.
    """
    space = np.random.default_rng(0)
    common, directions = space.standard_normal(DIM), space.standard_normal((32, DIM)) / np.sqrt(32)
    centres = common + 0.4 * space.standard_normal((60, 32)) @ directions
    rng = np.random.default_rng(seed)
    vectors = (centres[rng.integers(60, size=n)] + 0.3 * rng.standard_normal((n, 32)) @ directions
               + 0.1 * rng.standard_normal((n, DIM)))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def stored_vectors() -> np.ndarray:
    """N_VECTORS clustered vectors; row i has id i + 1, as rows of a table do."""
    return clustered_vectors(N_VECTORS, seed=1)


def vector_index(vectors: np.ndarray, kind: str):
    ids = np.arange(1, len(vectors) + 1, dtype=np.int64)
    return vectors_.build_vector_index([(ids, vectors)], len(vectors), DIM,
                                       lambda size: vectors[:: max(len(vectors) // size, 1)][:size], kind)


@pytest.mark.parametrize(("kind", "floor"), [("ivfsq", 0.9), ("ivfpq", 0.9), ("hnsw", 0.9)])
def test_approximate_index_finds_the_exact_neighbours(stored_vectors, kind, floor):
    def exact_vectors(ids):
        return stored_vectors[np.asarray(ids, dtype=np.int64) - 1]

    flat, index = vector_index(stored_vectors, "flat"), vector_index(stored_vectors, kind)
    assert (vectors_.vector_index_kind(index), index.ntotal) == (kind, N_VECTORS)
    queries = clustered_vectors(40, seed=2)
    recalls = []
    for query in queries:
        exact = vectors_.nearest(flat, query, 10, exact_vectors)
        found = vectors_.nearest(index, query, 10, exact_vectors)
        recalls.append(len({i for i, _ in exact} & {i for i, _ in found}) / 10)
        stored = exact_vectors([i for i, _ in found])
        # IVF-PQ's candidates are re-scored with the stored vectors; 8-bit scores are close to the cosine
        np.testing.assert_allclose([s for _, s in found], stored @ query, atol=1e-6 if kind == "ivfpq" else 0.01)
    assert np.mean(recalls) >= floor


def test_changing_the_vector_index_rebuilds_faiss_without_embedding(seed_index_copy, seed_documents, embedder):
    before = LocalStore(seed_index_copy).describe()
    assert (before["chunks_index"], before["sentences_index"], before["vector_index"]) == ("flat", "flat", "auto")
    question = "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?"
    exact_top = ask(question, open_index(seed_index_copy), embedder, k=3).passages

    report = build_index(seed_documents, seed_index_copy, embedder, vector_index="hnsw")
    assert (report.chunks_embedded, report.sentences_embedded) == (0, 0)
    loaded = open_index(seed_index_copy)
    described = LocalStore(seed_index_copy).describe()
    assert (described["chunks_index"], described["sentences_index"], described["vector_index"]) == \
        ("hnsw", "hnsw", "hnsw")
    assert described["chunks"] == before["chunks"] and described["sentences"] == before["sentences"]
    assert [h.chunk_id for h in ask(question, loaded, embedder, k=3).passages] == [h.chunk_id for h in exact_top]

    kept = build_index(seed_documents, seed_index_copy, embedder)  # no type given: keep the one the index has
    assert not kept.touched and kept.generation == report.generation

    small = build_index(seed_documents, seed_index_copy, embedder, vector_index="ivfsq")
    assert small.chunks_embedded == 0
    described = LocalStore(seed_index_copy).describe()
    assert (described["chunks_index"], described["vector_index"]) == ("flat", "ivfsq"), "too few vectors to train"
