"""Chinese-aware search over course pages.

The search backends split text into words at spaces and punctuation, so a Chinese sentence
would be one long "word" and "退款" would never match "申请退款". Pages therefore also index
their text with every CJK character as its own word, and queries look CJK words up as
phrases of characters: a substring match that works the same on SQLite and PostgreSQL.
"""

import re

from wagtail.search.query import And, Phrase, PlainText, SearchQuery

_CJK = re.compile(r"([\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])")


def cjk_spaced(text: str) -> str:
    """`text` with a space around every CJK character (ideographs and CJK punctuation)."""
    return _CJK.sub(r" \1 ", text)


def course_search_query(text: str) -> SearchQuery:
    """All words of `text` must occur; a word with CJK characters matches as a substring."""
    parts: list[SearchQuery] = []
    for word in text.split():
        if _CJK.search(word):
            parts.append(Phrase(" ".join(cjk_spaced(word).split())))
        else:
            parts.append(PlainText(word))
    if not parts:
        return PlainText("")
    return parts[0] if len(parts) == 1 else And(parts)
