"""Language of a short query: the script decides CJK, Vietnamese phonotactics and langdetect decide Latin.

langdetect alone is unreliable on queries: it calls ``北仑河三桥什么时候建？`` Korean and
``cua khau mong cai o dau`` Indonesian. So the text is first split into runs of letters by script:

- Han characters with no kana or Hangul are Chinese when they are a real share of the query, so a Chinese
  question naming ``Quảng Ninh`` or ``RCEP`` stays Chinese while a Vietnamese sentence quoting ``(东兴)``
  stays Vietnamese. Kana means Japanese, Hangul means Korean.
- Latin words are checked against Vietnamese syllable structure (every Vietnamese word is one syllable
  with a fixed onset/rhyme inventory and no f, j, w, z). Mostly-valid syllables plus Vietnamese-only
  letters (ă, đ, ơ, ư, ạ, ả ...) or common unaccented syllables (``khau``, ``nhieu``) mean Vietnamese;
  anything else goes to langdetect with a fixed seed.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from songngu.index.glossary import english_glossary_matches
from songngu.index.normalize import HAN_CHAR, TONE_MARKS, nfc, strip_diacritics

UNDETERMINED = "und"

# Han share of the query's units (Han characters + words in other scripts) above which it is Chinese.
_ZH_SHARE = 0.5
# Lower share that suffices when the Han part has Chinese grammar (particles, question words), which a
# Chinese name quoted inside a Vietnamese or English sentence does not.
_ZH_SHARE_WITH_GRAMMAR = 0.3
_ZH_QUESTION_CHARS = "哪什么麼吗嗎呢吧几幾谁誰怎多少"
_ZH_FUNCTION_CHARS = "的是在了有为為和与與对對从從到这這那个個些里裡裏还還能会會可以要"
_ZH_GRAMMAR = frozenset(_ZH_QUESTION_CHARS + _ZH_FUNCTION_CHARS)
# Same idea for kana/Hangul, which only need to be a share of the query, not all of it.
_JA_KO_SHARE = 0.4

# Latin text is Vietnamese when its words add up to at least this much evidence (see ``_word_evidence``)
# and at most this share of them cannot be Vietnamese syllables.
_VI_MIN_EVIDENCE = 2
_VI_MAX_FOREIGN_SHARE = 0.5
# Share of English-only function words above which short Latin text is English: langdetect calls
# "Trade volume between Guangxi and Vietnam" Dutch.
_EN_SHARE = 0.1

# Share of words of the English glossary (``songngu.index.glossary.ENGLISH_COMMON_WORDS``) above which short
# Latin text with no English function word is English, unless it has a function word of another language.
_EN_GLOSSARY_SHARE = 1 / 3
_OTHER_CUES = frozenset(
    """
    de del des du la le les el los las un une una und der die das den dem zwischen von mit im et ou est en y o
    il di da do dos para por con per che och og het een van zu auf
    """.split()
)
_VI_VOWELS = "aăâeêioôơuưy"
_VI_LETTERS = frozenset(
    "bcdđghklmnpqrstvx"
    + _VI_VOWELS
    + "".join(unicodedata.normalize("NFC", vowel + tone) for vowel in _VI_VOWELS for tone in TONE_MARKS)
)
# Accented letters that French, Spanish, Portuguese or Italian use as well; every other accented letter
# of the Vietnamese alphabet is evidence for Vietnamese on its own.
_SHARED_ACCENTED = frozenset("àáâãèéêìíòóôõùúý")
_VI_ONLY_LETTERS = frozenset(c for c in _VI_LETTERS if not c.isascii()) - _SHARED_ACCENTED

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_RHYMES = (
    "a e i o u y ai ao au ay eo eu ia iu oa oe oi ua ue ui uo uu uy "
    "ieu yeu oai oay oao oeo uoi uou uay uya uyu "
    "ac ach am an ang anh ap at ec ech em en eng enh ep et ic ich im in inh ip it "
    "oc om on ong op ot ooc oong uc um un ung up ut "
    "iec iem ien ieng iep iet yem yen yet "
    "oac oach oam oan oang oanh oap oat oec oen oet "
    "uoc uom uon uong uop uot uych uynh uyt uyen uyet uan uat uang uenh uech ych ynh yt"
)
_SYLLABLE = re.compile(f"{_ONSET}(?:{'|'.join(sorted(_RHYMES.split(), key=len, reverse=True))})")

# Frequent Vietnamese syllables as typed without diacritics.
_VI_CUES = frozenset(
    """
    ai anh ba bac bai bao ben bien bieu bo bong cac cach cai cam cang cao chau chi chien chinh cho choi chu
    chua chuc chung co cong cu cua cuoc da dai dan dang dao dau den di dia dich dien dinh doanh doi don dong
    du duc dung duoc duong gi gia giao gio gioi giua ha hai hanh hay hien hoa hoac hoc hoi hong hop hom hung
    huong huu huyen khach khau khi khoa khong khu kim kinh la lai lam lang lich lien loai loi luan luc luong
    mat mai may minh moi mon mot mua muoi nam nao nay nen nghe nghiep nghin ngach ngan ngay nghia ngoai
    ngon nguoi nhan nhap nhat nhieu nhu nhung noi nuoc o ong phai phat pho phong phu quan quang qua quoc
    ra rat rieng sach san sao sat se sinh song su tac tai tau tay te thang thanh thi thien thoi thong thu
    thuoc thuong tich tien tieng tim tinh toan toi tong tra tran tren trieu trinh trong truong tu tuyen
    van va vao ve viec vien viet vinh vo voi vu xa xay xe xuat xuong
    """.split()
)
# Valid Vietnamese syllables that are also everyday English words: no evidence either way.
_AMBIGUOUS_WITH_ENGLISH = frozenset(
    """
    a an at be bit but by can cut day do get go he hit hot i in it long lot man map may me my no not on
    pen put run say so sun ten than that the them then thin tip to top up yet
    """.split()
)
# English function words that Dutch, German, French and the other Latin-script languages do not share.
_EN_CUES = frozenset(
    """
    about and are been between can could did does for from has have how into is it many much not of
    should that the their there these they this those to what when where which who whom whose why with
    would you your
    """.split()
)
# English function words that open an English question or phrase, but not the Vietnamese syllables among them:
# "Can" and "To" open Cần Thơ and Tô Lịch typed bare.
_EN_OPENERS = _EN_CUES - _AMBIGUOUS_WITH_ENGLISH

_KANA_RANGES = ((0x3040, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
_HANGUL_RANGES = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF))


@dataclass(frozen=True)
class ScriptRuns:
    """Letters of a text grouped by script; digits, punctuation and spaces are dropped.

    ``han`` and ``kana`` count characters (Chinese and Japanese do not separate words); ``hangul``,
    ``latin`` and ``other`` are words, Korean being written with spaces. ``latin`` holds the words
    themselves, in NFC with their case kept (langdetect uses capitals).
    """

    han: str
    kana: int
    hangul: int
    latin: tuple[str, ...]
    other: int

    @property
    def units(self) -> int:
        """Han and kana characters plus words in every other script: roughly, syllables or words."""
        return len(self.han) + self.kana + self.hangul + len(self.latin) + self.other


def _in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _script(char: str) -> str | None:
    """Script of one character: han, kana, hangul, latin, other; mark if combining; None otherwise."""
    if unicodedata.category(char) in ("Mn", "Mc"):
        return "mark"
    if not char.isalpha():
        return None
    if HAN_CHAR.match(char):
        return "han"
    if _in_ranges(char, _KANA_RANGES):
        return "kana"
    if _in_ranges(char, _HANGUL_RANGES):
        return "hangul"
    if "LATIN" in unicodedata.name(char, ""):
        return "latin"
    return "other"


def _letter_runs(text: str) -> list[tuple[str, str]]:
    """Maximal runs of letters of one script as (script, run); combining marks join the run before."""
    runs: list[tuple[str, str]] = []
    previous = None
    for char in text:
        script = _script(char)
        if script == "mark":
            script = previous
        if script is not None and script == previous:
            runs[-1] = (script, runs[-1][1] + char)
        elif script is not None:
            runs.append((script, char))
        previous = script
    return runs


def script_runs(text: str) -> ScriptRuns:
    """Group the letters of ``text`` (any normalisation form) by script; see ``ScriptRuns``."""
    runs = _letter_runs(nfc(text))
    return ScriptRuns(
        han="".join(run for script, run in runs if script == "han"),
        kana=sum(len(run) for script, run in runs if script == "kana"),
        hangul=sum(1 for script, _ in runs if script == "hangul"),
        latin=tuple(run for script, run in runs if script == "latin"),
        other=sum(1 for script, _ in runs if script == "other"),
    )


def _is_chinese(runs: ScriptRuns) -> bool:
    han_share = len(runs.han) / runs.units
    has_grammar = len(runs.han) >= 2 and any(char in _ZH_GRAMMAR for char in runs.han)
    return han_share >= _ZH_SHARE or (has_grammar and han_share >= _ZH_SHARE_WITH_GRAMMAR)


def is_vietnamese_syllable(word: str) -> bool:
    """True if the lower-case NFC ``word`` is spelled like one Vietnamese syllable, with or without marks."""
    if not all(char in _VI_LETTERS for char in word):
        return False
    return _SYLLABLE.fullmatch(strip_diacritics(word)) is not None


def _word_evidence(word: str) -> int:
    """Evidence that the NFC Latin ``word`` is Vietnamese: positive for, negative against.

    Weights are rough log-odds: a word that breaks Vietnamese spelling (``capital``, ``world``) counts
    against; a letter only Vietnamese uses (ă, đ, ơ, ư, ạ, ả ...) counts most; a frequent unaccented
    syllable (``khau``, ``nhieu``) counts more than any other valid syllable. Acronyms (``ASEAN``,
    ``clb``, ``km``) and syllables that are also English words (``to``, ``can``) count nothing.
    """
    lower = word.lower()
    if not is_vietnamese_syllable(lower):
        is_acronym = word.isupper() or not any(char in "aeiouy" for char in strip_diacritics(lower))
        return 0 if is_acronym else -2
    if any(char in _VI_ONLY_LETTERS for char in lower):
        return 3
    if not lower.isascii() or lower in _VI_CUES:
        return 2
    return 0 if lower in _AMBIGUOUS_WITH_ENGLISH else 1


def _looks_vietnamese(words: tuple[str, ...]) -> bool:
    evidence = [_word_evidence(word) for word in words]
    # Capitalised words after the first are names, for or against nothing, when the rest of the text says which
    # language frames them: foreign names in text spelled as only Vietnamese is ("Tesla Electric Light &
    # Manufacturing đã làm gì?" was read as English), Vietnamese names after an English question word ("Where did
    # Nguyễn Xuân Ký go?" was read as Vietnamese).
    # The letter only Vietnamese uses must be in a word that is no name itself: "Hạ Long Bay Cruise Price" is English.
    if any(char in _VI_ONLY_LETTERS for word in words if not word[:1].isupper() for char in word):
        evidence = [0 if score < 0 and i and word[:1].isupper() else score
                    for i, (word, score) in enumerate(zip(words, evidence, strict=True))]
    if words[0].lower() in _EN_OPENERS:
        evidence = [0 if score > 0 and i and word[:1].isupper() else score
                    for i, (word, score) in enumerate(zip(words, evidence, strict=True))]
    foreign_share = sum(score < 0 for score in evidence) / len(words)
    return sum(evidence) >= _VI_MIN_EVIDENCE and foreign_share <= _VI_MAX_FOREIGN_SHARE


def _looks_english(words: tuple[str, ...]) -> bool:
    """English function words, or else English news words (the glossary's: "trade volume Quang Ninh", "mayor
    Fangchenggang", which langdetect reads as Portuguese and Tagalog) and no function word of another language."""
    lowered = [word.lower() for word in words]
    if sum(word in _EN_CUES for word in lowered) / len(words) >= _EN_SHARE:
        return True
    text = " ".join(words)
    spans = english_glossary_matches(text, names=False)
    glossed = [m for m in re.finditer(r"\S+", text) if any(start <= m.start() < end for start, end, _ in spans)]
    return len(glossed) / len(words) >= _EN_GLOSSARY_SHARE and not _OTHER_CUES & set(lowered)


@functools.lru_cache(maxsize=1)
def _detector_factory() -> DetectorFactory:
    """langdetect's profiles, loaded once on first use, in a factory of our own with a fixed seed.

    langdetect samples n-grams at random; the seed makes the same text always get the same answer.
    Seeding our own factory leaves langdetect's module-level factory untouched.
    """
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def _langdetect(text: str) -> str:
    """langdetect's best guess as an ISO 639-1 code (``zh-cn``/``zh-tw`` become ``zh``)."""
    detector = _detector_factory().create()
    detector.append(text)
    try:
        code = detector.detect()
    except LangDetectException:
        # Raised only when no letter of the text is in langdetect's n-gram alphabet.
        return UNDETERMINED
    return code.split("-")[0]


def _latin_language(words: tuple[str, ...]) -> str:
    if _looks_vietnamese(words):
        return "vi"
    if _looks_english(words):
        return "en"
    guess = _langdetect(" ".join(words))
    foreign = [word for word in words if not is_vietnamese_syllable(word.lower())]
    if guess == "vi" and len(foreign) / len(words) >= _VI_MAX_FOREIGN_SHARE:
        # langdetect reads a Vietnamese place name as Vietnamese; the words around it decide.
        return _langdetect(" ".join(foreign))
    return guess


# HTML tags pasted with a question ("<b>là</b>") are markup, not words: their English names (img, src, alert)
# outvoted a short Vietnamese question ("<img src=x onerror=alert(1)> Hạ Long <b>là</b> gì?" read as Catalan).
_MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,200}>")


