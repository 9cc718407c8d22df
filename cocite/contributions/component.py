"""The contributions component: how problems, ideas and questions plug into a démarche."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cocite.demarches.registry import ComponentSpec, registry

from .queries import listed_contributions

if TYPE_CHECKING:
    from cocite.accounts.viewer import Viewer
    from cocite.demarches.models import Demarche

ACTIONS = ("submit", "support", "comment", "edit")

# What each phase allows by default; a démarche may override per phase.
PHASE_ACTIONS = {
    "collecte": frozenset({"submit", "support", "comment", "edit"}),
    "exploration": frozenset({"support", "comment"}),
    "arbitrage": frozenset({"comment"}),
    "mise_en_oeuvre": frozenset({"comment"}),
}


def stats(demarches: list[Demarche], user: Viewer) -> dict[int, list[tuple[StrOrPromise, int]]]:
    # The same rows as the démarche's list (listed_contributions), so the figures agree.
    rows = listed_contributions(demarches).values("demarche_id").annotate(n=Count("pk"))
    counts = {row["demarche_id"]: row["n"] for row in rows}
    return {d.pk: [(_("contributions"), counts.get(d.pk, 0))] for d in demarches}


def seed(stdout: Any) -> None:
    # The demo (its texts and the actions it runs) is loaded only by `seed_demo`, never by the site.
    from .demo import seed as seed_contributions

    seed_contributions(stdout)


def register() -> None:
    registry.register(
        ComponentSpec(
            name="contributions",
            label=_("Problèmes, idées et questions"),
            actions=ACTIONS,
            phase_actions=PHASE_ACTIONS,
            main_url_name="contributions:list",
            stats=stats,
            summary_template="contributions/partials/component_summary.html",
            seed=seed,
        )
    )
