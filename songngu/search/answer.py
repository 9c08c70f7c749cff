"""Extractive answers with verified citations, or an abstention.

From the top passages of a query, every sentence is scored by what it shares
with the question: its cosine with the query vector, the IDF-weighted share of
the query's lexical tokens it contains, the rank of its passage, and whether it
has what the question type asks for (a number for ``bao nhiêu``/``多少``, a date
for ``khi nào``/``什么时候``, a name for ``ai``/``谁``, a place for ``ở đâu``/``哪里``).
The best sentence is the answer (with the runner-up when the two score
about the same; up to three for list questions), quoted
verbatim, with a marker ``[n]`` pointing at its citation: the document, title,
date and the exact character span ``(start, end)`` of the sentence in the
stored document text. Every citation is checked against the stored text before
it is returned. When the best evidence is weak the answer abstains, in the
question's language, and the passages are still listed.
"""

import math
import re
from dataclasses import dataclass

from songngu.errors import CitationMismatchError
from songngu.index.analysis import analyse
from songngu.index.glossary import NAME_PAIRS, names_in
from songngu.index.normalize import HAN_RUN, strip_diacritics
from songngu.index.store.interface import IndexReader
from songngu.search.retrieve import Hit, Question, crosses_language
from songngu.search.settings import SearchSettings

# Question types and the cue words that announce them, per language.
QUESTION_CUES: dict[str, tuple[re.Pattern, re.Pattern]] = {
    "number": (re.compile(r"\b(bao nhiêu|bao nhieu|mấy|may|số lượng|tỷ lệ|bao lâu)\b", re.I),
               re.compile(r"多少|几|多久|多长|比例|数量")),
    "date": (re.compile(r"\b(khi nào|khi nao|bao giờ|bao gio|ngày nào|năm nào|tháng nào|thời gian nào|lúc nào)\b",
                        re.I),
             re.compile(r"何时|什么时候|哪一?年|哪一?天|几月|几号|哪个月|日期")),
    "person": (re.compile(r"\b(là ai|ai là|ai đã|ai\b|người nào|vị nào|la ai)", re.I), re.compile(r"谁|哪位|何人")),
    "place": (re.compile(r"\b(ở đâu|o dau|nơi nào|đâu|địa điểm nào|tỉnh nào|thành phố nào)\b", re.I),
              re.compile(r"哪里|哪儿|在哪|何处|什么地方|哪个城市|哪个省")),
}
LIST_CUES = (re.compile(r"\b(những|các|gồm)\b.*\bnào\b|\bgồm những\b|\bnhung\b.*\bnao\b", re.I),
             re.compile(r"哪些|有哪|包括什么"))

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:\s*%|\s+(?:tỷ|triệu|nghìn|ngàn|vạn)(?:\s+(?:USD|đồng|NDT|nhân dân tệ))?"
                     r"|\s+(?:USD|lượt|người|học sinh|dự án|năm|tháng|ngày|km|ha|tấn|chuyến|lần))?")
_DATE = re.compile(r"(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?|(?:tháng\s+)\d{1,2}(?:/\d{4})?|năm\s+\d{4}|\d{4}年"
                   r"(?:\d{1,2}月)?(?:\d{1,2}日)?")
_WORD = re.compile(r"\w+")

NO_ANSWER_TEXT = {
    "vi": "Không tìm thấy câu trả lời trong kho tài liệu. Các đoạn gần nhất được liệt kê bên dưới.",
    "zh": "资料库中没有找到答案。下面列出最相关的段落。",
}


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    doc_id: str
    start: int
    end: int
    answer_span: tuple[int, int] | None  # offsets into the document text, inside (start, end)


@dataclass(frozen=True)
class Citation:
    marker: int
    doc_id: str
    title: str
    date: str | None
    start: int
    end: int
    text: str
    passage_rank: int
    names: tuple[tuple[str, str], ...]  # (Vietnamese, Chinese) glossary names in the cited text


@dataclass(frozen=True)
class Answer:
    text: str
    sentences: tuple[AnswerSentence, ...]
    citations: tuple[Citation, ...]
    abstained: bool
    confidence: float
    question_type: str | None


