"""A Vietnamese question typed without diacritics, with its marks put back from the corpus's own words.

The encoder reads "Doi thu Panthers da thua bao nhieu diem?" far from the passage that answers it: on
xquad-dev-holes' answerable Vietnamese questions with their marks taken off, the first dense passage is the
right one for 0.44 of them, against 0.97 as typed with marks. The lexical side matches such a question
through its diacritic-free tokens (``~doi_thu``), and the question's vector is what this module mends.

Each bare syllable has dozens of marked forms, a few hundred at most ("doi": doi, đôi, đội, đời, ...; tone on the
canonical vowel, ``songngu.index.normalize``). Those the index never holds are dropped, and of the rest the
sequence whose adjacent pairs the index holds most is chosen (a Viterbi pass over the words: the log document
frequency of each word, plus four times that of each pair written with only spaces between, as the analyser forms
its bigrams). A word no Vietnamese syllable is spelled as ("Panthers", "U23") stays as typed, and so does one the
index holds in no marked form; a foreign word spelled like a syllable ("long", "to") may get marks the index holds.

The asking words are rare in news text ("bao nhiêu", "ở đâu", "là gì"): they count as held in every passage, and
so do the commonest function words (có, là, của, được, ...).

Session 28, the 379 answerable Vietnamese questions of xquad-dev-holes with their marks taken off, over its
72 paragraphs (a small vocabulary: a larger corpus holds more of a question's words): 0.96 of the words come back
as typed with marks (0.91 with pairs weighing twice a word and no function words counted as everywhere); the
first dense passage is right for 0.44 -> 0.95 of them (with their marks: 0.97), the first hybrid one for 0.976
-> 0.989 (0.987), the lexical side matching the bare question as before. XQuAD dev's 632 typed so, recall@1
hybrid 0.951 -> 0.968 (with marks 0.970), dense 0.38 -> 0.93. The vector of the question with its marks put
back did better alone than summed with the bare one's (dense 0.91, hybrid 0.984 on the first set), and the
whole question read with them (its lexical side and answer too) did worse on the seed questions of tests/data.
"""

import functools
import itertools
import math
import unicodedata
from collections.abc import Callable, Sequence

from songngu.index.analysis import SCAN
from songngu.index.normalize import TONE_MARKS, VOWELS, fold_tone_marks, strip_diacritics
from songngu.search.language import is_vietnamese_syllable

_LETTER_FORMS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "d": "dđ"}
_TONES = tuple(sorted(TONE_MARKS))
_PAIR_WEIGHT = 4.0
# The encoder reads at most a question's first 128 tokens (songngu.search.retrieve): no later word is read, and the
# index is asked about at most this many words' forms (a syllable has up to 324: "đoạo"), and a word's best forms
# (by document frequency) pair with its neighbour's.
_MOST_WORDS = 100
_MOST_FORMS = 8
# The asking words and pairs news text seldom has, and the function words every question has, as the lexical
# side keys them: a small corpus may hold "cơ" (cơ hội) more often than "có", or "ký" more than "kỷ" (kỷ niệm).
_COMMON = ("gì", "bao_nhiêu", "bao_giờ", "khi_nào", "thế_nào", "tại_sao", "vì_sao", "ở_đâu", "đi_đâu", "từ_đâu",
           "là_gì", "là_ai", "nơi_nào", "năm_nào", "ngày_nào", "người_nào", "những_gì", "cái_gì", "điều_gì",
           "có", "là", "của", "và", "được", "các", "những", "trong", "cho", "với", "từ", "đến", "tại", "về", "theo",
           "này", "đó", "không", "đã", "sẽ", "đang", "người")
_COMMON_SYLLABLES = frozenset(syllable for pair in _COMMON for syllable in pair.split("_"))


