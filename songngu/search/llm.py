"""A client for the user's own OpenAI-compatible chat server: Ollama, llama.cpp's server, vLLM, LM Studio or
a hosted API.

``POST {base_url}/chat/completions`` with ``{"model", "messages", "temperature", "max_tokens", "stream"}``;
the key, when there is one, goes in ``Authorization: Bearer`` and nowhere else (not in logs, errors or
``repr``). ``stream_chat`` reads the server-sent events of a streaming answer (``data: {"choices":
[{"delta": {"content": ...}}]}`` up to ``data: [DONE]``), ``chat`` returns the whole answer at once.

Every failure is an ``LLMUnavailableError`` whose ``reason`` the caller can act on: ``unreachable``,
``timeout``, ``unauthorized`` (401, 403), ``rate_limited`` (429), ``server_error`` (5xx), ``rejected`` (any
other HTTP error, such as an unknown model) or ``malformed`` (a body or stream that is not a chat
completion). A failure before the answer starts (no connection, 429, 5xx) is retried once after a short
pause; ``timeout_s`` bounds the whole answer, retry included, not each read.

httpx is imported when a request is made: the default query path, without a model server, never loads it.
"""

import codecs
import json
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from songngu.errors import LLMUnavailableError

log = logging.getLogger(__name__)

RETRYABLE = frozenset({"unreachable", "rate_limited", "server_error"})
MAX_RETRY_PAUSE_S = 2.0  # a longer Retry-After is not waited for: the user is waiting too
DETAIL_CHARS = 200
# The most a response may hold: an answer of ``max_tokens`` streamed a token an event is some 100 kB; a server that
# sends more (one sent 300 MB, at 880 MB of memory here) is cut off (a probe, session 23).
MAX_RESPONSE_BYTES = 2 << 20
ERROR_BODY_BYTES = 64 << 10  # of an error's body, what is read for its message
_BEARER = re.compile(r"(?i)\bbearer\s+\S+")  # a key quoted back by a server, whoever's it is


@dataclass(frozen=True)
class LLMSettings:
    """Where the model server is and how long to wait for it; built at the edge (CLI flags, environment)."""

    base_url: str  # up to and including the API version, e.g. http://127.0.0.1:11434/v1
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = 60.0  # the whole answer, first byte to last
    connect_timeout_s: float = 5.0
    retries: int = 1
    retry_pause_s: float = 0.5
    max_tokens: int = 600  # four sentences with markers fit easily
    temperature: float = 0.0  # the same passages give the same answer, as far as the server allows

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    @property
    def max_answer_chars(self) -> int:
        """A server that ignores ``max_tokens`` is cut here: no token of any language runs to 8 characters."""
        return 8 * self.max_tokens


def stream_chat(settings: LLMSettings, messages: list[dict[str, str]]) -> Iterator[str]:
    """The answer to ``messages`` piece by piece as the server writes it; ``LLMUnavailableError`` on failure.

    A server that ignores ``"stream": true`` and answers with one JSON body is read as well.
    """
    yield from _completion(settings, messages, stream=True)


def chat(settings: LLMSettings, messages: list[dict[str, str]]) -> str:
    """The whole answer to ``messages``; ``LLMUnavailableError`` on failure."""
    return "".join(_completion(settings, messages, stream=False))


