"""Fuzzing with hypothesis: hostile questions, request bodies, JSONL documents and file names, through the real CLI
(in process), the real HTTP server and the real upload path, on a real index.

Properties: the CLI exits 0 or 2 (never 1: an internal error); the server answers 200 or 4xx (never 500); an
upload is added or refused with a reason, never crashes; afterwards the index opens and answers, and the corpus
directory and the index hold the same documents with the same content hashes.

The "ci" profile (tests/conftest.py) keeps each test to a dozen examples; for a long run:
``python3 -m pytest tests/test_fuzz.py --hypothesis-profile=long``.
"""

import contextlib
import io
import json
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from songngu.app.corpus import Upload
from songngu.app.corpus_tab import release_pending, upload_step
from songngu.app.state import AppSettings, LiveIndex, SerialEmbedder
from songngu.cli import main
from songngu.index.documents import read_corpus
from songngu.index.store.local import LocalStore
from songngu.search.ask import ask
from tests.conftest import running_server

SEED = {"bus.txt": "Tuyến xe buýt Móng Cái - Đông Hưng có 8 chuyến mỗi ngày. Vé có giá 50 nhân dân tệ.",
        "hoa.md": "# Lễ hội hoa sở\n\nLễ hội hoa sở Bình Liêu năm 2025 đón 12.000 lượt khách."}
HOSTILE = ["\ud800", "\udcff", "\udce1", "\x00", "\x1b[2J", "\x1b]0;x\x07", "\x9b31m", "\u202e", "\u200b", "\ufeff",
           "🙂", "Quảng Ninh", "广宁", "Qua\u0301ng", " ", "\n", "\t", "?", "。", "-", "--index", "x" * 1500, "\\",
           '"', "'", "<script>", "%s", "{}", "NaN", "\r\n"]
any_char = st.characters(exclude_categories=())  # surrogates and controls included
questions = st.one_of(
    st.text(any_char, max_size=40),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(any_char, max_size=8)), max_size=6).map("".join),
    st.text(st.sampled_from("Quảng Ninh 广宁 là ai? "), min_size=1, max_size=60),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(any_char, max_size=20)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12)
bodies = st.one_of(
    json_values.map(lambda value: json.dumps(value).encode()),
    st.fixed_dictionaries({"query": questions}, optional={"k": json_values}).map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
    st.integers(1, 20_000).map(lambda depth: b'{"query": ' + b"[" * depth + b"]" * depth + b"}"),
)
file_names = st.one_of(
    st.text(any_char, max_size=30).map(lambda stem: stem + ".jsonl"),
    st.sampled_from(["../../etc/x.jsonl", "a/b.jsonl", ".jsonl", "bus.jsonl", "tin tức.jsonl", "x.JSONL", "\x00.jsonl",
                     "con\udcffg.jsonl", "bus.txt", "x.exe"]),
)
field_values = st.one_of(st.none(), st.integers(-10, 10**30), st.booleans(), st.floats(allow_nan=False),
                         st.text(any_char, max_size=30), st.sampled_from(["2025", "2025-02-30", "2025-10-29", ""]),
                         st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(),
                                                                              max_size=2))
records = st.fixed_dictionaries({}, optional={"id": field_values, "title": field_values, "date": field_values,
                                              "url": field_values, "text": st.one_of(field_values, questions)})
jsonl_lines = st.lists(st.one_of(records.map(json.dumps), st.text(any_char, max_size=30)), min_size=1, max_size=4)


@pytest.fixture(scope="module")
def workspace(embedder):
    """A small corpus and its index, in a directory of this module's own."""
    with tempfile.TemporaryDirectory(prefix="songngu-fuzz-") as scratch:
        root = Path(scratch)
        (root / "corpus").mkdir()
        for name, text in SEED.items():
            (root / "corpus" / name).write_text(text, encoding="utf-8")
        assert main(["index", "--quiet", "--corpus", str(root / "corpus"), "--index", str(root / "index")]) == 0
        yield root, LiveIndex(LocalStore(root / "index"), root / "corpus", SerialEmbedder(embedder), root / "trash")


def assert_sound(live: LiveIndex, embedder) -> None:
    """The index opens and answers, and holds exactly the corpus's documents."""
    reader = live.store.open_reader(embedder.name)
    assert live.store.content_hashes() == {d.doc_id: d.content_hash for d in read_corpus(live.corpus_dir)}
    assert ask("xe buýt Móng Cái", reader, embedder).passages


