"""What search and the app read from an index, and what a build writes to it: the store's seam.

Search and the app hold an ``IndexReader``; ``songngu.index.build`` talks to a
``Store`` and the ``IndexWriter`` it begins. Everything crosses as plain typed
records and numpy arrays, never as rows of a database: the local SQLite+FAISS
store (``songngu.index.store.local``) is one implementation, and only the
store's modules know its tables.

Ids: every chunk and every sentence has an integer id, unique in its index
and stable while its document is unchanged. Offsets are character offsets into
the stored document text: ``document_text[start:end] == text``.
"""

from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from songngu.errors import IndexDamagedError, IndexMismatchError
from songngu.index.analysis import ANALYSER_VERSION
from songngu.index.chunking import Chunk, Sentence
from songngu.index.documents import Document
from songngu.index.embedders import REMOTE_PREFIX

FORMAT_VERSION = "3"  # 2: the lexical side moved from FTS5 to chunk_tokens + impact arrays; 3: a manifest of
# each generation's files (sizes and hashes) is written at publication and checked at every open


@dataclass(frozen=True)
class IndexSettings:
    """What built an index; a reader refuses an index built with other settings."""

    embedder: str
    dim: int
    chunk_max_tokens: int
    overlap_sentences: int
    format_version: str = FORMAT_VERSION
    analyser_version: str = ANALYSER_VERSION

    def to_meta(self) -> dict[str, str]:
        return {
            "embedder": self.embedder, "dim": str(self.dim), "chunk_max_tokens": str(self.chunk_max_tokens),
            "overlap_sentences": str(self.overlap_sentences), "format_version": self.format_version,
            "analyser_version": self.analyser_version,
        }

    @classmethod
    def from_meta(cls, meta: dict[str, str]) -> "IndexSettings":
        return cls(
            embedder=meta["embedder"], dim=int(meta["dim"]), chunk_max_tokens=int(meta["chunk_max_tokens"]),
            overlap_sentences=int(meta["overlap_sentences"]), format_version=meta["format_version"],
            analyser_version=meta.get("analyser_version", ""),
        )

    def built(self, meta: dict[str, str]) -> bool:
        """Whether an index whose metadata is ``meta`` was built with exactly these settings."""
        return all(meta.get(key) == value for key, value in self.to_meta().items())


def check_readable(meta: dict[str, str], location: str, embedder_name: str | None,
                   option: str = "--index") -> IndexSettings:
    """The settings recorded in ``meta``; ``IndexMismatchError`` naming the command that fixes a mismatch
    (``songngu index {option} {location}``).

    An index of another format or analyser version cannot be read; one built with
    another embedder than ``embedder_name`` (when given) cannot answer its questions.
    """
    settings = IndexSettings.from_meta(meta)
    if (settings.format_version, settings.analyser_version) != (FORMAT_VERSION, ANALYSER_VERSION):
        raise IndexMismatchError(
            f"index in {location} has format {settings.format_version}/{settings.analyser_version}, this SongNgu "
            f"reads {FORMAT_VERSION}/{ANALYSER_VERSION}: run `songngu index {option} {location}` to rebuild it"
        )
    if embedder_name is not None and embedder_name != settings.embedder:
        with_it = ("--embedder-url URL (a server of that model)" if embedder_name.startswith(REMOTE_PREFIX)
                   else f"--embedder {embedder_name}")  # no --embedder names a server's model (a probe, session 23)
        raise IndexMismatchError(
            f"index in {location} was built with {settings.embedder}, you asked for {embedder_name}: "
            f"run `songngu index {option} {location} {with_it}` to re-index"
        )
    return settings


@dataclass(frozen=True)
class StoredChunk:
    """A passage of a stored document, with the document's title and date."""

    id: int
    doc_id: str
    start: int
    end: int
    text: str
    title: str
    date: str | None


