"""PDF and Word articles: their text layer, as paragraphs, into a ``Document``.

A PDF's text comes as visual lines; ``pdf_paragraphs`` joins the lines of a
paragraph back together (a line ends a paragraph when it ends a sentence and
stops short of the column's width, or before a blank line), so chunks follow
paragraphs as they do for every other format. A Word file's paragraphs are
taken as they are, its title from the document properties or its first
Title/Heading paragraph. Offsets point into the stored text built from these
paragraphs, like every other document's.

Both readers are untrusted-input parsers: every library error becomes a
``CorpusError`` naming the file, a PDF of more than ``MAX_PDF_PAGES`` pages or
whose text would take more than ``MAX_PDF_DRAWING_BYTES`` of drawing
instructions to read (``songngu.index.pdf_work``) is refused before its text is
read, and a PDF without a text layer (a scan) is refused with what to do. Both
parse in a child Python process (``main``) that is stopped past
``MAX_READ_SECONDS`` (and stops itself past as many seconds of CPU, should its
parent die first) and may not take more than ``MAX_READ_MEMORY``: the limits
above are what we know to count, and these bound what we do not (a probe,
session 20: a PDF whose one font maps its characters with a 700 KB table, which
pypdf parses again for every page, took 0.6 s a page, five minutes at 500 pages).
"""

import json
import logging
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from songngu.errors import CorpusError
from songngu.index.documents import Document, file_id, make_document
from songngu.index.titles import placeholder_title

# A real 500-page PDF reads in 4 s here (3.7 s for a 499-page book), a Word file of 2 MB in under one; the most
# drawing a PDF may hold (MAX_PDF_DRAWING_BYTES) reads in 8 to 40 s. Past this the child is stopped.
MAX_READ_SECONDS = 60.0
# Address space of the child: Python, pypdf or python-docx with lxml, and one file's text and objects. Reading the
# 499-page book peaked at some 100 MB resident.
MAX_READ_MEMORY = 2 * 1024**3

MAX_PDF_PAGES = 500
# pypdf reads drawing instructions at 1 to 5 s a MB on our machine (2 shared cores), whatever they draw, and again
# at each use (pdf_work). A real 500-page text PDF holds 3 to 4 MB of them, counted so: 2.9 MB from reportlab with
# DejaVu, as the tests make them (5.5 KB a page; 525 pages of the seed articles read in 4.3 s), 3.9 MB from pdfTeX
# (Debian's libtasn1 manual, 7.7 KB a page; its 36 pages read at 3.6 s a MB). Twice the larger keeps books well
# inside, and bounds a PDF built to be slow to some 20 to 40 s instead of an hour.
MAX_PDF_DRAWING_BYTES = 8_000_000
# A Word file unpacked. Its XML packs about ten to one (a 2 MB upload of text holds some 20 MB of it) and
# its pictures hardly at all; a part that packs more than a hundred to one is a zip bomb (the probe's: 50 MB
# of paragraphs in 178 KB, which took minutes and a gigabyte to parse). The totals bound the rest.
MAX_DOCX_RATIO = 100
MAX_DOCX_UNPACKED_BYTES = 300_000_000
MAX_DOCX_MEMBERS = 2_000
_SENTENCE_END = re.compile(r"[.!?:…。！？；\"'”’)]$")
_SHORT_LINE = 0.8  # a line shorter than this share of the page's longest lines may end a paragraph


