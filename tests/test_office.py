"""PDF and Word articles, made by the tests with reportlab and python-docx, indexed and cited like any other."""

import zipfile
from pathlib import Path

import pytest

from songngu.app.corpus import Upload, add_files, check_uploads
from songngu.errors import CorpusError
from songngu.index.build import build_index
from songngu.index.documents import read_corpus, read_file
from songngu.index.office import pdf_paragraphs
from songngu.index.store.local import open_index
from songngu.search.ask import ask

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core (.ci/run installs it)
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
