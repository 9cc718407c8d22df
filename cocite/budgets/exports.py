"""Open data of a closed vote: anonymous ballots as pabulib `.pb` files (one per budget counted
apart) and as CSV. No voter, no receipt, no time: ballots are numbered in receipt order (random)."""

from __future__ import annotations

import io

from cocite.core import csv_writer
from cocite.demarches.models import Demarche

from . import pabulib, queries
from .models import Ballot, BudgetRules, Count, CountingRule, Method

PB_RULES = {CountingRule.GREEDY: "greedy", CountingRule.MES: "equalshares/add1/utilitarian"}


def _official_selection(demarche: Demarche) -> set[str] | None:
    count = Count.objects.filter(demarche=demarche, official=True).order_by("-pk").first()
    return set(count.selected_keys()) if count is not None else None


def pb_text(demarche: Demarche, rules: BudgetRules, part_index: int) -> str:
    part = queries.parts(demarche, rules)[part_index]
    ballots = queries.ballot_data(demarche)
    election = queries.election_for(part, ballots)
    kept = [ballot for ballot in election.ballots if ballot]
    votes = election.votes()
    selected = _official_selection(demarche)
    meta: dict[str, object] = {
        "description": demarche.title + (f" — {part.label}" if part.label else ""),
        "country": "France",
        "unit": demarche.title,
        "instance": rules.closes_at.year,
        "num_projects": len(election.costs),
        "num_votes": len(kept),
        "budget": part.budget,
        "vote_type": "approval",
        "rule": PB_RULES[CountingRule(rules.counting)],
        "date_begin": rules.opens_at.strftime("%d.%m.%Y"),
        "date_end": rules.closes_at.strftime("%d.%m.%Y"),
        "language": "fr",
        "currency": "EUR",
    }
    if part.label:
        meta["subunit"] = part.label
    if rules.method == Method.K_APPROVAL and rules.max_choices:
        meta["max_length"] = rules.max_choices
    projects = []
    for project in part.projects:
        row: dict[str, object] = {
            "project_id": project.key,
            "cost": project.cost,
            "votes": votes[project.key],
            "name": project.title,
        }
        if selected is not None:
            row["selected"] = 1 if project.key in selected else 0
        projects.append(row)
    return pabulib.write(
        meta=meta,
        projects=projects,
        votes=[(f"v{index}", sorted(ballot, key=int)) for index, ballot in enumerate(kept, start=1)],
    )


def csv_text(demarche: Demarche) -> str:
    """One row per ballot: its number, its projects (ids, ascending) and how it was cast."""
    output = io.StringIO()
    writer = csv_writer.writer(output, delimiter=";")
    writer.writerow(["bulletin", "projets", "source"])
    sources = dict(Ballot.objects.filter(demarche=demarche).order_by("receipt").values_list("pk", "source"))
    order = list(sources)
    data = queries.ballot_data(demarche)
    for index, (ballot_id, projects) in enumerate(zip(order, data, strict=True), start=1):
        writer.writerow([f"v{index}", ",".join(projects), sources[ballot_id]])
    return output.getvalue()
