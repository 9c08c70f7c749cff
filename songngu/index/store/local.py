"""The local store: SQLite plus FAISS indexes and lexical arrays in generations, on one disk.

A generation directory holds ``songngu.sqlite`` (``schema``), ``chunks.faiss``
and ``sentences.faiss`` (``vectors``: FAISS ids are the table's row ids) and
``lexical_*.npy`` (``lexical``: the BM25 impact index of the chunks' tokens).
A writer copies the live database into a new generation, changes it, derives
the FAISS and lexical files from it, and publishes it (``generations``).
"""

import json
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from songngu.errors import IndexMissingError
from songngu.index.chunking import Chunk, Sentence
from songngu.index.documents import Document
from songngu.index.store import generations, schema
from songngu.index.store.generations import DB_NAME
from songngu.index.store.interface import (
    DocumentInfo,
    IndexSettings,
    StoredChunk,
    StoredSentence,
    check_readable,
)
from songngu.index.store.lexical import (
    LexicalIndex,
    add_analysed,
    audit_lexical,
    document_frequencies,
    lexical_search,
    read_lexical_index,
    write_lexical_index,
)
from songngu.index.store.vectors import ADD_BATCH, build_vector_index, nearest, vector_index_kind

CHUNK_INDEX_NAME = "chunks.faiss"
SENTENCE_INDEX_NAME = "sentences.faiss"
VECTOR_INDEX_KEY = "vector_index"  # meta: the type asked for; "chunks_index"/"sentences_index": the types built


