"""Text compared without accents nor case (the word list of cocite/moderation/words.py)."""

from __future__ import annotations

import unicodedata


def normalize(text: str) -> str:
    """Lower case, without accents (é → e), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
