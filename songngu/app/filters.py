"""The app's filters, turned into the set of documents a question may draw passages from.

Document dates are ISO prefixes of different precision (``2025``, ``2025-02``,
``2025-10-29``); each is read as the whole period it names, and a document is
in a date range when its period overlaps the range. A document without a date
is left out whenever a date bound is set: it cannot be shown to be in range.
"""

import unicodedata
from collections.abc import Sequence

from songngu.errors import BadInputError
from songngu.index.documents import is_iso_date
from songngu.index.store.interface import DocumentInfo


def parse_date_bound(value: str | None) -> str | None:
    """A trimmed ``YYYY[-MM[-DD]]`` bound, None when empty; ``BadInputError`` otherwise."""
    cleaned = unicodedata.normalize("NFKC", value or "").strip()  # full-width ２０２５－０３ as typed in CJK
    if not cleaned:
        return None
    if not is_iso_date(cleaned):  # 2025-02-31 too: a bound that no calendar has
        raise BadInputError(f"{cleaned!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return cleaned


def period(date: str) -> tuple[str, str]:
    """First and last day of the period an ISO date prefix names, as comparable strings."""
    parts = date.split("-")
    first = "-".join([*parts, *["01"] * (3 - len(parts))])
    last = "-".join([*parts, *["12", "31"][len(parts) - 1:]])
    return first, last


def documents_in(rows: Sequence[DocumentInfo], chosen: Sequence[str] | None, date_from: str | None,
                 date_to: str | None) -> list[str] | None:
    """Ids of the documents the filters keep, or None when no filter is set (search everything)."""
    if not chosen and date_from is None and date_to is None:
        return None
    low = period(date_from)[0] if date_from else "0000-00-00"
    high = period(date_to)[1] if date_to else "9999-99-99"
    kept = []
    for row in rows:
        if chosen and row.doc_id not in chosen:
            continue
        if date_from or date_to:
            if not row.date or not is_iso_date(row.date):
                continue
            first, last = period(row.date)
            if last < low or first > high:
                continue
        kept.append(row.doc_id)
    return kept
