"""The app's corpus directory: list its documents, add uploaded files, delete a document.

Uploads are untrusted: a file gets a sanitised base name (no directories, no
path traversal, only letters, digits, ``.``, ``-`` and ``_``), must have one of
the listed types, stay under a size limit and read as articles with
``songngu.index.documents.read_file``. A batch is checked whole before anything is
written: one bad file rejects it with its reason and the corpus is unchanged.
Files are written under a temporary name (ignored by the corpus reader) and
renamed into place. Re-indexing is the caller's job (``songngu.app.state.LiveIndex``).
"""

import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from songngu.errors import BadInputError, CorpusError
from songngu.index.documents import SUPPORTED_SUFFIXES, corpus_files, jsonl_id, read_file
from songngu.index.normalize import nfc

MAX_NAME_CHARS = 80
_UNSAFE = re.compile(r"[^\w.-]+")


def safe_file_name(name: str) -> str:
    """A corpus file name for an uploaded ``name``; ``BadInputError`` for a type that is not accepted."""
    base = nfc(PurePosixPath(name.replace("\\", "/")).name)
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in SUPPORTED_SUFFIXES:
        raise BadInputError(f"{base}: only {', '.join(SUPPORTED_SUFFIXES)} files are accepted")
    safe_stem = _UNSAFE.sub("_", stem).strip("._-")[:MAX_NAME_CHARS]
    if not safe_stem:
        raise BadInputError(f"{base}: the file name has no usable characters")
    return safe_stem + suffix


def add_files(corpus_dir: Path, uploads: Sequence[tuple[str, Path]], max_bytes: int) -> list[str]:
    """Copy uploaded files (``(original name, path)``) into ``corpus_dir``; the ids of their documents.

    A file named like an existing one replaces it. Raises ``BadInputError``
    naming the file and the reason, before writing anything, when a file is
    too large, of another type, not readable as articles, or brings a document
    id that another file of the corpus already has.
    """
    if not uploads:
        raise BadInputError("no files to add")
    with tempfile.TemporaryDirectory(prefix="songngu-upload-") as staging_dir:
        staged = [_stage(name, path, Path(staging_dir), max_bytes) for name, path in uploads]
        names = [path.name for path, _ in staged]
        if len(set(names)) != len(names):
            raise BadInputError(f"two uploaded files have the same name: {', '.join(sorted(names))}")
        _check_unique_ids(corpus_dir, staged)
        for path, _ in staged:
            _write_into(corpus_dir, path.name, path.read_bytes())
    return [doc_id for _, ids in staged for doc_id in ids]


def _stage(name: str, path: Path, staging_dir: Path, max_bytes: int) -> tuple[Path, list[str]]:
    safe = safe_file_name(name)
    size = path.stat().st_size
    if size > max_bytes:
        raise BadInputError(f"{safe}: {size} bytes is over the limit of {max_bytes} bytes")
    staged = staging_dir / safe
    shutil.copyfile(path, staged)
    try:
        documents = read_file(staged)
    except CorpusError as error:
        raise BadInputError(str(error).replace(f"{staging_dir}{os.sep}", "")) from error
    if not documents:
        raise BadInputError(f"{safe}: no articles in the file")
    return staged, [d.doc_id for d in documents]


def _check_unique_ids(corpus_dir: Path, staged: Sequence[tuple[Path, list[str]]]) -> None:
    replaced = {path.name for path, _ in staged}
    owners: dict[str, str] = {}
    for existing in corpus_files(corpus_dir):
        if existing.parent == corpus_dir and existing.name in replaced:
            continue
        for document in read_file(existing):
            owners[document.doc_id] = existing.name
    for path, ids in staged:
        for doc_id in ids:
            if doc_id in owners:
                raise BadInputError(f"{path.name}: document id {doc_id!r} is already used by {owners[doc_id]}")
            owners[doc_id] = path.name


def _write_into(corpus_dir: Path, name: str, content: bytes) -> None:
    """Write ``corpus_dir/name`` whole or not at all (temporary name, then rename)."""
    partial = corpus_dir / f".{name}.part"
    partial.write_bytes(content)
    os.replace(partial, corpus_dir / name)


def remove_document(corpus_dir: Path, doc_id: str, minimum_left: int = 1) -> Path:
    """Delete ``doc_id`` from the corpus: its file, or its line of a ``.jsonl`` file; the file changed.

    ``BadInputError`` when no file holds it, or when fewer than ``minimum_left``
    documents would remain (an empty corpus cannot be indexed).
    """
    holders = {path: [d.doc_id for d in read_file(path)] for path in corpus_files(corpus_dir)}
    if sum(len(ids) for ids in holders.values()) - 1 < minimum_left:
        raise BadInputError(f"{doc_id}: the corpus must keep at least {minimum_left} document(s)")
    path = next((p for p, ids in holders.items() if doc_id in ids), None)
    if path is None:
        raise BadInputError(f"no document {doc_id!r} in the corpus")
    if holders[path] == [doc_id]:
        path.unlink()
    else:
        kept = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                if not line.strip() or jsonl_id(json.loads(line)) != doc_id]
        _write_into(path.parent, path.name, "".join(kept).encode("utf-8"))
    return path
