"""The HTTP edge: which requests reach the app, and how much of a body is read.

- Host check (DNS rebinding): a server bound to a loopback address (any
  spelling of one, or a name that resolves to one) answers only requests whose
  ``Host`` names it (``127.0.0.1``, ``localhost``, ``[::1]`` or the bound
  address, with the bound port) or one of the names the operator allowed
  (``songngu serve --allow-host``, for a reverse proxy that passes its own
  name). Otherwise a web page on ``evil.example`` whose name an attacker points
  at 127.0.0.1 could read the app from the victim's browser. A server bound to
  another address (``--host 0.0.0.0``) was opened up on purpose and does not
  check, unless names are allowed explicitly.
- Same origin for every request that can change something (any method but
  GET, HEAD, OPTIONS): a browser request whose ``Origin`` is another site's is
  refused (403). A "simple" cross-site request (a form, ``text/plain``) needs
  no CORS at all; this check covers the Gradio routes (queue, upload) as well
  as ``/api/ask``. Clients that send no ``Origin`` (``gradio_client``, curl)
  are not browsers and pass. (No origin is granted CORS either:
  ``songngu.app.server``.)
- ``POST /api/ask`` bodies must be declared JSON (415).
- Bodies are read up to a limit and no further: a declared ``Content-Length``
  over it is refused before reading, a stream is cut when it passes it (413);
  and within a time (408), Gradio's upload route's too.
- Files an event names: a Gradio event (the queue, ``/gradio_api/run``, ``call``)
  names a file by a server path, and Gradio copies whatever file it names into
  its cache while preprocessing, before the app's handler can refuse it (and
  keeps the copy, served at ``/gradio_api/file=``, when its own type check
  fails), and makes a temporary file for each. An event body naming a file the
  upload route did not record, a link, one file twice, or more than
  ``AppSettings.max_upload_files`` files is refused (400) before Gradio reads it.
"""

import asyncio
import ipaddress
import json
import logging
import os
import socket
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from songngu.app.texts import LANGUAGES, accepted_language, error_text
from songngu.app.uploads import is_received, remove_strays
from songngu.errors import BadInputError
from songngu.index.jsonl import json_problem, keys_once

LOG = logging.getLogger(__name__)

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
JSON_TYPES = ("application/json",)
MAX_BODY_BYTES = 64_000  # /api/ask and /api/translate
# A Gradio event's body, read whole and parsed on the event loop. Files come through the upload route, so an event
# carries short values and file references: the largest the page sends, measured in Chromium, were 19.4 kB (an
# upload of 20 files with names of 60 letters "ư"; names of 255 bytes would make about 30 kB) and 6 kB (a question
# at its box's 2,000 characters of Chinese and emoji, every document in the filter, dates). Parsing 128 kB
# of "[{},{},...]" takes 3 MB and milliseconds; 16 MB, the limit before, took 400 MB and 4 s during which no other
# request was answered (a probe, which also filled the log with 1 MB values that Gradio's choice check echoes).
MAX_EVENT_BODY_BYTES = 128_000
GRADIO_PREFIX = "/gradio_api/"
UPLOAD_ROUTE = GRADIO_PREFIX + "upload"  # the one route that takes files, not paths (/run/upload is an event)
BODY_SECONDS = 10  # a body of at most 64 kB that takes longer is not a client's but a slow-loris
EVENT_BODY_SECONDS = 60  # an event's body (up to 128 kB) on a slow link
# A form to Gradio's upload route: a batch of files of 2 MB at most each (15 MB take 120 s at 1 Mbit/s). It had no
# limit: a probe sent a byte every 3 s and held the connection past 90 s.
UPLOAD_BODY_SECONDS = 120


class RefusedRequestError(BadInputError):
    """A request refused with an HTTP status of its own (415: a body not declared JSON)."""

    def __init__(self, message: str, status: int, key: str | None = None, **values: object) -> None:
        super().__init__(message, key, **values)
        self.status = status


