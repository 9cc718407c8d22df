"""Ranking and cumulative points: the counting agrees with pabutools on generated instances (greedy
by score; equal shares with cardinal utilities, completed), and the `.pb` files of these methods
read back to the same outcome."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    CardinalBallot,
    CardinalProfile,
    Instance,
)
from pabutools.election import Project as PabuProject
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares

from cocite.budgets import counting, pabulib


def _score_times_cost(
    instance: Any, profile: Any, ballot: Mapping[Any, int], project: PabuProject, precomputed: Any
) -> Any:
    return ballot.get(project, 0) * project.cost


class ScoreCostSat(AdditiveSatisfaction):
    """Satisfaction score × cost: pabutools' greedy then orders projects by total score."""

    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _score_times_cost)


def _pabutools(election: counting.Election, rule: str) -> set[str]:
    assert election.scores is not None
    votes = election.votes()
    projects = {key: PabuProject(key, cost) for key, cost in election.costs.items() if votes[key] > 0}
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = CardinalProfile(
        [
            CardinalBallot({projects[key]: value for key, value in scores.items() if key in projects})
            for scores in election.scores
        ],
        instance=instance,
    )
    if rule == counting.GREEDY:
        chosen = greedy_utilitarian_welfare(instance, profile, sat_class=ScoreCostSat)
    else:
        chosen = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Additive_Cardinal_Sat, "voter_budget_increment": 1}, {"sat_class": ScoreCostSat}],
        )
    return {project.name for project in chosen}


@st.composite
def ranked_elections(draw: st.DrawFn) -> counting.Election:
    """Ballots ranking up to `n` projects; a rank r scores n - r + 1 (Borda)."""
    n_projects = draw(st.integers(min_value=1, max_value=7))
    keys = [f"p{index}" for index in range(n_projects)]
    n = draw(st.integers(min_value=1, max_value=n_projects))
    costs = {key: draw(st.integers(min_value=1, max_value=60)) for key in keys}
    budget = draw(st.integers(min_value=1, max_value=150))
    ballots = draw(st.lists(st.lists(st.sampled_from(keys), unique=True, max_size=n), max_size=10))
    scores = [{key: n - rank + 1 for rank, key in enumerate(order, start=1)} for order in ballots]
    return counting.Election.scored(budget, costs, scores)


@st.composite
def cumulative_elections(draw: st.DrawFn) -> counting.Election:
    n_projects = draw(st.integers(min_value=1, max_value=7))
    keys = [f"p{index}" for index in range(n_projects)]
    points = draw(st.integers(min_value=1, max_value=12))
    costs = {key: draw(st.integers(min_value=1, max_value=60)) for key in keys}
    budget = draw(st.integers(min_value=1, max_value=150))
    scores = []
    for _ in range(draw(st.integers(min_value=0, max_value=10))):
        given: dict[str, int] = {}
        left = points
        for key in draw(st.lists(st.sampled_from(keys), unique=True)):
            value = draw(st.integers(min_value=0, max_value=left))
            if value:
                given[key] = value
                left -= value
        scores.append(given)
    return counting.Election.scored(budget, costs, scores)


def _check(election: counting.Election, rule: str) -> None:
    outcome = counting.count(election, rule)
    assert set(outcome.selected) == _pabutools(election, rule)
    assert outcome.spent <= election.budget
    assert all(outcome.votes[key] > 0 for key in outcome.selected)
    assert set(outcome.steps) == set(election.costs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ranked_elections(), st.sampled_from(counting.RULES))
def test_ranking_counts_agree_with_pabutools(election: counting.Election, rule: str) -> None:
    _check(election, rule)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cumulative_elections(), st.sampled_from(counting.RULES))
def test_cumulative_counts_agree_with_pabutools(election: counting.Election, rule: str) -> None:
    _check(election, rule)


