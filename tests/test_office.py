"""PDF and Word articles, made by the tests with reportlab and python-docx, indexed and cited like any other."""

import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from songngu.app.corpus import Upload, add_files, check_uploads
from songngu.errors import BadInputError, CorpusError
from songngu.index.build import build_index
from songngu.index.documents import read_corpus, read_file
from songngu.index.office import MAX_PDF_DRAWING_BYTES, pdf_paragraphs, read_docx, read_pdf
from songngu.index.pdf_work import drawing_bytes
from songngu.index.store.local import open_index
from songngu.search.ask import ask

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core (.ci/run installs it)
BLANK_TEXT = b"BT /F1 12 Tf 72 712 Td ( ) Tj ET\n"  # a probe's: text operators that show nothing
PARAGRAPHS = [
    "Tuyến xe buýt xuyên biên giới Móng Cái - Đông Hưng chính thức khai trương ngày 12/3/2026. Mỗi ngày có 8 "
    "chuyến xe buýt chạy qua cầu Bắc Luân 2, đón khách tại bến xe Móng Cái và bến xe Đông Hưng.",
    "Vé xe buýt có giá 50 nhân dân tệ cho mỗi lượt. Hành khách cần mang theo hộ chiếu hoặc giấy thông hành.",
]


def write_pdf(path: Path, paragraphs: list[str], title: str | None = None) -> Path:
    """A real PDF whose paragraphs wrap over several lines, as a newspaper's PDF export does."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if not FONT.is_file():
        pytest.fail(f"no {FONT}: apt-get install fonts-dejavu-core")
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=11, leading=15, spaceAfter=12)
    document = SimpleDocTemplate(str(path), title=title or "")
    document.build([Paragraph(text, style) for text in paragraphs])
    return path


def write_docx(path: Path, heading: str, paragraphs: list[str]) -> Path:
    import docx

    word = docx.Document()
    word.add_heading(heading, level=1)
    for text in paragraphs:
        word.add_paragraph(text)
    word.save(str(path))
    return path


def test_pdf_lines_are_joined_into_their_paragraphs(tmp_path):
    document = read_file(write_pdf(tmp_path / "xe-buyt.pdf", PARAGRAPHS, title="Xe buýt Móng Cái - Đông Hưng"))[0]
    assert document.doc_id == "xe-buyt" and document.title == "Xe buýt Móng Cái - Đông Hưng"
    assert document.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize("placeholder", ["untitled", "Microsoft Word - xe buyt.docx", "Document1", "xe-buyt.pdf"])
def test_a_title_a_tool_wrote_for_want_of_one_gives_way_to_the_articles_opening(tmp_path, placeholder):
    """reportlab, Word's print to PDF and Word itself write such titles when the author gave none; shown in a
    citation they say nothing. The article's opening, as for any file without a title, says what it is."""
    opening = "Tuyến xe buýt xuyên biên giới Móng Cái - Đông Hưng chính thức khai trương ngày…"
    document = read_file(write_pdf(tmp_path / "xe-buyt.pdf", PARAGRAPHS, title=placeholder))[0]
    assert document.title == opening
    word = write_docx(tmp_path / "ve.docx", "Giá vé xe buýt", PARAGRAPHS)
    _set_core_title(word, placeholder)
    assert read_file(word)[0].title == "Giá vé xe buýt"  # the heading, as with no title at all
    (tmp_path / "tin.html").write_text(f"<html><head><title>{placeholder}</title></head><body><p>{PARAGRAPHS[0]}</p>"
                                       "</body></html>", encoding="utf-8")
    assert read_file(tmp_path / "tin.html")[0].title == opening


def _set_core_title(path: Path, title: str) -> None:
    import docx

    word = docx.Document(str(path))
    word.core_properties.title = title
    word.save(str(path))


def test_placeholder_titles_are_told_from_real_ones():
    from songngu.index.titles import placeholder_title

    for title in ["untitled", " Untitled-1", "Untitled Document", "Tài liệu không có tiêu đề", "无标题文档", "未命名",
                  "(anonymous)", "Microsoft PowerPoint - Bao cao.pptx", "bao cao quy 3.doc", "Tài liệu1", "文档1"]:
        assert placeholder_title(title), title
    for title in ["Xe buýt Móng Cái - Đông Hưng", "Untitled work of art", "Documentary on Ha Long Bay", "Quảng Ninh",
                  "Title IX in schools", "Báo cáo: tài liệu không có tiêu đề bị loại", "广西文档管理办法"]:
        assert not placeholder_title(title), title


