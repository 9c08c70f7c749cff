"""What a generation's files were when it was published, and whether they still are.

``write_manifest`` records, in ``MANIFEST.json``, each file's size, a hash of
the whole file and a hash of a sample of it (its first and last 64 KiB). Two
checks read it back:

- the quick one (every time an index is opened for reading): sizes and
  sample hashes, a few reads a file whatever the index's size, so truncated,
  missing, replaced or rewritten files are found before a question fails on them;
- the thorough one (``songngu index``): the hash of every byte, so damage in the
  middle of a large file is found too, and repaired by the next build.

Hashes are BLAKE2b (``hashlib``): fast, and no dependency.
"""

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "MANIFEST.json"
SAMPLE_BYTES = 64 * 1024
READ_BYTES = 1024 * 1024


@dataclass(frozen=True)
class FileProblem:
    """One file of a generation that is not as it was published."""

    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


def write_manifest(generation: Path) -> None:
    """Record every file of ``generation`` (all written and closed) in its manifest."""
    files = {path.name: _describe(path) for path in sorted(generation.iterdir()) if path.name != MANIFEST_NAME}
    (generation / MANIFEST_NAME).write_text(json.dumps({"files": files}, indent=1), encoding="utf-8")


def has_manifest(generation: Path) -> bool:
    return (generation / MANIFEST_NAME).is_file()


def check_generation(generation: Path, thorough: bool) -> list[FileProblem]:
    """Every file of ``generation`` that differs from its manifest ([] when all agree).

    Quick: sizes and sample hashes; ``thorough``: the hash of every byte as well.
    A missing or unreadable manifest is a problem of its own.
    """
    try:
        recorded = json.loads((generation / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [FileProblem(MANIFEST_NAME, f"cannot be read ({type(error).__name__})")]
    if not isinstance(recorded, dict) or not all(isinstance(name, str) and name == Path(name).name
                                                  and name not in ("", ".", "..") and isinstance(expected, dict)
                                                  for name, expected in recorded.items()):
        return [FileProblem(MANIFEST_NAME, "not a manifest of this generation's files")]
    problems = []
    for name, expected in sorted(recorded.items()):
        problem = _file_problem(generation / name, expected, thorough)
        if problem:
            problems.append(FileProblem(name, problem))
    return problems


def _file_problem(path: Path, expected: dict, thorough: bool) -> str | None:
    try:
        size = path.stat().st_size
        if size != expected["size"]:
            return f"{size} bytes, {expected['size']} when published"
        if _sample_hash(path, size) != expected["sample"]:
            return "changed since it was published"
        if thorough and _full_hash(path) != expected["blake2b"]:
            return "changed since it was published"
    except FileNotFoundError:
        return "missing"
    except (OSError, KeyError, TypeError) as error:
        return f"cannot be checked ({type(error).__name__})"
    return None


def _describe(path: Path) -> dict:
    size = path.stat().st_size
    return {"size": size, "sample": _sample_hash(path, size), "blake2b": _full_hash(path)}


def _sample_hash(path: Path, size: int) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        digest.update(handle.read(SAMPLE_BYTES))
        if size > SAMPLE_BYTES:
            handle.seek(max(SAMPLE_BYTES, size - SAMPLE_BYTES), os.SEEK_SET)
            digest.update(handle.read(SAMPLE_BYTES))
    return digest.hexdigest()


def _full_hash(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while block := handle.read(READ_BYTES):
            digest.update(block)
    return digest.hexdigest()
