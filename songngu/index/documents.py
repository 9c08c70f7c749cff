"""Ingestion: read a corpus directory into ``Document`` records.

Supported files: ``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf`` (its text
layer) and ``.docx`` (one article each, see ``songngu.index.office`` for the
last two; the document id is the file stem) and ``.jsonl`` (one article per
line with keys ``id``, ``title``, ``date``, ``url``, ``text``; the id is the
line's ``id``).

The stored ``text`` of a document is its paragraphs, NFC, joined by blank
lines, after dropping a leading `` date YYYY-MM[-DD]`` marker (which becomes
``date``) and paragraphs that repeat the paragraph just before them (photo
captions are printed twice in the source). Every offset elsewhere in SongNgu
points into this text.

Everything read is checked as strictly as it will be used, so that what this
module accepts can be indexed: text is valid Unicode (no lone surrogates, file
names included); a JSONL ``id`` is a non-empty string or an integer of at most
200 characters (``songngu.index.jsonl``) without control characters; ``title``, ``date`` and
``url`` are strings or absent (``null``); a date is a real ``YYYY[-MM[-DD]]``
date. The corpus is the files inside its directory: a symbolic link to a file
outside it is refused, and one to a folder outside it that holds articles (linked folders are not followed);
a .jsonl file needs a record. A file is read only when it is a regular
file (not a FIFO or a device, which would block or never end) of at most ``MAX_FILE_BYTES``; a document needs
a letter or a digit, and an id taken from a file name no control characters.
"""

import datetime
import hashlib
import html.parser
import itertools
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from songngu.errors import CorpusError
from songngu.index.jsonl import jsonl_id, jsonl_lines, parse_record
from songngu.index.normalize import nfc
from songngu.index.titles import derive_title, placeholder_title

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".pdf", ".docx")
# One corpus file is read whole: a probe's 1.5 GB file ended in MemoryError. An archive larger than this is
# split into several files (a JSONL file of 256 MB holds some 100,000 articles).
MAX_FILE_BYTES = 256_000_000
_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s*")
_ISO_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits: dates compare as text


