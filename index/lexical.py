"""The lexical side of the index: SQLite FTS5 over pre-analysed tokens.

Why FTS5: it lives in the same SQLite file as the chunks, so it is updated in
the same transaction (incremental and atomic for free), it scores with BM25,
and it needs no extra dependency. Our analysers (``index.analysis``) do the
language work; FTS5 only splits on whitespace-like characters and indexes.
"""

import sqlite3
from collections.abc import Iterable, Sequence

from index.analysis import FTS5_TOKENIZE, analyse

ANALYSER_VERSION = "2"

SCHEMA = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(tokens, tokenize = "{FTS5_TOKENIZE}");
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab(chunks_fts, 'row');
CREATE TRIGGER IF NOT EXISTS chunks_fts_delete AFTER DELETE ON chunks BEGIN
    DELETE FROM chunks_fts WHERE rowid = old.id;
END;
"""


def create_lexical_table(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def add_chunks(db: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Index ``(chunk_id, text)`` pairs; the caller owns the transaction."""
    db.executemany(
        "INSERT INTO chunks_fts(rowid, tokens) VALUES (?, ?)",
        ((chunk_id, " ".join(analyse(text, "vi"))) for chunk_id, text in rows),
    )


def match_expression(tokens: Sequence[str]) -> str:
    """An FTS5 query matching any of ``tokens`` (each quoted, repeats dropped)."""
    unique = dict.fromkeys(t for t in tokens if t and '"' not in t)
    return " OR ".join(f'"{t}"' for t in unique)


def lexical_search(db: sqlite3.Connection, tokens: Sequence[str], n: int) -> list[tuple[int, float]]:
    """``(chunk_id, bm25)`` of the ``n`` best chunks, best first; bm25 is positive, higher is better."""
    expression = match_expression(tokens)
    if not expression:
        return []
    rows = db.execute(
        "SELECT rowid, -bm25(chunks_fts) AS score FROM chunks_fts WHERE chunks_fts MATCH ? "
        "ORDER BY bm25(chunks_fts) LIMIT ?",
        (expression, n),
    ).fetchall()
    return [(int(row[0]), float(row[1])) for row in rows]


def document_frequencies(db: sqlite3.Connection, tokens: Sequence[str]) -> dict[str, int]:
    """How many chunks contain each token (for IDF weights; tokens in no chunk are left out)."""
    unique = list(dict.fromkeys(tokens))
    if not unique:
        return {}
    marks = ",".join("?" * len(unique))
    rows = db.execute(f"SELECT term, doc FROM chunks_vocab WHERE term IN ({marks})", unique).fetchall()
    return {row[0]: int(row[1]) for row in rows}
