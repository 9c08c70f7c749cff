"""Generations of the local store: each build writes a new directory, one atomic rename publishes it.

Layout of an index directory::

    CURRENT                    name of the live generation, replaced atomically
    gen-000007/songngu.sqlite  the database (``songngu.index.store.schema``)
    gen-000007/chunks.faiss    ... and the files derived from it (``songngu.index.store.local``)

A build writes a complete new generation beside the live one and then replaces
``CURRENT``; a crash or Ctrl-C before that leaves the previous generation live
and untouched. Everything written is fsynced before the rename.
"""

import os
from pathlib import Path

CURRENT_NAME = "CURRENT"
DB_NAME = "songngu.sqlite"


def current_generation(index_dir: Path) -> Path | None:
    """The live generation directory, or None when the index directory holds none."""
    pointer = index_dir / CURRENT_NAME
    if not pointer.is_file():
        return None
    generation = index_dir / pointer.read_text(encoding="utf-8").strip()
    return generation if (generation / DB_NAME).is_file() else None


def next_generation_dir(index_dir: Path) -> Path:
    numbers = [int(p.name.split("-")[1].split(".")[0]) for p in index_dir.glob("gen-*") if p.name[4:10].isdigit()]
    return index_dir / f"gen-{max(numbers, default=0) + 1:06d}"


def publish_generation(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` live with one atomic rename, then remove the older ones."""
    _fsync_tree(generation)
    pointer_tmp = index_dir / (CURRENT_NAME + ".tmp")
    with open(pointer_tmp, "w", encoding="utf-8") as handle:
        handle.write(generation.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / CURRENT_NAME)
    _fsync_dir(index_dir)
    for old in index_dir.glob("gen-*"):
        if old != generation:
            remove_tree(old)


def remove_abandoned_generations(index_dir: Path) -> None:
    """Delete what an interrupted build left behind (never the live generation)."""
    live = current_generation(index_dir)
    for path in index_dir.glob("gen-*"):
        if path != live:
            remove_tree(path)


def remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        child.rmdir() if child.is_dir() else child.unlink()
    path.rmdir()


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