@dataclass(frozen=True)
class Document:
    doc_id: str
    title: str
    date: str | None
    url: str | None
    text: str
    source: str

    @property
    def content_hash(self) -> str:
        """Hash of everything that is indexed; a change re-embeds the document."""
        payload = json.dumps([self.title, self.date, self.url, self.text], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines of ``text``, stripped; a line is a paragraph in all our sources."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def drop_repeated_paragraphs(paragraphs: list[str]) -> list[str]:
    """Keep the first of consecutive identical paragraphs (captions printed twice)."""
    kept: list[str] = []
    for paragraph in paragraphs:
        if not kept or kept[-1] != paragraph:
            kept.append(paragraph)
    return kept


def is_iso_date(value: str) -> bool:
    """Whether ``value`` is a real date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``2025-02-30`` is not)."""
    match = _ISO_DATE.fullmatch(value)
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def is_valid_text(value: str) -> bool:
    """Whether ``value`` can be stored and shown: no lone surrogates (what undecodable bytes become)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# A given title longer than this is cut (at a space, with "…"): a headline is far shorter, and every passage and
# citation of the document carries its title (a probe, session 24: a 1.5-million-character title made each answer
# 3.7 MB, and one over 4,096 failed a Milvus build). A URL has no sensible cut: one longer is refused (counted in
# UTF-8 bytes, as a Milvus server counts a field: a Vietnamese URL of 1,400 characters can be 4,200).
MAX_GIVEN_TITLE_CHARS = 300
MAX_URL_BYTES = 2_048


def short_title(title: str) -> str:
    """``title`` as given, or cut to ``MAX_GIVEN_TITLE_CHARS`` at its last space (a hard cut with no space
    near)."""
    if len(title) <= MAX_GIVEN_TITLE_CHARS:
        return title
    cut = title[:MAX_GIVEN_TITLE_CHARS - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_GIVEN_TITLE_CHARS // 2 else cut).rstrip() + "…"


def make_document(
    doc_id: str, raw_text: str, source: str, title: str | None = None, date: str | None = None,
    url: str | None = None,
) -> Document:
    """Build a ``Document`` from raw article text: NFC, date marker, repeated captions, title.

    ``CorpusError`` (naming ``source``) for text that is not valid Unicode, a date that is not a real
    ``YYYY[-MM[-DD]]`` date (given, or in the marker) and a document without text.
    """
    for field, value in (("id", doc_id), ("text", raw_text), ("title", title), ("date", date), ("url", url)):
        if value is not None and not is_valid_text(value):
            raise CorpusError(f"{source}: {field!r} is not valid Unicode text (a lone surrogate)", "doc_not_text",
                              source=source, field=field)
    if any(unicodedata.category(char) == "Cc" for char in doc_id):  # a file named "a\nb.txt" (JSONL ids: jsonl_id)
        raise CorpusError(f"{source}: the document id {doc_id!r} holds control characters (a line break, an "
                          "escape): rename the file", "doc_id_control", source=source)
    if url is not None and len(url.encode("utf-8")) > MAX_URL_BYTES:
        raise CorpusError(f"{source}: 'url' is longer than {MAX_URL_BYTES} bytes (UTF-8)", "doc_url_long",
                          source=source, limit=MAX_URL_BYTES)
    text = nfc(raw_text)
    marker = _DATE_MARKER.match(text)
    if marker:
        date = date or marker.group(1)
        text = text[marker.end():]
    if date is not None:  # full-width digits (２０２５-０３) read as the date they are; stored in ASCII digits
        date = unicodedata.normalize("NFKC", date).strip()
    if date is not None and not is_iso_date(date):
        raise CorpusError(f"{source}: date {date[:40]!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
                          "doc_bad_date", source=source, date=date[:40])
    body = "\n\n".join(drop_repeated_paragraphs(split_paragraphs(text)))
    if not any(char.isalnum() for char in body):  # zero-width or control characters only: nothing to read or find
        raise CorpusError(f"{source}: document {doc_id!r} has no text", "doc_no_text", source=source, doc=doc_id)
    return Document(
        doc_id=doc_id,
        title=short_title(nfc(title).strip()) if title and title.strip() else derive_title(body),
        date=date,
        url=url,
        text=body,
        source=source,
    )


class _HtmlText(html.parser.HTMLParser):
    """Collects the title and the text of block elements, one paragraph per block."""

    _BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article"}
    _SKIP = {"script", "style", "head", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.parts: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip_depth += 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self.parts.append(re.sub(r"[ \t\r\f\v]+", " ", data.replace("\n", " ")))


def check_bounded(path: Path, max_bytes: int) -> None:
    """``ValueError`` saying why ``path`` is not a regular file (or a link to one) of at most ``max_bytes``: a
    FIFO would block its reader, a device such as /dev/zero never ends. ``OSError`` as ``stat`` raises it."""
    _check_status(path.stat(), max_bytes)


def _check_status(status: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise ValueError("not a regular file")
    if status.st_size > max_bytes:
        raise ValueError(f"larger than {max_bytes / 1e6:g} MB")


def file_id(path: Path) -> str:
    """The document id of a file of one document: its stem, in NFC (a probe, session 14: "bài viết.txt" in NFC and
    in NFD were two documents that look the same; now one id, and the second is refused as a duplicate)."""
    return nfc(path.stem)


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` if ``check_bounded`` holds for what was opened (opened without blocking, then
    checked: a file swapped for a FIFO after a check would block); ``ValueError`` too for a file that grew past
    ``max_bytes`` (no more than ``max_bytes`` + 1 bytes are read)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        _check_status(os.fstat(descriptor), max_bytes)
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"larger than {max_bytes / 1e6:g} MB")
    return data


def read_bounded_text(path: Path, max_bytes: int) -> str:
    """``read_bounded`` as UTF-8 text, a byte order mark dropped, CRLF and CR read as LF (as ``open`` reads text);
    ``UnicodeDecodeError`` (a ``ValueError``) for other bytes."""
    return read_bounded(path, max_bytes).decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Errors of reading corpus file ``path`` (``check_bounded``, ``read_bounded``, the OS) as a ``CorpusError``
    naming it."""
    try:
        yield
    except UnicodeDecodeError as error:
        raise CorpusError(f"cannot read {path}: not UTF-8 text ({error.reason} at byte {error.start}): save it as "
                          "UTF-8", "file_not_utf8", name=path.name) from error
    except ValueError as error:
        raise CorpusError(f"cannot read {path}: {error}: a corpus file must be a regular file of at most "
                          f"{MAX_FILE_BYTES / 1e6:g} MB (split a larger archive into several files)",
                          "file_too_large", name=path.name, limit=f"{MAX_FILE_BYTES / 1e6:g} MB") from error
    except OSError as error:
        raise CorpusError(f"cannot read {path}: {error.strerror or error}", "file_unreadable",
                          name=path.name) from error


def _read_text(path: Path) -> str:
    """The file's UTF-8 text, without the byte order mark Windows editors (Notepad) put first: it would
    otherwise lead the first line, hiding a title, a ``date`` line or a Markdown heading."""
    with _reading(path):
        return read_bounded_text(path, MAX_FILE_BYTES)


def _checked_name(path: Path) -> Path:
    """``path`` itself; ``CorpusError`` when its name is not valid UTF-8 (it could not be stored or shown)."""
    if not is_valid_text(str(path)):
        raise CorpusError(f"{str(path).encode('utf-8', 'backslashreplace').decode()}: the file name is not valid "
                          f"UTF-8: rename it")
    return path


def read_html(path: Path) -> Document:
    parser = _HtmlText()
    parser.feed(_read_text(path))
    parser.close()
    title = parser.title if not placeholder_title(parser.title) else None
    return make_document(file_id(path), "".join(parser.parts), str(path), title=title or None)


def read_markdown(path: Path) -> Document:
    """A Markdown article as its text, the markup read by markdown-it (CommonMark): emphasis, links, code
    marks and HTML tags are not words of it (a probe saw "Mỗi tuần có **3 chuyến**" shown with its
    asterisks); an HTML block gives its text, an image its alt text. A first-level heading that opens the
    file is the title; every other block is a paragraph."""
    from markdown_it import MarkdownIt

    source, front = _front_matter(_read_text(path))

    def as_plain_text() -> Document:
        return make_document(file_id(path), source, str(path), title=front.get("title"), date=front.get("date"))

    if (sum(source.count(mark) for mark in MARKDOWN_MARKS) > MARKDOWN_MARK_BUDGET
            or source.count("\n") > MARKDOWN_LINE_BUDGET):  # not an article's Markdown
        return as_plain_text()
    tokens = MarkdownIt("commonmark", {"maxNesting": MARKDOWN_NESTING}).parse(source)
    if any(token.level >= MARKDOWN_NESTING - 1 for token in tokens):  # markdown-it stops there and drops the rest
        return as_plain_text()
    title, paragraphs = front.get("title"), []
    for i, token in enumerate(tokens):
        if token.type == "inline":
            text = _inline_text(token.children or ())
            if i == 1 and tokens[0].type == "heading_open" and tokens[0].tag == "h1" and title is None:
                title = text.strip() or None
            else:
                paragraphs.append(text)
        elif token.type in ("fence", "code_block"):
            paragraphs.append(token.content)
        elif token.type == "html_block":  # its text, as an .html file's (the review: a <div> was dropped)
            parser = _HtmlText()
            parser.feed(token.content)
            parser.close()
            paragraphs.append("".join(parser.parts))
    return make_document(file_id(path), "\n".join(paragraphs), str(path), title=title, date=front.get("date"))


# Blocks nested deeper than this (lists in lists, quotes in quotes) are not Markdown an article is written in:
# markdown-it would drop what follows them (a probe's 40-deep list lost the paragraph after it), so such a file
# is read as plain text, whole.
MARKDOWN_NESTING = 100
# Nor is a file of more inline marks than this (emphasis, links, code): markdown-it keeps a token for every one of
# them, and 1.9 million "*" (a probe's upload, under the 2 MB limit) took 930 MB and 9 s, 1.9 million "[" 72 s.
# Such a file is read as plain text too, whole: an article marks a few hundred words, not tens of thousands.
MARKDOWN_MARKS = ("*", "_", "[", "]", "`", "<")
MARKDOWN_MARK_BUDGET = 20_000
# And so is one of more lines: markdown-it keeps tokens for every block, and 475,000 one-line list items (1.9 MB)
# took 1 GB and 17 s (the review of session 12).
MARKDOWN_LINE_BUDGET = 20_000
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)