def _completion(settings: LLMSettings, messages: list[dict[str, str]], stream: bool) -> Iterator[str]:
    import httpx  # only when a model server is configured

    deadline = time.monotonic() + settings.timeout_s
    payload = {"model": settings.model, "messages": messages, "temperature": settings.temperature,
               "max_tokens": settings.max_tokens, "stream": stream}
    # no compression: a 100-byte brotli body decoded to 64 MB in one piece before any size check (the review of
    # session 23); a server that compresses anyway is malformed (``_raise_for_encoding``)
    headers = {"Accept": "text/event-stream" if stream else "application/json", "Accept-Encoding": "identity"}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    for attempt in range(settings.retries + 1):
        started = False
        try:
            remaining = max(0.1, deadline - time.monotonic())
            timeout = httpx.Timeout(remaining, connect=min(settings.connect_timeout_s, remaining))
            log.debug("POST %s (model %s, attempt %d)", settings.endpoint, settings.model, attempt + 1)
            with httpx.Client(timeout=timeout) as client, \
                    client.stream("POST", settings.endpoint, json=payload, headers=headers) as response:
                _raise_for_status(response, deadline, settings.api_key)
                _raise_for_encoding(response)
                sent = 0
                for piece in _pieces(response, deadline):
                    started, sent = True, sent + len(piece)
                    if sent > settings.max_answer_chars:  # one repeated sentence 20,000 times, say
                        raise LLMUnavailableError("malformed", f"the answer ran past {settings.max_answer_chars} "
                                                               f"characters (max_tokens {settings.max_tokens})")
                    yield piece
            return
        except LLMUnavailableError as error:
            failure = error
        except httpx.TimeoutException as error:
            failure = LLMUnavailableError("timeout", f"no answer within {settings.timeout_s:g} s")
            failure.__cause__ = error
        except httpx.TransportError as error:  # refused, reset, DNS, a stream cut off mid-way
            reason = "malformed" if started else "unreachable"
            failure = LLMUnavailableError(reason, f"{type(error).__name__}: {error}"[:DETAIL_CHARS])
            failure.__cause__ = error
        except httpx.DecodingError as error:  # "Content-Encoding: gzip" over a body that is not (a probe, session 23)
            failure = LLMUnavailableError("malformed", f"the body does not decode: {error}"[:DETAIL_CHARS])
            failure.__cause__ = error
        failure = _without_key(failure, settings.api_key)
        pause = _pause(failure, settings)
        if started or failure.reason not in RETRYABLE or attempt == settings.retries \
                or time.monotonic() + pause >= deadline:
            raise failure
        log.info("model server %s (%s); trying again in %.1f s", failure.reason, failure.detail, pause)
        time.sleep(pause)


def _without_key(failure: LLMUnavailableError, key: str | None) -> LLMUnavailableError:
    """``failure`` with the API key taken out of its detail: a server put the request's Authorization header in its
    error message, which went into the note every user of the app reads (a probe, session 23)."""
    if not key or key not in failure.detail:
        return failure
    scrubbed = LLMUnavailableError(failure.reason, failure.detail.replace(key, "***"), failure.status,
                                   failure.retry_after)
    scrubbed.__cause__ = failure.__cause__
    return scrubbed


def _pause(failure: LLMUnavailableError, settings: LLMSettings) -> float:
    if failure.retry_after is not None:
        return min(MAX_RETRY_PAUSE_S, max(0.0, failure.retry_after))
    return settings.retry_pause_s


