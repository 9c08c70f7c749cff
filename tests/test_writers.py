"""One writer at a time: real `songngu` processes racing on one index, killed builds, the lock's wait."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from songngu.index.documents import read_corpus
from songngu.index.store.generations import current_generation
from songngu.index.store.local import LocalStore, open_index
from songngu.index.store.reader import audit

ROOT = Path(__file__).resolve().parent.parent
ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
ARTICLES = {
    "bus.txt": "Tuyến xe buýt Móng Cái - Đông Hưng có 8 chuyến mỗi ngày. Vé có giá 50 nhân dân tệ.",
    "hoa.txt": "Lễ hội hoa sở Bình Liêu năm 2025 đón 12.000 lượt khách. Hoa sở nở trắng các sườn đồi.",
}


def small_corpus(directory: Path) -> Path:
    directory.mkdir()
    for name, text in ARTICLES.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def start(*args: str, cwd: Path = ROOT) -> subprocess.Popen:
    env = {**ENV, "HOME": str(cwd), "SONGNGU_HOME": str(cwd / "songngu-home")}
    return subprocess.Popen([sys.executable, "-m", "songngu", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


def assert_index_holds_the_corpus(index_dir: Path, corpus: Path) -> None:
    """The published index opens, is internally consistent, and holds exactly the corpus's documents."""
    reader = open_index(index_dir)
    assert audit(reader) == []
    wanted = {d.doc_id: d.content_hash for d in read_corpus(corpus)}
    assert LocalStore(index_dir).content_hashes() == wanted
    assert [p for p in index_dir.glob("gen-*") if p != current_generation(index_dir)] == []


