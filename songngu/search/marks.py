"""A Vietnamese question typed without diacritics, with its marks put back from the corpus's own words.

The encoder reads "Doi thu Panthers da thua bao nhieu diem?" far from the passage that answers it: on
xquad-dev-holes' answerable Vietnamese questions with their marks taken off, the first dense passage is the
right one for 0.44 of them, against 0.97 as typed with marks. The lexical side matches such a question
through its diacritic-free tokens (``~doi_thu``), and the question's vector is what this module mends.

Each bare syllable has a few dozen marked forms ("doi": doi, đôi, đội, đời, ...; tone on the canonical vowel,
``songngu.index.normalize``). Those the index never holds are dropped, and of the rest the sequence whose
adjacent pairs the index holds most is chosen (a Viterbi pass over the words: the log document frequency of
each word, plus twice that of each pair written with only spaces between, as the analyser forms its bigrams).
A word the index does not hold in any marked form stays as typed, and so do names and foreign words.

The asking words are rare in news text ("bao nhiêu", "ở đâu", "là gì"): they count as held in every passage, and
so do the commonest function words (có, là, của, được, ...).

Session 28, the 379 answerable Vietnamese questions of xquad-dev-holes with their marks taken off, over its
72 paragraphs (a small vocabulary: a larger corpus holds more of a question's words): 0.96 of the words come back
as typed with marks (0.91 with pairs weighing twice a word and no function words counted as everywhere); the
first dense passage is right for 0.44 -> 0.95 of them (with their marks: 0.97), the first hybrid one for 0.976
-> 0.989 (0.987), the lexical side matching the bare question as before. XQuAD dev's 632 typed so, recall@1
hybrid 0.953 -> 0.968 (with marks 0.970), dense 0.38 -> 0.91. The vector of the question with its marks put
back did better alone than summed with the bare one's (dense 0.91, hybrid 0.984 on the first set), and the
whole question read with them (its lexical side and answer too) did worse on the seed questions of tests/data.
"""

import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence

from songngu.index.normalize import fold_tone_marks, strip_diacritics

_LETTER_FORMS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "d": "dđ"}
_TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_LONGEST_SYLLABLE = 7  # "nghiêng", "nghiệng"
_PAIR_WEIGHT = 4.0
# The asking words and pairs news text seldom has, and the function words every question has, as the lexical
# side keys them: a small corpus may hold "cơ" (cơ hội) more often than "có", or "ký" more than "kỷ" (kỷ niệm).
_COMMON = ("gì", "bao_nhiêu", "bao_giờ", "khi_nào", "thế_nào", "tại_sao", "vì_sao", "ở_đâu", "đi_đâu", "từ_đâu",
           "là_gì", "là_ai", "nơi_nào", "năm_nào", "ngày_nào", "người_nào", "những_gì", "cái_gì", "điều_gì",
           "có", "là", "của", "và", "được", "các", "những", "trong", "cho", "với", "từ", "đến", "tại", "về", "theo",
           "này", "đó", "không", "đã", "sẽ", "đang", "người")
_COMMON_SYLLABLES = frozenset(syllable for pair in _COMMON for syllable in pair.split("_"))
# Words as the analyser reads them; a number has no marks to restore but pairs with its neighbours ("năm 2024").
_WORD = re.compile(r"[A-Za-z]+|\d+(?:[.,/]\d+)*")


def marked_forms(bare: str) -> list[str]:
    """Every form of the lower-case ASCII syllable ``bare`` with Vietnamese marks, ``bare`` first, the tone
    mark on the canonical vowel; just ``bare`` for a number or a word too long to be one syllable."""
    if len(bare) > _LONGEST_SYLLABLE or not bare.isalpha():
        return [bare]
    forms = []
    for letters in itertools.product(*(_LETTER_FORMS.get(letter, letter) for letter in bare)):
        base = "".join(letters)
        forms.append(base)
        vowel = next((i for i, letter in enumerate(base) if letter in _VOWELS), None)
        if vowel is not None:
            forms += (fold_tone_marks(unicodedata.normalize("NFC", base[:vowel + 1] + tone) + base[vowel + 1:])
                      for tone in _TONES)
    return list(dict.fromkeys(forms))


def with_marks(text: str, frequencies: Callable[[Sequence[str]], dict[str, int]], passages: int) -> str:
    """``text`` with the Vietnamese marks its bare words most likely carry in the index, unchanged when it has
    marks already. ``frequencies`` gives the index's document frequencies of lexical tokens
    (``IndexReader.document_frequencies``), ``passages`` its number of passages (the asking words' count).

    The result differs from ``text`` only in marks: ``strip_diacritics`` of it is ``text``, as long."""
    if strip_diacritics(text) != text:
        return text
    words = list(_WORD.finditer(text))
    if not words:
        return text
    candidates = [marked_forms(word.group().lower()) for word in words]
    # a syllable of a common pair is a candidate ("nhiêu" of "bao nhiêu"); the pair, not its own count, chooses it
    held = {**dict.fromkeys(_COMMON_SYLLABLES, 1), **frequencies([form for forms in candidates for form in forms]),
            **dict.fromkeys(_COMMON, passages)}
    candidates = [[form for form in forms if form in held] or forms[:1] for forms in candidates]
    joined = [text[a.end():b.start()].isspace() for a, b in itertools.pairwise(words)]
    pairs = [f"{x}_{y}" for i, together in enumerate(joined) if together
             for x in candidates[i] for y in candidates[i + 1]]
    held = {**frequencies(pairs), **held}  # a common pair counts as in every passage, whatever the index says
    chosen = _best_sequence(candidates, joined, held)
    pieces, last = [], 0
    for word, form in zip(words, chosen, strict=True):
        pieces += (text[last:word.start()], _in_case_of(word.group(), form))
        last = word.end()
    return "".join(pieces) + text[last:]


def _best_sequence(candidates: list[list[str]], joined: list[bool], held: dict[str, int]) -> list[str]:
    """The form of each word whose sequence scores best: log(1 + document frequency) of each form, and
    ``_PAIR_WEIGHT`` times that of each pair of ``joined`` neighbours. The first best on a tie."""
    def weight(token: str) -> float:
        return math.log1p(held.get(token, 0))

    paths = {form: (weight(form), [form]) for form in candidates[0]}
    for i, forms in enumerate(candidates[1:]):
        layer = {}
        for form in forms:
            score, path = max(((score + (_PAIR_WEIGHT * weight(f"{last}_{form}") if joined[i] else 0.0), path)
                               for last, (score, path) in paths.items()), key=lambda scored: scored[0])
            layer[form] = (score + weight(form), [*path, form])
        paths = layer
    return max(paths.values(), key=lambda scored: scored[0])[1]


def _in_case_of(typed: str, form: str) -> str:
    """``form`` with the capitals of ``typed``, letter by letter (both are one character a letter in NFC)."""
    return "".join(mark.upper() if letter.isupper() else mark for letter, mark in zip(typed, form, strict=True))
