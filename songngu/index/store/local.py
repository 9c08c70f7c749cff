"""The local store: SQLite plus FAISS indexes and lexical arrays in generations, on one disk.

A generation directory holds ``songngu.sqlite`` (``schema``), ``chunks.faiss``
and ``sentences.faiss`` (``vectors``: FAISS ids are the table's row ids) and
``lexical_*.npy`` (``lexical``: the BM25 impact index of the chunks' tokens).
A writer, holding the index's lock, copies the live database into a new
generation, changes it, derives the FAISS and lexical files from it, records
them in the generation's manifest (``integrity``) and publishes it
(``generations``). A reader checks the manifest quickly before it opens anything.
"""

import errno
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import faiss
import numpy as np

from songngu.errors import BadInputError, IndexDamagedError, IndexMissingError, IndexReadOnlyError
from songngu.index.chunking import Chunk, Sentence
from songngu.index.documents import Document
from songngu.index.store import generations, integrity, schema
from songngu.index.store.generations import DB_NAME, DEFAULT_LOCK_WAIT, WriterLock
from songngu.index.store.interface import FORMAT_VERSION, IndexHealth, IndexSettings, check_readable, damaged
from songngu.index.store.lexical import add_analysed, read_lexical_index, write_lexical_index
from songngu.index.store.reader import LocalReader
from songngu.index.store.vectors import ADD_BATCH, build_vector_index, vector_index_kind

CHUNK_INDEX_NAME = "chunks.faiss"
SENTENCE_INDEX_NAME = "sentences.faiss"
VECTOR_INDEX_KEY = "vector_index"  # meta: the type asked for; "chunks_index"/"sentences_index": the types built
OPEN_ATTEMPTS = 3  # a reader retries when a writer publishes (and removes) the generation it was opening

log = logging.getLogger(__name__)


