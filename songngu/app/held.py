"""Uploads waiting for the user's yes (they would replace corpus files), kept on disk rather than in the page.

A change waiting for a confirmation stays in the page's session state until the user answers, the page
goes, or its time runs out. Held in that state, the uploads' bytes stayed in the server's memory: a probe's
8 pending uploads of 50 files of 1.94 MB took the server from 1,329 to 2,046 MB, never given back. The
state holds paths instead: each batch is written into a folder of its own (only this user can read it),
read back on the yes, and removed then, on a cancel, when the state expires, or, for a batch whose
question was replaced by another before anyone answered it, by the next batch held once it is older
than the state's time to live.
"""

import logging
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from songngu.app.corpus import Upload

log = logging.getLogger(__name__)

PREFIX = "songngu-held-"


def hold(uploads: Sequence[Upload], root: Path | None) -> tuple[tuple[str, Path], ...]:
    """Write ``uploads`` into a new folder of ``root`` (the system's temporary folder when None); (name it came
    with, path of its bytes) of each. An ``OSError`` (a full disk) leaves nothing behind."""
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))  # mode 0700
    try:
        held = []
        for number, upload in enumerate(uploads):  # by number: a name as sent may not be one the disk takes
            (folder / str(number)).write_bytes(upload.content)
            held.append((upload.name, folder / str(number)))
        return tuple(held)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def take(held: Sequence[tuple[str, Path]]) -> list[Upload]:
    """The held uploads read back, and their folder removed; ``FileNotFoundError`` when they are gone."""
    try:
        return [Upload(name, path.read_bytes()) for name, path in held]
    finally:
        release(held)


def release(held: Sequence[tuple[str, Path]]) -> None:
    """Remove the folder of held uploads (nothing when there are none, or it is gone)."""
    for folder in {path.parent for _, path in held if path.parent.name.startswith(PREFIX)}:
        shutil.rmtree(folder, ignore_errors=True)


def release_stale(root: Path, seconds: float) -> None:
    """Remove the folders of held uploads in ``root`` written more than ``seconds`` ago: their question was
    replaced by another, or never answered."""
    deadline = time.time() - seconds
    for folder in root.glob(f"{PREFIX}*"):
        try:
            if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < deadline:
                shutil.rmtree(folder)
        except OSError as error:  # removed meanwhile by the state's expiry
            log.debug("kept %s: %s", folder, error)
