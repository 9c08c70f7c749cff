"""Generations of the local store: each build writes a new directory, one atomic rename publishes it.

Layout of an index directory::

    CURRENT                               name of the live generation, replaced atomically
    LOCK                                  the one-writer lock (``WriterLock``); holds the writer's pid
    gen-000007-4242-9f3ac1/songngu.sqlite the database (``songngu.index.store.schema``)
    gen-000007-4242-9f3ac1/chunks.faiss   ... and the files derived from it (``songngu.index.store.local``)
    gen-000007-4242-9f3ac1/MANIFEST.json  sizes and hashes of those files (``songngu.index.store.integrity``)
    gen-000007-4242-9f3ac1/GENERATION     an empty mark: a build made this folder (``is_ours``)

A build writes a complete new generation beside the live one and then replaces
``CURRENT``; a crash or Ctrl-C before that leaves the previous generation live
and untouched. Everything written is fsynced before the rename.

One writer at a time: a writer holds ``LOCK`` (an exclusive ``flock``) from
before it reads the live state until it has published, so two builds never
start from the same state, and whatever generation is not live while the lock
is held belongs to no live writer: ``remove_abandoned_generations`` deletes
it. The kernel releases the lock of a killed process, so a killed build never
keeps the index locked. Readers never take the lock. Generation names carry
the writer's pid and a random suffix besides the sequence number, so they are
unique even between writers that do not share the lock (another machine on a
network disk).
"""

import fcntl
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

from songngu.errors import IndexBusyError

CURRENT_NAME = "CURRENT"
LOCK_NAME = "LOCK"
DEFAULT_LOCK_WAIT = 600.0  # seconds a writer waits for another: longer than the builds an app upload starts
DB_NAME = "songngu.sqlite"
GENERATION_MARK = "GENERATION"  # an empty file, written first into every generation: a build made this folder
GENERATION_PREFIX = "gen-"
GENERATION_NAME = re.compile(r"gen-[0-9]{6,}(?:-[0-9]+-[0-9a-f]{6})?")
LOCK_POLL_SECONDS = 0.1


def current_generation(index_dir: Path) -> Path | None:
    """The live generation directory, or None when the index directory holds none (``CURRENT`` missing, or
    naming no generation: a build repairs that, as it does a missing index)."""
    name = _pointed_name(index_dir)
    generation = index_dir / name
    return generation if is_generation_name(name) and (generation / DB_NAME).is_file() else None


def missing_generation(index_dir: Path) -> str | None:
    """The generation ``CURRENT`` names when that generation is not there (deleted or moved by hand, or a copy of
    the index folder that left it out): the index is damaged, not missing. None when ``CURRENT`` names none, or
    names one that is there."""
    name = _pointed_name(index_dir)
    return name if is_generation_name(name) and not (index_dir / name / DB_NAME).is_file() else None


def _pointed_name(index_dir: Path) -> str:
    """What ``CURRENT`` says ("" when there is no such file), read as far as a generation's name can go."""
    pointer = index_dir / CURRENT_NAME
    if not pointer.is_file():
        return ""
    with open(pointer, "rb") as handle:
        return handle.read(256).decode("utf-8", "replace").strip()


def is_generation_name(name: str) -> bool:
    """Whether ``name`` is one a build gives a generation directory (only those are ever deleted)."""
    return GENERATION_NAME.fullmatch(name) is not None


def generation_dirs(index_dir: Path) -> list[Path]:
    """The generation directories of ``index_dir``: real directories with a generation's name that a build made
    (``is_ours``). Only those are ever deleted."""
    return [path for path in index_dir.glob(GENERATION_PREFIX + "*")
            if is_generation_name(path.name) and path.is_dir() and not path.is_symlink() and is_ours(path)]


def is_ours(directory: Path) -> bool:
    """Whether a build made ``directory``: it holds the mark a build writes first (``GENERATION_MARK``) or the
    database (a generation of an index built before the mark), or nothing at all (a build killed as it began).
    A user's folder of a generation's name ("gen-202401", a month's articles) is none: a probe (session 29) had
    `songngu index --index news` delete news/gen-202401 and news/gen-202402 with their articles."""
    try:
        return (directory / GENERATION_MARK).is_file() or (directory / DB_NAME).is_file() \
            or next(directory.iterdir(), None) is None
    except OSError:  # a folder that cannot be listed is nobody's to delete
        return False


def holds_an_index(folder: Path) -> bool:
    """Whether ``folder`` is an index directory: its ``CURRENT`` names a generation, or it holds one."""
    return folder.is_dir() and (is_generation_name(_pointed_name(folder)) or bool(generation_dirs(folder)))


