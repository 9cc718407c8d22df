"""The participatory budget component: projects put to the vote of the residents, the ballot, the count.

A démarche enables it with ``DemarcheComponent(name="budgets")``; the vote's dates and rules are
those of its rule version (BudgetRules), the phases only say what the page offers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cocite.demarches.registry import ComponentSpec, registry

from .models import Ballot, Project

if TYPE_CHECKING:
    from cocite.accounts.viewer import Viewer

NAME = "budgets"
ACTIONS = ("vote",)
PHASE_ACTIONS = {
    "collecte": frozenset[str](),
    "exploration": frozenset[str](),
    "arbitrage": frozenset({"vote"}),
    "mise_en_oeuvre": frozenset[str](),
}


def stats(demarches: list[Any], user: Viewer) -> dict[int, list[tuple[StrOrPromise, int]]]:
    """Projects and ballots per démarche, in two queries."""
    ids = [d.pk for d in demarches]
    projects = dict(
        Project.objects.filter(demarche__in=ids).values("demarche").annotate(n=Count("pk")).values_list("demarche", "n")
    )
    ballots = dict(
        Ballot.objects.filter(demarche__in=ids).values("demarche").annotate(n=Count("pk")).values_list("demarche", "n")
    )
    return {
        pk: [(_("projets soumis au vote"), projects.get(pk, 0)), (_("bulletins"), ballots.get(pk, 0))]
        for pk in ids
        if pk in projects or pk in ballots
    }


def register() -> None:
    registry.register(
        ComponentSpec(
            name=NAME,
            label=_("Budget participatif"),
            actions=ACTIONS,
            phase_actions=PHASE_ACTIONS,
            main_url_name="budgets:main",
            stats=stats,
        )
    )
