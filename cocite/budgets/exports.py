"""Open data of a closed vote: anonymous ballots as pabulib `.pb` files (one per budget counted
apart) and as CSV. No voter, no receipt, no time: ballots are numbered in receipt order (random)."""

from __future__ import annotations

import io

from cocite.core import csv_writer
from cocite.demarches.models import Demarche

from . import pabulib, queries
from .models import Ballot, BudgetRules, Count, CountingRule, Method

PB_RULES = {CountingRule.GREEDY: "greedy", CountingRule.MES: "equalshares/add1/utilitarian"}
PB_VOTE_TYPES = {
    Method.APPROVAL_BUDGET: "approval",
    Method.K_APPROVAL: "approval",
    Method.RANKING: "ordinal",
    Method.CUMULATIVE: "cumulative",
}


def _official_selection(demarche: Demarche) -> set[str] | None:
    count = Count.objects.filter(demarche=demarche, official=True).order_by("-pk").first()
    return set(count.selected_keys()) if count is not None else None


def pb_text(demarche: Demarche, rules: BudgetRules, part_index: int) -> str:
    part = queries.parts(demarche, rules)[part_index]
    rows = queries.ballot_rows(demarche)
    election = queries.election_for(part, [list(row) for row in rows], rules=rules, rows=rows)
    costs = election.costs
    # Each ballot's projects of this part with their value (rank or points; 1 for an approval).
    # Its voters, as the count's (`counting.part_election`): the ballots giving something in this part.
    kept = [marks for marks in ({k: v for k, v in row.items() if k in costs and v > 0} for row in rows) if marks]
    votes = election.supporters()
    selected = _official_selection(demarche)
    meta: dict[str, object] = {
        "description": demarche.title + (f" — {part.label}" if part.label else ""),
        "country": "France",
        "unit": demarche.title,
        "instance": rules.closes_at.year,
        "num_projects": len(election.costs),
        "num_votes": len(kept),
        "budget": part.budget,
        "vote_type": PB_VOTE_TYPES[Method(rules.method)],
        "rule": PB_RULES[CountingRule(rules.counting)],
        "date_begin": rules.opens_at.strftime("%d.%m.%Y"),
        "date_end": rules.closes_at.strftime("%d.%m.%Y"),
        "language": "fr",
        "currency": "EUR",
    }
    if part.label:
        meta["subunit"] = part.label
    if rules.method in (Method.K_APPROVAL, Method.RANKING) and rules.max_choices:
        meta["max_length"] = rules.max_choices
    if rules.method == Method.CUMULATIVE and rules.points:
        meta["max_sum_points"] = rules.points
        meta["points"] = rules.points  # the same total under the rules' own name
    scores = election.votes()
    projects = []
    for project in part.projects:
        row: dict[str, object] = {
            "project_id": project.key,
            "cost": project.cost,
            "votes": votes[project.key],
            "name": project.title,
        }
        if rules.scored:
            row["score"] = scores[project.key]
        if selected is not None:
            row["selected"] = 1 if project.key in selected else 0
        projects.append(row)
    if rules.method == Method.RANKING:
        # From the preferred project: the order is the ranking.
        ranked = [sorted(marks, key=lambda key: marks[key]) for marks in kept]
        return pabulib.write(meta=meta, projects=projects, votes=[(f"v{i}", keys) for i, keys in enumerate(ranked, 1)])
    if rules.method == Method.CUMULATIVE:
        return pabulib.write(
            meta=meta,
            projects=projects,
            votes=[(f"v{index}", list(marks)) for index, marks in enumerate(kept, start=1)],
            points=[list(marks.values()) for marks in kept],
        )
    return pabulib.write(
        meta=meta,
        projects=projects,
        votes=[(f"v{index}", sorted(marks, key=int)) for index, marks in enumerate(kept, start=1)],
    )


def csv_text(demarche: Demarche, rules: BudgetRules | None = None) -> str:
    """One row per ballot: its number, its projects (ids, ascending), for a ranking their ranks
    (« rangs ») or for points their points (« points ») in the same order, and how it was cast."""
    output = io.StringIO()
    writer = csv_writer.writer(output, delimiter=";")
    scored = rules is not None and rules.scored
    values_column = "rangs" if rules is not None and rules.method == Method.RANKING else "points"
    writer.writerow(["bulletin", "projets", values_column, "source"] if scored else ["bulletin", "projets", "source"])
    sources = dict(Ballot.objects.filter(demarche=demarche).order_by("receipt").values_list("pk", "source"))
    order = list(sources)
    rows = queries.ballot_rows(demarche)
    for index, (ballot_id, marks) in enumerate(zip(order, rows, strict=True), start=1):
        cells = [f"v{index}", ",".join(marks)]
        if scored:
            cells.append(",".join(str(value) for value in marks.values()))
        writer.writerow([*cells, sources[ballot_id]])
    return output.getvalue()
