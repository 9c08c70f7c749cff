"""Answers written by the user's own language model in the question's language, every sentence checked.

``generated_result`` takes the result of ``songngu.search.ask.ask`` (its passages and extractive answer),
asks the model server (``songngu.search.llm``) to answer from those passages (``songngu.search.prompts``),
and keeps the sentences the grounding check supports (``songngu.search.grounding``). The result's
``generation`` tells what happened:

- mode ``generated``: the answer is the supported sentences with their citations; the others are in
  ``unsupported`` with the reason. When the model says the passages hold no answer, the answer abstains.
- mode ``extractive``: the answer is the extractive one, and ``note`` says why, in the question's language:
  the server failed (unreachable, refused, too slow, nonsense), answered in another language, or wrote
  no supported sentence. Keywords that ask nothing (``Answer.keywords``) are not sent: the note says so,
  and the extractive answer is the keywords line with the closest passages.

``stream_generated`` does the same while the model writes, yielding a result each time a sentence has been
checked; its last result is the one ``generated_result`` gives. Nothing the server does raises from here.
"""

import re
import time
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace

from songngu.errors import LLMUnavailableError
from songngu.index.embedders import Embedder
from songngu.index.store.interface import IndexReader
from songngu.search.answer import NO_ANSWER_TEXT, Answer
from songngu.search.ask import AskResult, ask
from songngu.search.grounding import (
    MARKER,
    Claim,
    Source,
    Verdict,
    check_claim,
    grounded_answer,
    sources_for,
    split_claims,
)
from songngu.search.language import detect_language
from songngu.search.llm import LLMSettings, chat, stream_chat
from songngu.search.prompts import NO_ANSWER, answer_messages, prompt_language, translation_messages
from songngu.search.settings import SearchSettings

# Why an answer fell back to the extractive one, per language of the question (English for any other).
NOTES = {
    "vi": {
        "unreachable": "Không kết nối được máy chủ mô hình ngôn ngữ",
        "timeout": "Máy chủ mô hình ngôn ngữ không trả lời kịp",
        "unauthorized": "Máy chủ mô hình ngôn ngữ từ chối khóa truy cập (HTTP {status})",
        "rate_limited": "Máy chủ mô hình ngôn ngữ đang quá tải (HTTP 429)",
        "server_error": "Máy chủ mô hình ngôn ngữ gặp lỗi (HTTP {status})",
        "rejected": "Máy chủ mô hình ngôn ngữ từ chối yêu cầu ({detail})",
        "malformed": "Máy chủ mô hình ngôn ngữ trả về dữ liệu không đọc được",
        "empty": "Mô hình ngôn ngữ không viết gì",
        "wrong_language": "Mô hình ngôn ngữ trả lời bằng một ngôn ngữ khác với câu hỏi",
        "nothing_supported": "Không câu nào mô hình viết được các đoạn nguồn nó trích xác nhận",
        "no_passages": "Không có đoạn nguồn nào để mô hình đọc",
        "keywords": "Đây là từ khóa, không phải câu hỏi: mô hình ngôn ngữ không được hỏi",
        "fallback": "đây là câu trả lời trích nguyên văn từ bài báo.",
    },
    "zh": {
        "unreachable": "无法连接语言模型服务器",
        "timeout": "语言模型服务器响应超时",
        "unauthorized": "语言模型服务器拒绝了访问密钥（HTTP {status}）",
        "rate_limited": "语言模型服务器请求过多（HTTP 429）",
        "server_error": "语言模型服务器出错（HTTP {status}）",
        "rejected": "语言模型服务器拒绝了请求（{detail}）",
        "malformed": "语言模型服务器返回的数据无法读取",
        "empty": "语言模型没有给出回答",
        "wrong_language": "语言模型没有用提问的语言回答",
        "nothing_supported": "语言模型写的句子都没有得到所引段落的支持",
        "no_passages": "没有可供语言模型阅读的段落",
        "keywords": "这是关键词，不是问题：没有询问语言模型",
        "fallback": "以下是从原文摘录的答案。",
    },
    "en": {
        "unreachable": "The language model server could not be reached",
        "timeout": "The language model server did not answer in time",
        "unauthorized": "The language model server refused the key (HTTP {status})",
        "rate_limited": "The language model server is overloaded (HTTP 429)",
        "server_error": "The language model server failed (HTTP {status})",
        "rejected": "The language model server refused the request ({detail})",
        "malformed": "The language model server sent something that is not an answer",
        "empty": "The language model wrote nothing",
        "wrong_language": "The language model answered in another language than the question's",
        "nothing_supported": "No sentence the language model wrote is supported by the passages it cites",
        "no_passages": "There are no passages for the language model to read",
        "keywords": "These are keywords, not a question: the language model was not asked",
        "fallback": "this is the answer quoted from the articles.",
    },
}
_SEPARATOR = {"vi": "; ", "zh": "，", "en": "; "}
# Some models think aloud before answering (<think>...</think>); only the answer after it is read.
_REASONING = re.compile(r"<think>.*?(?:</think>|\Z)", re.S)
_PARTIAL_MARKER = re.compile(r"[\[【［][\d\s,，、;；]*\Z")


