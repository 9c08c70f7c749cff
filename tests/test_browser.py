"""End to end: `songngu serve` in a subprocess, driven by a real headless Chromium through Playwright.

Chromium is Debian's package (``apt-get install chromium``), used through
``executable_path``; Playwright's own browser download is not needed. When
Chromium or Playwright is missing these tests fail (never skip), saying how to
install them. The answer view is kept as a screenshot in ``test-artifacts/``. A test that adds documents
names them in ``added_documents``, which deletes them afterwards: the tests do not depend on their order.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from songngu.app.texts import TEXTS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("SONGNGU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
WAIT_MS = 120_000  # generous: other jobs may share the machine's two cores

BUS_ARTICLE = """# Tuyến xe buýt xuyên biên giới Móng Cái - Đông Hưng

Tuyến xe buýt xuyên biên giới Móng Cái - Đông Hưng chạy 8 chuyến mỗi ngày từ tháng 3/2025.

Mỗi chuyến xe buýt chở tối đa 45 hành khách qua cửa khẩu quốc tế.
"""
HOSTILE_ARTICLE = (
    "Cảnh báo <script>window.__pwned = 1; alert('script')</script> về hội thảo an ninh mạng tại Móng Cái.\n"
    "Hội thảo an ninh mạng Móng Cái năm 2025 có 321 đại biểu <img src=x onerror=\"window.__pwned = 2; "
    "alert('img')\"> tham dự.\n"
)


def require_browser() -> None:
    """Fail (not skip) without Playwright or Chromium: a browser test that does not run proves nothing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("Playwright for Python is not installed: pip install -e '.[test]'")
    if not CHROMIUM.is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set SONGNGU_CHROMIUM to its path)")


def expect(locator):
    """Playwright's auto-waiting assertions (imported here: without Playwright, ``require_browser`` fails first)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`songngu serve` exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"`songngu serve` did not answer on {url} within {seconds}s:\n{log.read_text()[-3000:]}")


@contextmanager
def serving(root: Path, seed_index_dir: Path, *options: str, env: dict | None = None):
    """The real CLI serving copies of the seed index and corpus (in ``root``) on a free port, with ``options``
    and ``env`` added; yields its URL."""
    require_browser()
    shutil.copytree(seed_index_dir, root / "index")
    shutil.copytree(ROOT / "corpus", root / "corpus")
    port, log = free_port(), root / "serve.log"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(root),
           "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})}
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "songngu", "serve", "--index", str(root / "index"), "--corpus",
             str(root / "corpus"), "--port", str(port), "--quiet", *options],
            cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, seed_index_dir):
    """The real CLI serving copies of the seed index and corpus on a free port."""
    with serving(tmp_path_factory.mktemp("serve"), seed_index_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, app_url: str):
    """A fresh page (in its own context) on the app that records JS dialogs and page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs, page.errors = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.set_default_timeout(WAIT_MS)
    page.goto(app_url)
    page.wait_for_selector("#sn-question textarea")
    return page


@pytest.fixture()
def page(browser, app_url):
    page = open_page(browser, app_url)
    yield page
    page.context.close()


@pytest.fixture()
def added_documents(browser, app_url):
    """The doc ids a test adds to the module's server: those still in the corpus afterwards are deleted (through
    the app), so that no test sees another's documents, whatever the order they run in."""
    added = []
    yield added
    page = open_page(browser, app_url)
    try:
        corpus_rows(page)
        for doc_id in added:
            if page.locator(f'#sn-corpus tr[data-doc="{doc_id}"]').count():
                delete_document(page, doc_id)
    finally:
        page.context.close()


def corpus_rows(page):
    """The rows of the corpus table, once the corpus tab shows it (Gradio renders a tab when it is opened)."""
    page.locator("#sn-tab-corpus-button").click()
    rows = page.locator("#sn-corpus tbody tr")
    rows.first.wait_for()
    return rows


def delete_document(page, doc_id: str) -> None:
    """Choose ``doc_id`` in the corpus tab, delete it and confirm; wait until the table has lost it."""
    page.locator("#sn-tab-corpus-button").click()
    page.locator("#sn-delete-choice input").fill(doc_id)
    page.get_by_role("option", name=f"({doc_id})").click()
    page.locator("#sn-delete").click()  # asks first (issue 13 defect 5): nothing is deleted yet
    expect(page.locator("#sn-confirm")).to_be_visible()
    page.locator("#sn-confirm").click()
    expect(page.locator(f'#sn-corpus tr[data-doc="{doc_id}"]')).to_have_count(0, timeout=WAIT_MS)


def ask_question(page, question: str) -> None:
    """Type ``question``, press Enter, wait for its result (or, for a blank one, the notice)."""
    box = page.locator("#sn-question textarea")
    box.fill(question)
    box.press("Enter")
    if question.strip():
        page.wait_for_function("([q]) => { const r = document.querySelector('#sn-results .sn-result');"
                               " return r && r.dataset.query === q; }", arg=[question])
    else:
        page.wait_for_selector("#sn-results .sn-notice")