class SlowBodyError(RefusedRequestError):
    """A request body that did not arrive within ``seconds`` (HTTP 408)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the body did not arrive within {seconds:g} s", 408, "event_too_slow", seconds=f"{seconds:g}")


class RequestTooLargeError(RefusedRequestError):
    """A request body over the limit (HTTP 413)."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message, 413, "event_too_large", **values)


def refusal(error: BadInputError, lang: str | None = None) -> JSONResponse:
    """The JSON answer to a request refused for ``error``: its own status, else 400; its message in ``lang`` when
    given (a page's event: the page shows it) and the error names one of the interface's strings, else in English."""
    message = error_text(lang, error, str(error)) if lang else str(error)
    return JSONResponse({"error": message}, status_code=getattr(error, "status", 400))


def split_host(value: str) -> tuple[str, int | None]:
    """``(name, port)`` of a ``Host`` header or URL authority: ``[::1]:7860`` -> ("::1", 7860); port None when
    absent or not a number; the name lower-cased."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port = value.partition(":") if value.count(":") == 1 else (value, "", "")
    return name, int(port) if port.isascii() and port.isdigit() else None  # not "²", which int() refuses


def loopback_addresses(host: str) -> set[str]:
    """The loopback addresses among those ``host`` stands for: an address however it is spelled (``127.0.0.2``,
    ``127.1``, ``::1``), or a name, resolved (``localhost``); empty when none is."""
    try:
        found = socket.getaddrinfo(split_host(host)[0], None, type=socket.SOCK_STREAM)
    except (OSError, ValueError):  # no such name; no IDNA label can be it ("a..b", a UnicodeError), a NUL
        return set()
    addresses = {ipaddress.ip_address(address[0].partition("%")[0]) for *_, address in found}
    return {str(address) for address in addresses if _loopback(address)}


def _loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def allowed_hosts(bound_host: str, extra: Collection[str]) -> frozenset[str] | None:
    """The host names requests may name: for a server bound to a loopback address (any spelling of one, or a name
    that resolves to one: ``loopback_addresses``), the loopback names, that address as given and as resolved, plus
    ``extra``; None (no check) for a server bound elsewhere when no ``extra`` names are given. (A probe, session 19:
    ``--host 127.0.0.2`` or ``127.1`` was not one of the three names known, and the check was off.)"""
    names = {name.strip().lower().strip("[]") for name in extra if name.strip()}
    loopback = loopback_addresses(bound_host)
    if loopback:
        return frozenset(names | set(LOOPBACK_NAMES) | loopback | {split_host(bound_host)[0]})
    return frozenset(names) if names else None


def loopback_spelling(name: str) -> bool:
    """Whether a ``Host`` name is ``localhost`` or a loopback address as written (``127.0.0.2``, ``127.1``, ``::1``),
    with no lookup."""
    if name == "localhost":
        return True
    try:
        return _loopback(ipaddress.ip_address(name))
    except ValueError:
        pass
    try:  # the short forms that browsers and curl read too: 127.1, 2130706433
        return _loopback(ipaddress.ip_address(socket.inet_aton(name)))
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False


def host_allowed(host_header: str | None, allowed: frozenset[str], port: int) -> bool:
    """Whether a ``Host`` header names this server: a loopback name or address with its port, or an allowed extra
    name."""
    if not host_header:
        return False
    name, asked_port = split_host(host_header)
    if name not in allowed:
        return False
    return not loopback_spelling(name) or asked_port in (port, None if port == 80 else port)


class HostGuard:
    """ASGI middleware: 421 for an HTTP or websocket request whose ``Host`` does not name this server."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str], port: int) -> None:
        self.app, self.allowed, self.port = app, allowed, port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not host_allowed(Headers(scope=scope).get("host"),
                                                                       self.allowed, self.port):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            response = PlainTextResponse("this server does not answer to that host name (see SECURITY.md)",
                                         status_code=421)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def same_origin(origin: str, host_header: str | None) -> bool:
    """Whether an ``Origin`` header names the server the ``Host`` header names (default ports per scheme)."""
    try:
        parts = urlsplit(origin)
    except ValueError:  # "http://[::1" (a probe: 500 on every route)
        return False
    default = {"http": 80, "https": 443}.get(parts.scheme)
    origin_name, origin_port = split_host(parts.netloc)
    host_name, host_port = split_host(host_header or "")
    return bool(origin_name) and (origin_name, origin_port or default) == (host_name, host_port or default)


