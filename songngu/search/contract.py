"""The JSON contract of a result, made in one place for every edge (``ask --json``, ``POST /api/ask``,
Gradio's ``/ask``): typed results travel to the edge, and only there become this JSON."""

from dataclasses import asdict

from songngu.search.answer import AbstentionReason, Answer
from songngu.search.ask import AskResult
from songngu.search.retrieve import Hit


def hit_json(hit: Hit) -> dict:
    return {**asdict(hit), "scores": hit.scores.to_json()}


def answer_json(answer: Answer) -> dict:
    data = asdict(answer)
    for citation in data["citations"]:
        citation["names"] = [{"vi": vi, "zh": zh} for vi, zh in citation["names"]]
    data["reason"] = reason_json(answer.reason)
    return data


def reason_json(reason: AbstentionReason | None) -> dict | None:
    """``answer.reason``: ``{"closest": {doc_id, start, end, text}, "missing": [words]}``, null for an answer."""
    if reason is None:
        return None
    return {"closest": {"doc_id": reason.doc_id, "start": reason.start, "end": reason.end, "text": reason.text},
            "missing": list(reason.missing)}


def generation_json(result: AskResult) -> dict:
    """The keys a language model adds to ``answer`` (only with ``--llm``: without it the JSON is as before)."""
    generation = result.generation
    if generation is None:
        return {}
    return {"mode": generation.mode, "model": generation.model, "note": generation.note,
            "unsupported": [{"text": u.text, "reason": u.reason} for u in generation.unsupported]}


def result_json(result: AskResult) -> dict:
    """The stable ``ask --json`` contract (README, "Command line")."""
    return {
        "query": result.query,
        "lang": result.lang,
        "passages": [hit_json(hit) for hit in result.passages],
        "answer": {**answer_json(result.answer), **generation_json(result)},
        "timings_ms": result.timings_ms,
    }