def wait_for_interface(page, lang: str) -> None:
    """Wait until the interface is relabelled in ``lang`` (the ask button's text tells)."""
    page.wait_for_function("([label]) => document.querySelector('#sn-ask').innerText.trim() === label",
                           arg=[TEXTS[lang]["ask"]])


def marked(locator, css_class: str) -> str:
    """The text inside ``<mark>`` elements of ``css_class`` under ``locator``, joined."""
    return locator.locator(f"mark.{css_class}").evaluate_all("marks => marks.map(m => m.textContent).join('')")


def first_passage(page):
    return page.locator("#sn-results .sn-passage").first


def test_ask_in_chinese_and_vietnamese_see_answer_citation_highlight(page):
    ask_question(page, "下龙大学与广西哪些学校开展合作？")
    assert page.locator("#sn-results .sn-badge").inner_text().startswith("zh")
    wait_for_interface(page, "zh")
    expect(page.locator("#sn-question label, #sn-question span").first).to_have_text("问题", timeout=WAIT_MS)
    assert first_passage(page).get_attribute("data-doc") == "004_f732d473a99f9294"
    assert "Đại học Hạ Long" in first_passage(page).locator(".sn-text").inner_text()
    assert "来源段落" in page.locator("#sn-results").inner_text()
    answer = page.locator("#sn-results .sn-answer")
    assert "Đại học Hạ Long" in answer.locator(".sn-answer-text").inner_text()
    marker = answer.locator("a.sn-marker").first
    assert marker.inner_text() == "[1]"
    target = marker.get_attribute("data-passage")
    assert "Đại học Hạ Long" in marked(page.locator(f"#{target} .sn-text"), "sn-sentence")
    marker.click()
    page.wait_for_function(f"() => {{ const r = document.getElementById('{target}').getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }")
    citation = page.locator(f"#{target} .sn-cite-text").inner_text()
    assert "“Đại học Hạ Long" in citation and "004_f732d473a99f9294" in citation
    assert "越中专名对照" in answer.inner_text() and "Hạ Long = 下龙" in answer.inner_text()
    first_passage(page).locator("details.sn-doc summary").click()
    document_view = first_passage(page).locator(".sn-doc-text")
    target_mark = document_view.locator("mark.sn-target").first
    assert target_mark.is_visible()
    page.wait_for_function("() => document.querySelector('#sn-results .sn-doc-text').scrollTop > 0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#sn-results").screenshot(path=str(ARTIFACTS / "answer.png"))

    ask_question(page, "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?")
    assert page.locator("#sn-results .sn-badge").inner_text().startswith("vi")
    wait_for_interface(page, "vi")
    expect(page.locator("#sn-question label, #sn-question span").first).to_have_text("Câu hỏi", timeout=WAIT_MS)
    assert first_passage(page).get_attribute("data-doc") == "000_c04df0cbe7e4de80"
    assert "Trịnh Thị Minh Thanh" in page.locator("#sn-results .sn-answer-text").inner_text()
    assert "Trịnh Thị Minh Thanh" in marked(first_passage(page).locator(".sn-text"), "sn-sentence")
    assert marked(first_passage(page).locator(".sn-text"), "sn-span") == "Trịnh Thị Minh Thanh"
    page.screenshot(path=str(ARTIFACTS / "answer-vi.png"), full_page=True)
    assert page.errors == [] and page.dialogs == []


def test_switch_interface_language_and_examples(page):
    assert page.locator("#sn-ask").inner_text().strip() == "Hỏi"
    page.locator("#sn-interface label", has_text="中文").click()
    wait_for_interface(page, "zh")
    # Gradio updates each relabelled component on its own: wait for each, not only for the ask button.
    expect(page.get_by_role("tab").first).to_contain_text("问答", timeout=WAIT_MS)
    expect(page.locator("#sn-results")).to_contain_text("请用越南语或中文提问", timeout=WAIT_MS)
    page.locator("#sn-examples").get_by_text("代表团参观了哪家中国光伏企业在越南的项目？").click()
    page.wait_for_selector("#sn-results .sn-passage")
    assert page.locator("#sn-question textarea").input_value() == "代表团参观了哪家中国光伏企业在越南的项目？"
    page.locator("#sn-interface label", has_text="Tiếng Việt").click()
    wait_for_interface(page, "vi")
    expect(page.locator("#sn-results")).to_contain_text("Các đoạn nguồn", timeout=WAIT_MS)
    ask_question(page, "   ")
    assert "Câu hỏi đang trống" in page.locator("#sn-results .sn-notice").inner_text()


def upload_files(page, paths: list[Path]) -> str:
    page.get_by_role("tab", name="Kho tài liệu").click()
    page.locator("#sn-upload input[type=file]").set_input_files([str(p) for p in paths])
    for path in paths:  # the file list shows each name (split into stem and suffix) once it is uploaded
        page.locator(f'#sn-upload td.filename[aria-label="{path.name}"]').wait_for()
    before = page.locator("#sn-status").inner_text()
    page.locator("#sn-upload-button").click()
    page.wait_for_function("([before]) => { const s = document.querySelector('#sn-status .sn-notice');"
                           " return s && s.innerText !== before; }", arg=[before])
    return page.locator("#sn-status .sn-notice").inner_text()


