"""The Milvus store: an index in Milvus Lite (a local file) or a Milvus server, behind the store interface.

``--store milvus:PATH.db`` keeps the index in Milvus Lite, in-process; ``--store milvus:http://HOST:19530``
in Milvus Standalone or Distributed, with the same client code. ``#NAME`` after either keeps several
indexes apart on one server (collection names start with NAME, default "songngu").

The design, module by module:

- ``milvus_schema``: four collections an epoch (chunks, sentences, document texts, token
  frequencies); chunk↔sentence membership stored as id lists, the local store's join on offsets
  computed once; document text cut into parts that fit a VARCHAR.
- Dense vectors: the local store's choice of index type by size (``songngu.index.store.vectors``):
  FLAT below 50,000 vectors, IVF_SQ8 from there (nprobe 32), HNSW when asked. Milvus returns stored
  vectors as written, so ``chunk_vectors`` and ``sentence_vectors`` are the exact ones, as search expects.
- ``milvus_lexical``: BM25 as sparse vectors of our analysers' tokens, a pool re-scored exactly with the
  generation's statistics: the same scores as the local store's.
- ``milvus_generations``: no transactions in Milvus; rows tagged with the generations that added and
  removed them, and one insert of a state row publishes a build. ``milvus_writer`` writes one.
- Filters: ``retrieve(..., doc_ids=...)`` draws wider candidates and keeps those of the documents, as
  with the local store: the same code, on the same reader methods.

Every read of a reader is 'Bounded' and filtered to its generation; ids are never reused, so reads by
id need no filter.
"""

import errno
import hashlib
import itertools
import logging
import re
import tempfile
import time
import weakref
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pymilvus import MilvusClient, MilvusException

from songngu.errors import (
    BadInputError,
    IndexDamagedError,
    IndexMissingError,
    StoreUnavailableError,
    without_password,
)
from songngu.index.store import milvus_generations as generations
from songngu.index.store.generations import DEFAULT_LOCK_WAIT, WriterLock
from songngu.index.store.interface import (
    DocumentInfo,
    IndexHealth,
    IndexSettings,
    StoredChunk,
    StoredSentence,
    check_readable,
    damaged,
)
from songngu.index.store.milvus_generations import Generation
from songngu.index.store.milvus_lexical import (
    exact_top,
    frequency_at,
    growth_bound,
    query_vector,
    query_weights,
)
from songngu.index.store.milvus_schema import KINDS, MILVUS_INDEX, Names, live, quoted, rows, search_params
from songngu.index.store.milvus_uri import DEFAULT_PREFIX, milvus_place, milvus_spec
from songngu.index.store.milvus_writer import MilvusWriter
from songngu.index.store.vectors import VECTOR_INDEX_KEY

READ = "Bounded"
GRACEFUL_TIME_S = 5.0  # Milvus's common.gracefulTime: how stale a 'Bounded' read may be
GET_BATCH = 1_000
TOP_K_LIMIT = 16_384  # Milvus's largest top-k, and the most rows one query returns


# Milvus Lite holds its file for the whole life of the process that opened it: a writer let in by the lock
# the moment the previous one released it can find the file still held for a moment while that process
# exits (a probe, session 8: the second of two `songngu index --wait` runs waited, then failed).
LITE_OPEN_WAIT_S = 10.0


log = logging.getLogger(__name__)
# OSError numbers that say the machine cannot now, not that an index's files are damaged (``MilvusStore._damage``)
_NOT_DAMAGE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EMFILE, errno.ENFILE,
                         errno.EROFS, errno.ENOMEM})


