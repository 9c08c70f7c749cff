"""A scripted stand-in for an OpenAI-compatible chat server, for the tests.

No language model can run on this machine (two shared cores, no GPU, no model weights), so the tests that
need a model server start this one: a FastAPI app served by uvicorn on a free 127.0.0.1 port, in a thread
of the test process. It speaks the wire format SongNgu relies on (``POST /v1/chat/completions``, streamed
server-sent events or one JSON body, Bearer keys, HTTP errors) and answers from a script chosen by the
model name, so one server plays every behaviour at once: a grounded answer with an invented number, bad
markers, the wrong language, an abstention, slow, failing and malformed responses. It shows that SongNgu
handles what a server may send; it says nothing about how well a real model answers.
"""

import asyncio
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse

from tests.conftest import free_port

MODEL = "scripted"  # a grounded Chinese answer about Bắc Luân III, plus one sentence with an invented number
INVENTED = "该桥总投资为5.2亿美元。"


@dataclass
class Reply:
    """What the server sends: ``text`` in ``pieces`` chunks ``delay_s`` apart (streamed), or an HTTP error."""

    text: str = ""
    status: int = 200
    pieces: int = 6
    delay_s: float = 0.0
    form: str = "sse"  # "sse", "json" (even when a stream is asked for), "garbage", "cut" (no end), and the
    # probes of session 23: "trickle" (a JSON body a byte every ``delay_s``), "trickle-sse" (one event line so),
    # "flood" (comments without end, fast), "gzip-bad" (said gzip, sent plain), "echo-key" (a 400 quoting the key;
    # "echo-key-late": past 180 characters, where the detail is cut), "deep" (100,000 "[", as JSON)
    headers: dict[str, str] = field(default_factory=dict)


def passage_with(payload: dict, needle: str) -> int:
    """The number [n] of the first passage of the prompt that contains ``needle`` (1 when none does)."""
    user = payload["messages"][-1]["content"]
    for match in re.finditer(r"^\[(\d+)\] .*\n(.*)$", user, re.M):
        if needle.casefold() in match.group(2).casefold():
            return int(match.group(1))
    return 1


def translation_of(payload: dict) -> str | None:
    system = payload["messages"][0]["content"]
    if "翻译" in system or "Dịch" in system or "Translate" in system:
        return "（译文）" + payload["messages"][-1]["content"][:40]
    return None


def bac_luan(payload: dict) -> Reply:
    """The issue's example: ``北仑河三桥 ... [1]``, supported, then a sentence with a number in no passage."""
    n = passage_with(payload, "Bắc Luân III")
    return Reply(f"北仑河三桥（Cầu Bắc Luân III）是中越边境上的跨境桥梁工程。[{n}]{INVENTED}[{n}]")


SCRIPTS: dict[str, Callable[[dict], Reply]] = {
    MODEL: bac_luan,
    "slow-stream": lambda p: Reply(bac_luan(p).text, pieces=12, delay_s=0.5),
    "bad-markers": lambda p: Reply(f"北仑河三桥（Cầu Bắc Luân III）是跨境桥梁。[{passage_with(p, 'Bắc Luân III')}]"
                                   "北仑河三桥是重要工程。北仑河三桥连接两国。[9]"),
    "wrong-language": lambda p: Reply("Cầu Bắc Luân III thuộc Cửa khẩu quốc tế Móng Cái - Đông Hưng. [1]"),
    "abstain": lambda p: Reply("段落中没有答案。"),
    "nothing-supported": lambda p: Reply(INVENTED + "[1]"),
    "think": lambda p: Reply("<think>先看段落一。</think>" + bac_luan(p).text),
    "json-only": lambda p: Reply(bac_luan(p).text, form="json"),
    "garbage": lambda p: Reply("x", form="garbage"),
    "cut-off": lambda p: Reply(bac_luan(p).text, form="cut"),
    "slow": lambda p: Reply(bac_luan(p).text, pieces=2, delay_s=3.0),
    "fail-401": lambda p: Reply(status=401),
    "fail-404": lambda p: Reply(status=404),
    "fail-429": lambda p: Reply(status=429, headers={"Retry-After": "0"}),
    "fail-500": lambda p: Reply(status=500),
    # A server that ignores max_tokens: one supported sentence 20,000 times (800,000 characters).
    "endless": lambda p: Reply(bac_luan(p).text.split(INVENTED)[0] * 20_000, pieces=200),
    # Leftovers that are not sentences: bracketed numbers that are not markers, and markup around a marker.
    "junk-markers": lambda p: Reply(INVENTED + "[1]…[-1][1,2][１]<b>[1]</b>"),
    "trickle": lambda p: Reply(bac_luan(p).text, form="trickle", delay_s=0.2),
    "trickle-sse": lambda p: Reply(bac_luan(p).text, form="trickle-sse", delay_s=0.2),
    "flood": lambda p: Reply(form="flood"),
    "gzip-bad": lambda p: Reply(bac_luan(p).text, form="gzip-bad"),
    "echo-key": lambda p: Reply(status=400, form="echo-key"),
    "echo-key-late": lambda p: Reply(status=400, form="echo-key-late"),
    "deep": lambda p: Reply(form="deep"),
}