class LocalWriter:
    """Changes written into a new generation; ``commit`` derives its files and publishes it."""

    def __init__(self, index_dir: Path, base: Path | None, settings: IndexSettings, vector_index: str) -> None:
        self.index_dir, self.settings, self.vector_index = index_dir, settings, vector_index
        self.generation = generations.new_generation_dir(index_dir)
        try:
            self.db = schema.connect(self.generation / DB_NAME)
            if base is not None:
                with sqlite3.connect(base / DB_NAME) as source:
                    source.backup(self.db)
            schema.write_meta(self.db, settings.to_meta())
            self._next_ids = {table: schema.next_id(self.db, table) for table in schema.VECTOR_TABLES}
        except BaseException:
            self.abort()
            raise

    def remove_documents(self, doc_ids: Sequence[str]) -> None:
        schema.delete_documents(self.db, doc_ids)

    def add_document(self, document: Document, chunks: Sequence[Chunk], chunk_vectors: np.ndarray,
                     chunk_tokens: Sequence[Sequence[str]], sentences: Sequence[Sentence],
                     sentence_vectors: np.ndarray) -> None:
        schema.insert_document(self.db, document)
        chunk_ids = self._insert("chunks", [(c.doc_id, c.start, c.end, c.text) for c in chunks], chunk_vectors)
        add_analysed(self.db, zip(chunk_ids, chunk_tokens, strict=True))
        self._insert("sentences", [(s.doc_id, s.start, s.end, s.text) for s in sentences], sentence_vectors)

    def _insert(self, table: str, rows: list[tuple[str, int, int, str]], vectors: np.ndarray) -> list[int]:
        ids = schema.insert_spans(self.db, table, self._next_ids[table], rows, vectors)
        self._next_ids[table] += len(ids)
        return ids

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
            integrity.write_manifest(self.generation)
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
    """An index directory of generations (see the module docstring).

    ``lock_wait``: seconds a writer waits for another to finish; ``on_wait(holder)`` is
    called once when it has to (the CLI prints a line, the app logs it).
    """

    def __init__(self, index_dir: Path, lock_wait: float = DEFAULT_LOCK_WAIT,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.index_dir = index_dir
        self.location = str(index_dir)
        self.lock_wait, self.on_wait = lock_wait, on_wait
        self._lock = WriterLock(index_dir)

    def published(self) -> Path | None:
        return generations.current_generation(self.index_dir)

    def live_meta(self) -> dict[str, str]:
        live = self.published()
        try:
            return schema.meta_of(live / DB_NAME) if live else {}
        except sqlite3.DatabaseError as error:
            raise damaged(self.location, f"{DB_NAME}: {error}") from error

    def content_hashes(self) -> dict[str, str]:
        live = self.published()
        if live is None:
            return {}
        db = sqlite3.connect(live / DB_NAME)
        try:
            return schema.content_hashes(db)
        finally:
            db.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One writer at a time (``WriterLock``). ``BadInputError`` for a folder that is not an index (no live
        generation, other files in it: a build would write among them) or where no lock can be taken."""
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            foreign = [] if self._lock.held() else generations.foreign_entries(self.index_dir)  # once a writer
            if foreign:
                raise BadInputError(f"{self.index_dir} is not a SongNgu index and holds other things "
                                    f"({', '.join(foreign[:3])}{', ...' if len(foreign) > 3 else ''}): name a new "
                                    "or empty folder for the index")
            first = self._lock.acquire(self.lock_wait, self._waiting)
        except OSError as error:  # a file on the way, a LOCK that is a folder, a read-only disk
            on = f" ({Path(error.filename).name})" if error.filename and Path(error.filename) != self.index_dir else ""
            message = f"cannot write the index in {self.index_dir}: {error.strerror or error}{on}"
            if error.errno == errno.EROFS or (error.errno in (errno.EACCES, errno.EPERM)
                                              and not os.access(self._writable_folder(), os.W_OK)):
                raise IndexReadOnlyError(message, "index_read_only") from error
            raise BadInputError(message) from error
        try:
            if first:
                for path in generations.remove_abandoned_generations(self.index_dir):
                    log.info("removed %s, left by an interrupted build", path)
            yield
        finally:
            self._lock.release()

    def _writable_folder(self) -> Path:
        """The index folder, or the nearest folder above it that exists (where a new index would be made): a lock
        refused in a folder that can be written is another user's ``LOCK``, not a read-only index."""
        folder = self.index_dir
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        return folder

    def _waiting(self, holder: str) -> None:
        log.info("waiting up to %g s for %s, which is writing the index in %s", self.lock_wait, holder,
                 self.index_dir)
        if self.on_wait is not None:
            self.on_wait(holder)

    def check(self, thorough: bool) -> IndexHealth:
        """What a check of the live generation finds. A writer that publishes another while it is read (and removes
        it) is no damage: the generation ``CURRENT`` names then is checked instead."""
        for attempt in range(OPEN_ATTEMPTS):
            generation, health = self._check_once(thorough)
            if health.sound or attempt + 1 == OPEN_ATTEMPTS or self.published() == generation:
                return health
            log.info("%s was replaced while being checked: checking the new one", generation)
        raise AssertionError("unreachable")

    def _check_once(self, thorough: bool) -> tuple[Path | None, IndexHealth]:
        """The generation checked (None: none is live) and what the check found."""
        generation, missing = self._pointed()
        if missing is not None:
            return None, IndexHealth((_missing_problem(missing),), documents_sound=False)
        if generation is None:
            return None, IndexHealth()
        if not integrity.has_manifest(generation):
            if self._meta_or_none(generation).get("format_version", FORMAT_VERSION) != FORMAT_VERSION:
                return generation, IndexHealth()  # an older format, not damage: the next build replaces it whole
            return generation, IndexHealth((f"{integrity.MANIFEST_NAME}: missing",), documents_sound=False)
        problems = integrity.check_generation(generation, thorough)
        return generation, IndexHealth(tuple(map(str, problems)), documents_sound=not any(
            p.name in (DB_NAME, integrity.MANIFEST_NAME) for p in problems))

    def _meta_or_none(self, generation: Path) -> dict[str, str]:
        try:
            return schema.meta_of(generation / DB_NAME)
        except sqlite3.DatabaseError:
            return {}

    def open_reader(self, embedder_name: str | None = None) -> LocalReader:
        for attempt in range(OPEN_ATTEMPTS):
            generation = self._live()
            try:
                return self._open(generation, embedder_name)
            except IndexDamagedError:
                if attempt + 1 == OPEN_ATTEMPTS or self.published() == generation:
                    raise
                log.info("%s was replaced while being opened: opening the new one", generation)
        raise AssertionError("unreachable")

    def _live(self) -> Path:
        """The live generation. ``IndexMissingError`` when there is no index; ``IndexDamagedError`` when ``CURRENT``
        names a generation that is not there."""
        generation, missing = self._pointed()
        if missing is not None:
            raise damaged(self.location, _missing_problem(missing))
        if generation is None:
            raise IndexMissingError(f"no index in {self.index_dir}: run `songngu index --index {self.index_dir}`")
        return generation

    def _pointed(self) -> tuple[Path | None, str | None]:
        """The live generation (None: none), or the name of the generation ``CURRENT`` names that is missing (None:
        not so). ``CURRENT`` is read again when nothing is live: a writer may have published another as it was read,
        and removed the one it named."""
        generation = self.published()
        if generation is None and (missing := generations.missing_generation(self.index_dir)) is not None:
            return None, missing
        return generation or self.published(), None

    def _open(self, generation: Path, embedder_name: str | None) -> LocalReader:
        """Open ``generation`` after the quick check; ``IndexDamagedError`` for anything its files do not allow."""
        problems = integrity.check_generation(generation, thorough=False) if integrity.has_manifest(generation) \
            else None
        if problems:
            raise damaged(self.location, problems[0])
        db = None
        try:
            db = schema.connect(generation / DB_NAME, read_only=True)
            settings = check_readable(schema.read_meta(db), str(self.index_dir), embedder_name)
            if problems is None:  # a current format always has a manifest
                raise damaged(self.location, f"{integrity.MANIFEST_NAME}: missing")
            return LocalReader(
                path=generation, settings=settings, db=db,
                chunk_index=faiss.read_index(str(generation / CHUNK_INDEX_NAME)),
                sentence_index=faiss.read_index(str(generation / SENTENCE_INDEX_NAME)),
                lexical=read_lexical_index(db, generation),
            )
        except (sqlite3.DatabaseError, RuntimeError, OSError, ValueError, KeyError) as error:
            if db is not None:
                db.close()
            raise damaged(self.location, f"{type(error).__name__}: {error}") from error
        except BaseException:
            if db is not None:
                db.close()
            raise

    def begin(self, settings: IndexSettings, vector_index: str, keep_documents: bool) -> LocalWriter:
        if not self._lock.held():
            raise RuntimeError("LocalStore.begin() outside LocalStore.writing(): the writer must hold the lock")
        return LocalWriter(self.index_dir, self.published() if keep_documents else None, settings, vector_index)

    def describe(self) -> dict:
        """Counts and settings of the live index; reads SQLite only (the FAISS and lexical files, large at
        scale, are not loaded)."""
        generation = self._live()
        db = schema.connect(generation / DB_NAME, read_only=True)
        try:
            meta = schema.read_meta(db)
            counts = {table: schema.count(db, table) for table in ("documents", "chunks", "sentences")}
        except sqlite3.DatabaseError as error:
            raise damaged(self.location, f"{DB_NAME}: {error}") from error
        finally:
            db.close()
        return {
            "path": str(generation), **json.loads(json.dumps(IndexSettings.from_meta(meta).__dict__)), **counts,
            **{key: meta.get(key, "flat") for key in ("chunks_index", "sentences_index")},
            VECTOR_INDEX_KEY: meta.get(VECTOR_INDEX_KEY, "auto"),
        }


def _missing_problem(name: str) -> str:
    return f"{generations.CURRENT_NAME} names {name}, which is missing or holds no database"


def open_index(index_dir: Path, embedder_name: str | None = None) -> LocalReader:
    """The live generation of the local index in ``index_dir``, open for reading (see ``LocalStore``)."""
    return LocalStore(index_dir).open_reader(embedder_name)