def _front_matter(text: str) -> tuple[str, dict[str, str]]:
    """``text`` without a leading YAML front matter block (``---`` lines, as static site generators write it),
    and its ``title`` and ``date`` as text; a block that is not YAML of a mapping stays text."""
    import yaml

    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    try:  # every value as its text (no dates, numbers nor objects built): "date: 2025-99-99" is refused as a date
        fields = yaml.load(match.group(1), Loader=yaml.BaseLoader)  # noqa: S506 (BaseLoader builds no objects)
    except (yaml.YAMLError, RecursionError):
        return text, {}
    if not isinstance(fields, dict):
        return text, {}
    # Text only: a list or a mapping (aliases of aliases can stand for billions of items) is no title.
    kept = {key: value for key in ("title", "date") if isinstance(value := fields.get(key), str) and value.strip()}
    return text[match.end():], kept


# What each inline token of markdown-it gives the text: its words, a space for a line break inside a
# paragraph, an image's alt text; markup (emphasis, links' brackets and targets, inline HTML) gives nothing.
_MARKDOWN_INLINE = {"text": lambda t: t.content, "code_inline": lambda t: t.content, "softbreak": lambda t: " ",
                    "hardbreak": lambda t: "\n", "image": lambda t: t.content}  # an image: its alt text


