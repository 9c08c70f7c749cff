"""The web server: the Gradio app and a JSON HTTP API on one FastAPI application.

``POST /api/ask`` with ``{"query": "...", "k": 5}`` (``k`` optional) answers
with exactly the JSON of ``songngu ask --json``; a body that is not such a JSON
object, an empty or too long question or a bad ``k`` get HTTP 400 with
``{"error": message}``, a body over 64 kB 413, a body not declared JSON 415.
Every request goes through ``songngu.app.guard``: a foreign ``Host`` on a
loopback server is 421, a POST from another site's page 403.
"""

import logging
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from songngu.app.assets import stylesheet
from songngu.app.blocks import build_app
from songngu.app.generation import add_translate_route, answer_for_api
from songngu.app.guard import (
    GRADIO_PREFIX,
    MAX_BODY_BYTES,
    EventFileGuard,
    EventShapes,
    HostGuard,
    OriginGuard,
    allowed_hosts,
    check_json_body,
    check_no_query,
    input_type,
    json_body,
    read_body,
    refusal,
)
from songngu.app.state import AppSettings, LiveIndex, SerialEmbedder
from songngu.app.upload_folder import private_upload_folder
from songngu.errors import BadInputError
from songngu.index.embedders import Embedder
from songngu.index.store.interface import Store
from songngu.search.ask import check_k
from songngu.search.contract import result_json

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
USAGE = '{"query": "...", "k": 5} (k optional)'


def parse_ask_request(body: bytes, default_k: int) -> tuple[str, int]:
    """``(query, k)`` from a request body; ``BadInputError`` unless it is a JSON object with a string query and
    no other field than ``k``: a field it does not know (a filter, a language) would be ignored, and the caller
    would take an answer from every document for one from those it named."""
    payload = json_body(body, USAGE)
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        raise BadInputError(f"send a JSON object with the question as a string: {USAGE}")
    unknown = sorted(set(payload) - {"query", "k"})
    if unknown:
        shown = ", ".join(repr(name[:40]) for name in unknown[:5])
        raise BadInputError(f"unknown field(s) {shown}: /api/ask takes {USAGE}")
    return payload["query"], payload.get("k", default_k)


def check_address(host: str, port: int) -> None:
    """``BadInputError`` unless this process could listen on ``host:port`` now (a bad address, a port in use)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except (OSError, UnicodeError) as error:  # UnicodeError: a host no IDNA label can be ("a..b", a probe)
        raise BadInputError(f"cannot listen on {host}:{port}: {getattr(error, 'strerror', None) or error}") from error


# Local fonts only (nothing fetched from the network), each stack covering Vietnamese and Chinese. The
# monospace default drew Vietnamese marks beside their letters ("phôí hợp", "Băć Luân"): DejaVu Sans Mono,
# what "monospace" is on Debian, lacks the precomposed letters (`fc-list ':family=DejaVu Sans Mono:charset=1ed1'`
# lists nothing for "ố"), so they were decomposed and the marks placed by a font without mark positioning.
# Noto Sans CJK SC and its Mono (fonts-noto-cjk) and DejaVu Sans have them. DejaVu Sans comes before the CJK
# font: Noto Sans CJK SC draws “ ” and · an em wide, which left gaps around quotes in Vietnamese text; Chinese
# characters and punctuation, which DejaVu Sans lacks, fall through to Noto Sans CJK SC.
SANS_FONTS = ["Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "system-ui", "sans-serif"]
MONO_FONTS = ["Noto Sans Mono CJK SC", "ui-monospace", "monospace"]
DANGER = {"button_cancel_background_fill": "#dc2626", "button_cancel_background_fill_hover": "#b91c1c",
          "button_cancel_border_color": "#b91c1c", "button_cancel_border_color_hover": "#991b1b",
          "button_cancel_text_color": "#ffffff", "button_cancel_text_color_hover": "#ffffff"}


def theme() -> gr.themes.Base:
    """Gradio's soft theme with our fonts, and red "stop" buttons (the soft theme draws them as secondary ones)."""
    return gr.themes.Soft(font=SANS_FONTS, font_mono=MONO_FONTS).set(
        **DANGER, **{f"{name}_dark": value for name, value in DANGER.items()})


def schema_of(component: gr.components.Component) -> dict:
    """A component's JSON schema as Gradio's API describes it; empty (any value) when it has none (a Button)."""
    try:
        return component.api_info()
    except NotImplementedError:
        return {}


