"""Gradio's HTTP protocol, spoken by hand as a browser (or an attacker) speaks it: /config, /upload, the queue.

Used by tests that must reach the app's events exactly as a client can, including with payloads no browser
would send (a file "uploaded" from a path the server never received).
"""

import html
import json
import re
import secrets
import urllib.request
from pathlib import Path

PREFIX = "/gradio_api"


def config(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/config", timeout=60) as response:
        return json.loads(response.read())


def event(app_config: dict, elem_id: str, trigger: str = "click") -> tuple[int, int, list[dict]]:
    """(fn_index, trigger id, input components) of the event ``trigger`` of the component ``elem_id``."""
    components = {c["id"]: c for c in app_config["components"]}
    target = next(i for i, c in components.items() if c.get("props", {}).get("elem_id") == elem_id)
    dependency = next(d for d in app_config["dependencies"] if [target, trigger] in d["targets"])
    return dependency["id"], target, [components[i] for i in dependency["inputs"]]


def upload(base: str, name: str, content: bytes) -> str:
    """POST a file to Gradio's upload route; the server path it returns."""
    boundary = secrets.token_hex(8)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{base}{PREFIX}/upload", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())[0]


def file_payload(path: str, name: str) -> dict:
    return {"path": path, "orig_name": name, "meta": {"_type": "gradio.FileData"}}


def call(base: str, fn_index: int, trigger_id: int, data: list, session_hash: str | None = None) -> dict:
    """Run an event through the queue; the ``process_completed`` message (``success``, ``output``)."""
    session_hash = session_hash or secrets.token_hex(6)
    body = json.dumps({"data": data, "event_data": None, "fn_index": fn_index, "trigger_id": trigger_id,
                       "session_hash": session_hash}).encode()
    join = urllib.request.Request(f"{base}{PREFIX}/queue/join", data=body, method="POST",
                                  headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(join, timeout=60) as response:
        event_id = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{base}{PREFIX}/queue/data?session_hash={session_hash}", timeout=600) as stream:
        for line in stream:
            if not line.startswith(b"data:"):
                continue
            message = json.loads(line[5:])
            if message.get("msg") == "process_completed" and message.get("event_id") == event_id:
                return message
    raise AssertionError(f"event {event_id} never completed")


def status_text(message: dict) -> str:
    """The text of the corpus tab's status (the first output of the corpus events), from a completed message."""
    first = message["output"]["data"][0]
    value = first.get("value", first) if isinstance(first, dict) else first
    return html.unescape(re.sub(r"<[^>]+>", "", str(value)))


def gradio_copies(upload_dir: Path, name: str) -> list[Path]:
    return sorted(upload_dir.glob(f"*/{name}"))
