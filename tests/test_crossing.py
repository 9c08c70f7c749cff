"""A question's vector moved toward Vietnamese text (songngu.search.crossing), with the real model."""

import numpy as np

from songngu.index.analysis import analyse
from songngu.search.answer import gather_evidence
from songngu.search.crossing import Crossing, sentence_cosines, toward_vietnamese
from songngu.search.retrieve import make_question, retrieve

# Our own translations of one question (not from any dev set).
VIETNAMESE = "Có bao nhiêu học sinh Quảng Ninh nhận học bổng ASEAN của Quảng Tây?"
CHINESE = "有多少名广宁学生获得广西东盟奖学金？"
ENGLISH = "How many Quang Ninh students received Guangxi's ASEAN scholarship?"


def test_a_chinese_or_english_question_moves_nearer_its_vietnamese_twin(embedder):
    vietnamese, chinese, english = embedder.embed_queries([VIETNAMESE, CHINESE, ENGLISH])
    for lang, vector in (("zh", chinese), ("en", english)):
        crossing = toward_vietnamese(vector, lang, embedder.name)
        assert crossing is not None and 0.01 < crossing.gain < 0.1
        assert abs(float(np.linalg.norm(crossing.vector)) - 1.0) < 1e-5
        assert float(crossing.vector @ vietnamese) > float(vector @ vietnamese) + 0.01, lang


def test_only_fitted_languages_and_the_fitted_embedder_are_moved(embedder):
    vector = embedder.embed_queries([CHINESE])[0]
    assert toward_vietnamese(vector, "vi", embedder.name) is None
    assert toward_vietnamese(vector, "fr", embedder.name) is None  # no offset fitted for it
    assert toward_vietnamese(vector, "zh", "st:sentence-transformers/all-MiniLM-L6-v2") is None
    assert make_question(VIETNAMESE, "vi", analyse(VIETNAMESE), vector, embedder.name).crossing is None


def test_chinese_rows_keep_the_own_vector_and_others_take_the_moved_one_less_its_gain():
    own, moved = np.array([1.0, 0.0], dtype=np.float32), np.array([0.6, 0.8], dtype=np.float32)
    rows = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    crossing = Crossing(moved, 0.05)
    assert np.allclose(sentence_cosines(rows, [True, True], own, crossing), [1.0, 0.0])
    assert np.allclose(sentence_cosines(rows, [False, True], own, crossing), [0.55, 0.0])
    assert np.allclose(sentence_cosines(rows, [False, False], own, None), [1.0, 0.0])


def test_moved_cosines_read_on_the_scale_of_the_own_ones(seed_index, embedder):
    """The gain taken off leaves the answer step's cosines of a Chinese question as high on average as
    unmoved (within 0.02), so its thresholds keep their meaning."""
    vector = embedder.embed_queries([CHINESE])[0]
    question = make_question(CHINESE, "zh", analyse(CHINESE), vector, embedder.name)
    passages = retrieve(seed_index, question, 5)
    evidence = gather_evidence(question, passages, seed_index, 3)
    moved = np.array([s.cosine for s in evidence.sentences])
    own = np.array([s.cosine for s in gather_evidence(make_question(CHINESE, "zh", analyse(CHINESE), vector, "none"),
                                                      passages, seed_index, 3).sentences])
    assert abs(float(moved.mean() - own.mean())) < 0.02, (moved.mean(), own.mean())
    assert not np.allclose(moved, own)
