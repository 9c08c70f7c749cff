"""A corpus holding both languages: the seed articles plus one Chinese article, with the real model.

The Chinese article (tests/data/zh_dongxing.txt) is our own text, written for this test; its
figures are invented. Before passages carried the Hán-Việt bridge and before the dense side
made up the encoder's same-language advantage (``songngu.search.retrieve.LANGUAGE_GAP``), both
Vietnamese questions below ranked the Chinese article below the top three, and the Chinese
question about a Vietnamese article found the Chinese article first.
"""

import shutil
from pathlib import Path

import pytest

from songngu.index.build import build_index
from songngu.index.documents import read_corpus
from songngu.index.store.local import open_index
from songngu.search.answer_model import confidence_level
from songngu.search.ask import ask
from tests.conftest import SEED_CORPUS

CHINESE_ARTICLE = Path(__file__).parent / "data" / "zh_dongxing.txt"


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory, embedder, seed_index_dir):
    """The session's seed index with the Chinese article added incrementally (only it is embedded)."""
    corpus = tmp_path_factory.mktemp("mixed-corpus")
    for path in [*SEED_CORPUS.glob("*.txt"), CHINESE_ARTICLE]:
        shutil.copy(path, corpus / path.name)
    index_dir = tmp_path_factory.mktemp("mixed-index") / "index"
    shutil.copytree(seed_index_dir, index_dir)
    assert build_index(read_corpus(corpus), index_dir, embedder).added == ("zh_dongxing",)
    return open_index(index_dir)


@pytest.mark.parametrize("question", [
    "Cửa khẩu Đông Hưng đón bao nhiêu lượt hành khách trong 10 tháng đầu năm?",
    "cua khau Dong Hung don bao nhieu hanh khach?",  # typed without marks
])
def test_vietnamese_question_finds_the_chinese_article(mixed_index, embedder, question):
    result = ask(question, mixed_index, embedder, k=5)
    assert result.lang == "vi"
    assert result.passages[0].doc_id == "zh_dongxing", [(h.doc_id, h.text[:40]) for h in result.passages]
    assert result.answer.abstained or any(c.doc_id == "zh_dongxing" for c in result.answer.citations)


def test_vietnamese_question_is_answered_from_the_chinese_article(mixed_index, embedder):
    """Session 21: Vietnamese questions on Chinese text have a confidence model of their own (``reverse_confidence``,
    fitted on XQuAD's Chinese paragraphs asked in Vietnamese); before, the model of Chinese questions on Vietnamese
    text stood in and gave 0.28 here (an expected failure until then)."""
    for question, figure in (
            ("Cửa khẩu Đông Hưng đón bao nhiêu lượt hành khách trong 10 tháng đầu năm?", "一百二十六万人次"),
            ("Lượng hành khách qua cửa khẩu Đông Hưng tăng bao nhiêu phần trăm?", "百分之三十五")):
        result = ask(question, mixed_index, embedder, k=5)
        assert not result.answer.abstained, (question, result.answer.confidence)
        assert figure in result.answer.text and result.answer.citations[0].doc_id == "zh_dongxing"


@pytest.mark.parametrize("question", ["Cửa khẩu Đông Hưng thu bao nhiêu tiền thuế năm nay?",
                                      "Ai là giám đốc cửa khẩu Đông Hưng?",
                                      "Cửa khẩu Đông Hưng mỗi ngày đón bao nhiêu hành khách?"])
def test_vietnamese_near_misses_on_the_chinese_article_abstain(mixed_index, embedder, question):
    """The article gives no tax, no director, no daily figure: the reverse model does not answer all it is asked."""
    assert ask(question, mixed_index, embedder, k=5).answer.abstained


def test_chinese_questions_find_their_article_whatever_its_language(mixed_index, embedder):
    about_vietnamese_text = ask("广宁省有多少名学生获得广西东盟奖学金？", mixed_index, embedder, k=5)
    assert about_vietnamese_text.passages[0].doc_id == "004_f732d473a99f9294"
    assert "12 học sinh" in about_vietnamese_text.answer.text
    about_chinese_text = ask("东兴口岸今年前十个月出入境旅客多少人次？", mixed_index, embedder, k=5)
    assert about_chinese_text.passages[0].doc_id == "zh_dongxing"
    assert "一百二十六万人次" in about_chinese_text.answer.text


def test_chinese_questions_on_the_chinese_article_are_not_all_sure(mixed_index, embedder):
    """A probe (session 25): Chinese questions answered from a Chinese article all got about 0.91, "high", the
    near misses too: the "same" side of the confidence model was fitted on Vietnamese questions over Vietnamese
    text only, and a Chinese question's ranker score over a sentence of its own language runs far above any it
    saw (53 to 60 against some 30). A model of their own (``native_confidence``, fitted on XQuAD's Chinese
    questions over its Chinese paragraphs) tells them apart; and the 二 of 北仑河二桥, a name the question gives,
    is no figure the sentence states (``near_miss._han_numbers_only``)."""
    for question, figure in (("东兴口岸新增了多少条自助查验通道？", "十二条"),
                             ("今年前十个月东兴口岸出入境旅客有多少？", "一百二十六万人次"),
                             ("东兴口岸出入境旅客同比增长多少？", "百分之三十五")):
        answer = ask(question, mixed_index, embedder, k=5).answer
        assert not answer.abstained and figure in answer.text, (question, answer.confidence)
        assert answer.citations[0].doc_id == "zh_dongxing"
    answer = ask("北仑河二桥总投资多少？", mixed_index, embedder, k=5).answer  # the article gives no investment
    assert answer.abstained, (answer.confidence, answer.text)
    # who is in charge (the article names no one: 0.35), last year's count of an article giving this year's: still
    # answered, but not "high" as the right answers are. ("什么时候开通夜间通关服务？" stays high: 明年 is in the
    # sentence, though what is to happen next year is a study of it.)
    for question in ("东兴口岸的负责人是谁？", "东兴口岸去年出入境旅客有多少？"):
        answer = ask(question, mixed_index, embedder, k=5).answer
        assert confidence_level(answer.confidence) != "high", (question, answer.confidence)
