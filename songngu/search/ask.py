"""The query path: validate, detect the language, analyse and embed once, retrieve, answer."""

import json
import re
import time
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from songngu.errors import BadInputError
from songngu.index.analysis import question_tokens
from songngu.index.documents import is_valid_text
from songngu.index.embedders import Embedder
from songngu.index.normalize import nfc, spelled_out
from songngu.index.store.interface import IndexReader
from songngu.search.answer import Answer, build_answer
from songngu.search.language import detect_language
from songngu.search.marks import with_marks
from songngu.search.retrieve import RETRIEVERS, Hit, Question, embed_question, make_question, retrieve
from songngu.search.settings import SearchSettings

if TYPE_CHECKING:  # the generative reader is loaded only when a model server is configured
    from songngu.search.generate import Generation

MAX_QUERY_CHARS = 1000
# A question pasted from a terminal carries its colour codes ("\x1b[31mMóng Cái\x1b[0m"): escape sequences
# (CSI, OSC) and other control characters but tab and newline are not words of it.
_TERMINAL_CODES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
                             r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: window titles, links
                             r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
                             # and bidirectional controls, which reorder what a reader sees ("\u202eQuảng Ninh"
                             # is shown backwards) but are no part of the words
                             r"|[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_K = 100


@dataclass(frozen=True)
class AskResult:
    query: str
    lang: str
    passages: list[Hit]
    answer: Answer
    timings_ms: dict[str, float] = field(default_factory=dict)
    generation: "Generation | None" = None  # set by songngu.search.generate, with --llm only


# Full-width Latin letters and digits (ｂａｏ ｎｈｉêｕ, ２０２４, as a Chinese input method types them) as the ASCII
# ones they are, so that every reader of the question (language, cue words, figures) reads them alike (a probe,
# session 24: "Ｍóｎｇ Ｃáｉ？" was read as Hungarian). Full-width punctuation (？，) is Chinese text's own and stays.
_FULL_WIDTH_LETTERS_AND_DIGITS = {code: code - 0xFEE0 for first, last in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A),
                                                                          (0xFF41, 0xFF5A))
                                  for code in range(first, last + 1)}


def clean_query(query: str) -> str:
    """NFC, trimmed query; ``BadInputError`` when empty, too long, not valid text or without a letter or digit.

    Undecodable bytes (in a command line) and lone surrogates (in JSON) are not text; a question of only
    punctuation, emoji or invisible characters names nothing to look for.
    """
    if not isinstance(query, str):
        raise BadInputError(f"the question must be text, got {_as_json(query)}")
    if not query.strip():
        raise BadInputError("the question is empty: type a question in Vietnamese or Chinese", "empty_question")
    if len(query) > 4 * MAX_QUERY_CHARS:  # before normalising it
        raise BadInputError(f"the question is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}",
                            "question_too_long", n=len(query), limit=MAX_QUERY_CHARS)
    if not is_valid_text(query):
        raise BadInputError("the question is not valid text (bytes that are not UTF-8, or a lone surrogate): "
                            "type it again", "question_not_text")
    cleaned = _TERMINAL_CODES.sub("", nfc(query.translate(_FULL_WIDTH_LETTERS_AND_DIGITS))).strip()
    # counted as the encoder's tokenizer reads it (NFKC): a probe (session 19) sent 1,000 copies of U+FDFA, one
    # character that NFKC makes 18, and held the embedder 7 to 10 s a question (a 1,000-character one: 1.3 s)
    read = len(unicodedata.normalize("NFKC", cleaned))
    if read > MAX_QUERY_CHARS:
        # said as read: "600 characters long" of a question of 40 symbols confused the one who typed it
        length = f"{read} characters long" if read == len(cleaned) \
            else f"{len(cleaned)} characters long, {read} as the encoder reads them (ligatures and symbols spelt out)"
        raise BadInputError(f"the question is {length}; the limit is {MAX_QUERY_CHARS}",
                            "question_too_long", n=read, limit=MAX_QUERY_CHARS)
    if not any(character.isalnum() for character in cleaned):
        raise BadInputError("ask a question: this one has no letters or digits (type a question in Vietnamese "
                            "or Chinese)", "question_no_letters")
    return cleaned


def _as_json(value: object) -> str:
    """``value`` as JSON spells it, cut to 40 characters: a caller of /api/ask sent ``null`` or ``true``, not
    Python's None or True (a probe, session 19)."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    return shown if len(shown) <= 40 else shown[:40] + "…"


def check_k(k: int, limit: int = MAX_K) -> int:
    """``k`` itself when it is a whole number from 1 to ``limit``; ``BadInputError`` otherwise."""
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= limit:
        shown = _as_json(k)
        raise BadInputError(f"k must be a whole number from 1 to {limit}, got {shown}", "bad_k", limit=limit)
    return k


def ask(query: str, index: IndexReader, embedder: Embedder, k: int = 5, retriever: str = "hybrid",
        doc_ids: Collection[str] | None = None, settings: SearchSettings = SearchSettings(),  # noqa: B008
        ) -> AskResult:
    """Answer one question against an open index with the embedder that built it.

    ``doc_ids``, when given, restricts the passages (and so the answer) to those documents.
    """
    if retriever not in RETRIEVERS:
        raise BadInputError(f"retriever must be one of {', '.join(RETRIEVERS)}, got {retriever!r}")
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round((now - clock) * 1000, 3)
        clock = now

    cleaned, k = clean_query(query), check_k(k)
    question = read_question(cleaned, index, embedder, lap)  # laps language, embed
    passages = retrieve(index, question, k, retriever, doc_ids, settings, lap)  # laps dense, lexical, fusion
    answer = build_answer(question, passages, index, settings)
    lap("answer")
    timings["total"] = round(sum(timings.values()), 3)
    return AskResult(cleaned, question.lang, passages, answer, timings)


def read_question(cleaned: str, index: IndexReader, embedder: Embedder,
                  lap: Callable[[str], None] = lambda stage: None) -> Question:
    """The ``Question`` of a cleaned query: its language, lexical tokens and vector (the answer step scores
    sentences with it too). A Vietnamese question has its chat forms spelt out ("... dat bn": "... dat bao
    nhieu") and, typed without marks, is embedded with those its words most likely carry in the index
    (``songngu.search.marks``); its lexical side stays as typed, matched through the diacritic-free tokens.
    ``lap`` is called after the language ("language") and after the embedding ("embed")."""
    lang = detect_language(cleaned)
    text = spelled_out(cleaned) if lang == "vi" else cleaned
    embedded = with_marks(text, index.document_frequencies, index.chunk_count()) if lang == "vi" else text
    lap("language")
    vector = embed_question(embedded, lang, embedder)
    lap("embed")
    return make_question(text, lang, question_tokens(text, lang), vector, embedder.name)
