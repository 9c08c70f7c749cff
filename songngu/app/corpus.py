"""The app's corpus directory: check uploads, add them, delete a document, undo a change.

Uploads are untrusted bytes: a file gets a sanitised base name (no directories,
no path traversal, only letters, digits, ``.``, ``-`` and ``_``), must have one
of the listed types, stay under a size limit and read as articles with
``songngu.index.documents.read_file`` (the indexer's own reader, so what is
accepted can be indexed). A batch is checked whole before anything is written:
one bad file rejects it with its reason and the corpus is unchanged.

Nothing is lost without the user's say: a file an upload would replace (the
same name, or a name that sanitises to it: ``bai viet.txt`` is ``bai_viet.txt``)
is only replaced when the caller says so, and a replaced or deleted file goes to
the trash (``songngu.app.trash``). Every change returns a ``CorpusChange`` that
``revert`` undoes. Files are written under a temporary name (ignored by the
corpus reader) and renamed into place. Re-indexing is the caller's job
(``songngu.app.state.LiveIndex``).
"""

import codecs
import errno
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from songngu.app.trash import TrashEntry, find_entry, move_to_trash, restore
from songngu.errors import BadInputError, CorpusError
from songngu.index.documents import SUPPORTED_SUFFIXES, corpus_files, file_id, read_file
from songngu.index.jsonl import jsonl_id, jsonl_lines_with_ends
from songngu.index.normalize import nfc

MAX_NAME_CHARS = 80
MAX_NAME_BYTES = 200  # under the 255 bytes a name may have on most file systems, with room for a suffix
_UNSAFE = re.compile(r"[^\w.-]+")
# A browser sends a file name's " as %22 and its line breaks as %0D, %0A (the HTML form encoding): read as the
# characters they stand for, unsafe like any other (a probe, session 25: `a "b".txt` was stored as a_22b_22.txt).
_BROWSER_ESCAPES = re.compile(r"%(?:22|0D|0A)")


