"""English of the msgids added by the audit17 branch (issue 17 audit).

The branch reuses existing msgids only (the moderation's block sentences, « Contenu masqué », the
tombstone and appeal tags), so there is nothing new to translate.
"""

TRANSLATIONS: dict[str, str] = {}
