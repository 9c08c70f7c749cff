"""The trash: corpus files that a deletion removed, an upload replaced or an undo took back, kept to restore.

Nothing the user added leaves the corpus directory except into the trash, and
nothing leaves the trash except by ``restore`` (or by the user deleting it).
Layout, one directory an entry::

    <trash>/20251129T231502-3f9a1c/ENTRY.json   what it was: its path in the corpus, why, when
    <trash>/20251129T231502-3f9a1c/<file name>  the file itself, byte for byte

Entry ids sort by time. An entry's ``ENTRY.json`` is written before its file
is moved in, so a crash between the two leaves the file in the corpus and an
entry without a file, which ``trash_entries`` skips. Where the trash lives is
the caller's choice (``songngu.cli.places.trash_dir_from``).
"""

import errno
import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from songngu.errors import BadInputError
from songngu.index.documents import read_bounded

ENTRY_FILE = "ENTRY.json"
MAX_ENTRY_BYTES = 64 * 1024  # an entry records a few names and dates
_ENTRY_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{6}$")


@dataclass(frozen=True)
class TrashEntry:
    """One removed file: ``name`` is its path relative to the corpus directory ``corpus`` (absolute; "" in
    entries made before it was recorded), ``size`` in bytes."""

    id: str
    name: str
    reason: str
    removed_at: str
    size: int
    corpus: str = ""


def move_to_trash(corpus_dir: Path, name: str, trash_dir: Path, reason: str) -> TrashEntry:
    """Move ``corpus_dir/name`` into a new entry of the trash; the entry. ``BadInputError`` (nothing moved)
    when it is not a file inside the corpus: a directory named like a corpus file (``x.txt/``), or a link to
    one, would leave the trash's listing and take what it holds with it."""
    source = corpus_path(corpus_dir, name)
    if not source.exists() and not source.is_symlink():
        raise BadInputError(f"{name} is no longer in the corpus (changed meanwhile?): nothing was changed",
                            "file_gone", name=name)
    if not (source.is_file() or source.is_symlink() and not source.is_dir()):  # a link (to a file, or to nothing:
        # a restore that is undone puts back what it restored) moves as the link itself
        raise BadInputError(f"{name} in the corpus is not a file (a folder, or a link to one): move or rename it "
                            "first; nothing was changed")
    entry_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    entry_dir = trash_dir / entry_id
    entry = TrashEntry(entry_id, name, reason, time.strftime("%Y-%m-%d %H:%M:%S"), source.lstat().st_size,
                       str(corpus_dir.resolve()))
    entry_dir.mkdir(parents=True)
    try:
        (entry_dir / ENTRY_FILE).write_text(json.dumps(entry.__dict__, ensure_ascii=False), encoding="utf-8")
        shutil.move(source, entry_dir / Path(name).name)  # a rename, or a copy and delete across file systems
    except BaseException:  # a full disk under the trash: no entry is left that holds half a copy
        if source.exists():
            shutil.rmtree(entry_dir, ignore_errors=True)
        raise
    return entry


def trash_entries(trash_dir: Path) -> list[TrashEntry]:
    """The entries of the trash, newest first (entries whose file is missing are left out)."""
    entries = []
    for entry_dir in sorted(trash_dir.glob("*"), reverse=True) if trash_dir.is_dir() else []:
        entry = _read_entry(entry_dir)
        if entry is not None and _holds_its_file(trash_dir, entry):
            entries.append(entry)
    return entries


