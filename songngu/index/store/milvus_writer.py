"""Changes to a Milvus index: rows added under a new generation, removed rows marked, one publication.

What readers see meanwhile, and after a failure, is ``milvus_generations``'s; the rows are
``milvus_schema``'s. The writer keeps the counts of the generation it builds as it goes (documents,
chunks, sentences, analysed tokens, and each token's change in document frequency, read from the
stored tokens of removed chunks), so a commit writes the token frequencies and the state row without
reading the collections back.

A chunk's sparse vector needs the corpus's average chunk length, which is only known at the end: each
batch of ``INSERT_ROWS`` chunks is written under the running average of the generation being built
(the published chunks, minus the removed, plus those added so far, this batch included), and records
it; ``milvus_lexical`` makes the search exact whatever the drift.
"""

import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from pymilvus import MilvusClient

from songngu.errors import BadInputError
from songngu.index.chunking import Chunk, Sentence
from songngu.index.documents import Document
from songngu.index.store import milvus_generations as generations
from songngu.index.store.interface import IndexSettings
from songngu.index.store.milvus_generations import Generation
from songngu.index.store.milvus_lexical import REIMPACT_DRIFT, REIMPACT_TARGET, growth_bound, tf_parts
from songngu.index.store.milvus_schema import (
    ALIVE,
    KINDS,
    MAX_CHUNKS_OF_SENTENCE,
    MAX_SENTENCES_IN_CHUNK,
    VARCHAR_MAX,
    Names,
    create_collections,
    create_indexes,
    live,
    quoted,
    rows,
    text_parts,
)
from songngu.index.store.vectors import VECTOR_INDEX_KEY, choose_vector_index

INSERT_ROWS = 256  # rows an insert: a chunk row is some 10 kB (vector, text, tokens, sparse vector)
REMOVE_BATCH = 100  # documents a query when removing
UNUSED = [0.0, 0.0]


def document_key(generation: int, part: int, doc_id: str) -> str:
    """The primary key of a document's text part: the id by its SHA-1, never as written. pymilvus pages a query
    iterator with 'key > "<last key>"' unescaped, and an id with a quote or a backslash (a JSONL id may hold
    both) broke every later build, or read as more of the filter and retired another document's row."""
    return f"{generation}:{part}:{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()}"