@dataclass(frozen=True)
class Unsupported:
    """A generated sentence left out of the answer: as written, what is wrong (``songngu.search.grounding.
    Problem``: ``kind`` and the ``item`` at fault) and the reason in one English line (the JSON's)."""

    text: str
    kind: str
    item: str
    reason: str


@dataclass(frozen=True)
class Generation:
    """What the language model did for one result (``AskResult.generation``; see the module docstring)."""

    mode: str  # "generated" or "extractive"
    model: str
    unsupported: tuple[Unsupported, ...]
    note: str | None  # why the answer fell back, in the question's language; None when generated
    failure: str | None  # the key of ``NOTES`` behind ``note``
    extractive: Answer  # the extractive answer, shown on request beside a generated one
    complete: bool = True  # False while the model is still writing (``stream_generated``)


def failure_text(lang: str, failure: str, status: int | None = None, detail: str = "") -> str:
    """What went wrong (a key of ``NOTES``), in ``lang``."""
    return NOTES[prompt_language(lang)][failure].format(status=status or "?", detail=detail or "?")


def note_for(lang: str, failure: str, status: int | None = None, detail: str = "") -> str:
    """The one-line note of a fall back, in the question's language."""
    language = prompt_language(lang)
    return f"{failure_text(lang, failure, status, detail)}{_SEPARATOR[language]}{NOTES[language]['fallback']}"


def without_reasoning(text: str) -> str:
    """``text`` without a model's thinking aloud (``<think>…</think>``, or an unclosed one so far)."""
    return _REASONING.sub("", text).strip()


def written_in(text: str, lang: str) -> bool:
    """Whether ``text`` (markers aside) is in ``lang``; any text passes for a language without a prompt."""
    if lang not in NO_ANSWER:
        return True
    return detect_language(MARKER.sub(" ", text)) in (lang, "und")


def _squashed(text: str) -> str:
    return re.sub(r"[\W_]+", "", MARKER.sub("", text)).casefold()


def says_no_answer(claim: Claim, lang: str) -> bool:
    """Whether ``claim`` is the prompt's no-answer sentence (punctuation, case and markers aside)."""
    return _squashed(claim.text) == _squashed(NO_ANSWER[prompt_language(lang)])


def generated_result(result: AskResult, llm: LLMSettings) -> AskResult:
    """``result`` with a generated, checked answer, or its extractive answer and a note (module docstring)."""
    if not result.passages or result.answer.keywords:
        return _not_asked(result, llm)
    clock = time.perf_counter()
    try:
        written = chat(llm, answer_messages(result.query, result.lang, result.passages))
    except LLMUnavailableError as error:
        return _failed(result, llm, error, _since(clock))
    return judged(result, llm, written, _since(clock))


def stream_generated(result: AskResult, llm: LLMSettings) -> Iterator[AskResult]:
    """Results while the model writes: first one with no sentence yet, then one each time a sentence is
    checked (only supported sentences in its answer), and last the complete result of ``judged``."""
    if not result.passages or result.answer.keywords:
        yield _not_asked(result, llm)
        return
    sources = sources_for(result.passages)
    yield _writing(result, llm, [], sources)
    clock, written, verdicts = time.perf_counter(), "", {}
    try:
        for piece in stream_chat(llm, answer_messages(result.query, result.lang, result.passages)):
            written += piece
            finished = [c for c in _finished_claims(written) if not says_no_answer(c, result.lang)]
            fresh = [claim for claim in finished if claim not in verdicts]
            if fresh:
                verdicts.update((claim, check_claim(claim, sources, result.lang, result.query)) for claim in fresh)
                if written_in(" ".join(c.text for c in finished), result.lang):
                    yield _writing(result, llm, [verdicts[c] for c in finished], sources)
    except LLMUnavailableError as error:
        yield _failed(result, llm, error, _since(clock))
        return
    yield judged(result, llm, written, _since(clock), sources)


def _finished_claims(written: str) -> list[Claim]:
    """The sentences written so far that are complete: all but the last (which may still grow, or still
    be waiting for its markers)."""
    text = _PARTIAL_MARKER.sub("", without_reasoning(written))
    return split_claims(text)[:-1]


