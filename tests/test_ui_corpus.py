"""The app's corpus management, filters and live index, on real files and a real index."""

import ast
import json
import string
from pathlib import Path

import gradio as gr
import pytest

from songngu.app.blocks import answer_view, build_app
from songngu.app.corpus import Upload, add_files, check_uploads, remove_document, safe_file_name
from songngu.app.corpus_tab import (
    confirm_step,
    delete_step,
    release_pending,
    restated,
    restore_step,
    trash_choices,
    undo_step,
    upload_step,
)
from songngu.app.filters import documents_in, parse_date_bound, period
from songngu.app.render import Notice, render_view
from songngu.app.state import AppSettings, LiveIndex, SerialEmbedder
from songngu.app.texts import EXAMPLES, LANGUAGES, TEXTS
from songngu.errors import BadInputError
from songngu.index.documents import is_iso_date
from songngu.index.store.local import LocalStore
from songngu.search.ask import ask

ARTICLE = "Lễ hội hoa sở Bình Liêu năm 2025 đón 12.000 lượt khách. Hoa sở nở trắng các sườn đồi."


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def upload(name: str, content: str) -> Upload:
    return Upload(name, content.encode("utf-8"))


def add(corpus: Path, uploads: list[Upload], max_bytes: int, trash: Path) -> list[str]:
    """Check and add uploads as the app does; the ids of their documents."""
    return list(add_files(corpus, check_uploads(corpus, uploads, max_bytes), trash).doc_ids)


@pytest.mark.parametrize(("name", "safe"), [
    ("bài báo.txt", "bài_báo.txt"), ("../../etc/passwd.md", "passwd.md"), ("..\\..\\x.HTML", "x.html"),
    ("tin tức 广西 (1).jsonl", "tin_tức_广西_1.jsonl"), ("./.hidden.txt", "hidden.txt"),
    ("x" * 79 + ".y.txt", "x" * 79 + ".txt"),  # a probe (session 11): cut at 80, "x…x." gave the id "x…x."
])
def test_safe_file_names(name, safe):
    assert safe_file_name(name) == safe


@pytest.mark.parametrize("name", ["run.sh", "noext", "..txt", "x.txt.exe", "<>.md"])
def test_other_types_and_empty_names_are_refused(name):
    with pytest.raises(BadInputError):
        safe_file_name(name)


@pytest.mark.parametrize("name", ['Bao cao "Mong Cai".txt', "Bao cao %22Mong Cai%22.txt", "Bao cao%0D%0AMong Cai.txt"])
def test_a_quote_or_line_break_a_browser_escaped_reads_as_any_unsafe_character(tmp_path, name):
    """A probe (session 25): a browser sends a file name's " as %22 (and a line break as %0D%0A, the HTML form
    encoding), so `Bao cao "Mong Cai".txt` was stored as Bao_cao_22Mong_Cai_22.txt."""
    assert safe_file_name(name) == "Bao_cao_Mong_Cai.txt"
    with pytest.raises(BadInputError, match="would have the same name"):  # never two documents of one name
        check_uploads(tmp_path, [upload(name, ARTICLE), upload("Bao_cao_Mong_Cai.txt", ARTICLE)], 10_000)


def test_add_files_writes_valid_files(tmp_path, seed_corpus_copy):
    ids = add(seed_corpus_copy, [upload("hoa-so.txt", ARTICLE),
                                 upload("two.jsonl", '{"id": "j1", "text": "Một."}\n{"id": "j2", "text": "Hai."}\n')],
              10_000, tmp_path / "trash")
    assert ids == ["hoa-so", "j1", "j2"]
    assert (seed_corpus_copy / "hoa-so.txt").read_text(encoding="utf-8") == ARTICLE
    assert not list(seed_corpus_copy.glob(".*"))


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("bad.jsonl", '{"id": "ok", "text": "Tốt."}\n{oops\n', "bad.jsonl:2: not valid JSON"),
    ("empty.txt", "   \n", "has no text"),
    ("big.txt", "x" * 5000, "over the limit"),
    ("000_c04df0cbe7e4de80.jsonl", '{"id": "001_5df6ebe4187770c4", "text": "Trùng."}\n', "already used by"),
    ("script.py", "print(1)", "only .txt"),
])
def test_a_bad_file_rejects_the_batch_and_changes_nothing(tmp_path, seed_corpus_copy, name, content, reason):
    before = snapshot(seed_corpus_copy)
    with pytest.raises(BadInputError, match=reason) as caught:
        check_uploads(seed_corpus_copy, [upload("good.txt", ARTICLE), upload(name, content)], 4000)
    assert str(tmp_path) not in str(caught.value)  # no server paths in messages
    assert snapshot(seed_corpus_copy) == before