class MilvusWriter:
    """A build of generation ``number``: in the published epoch, or in a new one (``fresh``)."""

    def __init__(self, client: MilvusClient, prefix: str, location: str, settings: IndexSettings,
                 vector_index: str, keep_documents: bool, visibility_wait: float) -> None:
        self.client, self.prefix, self.location, self.settings = client, prefix, location, settings
        self.vector_index, self.visibility_wait = vector_index, visibility_wait
        generations.ensure_state(client, prefix)
        history = generations.published(client, prefix)
        published = history[0] if history else None
        if published is not None and keep_documents:
            for name in Names(prefix, published.epoch).all():
                client.load_collection(name)  # Milvus Lite loads collections once a process
            generations.roll_back(client, Names(prefix, published.epoch), published.number)
        # else a build into a new epoch: the published one is left as it is (and dropped two commits on), which is
        # how a damaged one is replaced (``MilvusStore.check``: its collections may not even load)
        generations.drop_unnamed_epochs(client, prefix, history[:2])  # left by a build that never published
        self.number = (published.number if published else 0) + 1
        self.base = published if keep_documents else None
        start = self.base or Generation(0, 0, {}, next_chunk_id=published.next_chunk_id if published else 1,
                                        next_sentence_id=published.next_sentence_id if published else 1)
        self.counts = Counter(documents=start.documents, chunks=start.chunks, sentences=start.sentences,
                              tokens=start.tokens)
        self.min_avgdl = start.min_avgdl or float("inf")
        self.next_ids = {"chunks": start.next_chunk_id, "sentences": start.next_sentence_id}
        self.fresh = self.base is None
        self.epoch = self.base.epoch if self.base else self._next_epoch(history)
        self.names = Names(prefix, self.epoch)
        self.copied: Names | None = None  # a new epoch made by commit, when a dense index type changes
        if self.fresh:
            create_collections(client, self.names, settings.dim)
        self.df_delta: Counter[str] = Counter()
        self.pending: dict[str, list[dict]] = {kind: [] for kind in KINDS}

    def _next_epoch(self, history: list[Generation]) -> int:
        known = generations.epochs_on_server(self.client, self.prefix) | {g.epoch for g in history}
        return max(known, default=0) + 1

    def remove_documents(self, doc_ids: Sequence[str]) -> None:
        for kind in ("chunks", "sentences", "documents"):
            self._insert(kind, final=True)
        for begin in range(0, len(doc_ids), REMOVE_BATCH):
            where = f"doc_id in {quoted(doc_ids[begin: begin + REMOVE_BATCH])} and died == {ALIVE}"
            for row in self._retire("chunks", "id", where, ["tokens"]):
                tokens = row["tokens"].split()
                self.counts.subtract(chunks=1, tokens=len(tokens))
                self.df_delta.subtract(set(tokens))
            self.counts.subtract(sentences=len(self._retire("sentences", "id", where, [])))
            self.counts.subtract(documents=sum(row["part"] == 0 for row in self._retire("documents", "key", where,
                                                                                        ["part"])))

    def _retire(self, kind: str, key: str, where: str, fields: list[str]) -> list[dict]:
        """Mark the rows of ``kind`` matching ``where`` removed by this generation (delete those it added)."""
        found = [row for batch in rows(self.client, self.names.of(kind), where, [key, "born", *fields])
                 for row in batch]
        added = [row[key] for row in found if row["born"] == self.number]
        if added:
            self.client.delete(self.names.of(kind), ids=added)
        older = [{key: row[key], "died": self.number} for row in found if row["born"] != self.number]
        for begin in range(0, len(older), 1_000):
            self.client.upsert(self.names.of(kind), older[begin: begin + 1_000], partial_update=True)
        return found

    def add_document(self, document: Document, chunks: Sequence[Chunk], chunk_vectors: np.ndarray,
                     chunk_tokens: Sequence[Sequence[str]], sentences: Sequence[Sentence],
                     sentence_vectors: np.ndarray) -> None:
        chunk_ids = self._new_ids("chunks", len(chunks))
        sentence_ids = self._new_ids("sentences", len(sentences))
        inside = {cid: [sid for s, sid in sorted(zip(sentences, sentence_ids, strict=True), key=lambda p: p[0].start)
                        if c.start <= s.start and s.end <= c.end] for c, cid in zip(chunks, chunk_ids, strict=True)}
        holders = {sid: [cid for cid, members in inside.items() if sid in members] for sid in sentence_ids}
        if max(map(len, inside.values()), default=0) > MAX_SENTENCES_IN_CHUNK or \
                max(map(len, holders.values()), default=0) > MAX_CHUNKS_OF_SENTENCE:
            raise BadInputError(f"{document.doc_id}: chunks and sentences overlap more than the Milvus store holds")
        born = {"born": self.number, "died": ALIVE}
        for index, part in enumerate(text_parts(document.text)):
            self.pending["documents"].append({
                "key": document_key(self.number, index, document.doc_id), "doc_id": document.doc_id, "part": index,
                "title": document.title, "url": document.url or "", "source": document.source,
                "date": document.date or "", "content_hash": document.content_hash, "chars": len(document.text),
                "chunks": len(chunks), "text": part, "unused": UNUSED, **born})
        for sentence, sid, vector in zip(sentences, sentence_ids, sentence_vectors, strict=True):
            self.pending["sentences"].append({
                "id": sid, "doc_id": document.doc_id, "start": sentence.start, "end": sentence.end,
                "text": sentence.text, "vector": vector.astype(np.float32).tolist(), "chunks": holders[sid], **born})
        for chunk, cid, vector, tokens in zip(chunks, chunk_ids, chunk_vectors, chunk_tokens, strict=True):
            joined = " ".join(tokens)
            if max(len(joined.encode()), len(chunk.text.encode())) > VARCHAR_MAX:
                raise BadInputError(f"{document.doc_id}: a chunk or its analysed tokens take more than the "
                                    f"{VARCHAR_MAX} bytes a Milvus VARCHAR holds")
            self.pending["chunks"].append({
                "id": cid, "doc_id": document.doc_id, "start": chunk.start, "end": chunk.end, "text": chunk.text,
                "title": document.title, "date": document.date or "", "vector": vector.astype(np.float32).tolist(),
                "tokens": joined, "sentences": inside[cid], **born})
            self.counts.update(chunks=1, tokens=len(tokens))
            self.df_delta.update(set(tokens))
        self.counts.update(documents=1, sentences=len(sentences))
        for kind in ("chunks", "sentences", "documents"):
            self._insert(kind, final=False)

    def _new_ids(self, kind: str, count: int) -> list[int]:
        first = self.next_ids[kind]
        self.next_ids[kind] += count
        return list(range(first, first + count))

    def _insert(self, kind: str, final: bool) -> None:
        """Write the pending rows of ``kind`` once a batch is full (every one when ``final``); chunks
        get their sparse vectors here, under the running average length."""
        waiting = self.pending[kind]
        if not waiting or (len(waiting) < INSERT_ROWS and not final):
            return
        if kind == "chunks":
            avgdl = self.counts["tokens"] / max(self.counts["chunks"], 1)
            for row in waiting:
                row.update(lexical=tf_parts(row["tokens"].split(), avgdl), avgdl=avgdl)
            self.min_avgdl = min(self.min_avgdl, avgdl)
        for begin in range(0, len(waiting), INSERT_ROWS):
            self.client.insert(self.names.of(kind), waiting[begin: begin + INSERT_ROWS])
        waiting.clear()

    def commit(self) -> str:
        try:
            for kind in ("chunks", "sentences", "documents"):
                self._insert(kind, final=True)
            self._write_terms()
            self._reimpact_if_drifted()
            generation = self._generation()
            if self.fresh:
                create_indexes(self.client, self.names, self._kinds(generation), self._sizes())
            elif self._kinds(generation) != self._kinds(self.base):
                generation = self._copy_to_new_epoch(generation)
            time.sleep(self.visibility_wait)
            generations.publish(self.client, self.prefix, generation)
        except BaseException:
            self.abort()
            raise
        generations.clean_up(self.client, self.prefix)
        return f"{self.location} generation {self.number}"

    def _sizes(self) -> dict[str, int]:
        return {"chunks": self.counts["chunks"], "sentences": self.counts["sentences"]}

    @staticmethod
    def _kinds(generation: Generation) -> dict[str, str]:
        return {kind: generation.meta[f"{kind}_index"] for kind in ("chunks", "sentences")}

    def _generation(self) -> Generation:
        sizes = self._sizes()
        meta = {**self.settings.to_meta(), VECTOR_INDEX_KEY: self.vector_index,
                **{f"{kind}_index": choose_vector_index(self.vector_index, n) for kind, n in sizes.items()}}
        return Generation(
            number=self.number, epoch=self.epoch, meta=meta, documents=self.counts["documents"],
            chunks=self.counts["chunks"], sentences=self.counts["sentences"], tokens=self.counts["tokens"],
            min_avgdl=self.min_avgdl if self.counts["chunks"] else 0.0,
            next_chunk_id=self.next_ids["chunks"], next_sentence_id=self.next_ids["sentences"])

    def _write_terms(self) -> None:
        """New frequencies of the tokens whose count changed, each keeping the one before (``frequency_at``)."""
        changed = sorted(token for token, delta in self.df_delta.items() if delta)
        collection = self.names.of("terms")
        for begin in range(0, len(changed), 1_000):
            batch = changed[begin: begin + 1_000]
            before = {} if self.fresh else {
                row["term"]: row for row in self.client.get(collection, ids=batch, output_fields=["term", "df", "born"],
                                                            consistency_level="Strong")}
            written = [{"term": token, "df": before[token]["df"] + self.df_delta[token] if token in before
                        else self.df_delta[token], "born": self.number,
                        "prev_df": before[token]["df"] if token in before else 0,
                        "prev_born": before[token]["born"] if token in before else 0, "unused": UNUSED}
                       for token in batch]
            (self.client.insert if self.fresh else self.client.upsert)(collection, written)

    def _reimpact_if_drifted(self) -> None:
        """Re-write the tf parts of the chunks recorded under an average length far below today's."""
        if not self.counts["chunks"]:
            return
        avgdl = self.counts["tokens"] / self.counts["chunks"]
        if growth_bound(avgdl, self.min_avgdl) <= REIMPACT_DRIFT:
            return
        below = avgdl / REIMPACT_TARGET
        collection = self.names.of("chunks")
        for batch in rows(self.client, collection, f"avgdl < {below!r} and died == {ALIVE}", ["id", "tokens"]):
            self.client.upsert(collection, [{"id": row["id"], "lexical": tf_parts(row["tokens"].split(), avgdl),
                                             "avgdl": avgdl} for row in batch], partial_update=True)
        self.min_avgdl = below

    def _copy_to_new_epoch(self, generation: Generation) -> Generation:
        """The rows of this generation copied into a new epoch indexed as ``generation`` says (a dense
        index type changed: Milvus changes one only on a released collection, which readers are using)."""
        self.copied = Names(self.prefix, self._next_epoch(generations.published(self.client, self.prefix)))
        create_collections(self.client, self.copied, self.settings.dim)
        for kind in KINDS:
            where = "df > 0" if kind == "terms" else live(self.number)
            for batch in rows(self.client, self.names.of(kind), where, ["*"]):
                renewed = {"born": self.number, "prev_df": 0, "prev_born": 0} if kind == "terms" else \
                    {"born": self.number, "died": ALIVE}
                self.client.insert(self.copied.of(kind), [{**row, **renewed} for row in batch])
        create_indexes(self.client, self.copied, self._kinds(generation), self._sizes())
        return replace(generation, epoch=self.copied.epoch)

    def abort(self) -> None:
        for names in (self.copied, self.names if self.fresh else None):
            if names is not None:
                generations.drop_epoch(self.client, names)
        if not self.fresh:
            generations.roll_back(self.client, self.names, self.number - 1)
