"""The lexical index on the real seed index: BM25 equal to SQLite FTS5's, and the two-step search at scale."""

import sqlite3

import pytest

from songngu.index.analysis import FTS5_TOKENIZE, analyse
from songngu.index.store import lexical

QUESTIONS = [
    ("Cửa khẩu Bắc Luân II được nâng cấp khi nào?", "vi"),
    ("kim ngach xuat nhap khau qua Mong Cai", "vi"),
    ("北仑河三桥什么时候建？", "zh"),
]


@pytest.fixture(scope="module")
def fts5(seed_index) -> sqlite3.Connection:
    """SQLite FTS5 over the same stored tokens: the reference BM25."""
    db = sqlite3.connect(":memory:")
    db.execute(f'CREATE VIRTUAL TABLE reference USING fts5(tokens, tokenize = "{FTS5_TOKENIZE}")')
    db.executemany("INSERT INTO reference(rowid, tokens) VALUES (?, ?)",
                   [(chunk_id, " ".join(tokens)) for chunk_id, tokens in lexical.stored_tokens(seed_index.db).items()])
    return db


def fts5_bm25(db: sqlite3.Connection, tokens: list[str]) -> dict[int, float]:
    expression = " OR ".join(f'"{t}"' for t in dict.fromkeys(tokens))
    return dict(db.execute("SELECT rowid, -bm25(reference) FROM reference WHERE reference MATCH ?", (expression,)))


@pytest.mark.parametrize(("question", "lang"), QUESTIONS)
def test_scores_are_the_bm25_of_sqlite_fts5(seed_index, fts5, question, lang):
    tokens = analyse(question)
    found = lexical.lexical_search(seed_index.lexical, tokens, 1000)
    reference = fts5_bm25(fts5, tokens)
    assert len(found) == len(reference) >= 5
    assert dict(found) == pytest.approx(reference, rel=1e-6)
    assert [s for _, s in found] == pytest.approx(sorted(reference.values(), reverse=True), rel=1e-6)


@pytest.mark.parametrize(("question", "lang"), QUESTIONS)
def test_over_budget_the_rarest_tokens_choose_and_every_token_scores(seed_index, question, lang):
    tokens = analyse(question)
    frequencies = lexical.document_frequencies(seed_index.db, tokens)
    exact = dict(lexical.lexical_search(seed_index.lexical, tokens, 1000))
    budget = sum(frequencies.values()) // 3  # the first step sums the rarest third of the postings only
    # ... and keeps fewer chunks than the corpus has
    staged = lexical.lexical_search(seed_index.lexical, tokens, 5, budget=budget, rescored=10)
    assert staged[0][0] == max(exact, key=exact.get), "the best chunk holds rare tokens: chosen in the first step"
    for chunk_id, score in staged:  # the second step adds every other token: exact scores
        assert score == pytest.approx(exact[chunk_id], rel=1e-6)
    assert [s for _, s in staged] == sorted((s for _, s in staged), reverse=True)


def test_document_frequencies_count_chunks(seed_index, fts5):
    frequencies = lexical.document_frequencies(seed_index.db, ["cửa_khẩu", "~cua_khau", "móng", "zzqx"])
    for term in ("cửa_khẩu", "~cua_khau", "móng"):
        assert frequencies[term] == fts5.execute("SELECT COUNT(*) FROM reference WHERE reference MATCH ?",
                                                 (f'"{term}"',)).fetchone()[0] > 0
    assert "zzqx" not in frequencies


def test_document_frequencies_of_more_tokens_than_sqlite_takes_in_one_statement(seed_index):
    """SQLite takes at most SQLITE_MAX_VARIABLE_NUMBER values a statement (32,766 by default, 250,000 as this
    Python's SQLite is built): a long question typed without marks asks about thousands of forms
    (songngu.search.marks), so the store asks in parts; the tokens found are those of a small call."""
    known = ["cửa_khẩu", "~cua_khau", "móng"]
    unknown = [f"zz{i}" for i in range(260_000)]
    found = lexical.document_frequencies(seed_index.db, [*unknown[:25_000], *known, *unknown[25_000:]])
    assert found == lexical.document_frequencies(seed_index.db, known) and len(found) == 3
    assert lexical.document_frequencies(seed_index.db, []) == {}


def test_unknown_and_empty_queries_find_nothing(seed_index):
    assert lexical.lexical_search(seed_index.lexical, ["zzqx", "~zzqx"], 10) == []
    assert lexical.lexical_search(seed_index.lexical, [], 10) == []
