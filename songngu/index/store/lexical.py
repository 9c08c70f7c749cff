"""The lexical side of the index: BM25 over pre-analysed tokens, from an in-memory impact index.

Two layers, like the vectors:

- SQLite keeps each chunk's analysed tokens (``chunk_tokens``, deleted with
  its chunk), so it stays the one source of truth, updated incrementally and
  atomically with the rest of the store.
- Each generation derives from them an impact index: per token, the chunks
  that hold it with the token's BM25 contribution to each (``LEXICAL_FILES``,
  memory-mapped numpy arrays), plus a ``lexical_terms`` table (token -> id,
  document frequency). A query adds up the impacts of its tokens with one
  ``numpy.bincount``. Scores are FTS5's ``bm25()`` exactly (same formula,
  k1 1.2, b 0.75; tests/test_lexical.py checks them against FTS5 itself).
  The arrays are rebuilt whole with each generation, as the FAISS indexes
  are: milliseconds for the seed corpus, about 5 minutes and 8 bytes a
  posting (some 350 postings a passage) for a million passages.

Why not search FTS5 directly (the first design): it evaluates bm25() for
every chunk that holds any query token, about a microsecond a posting, and
common syllables (``là``, ``của``, their ``~`` twins) are in nearly every
chunk: 2 to 4 s a question at a million chunks (bench/README.md). Summing
precomputed impacts costs a few nanoseconds a posting: 41 ms p50 for the
exact search over all of a query's postings at a million chunks.

At scale a query's postings can still run to tens of millions, so above
``POSTINGS_BUDGET`` the search takes two steps: the rarest tokens that fit the
budget (those that carry most of the BM25 weight) choose the ``RESCORED`` best
chunks, then the remaining tokens' impacts are added to those exactly
(binary search in their postings). Below the budget (every corpus up to tens
of thousands of chunks) every token is summed over every chunk.
"""

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from songngu.index.normalize import strip_diacritics

SCHEMA = """
CREATE TABLE IF NOT EXISTS chunk_tokens (
    chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE, tokens TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lexical_terms (
    term TEXT PRIMARY KEY, id INTEGER NOT NULL, df INTEGER NOT NULL
) WITHOUT ROWID;
"""

# Postings a query may sum over every chunk, and how many of the best chunks the rarest
# tokens choose when a query has more. At 1M synthetic passages (bench/scale.py; queries hold
# 4.3M postings at the median): 2M / 1,000 gave p50 27 ms, p95 38 ms and the exact top 10 on
# all 100 queries (exact search: 41 / 116 ms); 1M / 1,000 gave 23 / 30 ms and 0.992 of it.
POSTINGS_BUDGET = 2_000_000
RESCORED = 1_000
BM25_K1 = 1.2  # FTS5's bm25() defaults
BM25_B = 0.75
# Per generation: start of each term's postings (n_terms + 1), then per posting the chunk's row in
# CHUNK_IDS and the impact; CHUNK_IDS maps rows to chunk ids.
LEXICAL_FILES = ("lexical_offsets.npy", "lexical_rows.npy", "lexical_impacts.npy", "lexical_chunk_ids.npy")


@dataclass(frozen=True)
class LexicalIndex:
    """A generation's impact index, memory-mapped; ``db`` holds its ``lexical_terms``."""

    db: sqlite3.Connection
    offsets: np.ndarray
    rows: np.ndarray
    impacts: np.ndarray
    chunk_ids: np.ndarray