@functools.lru_cache(maxsize=4096)
def marked_forms(bare: str) -> tuple[str, ...]:
    """Every form of the lower-case ASCII syllable ``bare`` with Vietnamese marks, ``bare`` first, the tone
    mark on the canonical vowel; just ``bare`` for a word no Vietnamese syllable is spelled as (a number, a
    name such as "Panthers", "covid19")."""
    if not (bare.isascii() and bare.isalpha() and is_vietnamese_syllable(bare)):
        return (bare,)
    forms = []
    for letters in itertools.product(*(_LETTER_FORMS.get(letter, letter) for letter in bare)):
        base = "".join(letters)
        forms.append(base)
        vowel = next((i for i, letter in enumerate(base) if letter in VOWELS), None)
        if vowel is not None:
            forms += (fold_tone_marks(unicodedata.normalize("NFC", base[:vowel + 1] + tone) + base[vowel + 1:])
                      for tone in _TONES)
    return tuple(dict.fromkeys(forms))


def with_marks(text: str, frequencies: Callable[[Sequence[str]], dict[str, int]], passages: int) -> str:
    """``text`` with the Vietnamese marks its bare words most likely carry in the index; unchanged when it has
    Latin marks already (Vietnamese ones, or those of a name such as "Zürich"). ``frequencies`` gives the index's
    document frequencies of lexical tokens (``IndexReader.document_frequencies``), ``passages`` its number of
    passages (the common words' count).

    The result differs from ``text`` only in marks: ``strip_diacritics`` of it is ``text``, as long."""
    if strip_diacritics(text) != text:
        return text
    # words as the analyser reads them; two with nothing or only spaces between are a pair ("năm 2024", "3,5ha")
    words = list(itertools.islice((found for found in SCAN.finditer(text) if found.lastgroup == "word"), _MOST_WORDS))
    if not words:
        return text
    candidates = [marked_forms(word.group().lower()) for word in words]
    # a syllable of a common pair is a candidate ("nhiêu" of "bao nhiêu"); the pair, not its own count, chooses it
    held = {**dict.fromkeys(_COMMON_SYLLABLES, 1), **frequencies([form for forms in candidates for form in forms]),
            **dict.fromkeys(_COMMON, passages)}
    candidates = [sorted((form for form in forms if form in held), key=lambda form: -held[form])[:_MOST_FORMS]
                  or list(forms[:1]) for forms in candidates]
    joined = [not text[a.end():b.start()].strip() for a, b in itertools.pairwise(words)]
    pairs = [f"{x}_{y}" for i, together in enumerate(joined) if together
             for x in candidates[i] for y in candidates[i + 1]]
    if pairs:
        held = {**frequencies(pairs), **held}  # a common pair counts as in every passage, whatever the index says
    chosen = _best_sequence(candidates, joined, held)
    pieces, last = [], 0
    for word, form in zip(words, chosen, strict=True):
        typed = word.group()
        pieces += (text[last:word.start()], typed if form == typed.lower() else _in_case_of(typed, form))
        last = word.end()
    return "".join(pieces) + text[last:]


def _best_sequence(candidates: list[list[str]], joined: list[bool], held: dict[str, int]) -> list[str]:
    """The form of each word whose sequence scores best: log(1 + document frequency) of each form, and
    ``_PAIR_WEIGHT`` times that of each pair of ``joined`` neighbours. The first best on a tie."""
    def weight(token: str) -> float:
        return math.log1p(held.get(token, 0))

    scores = [weight(form) for form in candidates[0]]
    back: list[list[int]] = []  # for each later word's forms, the best form of the word before
    for before, forms, together in zip(candidates[:-1], candidates[1:], joined, strict=True):
        reached = [[score + (_PAIR_WEIGHT * weight(f"{last}_{form}") if together else 0.0)
                    for last, score in zip(before, scores, strict=True)] for form in forms]
        back.append([max(range(len(row)), key=row.__getitem__) for row in reached])
        scores = [row[j] + weight(form) for row, j, form in zip(reached, back[-1], forms, strict=True)]
    path = [max(range(len(scores)), key=scores.__getitem__)]
    for steps in reversed(back):
        path.append(steps[path[-1]])
    return [forms[j] for forms, j in zip(candidates, reversed(path), strict=True)]


def _in_case_of(typed: str, form: str) -> str:
    """``form`` with the capitals of ``typed``, letter by letter (``typed`` is ASCII, and ``form`` has one character
    a letter of it in NFC)."""
    return "".join(mark.upper() if letter.isupper() else mark for letter, mark in zip(typed, form, strict=True))