def test_greedy_by_score_and_not_by_supporters() -> None:
    """Two voters give 1 point to « a », one voter gives 5 to « b »: b has the higher score."""
    election = counting.Election.scored(10, {"a": 10, "b": 10}, [{"a": 1}, {"a": 1}, {"b": 5}])
    outcome = counting.greedy(election)
    assert outcome.selected == ["b"]
    assert outcome.votes == {"a": 2, "b": 5}
    assert election.supporters() == {"a": 2, "b": 1}


def test_equal_shares_with_points_pays_in_proportion_to_the_points() -> None:
    election = counting.Election.scored(30, {"a": 30, "b": 10}, [{"a": 3, "b": 1}, {"a": 1}, {"b": 2}])
    outcome = counting.mes(election)
    assert set(outcome.selected) == _pabutools(election, counting.MES)
    assert any(step.reason == "equal_shares_scored" for step in outcome.steps.values())


def _write(election: counting.Election, vote_type: str, n: int = 0) -> str:
    """Our writer, as the export uses it: ordinal votes from the preferred project, cumulative with points."""
    assert election.scores is not None
    supporters = election.supporters()
    meta: dict[str, object] = {"description": "Essai", "budget": election.budget, "vote_type": vote_type}
    projects = [
        {"project_id": key, "cost": cost, "votes": supporters[key], "name": f"Projet {key}"}
        for key, cost in election.costs.items()
    ]
    kept = [scores for scores in election.scores if scores]
    if vote_type == "ordinal":
        meta["max_length"] = n
        votes = [(f"v{i}", sorted(scores, key=lambda key: -scores[key])) for i, scores in enumerate(kept, 1)]
        return pabulib.write(meta=meta, projects=projects, votes=votes)
    meta["max_sum_points"] = max((sum(scores.values()) for scores in kept), default=1)
    return pabulib.write(
        meta=meta,
        projects=projects,
        votes=[(f"v{i}", list(scores)) for i, scores in enumerate(kept, 1)],
        points=[list(scores.values()) for scores in kept],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cumulative_elections())
def test_cumulative_pb_reads_back_to_the_same_outcome(election: counting.Election) -> None:
    text = _write(election, "cumulative")
    again = pabulib.parse(text).election()
    assert again.votes() == election.votes()
    # The file leaves out empty ballots, as the export does (they give nothing to anyone).
    voted = counting.Election.scored(election.budget, election.costs, [s for s in election.scores or [] if s])
    for rule in counting.RULES:
        assert counting.count(again, rule).selected == counting.count(voted, rule).selected
    # pabutools reads our file to the same ballots.
    _instance, profile = parse_pabulib_from_string(text)
    assert sorted(sorted((p.name, int(v)) for p, v in ballot.items()) for ballot in profile) == sorted(
        sorted(scores.items()) for scores in election.scores or [] if scores
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_ordinal_pb_reads_back_to_the_same_outcome(data: st.DataObject) -> None:
    election = data.draw(ranked_elections())
    assert election.scores is not None
    n = max((max(scores.values()) for scores in election.scores if scores), default=1)
    text = _write(election, "ordinal", n)
    again = pabulib.parse(text).election()
    assert again.votes() == election.votes()
    # The file leaves out empty ballots, as the export does (they give nothing to anyone).
    voted = counting.Election.scored(election.budget, election.costs, [s for s in election.scores or [] if s])
    for rule in counting.RULES:
        assert counting.count(again, rule).selected == counting.count(voted, rule).selected
    _instance, profile = parse_pabulib_from_string(text)
    orders = sorted([p.name for p in ballot] for ballot in profile)
    assert orders == sorted(sorted(scores, key=lambda key: -scores[key]) for scores in election.scores if scores)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "META\nkey;value\nbudget;10\nvote_type;ordinal\nmax_length;1\nPROJECTS\nproject_id;cost\n1;5\n2;5\n"
            "VOTES\nvoter_id;vote\nv1;1,2\n",
            "max_length",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n"
            "v1;1,1\n",
            "deux fois",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n2;5\n"
            "VOTES\nvoter_id;vote;points\nv1;1,2;3\n",
            "autant de points",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n"
            "VOTES\nvoter_id;vote;points\nv1;1;-2\n",
            "points non valables",
        ),
    ],
)
def test_bad_ordinal_and_cumulative_files_are_refused_in_french(text: str, message: str) -> None:
    with pytest.raises(pabulib.PabulibError, match=message):
        pabulib.parse(text).election()


