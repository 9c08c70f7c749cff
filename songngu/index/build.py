"""Incremental, atomic index builds.

``build_index`` compares the corpus with the published index by content hash:
unchanged documents keep their rows and vectors, changed ones are re-chunked,
re-analysed and re-embedded, removed ones are deleted. The changes go to an
``IndexWriter`` of the store, which publishes all of them at once on commit
(``songngu.index.store``), so an error or an interrupt at any point leaves the
previous index live. The whole of a build, from reading the published state to
publishing the new one, holds the store's one-writer lock.

A published index whose files are not as they were published is damaged:
``repair`` rebuilds it (re-deriving the FAISS and lexical files from the stored
vectors when the database itself is sound, re-embedding everything otherwise);
without ``repair`` the build refuses with ``IndexDamagedError``.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from songngu.index.analysis import analyse
from songngu.index.chunking import Chunk, Sentence, chunk_document
from songngu.index.documents import Document
from songngu.index.embedders import Embedder
from songngu.index.embedding import Progress, embed_passages_once
from songngu.index.store.interface import IndexHealth, IndexSettings, IndexWriter, Store, damaged
from songngu.index.store.local import VECTOR_INDEX_KEY, LocalStore
from songngu.index.store.vectors import choose_vector_index

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildReport:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    chunks_embedded: int
    sentences_embedded: int
    generation: Path | str | None  # Store.published(): a directory, or the name of a server's generation
    repaired: tuple[str, ...] = ()

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> dict[str, int]:
        """Counts, as `songngu index` prints them."""
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed),
                "unchanged": self.unchanged, "chunks_embedded": self.chunks_embedded,
                "sentences_embedded": self.sentences_embedded, "repaired": len(self.repaired)}


def as_store(index: Store | Path) -> Store:
    """A store for ``index``: a ``Store`` as it is, a directory as the local store in it."""
    return LocalStore(index) if isinstance(index, Path) else index


def build_index(
    documents: Sequence[Document],
    index: Store | Path,
    embedder: Embedder,
    chunk_max_tokens: int = 256,
    overlap_sentences: int = 1,
    progress: Progress | None = None,
    vector_index: str | None = None,
    repair: bool = False,
) -> BuildReport:
    """Bring the index (a store, or a local index directory) in line with ``documents``; see the module docstring.

    ``vector_index`` is the FAISS index type ("auto", "flat", "ivfsq", "ivfpq", "hnsw"; see
    ``choose_vector_index``); None keeps the one the live index was built with, else "auto".
    Changing it rebuilds the vector indexes from the stored vectors, without embedding again.
    ``repair``: check every byte of the published index and rebuild it when damaged (else a
    quick check, and ``IndexDamagedError``). ``IndexBusyError`` when another writer keeps the lock.
    """
    store = as_store(index)
    with store.writing():
        health = store.check(thorough=repair)
        if not health.sound and not repair:
            raise damaged(store.location, health.problems[0])
        if health.sound and index_is_current(documents, store, embedder.name, chunk_max_tokens, overlap_sentences,
                                             vector_index):
            return BuildReport((), (), (), len(documents), 0, 0, store.published())
        return _build(documents, store, embedder, IndexSettings(embedder.name, embedder.dim, chunk_max_tokens,
                                                                overlap_sentences), progress, vector_index, health)


def _build(documents: Sequence[Document], store: Store, embedder: Embedder, settings: IndexSettings,
           progress: Progress | None, vector_index: str | None, health: IndexHealth) -> BuildReport:
    """The changes from the published index (what of it can be trusted) to ``documents``, published."""
    if not health.sound:
        log.warning("index %s is damaged (%s): rebuilding it", store.location, "; ".join(health.problems))
    meta = store.live_meta() if health.documents_sound else {}
    vector_index = vector_index or meta.get(VECTOR_INDEX_KEY, "auto")
    choose_vector_index(vector_index, 0)  # an unknown type fails here, before any embedding
    old_hashes = store.content_hashes() if settings.built(meta) else {}
    wanted = {d.doc_id: d for d in documents}
    added = tuple(sorted(set(wanted) - set(old_hashes)))
    removed = tuple(sorted(set(old_hashes) - set(wanted)))
    changed = tuple(sorted(i for i in set(wanted) & set(old_hashes) if old_hashes[i] != wanted[i].content_hash))
    unchanged = len(wanted) - len(added) - len(changed)

    writer = store.begin(settings, vector_index, keep_documents=bool(old_hashes))
    try:
        writer.remove_documents((*changed, *removed))
        n_chunks, n_sentences = _add_documents(writer, [wanted[i] for i in (*added, *changed)], embedder, settings,
                                               progress)
    except BaseException:
        writer.abort()
        raise
    generation = writer.commit()
    log.info("index %s: +%d ~%d -%d documents", generation, len(added), len(changed), len(removed))
    return BuildReport(added, changed, removed, unchanged, n_chunks, n_sentences, generation, health.problems)


def index_is_current(documents: Sequence[Document], index: Store | Path, embedder_name: str,
                     chunk_max_tokens: int = 256, overlap_sentences: int = 1, vector_index: str | None = None,
                     ) -> bool:
    """True when ``build_index`` with these arguments would change nothing.

    Decided from the published index's metadata and content hashes alone, with the
    embedder's recorded name standing for the embedder, so a caller can tell before
    loading the model (``songngu index`` on an unchanged corpus never loads it).
    """
    store = as_store(index)
    meta = store.live_meta()
    if not meta:
        return False
    wanted = IndexSettings(embedder_name, int(meta.get("dim", 0)), chunk_max_tokens, overlap_sentences)
    if not wanted.built(meta) or meta.get(VECTOR_INDEX_KEY, "auto") != (vector_index or
                                                                        meta.get(VECTOR_INDEX_KEY, "auto")):
        return False
    return store.content_hashes() == {d.doc_id: d.content_hash for d in documents}


def _add_documents(writer: IndexWriter, documents: Sequence[Document], embedder: Embedder, settings: IndexSettings,
                   progress: Progress | None) -> tuple[int, int]:
    """Chunk, analyse and embed ``documents`` and add them to ``writer``; (chunks, sentences) embedded."""
    chunked = [(d, chunk_document(d, embedder.count_tokens, settings.chunk_max_tokens, settings.overlap_sentences))
               for d in documents]
    sentences = [_unique_sentences(chunks) for _, chunks in chunked]
    chunk_texts = [c.text for _, chunks in chunked for c in chunks]
    sentence_texts = [s.text for group in sentences for s in group]
    vectors = embed_passages_once(embedder, chunk_texts + sentence_texts, progress)
    chunk_vectors, sentence_vectors = vectors[: len(chunk_texts)], vectors[len(chunk_texts):]
    chunk_at = sentence_at = 0
    for (document, chunks), own_sentences in zip(chunked, sentences, strict=True):
        writer.add_document(
            document, chunks, chunk_vectors[chunk_at: chunk_at + len(chunks)], [analyse(c.text) for c in chunks],
            own_sentences, sentence_vectors[sentence_at: sentence_at + len(own_sentences)])
        chunk_at += len(chunks)
        sentence_at += len(own_sentences)
    return len(chunk_texts), len(sentence_texts)


def _unique_sentences(chunks: Sequence[Chunk]) -> list[Sentence]:
    """Sentences of a document's chunks, each once (overlapping chunks share sentences)."""
    seen: dict[tuple[int, int], Sentence] = {}
    for chunk in chunks:
        for sentence in chunk.sentences:
            seen.setdefault((sentence.start, sentence.end), sentence)
    return list(seen.values())