_SCRIPT_TAG = re.compile(r"<(/?)(script|style)\b", re.I)


def _inline_text(children: Sequence) -> str:
    """The text of a paragraph's inline tokens (``_MARKDOWN_INLINE``); what sits between an inline ``<script>``
    or ``<style>`` and its closing tag is code, not words of the article (as in an .html file: a probe's
    "Chữ <script>inline()</script> giữa câu." stored "inline()")."""
    tags = [(i, tag) for i, child in enumerate(children)
            if child.type == "html_inline" and (tag := _SCRIPT_TAG.match(child.content))]
    closed = {i for n, (i, tag) in enumerate(tags)  # an opening tag whose closing one follows; one never closed
              if not tag.group(1) and any(later.group(1) for _, later in tags[n + 1:])}  # hides nothing
    parts, hidden = [], False
    for i, child in enumerate(children):
        if child.type == "html_inline" and _SCRIPT_TAG.match(child.content):
            hidden = i in closed or (hidden and not _SCRIPT_TAG.match(child.content).group(1))
        elif not hidden:
            parts.append(_MARKDOWN_INLINE.get(child.type, lambda c: "")(child))
    return "".join(parts)


def read_jsonl(path: Path) -> Iterator[Document]:
    for line_number, line in enumerate(jsonl_lines(_read_text(path)), start=1):
        if not line.strip():
            continue
        where = f"{path}:{line_number}"
        record = parse_record(line, where)
        yield make_document(
            jsonl_id(record), record["text"], where, title=record.get("title"),
            date=record.get("date"), url=record.get("url"),
        )


