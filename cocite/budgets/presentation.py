"""Why each project won or lost, in words, for the outcome page and the public recount."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import counting
from .models import Count, Project


@dataclass
class Row:
    key: str
    title: str
    url: str
    cost: int
    votes: int
    selected: bool
    reason: str
    supporters: int | None = None  # ranking, points: how many ballots give the project something


@dataclass
class PartView:
    label: str
    budget: int
    spent: int
    voter_share: str | None
    rows: list[Row]
    scored: bool = False
    voters: int | None = None  # the ballots giving something in this part (counts made before: unknown)


def _eur(value: Any) -> str:
    return number_format(value, decimal_pos=0 if float(value) == int(float(value)) else 2, force_grouping=True) + " €"


def _scored_reason_text(step: dict[str, Any], cost: int, score: int) -> str:
    """The same reasons when ballots rank or give points: the project's total is a score."""
    reason = step.get("reason")
    if reason == "greedy":
        return _(
            "Retenu en position %(order)s par ordre de score (%(score)s points) : il restait %(remaining)s, "
            "il coûte %(cost)s."
        ) % {"order": step["order"], "score": score, "remaining": _eur(step["remaining"]), "cost": _eur(cost)}
    if reason == "equal_shares_scored":
        return _(
            "Retenu à l'étape %(order)s des parts égales : ses soutiens ont payé %(payment)s par point "
            "donné (%(score)s points en tout), chacun dans la limite de sa part."
        ) % {"order": step["order"], "score": score, "payment": _eur(step.get("payment_eur", "0"))}
    if reason == "completion":
        return _(
            "Retenu au complément, par ordre de score (%(score)s points), avec le budget que les parts égales "
            "n'avaient pas dépensé (il restait %(remaining)s)."
        ) % {"score": score, "remaining": _eur(step["remaining"])}
    if reason == "over_budget":
        text = _("Non retenu : à son tour (%(score)s points), il restait %(remaining)s, il coûte %(cost)s.") % {
            "score": score,
            "remaining": _eur(step["remaining"]),
            "cost": _eur(cost),
        }
        if step.get("covered_eur") is not None:
            text += " " + _("Aux parts égales, ses soutiens ne pouvaient plus réunir que %(covered)s.") % {
                "covered": _eur(step["covered_eur"])
            }
        return text
    if reason == "no_votes":
        return _("Non retenu : aucun point.")
    return ""


def reason_text(step: dict[str, Any], cost: int, votes: int, *, scored: bool = False) -> str:
    if scored:
        return _scored_reason_text(step, cost, votes)
    reason = step.get("reason")
    if reason == "greedy":
        return _(
            "Retenu en position %(order)s par ordre de voix (%(votes)s voix) : il restait %(remaining)s, "
            "il coûte %(cost)s."
        ) % {"order": step["order"], "votes": votes, "remaining": _eur(step["remaining"]), "cost": _eur(cost)}
    if reason == "equal_shares":
        return _(
            "Retenu à l'étape %(order)s des parts égales : ses %(votes)s soutiens ont payé au plus "
            "%(payment)s chacun sur leur part."
        ) % {"order": step["order"], "votes": votes, "payment": _eur(step.get("payment_eur", "0"))}
    if reason == "completion":
        return _(
            "Retenu au complément, par ordre de voix (%(votes)s voix), avec le budget que les parts égales "
            "n'avaient pas dépensé (il restait %(remaining)s)."
        ) % {"votes": votes, "remaining": _eur(step["remaining"])}
    if reason == "over_budget":
        text = _("Non retenu : à son tour (%(votes)s voix), il restait %(remaining)s, il coûte %(cost)s.") % {
            "votes": votes,
            "remaining": _eur(step["remaining"]),
            "cost": _eur(cost),
        }
        if step.get("covered_eur") is not None:
            text += " " + _("Aux parts égales, ses soutiens ne pouvaient plus réunir que %(covered)s.") % {
                "covered": _eur(step["covered_eur"])
            }
        return text
    if reason == "no_votes":
        return _("Non retenu : aucune voix.")
    return ""


def explain_count(count: Count) -> list[PartView]:
    projects = {p.key: p for p in Project.objects.filter(demarche_id=count.demarche_id).select_related("demarche")}
    scored = count.rules.scored
    views = []
    for part in count.outcome.get("parts", []):
        rows = []
        for key, step in part.get("steps", {}).items():
            project = projects.get(key)
            if project is None:
                continue
            votes = int(part.get("votes", {}).get(key, 0))
            rows.append(
                Row(
                    key,
                    project.title,
                    project.get_absolute_url(),
                    project.cost,
                    votes,
                    bool(step["selected"]),
                    reason_text(step, project.cost, votes, scored=scored),
                    int(part.get("supporters", {}).get(key, 0)) if scored else None,
                )
            )
        rows.sort(key=lambda row: (not row.selected, -row.votes, row.title))
        views.append(
            PartView(
                part.get("label", ""),
                part["budget"],
                part.get("spent", 0),
                part.get("voter_share"),
                rows,
                scored,
                part.get("voters"),
            )
        )
    return views


def _step_dict(step: counting.Step) -> dict[str, Any]:
    data: dict[str, Any] = {"reason": step.reason, "order": step.order, "remaining": step.remaining}
    if step.payment is not None:
        data["payment_eur"] = str(round(float(step.payment), 2))
    if step.covered is not None:
        data["covered_eur"] = str(round(float(step.covered), 2))
    return data


def explain_outcome(outcome: counting.Outcome, meta: dict[str, Any], declared: set[str]) -> dict[str, Any]:
    names: dict[str, str] = meta.get("names", {})
    scored = meta.get("meta", {}).get("vote_type", "approval") != "approval"
    supporters: dict[str, int] = meta.get("supporters", {})
    rows: list[dict[str, Any]] = []
    for key, step in outcome.steps.items():
        cost = outcome.cost_of(key)
        votes = outcome.votes.get(key, 0)
        rows.append(
            {
                "key": key,
                "title": names.get(key) or key,
                "cost": cost,
                "votes": votes,
                "supporters": supporters.get(key, 0) if scored else None,
                "selected": step.selected,
                "declared": key in declared,
                "reason": reason_text(_step_dict(step), cost, votes, scored=scored),
            }
        )
    rows.sort(key=lambda row: (not row["selected"], -int(row["votes"]), str(row["key"])))
    share: Fraction | None = outcome.voter_share
    return {
        "meta": meta.get("meta", {}),
        "budget": outcome.budget,
        "spent": outcome.spent,
        "rows": rows,
        "declared": bool(declared),
        "agrees": set(outcome.selected) == declared if declared else None,
        "voter_share": str(round(float(share), 2)) if share is not None else None,
        "scored": scored,
    }
