"""Text normalisation shared by the index side and the query side.

Three levels, each a pure function of a string:

- ``nfc``: Unicode NFC. Applied to every text that enters the system; offsets
  are always into NFC text.
- ``fold_tone_marks``: puts each Vietnamese syllable's tone mark on one
  canonical vowel, so ``hoà``/``hòa``, ``thoả``/``thỏa``, ``thuỷ``/``thủy``
  become the same string. Lengths can change only through NFC; the function
  never changes the number of characters of NFC input.
- ``strip_diacritics``: removes tone and vowel marks and maps ``đ`` to ``d``,
  for matching queries typed without diacritics.
"""

import functools
import re
import unicodedata

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_MARKED_VOWELS = frozenset("ăâêôơư")
VOWELS = frozenset("aăâeêioôơuưy")
# Clusters of two vowels with no final consonant whose tone sits on the second
# vowel in the canonical form ("hoà", "khoẻ", "thuỷ").
_SECOND_VOWEL_PAIRS = frozenset({"oa", "oe", "uy"})
_WORD = re.compile(r"\w+")
# Han character ranges (CJK unified ideographs, extension A, compatibility, extensions B-H), as the
# body of a regular-expression character class, and the pattern of a run of Han characters.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
HAN_CHAR = re.compile(f"[{HAN_CLASS}]")
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def _split_tone(syllable: str) -> tuple[str, str]:
    """Return (syllable without tone mark in NFC, the tone mark or '')."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((c for c in decomposed if c in TONE_MARKS), "")
    bare = "".join(c for c in decomposed if c not in TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tone


def _tone_position(bare: str) -> int | None:
    """Index in ``bare`` of the vowel that carries the canonical tone mark."""
    lower = bare.lower()
    start = 0
    if lower.startswith("qu") or (lower.startswith("gi") and len(lower) > 2 and lower[2] in VOWELS):
        start = 2  # the u of qu- and the i of gi- belong to the onset
    vowels = [i for i in range(start, len(lower)) if lower[i] in VOWELS]
    if not vowels:
        vowels = [i for i in range(len(lower)) if lower[i] in VOWELS]
    if not vowels:
        return None
    marked = [i for i in vowels if lower[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if len(vowels) == 1 or vowels[-1] < len(lower) - 1:
        return vowels[-1]  # single vowel, or a final consonant follows
    if len(vowels) == 2:
        pair = lower[vowels[0]] + lower[vowels[1]]
        return vowels[1] if pair in _SECOND_VOWEL_PAIRS else vowels[0]
    return vowels[len(vowels) // 2]


def _fold_syllable(match: re.Match) -> str:
    return _folded(match.group(0))


@functools.lru_cache(maxsize=1 << 16)
def _folded(syllable: str) -> str:
    """``syllable`` with its tone mark on the canonical vowel. Cached: Vietnamese has a few thousand distinct
    syllables, and folding each occurrence anew was a third of indexing 30,000 short documents (bench/)."""
    bare, tone = _split_tone(syllable)
    if not tone:
        return syllable
    position = _tone_position(bare)
    if position is None:
        return syllable
    placed = bare[:position] + unicodedata.normalize("NFC", bare[position] + tone) + bare[position + 1 :]
    return placed if len(placed) == len(syllable) else syllable


def fold_tone_marks(text: str) -> str:
    """Place every syllable's tone mark on its canonical vowel (input must be NFC)."""
    return _WORD.sub(_fold_syllable, text)


def strip_diacritics(text: str) -> str:
    """Remove all Latin combining marks and map đ/Đ to d/D (``Móng Cái`` -> ``Mong Cai``)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    latin_free = "".join(c for c in decomposed if not ("\u0300" <= c <= "\u036f"))
    return unicodedata.normalize("NFC", latin_free)


def lexical_key(text: str) -> str:
    """The form the lexical side compares: NFC, tone marks folded, case folded."""
    return fold_tone_marks(nfc(text)).casefold()


# Vietnamese typed as a chat message: "nhap khau 2024 dat bn" (blind set 27: read as keywords, no answer), "la j",
# "co dc ko", "Móng Cái đón bn khách". Each short form only as a whole word in lower case (as chat types it: "DC",
# "BN 91", "Sở KH&ĐT", "Quỹ BH" are names and codes), not after a figure ("500 j"), spelt out with marks when the text
# has them; "tq" and "vn" in any case. Not "k" (a thousand: "10k"), nor "kh" (as often "khách" as "không").
_CHAT_FORMS = {"bn": "bao nhiêu", "bnh": "bao nhiêu", "bnhieu": "bao nhiêu", "j": "gì", "ko": "không", "hok": "không",
               "dc": "được", "đc": "được", "bh": "bao giờ", "bjo": "bao giờ", "ntn": "như thế nào"}
_ANY_CASE_FORMS = {"tq": "Trung Quốc", "vn": "Việt Nam"}
_CHAT_FORM = re.compile(r"(?<![\w.,/&+-])(?<!\d\s)(?:(?:" + "|".join(sorted(_CHAT_FORMS, key=len, reverse=True))
                        + r")|(?i:" + "|".join(_ANY_CASE_FORMS) + r"))(?![\w/&+-]|[.,]\w|\.\s+[A-Z])")


def spelled_out(text: str) -> str:
    """Vietnamese ``text`` with the short forms of chat spelt out ("bn" -> "bao nhiêu", "ko" -> "không"), without
    marks when it is typed without them."""
    bare = strip_diacritics(text) == text
    forms = {**_CHAT_FORMS, **_ANY_CASE_FORMS}
    return _CHAT_FORM.sub(lambda found: (strip_diacritics if bare else str)(forms[found.group(0).casefold()]), text)
