"""Evaluation over a QA file: retrieval and answer metrics, per language.

QA lines: ``{"id", "lang", "question", "doc_ids", "answer"}``. A line with
empty ``doc_ids`` is unanswerable and is left out of the retrieval metrics.
Document-level metrics count a hit for any passage of a gold document;
``passage_hit@k`` asks that the gold answer string (NFC, case folded) occurs
in one of the top ``k`` passages. The answer metrics (``accuracy``, ``answer_hit``,
``span_hit``, abstention, the reliability of ``confidence`` and its ``ece``) are
defined in ``songngu.search.answer_metrics``.
"""

import json
import statistics
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from songngu.errors import BadInputError
from songngu.index.documents import read_bounded_text
from songngu.index.jsonl import json_problem, jsonl_lines, keys_once
from songngu.search.answer_metrics import answer_metrics as judge_answers
from songngu.search.answer_metrics import contains
from songngu.search.ask import AskResult, clean_query

QA_FIELDS = ("id", "lang", "question", "doc_ids", "answer")
# A QA file is read whole; XQuAD dev's is 0.5 MB. A probe's `songngu eval /dev/zero` grew to 24 GB.
MAX_QA_BYTES = 100_000_000


@dataclass(frozen=True)
class QA:
    id: str
    lang: str
    question: str
    doc_ids: tuple[str, ...]
    answer: str


def read_qa(path: Path) -> list[QA]:
    """Parse a QA JSONL file; ``BadInputError`` names the first bad line."""
    try:
        lines = jsonl_lines(read_bounded_text(path, MAX_QA_BYTES))
    except (OSError, ValueError) as error:  # ValueError: not a regular file, too large, not UTF-8
        raise BadInputError(f"cannot read {path}: {error}") from error
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append(qa_record(json.loads(line, object_pairs_hook=keys_once)))
        except ValueError as error:  # not JSON, a key twice, a number of 5,000 digits, a field of the wrong type
            raise BadInputError(f"{path}:{number}: not a QA line ({json_problem(error)})") from error
        except (KeyError, TypeError, RecursionError) as error:
            raise BadInputError(f"{path}:{number}: not a QA line ({str(error)[:120]})") from error
    if not items:
        raise BadInputError(f"{path}: no questions")
    return items


def qa_warnings(questions: Sequence[QA], held: Collection[str]) -> list[str]:
    """What in a QA file would skew its figures without being an error: gold documents the index does not
    hold (those questions can only miss) and question ids used more than once (their figures count twice)."""
    warnings = []
    missing = sorted({d for qa in questions for d in qa.doc_ids} - set(held))
    if missing:
        asking = sum(any(d in missing for d in qa.doc_ids) for qa in questions)
        warnings.append(f"{asking} question(s) name documents the index does not hold ({', '.join(missing[:3])}"
                        f"{', ...' if len(missing) > 3 else ''}): they count as misses")
    unanswered = [qa.id for qa in questions if qa.doc_ids and not qa.answer.strip()]  # as ``qa_record`` reads it
    if unanswered:
        warnings.append(f"{len(unanswered)} question(s) with gold documents have no answer ({', '.join(unanswered[:3])}"
                        f"{', ...' if len(unanswered) > 3 else ''}): passage_hit and answer_hit count them as misses")
    undocumented = [qa.id for qa in questions if not qa.doc_ids and qa.answer.strip()]
    if undocumented:
        warnings.append(f"{len(undocumented)} question(s) with an answer name no gold document "
                        f"({', '.join(undocumented[:3])}{', ...' if len(undocumented) > 3 else ''}): they count as "
                        f"unanswerable, and an answer to one as wrong")
    repeated = sorted(i for i, n in Counter(qa.id for qa in questions).items() if n > 1)
    if repeated:
        warnings.append(f"question id(s) used more than once ({', '.join(repeated[:3])}"
                        f"{', ...' if len(repeated) > 3 else ''}): each is scored every time")
    return warnings


