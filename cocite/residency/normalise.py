"""Normalised comparison of names, streets and addresses: one rule for imports and for what people type.

« 12 bis, Av. de la République » and « AVENUE DE LA REPUBLIQUE » give the same street key:
accents, case, punctuation, the house number, common abbreviations (« av. », « bd », « st »…) and
short words (« de », « la », « l’ »…) do not matter. Pure functions, no database.
"""

from __future__ import annotations

import re
import unicodedata

# Abbreviations of street types and of saints, as La Poste and the BAN write them.
ABBREVIATIONS = {
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "blvd": "boulevard",
    "boul": "boulevard",
    "r": "rue",
    "pl": "place",
    "ch": "chemin",
    "chem": "chemin",
    "imp": "impasse",
    "all": "allee",
    "rte": "route",
    "rt": "route",
    "sq": "square",
    "st": "saint",
    "ste": "sainte",
    "fg": "faubourg",
    "fbg": "faubourg",
    "pass": "passage",
    "psg": "passage",
    "qu": "quai",
    "qua": "quai",
    "crs": "cours",
    "res": "residence",
    "lot": "lotissement",
    "hab": "hameau",
    "ham": "hameau",
    "prom": "promenade",
    "mte": "montee",
    "vla": "villa",
    "za": "zone",
    "zac": "zone",
    "cite": "cite",
    "sen": "sente",
    "rpt": "rond point",
    "gal": "general",
    "mal": "marechal",
    "pdt": "president",
}
# Words that carry no meaning in a street name (« rue de la Gare » = « rue Gare »).
SHORT_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "et", "en", "sur"})
# A house number and its suffix at the start: « 12 », « 12 bis », « 12b », « 12-14 », « 3 ter ».
# Applied to folded text, where « 12-14 » reads « 12 14 ».
HOUSE_NUMBER = re.compile(r"^\d+[a-z]?(?: \d+[a-z]?)?(?: (?:bis|ter|quater|quinquies))?\b ?")
MAX_INPUT = 300


def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded: « L’Église-Saint-Jean » → « l eglise saint jean »."""
    decomposed = unicodedata.normalize("NFKD", text[:MAX_INPUT].casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare.replace("œ", "oe").replace("æ", "ae")).split())


def street_key(text: str) -> str:
    """The key of a street name or of an address line (the house number dropped)."""
    folded = fold(text)
    folded = HOUSE_NUMBER.sub("", folded)
    words = [ABBREVIATIONS.get(word, word) for word in folded.split()]
    return " ".join(word for word in words if word not in SHORT_WORDS)


def name_key(text: str) -> str:
    """A family name or given names: folded, hyphens and apostrophes as spaces (« Marie-Hélène » = « marie helene »)."""
    return fold(text)


def first_given_name_key(text: str) -> str:
    """The first given name only: rolls list every given name, people often type one."""
    words = name_key(text).split()
    return words[0] if words else ""