def question_type(question: str, lang: str) -> str | None:
    """``number``, ``date``, ``person``, ``place`` or None, from the question's cue words."""
    side = 1 if lang == "zh" else 0
    return next((kind for kind, cues in QUESTION_CUES.items() if cues[side].search(question)), None)


def is_list_question(question: str, lang: str) -> bool:
    return bool(LIST_CUES[1 if lang == "zh" else 0].search(question))


def answer_span(sentence: str, kind: str | None, question: str) -> tuple[int, int] | None:
    """Offsets inside ``sentence`` of what the question type asks for, when one can be found."""
    if kind == "number":
        matches = [m for m in _NUMBER.finditer(sentence) if m.group(0) not in question]
    elif kind == "date":
        matches = list(_DATE.finditer(sentence))
    elif kind in ("person", "place"):
        spans = [_without_question_words(sentence, start, end, question)
                 for start, end in capitalised_runs(sentence) if start > 0]
        return next((span for span in spans if span), None)
    else:
        return None
    return (matches[0].start(), matches[0].end()) if matches else None


def capitalised_runs(text: str) -> list[tuple[int, int]]:
    """Spans of two or more consecutive capitalised words separated by single spaces (names)."""
    runs, current = [], []
    for word in _WORD.finditer(text):
        if word.group(0)[0].isupper() and (not current or text[current[-1].end():word.start()] == " "):
            current.append(word)
            continue
        if len(current) >= 2:
            runs.append((current[0].start(), current[-1].end()))
        current = [word] if word.group(0)[0].isupper() else []
    if len(current) >= 2:
        runs.append((current[0].start(), current[-1].end()))
    return runs


def _without_question_words(sentence: str, start: int, end: int, question: str) -> tuple[int, int] | None:
    """Drop what the question already says from the front of a run of names.

    "Quảng Ninh Trịnh Thị Minh Thanh" asked about "... Quảng Ninh là ai?" gives
    "Trịnh Thị Minh Thanh"; glossary place names in front of a person's name go
    too ("Choang Quảng Tây Lưu Ninh" gives "Lưu Ninh").
    """
    asked = " " + " ".join(_WORD.findall(question.casefold())) + " "
    known = {vi.casefold() for vi, _ in NAME_PAIRS}
    words = list(_WORD.finditer(sentence, start, end))
    changed = True
    while changed and len(words) > 1:
        changed = False
        for size in range(len(words) - 1, 0, -1):
            prefix = " ".join(w.group(0).casefold() for w in words[:size])
            if f" {prefix} " in asked or prefix in known:
                words, changed = words[size:], True
                break
    if len(words) < 2:  # Vietnamese names of people and places have two syllables or more
        return None
    return words[0].start(), words[-1].end()


@dataclass(frozen=True)
class _Candidate:
    sentence_id: int
    doc_id: str
    start: int
    end: int
    text: str
    passage: Hit
    score: float
    cosine: float
    coverage: float
    cross_language: bool


def _coverage(query_tokens: list[str], sentence_tokens: set[str], idf: dict[str, float]) -> float:
    total = sum(idf[t] for t in set(query_tokens))
    return sum(idf[t] for t in set(query_tokens) if t in sentence_tokens) / total if total else 0.0