def create_lexical_tables(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def add_analysed(db: sqlite3.Connection, rows: Iterable[tuple[int, list[str]]]) -> None:
    """Store ``(chunk_id, tokens of songngu.index.analysis.analyse)`` pairs; the caller owns the transaction."""
    db.executemany("INSERT INTO chunk_tokens(chunk_id, tokens) VALUES (?, ?)",
                   ((chunk_id, " ".join(tokens)) for chunk_id, tokens in rows))


def write_lexical_index(db: sqlite3.Connection, directory: Path, batch: int = 20_000) -> None:
    """Derive the impact index of every stored chunk: ``lexical_terms`` in ``db``, arrays in ``directory``.

    Two passes in ``batch``-chunk steps, so that memory stays near the postings themselves (10
    bytes each) rather than several temporaries of them: the first turns tokens into
    (row, term, tf) postings and counts, the second computes impacts and writes each posting
    straight to its place in the output files (memory-mapped), grouped by term, chunks in order.
    """
    vocabulary: dict[str, int] = {}
    chunk_ids, lengths, parts = [], [], []
    cursor = db.execute("SELECT chunk_id, tokens FROM chunk_tokens ORDER BY chunk_id")
    while stored := cursor.fetchmany(batch):
        tokens = [text.split() for _, text in stored]
        terms = np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for ts in tokens for t in ts), np.int64)
        sizes = np.fromiter(map(len, tokens), np.int64, count=len(tokens))
        rows = np.repeat(np.arange(len(chunk_ids), len(chunk_ids) + len(stored), dtype=np.int64), sizes)
        keys, tf = np.unique(rows << 32 | terms, return_counts=True)  # one posting per (chunk, term)
        parts.append(((keys >> 32).astype(np.int32), (keys & 0xFFFFFFFF).astype(np.int32), tf.astype(np.uint16)))
        chunk_ids += [chunk_id for chunk_id, _ in stored]
        lengths.append(sizes)
    n_chunks, n_terms = len(chunk_ids), len(vocabulary)
    df = np.zeros(n_terms, np.int64)
    for _, terms, _ in parts:
        df += np.bincount(terms, minlength=n_terms)
    idf = np.maximum(np.log((n_chunks - df + 0.5) / (df + 0.5)), 1e-6).astype(np.float32)
    length = np.concatenate(lengths) if lengths else np.zeros(0, np.int64)
    average = (length.mean() or 1.0) if n_chunks else 1.0  # no token in any chunk (a file of "[[[..."): 0 / 0
    norm = (BM25_K1 * (1 - BM25_B + BM25_B * length / average)).astype(np.float32)
    offsets = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
    out_rows = np.lib.format.open_memmap(directory / LEXICAL_FILES[1], "w+", np.int32, (int(offsets[-1]),))
    out_impacts = np.lib.format.open_memmap(directory / LEXICAL_FILES[2], "w+", np.float32, (int(offsets[-1]),))
    written = offsets[:-1].copy()  # next free place of each term
    for rows, terms, tf in parts:
        order = np.argsort(terms, kind="stable")
        rows, terms, tf = rows[order], terms[order], tf[order].astype(np.float32)
        rank = np.arange(len(terms)) - np.searchsorted(terms, terms)  # place among this batch's same-term postings
        places = written[terms] + rank
        out_rows[places] = rows
        out_impacts[places] = idf[terms] * tf * (BM25_K1 + 1) / (tf + norm[rows])
        written += np.bincount(terms, minlength=n_terms)
    out_rows.flush()
    out_impacts.flush()
    del out_rows, out_impacts
    np.save(directory / LEXICAL_FILES[0], offsets)
    np.save(directory / LEXICAL_FILES[3], np.asarray(chunk_ids, np.int64))
    with db:
        db.execute("DELETE FROM lexical_terms")
        db.executemany("INSERT INTO lexical_terms(term, id, df) VALUES (?, ?, ?)",
                       ((term, i, int(df[i])) for term, i in vocabulary.items()))


def stored_tokens(db: sqlite3.Connection) -> dict[int, list[str]]:
    """Chunk id -> its analysed tokens, as stored."""
    return {chunk_id: tokens.split() for chunk_id, tokens in db.execute("SELECT chunk_id, tokens FROM chunk_tokens")}


def audit_lexical(index: LexicalIndex, chunk_ids: set[int]) -> list[str]:
    """What is wrong with a generation's impact index, given the ids of its stored chunks ([] when nothing)."""
    tokens = stored_tokens(index.db)
    problems = []
    if set(tokens) != chunk_ids:
        problems.append(f"{len(set(tokens) ^ chunk_ids)} chunks differ between the chunks and their tokens")
    if sorted(index.chunk_ids.tolist()) != sorted(chunk_ids):
        problems.append("the impact index does not hold exactly the stored chunks")
    holders: dict[str, set[int]] = {}
    for chunk_id, chunk_tokens in tokens.items():
        for token in set(chunk_tokens):
            holders.setdefault(token, set()).add(chunk_id)
    terms = dict(index.db.execute("SELECT term, id FROM lexical_terms").fetchall())
    if set(terms) != set(holders):
        problems.append(f"{len(set(terms) ^ set(holders))} terms differ between the tokens and lexical_terms")
    for term, term_id in terms.items():
        rows = index.rows[index.offsets[term_id]:index.offsets[term_id + 1]]
        if {int(index.chunk_ids[r]) for r in rows} != holders.get(term, set()):
            problems.append(f"the postings of {term!r} are not the chunks that hold it")
            break
    wrong_df = [t for t, df in index.db.execute("SELECT term, df FROM lexical_terms") if df != len(holders.get(t, ()))]
    if wrong_df:
        problems.append(f"{len(wrong_df)} terms have a wrong document frequency")
    return problems


