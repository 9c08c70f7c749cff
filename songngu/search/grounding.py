"""The grounding check: each sentence of a generated answer must be backed by a passage it cites.

The answer is cut into sentences (``split_claims``, on ``songngu.index.chunking.split_sentences``; markers
written after the full stop, ``… 。[1]`` or ``…USD. [1]``, belong to the sentence before them). A sentence
is supported when

1. it carries at least one marker ``[n]`` (``[1][3]``, ``[1, 3]`` and ``【1】`` too) and every marker names
   one of the k passages the model was given, 1 to k;
2. every number, date and name it states (``songngu.search.facts``) occurs in a passage it cites (the
   passage's text, title or date, as the prompt showed them), numbers compared by value across the
   notations of Vietnamese, Chinese and English;
3. written in Vietnamese, it says nothing at length in words the passages it cites never use: no run of
   ``MAX_NEW_WORDS`` word pairs (two syllables next to each other) in a row that neither they nor the question
   hold ("... đã từ chức vì bê bối tham nhũng": a probe, session 23, got it through at 0.90 as "generated");
   and in an answer asked in Vietnamese or Chinese, it is not written in English (one such sentence went
   through inside a Vietnamese answer, whose language was read as a whole).

A sentence that is not supported is reported with its ``Problem`` and left out of the answer. For a
supported one, the check also locates its evidence in each passage it cites (``Evidence``): the passage
sentences that hold its facts or, for a sentence stating none, the passage sentence sharing most of its
words; the span is exact, ``document[start:end]``.

What it cannot catch: a sentence whose numbers, dates, names and words are all in the passage but which says
something else about them (the wrong subject, "rose" for "fell", a few words of a cause the passage does not
give, a short invented clause: "bà đã bị bắt hôm qua"), a Chinese or English sentence's words (they meet the
Vietnamese passage through readings and a glossary only), and facts written as words (``hai tỉnh``, ``three``)
or as Chinese names outside the glossary. It checks that the evidence is there, not that the sentence follows
from it.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from songngu.index.analysis import analyse
from songngu.index.chunking import split_sentences
from songngu.index.glossary import names_in
from songngu.index.normalize import HAN_RUN, lexical_key, strip_diacritics
from songngu.search.answer import Answer, AnswerSentence, Citation
from songngu.search.facts.dates import DateMention, date_of_iso, dates_in, same_date
from songngu.search.facts.names import claimed_names, name_spans
from songngu.search.facts.numbers import NumberMention, claimed_numbers, currency_of, same_number, stated_numbers
from songngu.search.language import detect_language
from songngu.search.retrieve import Hit

MARKER = re.compile(r"[\[【［]\s*(\d{1,3}(?:\s*[,，、;；]\s*\d{1,3})*)\s*[\]】］]")
_MARKERS_AFTER_STOP = re.compile(rf"[.!?…。！？]\s*(?:{MARKER.pattern}\s*)+")
_LEADING_MARKERS = re.compile(rf"\s*(?:{MARKER.pattern}\s*)+")
# What is not a word of a sentence: markers, bracketed numbers that are not markers ([-1], [0]) and markup
# (<b>). A piece without a letter once they are gone joins the sentence before it, never stands as one.
_NOT_WORDS = re.compile(r"[\[【［][\s\d,，、;；+-]{0,40}[\]】］]|<[^<>]{0,200}>")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•]|\d{1,2}[.)]|#+)[ \t]+|\*\*", re.M)
# A sentence stating no number, date or name is located in its passage by the share of its words found in
# a passage sentence; below this share it is located at the whole passage. This only chooses what to
# highlight, it never decides whether a sentence is supported.
MIN_WORD_SHARE = 0.3
FOCUS_ORDER = ("number", "date", "name")  # the fact to mark in the evidence: a number says most
# Word pairs in a row that neither the cited passages nor the question hold before a Vietnamese sentence counts as
# saying what they do not (pairs of two function words, ``_FUNCTION_WORDS``, are never new). On 13 faithful
# restatements of seed passages and 5 inventions (session 23, after a review found 4 refusing 8 of 20 good
# sentences): 4 refuses 7 faithful ones and catches 5 inventions, 5 refuses 2 ("Theo thông tin được cung cấp, ...",
# "... đã cử một đoàn gồm 8 cán bộ ...") and catches 4, 6 refuses none and catches 2. A wrong sentence given is
# worse than a good one left out (the answer keeps its other sentences, or falls back to the quoted one): 5.
MAX_NEW_WORDS = 5
_FUNCTION_WORDS = frozenset(
    "và của là có được đã đang sẽ vẫn cũng các những một này đó cho với về từ theo tại ở trong khi thì mà nên để do "
    "bởi vì như rằng kia đây ấy nhiều ít rất hơn nhất đều cùng lại ra vào lên xuống qua sau trước bị hay hoặc nữa "
    "chỉ ông bà anh chị em họ ngài đồng chí".split())
_SYLLABLE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Claim:
    """One sentence of a generated answer, as written (markers included), and the markers it carries."""

    text: str
    markers: tuple[int, ...]

    def body(self) -> str:
        """The text with its markers blanked out (same length, so offsets hold)."""
        return MARKER.sub(lambda m: " " * len(m.group(0)), self.text)


PROBLEM_KINDS = ("no_marker", "bad_marker", "number", "date", "name", "words", "language")


@dataclass(frozen=True)
class Problem:
    """Why a sentence is not supported: ``kind`` is one of ``PROBLEM_KINDS``; ``item`` the marker, number, date,
    name or words at fault, as written ("en" for ``language``)."""

    kind: str
    item: str = ""

    def reason(self, markers: Sequence[int], passages: int) -> str:
        """The problem in one English line (the JSON's ``reason``)."""
        cited = "".join(f"[{m}]" for m in markers)
        if self.kind == "no_marker":
            return "no citation marker [n]"
        if self.kind == "language":
            return "written in English, not in the answer's language"
        if self.kind == "words":
            return f"words “{self.item}” are in none of the passages it cites {cited}"
        if self.kind == "bad_marker":
            return f"marker {self.item} cites no passage (there are {passages})"
        return f"{self.kind} “{self.item}” is in none of the passages it cites {cited}"


@dataclass(frozen=True)
class Evidence:
    """Where a cited passage backs a sentence: document offsets of the passage sentences holding its facts
    (or of the whole passage), and of the first of those facts (``focus``) when there is one."""

    marker: int
    start: int
    end: int
    focus: tuple[int, int] | None


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    problem: Problem | None  # None: supported
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Source:
    """A passage as the check reads it: its marker, the passage, and the facts it states (offsets into
    ``passage.text``; those of its title and date have none)."""

    marker: int
    passage: Hit
    numbers: tuple[NumberMention, ...]
    dates: tuple[DateMention, ...]
    header_numbers: tuple[NumberMention, ...]
    header_dates: tuple[DateMention, ...]
    years: frozenset[int]
    sentences: tuple[tuple[int, int], ...]


def source_of(marker: int, passage: Hit) -> Source:
    header = stated_numbers(passage.title)
    header_dates = [*dates_in(passage.title), *filter(None, [date_of_iso(passage.date)])]
    numbers = stated_numbers(passage.text)
    years = frozenset(int(r.value) for m in [*numbers, *header] for r in m.readings
                      if r.value.denominator == 1 and 1000 <= r.value <= 2999)
    years |= {d.year for d in header_dates if d.year}
    return Source(marker, passage, tuple(numbers), tuple(dates_in(passage.text)), tuple(header),
                  tuple(header_dates), years, tuple(split_sentences(passage.text)))


def sources_for(passages: Sequence[Hit]) -> tuple[Source, ...]:
    """The passages as the prompt numbers them: ``[1]`` is the first."""
    return tuple(source_of(i, passage) for i, passage in enumerate(passages, start=1))


def split_claims(answer: str) -> list[Claim]:
    """The sentences of a generated answer with their markers (see the module docstring).

    List bullets and bold marks are dropped; a piece holding only markers joins the sentence before it.
    """
    text = _LIST_ITEM.sub("", answer)
    spans: list[list[int]] = []
    for start, end in split_sentences(text):
        cuts = [m.end() for m in _MARKERS_AFTER_STOP.finditer(text, start, end) if m.end() < end]
        for piece_start, piece_end in zip([start, *cuts], [*cuts, end], strict=True):
            leading = _LEADING_MARKERS.match(text, piece_start, piece_end)
            if leading and spans:  # markers written after the full stop belong to the sentence before
                spans[-1][1] = leading.end()
                piece_start = leading.end()
            if any(c.isalpha() for c in _NOT_WORDS.sub("", text[piece_start:piece_end])):
                spans.append([piece_start, piece_end])
            elif spans:
                spans[-1][1] = max(spans[-1][1], piece_end)
    claims = []
    for start, end in spans:
        piece = text[start:end].strip()
        markers = tuple(int(n) for m in MARKER.finditer(piece) for n in re.findall(r"\d+", m.group(1)))
        claims.append(Claim(piece, markers))
    return claims


@dataclass(frozen=True)
class Fact:
    """A number, date or name a sentence states, at ``start`` in it, and how to find it in a passage:
    ``locate(source)`` gives the spans where the passage text states it ([] when only its title or date
    does), or None when the passage does not state it."""

    start: int
    kind: str  # "number", "date" or "name"
    item: str
    locate: Callable[[Source], list[tuple[int, int]] | None]


def facts_of(body: str) -> list[Fact]:
    """The facts of a sentence in the order written; a date's numbers and names belong to the date."""
    dates = dates_in(body)
    numbers = [n for n in claimed_numbers(body) if not any(d.start <= n.start < d.end for d in dates)]
    names = [n for n in claimed_names(body) if not any(n.start < d.end and d.start < n.end for d in dates)]
    facts = [Fact(n.start, "number", n.text, partial(_number_spans, n, currency_of(body, n))) for n in numbers]
    facts += [Fact(d.start, "date", d.text, partial(_date_spans, d)) for d in dates]
    facts += [Fact(n.start, "name", n.text, partial(_name_spans, n.forms)) for n in names]
    return sorted(facts, key=lambda fact: fact.start)


def check_claim(claim: Claim, sources: Sequence[Source], lang: str | None = None, question: str = "") -> Verdict:
    """Whether the passages ``claim`` cites back it (see the module docstring), and where; ``lang`` and ``question``:
    the language the answer was asked in, and the question (its words are no invention)."""
    if not claim.markers:
        return Verdict(claim, Problem("no_marker"))
    bad = next((m for m in claim.markers if not 1 <= m <= len(sources)), None)
    if bad is not None:
        return Verdict(claim, Problem("bad_marker", f"[{bad}]"))
    cited = [sources[m - 1] for m in dict.fromkeys(claim.markers)]
    body = claim.body()
    marked = strip_diacritics(body) != body and not HAN_RUN.search(body)
    # English only without a mark of Vietnamese: "Tên dự án là Jinko Solar PV Vietnam Manufacturing Company
    # Limited." reads "en" (the review of session 23)
    if lang in ("vi", "zh") and not marked and detect_language(body) == "en":
        return Verdict(claim, Problem("language", "en"))
    vietnamese = marked and detect_language(body) in ("vi", "und") or marked and lang == "vi"
    facts = facts_of(claim.body())
    found: dict[int, list[tuple[int, list[tuple[int, int]]]]] = {s.marker: [] for s in cited}
    for fact in facts:  # the first fact at fault is the one reported
        located = {source.marker: fact.locate(source) for source in cited}
        if all(spans is None for spans in located.values()):
            return Verdict(claim, Problem(fact.kind, fact.item))
        for marker, spans in located.items():
            if spans:
                found[marker].append((FOCUS_ORDER.index(fact.kind), spans))
    # after the facts (a name at fault says more); Vietnamese by its marks too ("Đó là China-ASEAN Expo" reads "es")
    if vietnamese and (new := _new_words(claim.body(), cited, question)):
        return Verdict(claim, Problem("words", new))
    words = None if facts else _content_tokens(claim.body())
    evidence = (_evidence(s, [spans for _, spans in sorted(found[s.marker], key=lambda f: f[0])], words)
                for s in cited)
    return Verdict(claim, None, tuple(evidence))


def _new_words(body: str, cited: Sequence[Source], question: str = "") -> str:
    """The first run of ``MAX_NEW_WORDS`` word pairs of ``body`` in a row that neither a ``cited`` passage nor the
    question holds (in its words or their unmarked twins), as written; "" when there is none."""
    held = set().union(*(_tokens_of(source) for source in cited), analyse(question))
    syllables = list(_SYLLABLE.finditer(body))
    count, begin = 0, 0
    for first, second in zip(syllables, syllables[1:], strict=False):
        keys = lexical_key(first.group(0)), lexical_key(second.group(0))
        pair = "_".join(keys)
        if body[first.end():second.start()] == " " and not {pair, "~" + strip_diacritics(pair)} & held \
                and not set(keys) <= _FUNCTION_WORDS:
            begin, count = (begin if count else first.start()), count + 1
            if count >= MAX_NEW_WORDS:
                return body[begin:second.end()]
        else:
            count = 0
    return ""


def _tokens_of(source: Source) -> frozenset[str]:
    """The tokens of a passage's title and text (the last 64 passages' kept: a streamed answer checks each sentence)."""
    return _passage_tokens(source.passage.title or "", source.passage.text)


@lru_cache(maxsize=64)
def _passage_tokens(title: str, text: str) -> frozenset[str]:
    return frozenset(analyse(f"{title}\n{text}"))


def _number_spans(claimed: NumberMention, currency: str | None, source: Source) -> list[tuple[int, int]] | None:
    """Where the passage states the claimed figure; in another currency than the claim's it is not stated."""
    def states(mention: NumberMention, text: str) -> bool:
        return any(same_number(c, s) for c in claimed.readings for s in mention.readings) and (
            currency is None or currency_of(text, mention) in (None, currency))

    spans = [(m.start, m.end) for m in source.numbers if states(m, source.passage.text)]
    return spans if spans or any(states(m, source.passage.title) for m in source.header_numbers) else None


def _date_spans(claimed: DateMention, source: Source) -> list[tuple[int, int]] | None:
    spans = [(d.start, d.end) for d in source.dates if same_date(claimed, d, source.years)]
    return spans if spans or any(same_date(claimed, d, source.years) for d in source.header_dates) else None


def _name_spans(forms: Sequence[str], source: Source) -> list[tuple[int, int]] | None:
    for form in forms:
        spans = name_spans(form, source.passage.text)
        if spans is not None:
            return spans
    return [] if any(name_spans(form, source.passage.title) is not None for form in forms) else None


def _content_tokens(text: str) -> set[str]:
    """Tokens of ``text`` that can meet a passage of either language: its Latin-side tokens (those of a
    Chinese sentence are its Hán-Việt, glossary and numeral bridges)."""
    return {t for t in analyse(text) if not HAN_RUN.search(t)}


def _evidence(source: Source, facts: list[list[tuple[int, int]]], words: set[str] | None) -> Evidence:
    """The passage sentences holding the most of a claim's facts (each fact: the spans where it occurs),
    widened to reach the facts they miss; or the sentence sharing most of ``words``; or the passage."""
    passage, sentences = source.passage, source.sentences

    def sentence_of(span: tuple[int, int]) -> int:
        return next((i for i, (s, e) in enumerate(sentences) if s <= span[0] < e), 0)

    if facts and sentences:
        held = [{sentence_of(span) for span in spans} for spans in facts]
        best = max(range(len(sentences)), key=lambda i: (sum(i in h for h in held), -i))
        reach = [best] + [min(h, key=lambda i: abs(i - best)) for h in held if best not in h]
        first, last = sentences[min(reach)][0], sentences[max(reach)][1]
        focus = next(span for spans in facts for span in spans if first <= span[0] < last)
        return Evidence(source.marker, passage.start + first, passage.start + last,
                        (passage.start + focus[0], passage.start + focus[1]))
    if words and sentences:
        shares = [len(words & _content_tokens(passage.text[s:e])) / len(words) for s, e in sentences]
        best = max(range(len(sentences)), key=lambda i: (shares[i], -i))
        if shares[best] >= MIN_WORD_SHARE:
            start, end = sentences[best]
            return Evidence(source.marker, passage.start + start, passage.start + end, None)
    return Evidence(source.marker, passage.start, passage.end, None)


def ground(answer: str, sources: Sequence[Source]) -> list[Verdict]:
    """A verdict for each sentence of ``answer``, in order."""
    return [check_claim(claim, sources) for claim in split_claims(answer)]


def grounded_answer(verdicts: Sequence[Verdict], sources: Sequence[Source], lang: str, extractive: Answer,
                    ) -> Answer:
    """The answer made of the supported sentences, with a citation per marker they use.

    A citation's span covers the evidence located for that marker (``document[start:end]``, checked
    against the passage text); ``sentences`` lists each evidence span with its first fact as
    ``answer_span``. Confidence and question type are the extractive answer's (the retrieval evidence
    behind both answers is the same).
    """
    supported = [v for v in verdicts if v.problem is None]
    joiner = "" if lang == "zh" else " "
    text = joiner.join(v.claim.text for v in supported)
    by_marker: dict[int, list[Evidence]] = {}
    for verdict in supported:
        for evidence in verdict.evidence:
            by_marker.setdefault(evidence.marker, []).append(evidence)
    citations = tuple(_citation(sources[m - 1], evidences) for m, evidences in sorted(by_marker.items()))
    spans = dict.fromkeys((sources[e.marker - 1].passage, e.start, e.end, e.focus)
                          for v in supported for e in v.evidence)
    sentences = tuple(AnswerSentence(_slice(p, s, e), p.doc_id, s, e, focus) for p, s, e, focus in spans)
    return Answer(text, sentences, citations, False, extractive.confidence, extractive.question_type)


def _slice(passage: Hit, start: int, end: int) -> str:
    if not passage.start <= start < end <= passage.end:
        raise AssertionError(f"evidence {start}-{end} is outside passage {passage.start}-{passage.end}")
    return passage.text[start - passage.start:end - passage.start]


def _citation(source: Source, evidences: Sequence[Evidence]) -> Citation:
    passage = source.passage
    start, end = min(e.start for e in evidences), max(e.end for e in evidences)
    quoted = _slice(passage, start, end)
    return Citation(source.marker, passage.doc_id, passage.title, passage.date, start, end, quoted, passage.rank,
                    tuple(names_in(quoted)))