class OriginGuard:
    """ASGI middleware: 403 for a request that can change something and comes from another site's page."""

    SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in self.SAFE_METHODS:
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and not same_origin(origin, headers.get("host")):
                response = JSONResponse({"error": f"requests from {origin[:100]} are not accepted: this server "
                                                  f"answers pages of its own origin, and clients that send no "
                                                  f"Origin"}, status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def check_json_body(request: Request) -> None:
    """``RefusedRequestError`` (415) for a body declared as anything but JSON (no declaration is not a browser's),
    or in another charset than UTF-8."""
    content_type, *parameters = request.headers.get("content-type", "").lower().split(";")
    content_type = content_type.strip()
    if content_type and content_type not in JSON_TYPES and not content_type.endswith("+json"):
        raise RefusedRequestError(f"the body must be JSON: send Content-Type: application/json, not "
                                  f"{content_type[:60]}", 415)
    charsets = [value.strip().strip('"') for name, _, value in (p.partition("=") for p in parameters)
                if name.strip() == "charset"]
    if any(charset not in ("utf-8", "utf8") for charset in charsets):
        bad = next(charset for charset in charsets if charset not in ("utf-8", "utf8"))
        raise RefusedRequestError(f"JSON is UTF-8: send the body in UTF-8, not {bad[:30]}", 415)


def check_no_query(request: Request) -> None:
    """``BadInputError`` for a request with query parameters: a route that reads its body only would ignore them, and
    the caller take an answer for ``?k=1`` or ``?lang=zh`` it did not get (a probe, session 26)."""
    if request.url.query:
        names = sorted(name for name in set(request.query_params) if name) or [request.url.query]  # "?=1": no name
        shown = ", ".join(repr(name[:40]) for name in names[:5])
        raise BadInputError(f"query parameter(s) {shown} are not read: send every field in the JSON body")


def json_body(body: bytes, usage: str) -> object:
    """The JSON value of a request body; ``BadInputError`` naming ``usage`` for anything else (not UTF-8, not
    JSON, nested too deeply, an integer of more than 4300 digits, a key twice in one object: which one counts
    is a parser's choice, and a proxy or a client library may have read the other). UTF-8 only: the parser would
    read UTF-16 and UTF-32 too, which a body declared in another charset than UTF-8 is refused for (a probe)."""
    try:
        text = body.decode("utf-8-sig") if body else "null"
    except UnicodeDecodeError as error:
        raise BadInputError(f"the body is not JSON (not UTF-8): send {usage}") from error
    try:
        return json.loads(text, object_pairs_hook=keys_once)
    except RecursionError as error:
        raise BadInputError(f"the body is nested too deeply: send {usage}") from error
    except ValueError as error:
        raise BadInputError(f"the body is not JSON ({json_problem(error)}): send {usage}") from error


async def read_body(request: Request, limit: int, seconds: float = BODY_SECONDS) -> bytes:
    """The request body, read as it streams in and no further than ``limit`` bytes (``RequestTooLargeError``),
    within ``seconds`` (408)."""
    declared = request.headers.get("content-length", "").strip()
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise RequestTooLargeError(f"the body is {declared[:20]} bytes; the limit is {limit}", limit=limit)

    async def read() -> bytes:
        parts, size = [], 0
        async for part in request.stream():
            size += len(part)
            if size > limit:
                raise RequestTooLargeError(f"the body is over the limit of {limit} bytes", limit=limit)
            parts.append(part)
        return b"".join(parts)

    try:
        return await asyncio.wait_for(read(), seconds)  # (asyncio.timeout is Python 3.11 and later)
    except asyncio.TimeoutError as error:  # a body sent a byte at a time holds a worker: let it go
        raise SlowBodyError(seconds) from error
    except ClientDisconnect as error:  # the caller left: nobody to answer, nothing to log
        raise RefusedRequestError("the client went away before sending the whole body", 400) from error


def within(receive: Receive, seconds: float) -> Receive:
    """``receive`` that raises ``SlowBodyError`` when the request's body has not all arrived ``seconds`` after it is
    made (for a route whose body another reads as it streams in: Gradio's upload route)."""
    deadline = asyncio.get_running_loop().time() + seconds
    whole = False

    async def receiving() -> Message:
        nonlocal whole
        if whole:  # after the body, the wait for a disconnect is not bounded
            return await receive()
        try:
            message = await asyncio.wait_for(receive(), max(deadline - asyncio.get_running_loop().time(), 0))
        except asyncio.TimeoutError as error:
            raise SlowBodyError(seconds) from error
        whole = message["type"] != "http.request" or not message.get("more_body", False)
        return message

    return receiving


def said_to_the_caller(send: Send) -> Send:
    """``send`` with a 500 whose JSON body carries a message (``{"error": "..."}``) sent as 400: Gradio's ``/run/``
    answers an error the caller made, as the app or Gradio's own checks say it, with 500."""
    held: dict | None = None  # the start of a 500, until its body is read
    body = bytearray()

    async def sending(message: dict) -> None:
        nonlocal held
        if message["type"] == "http.response.start" and message["status"] == 500:
            held = message
            return
        if held is not None and message["type"] == "http.response.body":
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            try:
                said = json.loads(bytes(body)).get("error")
            except (ValueError, AttributeError):
                said = None
            start, held = ({**held, "status": 400} if isinstance(said, str) and said.strip() else held), None
            await send(start)
            await send({"type": "http.response.body", "body": bytes(body), "more_body": False})
            return
        if held is not None:  # anything else (trailers) goes after the start it follows
            start, held = held, None
            await send(start)
            await send({"type": "http.response.body", "body": bytes(body), "more_body": True})
        await send(message)

    return sending


async def answered_or_refused(app: ASGIApp, scope: Scope, receive: Receive, send: Send, upload: bool) -> bool:
    """Run ``app``, two of Gradio's failures on a caller's malformed request told apart from real ones (a probe,
    session 15): on the upload route, a form part that is no file (Gradio's 500 and TypeError: a 400 now; any other
    500 stays one), and an answer cut short by an error after it began (GET /gradio_api/call/ask/NOSUCHID,
    /queue/data?session_hash=zzz: 100 lines of traceback each, so anyone could fill the log; one line now). Gradio's
    own app has answered 500 by the time its error arrives here: that answer is held until its cause is known.
    On the upload route, too, a body that came too slowly (``within``: 408) or was left unfinished (nothing to answer
    or log); whether that happened. A refusal there is said in the browser's language (``Accept-Language``): the
    page shows it, and the upload's body carries no page language."""
    held: list[dict] = []
    lang = accepted_language(Headers(scope=scope).get("accept-language", "")) if upload else None

    async def sending(message: dict) -> None:
        if held or (upload and message["type"] == "http.response.start" and message["status"] == 500):
            held.append(message)
        else:
            await send(message)

    try:
        await app(scope, receive, sending)
    except SlowBodyError as error:  # the route reads its body before it answers: Gradio's 500 is all it said
        await refusal(error, lang)(scope, receive, send)
        return True
    except ClientDisconnect:
        return True
    except TypeError as error:
        if held and _NOT_A_FILE in str(error):
            await refusal(BadInputError("an upload takes files only: a form field \"files\" of named files",
                                        "upload_not_files"), lang)(scope, receive, send)
            return False
        await _sent(held, send)
        raise
    except RuntimeError as error:
        await _sent(held, send)
        if _ALREADY_STARTED not in str(error):
            raise
        LOG.warning("songngu: %s %s was cut short: %s", scope.get("method"), scope.get("path", "")[:120], error)
        await send({"type": "http.response.body", "body": b"", "more_body": False})  # the answer ends, not breaks
        return False
    except BaseException:
        await _sent(held, send)
        raise
    await _sent(held, send)
    return False


async def _sent(messages: list[dict], send: Send) -> None:
    for message in messages:
        await send(message)


_NOT_A_FILE = "is not an instance of GradioUploadFile"  # Gradio's words for a form part that is no file
_ALREADY_STARTED = "response already started"


def named_paths(value: object) -> Iterator[str]:
    """The ``path`` of every file reference (an object with a string ``path``, Gradio's ``FileData``) in a JSON
    value."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("path"), str):
                yield item["path"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def page_language(payload: object) -> str | None:
    """The interface language an event of the page carries among its inputs (the app's events that change the corpus
    take it, as "vi" or "zh"), else None: a refusal of it is said in the page's language, not only the browser's."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if isinstance(data, list):
        return next((item for item in reversed(data) if isinstance(item, str) and item in LANGUAGES), None)
    return None


def check_named_files(paths: list[str], upload_dir: Path, received: Collection[str], max_files: int) -> None:
    """``BadInputError`` unless the files an event names are at most ``max_files``, each named once, and each a
    file uploaded to this server (``is_received``)."""
    if len(paths) > max_files:
        raise BadInputError(f"{len(paths)} files in one event: send at most {max_files} at a time",
                            "event_too_many_files", n=len(paths), limit=max_files)
    seen: set[str] = set()
    for named in paths:
        if not is_received(named, received, upload_dir):
            raise BadInputError(f"{os.path.basename(named)[:100]}: not a file uploaded to this server: upload it again",
                                "event_file_not_received", name=os.path.basename(named)[:100])
        real = os.path.realpath(named)
        if real in seen:
            raise BadInputError(f"{os.path.basename(named)[:100]}: named twice in one event: send each file once",
                                "event_file_twice", name=os.path.basename(named)[:100])
        seen.add(real)


@dataclass(frozen=True)
class EventShapes:
    """The inputs of each event of the app, by its index (the queue's ``fn_index``): the JSON type of each as its
    component's schema gives it ("string", "number", "array" of "string" or of files, ...; None: any); and the index
    of each event by its API name (``/gradio_api/run/NAME``, ``/call/NAME``)."""
    inputs: dict[int, tuple[tuple[str | None, str | None], ...]]
    index_by_name: dict[str, int]


def input_type(schema: dict) -> tuple[str | None, str | None]:
    """(type, type of its items) of a component's JSON schema (``api_info()``): ("array", "file") for a list of
    Gradio's ``FileData``, ("array", "string") for a multiple choice, ("number", None), ..."""
    items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
    item = "file" if "FileData" in str(items.get("$ref", "")) else items.get("type")
    kind = schema.get("type")
    if kind is None and "FileData" in str(schema.get("$ref", "")):
        kind = "file"
    return (kind if isinstance(kind, str) else None), (item if isinstance(item, str) else None)


def _fits(value: object, kind: str | None) -> bool:
    """Whether a JSON value is of the schema type ``kind`` (None always is, but for a number: a probe, session 15, sent
    the slider ``null`` and Gradio failed with a TypeError, 500 and a traceback)."""
    if kind is None or (value is None and kind not in ("number", "integer")):
        return True
    if kind in ("number", "integer"):
        return isinstance(value, int if kind == "integer" else int | float) and not isinstance(value, bool)
    if kind == "file":
        return isinstance(value, dict) and isinstance(value.get("path"), str)
    types = _JSON_TYPES.get(kind)
    return types is None or isinstance(value, types)


_JSON_TYPES = {"string": str, "boolean": bool, "array": list, "object": dict}


def event_shape_problem(path: str, payload: object, shapes: EventShapes) -> BadInputError | None:
    """What is wrong with a Gradio event's body for ``path`` (the queue, ``run`` or ``call``), or None: an event
    the app does not have (404), or data that is not a list of its inputs (400). Gradio itself answered these
    with 500 and a traceback in the log (a probe: ``fn_index`` 999, ``/run/predict``, ``{"data": []}``)."""
    route = path[len(GRADIO_PREFIX):].rstrip("/")
    if route == "queue/join":
        index = payload.get("fn_index") if isinstance(payload, dict) else None
        if type(index) is not int or index not in shapes.inputs:
            return BadInputError("no such event: fn_index names none of this app's")
    elif route.startswith("call/v2/"):  # Gradio 6's named-argument calls: not offered (SECURITY.md)
        return RefusedRequestError("no such endpoint: call the event through /gradio_api/call/NAME, or use /api/ask",
                                   404)
    elif route.startswith(("run/", "call/", "api/")) and route.count("/") == 1:  # api/: Gradio's alias of run/
        name = route.split("/", 1)[1]
        if name not in shapes.index_by_name:
            return RefusedRequestError(f"no such endpoint: {name[:60]}", 404)
        if isinstance(payload, dict) and "fn_index" in payload:  # Gradio would run the event it names instead
            return BadInputError("fn_index is the queue's: a named event takes only its inputs, as \"data\"")
        index = shapes.index_by_name[name]
    else:
        return None
    types = shapes.inputs[index]
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list) or len(data) != len(types):
        return BadInputError(f"the event takes its {len(types)} inputs as a JSON list \"data\"")
    # the queue's too: its events failed with Gradio's bare "Error" and a traceback in the log (a probe, session 15)
    for position, (value, (kind, item)) in enumerate(zip(data, types, strict=False)):
        if not _fits(value, kind) or (isinstance(value, list) and not all(_fits(v, item) for v in value)):
            return BadInputError(f"input {position + 1} of the event is not of its type ({kind or 'any'}"
                                 + (f" of {item}" if isinstance(value, list) and item else "") + ")")
    return None