def pdf_paragraphs(page_texts: list[str]) -> list[str]:
    """Paragraphs of a PDF from the text of its pages, lines of one paragraph joined by a space."""
    paragraphs: list[str] = []
    for text in page_texts:
        lines = [line.strip() for line in text.splitlines()]
        widths = sorted(len(line) for line in lines if line)
        full = statistics.median(widths[len(widths) // 2:]) if widths else 0
        current: list[str] = []
        for line in lines:
            if not line:
                if current:
                    paragraphs.append(" ".join(current))
                current = []
                continue
            current.append(line)
            if _SENTENCE_END.search(line) and len(line) < _SHORT_LINE * full:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    return [p for p in paragraphs if p.strip()]


def read_pdf(path: Path, seconds: float = MAX_READ_SECONDS, memory: int = MAX_READ_MEMORY) -> Document:
    paragraphs, title = _read_in_child("pdf", path, seconds, memory)
    return make_document(file_id(path), "\n".join(paragraphs), str(path), title=title)


def read_docx(path: Path, seconds: float = MAX_READ_SECONDS, memory: int = MAX_READ_MEMORY) -> Document:
    paragraphs, title = _read_in_child("docx", path, seconds, memory)
    return make_document(file_id(path), "\n".join(paragraphs), str(path), title=title)


# The child imports this very copy of SongNgu (from the folder given first), whichever else is installed: that folder
# takes the place ``python -c`` gives the working folder at the head of the path, and leaves it once songngu is
# imported, so nothing else (pypdf, the standard library) is looked for in either (a review, session 20: a pypdf.py in
# the folder ``songngu index`` ran in was imported by the child, and ran).
_CHILD = ("import sys; sys.path[0] = sys.argv[1]; import songngu; del sys.path[0]; "
          "from songngu.index.office import main; main(*sys.argv[2:])")
_STDERR_TAIL = 4096  # bytes of the child's stderr read back: its last line names what stopped it


def _read_in_child(kind: str, path: Path, seconds: float, memory: int) -> tuple[list[str], str | None]:
    """(paragraphs, title) of a PDF or Word file, read by ``main`` in a child Python process; ``CorpusError`` as the
    readers raise it, or for a child stopped past ``seconds`` or past ``memory`` bytes of address space."""
    source = str(Path(__file__).resolve().parents[2])
    # stderr to a file, of which only the tail is read: pypdf's warnings about a damaged file ran to 3 MB in 2.5 s
    with tempfile.TemporaryFile() as errors:
        try:
            done = subprocess.run([sys.executable, "-c", _CHILD, source, kind, path, str(memory), str(seconds)],
                                  stdout=subprocess.PIPE, stderr=errors, timeout=seconds, check=False)
        except subprocess.TimeoutExpired:
            raise CorpusError(f"{path}: reading its text took more than {seconds:g} s, the most SongNgu gives one "
                              "file: split it into smaller files, or add its text as a .txt file", "file_too_slow",
                              source=str(path), limit=f"{seconds:g}") from None
        try:
            reply = json.loads(done.stdout)
        except ValueError:
            errors.seek(max(0, errors.seek(0, os.SEEK_END) - _STDERR_TAIL))
            reply = {"error": {"message": f"{path}: its reader stopped ({_last_line(errors.read())})",
                               "key": f"{kind}_unreadable", "values": {"source": str(path)}}}
    if "error" in reply:
        error = reply["error"]
        raise CorpusError(error["message"], error["key"], **error["values"])
    return reply["paragraphs"], reply["title"]


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no message"


def pdf_text(path: Path) -> tuple[list[str], str | None]:
    """(paragraphs, title) of a PDF: what the child process does."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    from songngu.index.pdf_work import drawing_bytes

    try:
        reader = PdfReader(path)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise CorpusError(f"{path}: {len(reader.pages)} pages; the limit is {MAX_PDF_PAGES}", "pdf_too_long",
                              source=str(path), pages=len(reader.pages), limit=MAX_PDF_PAGES)
        if drawing_bytes(reader.pages, MAX_PDF_DRAWING_BYTES) > MAX_PDF_DRAWING_BYTES:
            raise CorpusError(_too_much_drawing(path), "pdf_too_much_drawing", source=str(path),
                              limit=f"{MAX_PDF_DRAWING_BYTES / 1e6:g} MB")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata or {}).get("/Title")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as error:
        raise CorpusError(f"{path}: not a readable PDF ({type(error).__name__}: {error})", "pdf_unreadable",
                          source=str(path)) from error
    paragraphs = pdf_paragraphs(pages)
    if not paragraphs:
        raise CorpusError(f"{path}: the PDF has no text layer (a scanned image?): run OCR on it first, "
                          "or add its text as a .txt file", "pdf_no_text", source=str(path))
    return paragraphs, str(title) if title and not placeholder_title(str(title)) else None


def _too_much_drawing(path: Path) -> str:
    return (f"{path}: the PDF's pages hold more than {MAX_PDF_DRAWING_BYTES / 1e6:g} MB of drawing instructions "
            "(counted each time a page uses them), the most SongNgu reads from one PDF (a 500-page book holds 3 to "
            "4 MB): split it into smaller PDFs, or add its text as a .txt file")


def _check_unpacked_size(path: Path) -> None:
    """``CorpusError`` for a zip bomb: a part that packs more than ``MAX_DOCX_RATIO`` to one, or more parts
    or bytes in all than a Word file holds. The sizes are the archive's own records, which also bound what
    reading a member yields."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    # Every member counts, whatever its name: Word finds its parts through the package's relations, so a
    # bomb renamed document.dat is read all the same.
    unpacked = sum(info.file_size for info in members)
    if len(members) > MAX_DOCX_MEMBERS or unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise CorpusError(f"{path}: {len(members)} parts that would unpack to {unpacked:,} bytes; the limits are "
                          f"{MAX_DOCX_MEMBERS} parts and {MAX_DOCX_UNPACKED_BYTES:,} bytes", "docx_too_big",
                          source=str(path))
    for info in members:
        if info.file_size > 1_000_000 and info.file_size > MAX_DOCX_RATIO * max(info.compress_size, 1):
            raise CorpusError(f"{path}: {info.filename} would unpack {info.file_size // max(info.compress_size, 1)} "
                              f"times its size (a zip bomb?); a Word file's text packs about ten to one",
                              "docx_too_big", source=str(path))


def docx_text(path: Path) -> tuple[list[str], str | None]:
    """(paragraphs, title) of a Word file: what the child process does."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        _check_unpacked_size(path)
        word = docx.Document(str(path))
        paragraphs = [(p.style.name if p.style is not None else "", p.text) for p in word.paragraphs]
        title = word.core_properties.title
    except (PackageNotFoundError, zipfile.BadZipFile, LxmlError, ValueError, KeyError, OSError) as error:
        raise CorpusError(f"{path}: not a readable Word (.docx) file ({error})", "docx_unreadable",
                          source=str(path)) from error
    heading = next((text for style, text in paragraphs if style in ("Title", "Heading 1") and text.strip()), None)
    body = [text for style, text in paragraphs if text.strip() and text != heading]
    if not body:
        raise CorpusError(f"{path}: the Word file has no text", "docx_no_text", source=str(path))
    return body, title if title and not placeholder_title(title) else heading


def main(kind: str, path: str, memory: str, seconds: str) -> None:
    """The child process: one file's (paragraphs, title), or its ``CorpusError``, as one JSON object on stdout;
    ``memory``: its most bytes of address space once the reader's libraries are loaded (some 60 MB of it);
    ``seconds``: its parent's time limit, which it also sets as its own limit of CPU seconds (the kernel stops
    it there), so that it does not outlive a parent killed before it."""
    reply_to = os.fdopen(os.dup(1), "w")  # the reply's own channel: whatever a library prints goes to stderr
    os.dup2(2, 1)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # not a warning per damaged object
    if kind == "pdf":
        import pypdf  # noqa: F401

        from songngu.index import pdf_work  # noqa: F401
    else:
        import docx  # noqa: F401
    limit = int(memory)
    _limit("RLIMIT_AS", limit)
    _limit("RLIMIT_CPU", math.ceil(float(seconds)) + 1)
    try:
        paragraphs, title = (pdf_text if kind == "pdf" else docx_text)(Path(path))
        reply: dict = {"paragraphs": paragraphs, "title": title}
    except CorpusError as error:
        reply = {"error": {"message": str(error), "key": error.key, "values": error.values}}
    except MemoryError:
        said = f"{limit / 1024**2:,.0f} MB"
        reply = {"error": {"message": f"{path}: reading its text needs more than {said} of memory, the most SongNgu "
                           "gives one file: split it into smaller files, or add its text as a .txt file",
                           "key": "file_too_big_to_read", "values": {"source": path, "limit": said}}}
    reply_to.write(json.dumps(reply))
    reply_to.flush()


def _limit(name: str, value: int) -> None:
    """Set the resource limit ``name`` to ``value``, or to the hard limit already set when that is lower (``ulimit
    -v``, systemd's LimitAS=: raising it is refused); where the platform has no such limit (Windows, and RLIMIT_AS
    on macOS, which refuses it), the parent's time limit is the bound."""
    try:
        import resource
    except ImportError:
        return
    kind = getattr(resource, name, None)
    if kind is None:
        return
    hard = resource.getrlimit(kind)[1]
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    else:
        hard = value
    try:
        resource.setrlimit(kind, (value, hard))
    except (ValueError, OSError):
        pass