def connect(uri: str, lite: bool) -> MilvusClient:
    """A client of the Milvus at ``uri``; ``StoreUnavailableError`` when there is none to reach (a Milvus
    Lite file is tried for ``LITE_OPEN_WAIT_S``)."""
    if lite and Path(uri).is_file():  # Milvus Lite 3 keeps a folder there: no wait makes a file one
        raise StoreUnavailableError(f"cannot open Milvus at {uri}: it is a file, not a Milvus Lite database (a "
                                    "folder); name another path, or move the file away")
    if lite and _foreign_folder(Path(uri)):
        raise StoreUnavailableError(f"cannot open Milvus at {uri}: it is a folder of other files, not a Milvus Lite "
                                    "database; name another path (a new one, or a database songngu made)")
    deadline = time.monotonic() + (LITE_OPEN_WAIT_S if lite else 0.0)
    while True:
        try:
            return MilvusClient(uri=uri)
        except MilvusException as error:
            if time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            hint = ("either another process has it open (one process at a time opens a Milvus Lite database: "
                    "is `songngu serve` running on it?) or it is not a folder Milvus Lite wrote" if lite else
                    "is the server running? (docs/deploy.md in SongNgu's source)")
            raise StoreUnavailableError(f"cannot open Milvus at {without_password(uri)}: "
                                        f"{without_password(str(error.message))}; {hint}") from error


# What Milvus Lite keeps in its folder ("LOCK", ".database-staging" beside these): either one marks it as its own.
LITE_OWN_ENTRIES = ("databases", "collections")


def _foreign_folder(path: Path) -> bool:
    """Whether ``path`` is a folder holding files but none of Milvus Lite's own (a probe, session 13: Milvus Lite
    wrote its database among the files of any folder named so). Hidden files (.DS_Store, .gitkeep) are no one's."""
    try:
        entries = {entry.name for entry in path.iterdir() if not entry.name.startswith(".")} if path.is_dir() else set()
    except OSError:
        return False  # unreadable: Milvus Lite says so itself
    return bool(entries) and not entries & set(LITE_OWN_ENTRIES)


def _miscounted(client: MilvusClient, names: Names, generation: Generation) -> str | None:
    """How the live documents, chunks and sentences of ``generation`` differ in number from what its state row says,
    or None."""
    for kind, wanted, where in (("documents", generation.documents, "part == 0 and "),
                                ("chunks", generation.chunks, ""), ("sentences", generation.sentences, "")):
        found = client.query(names.of(kind), filter=where + live(generation.number), output_fields=["count(*)"],
                             consistency_level="Strong")  # every write so far: a lagging read is no damage
        count = int(found[0]["count(*)"]) if found else 0
        if count != wanted:
            return f"{kind}: {count} live rows, its state row says {wanted}"
    return None