def judged(result: AskResult, llm: LLMSettings, written: str, llm_ms: float,
           sources: Sequence[Source] | None = None) -> AskResult:
    """``result`` with the model's complete answer ``written`` checked (module docstring)."""
    clock = time.perf_counter()
    text = without_reasoning(written)
    sources = sources or sources_for(result.passages)
    claims = split_claims(text)
    timings = {"llm": llm_ms}
    if not claims:
        return _fallback(result, llm, "empty", (), {**timings, "grounding": _since(clock)})
    if not written_in(text, result.lang):
        return _fallback(result, llm, "wrong_language", (), {**timings, "grounding": _since(clock)})
    abstains = any(says_no_answer(claim, result.lang) for claim in claims)
    verdicts = [check_claim(claim, sources, result.lang, result.query) for claim in claims
                if not says_no_answer(claim, result.lang)]
    unsupported = _unsupported(verdicts, len(sources))
    supported = [v for v in verdicts if v.problem is None]
    timings["grounding"] = _since(clock)
    if abstains and not supported:
        answer = _abstention(result.lang, result.answer)
    elif not supported:
        return _fallback(result, llm, "nothing_supported", unsupported, timings)
    else:
        answer = grounded_answer(supported, sources, result.lang, result.answer)
    generation = Generation("generated", llm.model, unsupported, None, None, result.answer)
    return replace(result, answer=answer, generation=generation, timings_ms=_timed(result, timings))


def _writing(result: AskResult, llm: LLMSettings, verdicts: Sequence[Verdict], sources: Sequence[Source],
             ) -> AskResult:
    supported = [v for v in verdicts if v.problem is None]
    answer = grounded_answer(supported, sources, result.lang, result.answer)
    generation = Generation("generated", llm.model, _unsupported(verdicts, len(sources)), None, None,
                            result.answer, complete=False)
    return replace(result, answer=answer, generation=generation)


def _unsupported(verdicts: Sequence[Verdict], passages: int) -> tuple[Unsupported, ...]:
    return tuple(Unsupported(v.claim.text, v.problem.kind, v.problem.item,
                             v.problem.reason(v.claim.markers, passages)) for v in verdicts if v.problem)


def _abstention(lang: str, extractive: Answer) -> Answer:
    text = NO_ANSWER_TEXT.get(lang) or NO_ANSWER[prompt_language(lang)]
    return Answer(text, (), (), True, extractive.confidence, extractive.question_type)


def _not_asked(result: AskResult, llm: LLMSettings) -> AskResult:
    """The extractive result of a question the model is not asked: no passages to read, or keywords, which ask
    nothing (their note has no "this is the quoted answer": the keywords line is no answer)."""
    if result.answer.keywords:
        return _fallback(result, llm, "keywords", (), {}, failure_text(result.lang, "keywords"))
    return _fallback(result, llm, "no_passages", (), {})


def _failed(result: AskResult, llm: LLMSettings, error: LLMUnavailableError, llm_ms: float) -> AskResult:
    note = note_for(result.lang, error.reason, error.status, error.detail)
    return _fallback(result, llm, error.reason, (), {"llm": llm_ms}, note)


def _fallback(result: AskResult, llm: LLMSettings, failure: str, unsupported: tuple[Unsupported, ...],
              timings: dict[str, float], note: str | None = None) -> AskResult:
    generation = Generation("extractive", llm.model, unsupported, note or note_for(result.lang, failure), failure,
                            result.answer)
    return replace(result, generation=generation, timings_ms=_timed(result, timings))


def _timed(result: AskResult, extra: dict[str, float]) -> dict[str, float]:
    stages = {stage: ms for stage, ms in result.timings_ms.items() if stage != "total"} | extra
    return {**stages, "total": round(sum(stages.values()), 3)}


def _since(clock: float) -> float:
    return round((time.perf_counter() - clock) * 1000, 3)


def ask_generated(query: str, index: IndexReader, embedder: Embedder, llm: LLMSettings, k: int = 5,
                  retriever: str = "hybrid", doc_ids: Collection[str] | None = None,
                  settings: SearchSettings = SearchSettings(),  # noqa: B008
                  ) -> AskResult:
    """``songngu.search.ask.ask``, then ``generated_result``."""
    return generated_result(ask(query, index, embedder, k, retriever, doc_ids, settings), llm)


def translate_passage(passage: str, lang: str, llm: LLMSettings) -> str:
    """``passage`` translated into ``lang`` by the model (not checked: shown as a machine translation).
    ``LLMUnavailableError`` when the server fails or writes nothing."""
    translation = without_reasoning(chat(llm, translation_messages(passage, lang)))
    if not translation:
        raise LLMUnavailableError("malformed", "the translation is empty")
    return translation

