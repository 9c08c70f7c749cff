"""The records of a ``.jsonl`` corpus file: one JSON object a line, checked field by field.

Keys: ``id`` (a non-empty string or an integer), ``text`` (a string), and
optionally ``title``, ``date``, ``url`` (strings, or null). Other keys are
ignored; a key given twice is an error. ``songngu.index.documents.read_jsonl`` turns each record into a document.
"""

import json
import re
import unicodedata
from collections import Counter

from songngu.errors import CorpusError

MAX_ID_CHARS = 200
_OPTIONAL_TEXT_FIELDS = ("title", "date", "url")



def jsonl_lines(text: str) -> list[str]:
    """The lines of a JSONL text, split at "\\n" only: a JSON string may hold U+2028, U+0085 or \\x1c raw
    (``json.dumps(..., ensure_ascii=False)`` writes them so), where ``str.splitlines`` would split."""
    return text.split("\n")


def jsonl_lines_with_ends(raw: str) -> list[str]:
    """The lines of a JSONL file's undecoded-newline text, each with the end it has (CRLF, LF or CR alone):
    the lines ``jsonl_lines`` gives of the same file read with universal newlines, so that rewriting a file
    without one of them keeps the others byte for byte."""
    return _LINE_WITH_ITS_END.findall(raw)


_LINE_WITH_ITS_END = re.compile(r"[^\r\n]+(?:\r\n|\r|\n)?|\r\n|\r|\n")

def jsonl_id(record: dict) -> str:
    """The document id of a JSONL record; ``ValueError`` saying why it has none.

    A non-empty string or an integer (not a boolean), at most ``MAX_ID_CHARS`` characters once
    trimmed, without control characters.
    """
    value = record.get("id")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BadIdError(f"'id' must be a string or an integer, not {_json_type(value)}", "jsonl_id_type")
    doc_id = str(value).strip()
    if not doc_id:
        raise BadIdError("'id' is empty", "jsonl_id_empty")
    if len(doc_id) > MAX_ID_CHARS:
        raise BadIdError(f"'id' is longer than {MAX_ID_CHARS} characters", "jsonl_id_long", limit=MAX_ID_CHARS)
    if any(unicodedata.category(c) == "Cc" for c in doc_id):
        raise BadIdError("'id' must not hold control characters", "jsonl_id_control")
    return doc_id


class BadIdError(ValueError):
    """An unusable ``id``; ``key`` and ``values`` name its message among the interface strings."""

    def __init__(self, message: str, key: str, **values: object) -> None:
        super().__init__(message)
        self.key, self.values = key, values


def _json_type(value: object) -> str:
    return {type(None): "null", bool: "a boolean", int: "a number", float: "a number", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


class DuplicateKeyError(ValueError):
    """A JSON object gives a key twice (``keys_once``)."""


def keys_once(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose keys are each given once (``object_pairs_hook``); ``DuplicateKeyError`` naming those
    given twice: ``{"id": "x", ..., "id": "y"}`` would otherwise keep the last silently."""
    counts = Counter(key for key, _ in pairs)
    twice = sorted(key for key, n in counts.items() if n > 1)
    if twice:
        raise DuplicateKeyError(f"key {', '.join(repr(key[:40]) for key in twice[:5])} given twice")
    return dict(pairs)


def json_problem(error: ValueError) -> str:
    """What is wrong with a JSON text that ``json.loads`` refused with ``error``, in a few words: Python's own
    message for an integer of too many digits runs on about ``sys.set_int_max_str_digits``."""
    if isinstance(error, json.JSONDecodeError):
        return error.msg
    if isinstance(error, UnicodeDecodeError):  # json.loads of bytes
        return "not UTF-8"
    if "integer string conversion" in str(error):
        return "a number of more than 4300 digits"
    return str(error)[:120]


def parse_record(line: str, where: str) -> dict:
    """One JSONL line as an object with a valid ``id`` and the fields' types checked; ``CorpusError`` naming it."""
    try:
        record = json.loads(line, object_pairs_hook=keys_once)
    except RecursionError as error:
        raise CorpusError(f"{where}: the JSON is nested too deeply", "jsonl_not_json", where=where) from error
    except ValueError as error:  # not JSON, an integer of more than 4300 digits, a key twice
        raise CorpusError(f"{where}: not valid JSON ({json_problem(error)})", "jsonl_not_json", where=where) from error
    if not isinstance(record, dict):
        raise CorpusError(f"{where}: each line needs an object with an 'id'", "jsonl_no_id", where=where)
    try:
        jsonl_id(record)
    except BadIdError as error:
        raise CorpusError(f"{where}: {error}", error.key, where=where, **error.values) from error
    if not isinstance(record.get("text"), str):
        raise CorpusError(f"{where}: 'text' must be a string", "jsonl_field_type", where=where, field="text")
    for field in _OPTIONAL_TEXT_FIELDS:
        if record.get(field) is not None and not isinstance(record[field], str):
            raise CorpusError(f"{where}: {field!r} must be a string (or absent), not {_json_type(record[field])}",
                              "jsonl_field_type", where=where, field=field)
    return record
