"""The files an upload event may read: only those Gradio's upload route received, each read once and removed.

A Gradio event names a file by a server path. A browser gets that path from
Gradio's upload route (``/gradio_api/upload``), which writes the file into
Gradio's upload folder and records it in ``Blocks.upload_file_set``; but a
caller of the queue can send any path, and for an app mounted on FastAPI
(``gr.mount_gradio_app``) Gradio copies whatever file it names into its cache
before our handler runs (its own "not uploaded by a user" check only runs under
``Blocks.launch``). So the handler accepts a path only when it is one the upload
route recorded, lies inside the upload folder once resolved, and is a regular
file, not a symbolic link; it reads the bytes (never a path) and removes the
file, and any copy Gradio made of a refused path, whether the upload is
accepted or not.
"""

import logging
import os
import stat
from collections.abc import Collection, Sequence
from pathlib import Path

from songngu.app.corpus import Upload
from songngu.app.upload_folder import is_own, no_follow
from songngu.errors import BadInputError

log = logging.getLogger(__name__)


def read_received(paths: Sequence[str], received: set[str], upload_dir: Path, max_bytes: int) -> list[Upload]:
    """The uploads at ``paths`` (original names, bytes); ``BadInputError`` when one was not received by
    Gradio's upload route (``received``: the paths it recorded) or is over ``max_bytes``."""
    uploads = []
    for path in paths:
        checked = _received_file(path, received, upload_dir)
        size = os.stat(checked, follow_symlinks=False).st_size
        if size > max_bytes:
            raise BadInputError(f"{checked.name}: {size} bytes is over the limit of {max_bytes} bytes",
                                "upload_too_big", name=checked.name, size=size, limit=max_bytes)
        with open(checked, "rb", opener=no_follow) as handle:
            uploads.append(Upload(checked.name, handle.read(max_bytes + 1)))
    return uploads


def discard(paths: Sequence[str], received: set[str], upload_dir: Path) -> None:
    """Remove the files at ``paths`` that lie in Gradio's upload folder (an upload, or Gradio's copy of a
    refused path), with their folder when it is left empty, and forget them as received."""
    roots = {upload_dir.resolve(), Path(os.path.abspath(upload_dir))}
    for path in paths:
        received.discard(path)
        file = Path(os.path.abspath(path))
        root = next((r for r in roots if file.is_relative_to(r) and file != r), None)
        if root is None:
            continue
        try:
            if stat.S_ISREG(os.lstat(file).st_mode) or file.is_symlink():
                file.unlink()
            if file.parent != root:
                file.parent.rmdir()  # Gradio makes a folder per upload; only an empty one goes
        except FileNotFoundError:
            pass
        except OSError as error:  # a folder another upload still uses
            log.debug("kept %s: %s", file.parent, error)


def remove_strays(upload_dir: Path) -> None:
    """Remove the temporary files Gradio leaves at the top of its upload folder: an empty one for each file of an
    upload event (its File component opens a NamedTemporaryFile that it never uses), and what the upload route had
    received of a body cut short. A file this process holds open (the upload route writing it) stays: this is told
    from Linux's /proc, and elsewhere nothing is removed; nor in a folder another process may share (one
    $GRADIO_TEMP_DIR names), where the files being written are another process's."""
    if not is_own(upload_dir):
        return
    try:
        candidates = [entry.path for entry in os.scandir(upload_dir)
                      if entry.name.startswith("tmp") and entry.is_file(follow_symlinks=False)]
        held = _open_files()  # after the listing: a file created since is in it, if still open
    except OSError:  # no /proc, or no upload folder yet
        return
    for path in candidates:
        if os.path.realpath(path) not in held:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass


def _open_files() -> set[str]:
    """The paths of the files this process holds open; ``OSError`` where /proc does not tell."""
    held = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            held.add(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:  # closed meanwhile
            pass
    return held


def is_received(path: str, received: Collection[str], upload_dir: Path) -> bool:
    """Whether ``path`` is one Gradio's upload route recorded (``received``) and a regular file (not a link)
    inside its upload folder, once resolved: the one test of a file an event names, at the edge
    (``songngu.app.guard``) and in the handler."""
    try:
        return ((path in received or os.path.abspath(path) in received)
                and stat.S_ISREG(os.lstat(path).st_mode)
                and Path(os.path.realpath(path)).is_relative_to(upload_dir.resolve()))
    except (OSError, ValueError):  # gone, a NUL in the name
        return False


def _received_file(path: str, received: set[str], upload_dir: Path) -> Path:
    absolute = Path(os.path.abspath(path))
    name = absolute.name
    if path in received or str(absolute) in received:
        try:
            os.lstat(absolute)
        except OSError as error:
            raise BadInputError(f"{name}: the upload is gone ({error.strerror}): upload it again", "upload_gone",
                                name=name) from error
    if not is_received(path, received, upload_dir):
        raise BadInputError(f"{name}: not a file uploaded to this server: upload it again",
                            "upload_not_received", name=name)
    return absolute
