"""The server's own upload folder: made for it, removed at its end, and removed by the next server when it was
killed; never a live server's. Real processes holding real folders in a temporary folder of the test's."""

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from songngu.app.upload_folder import OWNER, PREFIX, is_own, private_upload_folder

ROOT = Path(__file__).resolve().parent.parent
HOLDER = ("import sys, time\n"
          "from songngu.app.upload_folder import private_upload_folder\n"
          "with private_upload_folder() as folder:\n"
          "    print(folder, flush=True)\n"
          "    time.sleep(600)\n")


def holder(temp: Path) -> tuple[subprocess.Popen, Path]:
    """A process that made its upload folder in ``temp`` and holds it (a server); the folder."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)}
    process = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdout=subprocess.PIPE, text=True)
    return process, Path(process.stdout.readline().strip())


@pytest.fixture()
def temp(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("GRADIO_TEMP_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_a_killed_servers_folder_is_removed_at_the_next_start_and_a_live_ones_is_not(temp):
    """A probe (session 19): a server killed with kill -9 left its upload folder, with the uploads in it (33 on the
    probe's machine). The next server removes the folders whose server is gone: not a live server's, not one it
    cannot tell (an older version's, without the owner file), and not another user's."""
    killed, dead_folder = holder(temp)
    alive, live_folder = holder(temp)
    try:
        (dead_folder / "abc123").mkdir()
        (dead_folder / "abc123" / "bai.txt").write_text("một bài đã tải lên", encoding="utf-8")
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
        assert dead_folder.is_dir() and (live_folder / OWNER).read_text() == str(alive.pid)
        older = temp / f"{PREFIX}older"
        older.mkdir()
        with private_upload_folder() as mine:
            assert os.environ["GRADIO_TEMP_DIR"] == str(mine) and is_own(mine) and not is_own(live_folder)
            assert not dead_folder.exists(), "the killed server's folder stays"
            assert live_folder.is_dir() and older.is_dir()
        assert not mine.exists() and "GRADIO_TEMP_DIR" not in os.environ
        assert live_folder.is_dir()
    finally:
        alive.kill()
        alive.wait(timeout=30)


def test_a_server_stopped_with_sigterm_removes_its_folder(tmp_path):
    """A probe (session 29): `kill PID` (SIGTERM, what `systemctl stop` and `docker stop` send) left the server's
    upload folder behind: uvicorn shut down, then raised SIGTERM again, whose default ends Python at once. Now it
    ends as Ctrl-C does, its folder removed, and then by SIGTERM as before (what systemd counts as a clean stop;
    exit 143 would be a failed unit). A real `songngu serve`."""
    import socket
    import time

    from tests.conftest import free_port

    corpus, temp = tmp_path / "corpus", tmp_path / "tmp"
    corpus.mkdir()
    temp.mkdir()
    (corpus / "bus.txt").write_text("Tuyến xe buýt Móng Cái - Đông Hưng có 8 chuyến mỗi ngày.", encoding="utf-8")
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TMPDIR": str(temp), "HOME": str(tmp_path),
           "SONGNGU_HOME": str(tmp_path / "home")}
    server = subprocess.Popen([sys.executable, "-m", "songngu", "serve", "--quiet", "--corpus", str(corpus),
                               "--index", str(tmp_path / "index"), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and server.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        [folder] = temp.glob(f"{PREFIX}*")
        assert (folder / OWNER).read_text() == str(server.pid)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == -signal.SIGTERM, server.stderr.read()
        assert not folder.exists()
    finally:
        server.kill()
        server.wait(timeout=30)