class EventFileGuard:
    """ASGI middleware for a Gradio event (a JSON POST under ``/gradio_api/``, uploads aside): 400 when it names a
    file that Gradio's upload route did not record in ``received`` (``Blocks.upload_file_set``) in ``upload_dir``,
    the same file twice or more than ``max_files``, 400 or 404 when it is not one of the app's events
    (``shapes``); the body is read once, up to ``MAX_EVENT_BODY_BYTES`` (413), and handed on. A ``/run/`` event
    that fails with a message meant for the caller (the app's ``gr.Error``, Gradio's own check of a value, "k must
    be ...") gets 400, not Gradio's 500: with ``show_error=False`` only those carry a message, an unexpected
    exception's is none. The upload route's body must come within ``UPLOAD_BODY_SECONDS`` (408)."""

    def __init__(self, app: ASGIApp, upload_dir: Path, received: Collection[str], shapes: EventShapes,
                 max_files: int) -> None:
        self.app, self.upload_dir, self.received, self.shapes = app, upload_dir, received, shapes
        self.max_files = max_files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path.rstrip("/") == UPLOAD_ROUTE:
            if await answered_or_refused(self.app, scope, within(receive, UPLOAD_BODY_SECONDS), send, True):
                await run_in_threadpool(remove_strays, self.upload_dir)  # what the route had of the body cut short
            return
        if scope.get("method") != "POST" or not path.startswith(GRADIO_PREFIX):
            await answered_or_refused(self.app, scope, receive, send, False)
            return
        payload = None
        try:
            body = await read_body(Request(scope, receive), MAX_EVENT_BODY_BYTES, EVENT_BODY_SECONDS)
            try:
                payload = json.loads(body)
            except (ValueError, RecursionError):
                payload = None  # not an event of ours: Gradio answers it
            check_named_files(list(named_paths(payload)), self.upload_dir, self.received, self.max_files)
            problem = event_shape_problem(path, payload, self.shapes)
            if problem is not None:
                raise problem
        except BadInputError as error:  # the page shows the message: in its language, else English
            lang = page_language(payload) or accepted_language(Headers(scope=scope).get("accept-language", ""))
            await refusal(error, lang)(scope, receive, send)
            return
        if path.startswith((GRADIO_PREFIX + "run/", GRADIO_PREFIX + "api/")):
            send = said_to_the_caller(send)
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