def test_two_index_commands_at_once_leave_one_sound_index(tmp_path):
    """Guards issue 13 defect 2: two `songngu index` on one --index picked the same generation and deleted each
    other's, leaving CURRENT pointing at nothing (6 of 6 runs). Now the second waits for the first's lock."""
    corpus, index_dir = small_corpus(tmp_path / "corpus"), tmp_path / "index"
    runs = [start("index", "--quiet", "--corpus", str(corpus), "--index", str(index_dir)) for _ in range(2)]
    results = [finish(run) for run in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    assert sorted(json.loads(out)["added"] for _, out, _ in results) == [0, 2]  # the second found it done
    assert_index_holds_the_corpus(index_dir, corpus)


def test_two_first_questions_at_once_build_the_index_once(tmp_path):
    """Guards issue 13 defect 2: two first `songngu ask` on a missing index both built it, at the same time."""
    corpus = small_corpus(tmp_path / "corpus")
    runs = [start("ask", "xe buýt Móng Cái", "--json", "--corpus", str(corpus), cwd=tmp_path) for _ in range(2)]
    results = [finish(run) for run in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    assert all(json.loads(out)["passages"][0]["doc_id"] == "bus" for _, out, _ in results)
    assert_index_holds_the_corpus(tmp_path / "songngu-home" / "index", corpus)


def test_a_second_writer_waits_then_gives_up_with_exit_2(tmp_path, seed_index_copy, seed_corpus_copy):
    """Guards issue 13 defect 2: while a writer holds the index, another `songngu index` says it waits, and after
    --wait seconds exits 2 with one line; readers are not blocked meanwhile."""
    (seed_corpus_copy / "bus.txt").write_text(ARTICLES["bus.txt"], encoding="utf-8")
    with LocalStore(seed_index_copy).writing():
        code, _, err = finish(start("index", "--quiet", "--wait", "1", "--corpus", str(seed_corpus_copy),
                                    "--index", str(seed_index_copy)))
        asked = finish(start("ask", "Móng Cái", "--json", "--index", str(seed_index_copy)))
    assert code == 2, err
    lines = err.strip().splitlines()
    assert "waiting" in lines[0] and "another" in lines[-1] and "Traceback" not in err, err
    assert asked[0] == 0 and json.loads(asked[1])["passages"], asked[2]
    code, out, err = finish(start("index", "--quiet", "--corpus", str(seed_corpus_copy), "--index",
                                  str(seed_index_copy)))
    assert code == 0 and json.loads(out)["added"] == 1, err


def test_a_killed_build_is_cleaned_by_the_next_index_even_when_nothing_changed(tmp_path, seed_index_copy,
                                                                               seed_corpus_copy):
    """Guards issue 13 defect 8: a killed build's generation stayed until the corpus changed (48 MB there)."""
    live = current_generation(seed_index_copy)
    (seed_corpus_copy / "big.txt").write_text(
        (seed_corpus_copy / "003_e527481dc8ffb22e.txt").read_text(encoding="utf-8") * 3, encoding="utf-8")
    process = start("index", "--quiet", "--corpus", str(seed_corpus_copy), "--index", str(seed_index_copy))
    deadline = time.monotonic() + 300
    while not any(p != live for p in seed_index_copy.glob("gen-*")):
        assert process.poll() is None and time.monotonic() < deadline, "the build never started a generation"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert current_generation(seed_index_copy) == live and len(list(seed_index_copy.glob("gen-*"))) == 2
    (seed_corpus_copy / "big.txt").unlink()  # the corpus is as the live index has it: nothing to build
    code, out, err = finish(start("index", "--quiet", "--corpus", str(seed_corpus_copy), "--index",
                                  str(seed_index_copy)))
    assert code == 0 and json.loads(out)["unchanged"] == 5, err
    assert list(seed_index_copy.glob("gen-*")) == [live]


def test_generation_names_are_unique_between_writers(tmp_path):
    """Two writers that somehow both start from the same state still never share a generation directory."""
    from songngu.index.store.generations import new_generation_dir

    first, second = new_generation_dir(tmp_path), new_generation_dir(tmp_path)
    assert first != second and first.is_dir() and second.is_dir()


@pytest.mark.parametrize("wait", [0.0])
def test_the_lock_is_held_per_index_directory(tmp_path, wait):
    """A store's writing() lock excludes another store object (another process, or this one) on the same
    directory, and not one on another directory."""
    from songngu.errors import IndexBusyError

    one, same, other = LocalStore(tmp_path / "a"), LocalStore(tmp_path / "a", lock_wait=wait), LocalStore(
        tmp_path / "b", lock_wait=wait)
    with one.writing():
        with pytest.raises(IndexBusyError, match="another"):
            with same.writing():
                pass
        with other.writing():
            pass
    with same.writing():
        pass


def test_a_milvus_lite_store_waits_as_long_as_told_then_gives_up(tmp_path):
    """Review: --wait did not reach the Milvus store (it always waited 600 s, saying nothing)."""
    pytest.importorskip("pymilvus")
    from songngu.errors import IndexBusyError
    from songngu.index.store.milvus import MilvusStore

    told: list[str] = []
    holder = MilvusStore(str(tmp_path / "x.db"))
    waiter = MilvusStore.at(str(tmp_path / "x.db"), lock_wait=0.3, on_wait=told.append)
    with holder.writing():
        started = time.monotonic()
        with pytest.raises(IndexBusyError), waiter.writing():
            pass
    assert time.monotonic() - started < 5 and len(told) == 1
    with waiter.writing():  # free again
        pass


def test_a_check_while_a_writer_publishes_is_no_damage(tmp_path, embedder, monkeypatch):
    """Session 29: `serve` checks the index without the writer's lock; a build that published (and removed the old
    generation) while the check read it made a sound index read as damaged ("chunks.faiss: missing"). The writer here
    is a real build, run at the moment the check reads the old generation's files."""
    from songngu.index.build import build_index
    from songngu.index.store import integrity

    corpus, index_dir = small_corpus(tmp_path / "corpus"), tmp_path / "index"
    build_index(read_corpus(corpus), index_dir, embedder)
    old = current_generation(index_dir)
    (corpus / "bus.txt").write_text(ARTICLES["bus.txt"] + " Xe chạy từ 7 giờ sáng.", encoding="utf-8")
    real_check = integrity.check_generation
    checked = []

    def a_writer_publishes_first(generation: Path, thorough: bool):
        checked.append(generation)
        if len(checked) == 1:  # the build's own check (its second call) reads the old generation, still live
            build_index(read_corpus(corpus), index_dir, embedder)
        return real_check(generation, thorough)

    monkeypatch.setattr(integrity, "check_generation", a_writer_publishes_first)
    health = LocalStore(index_dir).check(thorough=True)
    assert checked[0] == checked[1] == old and not old.exists()
    assert checked[-1] == current_generation(index_dir) != old
    assert health.sound, health.problems
