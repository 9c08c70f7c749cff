"""The app's server in-process on a free port: POST /api/ask, the gradio_client endpoint, concurrency."""

import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from songngu.app.corpus import Upload, add_files, check_uploads
from songngu.search.ask import ask
from songngu.search.contract import result_json
from tests.conftest import running_server, seed_live_index

# Questions about the seed corpus with the documents that answer them (any of them may come first).
QUESTIONS = {
    "Năm 2024 nhập khẩu qua các cửa khẩu của Quảng Ninh đạt bao nhiêu?": {"004_f732d473a99f9294"},
    "Bao nhiêu lượt khách Việt Nam xuất cảnh du lịch qua cửa khẩu quốc tế Móng Cái năm 2024?":
        {"004_f732d473a99f9294"},
    "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?": {"000_c04df0cbe7e4de80"},
    "Đại học Hạ Long dự kiến ký bản ghi nhớ hợp tác với trường nào của Quảng Tây?": {"004_f732d473a99f9294"},
    "Năm 2025 là kỷ niệm bao nhiêu năm thiết lập quan hệ ngoại giao Việt Nam - Trung Quốc?": {"002_48967e2c3d5ba914"},
    "Quảng Ninh kêu gọi nhà đầu tư vào các lĩnh vực ưu tiên nào?": {"002_48967e2c3d5ba914"},
    "tong kim ngach xuat nhap khau qua cac cua khau quang ninh nam 2024 dat bao nhieu":
        {"003_e527481dc8ffb22e", "004_f732d473a99f9294"},
    "Bí thư Khu ủy Quảng Tây là ai?": {"001_5df6ebe4187770c4"},
    "Hội nghị định kỳ Quảng Ninh - Phòng Thành Cảng diễn ra khi nào?": {"002_48967e2c3d5ba914"},
    "Nguyễn Xuân Ký hội đàm với Lưu Ninh": {"001_5df6ebe4187770c4"},
    "kim ngạch xuất nhập khẩu qua cửa khẩu Móng Cái": {"003_e527481dc8ffb22e", "004_f732d473a99f9294"},
    "广宁省旅游厅与哪个广西部门签署了合作协议？": {"001_5df6ebe4187770c4", "004_f732d473a99f9294"},
    "2024年广宁省边民互市贸易额是多少？": {"004_f732d473a99f9294"},
    "代表团参观了哪家中国光伏企业在越南的项目？": {"004_f732d473a99f9294"},
    "广宁省媒体中心和广西日报传媒集团多久交换一次信息？": {"004_f732d473a99f9294"},
    "广宁—防城港定期会议上，广宁省哪位副主席提出加快推进北仑河三桥？": {"002_48967e2c3d5ba914"},
    "2025年前9个月广宁省接待了多少中国过夜游客？": {"002_48967e2c3d5ba914"},
    "与广西开展地方合作的越南四个省份是哪些？": {"001_5df6ebe4187770c4", "004_f732d473a99f9294"},
    "下龙大学与广西哪些学校开展合作？": {"004_f732d473a99f9294"},
    "广宁省与防城港市定期会议": {"002_48967e2c3d5ba914"},
    "阮春记书记访问广西": {"001_5df6ebe4187770c4"},
    "广西日报传媒集团": {"004_f732d473a99f9294"},
}
NEW_ARTICLE = " ".join(
    f"Lễ hội hoa sở Bình Liêu lần thứ {i} thu hút du khách đến ngắm những đồi hoa trắng ở huyện vùng cao biên giới."
    for i in range(1, 41)
) + " Năm nay lễ hội đón 12.345 lượt khách."