@dataclass(frozen=True)
class StoredSentence:
    id: int
    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document as the corpus list shows it: size in characters, number of chunks."""

    doc_id: str
    title: str
    date: str | None
    chars: int
    chunks: int


def damaged(location: str, problem: object) -> IndexDamagedError:
    """The error for an index whose files are not as published, naming the command that repairs it."""
    option = "--store" if location.startswith("milvus:") else "--index"
    return IndexDamagedError(f"the index in {location} is damaged ({problem}): "
                             f"run `songngu index {option} {location}` to rebuild it")


@dataclass(frozen=True)
class IndexHealth:
    """What a check of the published index found: nothing (sound), or its problems.

    ``documents_sound``: the stored documents and their vectors can be trusted, only
    files derived from them are damaged, so a repair re-derives them without embedding.
    """

    problems: tuple[str, ...] = ()
    documents_sound: bool = True

    @property
    def sound(self) -> bool:
        return not self.problems


class IndexReader(Protocol):
    """One published state of an index, open for reading; safe to share between threads."""

    settings: IndexSettings

    def chunk_count(self) -> int: ...

    def nearest_chunks(self, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        """(chunk id, cosine) of the ``n`` chunks nearest ``vector``, best first."""

    def nearest_sentences(self, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        """(sentence id, cosine) of the ``n`` sentences nearest ``vector``, best first."""

    def chunk_vectors(self, ids: Sequence[int]) -> np.ndarray:
        """The exact stored vectors of chunks ``ids``, in that order (shape ``len(ids) x dim``)."""

    def sentence_vectors(self, ids: Sequence[int]) -> np.ndarray:
        """The exact stored vectors of sentences ``ids``, in that order."""

    def chunks(self, ids: Collection[int]) -> dict[int, StoredChunk]:
        """Chunk id -> chunk, for those of ``ids`` that exist."""

    def sentences(self, ids: Collection[int]) -> dict[int, StoredSentence]:
        """Sentence id -> sentence, for those of ``ids`` that exist."""

    def sentences_of_chunks(self, chunk_ids: Collection[int]) -> dict[int, list[int]]:
        """Chunk id -> ids of the sentences inside it, in text order."""

    def chunks_of_sentences(self, sentence_ids: Collection[int]) -> dict[int, list[int]]:
        """Sentence id -> ids of the chunks that hold it (overlapping chunks share sentences)."""

    def lexical_search(self, tokens: Sequence[str], n: int) -> list[tuple[int, float]]:
        """(chunk id, BM25) of the ``n`` best chunks for analysed query ``tokens``, best first."""

    def document_frequencies(self, tokens: Sequence[str]) -> dict[str, int]:
        """How many chunks hold each of ``tokens`` (tokens in no chunk are left out)."""

    def documents(self) -> list[DocumentInfo]:
        """Every stored document, by id."""

    def document_texts(self, doc_ids: Collection[str]) -> dict[str, str]:
        """The stored text of those of ``doc_ids`` that exist (every offset points into it)."""

    def close(self) -> None: ...


class IndexWriter(Protocol):
    """Changes to an index, invisible to readers until ``commit`` publishes all of them at once."""

    def remove_documents(self, doc_ids: Sequence[str]) -> None: ...

    def add_document(self, document: Document, chunks: Sequence[Chunk], chunk_vectors: np.ndarray,
                     chunk_tokens: Sequence[Sequence[str]], sentences: Sequence[Sentence],
                     sentence_vectors: np.ndarray) -> None:
        """Store ``document`` with its chunks (vectors, analysed tokens) and its distinct sentences."""

    def commit(self) -> Path | str:
        """Publish every change; returns where the published state lives (as ``Store.published``)."""

    def abort(self) -> None:
        """Drop every change; the published state stays as it was."""


class Store(Protocol):
    """Where an index lives: what is published there, and how to read and change it."""

    location: str

    def published(self) -> Path | str | None:
        """Where the published index lives, None when none: for a local store its generation directory,
        for a store on a server (no directory of ours) a name such as "milvus:URI generation 7"."""

    def live_meta(self) -> dict[str, str]:
        """Settings and metadata of the published index, {} when there is none (cheap: no index loaded)."""

    def content_hashes(self) -> dict[str, str]:
        """Document id -> content hash of the published index ({} when there is none)."""

    def open_reader(self, embedder_name: str | None = None) -> IndexReader:
        """The published index; ``IndexMissingError`` when none, ``IndexMismatchError`` as ``check_readable``,
        ``IndexDamagedError`` when its files are not as published (a quick check, not a read of everything)."""

    def writing(self) -> AbstractContextManager[None]:
        """Hold the index's one-writer lock for the ``with`` block: changes (``begin``), and whatever reads
        the state a change starts from, happen inside it. Waits while another writer holds it, then
        ``IndexBusyError``; re-entrant in the holding thread. Readers never need it."""

    def check(self, thorough: bool) -> IndexHealth:
        """Whether the published index is as it was published (sound when there is none).

        Quick: what ``open_reader`` checks; ``thorough``: every byte (``songngu index``)."""

    def begin(self, settings: IndexSettings, vector_index: str, keep_documents: bool) -> IndexWriter:
        """Start a change from the published index (``keep_documents``) or from an empty one; inside
        ``writing()`` only."""

    def describe(self) -> dict:
        """Counts and settings of the published index, for `songngu index` and `songngu info`."""