def test_paragraph_ends_need_a_sentence_end_on_a_short_line():
    page = "Dòng một của đoạn văn khá dài và kéo đến tận lề\nphải. Câu cuối.\nĐoạn hai bắt đầu ở đây và cũng dài\nnữa."
    assert pdf_paragraphs([page]) == ["Dòng một của đoạn văn khá dài và kéo đến tận lề phải. Câu cuối.",
                                      "Đoạn hai bắt đầu ở đây và cũng dài nữa."]


def test_docx_paragraphs_and_heading_title(tmp_path):
    document = read_file(write_docx(tmp_path / "ve.docx", "Giá vé xe buýt", PARAGRAPHS))[0]
    assert (document.doc_id, document.title) == ("ve", "Giá vé xe buýt")
    assert document.text.split("\n\n") == PARAGRAPHS


def test_pdf_and_docx_articles_are_indexed_and_cited_with_exact_offsets(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "xe-buyt.pdf", PARAGRAPHS)
    write_docx(corpus / "ve.docx", "Cửa khẩu", ["Cửa khẩu Bắc Phong Sinh mở cửa từ 7 giờ đến 17 giờ hằng ngày."])
    texts = {d.doc_id: d.text for d in read_corpus(corpus)}
    build_index(read_corpus(corpus), tmp_path / "index", embedder)
    index = open_index(tmp_path / "index")
    cases = (("Mỗi ngày có bao nhiêu chuyến xe buýt Móng Cái - Đông Hưng?", "xe-buyt", "8 chuyến"),
             ("Cửa khẩu Bắc Phong Sinh mở cửa lúc mấy giờ?", "ve", "7 giờ"))
    for question, doc_id, fact in cases:
        answer = ask(question, index, embedder, k=2).answer
        assert not answer.abstained and fact in answer.text, answer
        citation = answer.citations[0]
        assert citation.doc_id == doc_id and texts[doc_id][citation.start:citation.end] == citation.text


def test_a_pdf_without_a_text_layer_is_refused_with_what_to_do(tmp_path):
    from reportlab.pdfgen import canvas

    scan = canvas.Canvas(str(tmp_path / "scan.pdf"))
    scan.rect(100, 100, 300, 400, fill=1)  # a page with a picture and no text, as a scanner makes
    scan.save()
    with pytest.raises(CorpusError, match="no text layer.*OCR"):
        read_file(tmp_path / "scan.pdf")


@pytest.mark.parametrize("name", ["broken.pdf", "broken.docx"])
def test_a_file_that_is_not_what_its_name_says_is_a_corpus_error(tmp_path, name):
    (tmp_path / name).write_bytes(b"%PDF-1.4 garbage" if name.endswith(".pdf") else b"PK\x03\x04 not a zip")
    with pytest.raises(CorpusError, match=name):
        read_file(tmp_path / name)


def test_uploads_take_pdf_and_docx(tmp_path, seed_corpus_copy):
    pdf = write_pdf(tmp_path / "bai-bao.pdf", PARAGRAPHS)
    word = write_docx(tmp_path / "ghi-chu.docx", "Ghi chú", ["Cửa khẩu mở cửa từ 7 giờ."])
    uploads = [Upload("bài báo.pdf", pdf.read_bytes()), Upload("ghi-chu.docx", word.read_bytes())]
    staged = check_uploads(seed_corpus_copy, uploads, 2_000_000)  # read as the indexer reads them
    assert add_files(seed_corpus_copy, staged, tmp_path / "trash").doc_ids == ("bài_báo", "ghi-chu")
    assert (seed_corpus_copy / "bài_báo.pdf").is_file() and (seed_corpus_copy / "ghi-chu.docx").is_file()


def _rewrite_document_xml(source: Path, target: Path, xml: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, xml if item.filename == "word/document.xml" else old.read(item))
    return target


def test_a_word_file_with_broken_xml_is_a_corpus_error(tmp_path):
    """A probe (session 8): lxml's XMLSyntaxError went out as an internal error (exit 1, a raw app error)."""
    good = write_docx(tmp_path / "good.docx", "Tiêu đề", ["Móng Cái đón khách."])
    broken = _rewrite_document_xml(good, tmp_path / "broken.docx", b"<w:document><unclosed>")
    with pytest.raises(CorpusError, match="broken.docx"):
        read_file(broken)