def restore(corpus_dir: Path, trash_dir: Path, entry_id: str) -> tuple[TrashEntry, TrashEntry | None]:
    """Put entry ``entry_id`` back where it was in the corpus; (the entry, the entry of the file it displaced).

    A file now at that place goes to the trash first: a restore loses nothing either.
    ``BadInputError`` for an id that is not in the trash.
    """
    entry = find_entry(trash_dir, entry_id)
    stored = entry_path(trash_dir, entry)
    target = corpus_path(corpus_dir, entry.name)
    displaced = None
    if target.exists() or target.is_symlink():
        displaced = move_to_trash(corpus_dir, entry.name, trash_dir, f"replaced by restoring {entry.id}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(stored, target)
    except BaseException:  # a failed restore changes nothing: no part of a copy stays (a full disk under the
        # corpus stops a copy from another file system halfway), and the file it displaced goes back
        if stored.exists():
            target.unlink(missing_ok=True)
        if displaced is not None and not target.exists():
            shutil.move(entry_path(trash_dir, displaced), target)
            forget(trash_dir, displaced)
        raise
    forget(trash_dir, entry)
    return entry, displaced


def corpus_path(corpus_dir: Path, name: str) -> Path:
    """``corpus_dir/name``, checked to stay inside the corpus: ``BadInputError`` for an absolute name, ``..``,
    or a folder on the way that is a link (it would lead the write, or the move, outside)."""
    relative = Path(name)
    if _leads_outside(name):
        raise BadInputError(f"{name!r} names a place outside the corpus: nothing was changed")
    place = corpus_dir
    for part in relative.parts[:-1]:
        place = place / part
        if place.is_symlink() or (place.exists() and not place.is_dir()):
            raise BadInputError(f"{name}: {place.name} in the corpus is a link or a file, not a folder: "
                                "nothing was changed")
    return corpus_dir / relative


def find_entry(trash_dir: Path, entry_id: str) -> TrashEntry:
    """The entry ``entry_id`` whose file is in the trash; ``BadInputError`` otherwise, or when its recorded
    name would lead out of the corpus (an absolute path, or ``..``)."""
    entry = _read_entry(trash_dir / entry_id) if _ENTRY_ID.match(entry_id) else None
    if entry is None or not _holds_its_file(trash_dir, entry):
        raise BadInputError(f"no entry {entry_id!r} in the trash ({trash_dir}): `songngu trash` lists them",
                            "trash_entry_gone")
    if _leads_outside(entry.name):
        raise BadInputError(f"trash entry {entry_id} names {entry.name!r}, a place outside the corpus: not restored")
    return entry


def _leads_outside(name: str) -> bool:
    """Whether a name relative to the corpus leads out of it: empty, absolute, or through ``..``."""
    return not name or Path(name).is_absolute() or ".." in Path(name).parts


def forget(trash_dir: Path, entry: TrashEntry) -> None:
    """Delete what is left of ``entry`` (its record, once its file is restored): its own two files only, and its
    folder once empty. Whatever else a hand lays there stays (a probe, session 15: every file of the folder went,
    and a sub-folder failed the restore after its file had moved)."""
    entry_dir = trash_dir / entry.id
    for own in (entry_path(trash_dir, entry), entry_dir / ENTRY_FILE):
        own.unlink(missing_ok=True)
    try:
        entry_dir.rmdir()
    except OSError as error:  # not empty: what is left is not ours to delete
        if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise


def _read_entry(entry_dir: Path) -> TrashEntry | None:
    """The entry recorded in ``entry_dir``, or None when there is none or its record does not hold: an entry
    is its directory (the id recorded must be that directory's name), and names a file, not ``ENTRY.json``."""
    if entry_dir.is_symlink():  # an entry is a folder of the trash, not a link to one elsewhere
        return None
    try:  # a regular file of a bounded size (a probe, session 14: a FIFO there hung `songngu trash` and the page)
        entry = TrashEntry(**json.loads(read_bounded(entry_dir / ENTRY_FILE, MAX_ENTRY_BYTES)))
    except (OSError, ValueError, TypeError, RecursionError):
        return None
    texts = (entry.id, entry.name, entry.reason, entry.removed_at, entry.corpus)
    if (not all(isinstance(text, str) for text in texts) or type(entry.size) is not int  # "size": [1] was exit 1
            or entry.id != entry_dir.name or Path(entry.name).name in ("", ENTRY_FILE)):
        return None
    return entry


def _holds_its_file(trash_dir: Path, entry: TrashEntry) -> bool:
    """Whether the file of ``entry`` is in the trash: a file, or a link as the corpus held it (a link to a file moves
    as the link itself, and goes back so; dangling, it is still what the corpus held: the review of session 15)."""
    path = entry_path(trash_dir, entry)
    return path.is_file() or path.is_symlink() and not path.is_dir()  # not a link to a folder, which no move makes


def entry_path(trash_dir: Path, entry: TrashEntry) -> Path:
    """Where the file of ``entry`` lies in the trash."""
    return trash_dir / entry.id / Path(entry.name).name
