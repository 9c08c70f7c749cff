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
    # diacritic-free tokens: it gets a much larger weight.
    lexical_weight_vi: float = 0.2
    lexical_weight_vi_plain: float = 2.0
    lexical_weight_zh: float = 0.3
    # Other languages (English): 0.3, as for Chinese, the other language that reaches the corpus mostly
    # through the encoder: only a question's names and numbers can match lexically, and the dense side
    # does the work. On the seed corpus, "What is the trade volume between Quang Ninh and Guangxi?" finds
    # a passage with the yearly figure at rank 6 (dense only), 3 at 0.3, 3 at 2.0 (the weight of
    # unaccented Vietnamese, which it got before), where the "Quang" of "Quang cảnh" came first.
    lexical_weight_other: float = 0.3

    answer_passages: int = 3  # the answer's sentences come from the top passages
    max_list_sentences: int = 3
    list_margin: float = 0.05  # a list answer takes the sentences scoring within this of the best
    # A one-item answer adds the runner-up sentence when it scores within this of the best: the two are
    # then too close to tell apart, and the answer may take one or two sentences. answer_hit by margin
    # (XQuAD dev, before the common-word bridge; zh abstaining below 0.26):
    #   margin   0 (one sentence): vi .802 zh .630   0.01: .813 .661   0.02: .826 .672   0.03: .843 .679
    #            0.05: .861 .693, but then most zh answers are two sentences (373 of 555 vs 262 at 0.03).
    second_sentence_margin: float = 0.03

    # Weights of the sentence score, chosen on seed-dev and XQuAD dev answer_hit (xq vi/zh, seed vi/zh):
    # coverage 0.4, rank 0.04: .804/.663, 1.0/.714; coverage 0.6: .799/.657; a question-type cue bonus
    # of 0.03 lowered zh (.647, seed zh .571), so cues mark the answer span but do not pick the sentence.
    sentence_cosine_weight: float = 1.0
    sentence_coverage_weight: float = 0.4
    sentence_rank_weight: float = 0.04

    # Abstention thresholds on ``songngu.search.answer.confidence_of``, for a best sentence in the
    # question's language ("same") or in the other one ("cross"), chosen so dev off-topic and
    # unanswerable questions fall below while few XQuAD answerable ones do: Vietnamese questions on
    # Vietnamese text 0.45 (1.4 % below), Chinese questions on Vietnamese text 0.26 (about 4 %). Across
    # languages cosines are lower (``language_gap``), hence the lower threshold; a Vietnamese question
    # on Chinese text and a Chinese one on Chinese text take the same thresholds by symmetry.
    abstain_below_same: float = 0.45
    abstain_below_cross: float = 0.26