def test_upload_an_article_find_it_then_delete_it(page, tmp_path, added_documents):
    article = tmp_path / "xe-buyt-mong-cai.md"
    article.write_text(BUS_ARTICLE, encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "ok", "text": "Tốt."}\n{oops\n', encoding="utf-8")
    rows = corpus_rows(page)
    before = rows.count()  # the seed corpus, and whatever another test left (none: see added_documents)

    status = upload_files(page, [broken])
    assert "broken.jsonl:2: không phải JSON hợp lệ" in status and "giữ nguyên" in status
    assert rows.count() == before

    added_documents.append("xe-buyt-mong-cai")
    status = upload_files(page, [article])
    assert "Đã thêm xe-buyt-mong-cai" in status
    assert page.locator('#sn-corpus tr[data-doc="xe-buyt-mong-cai"]').count() == 1 and rows.count() == before + 1

    page.get_by_role("tab", name="Hỏi đáp").click()
    ask_question(page, "Tuyến xe buýt Móng Cái - Đông Hưng có bao nhiêu chuyến mỗi ngày?")
    assert first_passage(page).get_attribute("data-doc") == "xe-buyt-mong-cai"
    ask_question(page, "芒街到东兴的跨境公交每天有几班？")
    assert first_passage(page).get_attribute("data-doc") == "xe-buyt-mong-cai"
    assert "8 chuyến" in page.locator("#sn-results .sn-answer-text").inner_text()

    page.locator("#sn-interface label", has_text="Tiếng Việt").click()
    wait_for_interface(page, "vi")
    page.get_by_role("tab", name="Kho tài liệu").click()
    page.locator("#sn-delete-choice input").fill("xe-buyt")
    page.get_by_role("option", name="(xe-buyt-mong-cai)").click()
    page.locator("#sn-delete").click()  # asks first (issue 13 defect 5): nothing is deleted yet
    expect(page.locator("#sn-status")).to_contain_text("Xóa xe-buyt-mong-cai", timeout=WAIT_MS)
    assert rows.count() == before + 1
    # A language switch says the waiting question again (session 10: it stayed in the old language).
    page.locator("#sn-interface label", has_text="中文").click()
    wait_for_interface(page, "zh")
    expect(page.locator("#sn-status")).to_contain_text("删除 xe-buyt-mong-cai", timeout=WAIT_MS)
    expect(page.locator("#sn-confirm")).to_have_text("删除")
    page.locator("#sn-interface label", has_text="Tiếng Việt").click()
    wait_for_interface(page, "vi")
    expect(page.locator("#sn-status")).to_contain_text("Xóa xe-buyt-mong-cai", timeout=WAIT_MS)
    page.locator("#sn-confirm").click()
    page.wait_for_function("() => (document.querySelector('#sn-status .sn-notice') || {}).innerText"
                           " ?.includes('Đã xóa')")
    assert page.locator('#sn-corpus tr[data-doc="xe-buyt-mong-cai"]').count() == 0 and rows.count() == before
    page.locator("#sn-undo").click()  # the file comes back from the trash, and is indexed again
    page.wait_for_function("() => (document.querySelector('#sn-status .sn-notice') || {}).innerText"
                           " ?.includes('Đã hoàn tác')")
    assert page.locator('#sn-corpus tr[data-doc="xe-buyt-mong-cai"]').count() == 1 and rows.count() == before + 1
    assert page.errors == [] and page.dialogs == []


def test_uploaded_markup_is_shown_as_text_and_never_runs(page, tmp_path, added_documents):
    hostile = tmp_path / "hoi-thao-an-ninh.txt"
    hostile.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    added_documents.append("hoi-thao-an-ninh")
    assert "Đã thêm hoi-thao-an-ninh" in upload_files(page, [hostile])
    assert "<script>" in page.locator('#sn-corpus tr[data-doc="hoi-thao-an-ninh"]').inner_text()
    page.get_by_role("tab", name="Hỏi đáp").click()
    ask_question(page, "Hội thảo an ninh mạng Móng Cái năm 2025 có bao nhiêu đại biểu?")
    passage = first_passage(page)
    assert passage.get_attribute("data-doc") == "hoi-thao-an-ninh"
    shown = passage.locator(".sn-text").inner_text()
    assert "<script>window.__pwned = 1; alert('script')</script>" in shown
    assert "<img src=x onerror=\"window.__pwned = 2; alert('img')\">" in shown
    passage.locator("details.sn-doc summary").click()
    assert "<img src=x onerror=" in passage.locator(".sn-doc-text").inner_text()
    assert page.locator("#sn-results script, #sn-results img, #sn-corpus script, #sn-corpus img").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == [] and page.errors == []