def run_main(argv: list[str]) -> tuple[int, str, str]:
    """``songngu.cli.main(argv)`` in this process; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@given(question=questions)
def test_any_question_through_the_cli_exits_0_or_2(workspace, embedder, question):
    root, live = workspace
    code, out, err = run_main(["ask", "--index", str(root / "index"), "--json", "--", question])
    assert code in (0, 2), err
    if code == 0:
        assert json.loads(out)["passages"]
    else:
        assert err.startswith("songngu") and err.count("\n") == 1 and "\x1b" not in err


@pytest.fixture(scope="module")
def server(workspace):
    with running_server(workspace[1]) as base:
        yield base


def post(base: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(f"{base}/api/ask", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@given(question=questions, k=st.integers(-3, 30))
def test_any_question_through_the_api_is_200_or_400(server, question, k):
    status, payload = post(server, json.dumps({"query": question, "k": k}).encode())
    assert status in (200, 400), payload
    assert ("passages" in payload) if status == 200 else payload["error"]


@given(body=bodies)
def test_any_body_for_the_api_is_200_or_4xx(server, body):
    status, payload = post(server, body)
    assert status == 200 or 400 <= status < 500, payload


@given(name=file_names, lines=jsonl_lines)
def test_any_upload_is_added_or_refused_and_the_index_stays_sound(workspace, embedder, name, lines):
    root, live = workspace
    before = {p.name: p.read_bytes() for p in live.corpus_dir.iterdir()}
    outcome = upload_step(live, AppSettings(), [Upload(name, "\n".join(lines).encode("utf-8", "surrogatepass"))],
                          "vi")
    if outcome.change is None:  # refused, or waiting for a yes: nothing written
        assert {p.name: p.read_bytes() for p in live.corpus_dir.iterdir()} == before
        assert outcome.kind in ("error", "warning"), outcome
        release_pending(outcome.pending)  # a cancel: what waits for a yes is on disk
    assert_sound(live, embedder)


@given(files=st.dictionaries(file_names, jsonl_lines, min_size=1, max_size=3))
@example(files={"0.jsonl": [""]})  # found by the long profile: an index of no documents was built (exit 0)
def test_any_corpus_files_index_with_exit_0_or_2(workspace, embedder, files):
    root, live = workspace
    corpus = root / "fuzz-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir()
    for name, lines in files.items():
        path = corpus / Path(name.replace("\x00", "_")).name
        try:  # a name with an undecodable byte (\udcff) is written as that byte; other surrogates cannot be
            path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
        except (UnicodeEncodeError, IsADirectoryError):
            continue
    code, _, err = run_main(["index", "--quiet", "--corpus", str(corpus), "--index", str(root / "fuzz-index")])
    assert code in (0, 2), err
    if code == 0:
        store = LocalStore(root / "fuzz-index")
        assert store.content_hashes() == {d.doc_id: d.content_hash for d in read_corpus(corpus)}
        assert store.open_reader(embedder.name).chunk_count() > 0


@pytest.fixture(scope="module")
def office_files():
    """A real PDF (reportlab) and a real Word file (python-docx) of two short paragraphs, as bytes."""
    from tests.test_office import PARAGRAPHS, write_docx, write_pdf

    with tempfile.TemporaryDirectory(prefix="songngu-fuzz-office-") as scratch:
        folder = Path(scratch)
        yield {".pdf": write_pdf(folder / "a.pdf", PARAGRAPHS, title="Xe buýt").read_bytes(),
               ".docx": write_docx(folder / "a.docx", "Xe buýt", PARAGRAPHS).read_bytes()}


damage = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=0, max_size=8)), min_size=1,
                  max_size=6)


@given(suffix=st.sampled_from([".pdf", ".docx"]), edits=damage, cut=st.one_of(st.none(), st.floats(0, 1)))
def test_any_damaged_pdf_or_word_file_is_read_or_refused(office_files, suffix, edits, cut):
    """A real file with bytes replaced, inserted or cut off, read as indexing and uploads read it (its parser in a
    child process): a document, or a ``CorpusError`` naming the file; never another error, never a hang."""
    from songngu.errors import CorpusError
    from songngu.index.documents import read_file

    data = bytearray(office_files[suffix])
    for where, new in edits:
        at = int(where * len(data))
        data[at:at + len(new) // 2] = new  # a replacement as long as half the new bytes: replace and insert alike
    if cut is not None:
        del data[int(cut * len(data)):]
    with tempfile.TemporaryDirectory(prefix="songngu-fuzz-office-") as scratch:
        path = Path(scratch) / f"tin tức{suffix}"
        path.write_bytes(bytes(data))
        try:
            documents = read_file(path)
        except CorpusError as error:
            assert str(error).startswith(str(path)) and error.key, error
        else:
            assert len(documents) == 1 and documents[0].text.strip()
