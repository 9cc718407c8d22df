"""Public profiles (/personnes/<id>/) can be flagged and moderated (cocite/moderation/registry.py):
what a profile publishes of its own is its pseudonym. Registered from SpacesConfig.ready().

Hiding a profile makes its page a tombstone and puts « Pseudonyme masqué » in place of the
pseudonym everywhere it is shown; a redaction edits the personal data out of the pseudonym.
The person (the « author ») contests from their own profile page.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocite.accounts import actions as accounts_actions
from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer
from cocite.moderation.registry import Moderated, registry

from . import queries

KIND = "profile"


def can_view(_viewer: Viewer, person: User) -> bool:
    """A public profile is anyone's to open (a private or closed one has no page)."""
    return person.is_active and person.public_profile


def excerpt(person: User) -> str:
    name = person.masked_display_name if person.profile_masked_at is not None else person.display_name
    return str(_("Pseudonyme : « %(name)s »") % {"name": name})


def register() -> None:
    registry.register(
        Moderated(
            kind=KIND,
            model="accounts.User",
            label=_("profil public"),
            can_view=can_view,
            visible_among=lambda _viewer, ids: queries.profiles_visible_among(ids),
            author_id=lambda person: person.pk,
            excerpt=excerpt,
            url=lambda person: reverse("spaces:person", kwargs={"pk": person.pk}),
            hide=lambda person, reason, _moderator: accounts_actions.profile_mask(person, reason),
            restore=lambda person, _moderator: accounts_actions.profile_unmask(person),
            text_fields=("display_name",),
            redact=accounts_actions.profile_redact,
            is_hidden=lambda person: person.profile_masked_at is not None,
            hidden_reason=lambda person: person.profile_masked_reason,
            tombstone=_("Ce profil a été masqué par la modération"),
            # A profile is public as soon as it exists: never waiting for an approval.
            pending_ids=lambda: [],
            is_pending=lambda _person: False,
        )
    )
