"""French text features for theme grouping: the search stemmer, with the surface words kept.

Words are stemmed exactly as the search index stems them (`cocite.core.search.stem_tokens`:
Snowball French, PostgreSQL's French stop words, accents removed), one word at a time
through a cache, so 10,000 contributions cost a few hundred thousand dictionary lookups
instead of as many Snowball runs. The analyser also remembers which surface word each
stem came from most often, so a theme can be labelled "pistes cyclables" rather than
"pist cyclabl".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from cocite.core.search import WORD, stem_tokens

# Words too common in contributions to tell themes apart, beyond PostgreSQL's French stop
# list (which keeps them); TF-IDF would down-weight them, but they also make poor labels.
ANALYSIS_STOP_WORDS = (
    "plus très tout tous toute toutes faire fait faut peut peuvent pourrait pourraient aussi comme bien si "
    "ça cela être avoir alors car donc déjà encore jamais ni non oui peu sous entre après avant depuis pendant "
    "autre autres chaque quelque quelques beaucoup trop moins vraiment souvent toujours merci svp bonjour "
    "propose proposer proposition demande demander idée besoin mettre mis voir aimerait serait seul seule "
    "lorsque quand comment pourquoi devant derrière près côté face vers chez dont où aller va vont gens fois "
    "ici là etc afin ainsi enfin cas notamment certains certaines plusieurs même aujourd hui deux trois "
    "rendre rendrait rendraient permettre permettrait permettraient pouvoir faudrait voit rien font"
)
# Generic place nouns: where a request is, not what it is about (the quartier says where).
PLACE_WORDS = "rue rues avenue boulevard chemin quai impasse allée route lieu quartier quartiers secteur"
MIN_WORD_LENGTH = 2


def fold_plural(stem: str) -> str:
    """Snowball keeps some plurals whole ("vélos" -> "velos" but "vélo" -> "velo"): fold them."""
    if len(stem) > 3 and stem[-1] in "sx":
        return stem[:-1]
    return stem


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The stem of one casefolded word, or "" for a stop word (same rules as the search index)."""
    stems = stem_tokens(word)
    if len(stems) != 1:
        return ""
    return fold_plural(stems[0])


@lru_cache(maxsize=1)
def stop_stems() -> frozenset[str]:
    words = f"{ANALYSIS_STOP_WORDS} {PLACE_WORDS}".split()
    return frozenset(stem for word in words if (stem := stem_word(word.casefold())))


def place_stems(names: list[str]) -> frozenset[str]:
    """Stems of the words of place names (the quartiers), to leave out of theme features."""
    return frozenset(stem for name in names for word in WORD.findall(name.casefold()) if (stem := stem_word(word)))


class FrenchAnalyzer:
    """A scikit-learn `analyzer`: text -> stems and stem bigrams, recording surface forms."""

    def __init__(self, *, bigrams: bool = True, stop: frozenset[str] = frozenset()) -> None:
        self.bigrams = bigrams
        self.stop = stop_stems() | stop
        self.surfaces: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def __call__(self, text: str) -> list[str]:
        features: list[str] = []
        previous_stem = previous_word = ""
        for word in WORD.findall(text.casefold()):
            stem = stem_word(word) if len(word) >= MIN_WORD_LENGTH and not word.isdigit() else ""
            if not stem or stem in self.stop:
                # A stop word breaks bigrams: "piste de vélo" gives no "pist velo".
                previous_stem = previous_word = ""
                continue
            features.append(stem)
            self.surfaces[stem][word] += 1
            if self.bigrams and previous_stem:
                pair = f"{previous_stem} {stem}"
                features.append(pair)
                self.surfaces[pair][f"{previous_word} {word}"] += 1
            previous_stem, previous_word = stem, word
        return features

    def surface(self, feature: str) -> str:
        """The most frequent surface form of a stem or bigram (ties: alphabetical, for stability)."""
        forms = self.surfaces.get(feature)
        if not forms:
            return feature
        return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]
