"""Answer-level metrics over plain data: ``(gold doc ids, gold answer, Answer)`` per question.

- ``answer_hit``: answerable questions whose answer is not an abstention and contains the gold
  answer string (NFC, case folded).
- ``accuracy``: all questions that get a right answer (as for ``answer_hit``) or a rightful abstention
  (no gold document).
- ``abstain_precision`` / ``abstain_recall``: of the abstentions, the share on unanswerable questions;
  of the unanswerable questions, the share that abstain.
- ``span_hit``: answerable questions whose first marked span (``answer_span`` of the first answer
  sentence that has one) contains the gold answer or is contained in it; an abstention or an answer
  without a span is a miss. ``span_f1``: SQuAD-style word-overlap F1 of that span with the gold
  answer (0 for a miss), which a span much shorter or longer than the answer cannot game.
- ``reliability``: 10 bins of ``confidence`` over the answered questions, each with its count, mean
  confidence and share of right answers; ``ece`` is the expected calibration error, the
  count-weighted mean gap between the two. Abstentions are left out because their answer cannot
  be checked; since the abstention threshold is a function of ``confidence`` alone, a calibrated
  model stays calibrated among the answers it gives.
"""

import re
from collections.abc import Sequence

from songngu.index.normalize import nfc
from songngu.search.answer import Answer

N_BINS = 10
Judged = tuple[Sequence[str], str, Answer]  # gold doc ids (empty: unanswerable), gold answer, the answer given
_WORD = re.compile(r"\w+")


def contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` (non-empty) occurs in ``haystack``, both NFC and case folded."""
    return bool(needle) and nfc(needle).casefold() in nfc(haystack).casefold()


def is_right_answer(answer: Answer, gold: str) -> bool:
    return not answer.abstained and contains(answer.text, gold)


def marked_span(answer: Answer) -> str | None:
    """The text of the answer's first marked span, or None (abstention, or no span)."""
    if answer.abstained:
        return None
    for sentence in answer.sentences:
        if sentence.answer_span:
            start, end = sentence.answer_span
            return sentence.text[start - sentence.start:end - sentence.start]
    return None


def span_hit(answer: Answer, gold: str) -> bool:
    span = marked_span(answer)
    return bool(span) and bool(gold) and (contains(span, gold) or contains(gold, span))


def span_f1(answer: Answer, gold: str) -> float:
    """Word-overlap F1 (multiset, case folded) of the first marked span with ``gold``; 0 without a span."""
    span = marked_span(answer)
    if not span or not gold:
        return 0.0
    predicted, wanted = _words(span), _words(gold)
    common = sum(min(predicted.count(w), wanted.count(w)) for w in set(predicted))
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


def _words(text: str) -> list[str]:
    return _WORD.findall(nfc(text).casefold())


def reliability(confidences: Sequence[float], rights: Sequence[bool], n_bins: int = N_BINS,
                ) -> tuple[list[dict], float | None]:
    """The reliability table (``n_bins`` equal bins of [0, 1]) and the expected calibration error."""
    table = []
    total, gap = len(confidences), 0.0
    for b in range(n_bins):
        low, high = b / n_bins, (b + 1) / n_bins
        inside = [(c, r) for c, r in zip(confidences, rights, strict=True)
                  if low <= c < high or (b == n_bins - 1 and c >= high)]
        mean_confidence = sum(c for c, _ in inside) / len(inside) if inside else None
        share_right = sum(1 for _, r in inside if r) / len(inside) if inside else None
        if inside:
            gap += len(inside) * abs(mean_confidence - share_right)
        table.append({"bin": [round(low, 2), round(high, 2)], "n": len(inside),
                      "confidence": _round(mean_confidence), "right": _round(share_right)})
    return table, (round(gap / total, 4) if total else None)


def answer_metrics(judged: Sequence[Judged]) -> dict:
    """The metrics of the module docstring for one group of questions; null where undefined."""
    answerable = [(gold, a) for docs, gold, a in judged if docs]
    unanswerable = [a for docs, _, a in judged if not docs]
    abstentions = [bool(docs) for docs, _, a in judged if a.abstained]
    answered = [(a.confidence, is_right_answer(a, gold) and bool(docs)) for docs, gold, a in judged if not a.abstained]
    table, ece = reliability([c for c, _ in answered], [r for _, r in answered])
    rightful = sum(1 for a in unanswerable if a.abstained)
    right = sum(1 for gold, a in answerable if is_right_answer(a, gold))
    return {
        "answer_hit": _mean([is_right_answer(a, gold) for gold, a in answerable]),
        "abstain_precision": _round(abstentions.count(False) / len(abstentions)) if abstentions else None,
        "abstain_recall": _round(rightful / len(unanswerable)) if unanswerable else None,
        "accuracy": _round((right + rightful) / len(judged)) if judged else None,
        "span_hit": _mean([span_hit(a, gold) for gold, a in answerable]),
        "span_f1": _mean([span_f1(a, gold) for gold, a in answerable]),
        "n_unanswerable": len(unanswerable),
        "reliability": table,
        "ece": ece,
    }


def _mean(values: Sequence[float | bool]) -> float | None:
    return _round(sum(values) / len(values)) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