def post(url: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def ask_http(base: str, query: str, k: int = 5) -> tuple[int, dict]:
    return post(f"{base}/api/ask", json.dumps({"query": query, "k": k}).encode())


def comparable(payload: dict) -> tuple:
    """A result without its timings: what must not change between sequential and concurrent runs."""
    passages = tuple((p["doc_id"], p["start"], p["end"]) for p in payload["passages"])
    return payload["lang"], passages, json.dumps(payload["answer"], sort_keys=True)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory, seed_index_dir, embedder):
    """The real server (Gradio app + HTTP API) in a thread, on a copy of the seed index and corpus."""
    root = tmp_path_factory.mktemp("app")
    live = seed_live_index(root, seed_index_dir, embedder)
    with running_server(live) as base:
        yield base, live


def test_post_api_ask_returns_the_ask_json_contract(app_server, embedder):
    base, live = app_server
    question = "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?"
    status, payload = ask_http(base, question, k=3)
    assert status == 200
    assert set(payload) == {"query", "lang", "passages", "answer", "timings_ms"}
    assert payload["lang"] == "vi" and len(payload["passages"]) == 3
    assert payload["passages"][0]["doc_id"] == "000_c04df0cbe7e4de80"
    expected = json.loads(json.dumps(result_json(ask(question, live.current(), embedder, k=3))))
    assert comparable(payload) == comparable(expected)
    assert payload["passages"] == expected["passages"]
    status, default_k = post(f"{base}/api/ask", json.dumps({"query": "下龙大学"}).encode())
    assert status == 200 and default_k["lang"] == "zh" and len(default_k["passages"]) == 5


@pytest.mark.parametrize(("body", "fragment"), [
    (b'{"query": ""}', "question is empty"),
    (b'{"query": "   \\n"}', "question is empty"),
    (b'{"query": "M\\u00f3ng C\\u00e1i", "k": 0}', "k must be"),
    (b'{"query": "M\\u00f3ng C\\u00e1i", "k": "5"}', "k must be"),
    # in JSON's spelling, not Python's None and True (a probe, session 19)
    (b'{"query": "M\\u00f3ng C\\u00e1i", "k": null}', "got null"),
    (b'{"query": "M\\u00f3ng C\\u00e1i", "k": true}', "got true"),
    (b'{"query": null}', "JSON object with the question"),
    (b'{"k": 5}', "JSON object with the question"),
    (b'["query"]', "JSON object with the question"),
    (b"not json", "not JSON"),
    (b"", "JSON object with the question"),
    (json.dumps({"query": "x" * 2000}).encode(), "limit is 1000"),
    # issue 13 defect 6: these were HTTP 500
    (b'{"query": "M\\u00f3ng C\\u00e1i", "k": ' + b"9" * 5000 + b"}", "not JSON"),
    (b'{"query": "Qu\\ud800ng Ninh"}', "not valid text"),
    (b'{"query": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", "nested too deeply"),
    (b'{"query": "\xf0\x9f\x99\x82 ?!"}', "ask a question"),
    (b'{"query": "M\xf3ng"}', "not JSON"),
    # a probe (session 11): filters the API does not take were ignored (answers from every document), and a
    # key given twice counted once, silently
    (b'{"query": "M\\u00f3ng C\\u00e1i", "doc_ids": ["nope"]}', "unknown field(s) 'doc_ids'"),
    (b'{"query": "M\\u00f3ng C\\u00e1i", "lang": "zh", "date_from": "2025"}', "'date_from', 'lang'"),
    (b'{"query": "Hello", "query": "M\\u00f3ng C\\u00e1i"}', "key 'query' given twice"),
    # a probe (session 26): UTF-16 was read, though a body declared in another charset than UTF-8 is refused
    ('{"query": "Móng Cái"}'.encode("utf-16"), "not JSON (not UTF-8)"),
    ('{"query": "Móng Cái"}'.encode("utf-16-le"), "not JSON"),
], ids=lambda value: value.decode("utf-8", "replace")[:40] if isinstance(value, bytes) else None)
def test_post_api_ask_bad_input_is_400_with_a_message(app_server, body, fragment):
    status, payload = post(f"{app_server[0]}/api/ask", body)
    assert status == 400 and fragment in payload["error"]


@pytest.mark.parametrize("query", ["k=1", "lang=zh&k=2", "x"])
def test_post_api_ask_with_query_parameters_is_400(app_server, query):
    """A probe (session 26): `POST /api/ask?k=1` answered with 5 passages, the query string read by no one."""
    status, payload = post(f"{app_server[0]}/api/ask?{query}", b'{"query": "M\\u00f3ng C\\u00e1i"}')
    assert status == 400 and "not read: send every field in the JSON body" in payload["error"], payload


def test_gradio_client_named_endpoint(app_server, capfd):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(app_server[0] + "/", verbose=False)
    assert "/ask" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    payload = client.predict(query="下龙大学与广西哪些学校开展合作？", k=2, api_name="/ask")
    assert payload["lang"] == "zh" and len(payload["passages"]) == 2
    assert payload["passages"][0]["doc_id"] == "004_f732d473a99f9294"
    capfd.readouterr()
    with pytest.raises(AppError, match="question is empty"):
        client.predict(query=" ", k=2, api_name="/ask")
    # A caller's mistake is the caller's answer, not a traceback in the server's log (a probe, session 10).
    assert "Traceback" not in capfd.readouterr().err


def test_concurrent_questions_in_both_languages_are_all_answered_right(app_server, embedder):
    base, live = app_server
    assert len(QUESTIONS) >= 20 and {ask_http(base, q, 1)[1]["lang"] for q in list(QUESTIONS)[::7]} == {"vi", "zh"}
    expected = {q: comparable(json.loads(json.dumps(result_json(ask(q, live.current(), embedder))))) for q in QUESTIONS}
    questions = list(QUESTIONS) * 2
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda q: ask_http(base, q), questions))
    for question, (status, payload) in zip(questions, answers, strict=True):
        assert status == 200, payload
        assert payload["query"] == question
        assert payload["passages"][0]["doc_id"] in QUESTIONS[question], question
        assert comparable(payload) == expected[question], question


