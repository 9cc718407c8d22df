"""The opinions component: how opinion mapping (the Pol.is method) plugs into a démarche.

A démarche enables it with ``DemarcheComponent(name="opinions", settings={"moderation": "pre"})``
("pre": statements wait for a moderator before publication; "post", the default: published at
once, moderators may reject them afterwards). ``phase_actions`` may be overridden per phase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cocite.demarches.registry import ComponentSpec, registry

from .demo import seed
from .models import COMPONENT_NAME, Conversation, Participant, Statement

if TYPE_CHECKING:
    from cocite.accounts.viewer import Viewer

NAME = COMPONENT_NAME
ACTIONS = ("submit", "vote")

# What each phase allows by default; a démarche may override per phase.
PHASE_ACTIONS = {
    "collecte": frozenset({"submit", "vote"}),
    "exploration": frozenset({"submit", "vote"}),
    "arbitrage": frozenset({"vote"}),
    "mise_en_oeuvre": frozenset[str](),
}


def stats(demarches: list[Any], user: Viewer) -> dict[int, list[tuple[StrOrPromise, int]]]:
    """Published statements and participants per démarche, in one query."""

    def count_of(queryset: Any) -> Any:
        counted = queryset.filter(conversation=OuterRef("pk")).order_by().values("conversation")
        return Coalesce(
            Subquery(counted.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0)
        )

    rows = (
        Conversation.objects.filter(demarche__in=[d.pk for d in demarches])
        .annotate(
            n_statements=count_of(Statement.objects.filter(status=Statement.Status.ACCEPTED)),
            n_participants=count_of(Participant.objects.all()),
        )
        .values_list("demarche_id", "n_statements", "n_participants")
    )
    counts = {demarche_id: (n_statements, n_participants) for demarche_id, n_statements, n_participants in rows}
    result: dict[int, list[tuple[StrOrPromise, int]]] = {}
    for demarche in demarches:
        if demarche.pk not in counts and not _enabled(demarche):
            continue
        n_statements, n_participants = counts.get(demarche.pk, (0, 0))
        # Also kept on the démarche for this component's own summary on the démarche page.
        demarche.opinion_figures = {"statements": n_statements, "participants": n_participants}
        result[demarche.pk] = [(_("propositions à évaluer"), n_statements), (_("participant·es"), n_participants)]
    return result


def _enabled(demarche: Any) -> bool:
    """Whether the component is enabled, from the prefetched components only (no query)."""
    return demarche.components_were_read() and any(c.name == NAME for c in demarche.enabled_components())


def register() -> None:
    registry.register(
        ComponentSpec(
            name=NAME,
            label=_("Carte des opinions"),
            actions=ACTIONS,
            phase_actions=PHASE_ACTIONS,
            main_url_name="opinions:main",
            stats=stats,
            summary_template="opinions/partials/component_summary.html",
            seed=seed,
        )
    )