def create_server(live: LiveIndex, settings: AppSettings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                  ) -> FastAPI:
    """The FastAPI application: ``/api/ask`` first, then the Gradio app at ``/``."""
    server = FastAPI(title="SongNgu", docs_url=None, redoc_url=None, openapi_url=None)
    blocks = build_app(live, settings)
    shapes = EventShapes({index: tuple(input_type(schema_of(component)) for component in event.inputs)
                          for index, event in blocks.fns.items()},
                         {event.api_name: index for index, event in blocks.fns.items() if event.api_name})
    # No CORS grant to any other origin (the page is the app's own and needs none): Gradio's own middleware stands
    # aside when the parent app has this one, and it granted any localhost origin, any port, with credentials (a
    # probe: a page on localhost:3000 read /config, the document ids and titles, and /gradio_api/info).
    server.add_middleware(CORSMiddleware, allow_origins=[])
    server.add_middleware(EventFileGuard, upload_dir=Path(gr.utils.get_upload_folder()),
                          received=blocks.upload_file_set, shapes=shapes, max_files=settings.max_upload_files)
    server.add_middleware(OriginGuard)
    hosts = allowed_hosts(host, settings.allowed_host_names)
    if hosts is not None:
        server.add_middleware(HostGuard, allowed=hosts, port=port)  # added last: runs first

    @server.post("/api/ask")
    async def api_ask(request: Request) -> JSONResponse:
        try:
            check_json_body(request)
            check_no_query(request)
            query, k = parse_ask_request(await read_body(request, MAX_BODY_BYTES), settings.default_k)
            result = await run_in_threadpool(answer_for_api, query, live.current(), live.embedder,
                                             check_k(k, settings.max_k), settings)
        except BadInputError as error:
            return refusal(error)
        except Exception as error:  # the edge: JSON for the caller, the traceback in the log
            log.exception("/api/ask failed")
            return JSONResponse({"error": f"internal error ({type(error).__name__})"}, status_code=500)
        return JSONResponse(result_json(result))

    if settings.llm is not None:
        add_translate_route(server, live, settings.llm)

    async def post_only() -> JSONResponse:  # else Gradio's catch-all said 404
        return JSONResponse({"error": "this route takes POST with a JSON body (see SECURITY.md)"}, status_code=405,
                            headers={"Allow": "POST"})

    async def no_deep_links() -> JSONResponse:
        return JSONResponse({"error": "this app makes no deep links"}, status_code=404)

    # Gradio's deep-link route wrote the session's whole state (40 kB) into the upload folder on every GET, which
    # the Origin check does not cover (a probe); the app offers no deep links (gr.DeepLinkButton), so no route.
    server.add_api_route(GRADIO_PREFIX + "deep_link", no_deep_links, methods=["GET", "HEAD", "POST"])
    for route in ["/api/ask"] + (["/api/translate"] if settings.llm is not None else []):
        server.add_api_route(route, post_only, methods=["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
    # show_error=False: a caller reads the messages the app means for it (``gr.Error``, the notices), never an
    # unexpected exception's text, which can name the server's folders (SECURITY.md); those go to the log.
    # No Gradio footer: it is English in either interface language ("Use via API", "Built with Gradio");
    # the app's own footer says where the API is (songngu.app.blocks.render_footer).
    return gr.mount_gradio_app(
        server, blocks, path="/", server_name=host, server_port=port, max_file_size=settings.max_upload_bytes,
        theme=theme(), css=stylesheet(), footer_links=[], run_history=False, ssr_mode=False, show_error=False,
    )


def serve(store: Store, corpus_dir: Path, trash_dir: Path, embedder: Embedder, settings: AppSettings,
          host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the app on ``host:port`` until interrupted; the index must exist (the CLI builds it)."""
    live = LiveIndex(store, corpus_dir, SerialEmbedder(embedder), trash_dir)
    with terminated_cleanly(), private_upload_folder():
        app = create_server(live, settings, host, port)
        log.info("SongNgu on http://%s:%d", host, port)
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)


class _Terminated(BaseException):
    """SIGTERM received: unwinds the server as Ctrl-C's ``KeyboardInterrupt`` does (``terminated_cleanly``)."""


@contextmanager
def terminated_cleanly() -> Iterator[None]:
    """SIGTERM (`kill`, `systemctl stop`, `docker stop`) ends the server with its shutdown run, as Ctrl-C does:
    uvicorn shuts down on it and then raises it again, and Python's default for SIGTERM ends the process at once, so
    the upload folder stayed behind (a probe, session 29). Here that second SIGTERM unwinds the server (a second one
    during the cleanup is ignored), and once the cleanup is done the process ends by SIGTERM all the same, which
    systemd counts as a clean stop. Signal handlers are the main thread's only: elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def unwind(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, unwind)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.raise_signal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)
