"""Retrieval quality over slices of the dev sets, with the real bundled model.

Floors sit a little under the figures measured when the fusion weights were
chosen, so a regression in analysis, fusion or the store shows up here.
"""

from pathlib import Path

import pytest

from songngu.index.build import build_index
from songngu.index.documents import read_corpus
from songngu.index.normalize import strip_diacritics
from songngu.index.store.local import open_index
from songngu.search.ask import ask
from songngu.search.evaluate import QA, evaluate, read_qa
from tests.conftest import QueryMemo

XQUAD = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "xquad-dev"
SEED_DEV = XQUAD.parent / "seed-dev.jsonl"
SLICE_ARTICLES = ("xq00", "xq01", "xq02", "xq03", "xq04", "xq05", "xq06", "xq07")


@pytest.fixture(scope="module")
def xquad_slice(tmp_path_factory, embedder):
    documents = [d for d in read_corpus(XQUAD / "corpus") if d.doc_id.startswith(SLICE_ARTICLES)]
    index_dir = tmp_path_factory.mktemp("xquad-slice")
    build_index(documents, index_dir, embedder)
    questions = [q for q in read_qa(XQUAD / "qa.jsonl") if q.doc_ids[0].startswith(SLICE_ARTICLES)]
    return open_index(index_dir), questions


def run(loaded, embedder, questions, retriever, asked=None):
    """``evaluate`` over ``questions``; ``asked``: a dict of results already had, by (question, retriever)."""
    asked = {} if asked is None else asked

    def ask_once(question):
        if (question, retriever) not in asked:
            asked[question, retriever] = ask(question, loaded, embedder, k=10, retriever=retriever)
        return asked[question, retriever]

    return evaluate(questions, ask_once)


@pytest.fixture(scope="module")
def asked():
    """Results of the slice's questions, shared by the tests of this module (each question once a retriever)."""
    return {}


@pytest.fixture(scope="module")
def queries(embedder, xquad_slice) -> QueryMemo:
    """The model, each slice question (with and without its marks) embedded once, in batched calls."""
    memo = QueryMemo(embedder)
    memo.prime([q.question for q in xquad_slice[1]] + [strip_diacritics(q.question) for q in xquad_slice[1]])
    return memo


def test_hybrid_quality_on_an_xquad_slice(xquad_slice, queries, asked):
    loaded, questions = xquad_slice
    assert len(questions) > 200
    dense = run(loaded, queries, questions, "dense", asked)["by_lang"]
    hybrid = run(loaded, queries, questions, "hybrid", asked)["by_lang"]
    # Measured on this slice: dense vi .960 zh .813, hybrid vi .978 zh .836 (zh .804 before the
    # CC-CEDICT names and Chinese numerals joined the Chinese query analysis; all of XQuAD dev: .858).
    # Each floor sits one or two questions (225 a language) under its measured figure; a better dense
    # side is no failure, a worse one or a hybrid that stops adding to it is. Session 11 moved Chinese
    # questions toward Vietnamese sentences (songngu.search.crossing): dense zh .813 -> .796 here (all of
    # XQuAD dev .802 -> .802), hybrid zh .836 -> .840 (all .858 -> .861).
    assert hybrid["zh"]["recall@1"] >= 0.83, hybrid["zh"]
    assert dense["zh"]["recall@1"] >= 0.79, dense["zh"]
    assert hybrid["vi"]["recall@1"] >= 0.97, hybrid["vi"]
    assert dense["vi"]["recall@1"] >= 0.95, dense["vi"]


def test_unaccented_vietnamese_loses_little(xquad_slice, queries, asked):
    loaded, questions = xquad_slice
    accented = [q for q in questions if q.lang == "vi"]
    plain = [QA(q.id, q.lang, strip_diacritics(q.question), q.doc_ids, q.answer) for q in accented]
    with_marks = run(loaded, queries, accented, "hybrid", asked)["all"]["recall@1"]
    without = run(loaded, queries, plain, "hybrid", asked)["all"]["recall@1"]
    assert without >= with_marks - 0.03, (with_marks, without)
    # The encoder reads a question typed without marks far from its passage; embedded with the marks the
    # index's words carry (songngu.search.marks), it reads it almost as typed with them. Measured on this slice
    # (225 questions): dense recall@1 .960 with marks, without .542 before session 28 and .951 with them put back;
    # hybrid .978, without .951 and .956.
    dense_with = run(loaded, queries, accented, "dense", asked)["all"]["recall@1"]
    dense_without = run(loaded, queries, plain, "dense", asked)["all"]["recall@1"]
    assert dense_without >= dense_with - 0.05, (dense_with, dense_without)


def test_seed_dev_documents_found(seed_index, embedder):
    report = run(seed_index, embedder, read_qa(SEED_DEV), "hybrid")
    for lang in ("vi", "zh"):
        # Measured: recall@1 and passage_hit@1 vi 1.0, zh 1.0 (passage_hit@1 zh .857 before Chinese numerals
        # joined the query analysis): one miss in 7 questions fails.
        assert report["by_lang"][lang]["recall@1"] == 1.0, report["by_lang"][lang]
        assert report["by_lang"][lang]["passage_hit@1"] == 1.0, report["by_lang"][lang]


def test_fusion_ranks_a_planted_exact_match_first(seed_corpus_copy, seed_index_copy, embedder):
    """A passage carrying a rare code is found first by its code, though its meaning is ordinary."""
    planted = "Hồ sơ QN-4471 của dự án cầu Bắc Luân III đã được hai bên thống nhất."
    (seed_corpus_copy / "planted.txt").write_text(planted, encoding="utf-8")
    build_index(read_corpus(seed_corpus_copy), seed_index_copy, embedder)
    loaded = open_index(seed_index_copy)
    for query, lang in (("hồ sơ QN-4471 cầu Bắc Luân", "vi"), ("QN-4471号文件北仑河大桥", "zh")):
        result = ask(query, loaded, embedder, k=5)
        assert result.lang == lang
        assert result.passages[0].doc_id == "planted", [(h.doc_id, h.scores) for h in result.passages]
        assert result.passages[0].scores.lexical > 0


def test_every_citation_over_the_xquad_slice_is_an_exact_span(xquad_slice, queries, asked):
    loaded, questions = xquad_slice
    texts = loaded.document_texts([d.doc_id for d in loaded.documents()])
    answered = 0
    run(loaded, queries, questions, "hybrid", asked)
    for qa in questions:
        result = asked[qa.question, "hybrid"]
        for citation in result.answer.citations:
            assert texts[citation.doc_id][citation.start:citation.end] == citation.text
            assert citation.text in result.answer.text
        answered += not result.answer.abstained
    # Every question of the slice is answerable, but a Chinese one often looks like a near miss to the
    # answer model (issue 14: abstaining on questions the corpus does not answer). Measured: 307 of 450
    # answered (vi 184 / 225, zh 123 / 225) with the model of songngu/search/answer_model.json; on this
    # 40-paragraph slice fewer than over all of xquad-dev (0.78), a small corpus giving lower confidence.
    assert answered >= 0.67 * len(questions), "dev questions are answerable: most are answered"
