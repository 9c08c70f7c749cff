"""A short title for an article that has none, from its opening.

News text often opens with what is not a headline: a photo caption ("Quang
cảnh Hội nghị ... Ảnh: TTXVN phát"), or a lead that starts with when and where
("Trong thời gian qua, ...", "Trong chuyến thăm ..., ngày 27/2, ..."). The title
is the caption's subject when there is one, else the opening sentence without
those leading phrases, cut at a clause boundary near ``max_chars``. Pure
functions of the text; the first sentence cut at a word stays the fallback.
"""

import re

MAX_TITLE_CHARS = 80
MIN_CLAUSE_CHARS = 30  # a leading phrase is dropped only when this much of the sentence follows it
CLAUSE_CUT_SHARE = 0.6  # a clause boundary is a good cut only when it keeps this share of max_chars

_SENTENCE_END = re.compile(r"(?<=[.!?])\s|(?<=[。！？])")
# "<caption>. Ảnh: <credit>" or "<caption> (Ảnh: <credit>)" at the very start of an article.
_CAPTION = re.compile(r"^(?P<caption>[^\n]{12,160}?)[.\s]*\(?\s*Ảnh\s*:\s*[^\n.)]{1,60}?\)?(?:\s+phát)?(?=\s|$)")
# What a photo caption says before its subject: "Quang cảnh", "Toàn cảnh", "Các đại biểu tại".
_CAPTION_LEAD = re.compile(r"^(?:Quang cảnh|Toàn cảnh|Một góc|Hình ảnh)\s+", re.IGNORECASE)
# Leading time and circumstance phrases of a lead, each ending with a comma.
_LEADING_PHRASE = re.compile(
    r"^(?:(?:Trong\s+)?(?:thời gian|những năm|mấy năm|năm|tháng)\s+(?:qua|vừa qua|gần đây)"
    r"|Trong (?:chuyến|khuôn khổ|buổi|dịp|thời gian)[^,]{0,120}"
    r"|(?:Sáng|Chiều|Tối|Trưa)?\s*(?:ngày|hôm)\s+\d{1,2}(?:/\d{1,2}(?:/\d{4})?)?[^,]{0,40}"
    r"|Theo [^,]{0,60}|Tại [^,]{0,80}|Với [^,]{0,80})\s*,\s*",
    re.IGNORECASE,
)


# Titles that authoring tools write when the author gave none: no title (the article's own opening is better).
# "untitled" (reportlab, many PDF makers), "Untitled-1", "Untitled document" (Google Docs; Vietnamese "Tài liệu
# không có tiêu đề", Chinese "无标题文档"), "Document1" (Word; Vietnamese "Tài liệu1", Chinese "文档1"),
# Dreamweaver's "Untitled Document", Word's print to PDF ("Microsoft Word - bai viet.docx"), "(anonymous)" and a
# bare file name.
_PLACEHOLDER_TITLE = re.compile(
    r"(?:microsoft (?:word|powerpoint|excel|office word) - .*"
    r"|untitled(?:[\s_-]*(?:document|\d+))?|(?:new )?document[\s_-]*\d*|doc\d+|title|no title"
    r"|\(?(?:anonymous|unspecified)\)?"
    r"|(?:tài liệu )?không (?:có )?tiêu đề|tài liệu\s*\d+|无标题(?:文档|文件)?|未命名(?:文档|文件)?|文档\s*\d*"
    r"|[^\n]*\.(?:docx?|pdf|rtf|odt|txt|html?|indd|tex|dvi|pptx?|xlsx?))",
    re.IGNORECASE,
)


def placeholder_title(title: str) -> bool:
    """Whether ``title``, from a file's metadata, is what a tool writes when the author gave none."""
    return _PLACEHOLDER_TITLE.fullmatch(title.strip()) is not None


def derive_title(text: str, max_chars: int = MAX_TITLE_CHARS) -> str:
    """A title of at most ``max_chars`` (plus an ellipsis when cut mid-clause) for article ``text``."""
    first_line = text.split("\n", 1)[0].strip()
    caption = _CAPTION.match(first_line)
    if caption:
        candidate = _CAPTION_LEAD.sub("", caption.group("caption").strip().rstrip("."))
    else:
        candidate = _SENTENCE_END.split(first_line, maxsplit=1)[0]
        candidate = _without_leading_phrases(candidate)
    return _shortened(_capitalised(candidate.strip().rstrip(".。")), max_chars) or _shortened(first_line, max_chars)


def _without_leading_phrases(sentence: str) -> str:
    stripped = sentence
    while (match := _LEADING_PHRASE.match(stripped)) and len(stripped) - match.end() >= MIN_CLAUSE_CHARS:
        stripped = stripped[match.end():]
    return stripped


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shortened(text: str, max_chars: int) -> str:
    """``text`` itself when short; else cut at the last clause boundary that leaves a real clause, else at a
    word, with an ellipsis."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars + 1]
    clause = max(head.rfind(", "), head.rfind("; "), head.rfind(": "))  # " - " joins names: Quảng Ninh - Quảng Tây
    if clause >= CLAUSE_CUT_SHARE * max_chars:
        return text[:clause].rstrip()
    return head[:max_chars].rsplit(" ", 1)[0].rstrip(",;:-– ") + "…"
