"""The commune's list of words held back for moderation (`HeldBackWord`, edited in the admin).

An item whose text contains one of them waits for a moderator's approval (pre-moderation), even in a
démarche that does not pre-moderate. Matching ignores accents and case and works on whole words:
« connard » matches « CONNARD » and « connard. », not « connardise ».
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .models import HeldBackWord
from .normalize import normalize


def _pattern(normalized: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in normalized.split(" ")]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def held_back_words(texts: Iterable[str]) -> list[str]:
    """The expressions of the list these texts contain, as the commune wrote them (one query)."""
    rows = word_rows()
    return matches_in(texts, rows) if rows else []


def matches_in(texts: Iterable[str], rows: list[tuple[str, str]]) -> list[str]:
    """`held_back_words` over rows already read (the queue reads the list once for all its entries)."""
    haystack = normalize("\n".join(texts))
    return [expression for expression, normalized in rows if _pattern(normalized).search(haystack)]


def word_rows() -> list[tuple[str, str]]:
    return list(HeldBackWord.objects.values_list("expression", "normalized"))
