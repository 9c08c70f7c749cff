"""A damaged index: found at open (quick) and by `songngu index` (every byte), repaired by `songngu index` only."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from songngu.index.build import build_index
from songngu.index.documents import read_corpus
from songngu.index.store.generations import current_generation
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Tuyến xe buýt Móng Cái - Đông Hưng có mấy chuyến mỗi ngày?"
ARTICLES = {  # two short articles: a repair that re-embeds them takes a second, not the seed corpus's ten
    "bus.txt": "Tuyến xe buýt Móng Cái - Đông Hưng có 8 chuyến mỗi ngày. Vé có giá 50 nhân dân tệ.",
    "hoa.txt": "Lễ hội hoa sở Bình Liêu năm 2025 đón 12.000 lượt khách. Hoa sở nở trắng các sườn đồi.",
}


@pytest.fixture(scope="module")
def small_index(tmp_path_factory, embedder) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("damage")
    (root / "corpus").mkdir()
    for name, text in ARTICLES.items():
        (root / "corpus" / name).write_text(text, encoding="utf-8")
    build_index(read_corpus(root / "corpus"), root / "index", embedder)
    return root / "corpus", root / "index"


@pytest.fixture()
def copies(small_index, tmp_path) -> tuple[Path, Path]:
    """Writable copies of the small corpus and its index."""
    corpus, index = small_index
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copytree(index, tmp_path / "index")
    return tmp_path / "corpus", tmp_path / "index"


def songngu(*args: str, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "songngu", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd)})



def truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def flip_a_middle_byte(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))


def flip_the_last_byte(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.seek(-1, os.SEEK_END)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_END)
        handle.write(bytes([byte[0] ^ 0xFF]))


@pytest.mark.parametrize(("name", "damage"), [
    ("chunks.faiss", truncate),
    ("sentences.faiss", flip_the_last_byte),
    ("lexical_impacts.npy", truncate),
    ("songngu.sqlite", truncate),
])
def test_ask_says_damaged_and_index_repairs(copies, name, damage):
    """Guards issue 13 defect 7: a truncated chunks.faiss made `songngu index` say "unchanged" (rc 0) and every
    `ask` fail with rc 1. Now `ask` and `serve` exit 2 saying the index is damaged, `index` rebuilds it."""
    corpus, index_dir = copies
    damage(current_generation(index_dir) / name)
    asked = songngu("ask", QUESTION, "--index", str(index_dir))
    assert asked.returncode == 2, asked.stderr
    assert asked.stderr.strip().count("\n") == 0 and "damaged" in asked.stderr and "songngu index" in asked.stderr
    info = songngu("info", "--index", str(index_dir), "--json")  # session 29: each damage reported alike
    assert info.returncode == 0 and json.loads(info.stdout)["index_state"].startswith(f"damaged ({name}: "), info
    served = songngu("serve", "--index", str(index_dir), "--corpus", str(corpus), "--port",
                     str(free_port()), "--quiet", timeout=300)
    assert served.returncode == 2 and "damaged" in served.stderr, served.stderr

    indexed = songngu("index", "--quiet", "--index", str(index_dir), "--corpus", str(corpus))
    assert indexed.returncode == 0, indexed.stderr
    summary = json.loads(indexed.stdout)
    assert summary["repaired"] == 1 and summary["documents"] == 2
    if name != "songngu.sqlite":  # the stored vectors were sound: the derived files are re-derived, not re-embedded
        assert summary["chunks_embedded"] == 0
    asked = songngu("ask", QUESTION, "--index", str(index_dir), "--json")
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["passages"][0]["doc_id"] == "bus"


def test_damage_in_the_middle_of_a_file_is_found_by_index(copies):
    """The quick check at open reads the ends of each file; `songngu index` reads every byte."""
    corpus, index_dir = copies
    flip_a_middle_byte(current_generation(index_dir) / "lexical_rows.npy")
    indexed = songngu("index", "--quiet", "--index", str(index_dir), "--corpus", str(corpus))
    assert indexed.returncode == 0, indexed.stderr
    assert json.loads(indexed.stdout)["repaired"] == 1


def test_a_sound_index_is_not_rebuilt(copies):
    corpus, index_dir = copies
    live = current_generation(index_dir)
    indexed = songngu("index", "--quiet", "--index", str(index_dir), "--corpus", str(corpus))
    assert indexed.returncode == 0 and json.loads(indexed.stdout)["repaired"] == 0
    assert current_generation(index_dir) == live


def test_damage_the_probe_of_session_9_found_exits_2_or_is_repaired(copies):
    """Each of these was an "internal error" (exit 1): a CURRENT of bytes that are not UTF-8 (`index` could not
    repair it either), a manifest of the wrong shape, an empty database file under `info`, a LOCK that is a
    folder, a file with a generation's prefix beside the generations."""
    corpus, index_dir = copies
    live = current_generation(index_dir)
    (index_dir / "gen-notes.txt").write_text("not a generation", encoding="utf-8")
    manifest = live / "MANIFEST.json"
    sound = manifest.read_bytes()
    manifest.write_text('{"files": 5}', encoding="utf-8")
    asked = songngu("ask", QUESTION, "--index", str(index_dir))
    assert asked.returncode == 2 and "damaged" in asked.stderr, asked.stderr
    manifest.write_bytes(sound)

    database = live / "songngu.sqlite"
    kept = database.read_bytes()
    database.write_bytes(b"")
    info = songngu("info", "--index", str(index_dir))
    assert info.returncode == 0 and "index_state    damaged (songngu.sqlite: 0 bytes" in info.stdout, info.stderr
    database.write_bytes(kept)

    (index_dir / "CURRENT").write_bytes(b"\xff\xfe")
    info = songngu("info", "--index", str(index_dir), "--json")
    assert info.returncode == 0 and "not built yet" in info.stdout, info.stderr
    indexed = songngu("index", "--quiet", "--index", str(index_dir), "--corpus", str(corpus))
    assert indexed.returncode == 0 and json.loads(indexed.stdout)["documents"] == 2, indexed.stderr
    assert (index_dir / "gen-notes.txt").read_text(encoding="utf-8") == "not a generation"
    asked = songngu("ask", QUESTION, "--index", str(index_dir), "--json")
    assert asked.returncode == 0 and json.loads(asked.stdout)["passages"][0]["doc_id"] == "bus", asked.stderr

    (index_dir / "LOCK").unlink()
    (index_dir / "LOCK").mkdir()
    (corpus / "bus.txt").write_text(ARTICLES["bus.txt"] + " Xe chạy từ 7 giờ.", encoding="utf-8")
    locked = songngu("index", "--quiet", "--index", str(index_dir), "--corpus", str(corpus))
    assert locked.returncode == 2 and "cannot write the index" in locked.stderr, locked.stderr


