"""Bad input is exit 2 / HTTP 400 with one clear line, never exit 1, a traceback or a silent wrong result.

Each test guards an item of issue 13 defect 6 (or 3, for what the corpus reader accepts).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from songngu.cli import main
from songngu.cli.main import host_name
from songngu.errors import BadInputError, CorpusError
from songngu.index.documents import read_corpus, read_file
from songngu.search.ask import ask, clean_query
from songngu.search.language import detect_language

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "Tuyến xe buýt Móng Cái - Đông Hưng có 8 chuyến mỗi ngày."


def run(argv: list, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The real CLI with ``argv`` passed as given (bytes stay bytes: not every argument is valid UTF-8)."""
    return subprocess.run([sys.executable, "-m", "songngu", *argv], cwd=cwd, capture_output=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd)})


def one_line_error(result: subprocess.CompletedProcess, fragment: str) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and fragment in err and "Traceback" not in err, err
    return err


def jsonl_corpus(tmp_path: Path, line: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "news.jsonl").write_text(line + "\n", encoding="utf-8")
    return corpus


@pytest.mark.parametrize(("line", "fragment"), [
    ('{"id": "x", "title": 123, "text": "Một câu."}', "'title' must be a string"),
    ('{"id": "x", "date": ["2025"], "text": "Một câu."}', "'date' must be a string"),
    ('{"id": "x", "url": {"a": 1}, "text": "Một câu."}', "'url' must be a string"),
    ('{"id": null, "text": "Một câu."}', "'id'"),
    ('{"id": true, "text": "Một câu."}', "'id'"),
    ('{"id": "", "text": "Một câu."}', "'id'"),
    ('{"id": "a\\u001bb", "text": "Một câu."}', "control characters"),
    ('{"id": ' + "9" * 5000 + ', "text": "Một câu."}', "news.jsonl:1"),
    ('{"id": "' + "x" * 500 + '", "text": "Một câu."}', "longer than"),
    ('{"id": "x", "date": "2025-99-99", "text": "Một câu."}', "not a date"),
    ('{"id": "x", "date": "2025-02-30", "text": "Một câu."}', "not a date"),
    ('{"id": "x", "text": "M\\ud800t"}', "not valid Unicode"),
    ('{"id": "x", "text": "ok", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
], ids=["title-int", "date-list", "url-object", "id-null", "id-bool", "id-empty", "id-escape", "id-5000-digits",
        "id-500-chars", "date-impossible", "date-feb-30", "text-surrogate", "nested-100k"])
def test_jsonl_fields_of_the_wrong_type_are_bad_input(tmp_path, line, fragment):
    """`index` with such a line exited 1 (sqlite3.ProgrammingError, ValueError, RecursionError) or stored
    "None" as an id; now exit 2 naming the file and line."""
    corpus = jsonl_corpus(tmp_path, line)
    with pytest.raises(CorpusError, match="news.jsonl:1"):
        read_file(corpus / "news.jsonl")
    assert main(["index", "--quiet", "--corpus", str(corpus), "--index", str(tmp_path / "ix")]) == 2
    one_line_error(run(["index", "--quiet", "--corpus", str(corpus), "--index", str(tmp_path / "ix")]), fragment)


def test_good_jsonl_fields_are_kept(tmp_path):
    corpus = jsonl_corpus(tmp_path, json.dumps({"id": 7, "title": None, "date": "2025-02", "url": "https://x.vn",
                                                "text": "Một câu."}))
    document = read_file(corpus / "news.jsonl")[0]
    assert (document.doc_id, document.date, document.url, document.title) == ("7", "2025-02", "https://x.vn",
                                                                              "Một câu")


def test_an_impossible_date_marker_is_bad_input(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(" date 2025-13-01\n" + ARTICLE, encoding="utf-8")
    with pytest.raises(CorpusError, match="a.txt.*not a date"):
        read_corpus(corpus)


def test_a_file_name_that_is_not_utf8_is_bad_input(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    with open(os.path.join(os.fsencode(corpus), b"b\xe0i.txt"), "w", encoding="utf-8") as handle:
        handle.write(ARTICLE)
    one_line_error(run(["index", "--quiet", "--corpus", str(corpus), "--index", str(tmp_path / "ix")]), "UTF-8")


def test_a_symlink_out_of_the_corpus_is_refused(tmp_path):
    """A link in the corpus to a file outside it (here a 'secret') was indexed and served."""
    corpus, secret = tmp_path / "corpus", tmp_path / "secret.txt"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    secret.write_text("Mật khẩu là 1234.", encoding="utf-8")
    (corpus / "link.txt").symlink_to(secret)
    with pytest.raises(CorpusError, match="link.txt.*outside the corpus"):
        read_corpus(corpus)
    (corpus / "link.txt").unlink()
    (corpus / "inside.md").symlink_to(corpus / "ok.txt")  # a link that stays inside is an ordinary file
    assert {d.doc_id for d in read_corpus(corpus)} == {"ok", "inside"}


def test_a_link_to_a_folder_out_of_the_corpus_is_refused(tmp_path):
    """A probe (session 26): a link to a folder outside the corpus was passed over without a word, its articles left
    out of the index. One to a folder inside the corpus is still read where it is, once."""
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    elsewhere.mkdir()
    (corpus / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (elsewhere / "other.txt").write_text(ARTICLE.replace("Quảng", "Lạng"), encoding="utf-8")
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(CorpusError, match="linked.*folder.*outside the corpus"):
        read_corpus(corpus)
    (corpus / "linked").unlink()
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.jpg").write_bytes(b"\xff\xd8")
    (corpus / "images").symlink_to(tmp_path / "images", target_is_directory=True)  # no articles there: no matter
    (corpus / "sub").mkdir()
    (corpus / "sub" / "two.txt").write_text(ARTICLE.replace("Quảng", "Cao"), encoding="utf-8")
    (corpus / "again").symlink_to(corpus / "sub", target_is_directory=True)
    assert [d.doc_id for d in read_corpus(corpus)] == ["ok", "two"]


def test_a_linked_folder_is_looked_at_only_so_far(tmp_path, monkeypatch):
    """The final read of session 26: a link to "/" would have had every build walk the whole disk for articles.
    Past a bound of entries, a linked folder outside is taken to hold articles: refused, not walked on."""
    import songngu.index.documents as documents

    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    (elsewhere / "deep").mkdir(parents=True)
    (corpus / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    for i in range(3):
        (elsewhere / "deep" / f"photo{i}.jpg").write_bytes(b"\xff\xd8")
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    assert [d.doc_id for d in read_corpus(corpus)] == ["ok"]  # images only, within the bound: no matter
    monkeypatch.setattr(documents, "_LINKED_FOLDER_LOOK", 3)
    with pytest.raises(CorpusError, match="linked.*folder.*outside the corpus"):
        read_corpus(corpus)


@pytest.mark.parametrize("question", [b"Qu\xe1ng \xff", b"Qu\xed\xa0\x80ng Ninh"])
def test_a_question_that_is_not_utf8_is_bad_input(seed_index_dir, question):
    """`songngu ask "$(printf 'Qu\\xe1ng \\xff')"` exited 1 (UnicodeEncodeError)."""
    one_line_error(run([b"ask", question, b"--index", os.fsencode(seed_index_dir)]), "not valid")


@pytest.mark.parametrize("question", ["?!…", "🙂🙂", "\u200b\u200c\u2060", "。。？", "\x1b\x07 \x7f"])
def test_a_question_without_letters_or_digits_asks_for_a_question(seed_index_dir, capsys, question):
    """Such questions were answered (with whatever came first); now they get a clear "ask a question" line."""
    assert main(["ask", question, "--index", str(seed_index_dir)]) == 2
    assert "ask a question" in capsys.readouterr().err


def test_terminal_escapes_are_not_printed_raw(tmp_path, embedder):
    """Escape sequences in a question or a document reached the terminal as they were (ESC, CSI, OSC, BEL)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    hostile = "\x1b]0;pwned\x07Xe buýt \x1b[31mMóng Cái\x1b[0m \x9b2J có 8 chuyến mỗi ngày.\u202e"
    (corpus / "news.jsonl").write_text(json.dumps({"id": "bus", "title": hostile, "text": hostile}) + "\n",
                                       encoding="utf-8")
    for extra in ([], ["--json"]):
        result = run(["ask", "xe buýt \x1b[1mMóng Cái", "--corpus", str(corpus), *extra], cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        shown = result.stdout.decode("utf-8")
        assert "bus" in shown and not any(c in shown for c in "\x1b\x07\x9b\u202e"), shown
        assert "\\u001b" in shown
    assert json.loads(result.stdout)["passages"][0]["text"] == hostile  # the JSON keeps the exact text


def test_a_title_cannot_forge_lines_of_the_answer(tmp_path):
    """A probe (session 19): a JSONL title holding line breaks printed a forged header and source as real lines."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    forged = "T\nCác đoạn nguồn:\n\n1. FAKE PASSAGE (fake 0-1, score 9.999)"
    (corpus / "news.jsonl").write_text(json.dumps({"id": "bus", "title": forged, "text": ARTICLE}) + "\n",
                                       encoding="utf-8")
    result = run(["ask", "Tuyến xe buýt Móng Cái có bao nhiêu chuyến mỗi ngày?", "--corpus", str(corpus)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert sum(line.startswith("Các đoạn nguồn") for line in lines) == 1, lines
    assert not any("FAKE" in line and not line.startswith(("1. T\\n", "  [1] T\\n")) for line in lines), lines


def test_eval_doc_ids_must_be_a_list(tmp_path, seed_index_dir):
    """`eval` with "doc_ids": "abc" split it into characters and exited 0."""
    qa = tmp_path / "qa.jsonl"
    qa.write_text(json.dumps({"id": "1", "lang": "vi", "question": "Móng Cái", "doc_ids": "004_f732d473a99f9294"})
                  + "\n", encoding="utf-8")
    one_line_error(run(["eval", str(qa), "--index", str(seed_index_dir)]), "doc_ids")


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_serve_with_a_bad_port_is_one_line(port):
    """`serve --port 99999` printed a traceback."""
    one_line_error(run(["serve", "--port", port]), "port")


@pytest.mark.parametrize("name", ["", "proxy.example.org:8080", "https://proxy.example.org", "a b", "a:b:c",
                                  "bücher.de"])
def test_serve_with_a_bad_allowed_host_is_one_line(name):
    """A probe (session 24): an empty --allow-host was dropped, and with --host 0.0.0.0 the Host check was then off;
    "name:port" was taken and never matched a request (every one got 421)."""
    one_line_error(run(["serve", "--allow-host", name]), "is not a host name")


def test_an_allowed_host_is_its_name_alone():
    assert [host_name(n) for n in ("Proxy.Example.ORG", "[::1]", "::1", "10.0.0.7")] == [
        "proxy.example.org", "::1", "::1", "10.0.0.7"]


def test_serve_on_a_port_in_use_is_one_line(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        one_line_error(run(["serve", "--port", str(taken.getsockname()[1]), "--index", str(tmp_path / "ix")]),
                       "cannot listen")


def test_serve_on_a_host_that_is_no_name_is_one_line(tmp_path):
    """A probe (session 15): `serve --host a..b` was exit 1, "UnicodeError: encoding with 'idna' codec failed"."""
    one_line_error(run(["serve", "--host", "a..b", "--index", str(tmp_path / "ix")]), "cannot listen")


def test_a_path_that_cannot_be_one_is_one_line(tmp_path):
    """A probe (session 15): a path part over 255 bytes (`info --index`, `index --corpus`, `trash --trash`) and a link
    loop as `--corpus` or `--index` were exit 1, "internal error: OSError: File name too long" / "Symlink loop"."""
    long_part = str(tmp_path / ("a" * 300))
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    one_line_error(run(["info", "--index", long_part]), "too long")
    one_line_error(run(["trash", "--trash", long_part]), "too long")
    one_line_error(run(["index", "--corpus", long_part, "--index", str(tmp_path / "ix")]), "too long")
    for flag in ("--corpus", "--index"):
        one_line_error(run(["index", flag, str(loop), *(["--index", str(tmp_path / "ix")] if flag == "--corpus"
                                                         else ["--corpus", str(ROOT / "corpus")])]), "loop")
    # and `trash --trash` a loop said "the trash (loop) is empty", exit 0 (a probe, session 15): a link that leads
    # nowhere is no folder to read or to make either
    one_line_error(run(["trash", "--trash", str(loop)]), "loop")
    (tmp_path / "gone").symlink_to(tmp_path / "nothing")
    one_line_error(run(["trash", "--trash", str(tmp_path / "gone" / "trash")]), "leads nowhere")


def test_terminal_codes_are_not_words_of_a_question(seed_index, embedder):
    """A probe (session 8): a question pasted with its colour codes listed "31mMóng" among the words the
    closest passage does not state."""
    assert clean_query("\x1b[31mMóng Cái\x1b[0m đón bao nhiêu khách?\x07") == "Móng Cái đón bao nhiêu khách?"
    with pytest.raises(BadInputError, match="must be text, got 123"):  # a number through the API was "empty" before
        clean_query(123)
    assert clean_query("\x1b]0;tiêu đề\x07Hạ Long ở đâu?") == "Hạ Long ở đâu?"
    # A probe (session 24): full-width letters (a Chinese input method's) were read as Hungarian, answered at 0.96
    # through the model of other languages; its cue words ("ｂａｏ ｎｈｉêｕ") were no cue.
    assert clean_query("Ｑｕảｎｇ Ｎｉｎｈ ｃó ｂａｏ ｎｈｉêｕ？") == "Quảng Ninh có bao nhiêu？"
    assert clean_query("２０２４年东兴口岸有多少旅客？") == "2024年东兴口岸有多少旅客？"
    result = ask("Ｍóｎｇ Ｃáｉ đón bao nhiêu lượt khách Trung Quốc năm ２０２４？", seed_index, embedder)
    assert result.lang == "vi" and result.answer.question_type == "number", result
    assert detect_language("Ｍóｎｇ Ｃáｉ？") == "vi"
    # A probe (session 11): a right-to-left override before the words is shown reversed and is no word either.
    assert clean_query("\u202eQuảng Ninh\u202c ở đâu?\u200f") == "Quảng Ninh ở đâu?"
    # A probe (session 19): 1,000 copies of U+FDFA, 18 characters each as the encoder's tokenizer reads them (NFKC),
    # held the embedder 7 to 10 s a question; its length is counted as the encoder reads it
    with pytest.raises(BadInputError, match="100 characters long, 1800 as the encoder reads them"):
        clean_query("\ufdfa" * 100)
    assert clean_query("\ufdfa" * 50) == "\ufdfa" * 50
    reason = ask("\x1b[31mCầu Bắc Luân III\x1b[0m có tổng vốn đầu tư bao nhiêu?", seed_index, embedder).answer.reason
    assert reason is not None and not any("31m" in word or "0m" == word for word in reason.missing), reason.missing


# Session 13: a probe as an attacker and a careless user found these still accepted or crashing.

@pytest.mark.parametrize("qa", ["/dev/zero", "fifo", "folder"])
def test_eval_reads_only_a_regular_qa_file(tmp_path, seed_index_dir, qa):
    """`songngu eval /dev/zero` read without end until the kernel killed it at 24 GB (exit 1 under a memory limit)."""
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    path = qa if qa.startswith("/") else str(tmp_path / qa)
    one_line_error(run(["eval", path, "--index", str(seed_index_dir)]), "not a regular file")


def test_a_qa_file_over_its_limit_is_refused(tmp_path, monkeypatch):
    from songngu.search import evaluate

    qa = tmp_path / "qa.jsonl"
    qa.write_text(json.dumps({"id": "1", "lang": "vi", "question": "Móng Cái", "doc_ids": []}) + "\n", "utf-8")
    monkeypatch.setattr(evaluate, "MAX_QA_BYTES", 10)
    with pytest.raises(BadInputError, match="larger than"):
        evaluate.read_qa(qa)


def test_a_corpus_file_over_its_limit_is_one_line(tmp_path, monkeypatch):
    """A 1.5 GB corpus file ended `songngu index` in MemoryError (exit 1): the limit is said, with what to do."""
    from songngu.index import documents

    corpus = jsonl_corpus(tmp_path, json.dumps({"id": "x", "text": ARTICLE}))
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 50)
    with pytest.raises(CorpusError, match="news.jsonl.*larger than.*split"):
        read_corpus(corpus)


def test_entries_that_are_no_regular_file_are_said_not_read(tmp_path):
    """A FIFO, a device link or a broken link with an article's suffix was skipped without a word."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "gone.md").symlink_to(tmp_path / "missing.md")
    result = run(["index", "--quiet", "--corpus", str(corpus), "--index", str(tmp_path / "ix")], cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "3 file(s) not read" in err and all(name in err for name in ("pipe.txt", "zero.txt", "gone.md")), err
    assert [d.doc_id for d in read_corpus(corpus)] == ["ok"]


@pytest.mark.parametrize("text", ["\u200b\ufeff", "\u00ad\u2060\u200d", "\x01\x02\x03", "…—", "\u200b \u200b"])
def test_a_document_without_a_letter_or_digit_has_no_text(tmp_path, text):
    """Zero-width or control characters only were indexed, with an invisible title, and ranked first for "\\u0001a"."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "blank.txt").write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match="has no text"):
        read_file(corpus / "blank.txt")


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff\r\n"])
def test_a_jsonl_file_without_records_is_refused_beside_other_files(tmp_path, content):
    """A probe (session 26): an empty .jsonl (or one of blank lines) beside other files added nothing without a word,
    while an empty .txt is refused."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "news.jsonl").write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match="news.jsonl: no articles in the file"):
        read_corpus(corpus)
    one_line_error(run(["index", "--quiet", "--corpus", str(corpus), "--index", str(tmp_path / "ix")]), "no articles")


def test_a_file_name_with_control_characters_is_refused(tmp_path):
    """A file named "new\\nline.txt" became the id "new\\nline" (JSONL ids refuse control characters)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "new\nline.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(CorpusError, match="control characters.*rename"):
        read_corpus(corpus)


def test_a_jsonl_key_given_twice_is_refused(tmp_path):
    """{"id": "x", ..., "id": "y"} kept the last id silently (the API refused it already)."""
    corpus = jsonl_corpus(tmp_path, '{"id": "x", "text": "Một câu.", "id": "y"}')
    with pytest.raises(CorpusError, match="key 'id' given twice"):
        read_corpus(corpus)


@pytest.mark.parametrize("option", ["--index", "--corpus", "--trash", "--store"])
def test_an_empty_path_option_is_refused(tmp_path, option):
    """`songngu index --corpus OTHER --index ""` rebuilt the data directory's index from another corpus."""
    corpus = jsonl_corpus(tmp_path, json.dumps({"id": "x", "text": ARTICLE}))
    given = {"--corpus": str(corpus), "--index": str(tmp_path / "ix"), option: ""}
    result = run(["index", "--quiet", *(part for pair in given.items() for part in pair)], cwd=tmp_path)
    assert result.returncode == 2 and "empty value" in result.stderr.decode(), result.stderr
    assert not (tmp_path / "ix").exists() and not (tmp_path / ".local").exists()


def test_a_json_number_of_too_many_digits_is_said_in_words():
    """/api/ask with a 5000-digit k said "... use sys.set_int_max_str_digits() t)", Python's message cut short."""
    from songngu.app.server import parse_ask_request

    with pytest.raises(BadInputError, match=r"a number of more than 4300 digits\): send"):
        parse_ask_request(b'{"query": "Mong Cai", "k": ' + b"9" * 5000 + b"}", 5)
    with pytest.raises(BadInputError, match=r"\(not UTF-8\): send"):  # the review: it was said to be a long number
        parse_ask_request(b'{"query": "\xff"}', 5)


def test_an_error_raised_from_itself_is_read_once():
    """A probe (session 13): pymilvus raises `raise e from e`; the check for a full disk followed __cause__ for ever
    (100 % CPU, the command never ended). A Milvus Lite full disk now reads as one."""
    from songngu.cli.main import write_failed

    class MilvusException(Exception):  # pymilvus's name; the package is optional
        pass

    looped = MilvusException("<MilvusException: (code=1, message=[Errno 28] No space left on device)>")
    looped.__cause__ = looped
    assert write_failed(looped)
    other = ValueError("something else")
    other.__cause__ = other
    assert not write_failed(other)


def test_bidirectional_marks_are_escaped_in_what_the_cli_prints():
    """A probe (session 14): U+200E and U+200F in a document id were printed as they are (the overrides were not)."""
    from songngu.cli.terminal import terminal_safe

    assert terminal_safe("a\u200eb\u200fc\u061cd\u202ee") == "a\\u200eb\\u200fc\\u061cd\\u202ee"


def test_songngu_index_from_the_environment_reads_as_songngu_home_does(tmp_path, monkeypatch):
    """A probe (session 14): $SONGNGU_INDEX=" " was a folder named " " and "~" was not home, unlike $SONGNGU_HOME."""
    import argparse

    from songngu.cli.places import named_index_dir

    unset = argparse.Namespace(index=None)
    for blank in ("", " ", "\t"):
        monkeypatch.setenv("SONGNGU_INDEX", blank)
        assert named_index_dir(unset) is None
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("SONGNGU_INDEX", "~/ix")
    assert named_index_dir(unset) == tmp_path / "ix"
    monkeypatch.setenv("SONGNGU_INDEX", "~nosuchuser-songngu/ix")
    with pytest.raises(BadInputError, match="SONGNGU_INDEX"):
        named_index_dir(unset)


def test_an_eval_warning_is_one_line_whatever_an_id_holds(tmp_path, seed_index_copy):
    """A probe (session 14): a question id holding a line break split the duplicate-id warning over two lines."""
    qa = tmp_path / "qa.jsonl"
    line = json.dumps({"id": "a\nb", "lang": "vi", "question": "Móng Cái ở đâu?", "doc_ids": [], "answer": ""})
    qa.write_text(f"{line}\n{line}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "songngu", "eval", str(qa), "--index", str(seed_index_copy),
                           "--json"], capture_output=True, text=True, timeout=120)
    warnings = [row for row in done.stderr.splitlines() if "used more than once" in row]
    assert done.returncode == 0 and len(warnings) == 1 and "a\\nb" in warnings[0], done.stderr


@pytest.mark.parametrize(("text", "shown"), [
    ("cannot open http://admin:p@ss@127.0.0.1:1: refused", "cannot open http://127.0.0.1:1: refused"),
    ("http://u:pa/ss@host:1 failed", "http://host:1 failed"),
    ("http://host/v1?token=root:s3cret&x=1", "http://host/v1?token=***&x=1"),
    ("http://host/#access_token=s3cret", "http://host/#access_token=***"),
    ("http://host/?key=s3cret&sig=s3cret", "http://host/?key=***&sig=***"),
    # not the user info: an "@" in the query names no password, and the host stays shown (the review of session 25)
    ("http://host:8080/v1?user=me@example.com failed", "http://host:8080/v1?user=me@example.com failed"),
])
def test_a_password_in_a_url_is_left_out_of_messages(text, shown):
    from songngu.errors import without_password

    assert without_password(text) == shown
