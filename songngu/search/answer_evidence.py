"""What the answer step knows about a question and its candidate sentences, as plain data.

``Evidence`` is everything the answer model reads (``songngu.search.answer_features``): the question,
its language, its analysed tokens with their document frequencies, the top passages and the sentences
they hold with their cosine to the question. It is built from an ``IndexReader`` by
``songngu.search.answer.gather_evidence`` and holds no connection, so features, model and spans are pure
functions of it; ``tools/answer_data.py`` stores it as JSON lines to train the model on.
Offsets are into the stored document text: ``document.text[start:end] == text``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PassageEvidence:
    rank: int  # 1 = best
    doc_id: str
    start: int
    end: int
    text: str
    scores: dict[str, float]  # the retrieval signals of its ``songngu.search.retrieve.Hit`` that were set
    title: str = ""  # its document's title (evidence dumped before session 9 has none)


@dataclass(frozen=True)
class SentenceEvidence:
    doc_id: str
    start: int
    end: int
    text: str
    cosine: float  # with the query vector (0 when there is none)
    passage_rank: int  # the best passage holding it
    cross_language: bool  # in the other language than the question's (Chinese or not)


@dataclass(frozen=True)
class Evidence:
    question: str
    lang: str  # detected language of the question
    tokens: tuple[str, ...]  # the question's lexical tokens that can match a sentence
    document_frequency: dict[str, int]  # chunks holding each token; tokens in none are absent
    n_chunks: int  # chunks in the corpus (for IDF)
    passages: tuple[PassageEvidence, ...]
    sentences: tuple[SentenceEvidence, ...]  # in passage order, then text order, each once

