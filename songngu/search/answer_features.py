"""Features of candidate answer sentences, from plain ``Evidence``: what the answer model reads.

Each feature is a number per candidate sentence (``sentence_features``, one array per name), chosen
for a reason a reader can check:

- ``cosine``: the encoder's similarity of the sentence to the question.
- ``coverage``: the IDF-weighted share of the question's tokens the sentence holds (what it shares
  with the question beyond meaning); ``context_coverage``: the same over the sentence and its
  neighbours, since a question often names what the previous sentence introduced.
- ``rare_coverage``: the share of the question's rarest words (the three unigrams of highest IDF)
  in the sentence's context. A near miss (same article, other paragraph) shares the topic words
  but not the one rare word that says what is asked.
- ``unknown_share``: the IDF share of the question's words that no passage of the corpus holds at
  all: a question about a fact the corpus never states tends to name something it never names.
- ``numbers_missing``: the question names a number (a year, a count) that the context lacks.
- ``type_missing``: the question asks for a number, date, person or place and the sentence has
  none (besides what the question itself says).
- ``passage_rank``: rank of the passage holding it (0 for the best); ``passage_cosine``: that
  passage's own cosine with the question; ``top_passage_hybrid``: how far the best passage stands
  out of the retrieval candidates (fused z-score).
- ``cross_language``: the sentence is in another language than the question (cosines across
  languages run lower); ``language_cosine``: the cosine plus ``SearchSettings.language_gap`` for such
  a sentence, so that sentences of both languages of a mixed corpus compare as retrieval compares them.
- ``foreign_question``: the question is not Vietnamese (the corpus language): Chinese, or another
  language. The ranker's weights follow it rather than each sentence's language, so the candidates of
  one question are scored on one scale whatever language each is in.

``answer_features`` adds what the confidence model reads about the chosen answer: its ranker score
and margin over the runner-up. Nothing here depends on how the corpus is cut into files: offsets,
document ids and document sizes are not features.
"""

import math
import re
from collections.abc import Sequence

import numpy as np

from songngu.index.analysis import analyse
from songngu.index.normalize import strip_diacritics
from songngu.search.answer_evidence import Evidence
from songngu.search.answer_spans import typed_spans
from songngu.search.retrieve import Question, lexical_weight
from songngu.search.settings import SearchSettings

RARE_WORDS = 3  # the question's rarest unigrams that ``rare_coverage`` looks for


def idf_of(evidence: Evidence) -> dict[str, float]:
    """IDF of every question token, as in the answer score so far; a token in no chunk gets the highest."""
    total = evidence.n_chunks
    return {t: math.log(1 + (total + 1) / (evidence.document_frequency.get(t, 0) + 0.5)) for t in evidence.tokens}


def unigrams(tokens: Sequence[str]) -> list[str]:
    """The question's word tokens: no bigrams, and the accented forms unless there are none."""
    words = [t for t in tokens if "_" not in t]
    accented = [t for t in words if not t.startswith("~")]
    return accented or words


def weighted_share(wanted: Sequence[str], held: set[str], idf: dict[str, float]) -> float:
    """IDF-weighted share of ``wanted`` tokens in ``held`` (0 when nothing is wanted)."""
    total = sum(idf[t] for t in wanted)
    return sum(idf[t] for t in wanted if t in held) / total if total else 0.0


def _neighbours(evidence: Evidence) -> list[list[int]]:
    """For each candidate, itself and the candidates right before and after it in the same document."""
    order = sorted(range(len(evidence.sentences)),
                   key=lambda i: (evidence.sentences[i].doc_id, evidence.sentences[i].start))
    around = [[i] for i in range(len(evidence.sentences))]
    for a, b in zip(order, order[1:], strict=False):
        first, second = evidence.sentences[a], evidence.sentences[b]
        if first.doc_id == second.doc_id and second.start - first.end <= 2:
            around[a].append(b)
            around[b].append(a)
    return around


