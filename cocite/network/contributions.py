"""« Au nom de » an actor on the contribution form: the network plugs its field into the submission
(cocite/contributions/extensions.py), since the contributions app sits below it and never imports it.

Only the actors the person is a member of are offered (any other value: a French form error), and
the action checks the membership again in the submission's transaction (PermissionDenied). Not in a
pseudonymous démarche, whose point is not to say who speaks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.accounts.models import User
from cocite.contributions.extensions import PagePresence, SubmitExtension, register_presence, rows_pointing_here
from cocite.contributions.extensions import register as register_extension
from cocite.contributions.models import Contribution
from cocite.demarches.models import Demarche

from . import actions, queries
from .models import ContributionActor

FIELD = "actor"


def actor_field(author: User, demarche: Demarche) -> dict[str, forms.Field]:
    if demarche.pseudonymous:
        return {}
    actors = queries.my_actors(author)
    if not actors:
        return {}
    return {
        FIELD: forms.TypedChoiceField(
            label=_("Au nom de"),
            choices=[("", _("Moi-même"))] + [(a.pk, a.name) for a in actors],
            coerce=int,
            required=False,
            empty_value=None,
            help_text=_("Un acteur du réseau dont vous êtes membre : sa page listera cette contribution."),
            error_messages={"invalid_choice": _("Vous n'êtes pas membre de cet acteur.")},
        )
    }


def apply(contribution: Contribution, author: User, values: Mapping[str, Any]) -> None:
    actor_id = values.get(FIELD)
    if actor_id is not None:
        actions.contribution_in_name_of(contribution=contribution, author=author, actor_id=int(actor_id))


def register() -> None:
    register_extension(SubmitExtension(name="network.actor", fields=actor_field, apply=apply))
    # « Au nom de »: the page asks which actor only for a contribution made in one's name.
    register_presence(PagePresence(name="actor", exists=rows_pointing_here(ContributionActor, "contribution")))
