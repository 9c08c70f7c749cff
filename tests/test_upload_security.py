"""The upload event, reached as a browser or an attacker reaches it: Gradio's upload route and queue, over HTTP.

A real server in a thread (the app and /api/ask on uvicorn), real files, the real model and index.
"""

import json
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
    done = upload_event(base, [gradio_queue.file_payload(str(secret), secret.name)])
    assert done["success"], done
    assert "không phải tệp đã tải lên máy chủ này" in gradio_queue.status_text(done)
    assert sorted(p.name for p in (root / "corpus").iterdir()) == before
    assert all("hoa-sen-4711" not in p["text"] for p in ask(base, "Mật khẩu kho bạc Móng Cái là gì?")["passages"])
    upload_dir = Path(gr.utils.get_upload_folder())
    assert gradio_queue.gradio_copies(upload_dir, secret.name) == [], "Gradio's copy of the refused file is left"
    for forged in ("/etc/passwd", str(root / "corpus" / ".." / "index" / "CURRENT"), str(upload_dir)):
        done = upload_event(base, [gradio_queue.file_payload(forged, "x.txt")])
        assert done["success"] is False or "không phải tệp đã tải lên" in gradio_queue.status_text(done), done
    assert sorted(p.name for p in (root / "corpus").iterdir()) == before


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
    again = upload_event(base, [gradio_queue.file_payload(good, "xe-buyt.txt")])  # replayed: the file is gone
    assert "không phải tệp đã tải lên" in gradio_queue.status_text(again)