def qa_record(record: object) -> QA:
    """A QA line's object as a ``QA``; ``ValueError``/``KeyError`` naming the field that is wrong.

    ``question`` and ``lang`` are strings, ``id`` a string or an integer, ``doc_ids`` a list of
    strings (absent or empty: unanswerable), ``answer`` a string or absent.
    """
    if not isinstance(record, dict):
        raise ValueError("a QA line is a JSON object")
    for key in record:  # other keys are the file's own ("kind"); one spelt like ours is a typo that would skew
        # the figures: "doc_id" made every question unanswerable, silently (a probe, session 25)
        near = get_close_matches(str(key).lower(), QA_FIELDS, n=1, cutoff=0.75)
        if key not in QA_FIELDS and near and near[0] not in record:  # "_id" beside "id" is the file's own
            raise ValueError(f"unknown key {str(key)[:40]!r}: did you mean {near[0]!r}?")
    for field in ("question", "lang"):
        if not isinstance(record[field], str):
            raise ValueError(f"{field!r} must be a string")
    try:  # a question the command would refuse is said with its line, before anything is asked
        clean_query(record["question"])
    except BadInputError as error:
        raise ValueError(f"'question': {error}") from None
    if isinstance(record["id"], bool) or not isinstance(record["id"], (str, int)):
        raise ValueError("'id' must be a string or an integer")
    # absent or null is none; a value of another type is an error, not none (a probe, session 26: "doc_ids": 0 made the
    # question unanswerable, "answer": false made it one without an answer, silently)
    doc_ids = [] if record.get("doc_ids") is None else record["doc_ids"]
    if not isinstance(doc_ids, list) or not all(isinstance(d, str) for d in doc_ids):
        raise ValueError("'doc_ids' must be a list of document ids (strings)")
    answer = "" if record.get("answer") is None else record["answer"]
    if not isinstance(answer, str):
        raise ValueError("'answer' must be a string")
    answer = answer.strip()  # an answer of spaces is none: " " is in every text, and would count every answer right
    lang = record["lang"].strip().lower()  # "VI" and "vi " are the same language: one group in the report
    if not lang:
        raise ValueError("'lang' must name a language (vi, zh, en)")
    return QA(str(record["id"]), lang, record["question"], tuple(doc_ids), answer)


def _first_gold_rank(result: AskResult, qa: QA) -> int | None:
    return next((hit.rank for hit in result.passages if hit.doc_id in qa.doc_ids), None)


def retrieval_metrics(pairs: Sequence[tuple[QA, AskResult]]) -> dict:
    """Metrics of one group of (question, result) pairs."""
    answerable = [(qa, r) for qa, r in pairs if qa.doc_ids]
    n = len(answerable)

    def mean(values: list[float]) -> float | None:
        return round(sum(values) / n, 4) if n else None

    ranks = [_first_gold_rank(r, qa) for qa, r in answerable]
    metrics = {"n": n}
    for cutoff in (1, 5, 10):
        metrics[f"recall@{cutoff}"] = mean([1.0 if rank and rank <= cutoff else 0.0 for rank in ranks])
    metrics["mrr@10"] = mean([1.0 / rank if rank and rank <= 10 else 0.0 for rank in ranks])
    for cutoff in (1, 5):
        metrics[f"passage_hit@{cutoff}"] = mean(
            [1.0 if any(contains(h.text, qa.answer) for h in r.passages[:cutoff]) else 0.0 for qa, r in answerable]
        )
    metrics.update(answer_metrics(pairs))
    return metrics


def answer_metrics(pairs: Sequence[tuple[QA, AskResult]]) -> dict:
    """Answer-level metrics (``songngu.search.answer_metrics``) of one group of (question, result) pairs."""
    return judge_answers([(qa.doc_ids, qa.answer, r.answer) for qa, r in pairs])


def evaluate(questions: Sequence[QA], ask_one: Callable[[str], AskResult]) -> dict:
    """Run every question through ``ask_one`` and return the ``eval --json`` contract."""
    pairs = [(qa, ask_one(qa.question)) for qa in questions]
    latencies = sorted(r.timings_ms.get("total", 0.0) for _, r in pairs)
    by_lang = {lang: retrieval_metrics([(qa, r) for qa, r in pairs if qa.lang == lang])
               for lang in sorted({qa.lang for qa in questions})}
    return {
        "n": len(pairs),
        "all": retrieval_metrics(pairs),
        "by_lang": by_lang,
        "latency_ms": {"p50": round(statistics.median(latencies), 3), "p95": round(_percentile(latencies, 95), 3)},
    }


def _percentile(sorted_values: list[float], percent: float) -> float:
    if not sorted_values:
        return 0.0
    position = min(len(sorted_values) - 1, max(0, round(percent / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[position]