# A photo's credit opening the sentence after a caption: "Ảnh: TTXVN", "(Ảnh: Thu Hằng)", "Photo:", 图片来源；
# and a Chinese caption's own opening, 图为 ("pictured: ...").
_PHOTO_CREDIT = re.compile(r"^\W{0,2}(?:(?i:ảnh|anh|nguồn ảnh|photo)\s*:|图片来源|\(ảnh\b)")
_CAPTION_OPENING = re.compile(r"^\W{0,2}图为")


def photo_captions(evidence: Evidence) -> np.ndarray:
    """For each candidate, whether it is a photo's caption: the sentence right after it in its document opens with
    a photo's credit ("Quang cảnh Hội nghị định kỳ Quảng Ninh - Phòng Thành Cảng." then "Ảnh: TTXVN phát"), or it
    opens as a Chinese caption does (图为). A caption
    is full of the names of the article's topic and states nothing a question asks (session 22: of 5,797 dev and
    held-out questions, the seed corpus's one caption was the answer of 11, 10 of them wrong)."""
    sentences = evidence.sentences
    following = {(s.doc_id, s.start): s for s in sentences}
    return np.array([bool(_CAPTION_OPENING.match(s.text)) or any(
        _PHOTO_CREDIT.match(after.text) for gap in range(3)
        if (after := following.get((s.doc_id, s.end + gap))) is not None) for s in sentences], dtype=bool)


# A credit line: the sentence is only "Role: Name" ("Thực hiện: Bảo Bình", "Trình bày: Hùng Sơn", "Thực hiện: Hải Nam -
# Thu Hương", "Ảnh: Minh Hà (TTXVN)", 责任编辑：王伟 李明): at most six names' words after its role, joined by "-", ",",
# "&", "và", with a source in brackets. It answers only a question asking who wrote, made or photographed it.
_CREDIT_ROLES = (r"thực hiện|thuc hien|trình bày|trinh bay|bài|bai|ảnh|anh|bài và ảnh|bài, ảnh|bai va anh|biên tập"
                 r"|bien tap|đồ họa|đồ hoạ|do hoa|thiết kế|thiet ke|video|tác giả|tac gia|nhóm phóng viên|nhóm pv"
                 r"|photo|photos|text|words|design|author|by")
_NAME_WORD = r"[^\W\d_][\w.]*"
_CREDIT_LINE = re.compile(rf"^\W{{0,2}}(?i:{_CREDIT_ROLES})\s*:\s*{_NAME_WORD}(?:\s*(?:[-–,&/]|\bvà\b)?\s*{_NAME_WORD})"
                          r"{0,5}(?:\s*\([^()]{1,30}\))?\W{0,3}$"
                          r"|^\W{0,2}(?:责任编辑|编辑|作者|记者|摄影|审校|校对)\s*[:：]\s*\S{1,12}(?:\s+\S{1,12}){0,3}\W{0,3}$")
# Who wrote, made or took the photo, asked ("Ai viết bài này?", "Who took the photo?", 这张照片是谁拍的): the credit
# line is the answer. Not a bare "viet" (Viet Nam) nor "thực hiện" alone (a project is "thực hiện", carried out).
_ASKS_A_CREDIT = re.compile(r"(?i:\b(?:ai\s+(?:viết|viet|thực hiện|thuc hien|trình bày|trinh bay|chụp|chup|biên tập"
                            r"|bien tap)|tác giả|tac gia|phóng viên|phong vien|người viết|nguoi viet|author|wrote"
                            r"|written|writer|editor|edited|designed|designer|photographer|reporter|credits?|byline"
                            r"|who took)\b)|责任编辑|编辑|作者|记者|摄影|谁写|谁拍")


def credit_lines(evidence: Evidence) -> np.ndarray:
    """For each candidate, whether it is an article's credit line ("Thực hiện: Bảo Bình"), which answers nothing
    unless the question asks who wrote, made or photographed it (off-topic English questions, "What time is it?",
    got the seed corpus's credit lines at 0.47 and 0.54: a review, session 24)."""
    asks = bool(_ASKS_A_CREDIT.search(evidence.question))
    return np.array([not asks and bool(_CREDIT_LINE.match(s.text.strip())) for s in evidence.sentences], dtype=bool)


