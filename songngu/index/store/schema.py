"""The local store's SQLite database: its tables, and every query SongNgu runs against them.

One database a generation (``songngu.index.store.generations``) holds the
documents, their chunks and sentences with their exact vectors (float32
blobs), the chunks' analysed tokens and the metadata of the settings that
built it. The FAISS indexes and the lexical impact arrays beside it are derived
from these rows (``songngu.index.store.local``), so they cannot disagree with it.
"""

import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from songngu.index.documents import Document
from songngu.index.store.interface import DocumentInfo, StoredChunk, StoredSentence
from songngu.index.store.lexical import create_lexical_tables

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
VECTOR_TABLES = ("chunks", "sentences")


def connect(db_path: Path, read_only: bool = False) -> sqlite3.Connection:
    """Open the database; read-only connections may be shared between threads."""
    if read_only:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
    else:
        db = sqlite3.connect(db_path)
        db.executescript(SCHEMA)
        create_lexical_tables(db)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    return db


def read_meta(db: sqlite3.Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute("SELECT key, value FROM meta")}


def write_meta(db: sqlite3.Connection, meta: dict[str, str]) -> None:
    db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", sorted(meta.items()))


def meta_of(db_path: Path) -> dict[str, str]:
    """The metadata of the database at ``db_path``, read without loading anything else."""
    db = sqlite3.connect(db_path)
    try:
        return read_meta(db)
    finally:
        db.close()


