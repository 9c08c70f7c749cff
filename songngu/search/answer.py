"""Extractive answers with verified citations, or an abstention.

From the top passages of a question, the answer step gathers the candidate sentences and what is known
about them (``gather_evidence``: cosines, the question's tokens and their document frequencies, the
passages' retrieval scores), and the answer model (``songngu.search.answer_model``) picks the answer
sentence (with the runner-up when the two score about the same; up to three for list questions),
marks the span that answers the question's type next to its focus words, and gives ``confidence``,
a calibrated probability that the answer holds the right answer. Below the model's threshold the
answer abstains, in the interface language (Vietnamese unless the question is Chinese), says why
(``reason``), and the passages are still listed. Each answer sentence is quoted verbatim, with a
marker ``[n]`` pointing at its citation: the document, title, date and the exact character span
``(start, end)`` of the sentence in the stored document text. Every citation is checked against the
stored text before it is returned. Keywords that ask nothing ("Quảng Ninh") get no answer sentence
but a line saying so (``KEYWORDS_TEXT``), the closest sentence and the words no sentence holds, and
their passages.
"""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from songngu.errors import CitationMismatchError
from songngu.index.analysis import analyse, english_bridge_tokens, vietnamese_tokens
from songngu.index.glossary import english_glossary_matches, names_in
from songngu.index.normalize import HAN_RUN, lexical_key, strip_diacritics
from songngu.index.store.interface import IndexReader
from songngu.search.answer_evidence import Evidence, PassageEvidence, SentenceEvidence
from songngu.search.answer_features import RARE_WORDS, idf_of, unigrams
from songngu.search.answer_model import AnswerModel, Decision, bundled_answer_model, decide
from songngu.search.answer_spans import is_keyword_search, question_type
from songngu.search.crossing import sentence_cosines
from songngu.search.language import is_chinese_passage
from songngu.search.retrieve import Hit, Question, crosses_language
from songngu.search.settings import SearchSettings

_QUESTION_WORD = re.compile(r"[^\W_]+")
# Words that ask rather than name, and English function words (Vietnamese, unaccented, English): never what a
# passage "does not state".
ASKING_WORDS = frozenset(lexical_key(w) for w in """bao nhiêu mấy gì nào ai đâu sao không là có được những các
    khi bao giờ thế nào như what who whom whose which when where why how many much is are was were the of a an
    and or in on at to for by with from between do does did will would shall should could has have had been its
    this that these those there their they into about""".split())  # not "can", "be", "it": cần, bé, ít typed bare
