"""The exploration component: how field work, journeys and findings plug into a démarche."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import Viewer
from cocite.decisions import citations
from cocite.demarches.registry import ComponentSpec, registry

from . import queries

ACTIONS = ("record", "volunteer")

# The team records its field work while exploring and while arbitrating (findings feed decisions);
# residents volunteer for an interview or a test while the démarche collects and explores.
PHASE_ACTIONS = {
    "collecte": frozenset({"volunteer"}),
    "exploration": frozenset({"record", "volunteer"}),
    "arbitrage": frozenset({"record"}),
    "mise_en_oeuvre": frozenset(),
}


def _finding_url(slug: str, pk: int) -> str:
    return reverse("exploration:findings", kwargs={"slug": slug}) + f"#constat-{pk}"


def _candidates(demarche_id: int) -> list[citations.Citable]:
    return [citations.Citable(pk=f.pk, title=f.title, url="") for f in queries.citable_findings(demarche_id)]


def _visible(viewer: Viewer, ids: Sequence[int]) -> list[citations.Citable]:
    return [
        citations.Citable(pk=f.pk, title=f.title, url=_finding_url(f.demarche.slug, f.pk))
        for f in queries.cited_findings(viewer, ids)
    ]


def register() -> None:
    registry.register(
        ComponentSpec(
            name="exploration",
            label=_("Exploration dans les pas des usagers"),
            actions=ACTIONS,
            phase_actions=PHASE_ACTIONS,
            main_url_name="exploration:findings",
            summary_template="exploration/partials/component_summary.html",
        )
    )
    citations.register(
        citations.CitationSource(
            kind="constat",
            label=_("Constats de l'exploration sur lesquels s'appuie la décision"),
            heading=_("Constats de l'exploration cités"),
            candidates=_candidates,
            visible=_visible,
        )
    )