def test_a_current_naming_a_generation_that_is_gone_is_damage_not_no_index(copies):
    """Session 29: with the generation CURRENT names moved away (a hand, or a copy of the folder that left it out),
    `ask` said "there is no index" and `serve` silently built a new one: the index is damaged, and says so."""
    corpus, index_dir = copies
    live = current_generation(index_dir)
    live.rename(index_dir.parent / "moved-away")
    asked = songngu("ask", QUESTION, "--index", str(index_dir))
    assert asked.returncode == 2 and asked.stderr.strip().count("\n") == 0, asked.stderr
    assert f"damaged (CURRENT names {live.name}, which is missing or holds no database)" in asked.stderr
    info = songngu("info", "--index", str(index_dir))
    assert info.returncode == 0 and "damaged (CURRENT names" in info.stdout, info.stdout + info.stderr
    for corpus_named in (("--corpus", str(corpus)), ()):  # without one, it was "there is no index" (a review)
        served = songngu("serve", "--index", str(index_dir), *corpus_named, "--port", str(free_port()), "--quiet",
                         cwd=index_dir.parent, timeout=300)  # HOME there: the data directory's corpus is seeded
        assert served.returncode == 2 and "damaged (CURRENT names" in served.stderr, served.stderr
    indexed = songngu("index", "--quiet", "--index", str(index_dir), "--corpus", str(corpus))
    assert indexed.returncode == 0 and json.loads(indexed.stdout)["repaired"] == 1, indexed.stdout + indexed.stderr
    asked = songngu("ask", QUESTION, "--index", str(index_dir), "--json")
    assert asked.returncode == 0 and json.loads(asked.stdout)["passages"][0]["doc_id"] == "bus", asked.stderr