def test_remove_document_from_a_file_and_from_a_jsonl(tmp_path, seed_corpus_copy):
    lines = [{"id": "j1", "text": "Một."}, {"id": "j2", "text": "Hai."}]
    (seed_corpus_copy / "many.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    trash = tmp_path / "trash"
    remove_document(seed_corpus_copy, "j1", trash)
    assert [json.loads(x)["id"] for x in (seed_corpus_copy / "many.jsonl").read_text().splitlines()] == ["j2"]
    remove_document(seed_corpus_copy, "003_e527481dc8ffb22e", trash)
    assert not (seed_corpus_copy / "003_e527481dc8ffb22e.txt").exists()
    with pytest.raises(BadInputError, match="no document"):
        remove_document(seed_corpus_copy, "nope", trash)
    with pytest.raises(BadInputError, match="at least 10"):
        remove_document(seed_corpus_copy, "j2", trash, minimum_left=10)


def test_date_periods_and_document_filters():
    from songngu.index.store.interface import DocumentInfo

    assert period("2025") == ("2025-01-01", "2025-12-31") and period("2025-02") == ("2025-02-01", "2025-02-31")
    rows = [DocumentInfo("a", "A", "2025-02", 1, 1), DocumentInfo("b", "B", "2025-10-29", 1, 1),
            DocumentInfo("c", "C", None, 1, 1)]
    assert documents_in(rows, [], None, None) is None
    assert documents_in(rows, ["a", "c"], None, None) == ["a", "c"]
    assert documents_in(rows, [], "2025-02-15", None) == ["a", "b"]
    assert documents_in(rows, [], None, "2025-03") == ["a"]
    assert documents_in(rows, ["b"], "2026", None) == []
    for impossible in ("2025-13", "2025-02-31"):  # the second passed before (a probe, session 8)
        with pytest.raises(BadInputError):
            parse_date_bound(impossible)
    assert parse_date_bound("  ") is None
    # Full-width digits, as a Chinese input method types them, are the date they read as (a probe, session 9:
    # ２０２５ passed as a date and matched nothing); a document's date must be written in ASCII digits.
    assert parse_date_bound("２０２５－０３") == "2025-03"
    assert documents_in(rows, [], parse_date_bound("２０２５－１０"), None) == ["b"]
    assert not is_iso_date("２０２５")


@pytest.fixture()
def live(tmp_path, seed_index_copy, seed_corpus_copy, embedder) -> LiveIndex:
    return LiveIndex(LocalStore(seed_index_copy), seed_corpus_copy, SerialEmbedder(embedder), tmp_path / "trash")


def test_answer_view_applies_filters_and_explains_empty_states(live):
    question = "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?"
    view = answer_view(live, AppSettings(), question, [], "", "", 3)
    assert view.result.passages[0].doc_id == "000_c04df0cbe7e4de80"
    assert {e.doc_id for e in view.excerpts} == {p.doc_id for p in view.result.passages}
    only = answer_view(live, AppSettings(), question, ["002_48967e2c3d5ba914"], "", "", 3)
    assert {p.doc_id for p in only.result.passages} == {"002_48967e2c3d5ba914"}
    dated = answer_view(live, AppSettings(), question, [], "2025-10", "2025-12-31", 5)
    assert {p.doc_id for p in dated.result.passages} == {"002_48967e2c3d5ba914"}
    assert answer_view(live, AppSettings(), "  ", [], "", "", 3) == Notice("empty_question")
    assert answer_view(live, AppSettings(), question, [], "2025-99", "", 3).key == "bad_date"
    assert answer_view(live, AppSettings(), question, [], "2030", "", 3) == Notice("no_documents_in_filter")
    # A probe (session 10): a range from 2025-12 to 2025-01 said only that no document matched.
    assert answer_view(live, AppSettings(), question, [], "2025-12", "2025-01", 3) == Notice("dates_reversed", "error")
    assert answer_view(live, AppSettings(), question, [], "2025-01", "2025-01", 3).kind != "error"
    assert answer_view(live, AppSettings(), "x" * 5000, [], "", "", 3).kind == "error"


def test_refusals_are_said_in_the_page_language(live):
    """Session 8 noticed English reasons inside Vietnamese and Chinese pages ("the question is 5000 characters
    long" after "错误："); the CLI and the API keep the English message."""
    too_long = answer_view(live, AppSettings(), "x" * 5000, [], "", "", 3)
    assert "错误：问题长 5000 个字符；上限为 1000 个字符" in render_view(too_long, "zh")
    assert "tối đa 1000 ký tự" in render_view(too_long, "vi")
    assert "the limit is 1000" in str(too_long.error)
    assert "请用越南语或中文提问" in render_view(answer_view(live, AppSettings(), "?!…", [], "", "", 3), "zh")
    exe = upload_step(live, AppSettings(), [upload("x.exe", ARTICLE)], "zh")
    assert exe.kind == "error" and "只接受 .txt" in exe.message, exe.message
    empty = upload_step(live, AppSettings(), [upload("trống.jsonl", "\n\n")], "vi")
    assert "trống.jsonl: tệp không có bài viết nào" in empty.message, empty.message
    pdf = upload_step(live, AppSettings(), [Upload("bao.pdf", b"%PDF-1.4 garbage")], "zh")
    assert "bao.pdf：无法读取该 PDF 文件" in pdf.message and "/" not in pdf.message, pdf.message
    typed = upload_step(live, AppSettings(), [upload("tin.jsonl", '{"id": "t", "title": 123, "text": "Tin."}')], "vi")
    assert "tin.jsonl:1: trường “title” phải là chuỗi văn bản" in typed.message, typed.message
    # Session 10 (a probe): these said Python's own English inside the page's sentence.
    long_id = ('{"id": "' + "a" * 300 + '", "text": "Tin."}').encode()
    for name, raw, vi, zh in (
            ("hong.txt", b"Xin ch\xe0o \xff\xfe", "hong.txt: tệp không phải văn bản UTF-8",
             "hong.txt：文件不是 UTF-8 文本"),
            ("ma.jsonl", b'{"id": ["a"], "text": "Tin."}', "ma.jsonl:1: “id” phải là chuỗi văn bản hoặc số nguyên",
             "ma.jsonl:1：“id”必须是字符串或整数"),
            ("dai.jsonl", long_id, "dai.jsonl:1: “id” dài hơn 200 ký tự", "dai.jsonl:1：“id”超过 200 个字符")):
        for lang, expected in (("vi", vi), ("zh", zh)):
            refused = upload_step(live, AppSettings(), [Upload(name, raw)], lang)
            assert expected in refused.message and "codec" not in refused.message, refused.message
    gone = delete_step(live, "no-such-doc", "zh")
    assert "资料库中没有文档“no-such-doc”" in gone.message, gone.message


def test_change_corpus_swaps_the_index_and_a_failed_change_keeps_it(tmp_path, live):
    before = live.current()
    (change, report) = live.change_corpus(lambda corpus: add_files(
        corpus, check_uploads(corpus, [upload("hoa.txt", ARTICLE)], 10_000), live.trash_dir))
    assert change.doc_ids == ("hoa",) and report.added == ("hoa",)
    assert live.current() is not before and "hoa" in {r.doc_id for r in live.current().documents()}
    view = answer_view(live, AppSettings(), "Lễ hội hoa sở Bình Liêu đón bao nhiêu lượt khách?", [], "", "", 3)
    assert view.result.passages[0].doc_id == "hoa"
    current = live.current()
    with pytest.raises(BadInputError):
        live.change_corpus(lambda corpus: add_files(corpus, check_uploads(corpus, [upload("x.exe", "no")], 10_000),
                                                    live.trash_dir))
    assert live.current() is current


# What each example question of the interface must be answered with, from the bundled corpus.
EXAMPLE_ANSWERS = {
    "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?": "Trịnh Thị Minh Thanh",
    "Đại học Hạ Long dự kiến ký bản ghi nhớ hợp tác với trường nào của Quảng Tây?": "Đại học Sư phạm Quảng Tây",
    "Năm 2025 là kỷ niệm bao nhiêu năm thiết lập quan hệ ngoại giao Việt Nam - Trung Quốc?": "75 năm",
    "下龙大学与广西哪些学校开展合作？": "Đại học Hạ Long",
    "广宁—防城港定期会议上，广宁省哪位副主席提出加快推进北仑河三桥？": "Lê Văn Ánh",
    "代表团参观了哪家中国光伏企业在越南的项目？": "Jinko Solar",
}


def test_example_questions_in_both_languages_are_answered_from_the_corpus(seed_index, embedder):
    assert set(EXAMPLE_ANSWERS) == {q for code in LANGUAGES for q in EXAMPLES[code]}
    for code in LANGUAGES:
        for question in EXAMPLES[code]:
            result = ask(question, seed_index, embedder)
            assert result.lang == code and not result.answer.abstained, question
            assert EXAMPLE_ANSWERS[question] in result.answer.text, question


KEYED = ("SongNguError", "BadInputError", "CorpusError")


def test_every_error_that_names_an_interface_string_has_it_in_each_language():
    """An error raised with a key (``SongNguError(message, key, **values)``) is shown through ``TEXTS``: a key
    or a value that a language's template lacks would fail only when that error happens (a KeyError in the
    page). Every such raise in the package, read from its source."""
    raised = []  # (file, key, value names): the second argument of an error whose second argument is a key
    for path in (Path(__file__).resolve().parent.parent / "songngu").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in KEYED and len(node.args) >= 2 \
                    and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
                raised.append((path.name, node.args[1].value, {k.arg for k in node.keywords}))
    assert len(raised) >= 25, raised
    for name, key, values in raised:
        for language in LANGUAGES:
            template = TEXTS[language].get(key)
            assert template is not None, (name, key, language)
            wanted = {field for _, field, _, _ in string.Formatter().parse(template) if field}
            assert wanted == values, (name, key, language, wanted, values)



def test_a_language_switch_says_the_corpus_status_again(live):
    """A probe (session 10): after a switch to Vietnamese, the Chinese question "资料库中已有 …。要替换吗？" stayed,
    its button "替换" beside "Hủy", and an upload's error stayed Chinese too."""
    name = next(p.name for p in sorted(live.corpus_dir.iterdir()) if p.suffix == ".txt")
    waiting = upload_step(live, AppSettings(), [upload(name, ARTICLE)], "zh")
    assert waiting.pending is not None and "要替换吗" in waiting.message
    status, button = restated(waiting, "vi")
    assert f"{name} đã có trong kho tài liệu. Thay thế?" in status and "要" not in status
    assert button["value"] == TEXTS["vi"]["confirm_replace"]
    release_pending(waiting.pending)
    refused = upload_step(live, AppSettings(), [upload("x.exe", ARTICLE)], "zh")
    assert "只接受" in refused.message and "chỉ nhận" in restated(refused, "vi")[0].casefold()
    assert restated(None, "vi")[0] == ""


def test_every_state_of_the_page_has_a_time_to_live(live):
    """A probe (session 19): the app's states had no time limit, and Gradio drops a session that never opened its
    heartbeat only once 10,000 newer ones have come, so each page's answer view and waiting upload stayed in
    memory. A question waiting for a yes lasts minutes, the rest an hour."""
    blocks = build_app(live, AppSettings())
    states = [block for block in blocks.blocks.values() if isinstance(block, gr.State)]
    assert states and all(state.time_to_live <= 3600 for state in states), [s.time_to_live for s in states]
    waiting = [state for state in states if state.delete_callback is release_pending]
    assert len(waiting) == 1 and waiting[0].time_to_live <= 15 * 60
    assert blocks.state_session_capacity <= 1000  # and the sessions themselves are not kept by the ten thousand


def test_a_deleted_file_can_be_put_back_from_the_trash_after_the_page_is_gone(live):
    """A probe (session 10): "kept in the trash, can be undone", but after a reload the undo button was gone and
    the page offered no way to the trash (only `songngu restore`)."""
    doc_id = sorted(r.doc_id for r in live.current().documents())[0]
    deleted = confirm_step(live, AppSettings(), delete_step(live, doc_id, "vi").pending, "vi")
    assert deleted.change is not None and doc_id not in {r.doc_id for r in live.current().documents()}
    choices = trash_choices(live)  # what a fresh page lists
    entry_id = next(value for label, value in choices if label.startswith(deleted.change.trashed[0].name))
    assert restore_step(live, None, "vi").message == TEXTS["vi"]["no_trash_chosen"]
    restored = restore_step(live, entry_id, "zh")
    assert restored.kind == "info" and f"已恢复 {deleted.change.trashed[0].name}" in restored.message
    assert doc_id in {r.doc_id for r in live.current().documents()}
    assert entry_id not in {value for _, value in trash_choices(live)}
    again = restore_step(live, entry_id, "vi")  # gone from the trash: said, nothing changes
    assert again.kind == "error" and "không còn trong thùng rác" in again.message
    undone = undo_step(live, restored.change, "vi")  # a restore is undone like any change
    assert undone.undone and doc_id not in {r.doc_id for r in live.current().documents()}
    restore_step(live, trash_choices(live)[0][1], "vi")
    assert doc_id in {r.doc_id for r in live.current().documents()}


def test_deleting_one_record_of_a_jsonl_file_says_the_others_stay(live):
    """A probe (session 10): deleting one record of a three-record .jsonl said "the file will be moved to the
    trash", as if its siblings went too (they do not); its undo named the file twice."""
    lines = "".join(json.dumps({"id": f"tin-{i}", "title": f"Tin {i}", "text": f"Tin số {i} về Móng Cái."},
                               ensure_ascii=False) + "\n" for i in range(3))
    added = upload_step(live, AppSettings(), [upload("nhieu-tin.jsonl", lines)], "vi")
    assert added.change is not None, added.message
    asked = delete_step(live, "tin-1", "vi")
    assert "khỏi nhieu-tin.jsonl? 2 bài khác trong tệp được giữ lại" in asked.message, asked.message
    assert "其他 2 篇保留" in restated(asked, "zh")[0]
    deleted = confirm_step(live, AppSettings(), asked.pending, "vi")
    assert {"tin-0", "tin-2"} <= {r.doc_id for r in live.current().documents()}
    undone = undo_step(live, deleted.change, "vi")
    assert undone.message.count("nhieu-tin.jsonl") == 1, undone.message
    for doc_id in ("tin-0", "tin-1", "tin-2"):  # leave the corpus as the other tests expect it
        confirm_step(live, AppSettings(), delete_step(live, doc_id, "vi").pending, "vi")


def test_a_restore_says_what_it_displaced_and_a_clash_in_the_pages_language(live):
    """A probe (session 10): restoring over a file of the same name said only "restored"; restoring a file whose
    id another file now holds said "duplicate document id …" in English, and the page's trash list went stale."""
    added = upload_step(live, AppSettings(), [upload("tau.txt", ARTICLE)], "vi")
    deleted = confirm_step(live, AppSettings(), delete_step(live, "tau", "vi").pending, "vi")
    upload_step(live, AppSettings(), [upload("tau.md", ARTICLE + " Bản mới.")], "vi")
    clash = restore_step(live, deleted.change.trashed[0].id, "vi")
    assert clash.kind == "error" and "mã tài liệu “tau” có trong cả" in clash.message, clash.message
    assert "duplicate" not in clash.message
    confirm_step(live, AppSettings(), delete_step(live, "tau", "vi").pending, "vi")  # tau.md goes
    upload_step(live, AppSettings(), [upload("tau.txt", "Tàu mới chạy 3 chuyến.")], "vi")
    entry = next(value for label, value in trash_choices(live) if label.startswith("tau.txt"))
    replacing = restore_step(live, entry, "zh")
    assert "原有的 tau.txt 已移入回收站" in replacing.message, replacing.message
    assert added.change is not None
    confirm_step(live, AppSettings(), delete_step(live, "tau", "vi").pending, "vi")


def test_the_example_questions_are_shown_only_over_the_sample_articles(live, tmp_path, embedder):
    """A probe (session 25): the sample's example questions were offered over any corpus, and each abstained."""
    from songngu.index.build import build_index
    from songngu.index.documents import read_corpus

    def examples_shown(over: LiveIndex) -> bool:
        (accordion,) = [b for b in build_app(over, AppSettings()).blocks.values() if b.elem_id == "sn-examples"]
        return accordion.visible

    assert examples_shown(live)
    corpus = tmp_path / "other"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Vịnh Hạ Long đón 5 triệu lượt khách.", encoding="utf-8")
    build_index(read_corpus(corpus), tmp_path / "other-index", embedder)
    assert not examples_shown(LiveIndex(LocalStore(tmp_path / "other-index"), corpus, SerialEmbedder(embedder),
                                        tmp_path / "other-trash"))