def detect_language(text: str) -> str:
    """Language of ``text`` as an ISO 639-1 code ("vi", "zh", "en", ...), or "und" if it has no letters.

    Simplified and Traditional Chinese are both "zh". Deterministic: the same text always gets the same
    code. langdetect's profiles are loaded on the first call that needs them (about half a second).
    """
    # Full-width Latin letters and digits (Ｍóｎｇ Ｃáｉ, typed with a Chinese input method) read as the letters they
    # are, as the analysers read them: langdetect called "Ｍóｎｇ Ｃáｉ？" Hungarian (a probe, session 24).
    text = unicodedata.normalize("NFKC", text)
    runs = script_runs(_MARKUP.sub(" ", text))
    if runs.units == 0:
        return UNDETERMINED
    if runs.kana and (runs.kana + len(runs.han)) / runs.units >= _JA_KO_SHARE:
        return "ja"
    if runs.hangul and runs.hangul / runs.units >= _JA_KO_SHARE:
        return "ko"
    if runs.han and not runs.kana and not runs.hangul and _is_chinese(runs):
        return "zh"
    if runs.latin and len(runs.latin) >= runs.other + runs.hangul + runs.kana:
        return _latin_language(runs.latin)
    return _langdetect(nfc(text))


# A stored passage is one language (chunks do not cross paragraphs); its opening is enough to tell.
PASSAGE_SAMPLE = 200


def is_chinese_passage(text: str) -> bool:
    """Whether a stored passage is Chinese text, by script alone.

    Han characters make at least a third of the non-space characters of its first
    ``PASSAGE_SAMPLE``: a Vietnamese passage quoting ``(防城港市)`` stays Vietnamese.
    Cheap enough for every candidate of every query (no langdetect).
    """
    head = text[:PASSAGE_SAMPLE]
    visible = len(head) - sum(head.count(space) for space in " \n\t")
    return visible > 0 and 3 * len(HAN_CHAR.findall(head)) >= visible
