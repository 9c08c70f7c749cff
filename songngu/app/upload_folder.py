"""Gradio's upload folder made this server's own: made for it, marked as its own, removed at its end, and removed
by the next server when it was killed (``kill -9`` runs no shutdown: a probe found 33 such folders).

Gradio's default is ``/tmp/gradio``, which every Gradio app of the machine shares, and its file route serves what
is in it: a probe read files that other processes had left there through this server's ``/gradio_api/file=`` route.
So each server makes a folder of its own (only its user can read it) and names it to Gradio with
``$GRADIO_TEMP_DIR``, unless that names one already. A file in it, ``OWNER``, records the server's process id and
stays locked (``flock``) while the server lives: a folder whose lock another process can take is a dead server's,
whatever process has that id now and in whichever container; one without the file (an older version's, or one
being made) is left alone.
"""

import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

PREFIX = "songngu-gradio-"
OWNER = "songngu-owner"


@contextmanager
def private_upload_folder() -> Iterator[Path]:
    """Gradio's upload folder for the lifetime of the context: a new folder of this server's own, the folders of
    servers that are gone removed first; or the folder $GRADIO_TEMP_DIR names, as it is."""
    if os.environ.get("GRADIO_TEMP_DIR"):
        yield Path(os.environ["GRADIO_TEMP_DIR"])
        return
    remove_abandoned(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))  # mode 0700
    try:
        owner = _claim(folder)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    # Gradio's only setting for it; its upload and file routes read it when the app is built (set before: the
    # screen-recording and MCP routes, which this app does not use, keep the default they read at import)
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    try:
        yield folder
    finally:
        del os.environ["GRADIO_TEMP_DIR"]
        try:
            shutil.rmtree(folder)
        except OSError as error:
            log.warning("could not remove Gradio's upload folder %s: %s", folder, error)
        owner.close()


def is_own(folder: Path) -> bool:
    """Whether ``folder`` is an upload folder this process made (``private_upload_folder``)."""
    try:
        return (folder / OWNER).read_text(encoding="ascii") == str(os.getpid())
    except (OSError, UnicodeError):
        return False


def remove_abandoned(parent: Path) -> None:
    """Remove the upload folders in ``parent`` of servers that are gone: those of this user whose ``OWNER`` file
    no process holds locked. Another user's folder cannot be opened; a live server's is locked."""
    for folder in parent.glob(f"{PREFIX}*"):
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            with open(folder / OWNER, "rb", opener=no_follow) as owner:
                fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
                log.info("removing %s, the upload folder of a server that is gone", folder)
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # locked (BlockingIOError): a live server's; no owner file; another user's
            continue


def _claim(folder: Path) -> IO[str]:
    """``OWNER`` in ``folder``, holding this process's id, locked for as long as the file returned stays open. It
    is locked before it takes its name: no other server finds it unlocked."""
    partial = folder / f".{OWNER}.part"
    owner = open(partial, "w", encoding="ascii")  # noqa: SIM115 (open for the server's lifetime)
    try:
        fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        owner.write(str(os.getpid()))
        owner.flush()
        os.rename(partial, folder / OWNER)
    except OSError:
        owner.close()
        raise
    return owner


def no_follow(path: str, flags: int) -> int:
    """An ``open`` opener that does not follow a link at the last step of the path."""
    return os.open(path, flags | os.O_NOFOLLOW)
