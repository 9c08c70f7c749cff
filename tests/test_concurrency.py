"""Two writers at once, five times each: two `songngu index` processes, and `songngu index` with an app upload.

After every round the published index opens, is internally consistent, holds exactly the corpus (same
documents, same content hashes) and no generation is left behind. Real processes, the real model, the real
lock; the rounds alternate which writer takes the lock first, so both orders are exercised.
"""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from songngu.app.corpus import Upload
from songngu.app.corpus_tab import upload_step
from songngu.app.state import AppSettings, LiveIndex, SerialEmbedder
from songngu.index.documents import read_corpus
from songngu.index.store.generations import LOCK_NAME, current_generation
from songngu.index.store.local import LocalStore
from songngu.index.store.reader import audit
from songngu.search.ask import ask

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


def article(subject: str, n: int) -> str:
    return f"Tin số {n} về {subject}: Quảng Ninh đón {n * 100} lượt khách trong tháng {n % 12 + 1}."


def start_index(corpus: Path, index_dir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "songngu", "index", "--quiet", "--corpus", str(corpus), "--index",
                             str(index_dir)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(corpus.parent)})


def finish(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return json.loads(out)


def assert_index_is_the_corpus(index_dir: Path, corpus: Path, embedder) -> None:
    store = LocalStore(index_dir)
    reader = store.open_reader(embedder.name)
    assert audit(reader) == []
    assert store.content_hashes() == {d.doc_id: d.content_hash for d in read_corpus(corpus)}
    assert [p for p in index_dir.glob("gen-*") if p != current_generation(index_dir)] == []
    assert ask("Quảng Ninh đón bao nhiêu lượt khách?", reader, embedder).passages


def lock_holder(index_dir: Path) -> str:
    try:
        return (index_dir / LOCK_NAME).read_text().strip()
    except FileNotFoundError:
        return ""


@pytest.fixture()
def corpus_and_index(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"goc-{n}.txt").write_text(article("cửa khẩu", n), encoding="utf-8")
    finish(start_index(corpus, tmp_path / "index"))
    return corpus, tmp_path / "index"


def test_two_index_commands_at_once_five_times(corpus_and_index, embedder):
    corpus, index_dir = corpus_and_index
    for n in range(ROUNDS):
        (corpus / f"moi-{n}.txt").write_text(article("xe buýt", n), encoding="utf-8")
        (corpus / "goc-0.txt").write_text(article("cửa khẩu", 10 + n), encoding="utf-8")
        summaries = [finish(p) for p in [start_index(corpus, index_dir), start_index(corpus, index_dir)]]
        assert sorted(s["added"] + s["changed"] for s in summaries) == [0, 2], summaries  # one built, one found it done
        assert_index_is_the_corpus(index_dir, corpus, embedder)


def test_index_command_and_app_upload_at_once_five_times(corpus_and_index, embedder, tmp_path):
    corpus, index_dir = corpus_and_index
    live = LiveIndex(LocalStore(index_dir), corpus, SerialEmbedder(embedder), tmp_path / "trash")
    for n in range(ROUNDS):
        (corpus / f"cli-{n}.txt").write_text(article("đường sắt", n), encoding="utf-8")
        outcomes: list = []
        uploads = [Upload(f"app-{n}.txt", article("du lịch", n).encode())]
        upload = threading.Thread(target=lambda done=outcomes, files=uploads: done.append(
            upload_step(live, AppSettings(), files, "vi")))
        if n % 2:  # the app first: the command waits for it
            upload.start()
            process = start_index(corpus, index_dir)
        else:  # the command first: the upload waits for it
            process = start_index(corpus, index_dir)
            deadline = time.monotonic() + 300
            while lock_holder(index_dir) != str(process.pid):
                assert process.poll() is None and time.monotonic() < deadline, process.communicate()
                time.sleep(0.01)
            upload.start()
        summary = finish(process)
        upload.join(timeout=600)
        assert outcomes and outcomes[0].change is not None, outcomes
        assert summary["documents"] >= 3 + n
        assert_index_is_the_corpus(index_dir, corpus, embedder)
        assert {f"cli-{n}", f"app-{n}"} <= {d.doc_id for d in LocalStore(index_dir).open_reader().documents()}
