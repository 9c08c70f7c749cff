"""Names found in text: the glossary's countries in any of their forms (Vietnamese with or without marks, Chinese,
English), and ``Names``, the scanner the near-miss tests (``songngu.search.near_miss``) and the span choice
(``songngu.search.answer_spans``) read places and countries with."""

import re
from collections.abc import Callable, Collection

from songngu.index.glossary import COUNTRIES
from songngu.index.normalize import fold_tone_marks, strip_diacritics


class Names:
    """Names found in a text by a pattern each, scanned only where a literal piece of the name (a needle)
    occurs: a substring test per name, a regular expression for the few present (the answer step's time: all
    the patterns over a passage cost 5 ms, the tests 0.1)."""

    def __init__(self, named: list[tuple[str, list[str], str]], flags: int = 0) -> None:
        self.folded = bool(flags & re.I)
        self.items = [(name, [n.casefold() if self.folded else n for n in needles], re.compile(pattern, flags))
                      for name, needles, pattern in named]

    def mentions(self, text: str, keep: Callable[[str, re.Match], bool] | None = None,
                 only: Collection[str] | None = None) -> dict[str, str]:
        """Name -> the first words of ``text`` that name it (and that ``keep`` keeps; of the names ``only``)."""
        haystack = text.casefold() if self.folded else text
        found = {}
        for name, needles, pattern in self.items:
            if (only is None or name in only) and any(needle in haystack for needle in needles):
                match = next((m for m in pattern.finditer(text) if keep is None or keep(text, m)), None)
                if match:
                    found[name] = match.group(0)
        return found


def literals(forms: str) -> list[str]:
    """The literal start of each form of ``forms`` ("Hoa Kỳ|Mỹ(?-i:...)" -> ["Hoa Kỳ", "Mỹ"])."""
    return [re.split(r"[\\(\[?*+{]", form)[0] for form in forms.split("|")]


_WORD_BEFORE = re.compile(r"(\w+)\s+$")
COUNTRY_NAMES = [re.match(r"\w+(?: \w+)*", vi).group(0) for vi, _, _ in COUNTRIES]
_COUNTRIES = (
    Names([(name, literals(fold_tone_marks(vi)), rf"(?<!\w)(?:{fold_tone_marks(vi)})(?!\w)")
           for name, (vi, _, _) in zip(COUNTRY_NAMES, COUNTRIES, strict=True)]),
    Names([(name, literals(strip_diacritics(vi)), rf"(?<!\w)(?:{strip_diacritics(vi)})(?!\w)")
           for name, (vi, _, _) in zip(COUNTRY_NAMES, COUNTRIES, strict=True)], re.I),
    Names([(name, literals(zh) + literals(en), rf"(?:{zh})|(?<![A-Za-z])(?:{en})(?![a-z])")
           for name, (_, zh, en) in zip(COUNTRY_NAMES, COUNTRIES, strict=True)]),
)
# Forms of address before a given name: "bà Nga" is a woman, "khách Nga" Russians.
_ADDRESS = frozenset("ông bà anh chị em cô chú bác cháu con ong ba chi co chu bac chau".split())


def countries_in(text: str, bare: bool = False) -> set[str]:
    """The countries of the glossary's ``COUNTRIES`` that ``text`` names (``bare``: it is Vietnamese typed
    without diacritics)."""
    return set(country_mentions(text, bare))


def country_mentions(text: str, bare: bool = False) -> dict[str, str]:
    """Country (its first Vietnamese form) -> the words that name it in ``text``."""
    accented, unaccented, other = _COUNTRIES
    found = other.mentions(text)
    if bare:
        found = unaccented.mentions(text, _names_a_country) | found
    return accented.mentions(fold_tone_marks(text), _names_a_country) | found


def _names_a_country(text: str, match: re.Match) -> bool:
    """Whether a country name of one word (Pháp, Mỹ, Nga) names the country there: after a lower-case word that
    is no form of address ("khách Pháp", "nước Mỹ"; not "bà Nga"), not opening a sentence ("Pháp lệnh") nor
    ending a person's name ("Nguyễn Thị Mỹ"). A name of two words or more always does."""
    if " " in match.group(0):
        return True
    before = _WORD_BEFORE.search(text, 0, match.start())
    return before is not None and before.group(1)[0].islower() and before.group(1).casefold() not in _ADDRESS
