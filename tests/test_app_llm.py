"""The app's server with a model server (``AppSettings.llm``), in-process on a free port, against the scripted
stand-in of ``tests/llm_server.py`` (no model can run here): ``/api/ask`` and ``/ask`` give the generated JSON,
``/api/translate`` translates stored passages only; and what the model writes is escaped in the page."""

import json

import pytest

from songngu.app.generation import parse_translate_request
from songngu.app.render import render_result
from songngu.app.state import AppSettings
from songngu.errors import BadInputError
from songngu.search.answer import Answer
from songngu.search.ask import AskResult
from songngu.search.generate import Generation, Unsupported
from songngu.search.llm import LLMSettings
from songngu.search.retrieve import Hit, Scores
from tests.conftest import running_server, seed_live_index
from tests.llm_server import INVENTED, Reply
from tests.test_app_api import post

QUESTION = "北仑河三桥什么时候建？"



@pytest.fixture(scope="module")
def app_server(tmp_path_factory, seed_index_dir, embedder, model_server):
    root = tmp_path_factory.mktemp("app-llm")
    live = seed_live_index(root, seed_index_dir, embedder)
    llm = LLMSettings(model_server.base_url, "scripted", "sk-app-test", retry_pause_s=0.05)
    with running_server(live, AppSettings(llm=llm)) as base:
        yield base, live


def test_api_ask_gives_the_generated_answer(app_server):
    status, payload = post(f"{app_server[0]}/api/ask", json.dumps({"query": QUESTION, "k": 3}).encode())
    assert status == 200
    answer = payload["answer"]
    assert answer["mode"] == "generated" and INVENTED not in answer["text"] and "Cầu Bắc Luân III" in answer["text"]
    assert [u["text"] for u in answer["unsupported"]] == [INVENTED + "[1]"] and "llm" in payload["timings_ms"]
    assert "sk-app-test" not in json.dumps(payload)


def test_gradio_client_ask_gives_it_too(app_server):
    from gradio_client import Client

    payload = Client(app_server[0] + "/", verbose=False).predict(query=QUESTION, k=2, api_name="/ask")
    assert payload["answer"]["mode"] == "generated"


def test_translate_a_stored_passage(app_server, model_server):
    base, live = app_server
    document = live.current().document_texts(["000_c04df0cbe7e4de80"])["000_c04df0cbe7e4de80"]
    body = {"doc_id": "000_c04df0cbe7e4de80", "start": 0, "end": 120, "lang": "zh"}
    status, payload = post(f"{base}/api/translate", json.dumps(body).encode())
    assert status == 200 and payload == {"text": "（译文）" + document[:40].strip(), "model": "scripted"}
    system, user = model_server.requests[-1]["payload"]["messages"]
    assert "翻译成简体中文" in system["content"] and user["content"] == document[:120]


@pytest.mark.parametrize(("body", "fragment"), [
    ({"doc_id": "nope", "start": 0, "end": 10, "lang": "zh"}, "no document 'nope'"),
    ({"doc_id": "000_c04df0cbe7e4de80", "start": 0, "end": 10**6, "lang": "zh"}, "span of 1 to 4000"),
    ({"doc_id": "000_c04df0cbe7e4de80", "start": 3000, "end": 4000, "lang": "zh"}, "outside document"),
    ({"doc_id": "000_c04df0cbe7e4de80", "start": 5, "end": 5, "lang": "zh"}, "span of 1 to 4000"),
    ({"doc_id": "000_c04df0cbe7e4de80", "start": 0, "end": 10, "lang": "fr"}, "lang must be"),
    ({"text": "anything at all", "lang": "zh"}, "doc_id must be a string"),
])
def test_translate_takes_stored_spans_only(app_server, body, fragment):
    status, payload = post(f"{app_server[0]}/api/translate", json.dumps(body).encode())
    assert status == 400 and fragment in payload["error"]


def test_translate_when_the_server_fails_is_502_with_a_message(app_server, model_server):
    model_server.queue["scripted"] = [Reply(status=401)]
    body = {"doc_id": "000_c04df0cbe7e4de80", "start": 0, "end": 50, "lang": "zh"}
    status, payload = post(f"{app_server[0]}/api/translate", json.dumps(body).encode())
    assert status == 502 and payload == {"error": "语言模型服务器拒绝了访问密钥（HTTP 401）"}


def test_what_the_model_writes_is_escaped_in_the_page():
    text = "Cầu <b>Bắc Luân</b> III."
    hit = Hit(1, 1, "d", "T", None, 0, len(text), text, 1.0, Scores())
    extractive = Answer(text + " [1]", (), (), False, 0.5, None)
    generated = Answer("<img src=x onerror=alert(1)> [1]", (), (), False, 0.5, None)
    generation = Generation("generated", "<script>m</script>", (Unsupported("<script>x()</script> [1]", "number",
                                                                            "<5>", "r"),), None, None, extractive)
    html = render_result(AskResult("问<题>", "zh", [hit], generated, {}, generation), {"d": text}, "zh")
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html and "&lt;script&gt;m&lt;/script&gt;" in html
    assert 'class="sn-translate"' in html  # a Vietnamese passage for a Chinese question


@pytest.mark.parametrize("body", [b"[" * 20_000, b'{"doc_id": "a", "start": ' + b"1" * 5000 + b', "end": 2}',
                                  b"\xff\xfe", b"not json"], ids=["nested", "huge-int", "not-utf8", "not-json"])
def test_translate_bodies_too_deep_too_big_or_not_json_are_bad_input(body):
    """Review: a nesting of 20,000 or an integer of 5,000 digits (both under 64 kB) escaped as a plain 500."""
    with pytest.raises(BadInputError, match="send"):
        parse_translate_request(body)
