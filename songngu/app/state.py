"""What the app shares between requests: the embedder and the live index, safe to use from many threads.

Questions read ``LiveIndex.current()`` once and answer from that generation to
the end, even when a re-index publishes a new one meanwhile: a build writes a
new generation beside the live one (``songngu.index.build``), and only when it is
complete does ``LiveIndex`` swap its reference, under a lock. The old
generation's files may be removed from disk by then; its open SQLite
connection and in-memory FAISS indexes keep serving the questions that hold it.
Corpus changes and rebuilds are serialised by a second lock, and by the
index's one-writer lock against other processes; a generation another process
published is picked up within ``RECHECK_SECONDS``. A change whose build fails is
reverted, so the corpus directory and the index keep agreeing.
"""

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from songngu.app.corpus import CorpusChange, revert
from songngu.errors import CorpusError, SongNguError
from songngu.index.build import BuildReport, build_index
from songngu.index.documents import read_corpus
from songngu.index.embedders import Embedder
from songngu.index.embedding import Progress
from songngu.index.store.interface import IndexReader, Store
from songngu.paths import check_not_the_sample
from songngu.search.settings import SearchSettings

if TYPE_CHECKING:
    from songngu.search.llm import LLMSettings

T = TypeVar("T")
log = logging.getLogger(__name__)
# How often a question checks whether another process published a new generation (a file read for the
# local store, a query for Milvus).
RECHECK_SECONDS = 1.0


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
    """The index generation the app answers from, the corpus directory it is built from, and the trash
    that keeps what changes remove from it."""

    def __init__(self, store: Store, corpus_dir: Path, embedder: Embedder, trash_dir: Path,
                 recheck_seconds: float = RECHECK_SECONDS) -> None:
        self.store, self.corpus_dir, self.embedder, self.trash_dir = store, corpus_dir, embedder, trash_dir
        self.recheck_seconds = recheck_seconds
        self._swap = threading.Lock()
        self._build = threading.Lock()
        self._reload = threading.Lock()
        self._unopenable: object = None
        self._published = store.published()
        self._loaded = store.open_reader(embedder.name)
        self._checked = time.monotonic()

    def current(self) -> IndexReader:
        """The live generation; hold on to it for the whole of one question.

        A generation another process published (`songngu index`, `songngu restore` on the same index) is
        picked up at the next question, ``recheck_seconds`` at most after it; before, the app answered from
        the one it had opened until it was restarted."""
        with self._swap:
            stale = time.monotonic() - self._checked >= self.recheck_seconds
            if stale:
                self._checked = time.monotonic()
            loaded, seen = self._loaded, self._published
        # One reload at a time (another question answers from the loaded generation meanwhile), none while
        # this process builds (it swaps in its own generation), and a generation that would not open is
        # tried again only once another is published.
        if not stale or self._build.locked() or not self._reload.acquire(blocking=False):
            return loaded
        try:
            published = self.store.published()
            if published in (seen, self._unopenable):
                return loaded
            try:
                fresh = self.store.open_reader(self.embedder.name)
            except SongNguError:  # built with another model, say: keep answering from the one we have
                self._unopenable = published
                log.warning("could not open the index generation published in %s; answering from the previous one",
                            self.store.location, exc_info=True)
                return loaded
            with self._swap:
                if self._published == seen:  # not replaced meanwhile by this process's own build
                    self._loaded, self._published = fresh, published
                return self._loaded
        finally:
            self._reload.release()

    def change_corpus(self, change: Callable[[Path], CorpusChange], progress: Progress | None = None,
                      ) -> tuple[CorpusChange, BuildReport]:
        """Apply ``change(corpus_dir)``, re-index incrementally, then answer from the new generation.

        One change at a time, holding the index's one-writer lock (a `songngu index`
        elsewhere waits, or is waited for). When ``change`` raises, nothing is
        rebuilt. When the build fails, the change is reverted (what it wrote goes
        to the trash, what it trashed comes back) and the previous generation stays live:
        a domain error as it was, anything else as a ``CorpusError`` saying so.
        """
        check_not_the_sample(self.corpus_dir)
        with self._build, self.store.writing():
            done = change(self.corpus_dir)
            try:
                report = build_index(read_corpus(self.corpus_dir), self.store, self.embedder, progress=progress)
            except Exception as error:
                revert(self.corpus_dir, done, self.trash_dir, "could not be indexed")
                if isinstance(error, SongNguError):
                    raise
                log.exception("indexing a corpus change failed; the change was reverted")
                raise CorpusError(f"the change could not be indexed ({type(error).__name__}): it was undone, "
                                  f"the corpus is as it was", "change_not_indexed",
                                  error=type(error).__name__) from error
            if report.touched:
                fresh = self.store.open_reader(self.embedder.name)
                with self._swap:
                    self._loaded, self._published = fresh, self.store.published()
            return done, report


@dataclass(frozen=True)
class AppSettings:
    """Limits and defaults of the app, chosen by whoever starts it."""

    max_upload_bytes: int = 2_000_000
    # The files one upload may bring: each is read whole, checked and indexed, and Gradio makes a temporary file
    # for each before the app sees them. A probe named one file 20,000 times (a 3.6 MB body): 20,000 empty files
    # in the upload folder, 29 s of the corpus lane, its name 20,000 times in the refusal.
    max_upload_files: int = 20
    allowed_host_names: tuple[str, ...] = ()  # more names the Host header may give (songngu.app.guard)
    default_k: int = 5
    max_k: int = 20
    ask_concurrency: int = 4
    search: SearchSettings = field(default_factory=SearchSettings)
    llm: "LLMSettings | None" = None  # the model server that writes answers (serve --llm); None: extractive only