def _compression(response) -> str | None:
    """The body's ``Content-Encoding`` when it is compressed; None for a plain body, the only kind asked for."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    return None if encoding in ("", "identity") else encoding


def _raise_for_encoding(response) -> None:
    if (encoding := _compression(response)) is not None:
        raise LLMUnavailableError("malformed", f"the body is compressed ({encoding[:40]}), which was not asked for")


def _raise_for_status(response, deadline: float, key: str | None) -> None:
    if response.status_code < 400:
        return
    status = response.status_code
    body = bytearray()
    if _compression(response) is None:
        for chunk in _bytes(response, deadline):  # the message is at the start: a 20 MB error page is not read
            body += chunk  # whole, nor one sent a byte a second for hours (the review of session 23)
            if len(body) >= ERROR_BODY_BYTES:
                break
    message = _error_message(bytes(body[:ERROR_BODY_BYTES]).decode("utf-8", "replace"))
    if key:  # before the cut, or the cut-off start of the key stays (the review of session 23)
        message = message.replace(key, "***")
    message = _BEARER.sub("Bearer ***", message)
    detail = f"HTTP {status}: {message}"[:DETAIL_CHARS]
    if status in (401, 403):
        reason = "unauthorized"
    elif status == 429:
        reason = "rate_limited"
    elif status >= 500:
        reason = "server_error"
    else:
        reason = "rejected"
    try:
        retry_after = float(response.headers.get("retry-after", ""))
    except ValueError:
        retry_after = None
    raise LLMUnavailableError(reason, detail, status, retry_after)


def _error_message(body: str) -> str:
    """The server's own words about an error: OpenAI's ``{"error": {"message"}}``, or the body itself."""
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, RecursionError):  # 100,000 "[" were an internal error (the review of session 23)
        return " ".join(body.split())
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return error["message"]
    return str(error) if error else " ".join(body.split())


def _bytes(response, deadline: float) -> Iterator[bytes]:
    """The body as it arrives, within ``deadline`` and ``MAX_RESPONSE_BYTES``: a body sent a byte a second never
    trips a read timeout (each read gets its byte), so the whole answer's deadline is checked here (a probe, session
    23: ``--llm-timeout 5`` waited minutes)."""
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > MAX_RESPONSE_BYTES:
            raise LLMUnavailableError("malformed", f"the response ran past {MAX_RESPONSE_BYTES} bytes")
        if time.monotonic() > deadline:
            raise LLMUnavailableError("timeout", "the answer took too long")
        yield chunk


def _lines(response, deadline: float) -> Iterator[str]:
    """The lines of a server-sent event stream, read through ``_bytes``; only each new piece is split, so a long
    line sent in small pieces costs its length once (the review of session 23: 7 CPU s for 2 MB in 200 bytes)."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    pending: list[str] = []
    for chunk in _bytes(response, deadline):
        text = decoder.decode(chunk)
        if "\n" not in text:
            pending.append(text)
            continue
        first, *middle, last = text.split("\n")  # not splitlines: a JSON string may hold U+2028 as it is
        yield ("".join(pending) + first).rstrip("\r")
        yield from (line.rstrip("\r") for line in middle)
        pending = [last]
    rest = "".join(pending) + decoder.decode(b"", final=True)
    if rest:
        yield rest.rstrip("\r")


def _pieces(response, deadline: float) -> Iterator[str]:
    """Text pieces of a response: server-sent events, or one JSON completion when the server sent that."""
    if "text/event-stream" not in response.headers.get("content-type", ""):
        body = b"".join(_bytes(response, deadline))
        try:
            yield _message_content(json.loads(body))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
            raise LLMUnavailableError("malformed", f"the body is not JSON: {body[:80]!r}") from error
        return
    finished = False
    for line in _lines(response, deadline):
        if not line.startswith("data:"):
            continue  # blank lines, comments (": keep-alive"), event names
        data = line[5:].strip()
        if data == "[DONE]":
            return
        content, finish = _delta(data)
        finished = finished or finish
        if content:
            yield content
    if not finished:
        raise LLMUnavailableError("malformed", "the stream ended before the answer did")


def _delta(data: str) -> tuple[str, bool]:
    """The text of one streamed chunk and whether it ends the answer."""
    try:
        chunk = json.loads(data)
        if isinstance(chunk, dict) and chunk.get("error"):
            raise LLMUnavailableError("server_error", _error_message(data)[:DETAIL_CHARS])
        choice = chunk["choices"][0] if chunk["choices"] else {}
        content = (choice.get("delta") or {}).get("content") or ""
        if not isinstance(content, str):
            raise TypeError(f"content is {type(content).__name__}")
        return content, bool(choice.get("finish_reason"))
    except (json.JSONDecodeError, KeyError, IndexError, TypeError, AttributeError, RecursionError) as error:
        raise LLMUnavailableError("malformed", f"not a chat completion chunk: {data[:80]!r}") from error


def _message_content(body: object) -> str:
    try:
        content = body["choices"][0]["message"]["content"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError) as error:
        raise LLMUnavailableError("malformed", f"not a chat completion: {str(body)[:80]!r}") from error
    if not isinstance(content, str):
        raise LLMUnavailableError("malformed", "the completion has no text content")
    return content
