"""Names: runs of capitalised Latin-script words, and the region's Chinese names with their Vietnamese forms."""

import re
from dataclasses import dataclass
from functools import lru_cache

from songngu.index.cedict import LONGEST_NAME, proper_nouns
from songngu.index.glossary import NAME_PAIRS
from songngu.index.normalize import nfc


@dataclass(frozen=True)
class NameMention:
    """A name as written, and the forms a passage may give it (a glossary name: its Vietnamese form too)."""

    text: str
    start: int
    end: int
    forms: tuple[str, ...]


_LATIN_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")  # Vietnamese's letters among them
# After these, a capital starts a phrase (a clause, a quotation, a list item), not a name.
_PHRASE_OPENERS = frozenset(":;\"“‘(«[-–—•*")


def _capitalised_runs(sentence: str) -> list[list[re.Match]]:
    """Runs of consecutive capitalised Latin words, separated by single spaces."""
    runs: list[list[re.Match]] = []
    for word in _LATIN_WORD.finditer(sentence):
        if not word.group(0)[0].isupper():
            continue
        if runs and sentence[runs[-1][-1].end():word.start()] == " ":
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _opens_phrase(sentence: str, position: int) -> bool:
    before = sentence[:position].rstrip()
    return not before or before[-1] in _PHRASE_OPENERS or before[-1] in ".!?。"


def claimed_names(sentence: str) -> list[NameMention]:
    """The names a generated sentence states: runs of capitalised Latin words, and glossary names in Han.

    A capital that opens the sentence or a phrase (after a colon, a quote, a bracket) may be only that: a
    run starting there has two forms, with and without its first word (``Năm`` of ``Năm 2024`` is not a
    name, ``Quảng Ninh`` opening a sentence is), and a lone word there is not checked.
    """
    found = []
    for run in _capitalised_runs(sentence):
        start, end = run[0].start(), run[-1].end()
        text = sentence[start:end]
        if _opens_phrase(sentence, start):
            if len(run) == 1:
                continue
            found.append(NameMention(text, start, end, (text, sentence[run[1].start():end])))
        else:
            found.append(NameMention(text, start, end, (text,)))
    text = nfc(sentence)
    taken: list[tuple[int, int]] = []
    for vietnamese, chinese in sorted(NAME_PAIRS, key=lambda pair: -len(pair[1])):
        spans = [(s, e) for s, e in han_name_spans(chinese, text) if not any(s < b and a < e for a, b in taken)]
        if spans:  # its first place; 防城港 is not also 防城
            found.append(NameMention(chinese, spans[0][0], spans[0][1], (chinese, vietnamese)))
            taken += spans
    return sorted(found, key=lambda n: n.start)


_GLOSSARY_HAN = frozenset(chinese for _, chinese in NAME_PAIRS)


@lru_cache(maxsize=64)  # a text is read for each glossary name it holds, and a passage for each sentence citing it
def _proper_noun_runs(text: str) -> tuple[tuple[int, int], ...]:
    """The proper nouns of ``text`` (CC-CEDICT's and the glossary's) read left to right, the longest at each position
    first; a character that starts none is passed over."""
    nouns, runs, i = proper_nouns(), [], 0
    while i < len(text):
        for length in range(min(LONGEST_NAME, len(text) - i), 1, -1):
            piece = text[i:i + length]
            if piece in _GLOSSARY_HAN or piece in nouns:
                runs.append((i, i + length))
                i += length
                break
        else:
            i += 1
    return tuple(runs)


def han_name_spans(name: str, text: str) -> list[tuple[int, int]]:
    """Where ``text`` (NFC) writes the Han name ``name`` as a name: not where the proper nouns of
    ``_proper_noun_runs`` read its first characters as the end of one name and its last as the start of another.

    Chinese puts no space between words, so a name is also found inside others: 东兴 (Đông Hưng) inside 广东兴宁
    (Guangdong's Xingning, a probe of session 25). A name cut on one side only is still found (中国 of 在华中国企业,
    where 华中 is read first), at the price of 东兴 in 中东兴起; of the 941 places the glossary's Han names are
    written in the seed questions, the corpus and the dev sets, none is lost.
    """
    found = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
    if not found or (name not in _GLOSSARY_HAN and name not in proper_nouns()):
        return found  # a name neither knows is found as written
    runs = _proper_noun_runs(text)
    return [(s, e) for s, e in found
            if not (any(a < s < b < e for a, b in runs) and any(s < a < e < b for a, b in runs))]


# Family names that open most Vietnamese (and Hán-Việt Chinese) personal names: a run holding one is a
# person's name from there on, and must be found whole (``Nguyễn Văn An`` is not ``Nguyễn`` + ``Văn`` + ``An``).
FAMILY_NAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh Đinh Lưu Khâu Đào Lâm Trương Tạ "
    "Triệu Cao Mai Tô Hà Thái Văn Chu Mạc Tăng Quách Lương Kiều Đoàn Vương Châu".split())


def _occurrences(words: list[str], passage: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, passage, re.I)]


def name_spans(form: str, passage: str) -> list[tuple[int, int]] | None:
    """Where ``passage`` writes the name ``form``: every place it is written whole, else the first place of
    each of its pieces; None when it is not written.

    Whole, case aside. Else in pieces, longest first, each written in the passage (a piece of one word
    written there with its capital): ``Quảng Ninh Trịnh Thị Minh Thanh`` may join two names the passage
    writes apart. A person's name (from a family name on, see ``FAMILY_NAMES``) is never pieced.
    Han forms (a Chinese passage) are found as written.
    """
    if not _LATIN_LETTER.search(form):  # not _LATIN_WORD: its letters are Han too (a probe, session 25: 东兴 was
        # looked for as a word, never found inside 东兴口岸, and every right sentence naming it was refused)
        return han_name_spans(form, nfc(passage)) or None
    words = form.split()
    spans, i = [], 0
    while i < len(words):
        for j in range(len(words), i, -1):
            piece = words[i:j]
            if (i, j) != (0, len(words)) and (any(word in FAMILY_NAMES for word in piece[1:])
                                             or (piece[0] in FAMILY_NAMES and j < len(words))):
                continue  # a person's name only whole, to the end of the run
            found = [(s, e) for s, e in _occurrences(piece, passage) if len(piece) > 1 or passage[s].isupper()]
            if found:
                if (i, j) == (0, len(words)):
                    return found  # whole: every place the passage writes it
                spans.append(found[0])
                i = j
                break
        else:
            return None
    return spans
