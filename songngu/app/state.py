"""What the app shares between requests: the embedder and the live index, safe to use from many threads.

Questions read ``LiveIndex.current()`` once and answer from that generation to
the end, even when a re-index publishes a new one meanwhile: a build writes a
new generation beside the live one (``songngu.index.build``), and only when it is
complete does ``LiveIndex`` swap its reference, under a lock. The old
generation's files may be removed from disk by then; its open SQLite
connection and in-memory FAISS indexes keep serving the questions that hold it.
Corpus changes and rebuilds are serialised by a second lock.
"""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from songngu.index.build import BuildReport, Progress, build_index
from songngu.index.documents import read_corpus
from songngu.index.embedders import Embedder
from songngu.index.store.interface import IndexReader, Store
from songngu.search.settings import SearchSettings

T = TypeVar("T")


class SerialEmbedder:
    """An embedder that runs one call at a time.

    The engine parallelises each call over all cores itself; concurrent calls
    would only compete for them (and not every engine is re-entrant).
    """

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._lock = threading.Lock()
        self.name, self.dim, self.max_tokens = embedder.name, embedder.dim, embedder.max_tokens

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return self._embedder.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return self._embedder.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return self._embedder.count_tokens(text)


class LiveIndex:
    """The index generation the app answers from, and the corpus directory it is built from."""

    def __init__(self, store: Store, corpus_dir: Path, embedder: Embedder) -> None:
        self.store, self.corpus_dir, self.embedder = store, corpus_dir, embedder
        self._swap = threading.Lock()
        self._build = threading.Lock()
        self._loaded = store.open_reader(embedder.name)

    def current(self) -> IndexReader:
        """The live generation; hold on to it for the whole of one question."""
        with self._swap:
            return self._loaded

    def change_corpus(self, change: Callable[[Path], T], progress: Progress | None = None,
                      ) -> tuple[T, BuildReport]:
        """Apply ``change(corpus_dir)``, re-index incrementally, then answer from the new generation.

        One change at a time, holding the index's one-writer lock (a `songngu index`
        elsewhere waits, or is waited for). When ``change`` raises, nothing is
        rebuilt; when the build fails, the previous generation stays live.
        """
        with self._build, self.store.writing():
            outcome = change(self.corpus_dir)
            report = build_index(read_corpus(self.corpus_dir), self.store, self.embedder, progress=progress)
            if report.touched:
                fresh = self.store.open_reader(self.embedder.name)
                with self._swap:
                    self._loaded = fresh
            return outcome, report


@dataclass(frozen=True)
class AppSettings:
    """Limits and defaults of the app, chosen by whoever starts it."""

    max_upload_bytes: int = 2_000_000
    default_k: int = 5
    max_k: int = 20
    ask_concurrency: int = 4
    search: SearchSettings = field(default_factory=SearchSettings)
