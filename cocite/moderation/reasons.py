"""The reasons of the charter a flag or a hide names, and the charter's articles they refer to.

The articles are shown on the charter's page (/regles/#article-N, `{% moderation_articles %}`),
so a tombstone's link always lands on the rule it cites.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Reason(models.TextChoices):
    INSULT = "propos_injurieux", _("Propos injurieux")
    PERSONAL_DATA = "donnees_personnelles", _("Données personnelles")
    OFF_TOPIC = "hors_sujet", _("Hors sujet")
    SPAM = "spam_publicite", _("Spam ou publicité")
    ILLEGAL = "contenu_illegal", _("Contenu illégal")
    OTHER = "autre_motif", _("Autre")


# Not a reason of the charter: the `masked_reason` of an item saved but not public until a moderator
# approves it (pre-moderation, or a word of the commune's list). Hidden and pending share one notion
# of « not public » (`masked_at` set), so every list, counter, search and dataset leaves both out.
PENDING = "en_attente_validation"


# Article number -> its text, as the charter page shows it.
ARTICLES: dict[int, StrOrPromise] = {
    1: _(
        "On débat des idées, pas des personnes : pas d’insulte, de propos discriminatoires, de harcèlement "
        "ni de menace."
    ),
    2: _("On ne publie pas d’informations personnelles sur autrui (nom, adresse, plaque d’immatriculation…)."),
    3: _("Les contributions publicitaires, électorales ou sans rapport avec la démarche peuvent être masquées."),
    4: _("Les contenus contraires à la loi sont masqués et peuvent être transmis aux autorités."),
    5: _("Tout autre contenu contraire à l’esprit de cette charte peut être masqué, avec un motif expliqué."),
    6: _(
        "Un contenu masqué reste à sa place avec son motif ; son auteur·rice en est informé·e et peut contester "
        "la décision une fois : un·e autre modérateur·rice la réexamine."
    ),
}

ARTICLE_OF: dict[str, int] = {
    Reason.INSULT: 1,
    Reason.PERSONAL_DATA: 2,
    Reason.OFF_TOPIC: 3,
    Reason.SPAM: 3,
    Reason.ILLEGAL: 4,
    Reason.OTHER: 5,
}
APPEAL_ARTICLE = 6


def delay_hours() -> int:
    """The charter's delay, in hours, to examine a flag or an item waiting for validation."""
    return int(getattr(settings, "COCITE_MODERATION_DELAY_HOURS", 48))


def reason_label(code: str) -> StrOrPromise:
    """The label of a reason code; a free text stored before the reasons existed is shown as it is."""
    try:
        return Reason(code).label
    except ValueError:
        return code


def article_of(code: str) -> int | None:
    return ARTICLE_OF.get(code)