ASKING_WORDS_BARE = frozenset(strip_diacritics(word) for word in ASKING_WORDS)  # "ngay nao", "la ai" typed so
NO_ANSWER_TEXT = {
    "vi": "Không tìm thấy câu trả lời trong kho tài liệu. Các đoạn gần nhất được liệt kê bên dưới.",
    "zh": "资料库中没有找到答案。下面列出最相关的段落。",
}
# Keywords ("Quảng Ninh", "Ha Long Bay", 东兴口岸: ``answer_spans.is_keyword_search``) ask nothing, so no sentence
# answers them: the passages are what was asked for. The answer model, trained on questions, gave a sentence about
# anything in the province at 0.91, "high".
KEYWORDS_TEXT = {
    "vi": "Đây là một tìm kiếm theo từ khóa, không phải câu hỏi: các đoạn khớp nhất được liệt kê bên dưới. Hãy đặt "
          "một câu hỏi (ai, gì, bao nhiêu, khi nào…) để nhận câu trả lời kèm trích dẫn.",
    "zh": "这是关键词检索，不是问题：下面列出最匹配的段落。请提出一个问题（谁、什么、多少、何时……）"
          "以获得带引用的答案。",
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
class AbstentionReason:
    """Why an answer abstains: the closest sentence (``doc_id``, offsets into its document text, ``text``:
    what the corpus is about) and ``missing``, the question's rare words it does not hold, as the
    question writes them (what it does not state)."""

    doc_id: str
    start: int
    end: int
    text: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    text: str
    sentences: tuple[AnswerSentence, ...]
    citations: tuple[Citation, ...]
    abstained: bool
    confidence: float
    question_type: str | None
    reason: AbstentionReason | None = None  # set when the answer model abstains
    keywords: bool = False  # keywords that ask nothing: passages and the closest sentence, no answer sentence


def gather_evidence(question: Question, passages: list[Hit], index: IndexReader, n_passages: int) -> Evidence:
    """The sentences of the ``n_passages`` best passages and what the answer model reads about them."""
    top = passages[:n_passages]
    members = index.sentences_of_chunks([p.chunk_id for p in top])
    ids = sorted({sid for sids in members.values() for sid in sids})
    rows = index.sentences(ids) if ids else {}
    cosines = dict.fromkeys(ids, 0.0)
    if ids and question.vector is not None:
        vectors = index.sentence_vectors(ids)  # exact, whatever the vector index type
        # A sentence is taken to be in its passage's language, as retrieval takes it (``dense_scores``).
        in_chinese = {sid: bool(question.crossing) and is_chinese_passage(p.text)
                      for p in reversed(top) for sid in members.get(p.chunk_id, [])}  # the best passage's, last
        chinese = [in_chinese[sid] for sid in ids]
        cosines = dict(zip(ids, sentence_cosines(vectors, chinese, question.vector, question.crossing), strict=True))
    frequencies = index.document_frequencies(question.tokens)
    # Han tokens of a Chinese question that the corpus never uses (a Vietnamese corpus) say nothing
    # about a sentence; they would only dilute the coverage of the Hán-Việt and Latin tokens.
    tokens = [t for t in dict.fromkeys(question.tokens) if t in frequencies or not HAN_RUN.search(t)]
    if question.lang != "zh" and strip_diacritics(question.text) == question.text:
        # Typed without marks: only the diacritic-free twins (and numbers) can match, count only them.
        tokens = [t for t in tokens if t.startswith("~") or t[0].isdigit()]
    seen, sentences = set(), []
    for passage in top:
        for sid in members.get(passage.chunk_id, []):
            if sid not in seen:
                seen.add(sid)
                row = rows[sid]
                sentences.append(SentenceEvidence(row.doc_id, row.start, row.end, row.text, float(cosines[sid]),
                                                  passage.rank, _crosses_language(row.text, question.lang)))
    return Evidence(question.text, question.lang, tuple(tokens), frequencies, index.chunk_count(),
                    tuple(PassageEvidence(p.rank, p.doc_id, p.start, p.end, p.text, scores, p.title)
                          for p, scores in zip(top, _passage_scores(question, top, index), strict=True)),
                    tuple(sentences))


def _passage_scores(question: Question, passages: list[Hit], index: IndexReader) -> list[dict[str, float]]:
    """The retrieval signals of ``passages``, with the chunk's exact cosine where retrieval had none (a
    passage found only by its words): the answer model reads it, and a missing cosine is not a low one."""
    scores = [p.scores.to_json() for p in passages]
    missing = [i for i, s in enumerate(scores) if "chunk" not in s]
    if missing and question.vector is not None:
        cosines = index.chunk_vectors([passages[i].chunk_id for i in missing]) @ question.vector
        for i, cosine in zip(missing, cosines, strict=True):
            scores[i]["chunk"] = round(float(cosine), 6)
    return scores


def _crosses_language(text: str, lang: str) -> bool:
    """A sentence in the other language than the question's; a question in neither corpus language
    (English) is across languages from every passage, as a Chinese one is from Vietnamese text."""
    return lang not in ("vi", "zh") or crosses_language(text, lang)


def _verified_citations(index: IndexReader, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    texts = index.document_texts({c.doc_id for c in citations})
    for citation in citations:
        text = texts.get(citation.doc_id)
        if text is None or text[citation.start:citation.end] != citation.text:
            raise CitationMismatchError(f"citation {citation.doc_id}:{citation.start}-{citation.end} is not verbatim")
    return citations


def build_answer(question: Question, passages: list[Hit], index: IndexReader,
                 settings: SearchSettings = SearchSettings(),  # noqa: B008
                 model: AnswerModel | None = None) -> Answer:
    """The extractive answer to ``question`` from ``passages`` (see the module docstring).

    ``model`` defaults to the one shipped in the package (``songngu/search/answer_model.json``).
    """
    kind = question_type(question.text, question.lang)
    evidence = gather_evidence(question, passages, index, settings.answer_passages)
    decision = decide(evidence, kind, model or bundled_answer_model(), settings)
    if is_keyword_search(question.text):  # the closest sentence and the words none holds, as for a near miss
        return Answer(KEYWORDS_TEXT["zh" if question.lang == "zh" else "vi"], (), (), True, 0.0, kind,
                      abstention_reason(evidence, decision.closest), keywords=True)
    answer = draft_answer(evidence, decision, kind, {p.rank: p for p in passages})
    return replace(answer, citations=_verified_citations(index, answer.citations))


def draft_answer(evidence: Evidence, decision: Decision, kind: str | None,
                 passages: dict[int, Hit] | None = None) -> Answer:
    """The answer a decision gives, before its citations are checked against the stored text.

    Sentences are shown in passage order, then text order. ``passages`` (rank -> hit) gives the
    citations their title and date; without it they have none.
    """
    if decision.abstained:
        return replace(_abstention(evidence.lang, decision.confidence, kind),
                       reason=abstention_reason(evidence, decision.closest, decision.unstated))
    chosen = sorted(zip(decision.chosen, decision.spans, strict=True),
                    key=lambda pair: (evidence.sentences[pair[0]].passage_rank, evidence.sentences[pair[0]].start))
    sentences, citations = [], []
    for marker, (position, span) in enumerate(chosen, start=1):
        s = evidence.sentences[position]
        hit = (passages or {}).get(s.passage_rank)
        sentences.append(AnswerSentence(s.text, s.doc_id, s.start, s.end,
                                        (s.start + span[0], s.start + span[1]) if span else None))
        citations.append(Citation(marker, s.doc_id, hit.title if hit else "", hit.date if hit else None, s.start,
                                  s.end, s.text, s.passage_rank, tuple(names_in(s.text))))
    text = " ".join(f"{s.text} [{i}]" for i, s in enumerate(sentences, start=1))
    return Answer(text, tuple(sentences), tuple(citations), False, decision.confidence, kind)


def abstention_reason(evidence: Evidence, closest: int | None,
                      unstated: tuple[str, ...] = ()) -> AbstentionReason | None:
    """Why the answer abstains: the closest sentence, and first the question's words for a detail the
    evidence never gives (``unstated``: "Hàn Quốc", 出口, from ``songngu.search.near_miss``), then its
    rarest words the sentence does not hold; of a Chinese question only those (and its Latin words and
    numbers) can be listed, since its Han words reach the corpus through readings, not as written. None
    when there was no candidate."""
    if closest is None:
        return None
    sentence = evidence.sentences[closest]
    held = set(analyse(sentence.text))
    idf = idf_of(evidence)
    bare = strip_diacritics(evidence.question) == evidence.question
    asking = ASKING_WORDS_BARE if bare else ASKING_WORDS
    glossed = english_glossary_matches(evidence.question) if evidence.lang == "en" else []
    # the bridge's own tokens are not the question's words (those it shares with them are: Singapore, USD)
    bridged = (set(english_bridge_tokens(evidence.question, glossed)) - set(analyse(evidence.question))
               if glossed else set())
    words = [t for t in unigrams(evidence.tokens)
             if not HAN_RUN.search(t) and t.lstrip("~") not in asking and t not in bridged]
    rare = sorted(words, key=lambda t: -idf[t])[:RARE_WORDS]
    def keyed(word: str) -> str:  # as the tokens write it: a question typed without marks has only "~" twins
        key = lexical_key(word)
        return key if key in idf else "~" + strip_diacritics(key)

    missing = [m for m in _QUESTION_WORD.finditer(evidence.question)
               if keyed(w := m.group(0)) in rare and keyed(w) not in held and lexical_key(w) not in asking
               and not any(w in phrase for phrase in unstated)  # "Hàn" of "Hàn Quốc"
               and not _held_in_vietnamese(m, glossed, held)]
    missing = _with_word_partners(evidence, missing, keyed, held, asking, unstated)
    said = tuple(dict.fromkeys((*unstated, *_phrases(evidence.question, missing))))
    # not what another phrase says with more words (two near-miss tests: 市长 and 市长是谁)
    return AbstentionReason(sentence.doc_id, sentence.start, sentence.end, sentence.text,
                            tuple(w for w in said if not any(w != other and w in other for other in said)))


# A syllable makes a word with its neighbour when at least this share of the passages that hold it hold the two
# together ("thương" with "mại", "ngân" with "sách"; not "mại" with "giữa", ``_with_word_partners``).
BOUND_SYLLABLE = 0.5
LONGEST_WORD = 3  # syllables ("ngân sách", "thu ngân sách")


def _with_word_partners(evidence: Evidence, missing: list[re.Match], keyed: Callable[[str], str], held: set[str],
                        asking: Collection[str], unstated: tuple[str, ...]) -> list[re.Match]:
    """``missing`` with, for each one standing alone, the syllables next to it that make a word with it (the side the
    corpus writes with it more often first; see ``BOUND_SYLLABLE``), up to ``LONGEST_WORD``, when the sentence does
    not hold them either: a word's rarest syllable alone was listed ("thương" of "thương mại", "thu" of "thu ngân
    sách": a probe, session 23)."""
    words = list(_QUESTION_WORD.finditer(evidence.question))
    frequency = evidence.document_frequency

    def joined(i: int, j: int) -> int:
        """How many passages hold syllables ``i`` and ``j`` (next to each other) together; 0 when ``j`` may not join."""
        if not 0 <= j < len(words):
            return 0
        a, b = sorted((i, j))
        word = words[j].group(0)
        if evidence.question[words[a].end():words[b].start()] != " " \
                or HAN_RUN.search(word) or keyed(word) in held or lexical_key(word) in asking \
                or any(word in phrase for phrase in unstated):
            return 0
        together = frequency.get(f"{keyed(words[a].group(0))}_{keyed(words[b].group(0)).lstrip('~')}", 0)
        return together if together >= BOUND_SYLLABLE * frequency.get(keyed(words[i].group(0)), 0) else 0

    rarest = {m.span() for m in missing}
    wanted = set(rarest)
    for i, word in enumerate(words):
        if word.span() not in rarest or any(0 <= j < len(words) and words[j].span() in rarest for j in (i - 1, i + 1)):
            continue  # not missing, or already in a phrase of missing words ("tổng vốn")
        first = last = i
        while last - first < LONGEST_WORD - 1 and (joined(first, first - 1) or joined(last, last + 1)):
            if joined(first, first - 1) >= joined(last, last + 1):
                first -= 1
            else:
                last += 1
        wanted.update(words[j].span() for j in range(first, last + 1))
    return [w for w in words if w.span() in wanted]


def _held_in_vietnamese(word: re.Match, glossed: list[tuple[int, int, str]], held: set[str]) -> bool:
    """Whether the English ``word`` of the question is in a glossary phrase or word (``glossed``: the
    question's ``english_glossary_matches``) whose Vietnamese the sentence holds (``held``: its tokens):
    "trade volume" is stated by "kim ngạch xuất, nhập khẩu"."""
    return any(start <= word.start() and word.end() <= end and all(t in held for t in unigrams(vietnamese_tokens(vi)))
               for start, end, vi in glossed)


def _phrases(question: str, words: list[re.Match]) -> list[str]:
    """The ``words`` of ``question`` (matches, in order), those next to each other (a space apart) as one phrase: the
    syllables of a Vietnamese word were listed one by one ("Thị, trưởng"; a probe, session 19)."""
    phrases: list[tuple[int, int]] = []
    for word in words:
        if phrases and not question[phrases[-1][1]:word.start()].strip():
            phrases[-1] = (phrases[-1][0], word.end())
        else:
            phrases.append(word.span())
    return [question[start:end] for start, end in phrases]


def _abstention(lang: str, confidence: float, kind: str | None) -> Answer:
    return Answer(NO_ANSWER_TEXT["zh" if lang == "zh" else "vi"], (), (), True, confidence, kind)