def test_a_word_zip_bomb_is_refused_before_it_is_parsed(tmp_path):
    """178 KB that unpacked to 50 MB of paragraphs ran for minutes and took a gigabyte; refused at once now."""
    good = write_docx(tmp_path / "good.docx", "Tiêu đề", ["Móng Cái đón khách."])
    paragraph = b"<w:p><w:r><w:t>A</w:t></w:r></w:p>"
    xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + paragraph * (25_000_000 // len(paragraph)) + b"</w:body></w:document>")
    bomb = _rewrite_document_xml(good, tmp_path / "bomb.docx", xml)
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(CorpusError, match="zip bomb"):
        read_file(bomb)
    # Renamed, it is found all the same (the review of session 8: only .xml and .rels parts were counted).
    renamed = tmp_path / "renamed.docx"
    with zipfile.ZipFile(bomb) as old, zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item).replace(b"word/document.xml", b"word/document.dat").replace(
                b"/document.xml", b"/document.dat")
            new.writestr(item.filename.replace("document.xml", "document.dat"), data)
    with pytest.raises(CorpusError, match="zip bomb"):
        read_file(renamed)


def write_raw_pdf(path: Path, pages: list[bytes], shared: list[bytes]) -> Path:
    """A PDF written object by object: the catalog (1), the page tree (2), a font (3), the ``shared`` objects
    (4 on), then the ``pages`` (each the entries of a page dictionary, such as its /Contents)."""
    first_page = 4 + len(shared)
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", *shared,
               *(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s >>" % page for page in pages)]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    path.write_bytes(out)
    return path


def flate_stream(data: bytes, entries: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return b"<< %s /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (entries, len(packed), packed)


def write_shared_stream_pdf(path: Path, pages: int = 12, references: int = 6, repeats: int = 4_000) -> Path:
    """The probe's PDF: pages that each list one compressed stream of ``repeats`` blank text operators
    ``references`` times (12 x 6 x 136 KB: 9.8 MB to parse, in 3 KB)."""
    page = b"/Resources << /Font << /F1 3 0 R >> >> /Contents [%s]" % b" ".join([b"4 0 R"] * references)
    return write_raw_pdf(path, [page] * pages, [flate_stream(BLANK_TEXT * repeats)])


def test_a_pdf_that_uses_its_drawing_instructions_many_times_is_refused_before_they_are_read(tmp_path):
    """A probe (session 19): 12 pages listing one compressed stream of blank text operators, 5,246 bytes, took
    24 s to read and were then refused for having no text (an hour at 500 pages); through the app a 6.6 KB
    PDF held the corpus lane for 13.8 s. pypdf parses a stream again at each use: each use is counted, before
    anything is parsed."""
    pdf = write_shared_stream_pdf(tmp_path / "probe.pdf")
    assert pdf.stat().st_size < 10_000
    with pytest.raises(CorpusError, match=r"probe\.pdf: the PDF's pages hold more than 8 MB of drawing instructions"):
        read_file(pdf)
    assert drawing_bytes(PdfReader(pdf).pages, 10**9) == 12 * 6 * 4_000 * len(BLANK_TEXT)


def test_a_form_counts_once_each_time_it_is_drawn(tmp_path):
    """The same work in a form XObject that one page draws 100 times (1 KB, 16 s to read before)."""
    font = b"/Resources << /Font << /F1 3 0 R >> >>"
    form = flate_stream(BLANK_TEXT * 3_000, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] " + font)
    page_content = b"/X0 Do\n" * 100
    page = b"/Resources << /XObject << /X0 4 0 R >> >> /Contents 5 0 R"
    pdf = write_raw_pdf(tmp_path / "form.pdf", [page], [form, flate_stream(page_content)])
    with pytest.raises(CorpusError, match=r"form\.pdf: .* more than 8 MB of drawing instructions"):
        read_file(pdf)
    assert drawing_bytes(PdfReader(pdf).pages, 10**9) == len(page_content) + 100 * 3_000 * len(BLANK_TEXT)
    # A form that draws itself (invalid: pypdf skips it) is counted as too much, whatever its size.
    looping = flate_stream(b"/X0 Do\n", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] "
                                         b"/Resources << /XObject << /X0 4 0 R >> >>")
    pdf = write_raw_pdf(tmp_path / "loop.pdf", [page], [looping, flate_stream(b"/X0 Do\n")])
    assert drawing_bytes(PdfReader(pdf).pages, MAX_PDF_DRAWING_BYTES) > MAX_PDF_DRAWING_BYTES


def test_text_drawn_in_forms_is_read_as_before(tmp_path):
    """A header drawn as one form on every page and each page's text in a form of its own: read, not refused."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(tmp_path / "forms.pdf"))
    pdf.beginForm("header")
    pdf.drawString(72, 800, "Mong Cai news")
    pdf.endForm()
    for number, paragraph in enumerate(["Tuyen xe buyt khai truong.", "Ve xe buyt co gia 50 nhan dan te."]):
        pdf.doForm("header")
        pdf.beginForm(f"body{number}")
        pdf.drawString(72, 700, paragraph)
        pdf.endForm()
        pdf.doForm(f"body{number}")
        pdf.showPage()
    pdf.save()
    document = read_file(tmp_path / "forms.pdf")[0]
    assert document.text == ("Mong Cai news Tuyen xe buyt khai truong.\n\n"
                             "Mong Cai news Ve xe buyt co gia 50 nhan dan te.")


def test_an_upload_of_such_a_pdf_is_refused_and_nothing_is_written(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    upload = Upload("probe.pdf", write_shared_stream_pdf(tmp_path / "probe.pdf").read_bytes())
    with pytest.raises(BadInputError, match=r"^probe\.pdf: .* more than 8 MB of drawing instructions") as refused:
        check_uploads(corpus, [upload], 2_000_000)
    assert refused.value.key == "pdf_too_much_drawing" and refused.value.values["source"] == "probe.pdf"
    assert list(corpus.iterdir()) == []


def test_the_cli_refuses_such_a_pdf_in_one_line(tmp_path):
    from tests.test_cli import assert_one_line_error, songngu

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Móng Cái đón 12.000 lượt khách năm 2025.", encoding="utf-8")
    write_shared_stream_pdf(corpus / "probe.pdf")
    result = songngu("index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"))
    assert_one_line_error(result, 2, "probe.pdf: the PDF's pages hold more than 8 MB of drawing instructions")


def write_font_map_pdf(path: Path, pages: int, entries: int = 50_000) -> Path:
    """A probe (session 20): one font whose map of characters to Unicode (ToUnicode CMap) holds ``entries``
    entries (700 KB at 50,000, packed to 210 KB), which pypdf parses again for each page that uses the font
    (0.6 s a page here); every page shows one line with it."""
    mapping = b"\n".join([b"1 begincodespacerange <0000> <FFFF> endcodespacerange", b"%d beginbfchar" % entries,
                          *(b"<%04X> <%04X>" % (i % 65536, 0x4E00 + i % 20000) for i in range(entries)),
                          b"endbfchar"])
    page = b"/Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 5 0 R >>"
    return write_raw_pdf(path, [page] * pages, [font, flate_stream(mapping),
                                                flate_stream(b"BT /F1 12 Tf 72 700 Td (Hello world.) Tj ET")])


def test_a_file_whose_reading_takes_too_long_is_stopped_and_refused(tmp_path):
    """pypdf's reading of such a PDF is not counted beforehand (the drawing bytes are few): the child process
    that reads it is stopped past the time allowed (here 2 s; 40 pages took 24 s, 500 would take 5 min)."""
    import time

    pdf = write_font_map_pdf(tmp_path / "font map.pdf", pages=40)
    started = time.monotonic()
    with pytest.raises(CorpusError, match=r"font map\.pdf: reading its text took more than 2 s") as refused:
        read_pdf(pdf, seconds=2)
    assert time.monotonic() - started < 10
    assert refused.value.key == "file_too_slow" and refused.value.values == {"source": str(pdf), "limit": "2"}
    # Given the time it needs, the same kind of file is read (its text through the font's map).
    document = read_pdf(write_font_map_pdf(tmp_path / "short.pdf", pages=1))
    assert len(document.text) == len("Hello world.") and "\n" not in document.text


def test_a_file_whose_reading_needs_too_much_memory_is_refused(tmp_path):
    """The child may not grow past the memory allowed (its address space, libraries loaded first): here 1 MB,
    under what it already holds, so that any new block fails; the PDF's one page holds 1.6 MB of drawing."""
    pdf = write_raw_pdf(tmp_path / "bai.pdf", [b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R"],
                        [flate_stream(b"BT /F1 12 Tf 72 712 Td (Mong Cai.) Tj ET\n" + BLANK_TEXT * 50_000)])
    assert read_pdf(pdf).text == "Mong Cai."
    with pytest.raises(CorpusError, match=r"bai\.pdf: reading its text needs more than 1 MB of memory") as refused:
        read_pdf(pdf, memory=1024**2)
    assert refused.value.key == "file_too_big_to_read" and refused.value.values["limit"] == "1 MB"
    docx = write_docx(tmp_path / "bai.docx", "Tin Móng Cái", PARAGRAPHS * 200)
    assert read_docx(docx).text == "\n\n".join(PARAGRAPHS * 200)
    with pytest.raises(CorpusError, match=r"bai\.docx: reading its text needs more than 1 MB of memory"):
        read_docx(docx, memory=1024**2)


def _children_reading(pdf: Path, parent: int) -> list[int]:
    """Processes whose parent is ``parent`` and whose command line names ``pdf`` (Linux: /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and str(pdf).encode() in command:
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def test_the_reading_child_does_not_outlive_a_parent_killed_while_it_reads(tmp_path):
    """kill -9 of ``songngu index`` (or of the server) while its child parses: the child stops itself at its own
    limit of CPU seconds, the parent's time limit (here 3 s; the PDF asks for some 24), and does not parse on."""
    import signal
    import subprocess
    import sys
    import time

    pdf = write_font_map_pdf(tmp_path / "slow.pdf", pages=40)
    script = ("import sys; from pathlib import Path; from songngu.index.office import read_pdf; "
              "read_pdf(Path(sys.argv[1]), seconds=3)")
    parent = subprocess.Popen([sys.executable, "-c", script, str(pdf)], cwd=Path(__file__).resolve().parent.parent)
    deadline = time.monotonic() + 10
    while not (children := _children_reading(pdf, parent.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(children) == 1
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 15
    while _running(children[0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(children[0])


def _read_pdf_in_a_new_process(pdf: Path, cwd: Path, setup: str = "") -> subprocess.CompletedProcess:
    """``read_pdf(pdf)`` in a new Python process started in ``cwd`` after ``setup`` (Python code), the repository on
    its path as an installed copy would be; prints the document's text or the error's key."""
    script = (f"import sys; sys.path.append({str(Path(__file__).resolve().parent.parent)!r}); {setup}\n"
              "from pathlib import Path\nfrom songngu.errors import CorpusError\n"
              "from songngu.index.office import read_pdf\n"
              "try:\n    print(read_pdf(Path(sys.argv[1])).text)\nexcept CorpusError as error:\n"
              "    print(error.key, error)")
    return subprocess.run([sys.executable, "-c", script, str(pdf)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_a_module_in_the_working_folder_is_not_imported_by_the_reading_child(tmp_path):
    """A review (session 20): ``python -c`` puts the working folder first on the path, and the child kept it: a
    pypdf.py in the folder ``songngu index`` ran in was imported, and ran."""
    pdf = write_pdf(tmp_path / "bai.pdf", PARAGRAPHS)
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "pypdf.py").write_text("open('ran', 'w').close()\nraise ImportError('shadowed')\n", encoding="utf-8")
    done = _read_pdf_in_a_new_process(pdf, folder)
    assert done.stdout.strip() == "\n\n".join(PARAGRAPHS), done.stdout + done.stderr
    assert not (folder / "ran").exists()


def test_pdfs_are_read_under_a_hard_memory_limit_below_the_childs(tmp_path):
    """A review (session 20): under ``ulimit -v`` (a hard limit of address space below the child's 2 GB, as systemd's
    LimitAS= sets), raising the limit was refused and every PDF came back unreadable. The child keeps the lower one."""
    pdf = write_pdf(tmp_path / "bai.pdf", PARAGRAPHS)
    setup = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1_800_000_000, 1_800_000_000))"
    done = _read_pdf_in_a_new_process(pdf, tmp_path, setup)
    assert done.stdout.strip() == "\n\n".join(PARAGRAPHS), done.stdout + done.stderr
