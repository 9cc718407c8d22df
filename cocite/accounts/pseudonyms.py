"""Names that do not lead to a person: the alias of an author inside one pseudonymous démarche.

In an internal démarche « pseudonymous by default » (e.g. « améliorer notre service »), what an agent
writes must not be traced to them by their hierarchy: not their name, not their site-wide pseudonym
(which their other contributions and their profile carry). Each author gets instead an alias stable
within the démarche (the same person reads as the same « Participant·e » from one contribution to the
next, so a conversation can be followed) and unrelated across démarches: a keyed hash of the démarche
and the person, which nobody can reverse without the server's secret key.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext


def alias_code(scope: int, user_id: int) -> str:
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"cocite-alias:{scope}:{user_id}".encode(), hashlib.sha256).hexdigest()
    return digest[:6].upper()


def alias(scope: int, user_id: int) -> str:
    """« Participant·e 3F9A0C »: the author's name inside the pseudonymous démarche `scope`."""
    return gettext("Participant·e %(code)s") % {"code": alias_code(scope, user_id)}