def read_lexical_index(db: sqlite3.Connection, directory: Path) -> LexicalIndex:
    arrays = [np.load(directory / name, mmap_mode="r") for name in LEXICAL_FILES]
    return LexicalIndex(db, *arrays)


# SQLite takes at most SQLITE_MAX_VARIABLE_NUMBER values a statement (32,766 by default); the marks of a long
# question typed without them ask about thousands of forms (songngu.search.marks).
TERMS_A_QUERY = 10_000


def document_frequencies(db: sqlite3.Connection, tokens: Sequence[str]) -> dict[str, int]:
    """How many chunks contain each token (for IDF weights; tokens in no chunk are left out)."""
    return {term: df for term, (_, df) in _terms(db, tokens).items()}


def _terms(db: sqlite3.Connection, tokens: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Token -> (term id, document frequency) for the tokens the corpus holds."""
    unique = list(dict.fromkeys(tokens))
    found = {}
    for begin in range(0, len(unique), TERMS_A_QUERY):
        part = unique[begin: begin + TERMS_A_QUERY]
        rows = db.execute(f"SELECT term, id, df FROM lexical_terms WHERE term IN ({','.join('?' * len(part))})", part)
        found.update((term, (term_id, df)) for term, term_id, df in rows)
    return found


def lexical_search(index: LexicalIndex, tokens: Sequence[str], n: int, budget: int = POSTINGS_BUDGET,
                   rescored: int = RESCORED) -> list[tuple[int, float]]:
    """``(chunk_id, bm25)`` of the ``n`` best chunks, best first (ties by chunk id); bm25 > 0.

    Exact while the tokens' postings fit ``budget``, else the two steps of the module docstring.
    """
    terms = _terms(index.db, tokens)
    if not terms or n <= 0:
        return []
    if sum(df for _, df in terms.values()) <= budget:
        rows, scores = _sum_impacts(index, [term_id for term_id, _ in terms.values()])
        return _best(index, rows, scores, n)
    chosen, postings, twins = [], 0, set()
    for term in sorted(terms, key=lambda t: terms[t][1]):
        if postings + terms[term][1] > budget and chosen:
            break
        if term not in twins:  # "~cua" after "cửa": nearly the same chunks, little to choose by
            chosen.append(term)
            postings += terms[term][1]
            twins.add("~" + strip_diacritics(term))
    rows, scores = _sum_impacts(index, [terms[t][0] for t in chosen])
    keep = _top(scores, max(n, rescored))
    rows, scores = rows[keep], scores[keep]
    for term in (t for t in terms if t not in chosen):  # a fixed order: the same sums every time
        begin, end = index.offsets[terms[term][0]], index.offsets[terms[term][0] + 1]
        term_rows = index.rows[begin:end]
        found = np.minimum(np.searchsorted(term_rows, rows), len(term_rows) - 1)
        scores = scores + np.where(term_rows[found] == rows, index.impacts[begin:end][found], 0.0)
    return _best(index, rows, scores, n)


def _sum_impacts(index: LexicalIndex, term_ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the chunks holding any of ``term_ids`` and the sum of their impacts."""
    spans = [(index.offsets[t], index.offsets[t + 1]) for t in term_ids]
    rows = np.concatenate([index.rows[b:e] for b, e in spans])
    totals = np.bincount(rows, np.concatenate([index.impacts[b:e] for b, e in spans]).astype(np.float64),
                         minlength=len(index.chunk_ids))
    hit = np.flatnonzero(totals)
    return hit, totals[hit]


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the ``n`` largest ``scores`` (any order)."""
    return np.arange(len(scores)) if len(scores) <= n else np.argpartition(-scores, n)[:n]


def _best(index: LexicalIndex, rows: np.ndarray, scores: np.ndarray, n: int) -> list[tuple[int, float]]:
    keep = _top(scores, n)
    ranked = sorted(zip(index.chunk_ids[rows[keep]].tolist(), scores[keep].tolist(), strict=True),
                    key=lambda item: (-item[1], item[0]))
    return [(chunk_id, score) for chunk_id, score in ranked if score > 0]

