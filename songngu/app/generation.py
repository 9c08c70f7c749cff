"""The app's side of answers written by a language model (``songngu serve --llm``).

- ``streamed_views``: the results area while the model writes (``songngu.search.generate.stream_generated``),
  for the Gradio handler to yield one view after another.
- ``answer_for_api``: the result the HTTP API and ``/ask`` return: generated and checked when a model server
  is configured, extractive otherwise (exactly ``songngu.search.ask.ask``).
- ``POST /api/translate`` (``add_translate_route``): a stored passage, named by ``{"doc_id", "start", "end",
  "lang"}``, translated by the same server. Only spans of stored documents are sent, so the route cannot be
  used to send the server anything else; a failure is HTTP 502 with ``{"error": message}``.
"""

import logging
from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from songngu.app.guard import (
    MAX_BODY_BYTES,
    check_json_body,
    check_no_query,
    json_body,
    read_body,
    refusal,
)
from songngu.app.render import AnswerView, Notice
from songngu.app.state import AppSettings, LiveIndex
from songngu.errors import BadInputError, LLMUnavailableError
from songngu.index.embedders import Embedder
from songngu.index.store.interface import IndexReader
from songngu.search.ask import AskResult, ask
from songngu.search.generate import failure_text, generated_result, stream_generated, translate_passage
from songngu.search.llm import LLMSettings

log = logging.getLogger(__name__)

MAX_TRANSLATE_CHARS = 4000  # a passage is at most a few hundred words; this bounds what one click sends
TRANSLATE_USAGE = '{"doc_id": "...", "start": 0, "end": 100, "lang": "zh"}'
TRANSLATION_LANGUAGES = ("vi", "zh", "en")


def streamed_views(view: AnswerView | Notice, llm: LLMSettings) -> Iterator[AnswerView]:
    """The views that follow an extractive ``view`` while the model writes its answer (none for a notice)."""
    if not isinstance(view, AnswerView):
        return
    for result in stream_generated(view.result, llm):
        yield AnswerView(result, view.excerpts)


def answer_for_api(query: str, index: IndexReader, embedder: Embedder, k: int, settings: AppSettings,
                   ) -> AskResult:
    """The API's answer: generated and checked with a model server, else the extractive one."""
    result = ask(query, index, embedder, k=k, settings=settings.search)
    return result if settings.llm is None else generated_result(result, settings.llm)


def parse_translate_request(body: bytes) -> tuple[str, int, int, str]:
    """``(doc_id, start, end, lang)`` from a request body; ``BadInputError`` unless well formed."""
    payload = json_body(body, TRANSLATE_USAGE)
    if not isinstance(payload, dict):
        raise BadInputError(f"send a JSON object: {TRANSLATE_USAGE}")
    doc_id, start, end, lang = (payload.get(key) for key in ("doc_id", "start", "end", "lang"))
    if not isinstance(doc_id, str) or not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
        raise BadInputError(f"doc_id must be a string and start, end whole numbers: {TRANSLATE_USAGE}")
    if lang not in TRANSLATION_LANGUAGES:
        raise BadInputError(f"lang must be one of {', '.join(TRANSLATION_LANGUAGES)}")
    if not 0 <= start < end or end - start > MAX_TRANSLATE_CHARS:
        raise BadInputError(f"start and end must make a span of 1 to {MAX_TRANSLATE_CHARS} characters")
    return doc_id, start, end, lang


def passage_text(index: IndexReader, doc_id: str, start: int, end: int) -> str:
    """``document[start:end]`` of a stored document; ``BadInputError`` for an unknown document or span."""
    document = index.document_texts([doc_id]).get(doc_id)
    if document is None:
        raise BadInputError(f"no document {doc_id!r} in the index")
    if end > len(document):
        raise BadInputError(f"the span {start}-{end} is outside document {doc_id!r} ({len(document)} characters)")
    return document[start:end]


def add_translate_route(server: FastAPI, live: LiveIndex, llm: LLMSettings) -> None:
    """``POST /api/translate``: ``{"text", "model"}``, HTTP 400 for a bad request, 502 when the server fails."""

    @server.post("/api/translate")
    async def api_translate(request: Request) -> JSONResponse:
        try:
            check_json_body(request)
            check_no_query(request)
            doc_id, start, end, lang = parse_translate_request(await read_body(request, MAX_BODY_BYTES))
            passage = passage_text(live.current(), doc_id, start, end)
            translation = await run_in_threadpool(translate_passage, passage, lang, llm)
        except BadInputError as error:
            return refusal(error)
        except LLMUnavailableError as error:
            log.warning("translation failed: %s", error)
            return JSONResponse({"error": failure_text(lang, error.reason, error.status, error.detail)},
                                status_code=502)
        except Exception as error:  # the edge: JSON for the caller, the traceback in the log
            log.exception("/api/translate failed")
            return JSONResponse({"error": f"internal error ({type(error).__name__})"}, status_code=500)
        return JSONResponse({"text": translation, "model": llm.model})