def test_folders_of_a_generations_name_that_no_build_made_are_never_deleted(tmp_path, small_index):
    """A probe (session 29): folders of a month's articles named as generations are ("gen-202401") were taken for
    builds a killed run left: `songngu index --corpus news/gen-202402 --index news` deleted both months' articles
    (then said the corpus was not found), and `ask --index news` deleted them silently and built an index there."""
    corpus, _ = small_index
    news = tmp_path / "news"
    for month in ("gen-202401", "gen-202402"):
        (news / month).mkdir(parents=True)
        (news / month / "bai.txt").write_text(f"Bài của tháng {month[-2:]} về Móng Cái.", encoding="utf-8")
    kept = {path: path.read_bytes() for path in news.rglob("*.txt")}
    refused = songngu("index", "--quiet", "--corpus", str(news / "gen-202402"), "--index", str(news))
    assert refused.returncode == 2 and "is not a SongNgu index" in refused.stderr, refused.stderr
    refused = songngu("ask", QUESTION, "--index", str(news), "--corpus", str(corpus))
    assert refused.returncode == 2 and "is not a SongNgu index" in refused.stderr, refused.stderr
    assert {path: path.read_bytes() for path in news.rglob("*.txt")} == kept
    assert sorted(os.listdir(news)) == ["gen-202401", "gen-202402"]  # not even a LOCK left behind

    # Inside a real index folder too: a build keeps a user's folder of such a name, and removes only its own.
    index_dir, own = tmp_path / "index", shutil.copytree(corpus, tmp_path / "corpus")
    assert songngu("index", "--quiet", "--corpus", str(own), "--index", str(index_dir)).returncode == 0
    shutil.copytree(news / "gen-202401", index_dir / "gen-202401")
    (index_dir / "gen-000009-1-abcdef").mkdir()  # an empty one, as a build killed as it began leaves
    (own / "extra.txt").write_text("Hoa sở Bình Liêu nở trắng các sườn đồi.", encoding="utf-8")
    indexed = songngu("index", "--quiet", "--corpus", str(own), "--index", str(index_dir))
    assert indexed.returncode == 0 and json.loads(indexed.stdout)["added"] == 1, indexed.stderr
    assert (index_dir / "gen-202401" / "bai.txt").read_bytes() == kept[news / "gen-202401" / "bai.txt"]
    assert not (index_dir / "gen-000009-1-abcdef").exists()
    assert (current_generation(index_dir) / "GENERATION").is_file()


def test_a_folder_that_is_not_an_index_is_not_written_into(tmp_path, small_index):
    """A probe (session 9): `songngu index --index userdir` deleted userdir/gen-photos (every gen-* entry was
    taken for a generation a killed build left)."""
    corpus, _ = small_index
    user = tmp_path / "userdir"
    (user / "gen-photos").mkdir(parents=True)
    (user / "gen-photos" / "a.jpg").write_bytes(b"precious")
    (user / "docs").mkdir()
    refused = songngu("index", "--quiet", "--index", str(user), "--corpus", str(corpus))
    assert refused.returncode == 2 and "is not a SongNgu index" in refused.stderr, refused.stderr
    assert (user / "gen-photos" / "a.jpg").read_bytes() == b"precious" and sorted(os.listdir(user)) == \
        ["docs", "gen-photos"]
    # The review of session 9: a LevelDB folder has a CURRENT and a LOCK of its own; a CURRENT that is a folder
    # failed after the whole build; non-ASCII digits made a generation's name.
    level = tmp_path / "leveldb"
    level.mkdir()
    (level / "CURRENT").write_text("MANIFEST-000001\n", encoding="utf-8")
    (level / "MANIFEST-000001").write_bytes(b"\x00")
    refused = songngu("index", "--quiet", "--index", str(level), "--corpus", str(corpus))
    assert refused.returncode == 2 and "is not a SongNgu index" in refused.stderr, refused.stderr
    assert (level / "CURRENT").read_text(encoding="utf-8") == "MANIFEST-000001\n"
    odd = tmp_path / "odd"
    (odd / "CURRENT").mkdir(parents=True)
    refused = songngu("index", "--quiet", "--index", str(odd), "--corpus", str(corpus))
    assert refused.returncode == 2 and "(CURRENT)" in refused.stderr, refused.stderr
    mount = tmp_path / "mount"
    (mount / "lost+found").mkdir(parents=True)
    (mount / ".DS_Store").write_bytes(b"x")
    built = songngu("index", "--quiet", "--index", str(mount), "--corpus", str(corpus))
    assert built.returncode == 0, built.stderr
    (mount / "gen-\u0661\u0662\u0663\u0664\u0665\u0666").mkdir()  # Arabic-Indic digits: not a generation
    (corpus / "more.txt").write_text("Cảng Cái Lân đón 3 tàu mỗi tuần.", encoding="utf-8")
    try:
        again = songngu("index", "--quiet", "--index", str(mount), "--corpus", str(corpus))
    finally:
        (corpus / "more.txt").unlink()
    assert again.returncode == 0 and (mount / "gen-\u0661\u0662\u0663\u0664\u0665\u0666").is_dir(), again.stderr
