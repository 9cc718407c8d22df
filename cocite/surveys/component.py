"""The surveys component: how « Questionnaires » plug into a démarche.

A démarche enables it with ``DemarcheComponent(name="surveys")``. Answering (action « answer »)
is allowed in every phase by default — a survey's own opening and closing dates say when it
runs —; ``phase_actions`` may narrow it per phase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cocite.demarches.registry import ComponentSpec, registry

from .demo import seed
from .models import COMPONENT_NAME
from .queries import figures_by_demarche

if TYPE_CHECKING:
    from cocite.accounts.viewer import Viewer

NAME = COMPONENT_NAME
ACTIONS = ("answer",)
PHASE_ACTIONS = {
    "collecte": frozenset({"answer"}),
    "exploration": frozenset({"answer"}),
    "arbitrage": frozenset({"answer"}),
    "mise_en_oeuvre": frozenset({"answer"}),
}


def stats(demarches: list[Any], user: Viewer) -> dict[int, list[tuple[StrOrPromise, int]]]:
    """Published surveys and submitted responses per démarche, in one query."""
    counts = figures_by_demarche([d.pk for d in demarches])
    result: dict[int, list[tuple[StrOrPromise, int]]] = {}
    for demarche in demarches:
        if demarche.pk not in counts and not _enabled(demarche):
            continue
        n_surveys, n_responses = counts.get(demarche.pk, (0, 0))
        demarche.survey_figures = {"surveys": n_surveys, "responses": n_responses}
        result[demarche.pk] = [(_("questionnaires"), n_surveys), (_("réponses aux questionnaires"), n_responses)]
    return result


def _enabled(demarche: Any) -> bool:
    return demarche.components_were_read() and any(c.name == NAME for c in demarche.enabled_components())


def register() -> None:
    registry.register(
        ComponentSpec(
            name=NAME,
            label=_("Questionnaires"),
            actions=ACTIONS,
            phase_actions=PHASE_ACTIONS,
            main_url_name="surveys:main",
            stats=stats,
            summary_template="surveys/partials/component_summary.html",
            seed=seed,
        )
    )