def _candidates(question: Question, passages: list[Hit], index: IndexReader,
                settings: SearchSettings) -> list[_Candidate]:
    top = passages[:settings.answer_passages]
    members = index.sentences_of_chunks([p.chunk_id for p in top])
    ids = sorted({sid for sids in members.values() for sid in sids})
    if not ids:
        return []
    rows = index.sentences(ids)
    vectors = index.sentence_vectors(ids)  # exact, whatever the vector index type
    cosines = dict(zip(ids, vectors @ question.vector, strict=True)) if question.vector is not None \
        else dict.fromkeys(ids, 0.0)
    frequencies = index.document_frequencies(question.tokens)
    total = index.chunk_count()
    # Han tokens of a Chinese question that the corpus never uses (a Vietnamese corpus) say nothing
    # about a sentence; they would only dilute the coverage of the Hán-Việt and Latin tokens.
    query_tokens = [t for t in question.tokens if t in frequencies or not HAN_RUN.search(t)]
    if question.lang != "zh" and strip_diacritics(question.text) == question.text:
        # Typed without marks: only the diacritic-free twins (and numbers) can match, count only them.
        query_tokens = [t for t in query_tokens if t.startswith("~") or t[0].isdigit()]
    idf = {t: math.log(1 + (total + 1) / (frequencies.get(t, 0) + 0.5)) for t in query_tokens}
    seen, candidates = set(), []
    s = settings
    for passage in top:
        for sid in members.get(passage.chunk_id, []):
            if sid in seen:
                continue
            seen.add(sid)
            row = rows[sid]
            coverage = _coverage(query_tokens, set(analyse(row.text)), idf)
            cross = crosses_language(row.text, question.lang)
            score = (s.sentence_cosine_weight * (float(cosines[sid]) + (s.language_gap if cross else 0.0))
                     + s.sentence_coverage_weight * coverage - s.sentence_rank_weight * (passage.rank - 1))
            candidates.append(_Candidate(sid, row.doc_id, row.start, row.end, row.text, passage, score,
                                         float(cosines[sid]), coverage, cross))
    return sorted(candidates, key=lambda c: -c.score)


def _verified_citation(document_texts: dict[str, str], marker: int, candidate: _Candidate) -> Citation:
    text = document_texts.get(candidate.doc_id)
    if text is None or text[candidate.start:candidate.end] != candidate.text:
        raise CitationMismatchError(f"citation {candidate.doc_id}:{candidate.start}-{candidate.end} is not verbatim")
    hit = candidate.passage
    return Citation(marker, candidate.doc_id, hit.title, hit.date, candidate.start, candidate.end, candidate.text,
                    hit.rank, tuple(names_in(candidate.text)))


def confidence_of(candidate: _Candidate) -> float:
    """Evidence strength in [0, 1]-ish: how much of the question the best sentence covers, and how close it is."""
    return round(0.5 * candidate.coverage + 0.5 * max(0.0, (candidate.cosine - 0.7) / 0.2), 4)


def build_answer(question: Question, passages: list[Hit], index: IndexReader,
                 settings: SearchSettings = SearchSettings()) -> Answer:  # noqa: B008
    """The extractive answer to ``question`` from ``passages`` (see the module docstring)."""
    kind = question_type(question.text, question.lang)
    candidates = _candidates(question, passages, index, settings)
    if not candidates:
        return _abstention(question.lang, 0.0, kind)
    best = candidates[0]
    confidence = confidence_of(best)
    if confidence < (settings.abstain_below_cross if best.cross_language else settings.abstain_below_same):
        return _abstention(question.lang, confidence, kind)
    if is_list_question(question.text, question.lang):
        chosen = [best] + [c for c in candidates[1:]
                           if c.score >= best.score - settings.list_margin][: settings.max_list_sentences - 1]
    else:
        chosen = [best] + [c for c in candidates[1:2] if c.score >= best.score - settings.second_sentence_margin]
    chosen.sort(key=lambda c: (c.passage.rank, c.start))
    texts = index.document_texts({c.doc_id for c in chosen})
    citations = tuple(_verified_citation(texts, i, c) for i, c in enumerate(chosen, start=1))
    sentences = tuple(
        AnswerSentence(c.text, c.doc_id, c.start, c.end, _document_span(c, kind, question.text)) for c in chosen
    )
    text = " ".join(f"{c.text} [{i}]" for i, c in enumerate(chosen, start=1))
    return Answer(text, sentences, citations, False, confidence, kind)


def _document_span(candidate: _Candidate, kind: str | None, question: str) -> tuple[int, int] | None:
    span = answer_span(candidate.text, kind, question)
    return (candidate.start + span[0], candidate.start + span[1]) if span else None


def _abstention(lang: str, confidence: float, kind: str | None) -> Answer:
    return Answer(NO_ANSWER_TEXT["zh" if lang == "zh" else "vi"], (), (), True, confidence, kind)
