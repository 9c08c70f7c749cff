"""A question's vector moved across the encoder's language gap, toward Vietnamese text.

multilingual-e5 puts a question near its translation, but the questions of one language share an
offset: over XQuAD dev's parallel questions the mean Vietnamese question vector and the mean Chinese one
differ by a vector of norm 0.35 (English: 0.31), the same whatever the question asks. Adding half of it
to a Chinese question's vector before comparing it with Vietnamese sentences brings the question nearer
the Vietnamese question it translates, and so the sentence that answers it. Dense top-1 on XQuAD dev's
Vietnamese text, with the offset fitted on the other articles (leave one article out), chunks /
sentences: Chinese questions unmoved 0.736 / 0.723, moved by 0.3 of it 0.752 / 0.761, 0.5 0.758 /
0.777, 0.7 0.758 / 0.777, 1.0 0.745 / 0.775; English questions 0.807 / 0.834, 0.5 0.839 / 0.853, 0.7
0.854 / 0.851. Removing the leading directions of the per-pair difference instead (1 to 16 of them)
did as well, no better; a learned linear map (least squares or orthogonal) over the 632 pairs
overfitted them and did far worse (0.47 at best).

Only sentences are compared with the moved vector: retrieval looks for the nearest sentences with both
vectors and scores a Vietnamese sentence with the moved one, and the answer model reads those cosines.
Chunks keep the question's own vector: whole paragraphs did not gain (0.741 unmoved, 0.729 moved), and
the retrieval score, which mixes a chunk's cosine with its best sentence's, did as well moved for
sentences only and worse moved for both. Out of fold by article on xquad-dev-holes (the answer model
retrained each time; accuracy all / vi / zh, English questions): unmoved .767 / .845 / .688, .699;
sentences moved .778 / .845 / .710, .703; chunks and sentences moved .776 / .840 / .712, .707. XQuAD
dev recall@1 of Chinese questions, hybrid: .858 / .861 / .856; dense alone: .802 / .802 / .798. With
offsets fitted on the other half of the articles only (so that no question's own article shaped its
offset), chunks and sentences moved gave .780 / .848 / .712: the offsets do not carry the questions.

The offsets are data in ``crossing.json`` beside this file, fitted by ``tools/fit_crossing.py`` for one
embedder: another model's vectors are left as they are. A passage in Chinese is compared with the
question's own vector (a Chinese question is already in its language). The moved vector raises every
cosine with Vietnamese text by ``gain`` on average (0.035 on XQuAD dev); ``sentence_cosines`` takes it
off again, so a moved cosine reads on the scale of an unmoved one: the language gap of retrieval
(``SearchSettings.language_gap``) and the answer model's thresholds keep their meaning.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np


@dataclass(frozen=True)
class Crossing:
    vector: np.ndarray  # the question's vector moved toward Vietnamese text
    gain: float  # the mean rise of its cosines with Vietnamese passages


def moved(vector: np.ndarray, offset: np.ndarray, weight: float) -> np.ndarray:
    """``vector`` plus ``weight`` times ``offset``, normalised again."""
    shifted = np.asarray(vector, dtype=np.float64) + weight * np.asarray(offset, dtype=np.float64)
    return (shifted / np.linalg.norm(shifted)).astype(np.float32)


@lru_cache(maxsize=1)
def _fitted() -> dict:
    return json.loads((files("songngu.search") / "crossing.json").read_text(encoding="utf-8"))


def toward_vietnamese(vector: np.ndarray, lang: str, embedder_name: str) -> Crossing | None:
    """The question's vector moved toward Vietnamese text, or None: a Vietnamese question, a language
    or an embedder with no fitted offset."""
    fitted = _fitted()
    entry = fitted["languages"].get(lang) if embedder_name == fitted["embedder"] else None
    if entry is None or lang == "vi":
        return None
    return Crossing(moved(vector, np.array(entry["offset"]), fitted["weight"]), float(entry["gain"]))


def sentence_cosines(vectors: np.ndarray, chinese: Sequence[bool], vector: np.ndarray,
                     crossing: Crossing | None) -> np.ndarray:
    """Cosine of each row of ``vectors`` (stored sentence vectors; ``chinese[i]``: row i is Chinese text)
    with a question's ``vector``, or for a row not in Chinese with its ``crossing`` vector less the mean
    gain, so that every cosine reads on the scale of the question's own."""
    own = vectors @ vector
    if crossing is None:
        return own
    return np.where(np.asarray(chinese, dtype=bool), own, vectors @ crossing.vector - crossing.gain)
