"""The tunable numbers of retrieval and answers, in one object built at the edge and passed in.

Every default below was chosen by a measurement, given next to it; the CLI and
the app build ``SearchSettings()`` and hand it down, and a caller (an
experiment, a test) can pass other values without touching module state.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchSettings:
    # Weight of the chunk's own cosine against its best sentence's cosine. XQuAD
    # dev recall@1 (vi/zh): chunk only 0.932/0.736, 0.5 0.948/0.802, sentence only
    # 0.929/0.723; 0.3-0.7 is a plateau, 0.5 sits in its middle.
    chunk_weight: float = 0.5

    # The encoder scores a passage in the question's language higher than one in the other language
    # even when neither is related: over 300 XQuAD dev question pairs embedded as passages (the
    # Vietnamese and Chinese forms of the other questions), median cosine gap 0.051 for Vietnamese
    # queries and 0.053 for Chinese ones. In a corpus holding both languages, a Chinese question then
    # found any Chinese passage before the Vietnamese one that answers it (seed corpus plus one
    # Chinese article: zh passage_hit@1 1.0 -> 0.14). A passage in the other language gets the gap
    # back; in a one-language corpus every candidate gets the same, so rankings do not change.
    # Not yet made up: BM25 too favours Chinese passages for a Chinese question when Chinese text is
    # rare in the corpus, since its Han tokens are then rare and weigh much (seed corpus plus one
    # Chinese article, seed-dev zh recall@1: 0.14 before, 0.71 with this gap; vi stays 1.0).
    language_gap: float = 0.05

    candidates: int = 50  # dense candidates a question
    lexical_candidates: int = 100
    filtered_candidates: int = 400  # a document filter drops most candidates: start from more

    # Weight of the lexical z-score against the dense one (``songngu.search.retrieve.fuse_scores``),
    # chosen on XQuAD dev and seed-dev; recall@1 on XQuAD by weight (z-score fusion):
    #   vi (accented)   0: .948  0.1: .967  0.2: .970  0.3: .967  0.5: .967
    #   vi (no marks)   0.4: .706  1.0: .924  1.5: .948  2.5: .953
    #   zh              0: .802  0.1: .818  0.2: .828  0.3: .839  0.4: .837  0.5: .829
    #   zh, with the name glossary (index.glossary) in the query analysis:
    #                   0.3: .843 (mrr .897)  0.4: .829 (.889)  0.5: .823 (.883); seed-dev zh answer abstention
    #                   recall 1.0 at 0.3, 0.0 at 0.4 and 0.5 (the unanswerable question then finds a passage)
    #   zh, with the glossary's common words and CC-CEDICT names (index.cedict) as well:
    #                   0.3: .853 (mrr .906)  0.4: .848 (.903)  0.5: .853 (.906); 0.3 kept
    #   zh, and Chinese numerals (index.numerals): 0.2: .835 (.896)  0.3: .856 (.908)  0.4: .851 (.904);
    #                   with their Roman forms, 0.3: .858 (.909)
    # seed-dev recall@1 is 1.0 for all three from the weights chosen here on.
    # Max-normalised BM25 added to the cosine did worse for zh at every weight (.796 at 0.05, .69 at 0.1).
    # A Vietnamese query typed without diacritics is far from what the model saw in training (dense
    # recall@1 on XQuAD drops from 0.95 to 0.38), while the lexical side matches it through its
    # diacritic-free tokens: it gets a much larger weight. Session 28 embeds it with its marks put back
    # (songngu.search.marks: dense recall@1 0.38 -> 0.93 on XQuAD dev typed bare) and the weight still did best:
    # xquad-dev-holes typed bare, hybrid recall@1 .989 at 2.0, .987 at 1.0 and 0.5, .979 at 0.3.
    lexical_weight_vi: float = 0.2
    lexical_weight_vi_plain: float = 2.0
    lexical_weight_zh: float = 0.3

    # Other languages (English): 0.3, as for Chinese, the other language that reaches the corpus mostly
    # through the encoder: only a question's names and numbers can match lexically, and the dense side
    # does the work. On the seed corpus, "What is the trade volume between Quang Ninh and Guangxi?" finds
    # a passage with the yearly figure at rank 6 (dense only), 3 at 0.3, 3 at 2.0 (the weight of
    # unaccented Vietnamese, which it got before), where the "Quang" of "Quang cảnh" came first. Session 21, with
    # the English glossary in its lexical side: XQuAD English (xquad-dev-holes, answerable) recall@1 .913 at 0.3,
    # .868 at 0.6, .755 at 1.0.
    lexical_weight_other: float = 0.3

    # The answer's candidate sentences are those of the top passages: the gold sentence is in the top 3
    # for 481 of the 493 answerable xquad-dev-holes questions whose gold is in the top 5 (460 in the first).
    # Session 20, the answer model retrained on 4 and 5 passages' sentences (tools/train_answer_model.py, out of fold
    # on xquad-dev-holes, accuracy all / zh and zh's ece): 3 .777 / .707, .058; 4 .777 / .706, .066; 5 .776 / .707,
    # .084, and seed-dev zh one question lower at 5: more candidates, no more right answers, worse calibrated.
    answer_passages: int = 3
    max_list_sentences: int = 3  # a list question's answer takes up to this many sentences
    # Which sentence answers, how sure to be and when to abstain are the answer model's
    # (``songngu.search.answer_model``): its weights, thresholds and the runner-up's gap are trained data
    # in ``answer_model.json``, with the out-of-fold figures that chose them.

    # The answer span is the number, date or name of the asked type nearest the question's own words
    # (``songngu.search.answer_spans.focus_score``): the words within ``focus_window`` words of it in the
    # same clause count, a word's weight falling as 1 / (1 + distance / ``focus_decay``). Chosen on the
    # seed examples of issue 14 and tests/test_answer.py: a clause of a Vietnamese list sentence runs to
    # 14 words ("lượng khách Việt Nam xuất cảnh mục đích du lịch qua cửa khẩu quốc tế Móng Cái đạt 97.015
    # lượt"), and a window of 8 missed its "xuất cảnh du lịch"; clauses bound the window, so a wider one
    # does not reach the next figure.
    focus_window: int = 12
    focus_decay: float = 3.0
