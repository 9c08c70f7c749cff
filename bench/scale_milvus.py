"""The Milvus store at scale, for ``bench/scale.py --store milvus:...``.

The same synthetic passages as the local figures (vectors and Vietnamese-like text with its analysed
tokens) are written through the product's ``MilvusWriter`` (10 passages a document, one chunk a
passage; no sentence rows, as the local scale figures index chunk vectors only) and searched through
its ``MilvusReader``: ``nearest_chunks`` against exact search (recall@10), ``lexical_search`` for 100
candidates against the exact BM25 of the local impact index over the same tokens (top-10 overlap,
which the Milvus store's re-scoring should make 1.0), ``document_frequencies``.
"""

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from milvus_lite import server_manager_instance

from songngu.index.chunking import Chunk
from songngu.index.documents import Document
from songngu.index.store.interface import IndexSettings
from songngu.index.store.lexical import LexicalIndex, lexical_search
from songngu.index.store.milvus import MilvusStore

PASSAGES_PER_DOCUMENT = 10
K = 10

# Run in a fresh process, as the local figures: resident memory grown by opening the reader (Milvus
# Lite loads the collections in-process; for a server this is the client's share only).
RSS_PROBE = """
import sys
from songngu.index.store.milvus import MilvusStore
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * 4096
before = resident()
reader = MilvusStore.at(sys.argv[1]).open_reader()
reader.nearest_chunks(reader.chunk_vectors([1])[0], 10)
print(resident() - before)
"""


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


Passages = tuple[list[str], list[list[str]], list[np.ndarray]]
"""(pooled sentences, their analysed tokens, each passage's sentence numbers): scale.py's text."""


def write_passages(store: MilvusStore, vectors: np.ndarray, passages: Passages, vector_index: str) -> None:
    """One build of every passage through the store's writer; chunk ids are 1..n in passage order."""
    pool, pool_tokens, picked = passages
    writer = store.begin(IndexSettings("synthetic", vectors.shape[1], 256, 1), vector_index, keep_documents=False)
    try:
        for begin in range(0, len(picked), PASSAGES_PER_DOCUMENT):
            end = min(begin + PASSAGES_PER_DOCUMENT, len(picked))
            doc_id = f"synthetic-{begin // PASSAGES_PER_DOCUMENT:07d}"
            texts = [" ".join(pool[j] for j in picked[i]) for i in range(begin, end)]
            chunks, at = [], 0
            for text in texts:
                chunks.append(Chunk(doc_id, at, at + len(text), text, ()))
                at += len(text) + 1
            document = Document(doc_id, doc_id, None, None, "\n".join(texts), "bench/scale.py")
            writer.add_document(document, chunks, vectors[begin:end],
                                [[t for j in picked[i] for t in pool_tokens[j]] for i in range(begin, end)], [],
                                np.zeros((0, vectors.shape[1]), np.float32))
    except BaseException:
        writer.abort()
        raise
    writer.commit()


def summary(values_ms: list[float]) -> dict[str, float]:
    return {"p50": round(float(np.median(values_ms)), 3), "p95": round(float(np.percentile(values_ms, 95)), 3)}


def measure_milvus(spec: str, vectors: np.ndarray, passages: Passages, queries: np.ndarray, truth: np.ndarray,
                   questions: list[list[str]], local: LexicalIndex, vector_index: str) -> dict:
    """Build the Milvus index named by ``spec`` (without "milvus:") from the passages and time its searches.

    ``truth`` holds the exact top 10 chunk ids (1-based) of each query vector; ``questions`` are
    analysed questions; ``local`` is the local impact index over the same tokens, with the same ids.
    """
    store = MilvusStore.at(spec)
    start = time.perf_counter()
    write_passages(store, vectors, passages, vector_index)
    report = {"store": store.location, "build_s": round(time.perf_counter() - start, 1), **store.describe()}
    n = len(vectors)
    store.client().close()
    if store.lite:  # the probe's process opens the file: this one lets it go
        report["disk_bytes_per_passage"] = round(directory_bytes(Path(store.uri)) / n, 1)
        server_manager_instance.release_server(store.uri)
    probe = subprocess.run([sys.executable, "-c", RSS_PROBE, spec], check=True, capture_output=True, text=True,
                           cwd=Path(__file__).resolve().parent.parent)
    report["ram_bytes_per_passage"] = round(int(probe.stdout.strip().splitlines()[-1]) / n, 1)
    reader = MilvusStore.at(spec).open_reader()
    times, recalls = [], []
    for query, exact in zip(queries, truth, strict=True):
        begin = time.perf_counter()
        found = reader.nearest_chunks(query, K)
        times.append((time.perf_counter() - begin) * 1000)
        recalls.append(len({i for i, _ in found} & set(exact.tolist())) / K)
    report["dense"] = {"search_ms": summary(times), "recall@10": round(float(np.mean(recalls)), 4)}
    searches, frequencies, overlaps = [], [], []
    for question in questions:
        begin = time.perf_counter()
        found = reader.lexical_search(question, 100)
        middle = time.perf_counter()
        reader.document_frequencies(question)
        frequencies.append((time.perf_counter() - middle) * 1000)
        searches.append((middle - begin) * 1000)
        exact = {i for i, _ in lexical_search(local, question, 100, budget=10**15)[:K]}
        overlaps.append(len(exact & {i for i, _ in found[:K]}) / max(len(exact), 1))
    report["lexical"] = {"search_ms": summary(searches), "document_frequencies_ms": summary(frequencies),
                         "top10_overlap_with_exact": round(float(np.mean(overlaps)), 3)}
    reader.close()
    return report
