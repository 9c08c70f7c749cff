"""Embedding a build's texts once each, in calls sized by tokens, with the real model."""

import numpy as np

from songngu.index.embedding import embed_passages_once, token_batches

TEXTS = [
    "Cầu Bắc Luân III nối Móng Cái với Đông Hưng.",
    "下龙大学与广西师范大学开展合作。",
    "Cầu Bắc Luân III nối Móng Cái với Đông Hưng.",  # a one-sentence chunk and its sentence
    "Hai bên thống nhất tăng cường hợp tác thương mại biên giới. " * 12,
    "ở",
]


class RecordingEmbedder:
    """The real embedder, remembering the texts of each call."""

    def __init__(self, embedder) -> None:
        self._embedder, self.calls = embedder, []
        self.dim, self.count_tokens = embedder.dim, embedder.count_tokens

    def embed_passages(self, texts):
        self.calls.append(list(texts))
        return self._embedder.embed_passages(texts)


def test_token_batches_keep_to_the_budget_and_the_order(embedder):
    counts = [embedder.count_tokens(t) for t in TEXTS]
    batches = token_batches(TEXTS, embedder.count_tokens, budget=max(counts) + 1)
    assert [i for batch in batches for i in batch] == list(range(len(TEXTS)))
    assert len(batches) > 1
    for batch in batches:
        assert len(batch) == 1 or sum(counts[i] for i in batch) <= max(counts) + 1
    assert [list(b) for b in token_batches(TEXTS, embedder.count_tokens, budget=1)] == [[i] for i in range(len(TEXTS))]
    assert token_batches([], embedder.count_tokens) == []


def test_each_distinct_text_is_embedded_once_with_the_vector_it_has_alone(embedder):
    recording = RecordingEmbedder(embedder)
    progress = []
    vectors = embed_passages_once(recording, TEXTS, lambda done, total: progress.append((done, total)), budget=40)
    sent = [t for call in recording.calls for t in call]
    assert sorted(sent) == sorted(set(TEXTS)) and len(recording.calls) > 1
    assert progress[-1] == (len(set(TEXTS)), len(set(TEXTS)))
    alone = np.concatenate([embedder.embed_passages([t]) for t in TEXTS])
    np.testing.assert_allclose(vectors, alone, atol=1e-6)
    assert embed_passages_once(recording, []).shape == (0, embedder.dim)


def test_vectors_that_are_not_finite_are_never_indexed(embedder, tmp_path):
    """A probe (session 13): an embedding server's NaN vectors were indexed; every confidence was then NaN, `ask`
    printed bare NaN in its JSON and ended in an internal error. Whatever the embedder, the build refuses them and
    publishes nothing."""
    import pytest

    from songngu.errors import EmbedderUnavailableError
    from songngu.index.build import build_index
    from songngu.index.documents import make_document

    class Poisoned(RecordingEmbedder):
        name = "poisoned"

        def embed_passages(self, texts):
            vectors = super().embed_passages(texts)
            vectors[-1, 0] = np.nan
            return vectors

    with pytest.raises(EmbedderUnavailableError, match="not finite"):
        embed_passages_once(Poisoned(embedder), TEXTS)
    with pytest.raises(EmbedderUnavailableError, match="not finite"):
        build_index([make_document("a", TEXTS[0], "a.txt")], tmp_path / "ix", Poisoned(embedder))
    assert not list((tmp_path / "ix").glob("gen-*"))