@dataclass(frozen=True)
class Upload:
    """A file as it was sent: the name it came with, and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class StagedFile:
    """An upload checked as the indexer will read it: its corpus file name and its documents.

    ``replaces``: the size in bytes of the corpus file of that name, None when there is none.
    """

    upload: Upload
    name: str
    doc_ids: tuple[str, ...]
    replaces: int | None


@dataclass(frozen=True)
class CorpusChange:
    """What a change did to the corpus directory: files written, files moved to the trash, documents concerned;
    ``restored``: the trash entries of the files it wrote that it took from the trash (a restore, an undo), which a
    revert puts back with their own reasons."""

    written: tuple[str, ...]
    trashed: tuple[TrashEntry, ...]
    doc_ids: tuple[str, ...]
    # The SHA-256 of each written file as this change left it (``with_contents``; empty: not recorded). An undo
    # takes back only those files still so: one another session replaced since is not this change's to remove.
    contents: tuple[str, ...] = ()
    restored: tuple[TrashEntry, ...] = ()

    def with_contents(self, corpus_dir: Path) -> "CorpusChange":
        """This change with the SHA-256 of its written files as they are now in ``corpus_dir``."""
        return replace(self, contents=tuple(file_sha256(corpus_dir / name) for name in self.written))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:  # in blocks: a JSONL file may be hundreds of MB (hashlib.file_digest: 3.11+)
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def safe_file_name(name: str) -> str:
    """A corpus file name for an uploaded ``name``; ``BadInputError`` for a type that is not accepted."""
    base = nfc(PurePosixPath(name.replace("\\", "/")).name).encode("utf-8", "replace").decode("utf-8")
    base = _BROWSER_ESCAPES.sub(lambda escape: '"' if escape[0] == "%22" else " ", base)  # a line break: a space
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in SUPPORTED_SUFFIXES:
        raise BadInputError(f"{base[:MAX_NAME_CHARS]}: only {', '.join(SUPPORTED_SUFFIXES)} files are accepted",
                            "upload_type", name=base[:MAX_NAME_CHARS], types=", ".join(SUPPORTED_SUFFIXES))
    safe_stem = _UNSAFE.sub("_", stem).strip("._-")[:MAX_NAME_CHARS]
    while len(safe_stem.encode("utf-8")) > MAX_NAME_BYTES:  # file systems count bytes: 255 on most
        safe_stem = safe_stem[:-1]
    safe_stem = safe_stem.rstrip("._-")  # cut short, it must not end "x." (a probe's "x…x..txt", id "x…x.")
    if not safe_stem:
        raise BadInputError(f"{base[:MAX_NAME_CHARS]}: the file name has no usable characters", "upload_no_name",
                            name=base[:MAX_NAME_CHARS])
    return safe_stem + suffix


def check_uploads(corpus_dir: Path, uploads: Sequence[Upload], max_bytes: int) -> list[StagedFile]:
    """Check a batch of uploads against the corpus, writing nothing; ``BadInputError`` naming the first bad file.

    A file is bad when it is too large, of another type, not readable as articles, or brings a
    document id that another file of the corpus (or of the batch) already has.
    """
    if not uploads:
        raise BadInputError("no files to add", "no_files")
    with tempfile.TemporaryDirectory(prefix="songngu-upload-") as staging_dir:
        staged = [_stage(upload, Path(staging_dir), corpus_dir, max_bytes) for upload in uploads]
    names = [file.name for file in staged]
    if len(set(names)) != len(names):
        raise BadInputError(f"two uploaded files would have the same name: {', '.join(sorted(names))}",
                            "upload_same_name", names=", ".join(sorted(names)))
    _check_unique_ids(corpus_dir, staged)
    return staged


def add_files(corpus_dir: Path, staged: Sequence[StagedFile], trash_dir: Path,
              replace: Collection[str] = ()) -> CorpusChange:
    """Write checked uploads into ``corpus_dir``; a file they replace goes to the trash first.

    ``replace``: the corpus file names the user agreed to replace; ``BadInputError`` (nothing written)
    when another would be.
    """
    refused = [file.name for file in staged if file.replaces is not None and file.name not in replace]
    if refused:
        raise BadInputError(f"{', '.join(refused)} already in the corpus: confirm to replace", "upload_exists",
                            files=", ".join(refused))
    trashed: list[TrashEntry] = []
    written: list[str] = []
    try:
        for file in staged:
            if (corpus_dir / file.name).exists():
                trashed.append(move_to_trash(corpus_dir, file.name, trash_dir,
                                             f"replaced by an upload of {file.upload.name}"))
            _write_into(corpus_dir, file.name, file.upload.content)
            written.append(file.name)
    except BaseException:  # a failed write (a full disk): leave the corpus as it was
        revert(corpus_dir, CorpusChange(tuple(written), tuple(trashed), ()), trash_dir, "the upload failed")
        raise
    return CorpusChange(tuple(written), tuple(trashed), tuple(i for f in staged for i in f.doc_ids)).with_contents(
        corpus_dir)


def document_holders(corpus_dir: Path) -> dict[Path, list[str]]:
    """Each corpus file and the ids of the documents it holds: a ``.jsonl`` file's, read; any other file holds
    one, named by its stem (as every other reader names it), so no PDF or Word file is read to delete one."""
    return {path: [d.doc_id for d in read_file(path)] if path.suffix.lower() == ".jsonl" else [file_id(path)]
            for path in corpus_files(corpus_dir)}


def remove_document(corpus_dir: Path, doc_id: str, trash_dir: Path, minimum_left: int = 1) -> CorpusChange:
    """Delete ``doc_id`` from the corpus: its file goes to the trash (a ``.jsonl`` file holding others as well
    goes whole, and is written again without that line).

    ``BadInputError`` when no file holds it, or when fewer than ``minimum_left``
    documents would remain (an empty corpus cannot be indexed).
    """
    holders = document_holders(corpus_dir)
    if sum(len(ids) for ids in holders.values()) - 1 < minimum_left:
        raise BadInputError(f"{doc_id}: the corpus must keep at least {minimum_left} document(s)", "keep_minimum",
                            doc=doc_id, n=minimum_left)
    path = next((p for p, ids in holders.items() if doc_id in ids), None)
    if path is None:
        raise BadInputError(f"no document {doc_id!r} in the corpus", "no_document", doc=doc_id)
    name = path.relative_to(corpus_dir).as_posix()
    # Another file of the corpus that is a link to this one would be read no more either, and its documents go
    # with it unasked (a probe, session 24: deleting "a" removed "link" too).
    links = [] if path.is_symlink() else sorted(  # deleting a link itself takes nothing else
        p.relative_to(corpus_dir).as_posix() for p in holders
        if p != path and p.is_symlink() and p.resolve() == path.resolve())
    if links:
        raise BadInputError(f"{doc_id}: {', '.join(links)} in the corpus is a link to its file {name}: delete "
                            "that first", "linked_document", doc=doc_id, links=", ".join(links), file=name)
    kept = None
    if holders[path] != [doc_id]:  # the other lines as they were, byte for byte (CRLF, a BOM, blank lines)
        raw = path.read_bytes()
        bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
        kept = [line for line in jsonl_lines_with_ends(raw[len(bom):].decode("utf-8"))
                if not line.strip() or jsonl_id(json.loads(line)) != doc_id]
    entry = move_to_trash(corpus_dir, name, trash_dir, f"deleted document {doc_id}")
    if kept is not None:
        try:
            _write_into(corpus_dir, name, bom + "".join(kept).encode("utf-8"))
        except BaseException:
            restore(corpus_dir, trash_dir, entry.id)
            raise
    return CorpusChange((name,) if kept is not None else (), (entry,), (doc_id,)).with_contents(corpus_dir)


def revert(corpus_dir: Path, change: CorpusChange, trash_dir: Path, reason: str) -> CorpusChange:
    """Undo ``change``: the files it wrote go to the trash (with ``reason``; one it restored, with the reason of
    its entry: a failed restore leaves the trash as it was), the files it moved to the trash come back; the change
    that did it. Never a deletion: what it wrote may itself be a file restored from the trash (the undo of a
    deletion), which only the user may throw away.

    ``BadInputError`` (nothing moved) when the corpus is no longer as the change left it: a file it wrote has
    changed since (recorded ``contents``), or another file now stands where one it moved to the trash would come
    back (two sessions: B deletes x, A uploads a new x.txt; B's undo would push A's file into the trash)."""
    # All checked before anything moves: a half undo empties the corpus.
    changed = [name for name, content in zip(change.written, change.contents, strict=False)  # as it left them
               if not (corpus_dir / name).is_file() or file_sha256(corpus_dir / name) != content]
    for entry in change.trashed:  # still in the trash, and back to a free place or to one of its own files
        find_entry(trash_dir, entry.id)
        if entry.name not in change.written and (corpus_dir / entry.name).exists():
            changed.append(entry.name)
    if changed:
        raise BadInputError(f"{changed[0]} has changed since (another upload, delete or restore): nothing undone",
                            "undo_changed", name=changed[0])
    reasons = {entry.name: entry.reason for entry in change.restored}
    trashed = [move_to_trash(corpus_dir, name, trash_dir, reasons.get(name, reason)) for name in change.written]
    back = [restore(corpus_dir, trash_dir, entry.id) for entry in change.trashed]
    displaced = tuple(entry for _, entry in back if entry is not None)  # none, but said if the corpus moved anyway
    return CorpusChange(tuple(entry.name for entry, _ in back), (*trashed, *displaced), change.doc_ids,
                        restored=tuple(entry for entry, _ in back)).with_contents(corpus_dir)


def _stage(upload: Upload, staging_dir: Path, corpus_dir: Path, max_bytes: int) -> StagedFile:
    safe = safe_file_name(upload.name)
    if len(upload.content) > max_bytes:
        raise BadInputError(f"{safe}: {len(upload.content)} bytes is over the limit of {max_bytes} bytes",
                            "upload_too_big", name=safe, size=len(upload.content), limit=max_bytes)
    staged = staging_dir / safe
    try:
        staged.write_bytes(upload.content)
    except OSError as error:  # a name the file system refuses (too long in bytes, for one); not a full disk
        if error.errno not in (errno.ENAMETOOLONG, errno.EINVAL, errno.EILSEQ):
            raise
        raise BadInputError(f"{safe[:MAX_NAME_CHARS]}: cannot be stored under this name ({error.strerror})",
                            "upload_bad_name", name=safe[:MAX_NAME_CHARS]) from error
    try:
        documents = read_file(staged)
    except CorpusError as error:
        inside = f"{staging_dir}{os.sep}"
        raise BadInputError(str(error).replace(inside, ""), error.key,
                            **{name: str(value).replace(inside, "") for name, value in error.values.items()}) from error
    existing = corpus_dir / safe
    if existing.exists() and not existing.is_file():
        raise BadInputError(f"{safe}: the corpus holds a folder of that name; rename it first", "upload_folder",
                            name=safe)
    return StagedFile(upload, safe, tuple(d.doc_id for d in documents),
                      existing.stat().st_size if existing.exists() else None)


def _check_unique_ids(corpus_dir: Path, staged: Sequence[StagedFile]) -> None:
    replaced = {file.name for file in staged}
    owners: dict[str, str] = {}  # by the id's NFC form: "Vân_Đồn" typed or decomposed (NFD) is one id to a reader
    for existing in corpus_files(corpus_dir):
        if existing.parent == corpus_dir and existing.name in replaced:
            continue
        for document in read_file(existing):
            owners[nfc(document.doc_id)] = existing.name
    for file in staged:
        for doc_id in file.doc_ids:
            if nfc(doc_id) in owners:
                raise BadInputError(f"{file.name}: document id {doc_id!r} is already used by {owners[nfc(doc_id)]}",
                                    "upload_id_used", name=file.name, doc=doc_id, owner=owners[nfc(doc_id)])
            owners[nfc(doc_id)] = file.name


def _write_into(corpus_dir: Path, name: str, content: bytes) -> None:
    """Write ``corpus_dir/name`` whole or not at all (temporary name, then rename)."""
    target = corpus_dir / name
    partial = target.parent / f".{target.name}.part"
    try:
        partial.write_bytes(content)
        os.replace(partial, target)
    except BaseException:  # a full disk: no half-written file stays in the corpus
        partial.unlink(missing_ok=True)
        raise