class ScriptedLLM:
    """The server: ``start()`` gives its base URL; ``requests`` records each request (headers and body);
    ``queue[model]`` holds replies to send before the script's (to fail once, then answer)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.queue: dict[str, list[Reply]] = {}
        self.port = free_port()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def completions(request: Request):
            payload = await request.json()
            self.requests.append({"authorization": request.headers.get("authorization"), "payload": payload})
            reply = self._reply(payload)
            if reply.status != 200:
                said = f" {request.headers.get('authorization')}" if reply.form.startswith("echo-key") else ""
                said = (" " + "x" * 168 + said) if reply.form == "echo-key-late" else said
                body = {"error": {"message": f"scripted HTTP {reply.status}{said}", "type": "scripted"}}
                return JSONResponse(body, status_code=reply.status, headers=reply.headers)
            if reply.form == "json" or (not payload.get("stream") and reply.form == "sse"):
                await asyncio.sleep(reply.delay_s)
                return JSONResponse(completion(payload["model"], reply.text))
            if reply.form in ("trickle", "trickle-sse", "flood"):
                kind = "application/json" if reply.form == "trickle" else "text/event-stream"
                return StreamingResponse(slow_bytes(payload["model"], reply), media_type=kind)
            if reply.form == "deep":
                return PlainTextResponse("[" * 100_000, media_type="application/json")
            if reply.form == "gzip-bad":
                return JSONResponse(completion(payload["model"], reply.text), headers={"Content-Encoding": "gzip"})
            if reply.form == "garbage":
                return PlainTextResponse("data: {not json\n\n", media_type="text/event-stream")
            return StreamingResponse(events(payload["model"], reply), media_type="text/event-stream")

        return app

    def _reply(self, payload: dict) -> Reply:
        model = payload.get("model", "")
        if self.queue.get(model):
            return self.queue[model].pop(0)
        translated = translation_of(payload)
        if translated is not None:
            return Reply(translated)
        return SCRIPTS.get(model, SCRIPTS[MODEL])(payload)

    def start(self) -> str:
        config = uvicorn.Config(self.app(), host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the scripted LLM server did not start")
            time.sleep(0.05)
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)


def completion(model: str, text: str) -> dict:
    return {"id": "scripted", "object": "chat.completion", "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}


def chunk(model: str, content: str | None, finish: str | None = None) -> str:
    delta = {} if content is None else {"content": content}
    body = {"id": "scripted", "object": "chat.completion.chunk", "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


async def events(model: str, reply: Reply):
    """The reply as server-sent events: a role chunk, the text in pieces, a finishing chunk, [DONE]."""
    yield ": scripted\n\n" + f"data: {json.dumps({'choices': [{'index': 0, 'delta': {'role': 'assistant'}}]})}\n\n"
    size = max(1, -(-len(reply.text) // reply.pieces))
    for start in range(0, len(reply.text), size):
        await asyncio.sleep(reply.delay_s)
        yield chunk(model, reply.text[start:start + size])
    if reply.form == "cut":
        return
    yield chunk(model, None, "stop")
    yield "data: [DONE]\n\n"


async def slow_bytes(model: str, reply: Reply):
    """The bodies of the forms that never trip a read timeout: a byte at a time, or comments without end."""
    if reply.form == "flood":  # 64 MB, the event loop let go of between pieces (the other requests go on)
        for _ in range(1024):
            await asyncio.sleep(0)
            yield ": " + "x" * 65_534 + "\n"
        return
    text = json.dumps(completion(model, reply.text)) if reply.form == "trickle" else chunk(model, reply.text)
    for byte in text.encode():
        await asyncio.sleep(reply.delay_s)
        yield bytes([byte])