def foreign_entries(index_dir: Path) -> list[str]:
    """What ``index_dir`` holds when it shows no trace of an index (no generation folder, no ``CURRENT``
    naming one): a folder holding more than a lock, hidden files or ``lost+found`` is then not one to build
    an index in (a LevelDB folder has a CURRENT and a LOCK of its own). [] for an index, sound or damaged,
    except one whose ``CURRENT`` is a folder: ``["CURRENT"]``, since no build could publish there."""
    if (index_dir / CURRENT_NAME).is_dir():
        return [CURRENT_NAME]
    if is_generation_name(_pointed_name(index_dir)) or generation_dirs(index_dir):
        return []
    ours = (LOCK_NAME, CURRENT_NAME + ".tmp", "trash", "lost+found")  # trash/: the CLI keeps an index's beside it
    return sorted(path.name for path in index_dir.iterdir() if path.name not in ours and not path.name.startswith("."))


def _sequence_number(generation: Path) -> int:
    """The sequence number of a generation directory name (``gen-000007`` or ``gen-000007-<pid>-<hex>``)."""
    return int(generation.name[len(GENERATION_PREFIX):].split("-")[0])


def new_generation_dir(index_dir: Path) -> Path:
    """Create and return a new, empty generation directory with a name no other writer uses."""
    number = max(map(_sequence_number, generation_dirs(index_dir)), default=0) + 1
    generation = index_dir / f"{GENERATION_PREFIX}{number:06d}-{os.getpid()}-{secrets.token_hex(3)}"
    generation.mkdir()  # never exist_ok: a name collision must fail, not share a directory
    (generation / GENERATION_MARK).touch()
    return generation


def publish_generation(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` live with one atomic rename, then remove the older ones (the caller holds the lock)."""
    _fsync_tree(generation)
    pointer_tmp = index_dir / (CURRENT_NAME + ".tmp")
    with open(pointer_tmp, "w", encoding="utf-8") as handle:
        handle.write(generation.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / CURRENT_NAME)
    _fsync_dir(index_dir)
    for old in generation_dirs(index_dir):
        if old != generation:
            remove_tree(old)


def remove_abandoned_generations(index_dir: Path) -> list[Path]:
    """Delete what interrupted builds left behind (never the live generation); what was removed.

    Only for a holder of the lock: then no other writer is building a generation.
    """
    live = current_generation(index_dir)
    abandoned = [path for path in generation_dirs(index_dir) if path != live]
    for path in abandoned:
        remove_tree(path)
    return abandoned


def remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        child.rmdir() if child.is_dir() and not child.is_symlink() else child.unlink()
    path.rmdir()


class WriterLock:
    """The one-writer lock of an index directory: an exclusive ``flock`` on its ``LOCK`` file.

    Each ``WriterLock`` object is one writer: another object (in another process,
    or in this one) on the same directory waits for it. Re-entrant within the
    thread that holds it (``songngu index`` holds it around reading the corpus,
    and the build it runs takes it again); another thread waits.
    """

    def __init__(self, index_dir: Path, name: str = LOCK_NAME) -> None:
        self.path = index_dir / name
        self._held = threading.local()

    def held(self) -> bool:
        return getattr(self._held, "depth", 0) > 0

    def acquire(self, wait_seconds: float, on_wait: Callable[[str], None] | None = None) -> bool:
        """Take the lock, waiting up to ``wait_seconds``; True when this call took it (not a re-entry).

        ``on_wait(holder)`` is called once when another writer holds it (``holder``
        says who, as far as the lock file tells); ``IndexBusyError`` after the wait.
        """
        if self.held():
            self._held.depth += 1
            return False
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not _try_flock(fd):
                holder = _holder(fd)
                if on_wait is not None:
                    on_wait(holder)
                _wait_for_flock(fd, wait_seconds, holder, self.path.parent)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._held.fd, self._held.depth = fd, 1
        return True

    def release(self) -> None:
        self._held.depth -= 1
        if self._held.depth == 0:
            os.close(self._held.fd)  # closing the descriptor releases the flock
            self._held.fd = None


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_for_flock(fd: int, wait_seconds: float, holder: str, index_dir: Path) -> None:
    deadline = time.monotonic() + wait_seconds
    while not _try_flock(fd):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise IndexBusyError(
                f"another writer ({holder}) is still changing the index in {index_dir} after {wait_seconds:g} s: "
                f"try again when it has finished (or wait longer with --wait SECONDS)"
            )
        time.sleep(min(LOCK_POLL_SECONDS, remaining))


def _holder(fd: int) -> str:
    """Who holds the lock, from the pid its holder wrote into the lock file."""
    pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f"process {pid}" if pid.isdigit() else "another process"


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