def test_a_ranking_file_counts_with_borda_scores() -> None:
    text = (
        "META\nkey;value\nbudget;10\nvote_type;ordinal\nmax_length;3\nPROJECTS\nproject_id;cost\na;10\nb;10\nc;10\n"
        "VOTES\nvoter_id;vote\nv1;a,b\nv2;b\nv3;c,b,a\n"
    )
    election = pabulib.parse(text).election()
    assert election.votes() == {"a": 3 + 1, "b": 2 + 3 + 2, "c": 3}
    assert counting.greedy(election).selected == ["b"]


@st.composite
def parted_rankings(draw: st.DrawFn) -> tuple[dict[str, int], int, list[dict[str, int]], set[str], int]:
    """Ballots ranking projects of the commune and of a quartier with its envelope (each rank is
    the place on the whole ballot); many rank nothing in one of the two parts."""
    n_projects = draw(st.integers(min_value=1, max_value=7))
    keys = [f"p{index}" for index in range(n_projects)]
    n = draw(st.integers(min_value=1, max_value=n_projects))
    costs = {key: draw(st.integers(min_value=1, max_value=60)) for key in keys}
    orders = draw(st.lists(st.lists(st.sampled_from(keys), unique=True, max_size=n), max_size=10))
    quartier = draw(st.sets(st.sampled_from(keys)))
    envelope = draw(st.integers(min_value=1, max_value=150))
    rows = [{key: rank for rank, key in enumerate(order, start=1)} for order in orders]
    return costs, n, rows, quartier, envelope


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parted_rankings(), st.sampled_from(counting.RULES), st.booleans())
def test_a_part_counts_only_the_ballots_scoring_in_it_as_pabutools_does(
    drawn: tuple[dict[str, int], int, list[dict[str, int]], set[str], int], rule: str, ranking: bool
) -> None:
    """Each part is the district instance of pabulib: its projects, the ballots giving something
    there (a ranking re-read as the order of the part's projects, Borda from n), nobody else."""
    costs, n, rows, quartier, envelope = drawn
    if not ranking:  # cumulative points: the rank read as points
        rows = [{key: n - rank + 1 for key, rank in row.items()} for row in rows]
    for keys, budget in ((quartier, envelope), (set(costs) - quartier, 100)):
        part_costs = {key: cost for key, cost in costs.items() if key in keys}
        kind = counting.RANKING if ranking else counting.POINTS
        part = counting.part_election(budget, part_costs, rows, kind=kind, length=n)
        district: list[dict[str, int]] = []
        for row in rows:
            mine = [key for key in sorted(row, key=lambda key: row[key]) if key in keys]
            if mine:
                district.append(
                    {key: n - place + 1 for place, key in enumerate(mine, 1)} if ranking else {k: row[k] for k in mine}
                )
        assert sorted(sorted(s.items()) for s in part.scores or []) == sorted(sorted(s.items()) for s in district)
        expected = counting.Election.scored(budget, part_costs, district)
        outcome = counting.count(part, rule)
        assert set(outcome.selected) == _pabutools(expected, rule)
        # Greedy is the same with the ballots empty in the part counted in.
        with_empty = counting.Election.scored(budget, part_costs, district + [{}] * (len(rows) - len(district)))
        assert counting.greedy(with_empty).selected == counting.greedy(part).selected
