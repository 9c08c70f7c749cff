"""The on-disk index: a SQLite database plus FAISS indexes, in generations.

Layout of an index directory::

    CURRENT                  name of the live generation, replaced atomically
    gen-000007/songngu.sqlite documents, chunks, sentences, vectors, metadata
    gen-000007/chunks.faiss   chunk vectors, FAISS ids = chunks.id
    gen-000007/sentences.faiss sentence vectors, FAISS ids = sentences.id

A build writes a complete new generation beside the live one and then
replaces ``CURRENT``; a crash or Ctrl-C before that leaves the previous
generation live and untouched. The FAISS files are derived from the vectors
kept in SQLite, so the two cannot disagree.
"""

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.errors import IndexMismatchError, IndexMissingError
from index.lexical import ANALYSER_VERSION, create_lexical_table

FORMAT_VERSION = "1"
DB_NAME = "songngu.sqlite"
CHUNK_INDEX_NAME = "chunks.faiss"
SENTENCE_INDEX_NAME = "sentences.faiss"
CURRENT_NAME = "CURRENT"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, url TEXT, source TEXT NOT NULL,
    text TEXT NOT NULL, content_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks(doc_id, start);
CREATE INDEX IF NOT EXISTS sentences_by_doc ON sentences(doc_id, start);
"""


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


@dataclass(frozen=True)
class LoadedIndex:
    """A generation opened for reading: SQLite connection and FAISS indexes, loaded once."""

    path: Path
    settings: IndexSettings
    db: sqlite3.Connection
    chunk_vectors: faiss.Index
    sentence_vectors: faiss.Index


def connect(db_path: Path, read_only: bool = False) -> sqlite3.Connection:
    """Open the database; read-only connections may be shared between threads."""
    if read_only:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
    else:
        db = sqlite3.connect(db_path)
        db.executescript(SCHEMA)
        create_lexical_table(db)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    return db


def read_meta(db: sqlite3.Connection) -> dict[str, str]:
    return {row["key"]: row["value"] for row in db.execute("SELECT key, value FROM meta")}


def write_meta(db: sqlite3.Connection, meta: dict[str, str]) -> None:
    db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", sorted(meta.items()))


def current_generation(index_dir: Path) -> Path | None:
    """The live generation directory, or None when the index directory holds none."""
    pointer = index_dir / CURRENT_NAME
    if not pointer.is_file():
        return None
    generation = index_dir / pointer.read_text(encoding="utf-8").strip()
    return generation if (generation / DB_NAME).is_file() else None


def publish_generation(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` live with one atomic rename, then remove the older ones."""
    _fsync_tree(generation)
    pointer_tmp = index_dir / (CURRENT_NAME + ".tmp")
    with open(pointer_tmp, "w", encoding="utf-8") as handle:
        handle.write(generation.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / CURRENT_NAME)
    _fsync_dir(index_dir)
    for old in index_dir.glob("gen-*"):
        if old != generation:
            remove_tree(old)


def next_generation_dir(index_dir: Path) -> Path:
    numbers = [int(p.name.split("-")[1].split(".")[0]) for p in index_dir.glob("gen-*") if p.name[4:10].isdigit()]
    return index_dir / f"gen-{max(numbers, default=0) + 1:06d}"


def remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        child.rmdir() if child.is_dir() else child.unlink()
    path.rmdir()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for child in path.iterdir():
        with open(child, "rb") as handle:
            os.fsync(handle.fileno())
    _fsync_dir(path)


def vectors_to_blobs(vectors: np.ndarray) -> list[bytes]:
    return [row.astype(np.float32).tobytes() for row in vectors]


def build_vector_index(db: sqlite3.Connection, table: str, dim: int) -> faiss.Index:
    """An exact inner-product FAISS index over every vector of ``table``, ids = row ids."""
    rows = db.execute(f"SELECT id, vector FROM {table} ORDER BY id").fetchall()  # noqa: S608 (fixed names)
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    if rows:
        ids = np.array([row["id"] for row in rows], dtype=np.int64)
        vectors = np.frombuffer(b"".join(row["vector"] for row in rows), dtype=np.float32).reshape(len(rows), dim)
        index.add_with_ids(vectors, ids)
    return index


def open_index(index_dir: Path, embedder_name: str | None = None) -> LoadedIndex:
    """Open the live generation for reading.

    Raises ``IndexMissingError`` when there is none and ``IndexMismatchError``
    when ``embedder_name`` is given and differs from the one that built it.
    """
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissingError(f"no index in {index_dir}: run `songngu index --index {index_dir}`")
    db = connect(generation / DB_NAME, read_only=True)
    settings = IndexSettings.from_meta(read_meta(db))
    if (settings.format_version, settings.analyser_version) != (FORMAT_VERSION, ANALYSER_VERSION):
        raise IndexMismatchError(
            f"index in {index_dir} has format {settings.format_version}/{settings.analyser_version}, this SongNgu "
            f"reads {FORMAT_VERSION}/{ANALYSER_VERSION}: "
            f"run `songngu index --index {index_dir}` to rebuild it"
        )
    if embedder_name is not None and embedder_name != settings.embedder:
        raise IndexMismatchError(
            f"index in {index_dir} was built with {settings.embedder}, you asked for {embedder_name}: "
            f"run `songngu index --index {index_dir} --embedder {embedder_name}` to re-index"
        )
    return LoadedIndex(
        path=generation,
        settings=settings,
        db=db,
        chunk_vectors=faiss.read_index(str(generation / CHUNK_INDEX_NAME)),
        sentence_vectors=faiss.read_index(str(generation / SENTENCE_INDEX_NAME)),
    )


def describe(loaded: LoadedIndex) -> dict:
    """Counts and settings of an open index, for `songngu index` output and the app."""
    count = lambda table: loaded.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731
    return {
        "path": str(loaded.path), **json.loads(json.dumps(loaded.settings.__dict__)),
        "documents": count("documents"), "chunks": count("chunks"), "sentences": count("sentences"),
    }
