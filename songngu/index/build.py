"""Incremental, atomic index builds.

``build_index`` compares the corpus with the live generation by content hash:
unchanged documents keep their rows and vectors, changed ones are re-chunked
and re-embedded, removed ones are deleted. The result is written as a new
generation and published with one rename (see ``songngu.index.store``), so an error or
an interrupt at any point leaves the previous index live.
"""

import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from songngu.index import store
from songngu.index.chunking import Chunk, chunk_document
from songngu.index.documents import Document
from songngu.index.embedders import Embedder
from songngu.index.lexical import add_chunks, write_lexical_index

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` with counts of texts embedded."""

EMBED_BATCH = 16


@dataclass(frozen=True)
class BuildReport:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    chunks_embedded: int
    sentences_embedded: int
    generation: Path

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> dict[str, int]:
        """Counts, as `songngu index` prints them."""
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed),
                "unchanged": self.unchanged, "chunks_embedded": self.chunks_embedded,
                "sentences_embedded": self.sentences_embedded}


def build_index(
    documents: Sequence[Document],
    index_dir: Path,
    embedder: Embedder,
    chunk_max_tokens: int = 256,
    overlap_sentences: int = 1,
    progress: Progress | None = None,
    vector_index: str | None = None,
) -> BuildReport:
    """Bring the index in ``index_dir`` in line with ``documents``; see the module docstring.

    ``vector_index`` is the FAISS index type ("auto", "flat", "ivfsq", "ivfpq", "hnsw"; see
    ``store.choose_vector_index``); None keeps the one the live index was built with, else "auto".
    Changing it rebuilds the FAISS indexes from the stored vectors, without embedding again.
    """
    settings = store.IndexSettings(embedder.name, embedder.dim, chunk_max_tokens, overlap_sentences)
    index_dir.mkdir(parents=True, exist_ok=True)
    live = store.current_generation(index_dir)
    _remove_abandoned_generations(index_dir, live)
    if index_is_current(documents, index_dir, embedder.name, chunk_max_tokens, overlap_sentences, vector_index):
        return BuildReport((), (), (), len(documents), 0, 0, live)
    vector_index = vector_index or store.generation_meta(live).get(store.VECTOR_INDEX_KEY, "auto")
    store.choose_vector_index(vector_index, 0)  # an unknown type fails here, before any embedding
    old_hashes = _live_hashes(live, settings)
    wanted = {d.doc_id: d for d in documents}
    added = tuple(sorted(set(wanted) - set(old_hashes)))
    removed = tuple(sorted(set(old_hashes) - set(wanted)))
    changed = tuple(sorted(i for i in set(wanted) & set(old_hashes) if old_hashes[i] != wanted[i].content_hash))
    unchanged = len(wanted) - len(added) - len(changed)

    generation = store.next_generation_dir(index_dir)
    generation.mkdir()
    try:
        to_embed = [wanted[i] for i in (*added, *changed)]
        n_chunks, n_sentences = _write_generation(
            generation, live if old_hashes else None, settings, to_embed, (*changed, *removed), embedder,
            progress, vector_index,
        )
    except BaseException:
        store.remove_tree(generation)
        raise
    store.publish_generation(index_dir, generation)
    log.info("index %s: +%d ~%d -%d documents", generation, len(added), len(changed), len(removed))
    return BuildReport(added, changed, removed, unchanged, n_chunks, n_sentences, generation)


def index_is_current(documents: Sequence[Document], index_dir: Path, embedder_name: str,
                     chunk_max_tokens: int = 256, overlap_sentences: int = 1, vector_index: str | None = None,
                     ) -> bool:
    """True when ``build_index`` with these arguments would change nothing.

    Decided from the live generation's metadata and content hashes alone, with the
    embedder's recorded name standing for the embedder, so a caller can tell before
    loading the model (``songngu index`` on an unchanged corpus never loads it).
    """
    live = store.current_generation(index_dir)
    if live is None:
        return False
    meta = store.generation_meta(live)
    wanted = {"embedder": embedder_name, "chunk_max_tokens": str(chunk_max_tokens),
              "overlap_sentences": str(overlap_sentences), "format_version": store.FORMAT_VERSION,
              "analyser_version": store.ANALYSER_VERSION,
              store.VECTOR_INDEX_KEY: vector_index or meta.get(store.VECTOR_INDEX_KEY, "auto")}
    if any(meta.get(key) != value for key, value in wanted.items()):
        return False
    db = sqlite3.connect(live / store.DB_NAME)
    try:
        hashes = dict(db.execute("SELECT doc_id, content_hash FROM documents").fetchall())
    finally:
        db.close()
    return hashes == {d.doc_id: d.content_hash for d in documents}


def _live_hashes(live: Path | None, settings: store.IndexSettings) -> dict[str, str]:
    """Content hashes of the live index, or {} when it must be rebuilt from scratch."""
    if live is None:
        return {}
    with sqlite3.connect(live / store.DB_NAME) as db:
        db.row_factory = sqlite3.Row
        wanted = settings.to_meta()
        if {key: value for key, value in store.read_meta(db).items() if key in wanted} != wanted:
            return {}
        return {row["doc_id"]: row["content_hash"] for row in db.execute("SELECT doc_id, content_hash FROM documents")}


def _remove_abandoned_generations(index_dir: Path, live: Path | None) -> None:
    """Delete what an interrupted build left behind (never the live generation)."""
    for path in index_dir.glob("gen-*"):
        if path != live:
            store.remove_tree(path)


def _write_generation(
    generation: Path,
    base: Path | None,
    settings: store.IndexSettings,
    to_embed: list[Document],
    to_delete: Sequence[str],
    embedder: Embedder,
    progress: Progress | None,
    vector_index: str,
) -> tuple[int, int]:
    chunked = [(d, chunk_document(d, embedder.count_tokens, settings.chunk_max_tokens, settings.overlap_sentences))
               for d in to_embed]
    chunk_texts = [c.text for _, chunks in chunked for c in chunks]
    sentence_texts = [s.text for _, chunks in chunked for s in _unique_sentences(chunks)]
    vectors = _embed_all(embedder, chunk_texts + sentence_texts, progress)
    chunk_vectors, sentence_vectors = vectors[: len(chunk_texts)], vectors[len(chunk_texts):]

    db = store.connect(generation / store.DB_NAME)
    try:
        if base is not None:
            with sqlite3.connect(base / store.DB_NAME) as source:
                source.backup(db)
        with db:
            db.executemany("DELETE FROM documents WHERE doc_id = ?", [(i,) for i in to_delete])
            store.write_meta(db, settings.to_meta())
            chunk_rows, sentence_rows = [], []
            for document, chunks in chunked:
                _insert_document(db, document)
                chunk_rows += [(c.doc_id, c.start, c.end, c.text) for c in chunks]
                sentence_rows += [(s.doc_id, s.start, s.end, s.text) for s in _unique_sentences(chunks)]
            chunk_ids = [
                db.execute("INSERT INTO chunks(doc_id, start, end, text, vector) VALUES (?, ?, ?, ?, ?)",
                           (*row, blob)).lastrowid
                for row, blob in zip(chunk_rows, store.vectors_to_blobs(chunk_vectors), strict=True)
            ]
            add_chunks(db, zip(chunk_ids, [row[3] for row in chunk_rows], strict=True))
            db.executemany(
                "INSERT INTO sentences(doc_id, start, end, text, vector) VALUES (?, ?, ?, ?, ?)",
                [(*row, blob) for row, blob in
                 zip(sentence_rows, store.vectors_to_blobs(sentence_vectors), strict=True)],
            )
        built = {store.VECTOR_INDEX_KEY: vector_index}
        for table, name in (("chunks", store.CHUNK_INDEX_NAME), ("sentences", store.SENTENCE_INDEX_NAME)):
            index = store.build_vector_index(db, table, settings.dim, vector_index)
            faiss.write_index(index, str(generation / name))
            built[f"{table}_index"] = store.vector_index_kind(index)
        write_lexical_index(db, generation)
        with db:
            store.write_meta(db, built)
    finally:
        db.close()
    return len(chunk_texts), len(sentence_texts)


def _insert_document(db: sqlite3.Connection, document: Document) -> None:
    db.execute(
        "INSERT INTO documents(doc_id, title, date, url, source, text, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (document.doc_id, document.title, document.date, document.url, document.source, document.text,
         document.content_hash),
    )


def _unique_sentences(chunks: Sequence[Chunk]) -> list:
    """Sentences of a document's chunks, each once (overlapping chunks share sentences)."""
    seen: dict[tuple[int, int], object] = {}
    for chunk in chunks:
        for sentence in chunk.sentences:
            seen.setdefault((sentence.start, sentence.end), sentence)
    return list(seen.values())


def _embed_all(embedder: Embedder, texts: list[str], progress: Progress | None) -> np.ndarray:
    parts = []
    for begin in range(0, len(texts), EMBED_BATCH):
        parts.append(embedder.embed_passages(texts[begin: begin + EMBED_BATCH]))
        if progress is not None:
            progress(min(begin + EMBED_BATCH, len(texts)), len(texts))
    return np.concatenate(parts) if parts else np.zeros((0, embedder.dim), dtype=np.float32)