def read_file(path: Path) -> list[Document]:
    """Documents in one corpus file; raises ``CorpusError`` for an unsupported or unreadable file."""
    suffix = _checked_name(path).suffix.lower()
    if suffix == ".jsonl":
        documents = list(read_jsonl(path))
        if not documents:  # an error, as an empty .txt is (a probe, session 26: beside other files it added nothing
            # without a word); in the words the page says it in
            raise CorpusError(f"{path}: no articles in the file", "upload_empty", name=path.name)
        return documents
    if suffix in (".html", ".htm"):
        return [read_html(path)]
    if suffix == ".md":
        return [read_markdown(path)]
    if suffix == ".txt":
        return [make_document(file_id(path), _read_text(path), str(path))]
    if suffix in (".pdf", ".docx"):  # their parsers load only when such a file is read
        from songngu.index import office

        with _reading(path):  # they open the file themselves: checked first
            check_bounded(path, MAX_FILE_BYTES)
        return [office.read_pdf(path) if suffix == ".pdf" else office.read_docx(path)]
    raise CorpusError(f"{path}: unsupported file type (use {', '.join(SUPPORTED_SUFFIXES)})", "file_type",
                      name=path.name, types=", ".join(SUPPORTED_SUFFIXES))


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The files of ``corpus_dir`` (recursively, ``_files_under``) that hold articles, sorted; other files are
    ignored.

    ``CorpusError`` for a symbolic link to a file outside ``corpus_dir``: only what is in the corpus is read.
    """
    root = corpus_dir.resolve()
    files = [p for p in _files_under(corpus_dir) if p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file()]
    for path in files:
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            raise CorpusError(f"{_checked_name(path)} is a symbolic link to {path.resolve()}, outside the corpus: "
                              f"copy the file into {corpus_dir} instead")
    return files


def unread_files(corpus_dir: Path) -> list[Path]:
    """The files of ``corpus_dir`` (recursively) that no reader takes (``data.csv``, ``notes.rtf``), and the entries
    that are no regular file (a FIFO, a device, a broken link), sorted: what ``songngu index`` says it leaves out."""
    return [p for p in _files_under(corpus_dir) if p.suffix.lower() not in SUPPORTED_SUFFIXES or not p.is_file()]


def _files_under(corpus_dir: Path) -> list[Path]:
    """Every entry but folders under ``corpus_dir`` (files, and FIFOs, devices, links), sorted, but hidden ones: a
    name or a folder's on the way that starts with a dot (".git/", macOS's "._x.txt" beside every copied file,
    ".~lock" files), which no reader takes.

    A folder that cannot be read is a ``CorpusError``, not a folder without files: its documents would
    otherwise leave the index without a word. A link to a folder is not followed: one inside the corpus is read
    where it is, one outside holding articles is a ``CorpusError`` (a probe, session 26: they were left out without
    a word; a link to a folder of images is no matter).
    """
    root = corpus_dir.resolve()

    def unreadable(error: OSError, folder: str | None = None) -> None:
        name = folder or error.filename or str(corpus_dir)
        raise CorpusError(f"cannot read the folder {name}: {error.strerror or error}", "folder_unreadable",
                          name=Path(name).name or name)

    found = []
    for folder, folders, names in os.walk(corpus_dir, onerror=unreadable):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in folders:
            linked = Path(folder) / name
            if linked.is_symlink() and not linked.resolve().is_relative_to(root) and _holds_articles(linked):
                raise CorpusError(f"{_checked_name(linked)} is a symbolic link to the folder {linked.resolve()}, "
                                  f"outside the corpus: copy its files into {corpus_dir} instead")
        for name in names:
            path = Path(folder) / name
            try:
                if not name.startswith(".") and not path.is_dir():
                    found.append(path)
            except OSError as error:  # a folder that lists its names but will not let them be opened
                unreadable(error, folder)
    return sorted(found)


_LINKED_FOLDER_LOOK = 10_000  # entries of a linked folder looked at before it is taken to hold articles


def _holds_articles(folder: Path) -> bool:
    """Whether ``folder`` (followed, not its own links to folders) holds a file a reader would take; past
    ``_LINKED_FOLDER_LOOK`` entries, taken to (a link to "/" would otherwise have every build walk the disk)."""
    names = (name for _, _, names in os.walk(folder) for name in names)
    looked = list(itertools.islice(names, _LINKED_FOLDER_LOOK))
    return len(looked) == _LINKED_FOLDER_LOOK or any(
        name.lower().endswith(SUPPORTED_SUFFIXES) and not name.startswith(".") for name in looked)


def read_corpus(corpus_dir: Path) -> list[Document]:
    """All documents under ``corpus_dir`` (recursively), sorted by id; ids must be unique, and there must be one."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus directory not found: {corpus_dir}")
    files = corpus_files(corpus_dir)
    if not files:
        raise CorpusError(f"no {'/'.join(SUPPORTED_SUFFIXES)} files in {corpus_dir}")
    documents: dict[str, Document] = {}
    failures: list[tuple[Path, CorpusError]] = []
    for path in files:
        try:
            read = read_file(path)
        except CorpusError as error:  # every file that does not read is said at once, not one a run
            failures.append((path, error))
            continue
        for document in read:
            if document.doc_id in documents:
                first, second = documents[document.doc_id].source, document.source
                # two names that look the same differ in how their letters are encoded (a probe, session 25: "bài
                # viết.txt" composed and decomposed was told as one name twice); ascii() tells them apart
                if unicodedata.normalize("NFC", first) == unicodedata.normalize("NFC", second):
                    first, second = (f"{name} (written {ascii(Path(name).name)})" for name in (first, second))
                raise CorpusError(
                    f"duplicate document id {document.doc_id!r} in {second} "
                    f"and {first}", "duplicate_id", doc=document.doc_id,
                    first=Path(documents[document.doc_id].source).name, second=Path(document.source).name)
            documents[document.doc_id] = document
    if failures:
        raise _all_of(failures, corpus_dir)
    if not documents:  # only empty .jsonl files: an index of nothing would answer nothing
        raise CorpusError(f"no articles in {corpus_dir}: its files hold no documents")
    return [documents[doc_id] for doc_id in sorted(documents)]


def _all_of(failures: list[tuple[Path, CorpusError]], corpus_dir: Path) -> CorpusError:
    """One error for the corpus files that do not read: the first one's (its message names the file), and the names
    of the others, so that one run lists them all (a probe, session 19: a folder of five bad files took five runs to
    find them). The app shows the first in its own language (its ``key``)."""
    (_, first), others = failures[0], [path for path, _ in failures[1:]]
    if not others:
        return first
    names = ", ".join(str(path.relative_to(corpus_dir)) for path in others[:MAX_NAMED_FAILURES])
    more = f", and {len(others) - MAX_NAMED_FAILURES} more" if len(others) > MAX_NAMED_FAILURES else ""
    return CorpusError(f"{first}; {len(others)} more file(s) do not read either: {names}{more}", first.key,
                       **first.values)


MAX_NAMED_FAILURES = 10  # the files a corpus error names besides the first: one line, whatever the corpus holds
