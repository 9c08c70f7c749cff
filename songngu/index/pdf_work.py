"""The work of reading a PDF's text, measured before it is done.

pypdf parses drawing instructions (content streams) at 1 to 5 s a MB on our machine, whatever they draw, and
keeps nothing between uses: a page's content streams are parsed each time the page's text is read, once for
each time the page lists them, and a form XObject each time a drawing names it in a ``Do``. A small file can
thus ask for unbounded work: a probe's PDF of 5,246 bytes, twelve pages listing one compressed stream of blank
text operators, took 24 s before it was refused for having no text (over an hour at 500 pages); a file of 1 KB
whose page draws such a form 100 times took 16 s.

``drawing_bytes`` counts the decoded bytes that text extraction parses, each stream as many times as it is
parsed, without parsing any: it decodes each stream it counts once (pypdf keeps the decoded bytes, which
extraction then reuses) and looks for names in it with a regular expression, so it costs what decompression
costs. The count is an upper bound: a form is counted as drawn wherever its name appears (in a string too),
and a form that draws itself (invalid; pypdf skips it) counts as more than any limit. Counting stops once past
``limit``, so that a bomb is not decoded whole.
"""

import io
import re
from collections import Counter
from collections.abc import Iterable

from pypdf.errors import PyPdfError
from pypdf.generic import DictionaryObject, NameObject, StreamObject

# A name token, ended where pypdf's tokenizer ends it (NameObject.delimiter_pattern), and cut short of the
# 4,096 bytes past which pypdf refuses to read a name (a longer run names no form).
_NAME = re.compile(rb"/[^\s()<>\[\]{}/%]{0,4000}")


def drawing_bytes(pages: Iterable[DictionaryObject], limit: int) -> int:
    """Decoded bytes of drawing instructions that text extraction parses to read ``pages``: each page's
    content streams, once for each time the page lists them, and the forms they draw, once a draw (nested
    forms multiply). Exact up to ``limit``; past it, some number above ``limit``. pypdf's errors (a
    damaged page) propagate, as text extraction would raise them."""
    forms: dict[int, int] = {}  # id of a form -> what drawing it once costs, forms it draws included
    total = 0
    for page in pages:
        total += _drawing_cost(_content_streams(page), _xobjects(page), forms, set(), limit - total)
        if total > limit:
            break
    return total


def _content_streams(page: DictionaryObject) -> list[StreamObject]:
    """The streams of a page's ``/Contents``, a stream listed several times once for each (as pypdf joins them)."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    listed = contents if isinstance(contents, list) else [contents]
    streams = [item.get_object() for item in listed if item is not None]
    return [stream for stream in streams if isinstance(stream, StreamObject)]


def _xobjects(drawing: DictionaryObject) -> DictionaryObject:
    """The ``/XObject`` resources of a page or form (a page's inherited as pypdf inherits them), or nothing."""
    resources = drawing.get_inherited("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    return xobjects if isinstance(xobjects, DictionaryObject) else DictionaryObject()


def _drawing_cost(streams: list[StreamObject], xobjects: DictionaryObject, forms: dict[int, int],
                  drawing: set[int], limit: int) -> int:
    """Bytes parsed to draw ``streams`` once: theirs, and for each form of ``xobjects`` they name, its cost
    once a draw; stops once past ``limit``. ``drawing`` holds the forms being drawn around these streams."""
    cost = 0
    for stream in streams:
        data = stream.get_data()
        cost += len(data)
        if cost > limit:
            return cost
        for name, draws in _names(data).items() if xobjects else ():
            form = _form(xobjects, name)
            if form is not None:
                cost += draws * _form_cost(form, forms, drawing, limit)
                if cost > limit:
                    return cost
    return cost


def _names(data: bytes) -> Counter[str]:
    """How many times each name appears in ``data``, decoded as pypdf decodes names (``#`` escapes)."""
    names: Counter[str] = Counter()
    # finditer, not findall: a stream of 8 MB of names would be a list of 4 million
    for token, count in Counter(match[0] for match in _NAME.finditer(data)).items():
        plain = token.isascii() and b"#" not in token  # spelled as it reads: skip pypdf's slower decoding
        names[token.decode() if plain else NameObject.read_from_stream(io.BytesIO(token), None)] += count
    return names


def _form(xobjects: DictionaryObject, name: str) -> StreamObject | None:
    """The XObject ``name`` if pypdf reads text from it: a stream that is not an image."""
    xobject = xobjects.get(name)
    xobject = xobject.get_object() if xobject is not None else None
    if isinstance(xobject, StreamObject) and xobject.get("/Subtype") != "/Image":
        return xobject
    return None


def _form_cost(form: StreamObject, forms: dict[int, int], drawing: set[int], limit: int) -> int:
    """What drawing ``form`` once costs, remembered in ``forms``; more than ``limit`` for a form drawn
    within itself (pypdf skips it; counting it as too much keeps every remembered cost exact)."""
    key = id(form)  # pypdf keeps one object per PDF object, and tells forms apart as we do
    if key in drawing:
        return limit + 1
    if key not in forms:
        drawing.add(key)
        try:
            forms[key] = _drawing_cost([form], _xobjects(form), forms, drawing, limit)
        except (PyPdfError, NotImplementedError, ValueError):
            forms[key] = 0  # pypdf skips a form it cannot decode, with a warning: no work either
        finally:
            drawing.discard(key)
    return forms[key]