@dataclass(frozen=True)
class MilvusReader:
    """One published generation of a Milvus index, open for reading; its client is its own, closed with it
    or when the reader is dropped (the app drops a generation it replaced once no question holds it)."""

    client: MilvusClient
    names: Names
    generation: Generation
    settings: IndexSettings

    def __post_init__(self) -> None:
        weakref.finalize(self, self.client.close)

    def chunk_count(self) -> int:
        return self.generation.chunks

    def nearest_chunks(self, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        return self._nearest("chunks", vector, n)

    def nearest_sentences(self, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        return self._nearest("sentences", vector, n)

    def _nearest(self, kind: str, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        if n <= 0:
            return []
        found = self.client.search(
            self.names.of(kind), data=[vector.astype(np.float32).tolist()], anns_field="vector",
            limit=min(n, TOP_K_LIMIT), filter=live(self.generation.number), output_fields=["id"],
            search_params=search_params(self.generation.meta[f"{kind}_index"], n), consistency_level=READ)
        return [(int(hit["id"]), float(hit["distance"])) for hit in found[0]]

    def _by_id(self, kind: str, ids: Collection[int], fields: list[str]) -> dict[int, dict]:
        wanted = list(dict.fromkeys(int(i) for i in ids))
        found: dict[int, dict] = {}
        for begin in range(0, len(wanted), GET_BATCH):
            for row in self.client.get(self.names.of(kind), ids=wanted[begin: begin + GET_BATCH],
                                       output_fields=["id", *fields], consistency_level=READ):
                found[int(row["id"])] = row
        return found

    def _vectors(self, kind: str, ids: Sequence[int]) -> np.ndarray:
        found = self._by_id(kind, ids, ["vector"])
        return np.array([found[int(i)]["vector"] for i in ids], dtype=np.float32).reshape(len(ids), self.settings.dim)

    def chunk_vectors(self, ids: Sequence[int]) -> np.ndarray:
        return self._vectors("chunks", ids)

    def sentence_vectors(self, ids: Sequence[int]) -> np.ndarray:
        return self._vectors("sentences", ids)

    def chunks(self, ids: Collection[int]) -> dict[int, StoredChunk]:
        found = self._by_id("chunks", ids, ["doc_id", "start", "end", "text", "title", "date"])
        return {i: StoredChunk(i, r["doc_id"], r["start"], r["end"], r["text"], r["title"], r["date"] or None)
                for i, r in found.items()}

    def sentences(self, ids: Collection[int]) -> dict[int, StoredSentence]:
        found = self._by_id("sentences", ids, ["doc_id", "start", "end", "text"])
        return {i: StoredSentence(i, r["doc_id"], r["start"], r["end"], r["text"]) for i, r in found.items()}

    def sentences_of_chunks(self, chunk_ids: Collection[int]) -> dict[int, list[int]]:
        found = self._by_id("chunks", chunk_ids, ["sentences"])
        return {i: list(r["sentences"]) for i, r in found.items() if r["sentences"]}

    def chunks_of_sentences(self, sentence_ids: Collection[int]) -> dict[int, list[int]]:
        found = self._by_id("sentences", sentence_ids, ["chunks"])
        return {i: list(r["chunks"]) for i, r in found.items() if r["chunks"]}

    def lexical_search(self, tokens: Sequence[str], n: int) -> list[tuple[int, float]]:
        weights = query_weights(self.document_frequencies(tokens), self.generation.chunks)
        if not weights or n <= 0:
            return []
        vector = query_vector(weights)

        def pool(size: int) -> list[tuple[int, float, list[str]]]:
            found = self.client.search(
                self.names.of("chunks"), data=[vector], anns_field="lexical", limit=size,
                filter=live(self.generation.number), output_fields=["tokens"],
                search_params={"metric_type": "IP", "params": {}}, consistency_level=READ)
            return [(int(hit["id"]), float(hit["distance"]), hit["entity"]["tokens"].split()) for hit in found[0]]

        avgdl = self.generation.avgdl
        return exact_top(pool, weights, avgdl, growth_bound(avgdl, self.generation.min_avgdl), n)

    def document_frequencies(self, tokens: Sequence[str]) -> dict[str, int]:
        unique = list(dict.fromkeys(tokens))
        found = []
        for begin in range(0, len(unique), GET_BATCH):
            found += self.client.get(self.names.of("terms"), ids=unique[begin: begin + GET_BATCH],
                                     output_fields=["term", "df", "born", "prev_df", "prev_born"],
                                     consistency_level=READ)
        frequencies = {row["term"]: frequency_at(row, self.generation.number) for row in found}
        return {term: df for term, df in frequencies.items() if df > 0}

    def documents(self) -> list[DocumentInfo]:
        found = [DocumentInfo(r["doc_id"], r["title"], r["date"] or None, r["chars"], r["chunks"])
                 for batch in rows(self.client, self.names.of("documents"), f"part == 0 and {self._live()}",
                                   ["doc_id", "title", "date", "chars", "chunks"], consistency=READ)
                 for r in batch]
        return sorted(found, key=lambda d: d.doc_id)

    def document_texts(self, doc_ids: Collection[str]) -> dict[str, str]:
        """One query for a few documents (an answer's citations): at most ``TOP_K_LIMIT`` parts of text."""
        parts: dict[str, list[tuple[int, str]]] = {}
        unique = list(dict.fromkeys(doc_ids))
        if unique:
            for r in self.client.query(self.names.of("documents"), filter=f"doc_id in {quoted(unique)} and "
                                       f"{self._live()}", output_fields=["doc_id", "part", "text"], limit=TOP_K_LIMIT,
                                       consistency_level=READ):
                parts.setdefault(r["doc_id"], []).append((r["part"], r["text"]))
        return {doc_id: "".join(text for _, text in sorted(found)) for doc_id, found in parts.items()}

    def _live(self) -> str:
        return live(self.generation.number)

    def close(self) -> None:
        self.client.close()


def writer_lock(uri: str, prefix: str, lite: bool) -> WriterLock:
    """The lock file of a store's writers: beside a Milvus Lite file, in the temporary directory for a server."""
    if lite:
        return WriterLock(Path(uri).parent, f".{Path(uri).name}.{prefix}.LOCK")
    key = hashlib.sha256(f"{uri}#{prefix}".encode()).hexdigest()[:16]
    return WriterLock(Path(tempfile.gettempdir()), f"songngu-milvus-{key}.LOCK")


class MilvusStore:
    """An index in Milvus at ``uri`` (a ``.db`` path: Milvus Lite), its collections named ``prefix_...``."""

    def __init__(self, uri: str, prefix: str = DEFAULT_PREFIX, visibility_wait: float | None = None,
                 lock_wait: float = DEFAULT_LOCK_WAIT, on_wait: Callable[[str], None] | None = None) -> None:
        place = milvus_place(uri, prefix)
        self.lite, self.uri = place.lite, place.uri
        self.prefix = prefix
        written = str(Path(uri).expanduser()) if self.lite else without_password(uri)  # the path as written, ~ read
        self.location = f"milvus:{written}" + ("" if prefix == DEFAULT_PREFIX else f"#{prefix}")
        self.visibility_wait = (0.0 if self.lite else GRACEFUL_TIME_S) if visibility_wait is None else visibility_wait
        self._client: MilvusClient | None = None
        self._unreadable: str | None = None  # why a Milvus Lite database does not open at all (``check``)
        self._lock = writer_lock(self.uri, prefix, self.lite)
        self.lock_wait, self.on_wait = lock_wait, on_wait

    @classmethod
    def at(cls, spec: str, lock_wait: float = DEFAULT_LOCK_WAIT, on_wait: Callable[[str], None] | None = None,
           ) -> "MilvusStore":
        """The store a ``--store milvus:URI[#NAME]`` names (``spec`` without "milvus:")."""
        place = milvus_spec(spec)  # checked here; the URI as written names it in messages
        return cls(spec.partition("#")[0], place.prefix, lock_wait=lock_wait, on_wait=on_wait)

    def client(self) -> MilvusClient:
        if self._client is None:
            if self.lite:
                self._make_folder()
            self._client = connect(self.uri, self.lite)
        return self._client

    def _make_folder(self) -> None:
        """The folder of the Milvus Lite file (and of its lock); ``BadInputError`` when the path cannot hold
        one (a file on the way, /proc, a name too long)."""
        try:
            Path(self.uri).parent.mkdir(parents=True, exist_ok=True)
            self._lock.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BadInputError(f"cannot use {self.location}: {error.strerror or error}") from error

    def _newest(self) -> Generation | None:
        if self.lite and (self._unreadable or not Path(self.uri).exists()):
            return None  # nothing to read (do not create an empty Milvus Lite directory), or nothing readable
        client = self.client()
        try:
            history = generations.published(client, self.prefix)
        except MilvusException as error:
            if self.lite:
                raise  # Milvus Lite's errors reading its own files are damage (``_readable_newest``)
            # a server's (no permission, the state collection not loaded, a node down) were "internal error",
            # exit 1 (noticed in session 24)
            raise StoreUnavailableError(f"cannot read the index in {self.location}: "
                                        f"{without_password(str(error))}") from error
        return history[0] if history else None

    def published(self) -> str | None:
        newest = self._newest()
        return None if newest is None else f"{self.location} generation {newest.number}"

    def live_meta(self) -> dict[str, str]:
        newest = self._newest()
        return dict(newest.meta) if newest else {}

    def content_hashes(self) -> dict[str, str]:
        newest = self._newest()
        if newest is None:
            return {}
        collection = Names(self.prefix, newest.epoch).of("documents")
        self.client().load_collection(collection)  # Milvus Lite loads collections once a process
        return {r["doc_id"]: r["content_hash"] for batch in rows(self.client(), collection,
                                                                  f"part == 0 and {live(newest.number)}",
                                                                  ["doc_id", "content_hash"]) for r in batch}

    def _require(self) -> Generation:
        newest = self._newest()
        if newest is None:
            raise IndexMissingError(f"no index in {self.location}: run `songngu index --store {self.location}`")
        return newest

    def open_reader(self, embedder_name: str | None = None) -> MilvusReader:
        """The published generation, after a look at its collections (``_look``)."""
        newest = self._readable_newest()
        if newest is None:
            raise IndexMissingError(f"no index in {self.location}: run `songngu index --store {self.location}`")
        settings = check_readable(newest.meta, self.location, embedder_name, option="--store")
        client, names = self._look(newest)
        return MilvusReader(client, names, newest, settings)

    def _readable_newest(self) -> Generation | None:
        """``_newest``, a Milvus Lite database whose state does not read being damage (``IndexDamagedError``)."""
        try:
            return self._newest()
        except Exception as error:
            if not self._damage(error):
                raise
            raise damaged(self.location, f"{type(error).__name__}: {error}") from error

    def _look(self, newest: Generation) -> tuple[MilvusClient, Names]:
        """Load the collections of ``newest``; in Milvus Lite, count its live rows against the state row too.
        ``IndexDamagedError`` for a count that differs, or a Milvus Lite file that does not read (a probe, session 24:
        a data file deleted or cut made every question an internal error). A server keeps its segments' integrity
        itself: its errors are no damage of ours (``StoreUnavailableError``), and it is not counted on each open."""
        client = connect(self.uri, self.lite)
        names = Names(self.prefix, newest.epoch)
        try:
            for kind in KINDS:  # a server keeps collections loaded; Milvus Lite loads them once a process
                client.load_collection(names.of(kind))
            problem = _miscounted(client, names, newest) if self.lite else None
        except Exception as error:
            if self._damage(error):
                raise damaged(self.location, f"{type(error).__name__}: {error}") from error
            if isinstance(error, MilvusException):
                raise StoreUnavailableError(f"cannot read the index in {self.location}: "
                                            f"{without_password(str(error))}") from error
            raise
        if problem:
            raise damaged(self.location, problem)
        return client, names

    def _damage(self, error: Exception) -> bool:
        """Whether ``error``, raised reading the index, says its files are damaged: only in Milvus Lite, which reads
        its files in Python (pyarrow's and its own errors, through Milvus's); not a full disk, a permission or too
        many open files, which are the machine's."""
        if not self.lite:
            return False
        if isinstance(error, OSError):
            return error.errno not in _NOT_DAMAGE
        return isinstance(error, (MilvusException, ValueError, KeyError))

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One writer at a time on this machine (a file lock, as for a local index), waiting up to
        ``lock_wait`` s. Writers on other machines are not seen: a deployment runs one indexer per
        collection prefix (docs/deploy.md)."""
        if self.lite:
            self._make_folder()
        else:
            self._lock.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            first = self._lock.acquire(self.lock_wait, self.on_wait)
        except OSError as error:  # the lock file cannot be made there (/proc, a name too long)
            raise BadInputError(f"cannot use {self.location}: {error.strerror or error}") from error
        try:
            if first:
                self._drop_abandoned_epochs()
            yield
        finally:
            self._lock.release()

    def _drop_abandoned_epochs(self) -> None:
        """Drop the collections of epochs that no recorded generation uses: a killed build's (a new vector index
        type, a new embedder). Before, they stayed until a build changed something (a probe, session 24)."""
        if self.lite and not Path(self.uri).exists():
            return
        try:
            client = self.client()
            for epoch in generations.drop_unnamed_epochs(client, self.prefix,
                                                         generations.published(client, self.prefix)[:2]):
                log.info("dropped the collections of epoch %d of %s, left by an interrupted build", epoch,
                         self.location)
        except Exception as error:
            if not self._damage(error):
                raise
            return  # a damaged database: ``check`` says so, and the build replaces it

    def check(self, thorough: bool) -> IndexHealth:
        """Whether the published generation's collections read as its state row says (``_look``). A generation is
        published only once all its rows are written (``milvus_generations``), but a Milvus Lite database is files
        that a disk or a hand can damage. A damaged one is rebuilt whole, into a new epoch; a Milvus Lite database
        that does not open at all, moved aside first (``begin``). An index of an older format is no damage: the next
        build replaces it, as before."""
        self._unreadable = None
        try:
            newest = self._readable_newest()
            if newest is not None:
                self._look(newest)
        except IndexDamagedError as error:
            if error.__cause__ is not None:  # its files do not read: Milvus Lite then fails every call on them
                self._unreadable = str(error)
            return IndexHealth((str(error),), documents_sound=False)
        return IndexHealth()

    def begin(self, settings: IndexSettings, vector_index: str, keep_documents: bool) -> MilvusWriter:
        if vector_index not in ("auto", *MILVUS_INDEX):
            raise BadInputError(f"the Milvus store indexes vectors as auto, {', '.join(MILVUS_INDEX)}; "
                                f"got {vector_index!r} (ivfsq is the compact one)")
        if self._unreadable:
            self._set_aside()
        return MilvusWriter(self.client(), self.prefix, self.location, settings, vector_index, keep_documents,
                            self.visibility_wait)

    def _set_aside(self) -> None:
        """Move a Milvus Lite database that does not open at all (``check``) to ``PATH.damaged-N`` beside it, so that
        the build writes a new one at its path: an index is made from the corpus, and the damaged files are kept for
        whoever wants to look at them. Only under the writer's lock (``writing``)."""
        from milvus_lite import server_manager_instance  # the in-process server of the path, reused by path

        others = sorted({match.group(1) for entry in (Path(self.uri) / "collections").glob("*_state")
                         if (match := re.fullmatch(r"(.+)_state", entry.name)) and match.group(1) != self.prefix})
        if others:  # they do not read either, but they are not this build's to move
            raise BadInputError(f"the Milvus Lite database {self.uri} does not open ({self._unreadable}); it holds "
                                f"other indexes too ({', '.join(others)}): move it aside yourself (mv {self.uri} "
                                f"{self.uri}.damaged) and build each of them again")
        if self._client is not None:
            self._client.close()
            self._client = None
        server_manager_instance.release_server(self.uri)  # else a new client of this path talks to the old files
        aside = next(path for n in itertools.count(1) if not (path := Path(f"{self.uri}.damaged-{n}")).exists())
        Path(self.uri).rename(aside)
        self._unreadable = None
        log.warning("the Milvus Lite database %s does not open: moved to %s, building a new one", self.uri, aside)

    def describe(self) -> dict:
        newest = self._require()
        return {"path": f"{self.location} generation {newest.number}",
                **IndexSettings.from_meta(newest.meta).__dict__,
                "documents": newest.documents, "chunks": newest.chunks, "sentences": newest.sentences,
                **{key: newest.meta[key] for key in ("chunks_index", "sentences_index")},
                VECTOR_INDEX_KEY: newest.meta.get(VECTOR_INDEX_KEY, "auto")}
