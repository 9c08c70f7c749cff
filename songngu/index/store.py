"""The on-disk index: a SQLite database plus FAISS indexes and lexical arrays, in generations.

Layout of an index directory::

    CURRENT                    name of the live generation, replaced atomically
    gen-000007/songngu.sqlite  documents, chunks, sentences, vectors, analysed tokens, metadata
    gen-000007/chunks.faiss    chunk vectors, FAISS ids = chunks.id
    gen-000007/sentences.faiss sentence vectors, FAISS ids = sentences.id
    gen-000007/lexical_*.npy   the BM25 impact index of the chunks' tokens (``songngu.index.lexical``)

A build writes a complete new generation beside the live one and then
replaces ``CURRENT``; a crash or Ctrl-C before that leaves the previous
generation live and untouched. The FAISS and lexical files are derived from
the vectors and tokens kept in SQLite, so they cannot disagree with it.
"""

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from songngu.errors import BadInputError, IndexMismatchError, IndexMissingError
from songngu.index.analysis import ANALYSER_VERSION
from songngu.index.lexical import LexicalIndex, create_lexical_tables, read_lexical_index

FORMAT_VERSION = "2"  # 2: the lexical side moved from FTS5 to chunk_tokens + impact arrays
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
    lexical: LexicalIndex


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


def generation_meta(generation: Path | None) -> dict[str, str]:
    """The metadata of ``generation``, read without loading its indexes ({} for None)."""
    if generation is None:
        return {}
    db = sqlite3.connect(generation / DB_NAME)
    try:
        db.row_factory = sqlite3.Row
        return read_meta(db)
    finally:
        db.close()


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
#   scores are coarse: search.dense re-scores a large candidate pool (RESCORE_POOL) with the exact
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


def _vector_batches(db: sqlite3.Connection, table: str, dim: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``(ids, vectors)`` of ``table`` in id order, ``ADD_BATCH`` rows at a time (bounded memory)."""
    cursor = db.execute(f"SELECT id, vector FROM {table} ORDER BY id")  # noqa: S608 (fixed names)
    while rows := cursor.fetchmany(ADD_BATCH):
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        vectors = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32).reshape(len(rows), dim)
        yield ids, vectors


def _training_sample(db: sqlite3.Connection, table: str, dim: int, n_vectors: int, size: int) -> np.ndarray:
    """``size`` vectors spread evenly over ``table`` (every k-th row), for training quantisers."""
    step = max(n_vectors // size, 1)
    rows = db.execute(f"SELECT vector FROM {table} WHERE id % ? = 0 LIMIT ?", (step, size)).fetchall()  # noqa: S608
    if len(rows) < min(size, n_vectors) // 2:  # ids far from contiguous: take the first rows instead
        rows = db.execute(f"SELECT vector FROM {table} ORDER BY id LIMIT ?", (size,)).fetchall()  # noqa: S608
    return np.frombuffer(b"".join(row[0] for row in rows), dtype=np.float32).reshape(len(rows), dim)


def build_vector_index(db: sqlite3.Connection, table: str, dim: int, kind: str = "flat") -> faiss.Index:
    """A FAISS index over every vector of ``table``, ids = row ids; ``kind`` as ``choose_vector_index``."""
    n_vectors = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed names)
    built = choose_vector_index(kind, n_vectors)
    index = empty_vector_index(built, dim, n_vectors)
    if not index.is_trained:  # IVF centroids and PQ codebooks, or the scalar quantiser's ranges
        size = max(TRAIN_PER_LIST * index.nlist, MIN_TRAINING_VECTORS[built]) if built in QUANTISED_KINDS \
            else TRAIN_PER_LIST * 1024
        index.train(_training_sample(db, table, dim, n_vectors, size))
    for ids, vectors in _vector_batches(db, table, dim):
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


def read_vectors(db: sqlite3.Connection, table: str, ids: Sequence[int], dim: int) -> np.ndarray:
    """The exact stored vectors of ``ids`` (rows of ``table``), in the order of ``ids``."""
    if not len(ids):
        return np.zeros((0, dim), np.float32)
    marks = ",".join("?" * len(ids))
    wanted = [int(i) for i in ids]
    blobs = {row[0]: row[1] for row in db.execute(f"SELECT id, vector FROM {table} WHERE id IN ({marks})", wanted)}  # noqa: S608
    return np.frombuffer(b"".join(blobs[i] for i in wanted), dtype=np.float32).reshape(len(ids), dim)


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
        lexical=read_lexical_index(db, generation),
    )


def describe(index_dir: Path) -> dict:
    """Counts and settings of the live index, for `songngu index` output.

    Reads SQLite only: the FAISS and lexical files, large at scale, are not loaded.
    """
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissingError(f"no index in {index_dir}: run `songngu index --index {index_dir}`")
    db = connect(generation / DB_NAME, read_only=True)
    try:
        meta = read_meta(db)
        count = lambda table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731
        return {
            "path": str(generation), **json.loads(json.dumps(IndexSettings.from_meta(meta).__dict__)),
            "documents": count("documents"), "chunks": count("chunks"), "sentences": count("sentences"),
            **{key: meta.get(key, "flat") for key in ("chunks_index", "sentences_index")},
            VECTOR_INDEX_KEY: meta.get(VECTOR_INDEX_KEY, "auto"),
        }
    finally:
        db.close()