def content_hashes(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT doc_id, content_hash FROM documents").fetchall())


def count(db: sqlite3.Connection, table: str) -> int:
    if table not in ("documents", *VECTOR_TABLES):
        raise ValueError(f"no table {table!r}")
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 (a fixed name)


def _marks(ids: Collection) -> str:
    return ",".join("?" * len(ids))


def chunks(db: sqlite3.Connection, ids: Collection[int]) -> dict[int, StoredChunk]:
    if not ids:
        return {}
    rows = db.execute(
        f"SELECT c.id, c.doc_id, c.start, c.end, c.text, d.title, d.date FROM chunks c "
        f"JOIN documents d ON d.doc_id = c.doc_id WHERE c.id IN ({_marks(ids)})", [int(i) for i in ids])
    return {row[0]: StoredChunk(*row) for row in rows}


def sentences(db: sqlite3.Connection, ids: Collection[int]) -> dict[int, StoredSentence]:
    if not ids:
        return {}
    rows = db.execute(f"SELECT id, doc_id, start, end, text FROM sentences WHERE id IN ({_marks(ids)})",
                      [int(i) for i in ids])
    return {row[0]: StoredSentence(*row) for row in rows}


def sentences_of_chunks(db: sqlite3.Connection, chunk_ids: Collection[int]) -> dict[int, list[int]]:
    """Chunk id -> ids of its sentences, in text order."""
    if not chunk_ids:
        return {}
    rows = db.execute(
        f"SELECT c.id, s.id FROM chunks c JOIN sentences s "
        f"ON c.doc_id = s.doc_id AND c.start <= s.start AND s.end <= c.end WHERE c.id IN ({_marks(chunk_ids)}) "
        f"ORDER BY s.start", [int(i) for i in chunk_ids])
    result: dict[int, list[int]] = defaultdict(list)
    for chunk_id, sentence_id in rows:
        result[chunk_id].append(sentence_id)
    return result


def chunks_of_sentences(db: sqlite3.Connection, sentence_ids: Collection[int]) -> dict[int, list[int]]:
    """Sentence id -> ids of the chunks that contain it (overlapping chunks share sentences)."""
    if not sentence_ids:
        return {}
    rows = db.execute(
        f"SELECT s.id, c.id FROM sentences s JOIN chunks c "
        f"ON c.doc_id = s.doc_id AND c.start <= s.start AND s.end <= c.end WHERE s.id IN ({_marks(sentence_ids)})",
        [int(i) for i in sentence_ids])
    result: dict[int, list[int]] = defaultdict(list)
    for sentence_id, chunk_id in rows:
        result[sentence_id].append(chunk_id)
    return result


def read_vectors(db: sqlite3.Connection, table: str, ids: Sequence[int], dim: int) -> np.ndarray:
    """The exact stored vectors of ``ids`` (rows of ``table``), in the order of ``ids``."""
    if table not in VECTOR_TABLES:
        raise ValueError(f"no vector table {table!r}")
    if not len(ids):
        return np.zeros((0, dim), np.float32)
    wanted = [int(i) for i in ids]
    blobs = dict(db.execute(f"SELECT id, vector FROM {table} WHERE id IN ({_marks(wanted)})", wanted))  # noqa: S608
    return np.frombuffer(b"".join(blobs[i] for i in wanted), dtype=np.float32).reshape(len(wanted), dim)


def vector_batches(db: sqlite3.Connection, table: str, dim: int, size: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``(ids, vectors)`` of ``table`` in id order, ``size`` rows at a time (bounded memory)."""
    if table not in VECTOR_TABLES:
        raise ValueError(f"no vector table {table!r}")
    cursor = db.execute(f"SELECT id, vector FROM {table} ORDER BY id")  # noqa: S608 (fixed names)
    while rows := cursor.fetchmany(size):
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        vectors = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32).reshape(len(rows), dim)
        yield ids, vectors


def training_sample(db: sqlite3.Connection, table: str, dim: int, size: int) -> np.ndarray:
    """``size`` vectors spread evenly over ``table`` (every k-th row), for training quantisers."""
    n_vectors = count(db, table)
    step = max(n_vectors // size, 1)
    rows = db.execute(f"SELECT vector FROM {table} WHERE id % ? = 0 LIMIT ?", (step, size)).fetchall()  # noqa: S608
    if len(rows) < min(size, n_vectors) // 2:  # ids far from contiguous: take the first rows instead
        rows = db.execute(f"SELECT vector FROM {table} ORDER BY id LIMIT ?", (size,)).fetchall()  # noqa: S608
    return np.frombuffer(b"".join(row[0] for row in rows), dtype=np.float32).reshape(len(rows), dim)


def orphan_rows(db: sqlite3.Connection) -> int:
    """Chunks and sentences whose document is not stored (0 in a sound index)."""
    return sum(db.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_id NOT IN (SELECT doc_id FROM documents)")  # noqa: S608
               .fetchone()[0] for table in VECTOR_TABLES)


def documents(db: sqlite3.Connection) -> list[DocumentInfo]:
    rows = db.execute(
        "SELECT d.doc_id, d.title, d.date, length(d.text), "
        "(SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.doc_id) FROM documents d ORDER BY d.doc_id")
    return [DocumentInfo(*row) for row in rows]


def document_texts(db: sqlite3.Connection, doc_ids: Collection[str]) -> dict[str, str]:
    unique = list(dict.fromkeys(doc_ids))
    if not unique:
        return {}
    return dict(db.execute(f"SELECT doc_id, text FROM documents WHERE doc_id IN ({_marks(unique)})", unique))


def delete_documents(db: sqlite3.Connection, doc_ids: Iterable[str]) -> None:
    """Delete documents with their chunks, sentences and tokens (foreign keys cascade)."""
    db.executemany("DELETE FROM documents WHERE doc_id = ?", [(i,) for i in doc_ids])


def insert_document(db: sqlite3.Connection, document: Document) -> None:
    db.execute(
        "INSERT INTO documents(doc_id, title, date, url, source, text, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (document.doc_id, document.title, document.date, document.url, document.source, document.text,
         document.content_hash),
    )


def next_id(db: sqlite3.Connection, table: str) -> int:
    """One more than the largest id of ``table`` (1 when it is empty): where a writer's new rows start."""
    if table not in VECTOR_TABLES:
        raise ValueError(f"no vector table {table!r}")
    return (db.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0) + 1  # noqa: S608 (a fixed name)


def insert_spans(db: sqlite3.Connection, table: str, first_id: int, rows: Sequence[tuple[str, int, int, str]],
                 vectors: np.ndarray) -> list[int]:
    """Insert ``(doc_id, start, end, text)`` rows with their vectors into ``table`` under ids ``first_id``,
    ``first_id + 1``, ...; their ids. One statement for all rows: per-row inserts were a tenth of indexing
    30,000 short documents."""
    if table not in VECTOR_TABLES:
        raise ValueError(f"no vector table {table!r}")
    ids = list(range(first_id, first_id + len(rows)))
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    db.executemany(f"INSERT INTO {table}(id, doc_id, start, end, text, vector) VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608
                   [(i, *row, vector.tobytes()) for i, row, vector in zip(ids, rows, matrix, strict=True)])
    return ids