def test_questions_keep_working_during_a_reindex(app_server, tmp_path):
    base, live = app_server
    questions = list(QUESTIONS)
    log: list[tuple[float, str, int, dict]] = []
    stop = threading.Event()

    def keep_asking(offset: int) -> None:
        i = offset
        while not stop.is_set():
            question = questions[i % len(questions)]
            status, payload = ask_http(base, question)
            log.append((time.monotonic(), question, status, payload))
            i += 3

    askers = [threading.Thread(target=keep_asking, args=(n,)) for n in range(3)]
    for asker in askers:
        asker.start()
    source = Upload("hoa-so-binh-lieu.txt", NEW_ARTICLE.encode("utf-8"))
    started = time.monotonic()
    try:
        (change, report) = live.change_corpus(lambda corpus: add_files(
            corpus, check_uploads(corpus, [source], 100_000), live.trash_dir))
    finally:
        finished = time.monotonic()
        time.sleep(0.5)
        stop.set()
        for asker in askers:
            asker.join(timeout=120)
    assert change.doc_ids == ("hoa-so-binh-lieu",) and report.added == ("hoa-so-binh-lieu",)
    during = [entry for entry in log if started < entry[0] < finished]
    assert during, "no question was answered while the index was being rebuilt"
    for _, question, status, payload in log:
        assert status == 200, payload
        assert payload["passages"][0]["doc_id"] in QUESTIONS[question], question
    status, payload = ask_http(base, "Lễ hội hoa sở Bình Liêu năm nay đón bao nhiêu lượt khách?")
    assert status == 200 and payload["passages"][0]["doc_id"] == "hoa-so-binh-lieu"


def test_serve_listens_on_localhost_unless_told():
    from songngu.cli import build_parser

    assert build_parser().parse_args(["serve"]).host == "127.0.0.1"
    assert build_parser().parse_args(["serve", "--host", "0.0.0.0"]).host == "0.0.0.0"