@dataclass(frozen=True)
class LocalReader:
    """A generation opened for reading: SQLite connection and FAISS indexes, loaded once."""

    path: Path
    settings: IndexSettings
    db: sqlite3.Connection
    chunk_index: faiss.Index
    sentence_index: faiss.Index
    lexical: LexicalIndex

    def chunk_count(self) -> int:
        return self.chunk_index.ntotal  # one vector a chunk: no COUNT(*) over the chunks per question

    def nearest_chunks(self, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        return nearest(self.chunk_index, vector, n, self.chunk_vectors)

    def nearest_sentences(self, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        return nearest(self.sentence_index, vector, n, self.sentence_vectors)

    def chunk_vectors(self, ids: Sequence[int]) -> np.ndarray:
        return schema.read_vectors(self.db, "chunks", ids, self.settings.dim)

    def sentence_vectors(self, ids: Sequence[int]) -> np.ndarray:
        return schema.read_vectors(self.db, "sentences", ids, self.settings.dim)

    def chunks(self, ids: Collection[int]) -> dict[int, StoredChunk]:
        return schema.chunks(self.db, ids)

    def sentences(self, ids: Collection[int]) -> dict[int, StoredSentence]:
        return schema.sentences(self.db, ids)

    def sentences_of_chunks(self, chunk_ids: Collection[int]) -> dict[int, list[int]]:
        return schema.sentences_of_chunks(self.db, chunk_ids)

    def chunks_of_sentences(self, sentence_ids: Collection[int]) -> dict[int, list[int]]:
        return schema.chunks_of_sentences(self.db, sentence_ids)

    def lexical_search(self, tokens: Sequence[str], n: int) -> list[tuple[int, float]]:
        return lexical_search(self.lexical, tokens, n)

    def document_frequencies(self, tokens: Sequence[str]) -> dict[str, int]:
        return document_frequencies(self.db, tokens)

    def documents(self) -> list[DocumentInfo]:
        return schema.documents(self.db)

    def document_texts(self, doc_ids: Collection[str]) -> dict[str, str]:
        return schema.document_texts(self.db, doc_ids)

    def close(self) -> None:
        self.db.close()


class LocalWriter:
    """Changes written into a new generation; ``commit`` derives its files and publishes it."""

    def __init__(self, index_dir: Path, base: Path | None, settings: IndexSettings, vector_index: str) -> None:
        self.index_dir, self.settings, self.vector_index = index_dir, settings, vector_index
        self.generation = generations.next_generation_dir(index_dir)
        self.generation.mkdir()
        try:
            self.db = schema.connect(self.generation / DB_NAME)
            if base is not None:
                with sqlite3.connect(base / DB_NAME) as source:
                    source.backup(self.db)
            schema.write_meta(self.db, settings.to_meta())
        except BaseException:
            self.abort()
            raise

    def remove_documents(self, doc_ids: Sequence[str]) -> None:
        schema.delete_documents(self.db, doc_ids)

    def add_document(self, document: Document, chunks: Sequence[Chunk], chunk_vectors: np.ndarray,
                     chunk_tokens: Sequence[Sequence[str]], sentences: Sequence[Sentence],
                     sentence_vectors: np.ndarray) -> None:
        schema.insert_document(self.db, document)
        chunk_ids = schema.insert_spans(self.db, "chunks", [(c.doc_id, c.start, c.end, c.text) for c in chunks],
                                        chunk_vectors)
        add_analysed(self.db, zip(chunk_ids, chunk_tokens, strict=True))
        schema.insert_spans(self.db, "sentences", [(s.doc_id, s.start, s.end, s.text) for s in sentences],
                            sentence_vectors)

    def commit(self) -> Path:
        try:
            self.db.commit()
            built = {VECTOR_INDEX_KEY: self.vector_index}
            dim = self.settings.dim
            for table, name in (("chunks", CHUNK_INDEX_NAME), ("sentences", SENTENCE_INDEX_NAME)):
                index = build_vector_index(
                    schema.vector_batches(self.db, table, dim, ADD_BATCH), schema.count(self.db, table), dim,
                    lambda size, t=table: schema.training_sample(self.db, t, dim, size), self.vector_index)
                faiss.write_index(index, str(self.generation / name))
                built[f"{table}_index"] = vector_index_kind(index)
            write_lexical_index(self.db, self.generation)
            with self.db:
                schema.write_meta(self.db, built)
            self.db.close()
        except BaseException:
            self.abort()
            raise
        generations.publish_generation(self.index_dir, self.generation)
        return self.generation

    def abort(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
        if self.generation.exists():
            generations.remove_tree(self.generation)


class LocalStore:
    """An index directory of generations (see the module docstring)."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.location = str(index_dir)

    def published(self) -> Path | None:
        return generations.current_generation(self.index_dir)

    def live_meta(self) -> dict[str, str]:
        live = self.published()
        return schema.meta_of(live / DB_NAME) if live else {}

    def content_hashes(self) -> dict[str, str]:
        live = self.published()
        if live is None:
            return {}
        db = sqlite3.connect(live / DB_NAME)
        try:
            return schema.content_hashes(db)
        finally:
            db.close()

    def open_reader(self, embedder_name: str | None = None) -> LocalReader:
        generation = self.published()
        if generation is None:
            raise IndexMissingError(f"no index in {self.index_dir}: run `songngu index --index {self.index_dir}`")
        db = schema.connect(generation / DB_NAME, read_only=True)
        settings = check_readable(schema.read_meta(db), str(self.index_dir), embedder_name)
        return LocalReader(
            path=generation, settings=settings, db=db,
            chunk_index=faiss.read_index(str(generation / CHUNK_INDEX_NAME)),
            sentence_index=faiss.read_index(str(generation / SENTENCE_INDEX_NAME)),
            lexical=read_lexical_index(db, generation),
        )

    def begin(self, settings: IndexSettings, vector_index: str, keep_documents: bool) -> LocalWriter:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        generations.remove_abandoned_generations(self.index_dir)
        return LocalWriter(self.index_dir, self.published() if keep_documents else None, settings, vector_index)

    def describe(self) -> dict:
        """Counts and settings of the live index; reads SQLite only (the FAISS and lexical files, large at
        scale, are not loaded)."""
        generation = self.published()
        if generation is None:
            raise IndexMissingError(f"no index in {self.index_dir}: run `songngu index --index {self.index_dir}`")
        db = schema.connect(generation / DB_NAME, read_only=True)
        try:
            meta = schema.read_meta(db)
            return {
                "path": str(generation), **json.loads(json.dumps(IndexSettings.from_meta(meta).__dict__)),
                **{table: schema.count(db, table) for table in ("documents", "chunks", "sentences")},
                **{key: meta.get(key, "flat") for key in ("chunks_index", "sentences_index")},
                VECTOR_INDEX_KEY: meta.get(VECTOR_INDEX_KEY, "auto"),
            }
        finally:
            db.close()


def audit(reader: LocalReader) -> list[str]:
    """Every way a generation's derived files disagree with its database ([] for a sound index).

    Reads everything: for tests and for checking a suspect index, not for each question.
    """
    problems = []
    dim = reader.settings.dim
    for table, index in (("chunks", reader.chunk_index), ("sentences", reader.sentence_index)):
        if index.ntotal != schema.count(reader.db, table):
            problems.append(f"{table}: {index.ntotal} vectors in FAISS, {schema.count(reader.db, table)} stored")
        elif vector_index_kind(index) == "flat":
            for ids, vectors in schema.vector_batches(reader.db, table, dim, ADD_BATCH):
                if not all(np.array_equal(index.reconstruct(int(i)), v) for i, v in zip(ids, vectors, strict=True)):
                    problems.append(f"{table}: FAISS vectors differ from the stored ones")
                    break
    if schema.orphan_rows(reader.db):
        problems.append("chunks or sentences of documents that are not stored")
    chunk_ids = {int(i) for ids, _ in schema.vector_batches(reader.db, "chunks", dim, ADD_BATCH) for i in ids}
    return problems + audit_lexical(reader.lexical, chunk_ids)


def open_index(index_dir: Path, embedder_name: str | None = None) -> LocalReader:
    """The live generation of the local index in ``index_dir``, open for reading (see ``LocalStore``)."""
    return LocalStore(index_dir).open_reader(embedder_name)
