"""A generation of the local store opened for reading, and the full audit of one.

``LocalReader`` holds what a question needs, loaded once: the SQLite connection
(read-only), the two FAISS indexes and the memory-mapped lexical arrays. Opening
one (and checking the generation first) is ``songngu.index.store.local``'s job.
"""

import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from songngu.index.store import schema
from songngu.index.store.interface import DocumentInfo, IndexSettings, StoredChunk, StoredSentence
from songngu.index.store.lexical import LexicalIndex, audit_lexical, document_frequencies, lexical_search
from songngu.index.store.vectors import ADD_BATCH, nearest, vector_index_kind


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