def sentence_features(evidence: Evidence, kind: str | None, settings: SearchSettings) -> dict[str, np.ndarray]:
    """Feature name -> one value per candidate sentence of ``evidence`` (see the module docstring).

    ``settings`` are those retrieval ran with: its language gap and lexical weights.
    """
    sentences = evidence.sentences
    idf = idf_of(evidence)
    tokens = list(dict.fromkeys(evidence.tokens))
    words = unigrams(tokens)
    rare = sorted(words, key=lambda t: -idf[t])[:RARE_WORDS]
    numbers = [t for t in words if t[:1].isdigit()]
    unknown = weighted_share(words, {t for t in words if t not in evidence.document_frequency}, idf)
    held = [set(analyse(s.text)) for s in sentences]
    context = [set().union(*(held[j] for j in near)) for near in _neighbours(evidence)]
    passage_cosine = {p.rank: p.scores.get("chunk", 0.0) for p in evidence.passages}
    # The fused score is a z-score over the retrieval candidates (how far a passage stands out),
    # dense z plus ``lexical_weight`` times BM25 z: divided by 1 + that weight, it reads the same
    # whatever the weight of the question's kind.
    scale = 1 + lexical_weight(Question(evidence.question, evidence.lang, evidence.tokens, None), settings)
    passage_hybrid = {p.rank: p.scores.get("hybrid", 0.0) / scale for p in evidence.passages}
    cosine = np.array([s.cosine for s in sentences], dtype=np.float64)
    return {
        "cosine": cosine,
        "coverage": np.array([weighted_share(tokens, h, idf) for h in held]),
        "context_coverage": np.array([weighted_share(tokens, c, idf) for c in context]),
        "rare_coverage": np.array([weighted_share(rare, c, idf) for c in context]),
        "unknown_share": np.full(len(sentences), unknown),
        "numbers_missing": np.array([float(bool(numbers) and not any(n in c for n in numbers)) for c in context]),
        "type_missing": np.array([float(kind is not None and not typed_spans(s.text, kind, evidence.question))
                                  for s in sentences]),
        "passage_rank": np.array([s.passage_rank - 1 for s in sentences], dtype=np.float64),
        "passage_cosine": np.array([passage_cosine.get(s.passage_rank, 0.0) for s in sentences]),
        "top_passage_hybrid": np.full(len(sentences), passage_hybrid.get(1, 0.0)),
        "cross_language": np.array([float(s.cross_language) for s in sentences]),
        "language_cosine": cosine + settings.language_gap * np.array([float(s.cross_language) for s in sentences]),
        "foreign_question": np.full(len(sentences), float(evidence.lang != "vi")),
    }


def typed_plain(evidence: Evidence) -> bool:
    """A Vietnamese question typed without its marks ("bi thu khu uy quang tay la ai"): the encoder reads it far
    less well (cosines 0.1 lower for the same match) and only the diacritic-free twins of its words can match,
    so the answer model weighs its evidence apart (``songngu.search.answer_model``)."""
    return evidence.lang == "vi" and strip_diacritics(evidence.question) == evidence.question


# A margin for an answer with no runner-up: larger than any seen between two candidates.
LONE_MARGIN = 10.0


def answer_features(columns: dict[str, np.ndarray], logits: np.ndarray, order: Sequence[int]) -> dict[str, np.ndarray]:
    """Features of the chosen answer (one row), for the confidence model.

    The best candidate's own features (same names), its ranker score ``top_score`` and its
    ``margin`` over the runner-up, and ``max_rare_coverage``: whether any candidate at all holds
    the question's rarest words. ``order`` ranks the candidates, best first.
    """
    best = order[0]
    row = {name: values[best:best + 1] for name, values in columns.items()}
    row["top_score"] = logits[best:best + 1]
    row["margin"] = np.array([logits[best] - logits[order[1]] if len(order) > 1 else LONE_MARGIN])
    row["max_rare_coverage"] = np.array([columns["rare_coverage"].max()])
    return row
