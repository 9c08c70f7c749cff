"""The upload event, reached as a browser or an attacker reaches it: Gradio's upload route and queue, over HTTP.

A real server in a thread (the app and /api/ask on uvicorn), real files, the real model and index.
"""

import html
import json
import logging
import re
import select
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import gradio as gr
import pytest

from tests import gradio_queue
from tests.conftest import running_server, seed_live_index

SECRET = "Mật khẩu kho bạc Móng Cái là hoa-sen-4711, chỉ người giữ chìa khóa được biết."
ARTICLE = "Tuyến xe buýt Móng Cái - Đông Hưng có 8 chuyến mỗi ngày. Vé có giá 50 nhân dân tệ."


@pytest.fixture(scope="module")
def app(tmp_path_factory, seed_index_dir, embedder):
    root = tmp_path_factory.mktemp("upload-security")
    live = seed_live_index(root, seed_index_dir, embedder)
    with running_server(live) as base:
        yield base, live, root


def upload_event(base: str, files: list[dict]) -> dict:
    fn_index, trigger, _ = gradio_queue.event(gradio_queue.config(base), "sn-upload-button")
    return gradio_queue.call(base, fn_index, trigger, [files, "vi"])


def ask(base: str, question: str) -> dict:
    request = urllib.request.Request(f"{base}/api/ask", data=json.dumps({"query": question, "k": 3}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def test_a_forged_upload_path_does_not_copy_a_server_file_into_the_corpus(app, tmp_path):
    """Guards issue 13 defect 1: the upload event copied any readable file of the server (its path sent in a
    forged queue payload) into the corpus, and /api/ask then served its text."""
    base, live, root = app
    secret = tmp_path / "ghi-chu-mat.txt"
    secret.write_text(SECRET, encoding="utf-8")
    before = sorted(p.name for p in (root / "corpus").iterdir())
    upload_dir = Path(gr.utils.get_upload_folder())
    for forged in (str(secret), "/etc/passwd", str(root / "corpus" / ".." / "index" / "CURRENT"), str(upload_dir)):
        status, body = join_status(base, [gradio_queue.file_payload(forged, "x.txt")])
        assert status == 400 and "not a file uploaded to this server" in body, (forged, status, body)
    assert sorted(p.name for p in (root / "corpus").iterdir()) == before
    assert all("hoa-sen-4711" not in p["text"] for p in ask(base, "Mật khẩu kho bạc Móng Cái là gì?")["passages"])
    assert gradio_queue.gradio_copies(upload_dir, secret.name) == [], "Gradio's copy of the refused file is left"


def test_a_real_upload_is_indexed_and_every_temporary_file_is_removed(app):
    """Guards issue 13 defect 8: Gradio kept every uploaded file, rejected ones included, in its temp folder.
    And the positive side of defect 1: a file sent through the upload route is accepted."""
    base, live, root = app
    good = gradio_queue.upload(base, "xe-buyt.txt", ARTICLE.encode("utf-8"))
    bad = gradio_queue.upload(base, "hong.jsonl", b'{"id": "x", "date": ["2025"], "text": "ok"}\n')
    assert Path(good).is_file() and Path(bad).is_file()
    rejected = upload_event(base, [gradio_queue.file_payload(bad, "hong.jsonl")])
    assert "trường “date” phải là chuỗi văn bản" in gradio_queue.status_text(rejected)
    assert not Path(bad).exists() and not Path(bad).parent.exists()
    accepted = upload_event(base, [gradio_queue.file_payload(good, "xe-buyt.txt")])
    assert "xe-buyt" in gradio_queue.status_text(accepted)
    assert not Path(good).exists()
    assert (root / "corpus" / "xe-buyt.txt").read_text(encoding="utf-8") == ARTICLE
    assert ask(base, "Tuyến xe buýt Móng Cái - Đông Hưng có bao nhiêu chuyến?")["passages"][0]["doc_id"] == "xe-buyt"
    again = join_status(base, [gradio_queue.file_payload(good, "xe-buyt.txt")])  # replayed: the file is gone
    assert again[0] == 400 and "not a file uploaded to this server" in again[1]


def join_status(base: str, files: list[dict], route: str = "/queue/join", accept_language: str = "en",
                page: str = "") -> tuple[int, str]:
    """(HTTP status, body) of an event carrying ``files`` for the upload event, as an attacker sends it, through
    ``route`` (the queue, or a route named after an api_name that Gradio reads the event's fn_index from), from a
    browser asking for ``accept_language``, its page in ``page`` ("" for an event that does not say)."""
    fn_index, trigger, _ = gradio_queue.event(gradio_queue.config(base), "sn-upload-button")
    body = json.dumps({"data": [files, page], "event_data": None, "fn_index": fn_index, "trigger_id": trigger,
                       "session_hash": "forged"}).encode()
    request = urllib.request.Request(f"{base}{gradio_queue.PREFIX}{route}", data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Accept-Language": accept_language})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_forged_path_is_refused_before_gradio_copies_it(app, tmp_path):
    """A probe (session 10): a forged path of a type the upload field does not take (/etc/passwd, secret.conf)
    failed Gradio's own type check, so the app's handler, which removes Gradio's copy, never ran: the copy
    stayed in Gradio's cache, readable at /gradio_api/file=. The edge now refuses any event naming a file
    outside Gradio's upload folder (HTTP 400) before Gradio reads it."""
    base, live, root = app
    secret = tmp_path / "secret.conf"
    secret.write_text(SECRET, encoding="utf-8")
    upload_dir = Path(gr.utils.get_upload_folder())
    for forged in (str(secret), "/etc/passwd", str(upload_dir / ".." / ".." / secret), str(upload_dir)):
        status, body = join_status(base, [gradio_queue.file_payload(forged, Path(forged).name)])
        assert status == 400 and "not a file uploaded to this server" in body, (forged, status, body)
    # The review of session 10: the guard let through every path ending in /upload, and Gradio runs the event a
    # body's fn_index names whatever api_name its route says: /run/upload copied the file.
    for route in ("/run/upload", "/api/upload", "/run/upload/", "/call/upload", "/run/ask"):
        status, body = join_status(base, [gradio_queue.file_payload(str(secret), secret.name)], route)
        assert status == 400 and "not a file uploaded to this server" in body, (route, status, body)
    assert gradio_queue.gradio_copies(upload_dir, secret.name) == []
    assert gradio_queue.gradio_copies(upload_dir, "passwd") == []
    good = gradio_queue.upload(base, "tin-ngan.txt", ARTICLE.encode("utf-8"))  # what the upload route received
    assert "tin-ngan" in gradio_queue.status_text(upload_event(base, [gradio_queue.file_payload(good, "tin-ngan.txt")]))


def test_an_event_names_each_file_once_and_twenty_at_most(app):
    """A probe (session 19): an upload event naming one uploaded file 20,000 times (a 3.6 MB body) made Gradio create
    20,000 empty temporary files in the upload folder, held the corpus lane 29 s, and the refusal named "tiny.txt"
    20,000 times. The edge refuses it before Gradio reads the event, and names the file once."""
    base, live, root = app
    upload_dir = Path(gr.utils.get_upload_folder())
    before = sorted(upload_dir.glob("tmp*"))
    tiny = gradio_queue.file_payload(gradio_queue.upload(base, "tiny.txt", ARTICLE.encode("utf-8")), "tiny.txt")
    assert declared_status(base, len(json.dumps([tiny] * 20_000))) == 413  # 3.6 MB: over the limit of a body
    status, body = join_status(base, [tiny] * 400)
    assert status == 400 and "at most 20" in body and body.count("tiny.txt") <= 1, (status, body[:300])
    status, body = join_status(base, [tiny, tiny])
    assert status == 400 and "named twice" in body and body.count("tiny.txt") == 1, (status, body[:300])
    many = [gradio_queue.file_payload(gradio_queue.upload(base, f"tin-{i}.txt", f"{ARTICLE} {i}".encode()),
                                      f"tin-{i}.txt") for i in range(21)]
    status, body = join_status(base, many)
    assert status == 400 and "at most 20" in body, (status, body[:300])
    # A page shows the refusal: in the page's language, else the one its browser asks for (a probe, session 19:
    # English in either page), else English
    chinese, vietnamese = "一次提交了 21 个文件：每次最多 20 个", "21 tệp trong một lần gửi: mỗi lần gửi tối đa 20 tệp"
    for language, page, said in (("en", "zh", chinese), ("zh-CN,zh;q=0.9", "vi", vietnamese),
                                 ("zh-CN,zh;q=0.9", "", chinese), ("vi-VN,vi;q=0.9,en;q=0.5", "", vietnamese)):
        status, body = join_status(base, many, accept_language=language, page=page)
        assert status == 400 and json.loads(body)["error"] == said, (language, page, status, body[:300])
    status, body = join_status(base, [tiny, tiny], page="zh")
    assert status == 400 and json.loads(body)["error"] == "tiny.txt：在一次提交中出现了两次：每个文件只提交一次"
    assert sorted(upload_dir.glob("tmp*")) == before, "Gradio made files for the refused events"
    done = upload_event(base, many[:20])  # twenty is a batch
    assert "tin-0" in gradio_queue.status_text(done) and (root / "corpus" / "tin-19.txt").is_file()


def test_an_upload_event_leaves_no_file_of_gradios_behind(app):
    """A probe (session 19): every upload event left an empty file in the upload folder for each of its files
    (Gradio's File component makes a temporary file that it never uses), accepted or not, until the server stopped."""
    base, live, root = app
    upload_dir = Path(gr.utils.get_upload_folder())
    files = [gradio_queue.file_payload(gradio_queue.upload(base, f"tin-le-{i}.txt", f"{ARTICLE} Số {i}.".encode()),
                                       f"tin-le-{i}.txt") for i in range(3)]
    assert "tin-le-0" in gradio_queue.status_text(upload_event(base, files))
    bad = gradio_queue.upload(base, "hong-2.jsonl", b'{"id": "y", "date": 1, "text": "ok"}\n')
    assert "date" in gradio_queue.status_text(upload_event(base, [gradio_queue.file_payload(bad, "hong-2.jsonl")]))
    assert sorted(p.name for p in upload_dir.iterdir() if p.is_file()) == ["songngu-owner"]


def test_a_replacement_waits_on_disk_and_a_cancel_removes_it(app):
    """A probe (session 19): an upload waiting for "replace?" kept its files' bytes in the session, for good. They
    wait in the server's own folder, and a cancel (as the page sends it) removes them."""
    base, live, root = app
    upload_dir, session = Path(gr.utils.get_upload_folder()), "thay-roi-huy"
    name = "000_c04df0cbe7e4de80.txt"
    sent = gradio_queue.upload(base, name, ARTICLE.encode("utf-8"))
    asked = gradio_queue.call(base, *gradio_queue.event(gradio_queue.config(base), "sn-upload-button")[:2],
                              [[gradio_queue.file_payload(sent, name)], "vi"], session)
    assert "Thay thế?" in gradio_queue.status_text(asked)
    [held] = upload_dir.glob("songngu-held-*")
    assert [p.read_bytes() for p in held.iterdir()] == [ARTICLE.encode("utf-8")]
    fn_index, trigger, inputs = gradio_queue.event(gradio_queue.config(base), "sn-cancel")
    cancelled = gradio_queue.call(base, fn_index, trigger, [None] * (len(inputs) - 1) + ["vi"], session)
    assert "Đã hủy" in gradio_queue.status_text(cancelled) and not held.exists()
    assert ARTICLE not in (root / "corpus" / name).read_text(encoding="utf-8")


def test_a_huge_pasted_question_gets_the_apps_own_message(app):
    """A probe (session 10): 1.5 MB pasted into the question got the edge's "the body is 1500085 bytes; the
    limit is 1000000" (English, a 413 toast) where a 1,649-character question gets the localised "too long"
    notice. The question box takes 2,000 characters (a longer paste is cut there by the browser), and a question
    of that length reaches the app, which says "too long" in the page's language."""
    base, live, root = app
    app_config = gradio_queue.config(base)
    fn_index, trigger, inputs = gradio_queue.event(app_config, "sn-ask")
    assert inputs[0]["props"]["max_length"] == 2000
    done = gradio_queue.call(base, fn_index, trigger, ["Móng Cái" * 250, [], "", "", 5, "vi"])
    assert done["success"], done
    assert "tối đa 1000 ký tự" in json.dumps(done["output"], ensure_ascii=False)


def test_an_event_body_is_refused_past_128_kB_before_it_is_parsed(app):
    """A probe (session 19): event bodies of up to 16 MB were parsed on the event loop (a 16 MB list of empty objects:
    every other request stalled 2.5 s, memory rose 415 MB), and Gradio's "not in the list of choices" wrote a 1 MB
    value into the log. Events carry short values and file references (the largest the page sends: 19 kB): a body
    over 128 kB is refused before a byte of it is read (one that streams in is cut there: test_http_guard)."""
    base, _, _ = app
    for length in (16_000_000, 1_000_000, 128_001):
        assert declared_status(base, length) == 413, length

def declared_status(base: str, length: int) -> int:
    """The status of a queue event whose headers declare a body of ``length`` bytes, sent with no body."""
    head = (f"POST {gradio_queue.PREFIX}/queue/join HTTP/1.1\r\nHost: {base.removeprefix('http://')}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n")
    with socket.create_connection(tuple(base.removeprefix("http://").split(":")), timeout=20) as connection:
        connection.sendall(head.encode())
        return int(connection.recv(65536).split()[1])


@pytest.mark.parametrize(("k", "shown"), [(float("nan"), "Số đoạn trích phải là số nguyên từ 1 đến 20"),
                                          (2.7, "từ 1 đến 20"), (3.0, "Trịnh Thị Minh Thanh")])
def test_a_crafted_k_in_the_ask_event_gets_a_message_not_an_internal_error(app, k, shown):
    """A probe (session 11): k=NaN sent to the ask event through the queue showed "Lỗi nội bộ … ValueError" and
    logged a traceback, and 2.7 was silently cut to 2. (Gradio itself refuses a value over the slider's maximum.)"""
    base, _, _ = app
    fn_index, trigger, inputs = gradio_queue.event(gradio_queue.config(base), "sn-ask")
    values = {"sn-question": "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?", "sn-k": k}
    data = [values.get(c.get("props", {}).get("elem_id"), c.get("props", {}).get("value")) for c in inputs]
    assert data[-1] in ("vi", "zh", "en") and k in data or k != k, data
    message = gradio_queue.call(base, fn_index, trigger, data)
    assert message["success"], message
    page = html.unescape(re.sub(r"<[^>]+>", "", json.dumps(message["output"]["data"], ensure_ascii=False)))
    assert shown in page and "nội bộ" not in page, page[:500]


def test_the_file_route_serves_this_servers_uploads_only_not_the_machines_gradio_folder(tmp_path, seed_index_dir):
    """A probe (session 12): `/gradio_api/file=` served any file under the machine-wide /tmp/gradio, which every
    Gradio app shares (files other processes had left there), since Gradio's cache was that folder. `songngu serve`
    now gives Gradio a folder of its own (this user's only, removed at shutdown)."""
    import shutil
    import subprocess
    import sys
    import time

    from tests.conftest import free_port

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(seed_index_dir, tmp_path / "index")
    shutil.copytree(root / "corpus", tmp_path / "corpus")
    scratch = tmp_path / "tmp"  # the machine's temporary folder, as Gradio sees it
    other = scratch / "gradio" / "another-app" / "secret.txt"
    other.parent.mkdir(parents=True)
    other.write_text("another app's file", encoding="utf-8")
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "HOME": str(tmp_path), "TMPDIR": str(scratch),
           "GRADIO_ANALYTICS_ENABLED": "False"}
    with open(tmp_path / "serve.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "songngu", "serve", "--index", str(tmp_path / "index"),
                                   "--corpus", str(tmp_path / "corpus"), "--port", str(port), "--quiet"],
                                  cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            try:
                urllib.request.urlopen(base + "/config", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/gradio_api/file={other}", timeout=30)
        assert refused.value.code in (403, 404)
        boundary = "songngu-test-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"note.txt\"\r\n"
                f"Content-Type: text/plain\r\n\r\nmột ghi chú\r\n--{boundary}--\r\n").encode()
        upload = urllib.request.Request(f"{base}/gradio_api/upload", data=body, method="POST", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        [path] = json.loads(urllib.request.urlopen(upload, timeout=30).read())
        assert not Path(path).is_relative_to(scratch / "gradio"), path  # a folder of this server's own
        with urllib.request.urlopen(f"{base}/gradio_api/file={path}", timeout=30) as served:
            assert served.read().decode() == "một ghi chú"  # which its file route serves
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not Path(path).exists(), "the server's upload folder is removed at shutdown"


def test_an_upload_whose_body_trickles_is_let_go_and_what_it_sent_removed(app, monkeypatch):
    """A probe (session 19): Gradio's upload route had no time limit on its body (one byte every 3 s kept the
    connection past 90 s) while /api/ask has 10 s and events 60 s. It gets UPLOAD_BODY_SECONDS (here 2), and the
    temporary file the route had begun is removed."""
    base, _, _ = app
    monkeypatch.setattr("songngu.app.guard.UPLOAD_BODY_SECONDS", 2)
    upload_dir = Path(gr.utils.get_upload_folder())
    before = sorted(upload_dir.glob("tmp*"))
    host, port = base.removeprefix("http://").split(":")
    head = (f"POST {gradio_queue.PREFIX}/upload HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: 100000\r\n"
            "Accept-Language: vi-VN,vi;q=0.9,en;q=0.8\r\n"
            f"Content-Type: multipart/form-data; boundary=b0undary\r\n\r\n--b0undary\r\nContent-Disposition: "
            f'form-data; name="files"; filename="cham.txt"\r\n\r\n').encode() + "Móng Cái. ".encode() * 100
    started, reply = time.monotonic(), b""
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(head)
        while time.monotonic() - started < 20 and not reply:
            if select.select([connection], [], [], 0.5)[0]:
                reply = connection.recv(65536)
            else:
                connection.sendall(b"x")
        while b"}" not in reply.partition(b"\r\n\r\n")[2] and select.select([connection], [], [], 5)[0]:
            more = connection.recv(65536)  # the body may come after the head
            if not more:
                break
            reply += more
    assert reply.split()[1:2] == [b"408"] and time.monotonic() - started < 15, reply[:200]
    # said in the browser's language (session 21: it was English whatever the page)
    assert "yêu cầu không đến kịp trong 2 giây".encode() in reply, reply[-200:]
    deadline = time.monotonic() + 10  # removed once the answer is sent
    while sorted(upload_dir.glob("tmp*")) != before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(upload_dir.glob("tmp*")) == before, "what the route had received is left"
    assert gradio_queue.upload(base, "nhanh.txt", ARTICLE.encode("utf-8"))  # a body that comes whole is taken


def test_the_deep_link_route_writes_nothing(app):
    """A probe (session 19): GET /gradio_api/deep_link?session_hash=... (a GET: no Origin check) wrote the session's
    state, about 40 kB, into the upload folder on every call. The app makes no deep links: the route is not there."""
    base, _, _ = app
    fn_index, trigger, _ = gradio_queue.event(gradio_queue.config(base), "sn-ask")
    session = "phien-co-that"
    assert gradio_queue.call(base, fn_index, trigger, ["Móng Cái ở đâu?", [], "", "", 3, "vi"], session)["success"]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}{gradio_queue.PREFIX}/deep_link?session_hash={session}", timeout=60)
    assert refused.value.code == 404
    assert not list(Path(gr.utils.get_upload_folder()).rglob("state.json"))


class _Kept(logging.Handler):
    """Every record logged, formatted with its traceback (uvicorn's logger does not reach pytest's caplog)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_an_upload_form_whose_part_is_no_file_is_400_and_the_log_stays_short(app):
    """A probe (session 15): `curl -F files=abc .../gradio_api/upload` was 500, a TypeError traceback in the log;
    GET /gradio_api/call/ask/NOSUCHID logged about 100 lines, so anyone could fill the log. Now 400, and one line
    for the second, whose answer ends whole."""
    base, _, _ = app
    boundary, part = "b0undary", 'Content-Disposition: form-data; name="files"\r\n\r\nabc'  # a text field
    body = f"--{boundary}\r\n{part}\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{base}/gradio_api/upload", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 400 and b"files only" in refused.value.read()
    request.add_header("Accept-Language", "zh-CN,zh;q=0.9")  # in the browser's language (session 21)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 400 and "上传只接受文件" in json.loads(refused.value.read())["error"]
    kept, loggers = _Kept(), [logging.getLogger(name) for name in ("uvicorn.error", "")]
    for logger in loggers:
        logger.addHandler(kept)
    try:
        with urllib.request.urlopen(f"{base}/gradio_api/call/ask/nosuchid", timeout=60) as response:
            response.read()  # a whole answer (a probe, session 15: cut short, "transfer closed")
    finally:
        for logger in loggers:
            logger.removeHandler(kept)
    logged = "\n".join(kept.lines)
    assert "Traceback" not in logged and "Exception in ASGI application" not in logged, logged[:2000]
    assert ask(base, "Móng Cái ở đâu?")["passages"], "the server still answers"
