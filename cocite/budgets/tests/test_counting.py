"""The counting agrees with pabutools (property test on generated instances, and real pabulib files
of Polish cities); the `.pb` export re-imports to the same outcome."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, parse_pabulib
from pabutools.election import Project as PabuProject
from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares

from cocite.budgets import counting, pabulib

DATA = Path(__file__).parent / "data"


def _pabutools(election: counting.Election, rule: str) -> set[str]:
    """pabutools' outcome on the same election (projects nobody approved left out, as ours never selects them)."""
    votes = election.votes()
    projects = {key: PabuProject(key, cost) for key, cost in election.costs.items() if votes[key] > 0}
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = ApprovalProfile(
        [ApprovalBallot([projects[key] for key in ballot if key in projects]) for ballot in election.ballots],
        instance=instance,
    )
    if rule == counting.GREEDY:
        chosen = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    else:
        chosen = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        )
    return {project.name for project in chosen}


@st.composite
def elections(draw: st.DrawFn) -> counting.Election:
    n_projects = draw(st.integers(min_value=1, max_value=8))
    keys = [f"p{index}" for index in range(n_projects)]
    costs = {key: draw(st.integers(min_value=1, max_value=60)) for key in keys}
    budget = draw(st.integers(min_value=1, max_value=150))
    ballots = draw(st.lists(st.frozensets(st.sampled_from(keys), max_size=n_projects), min_size=0, max_size=12))
    return counting.Election(budget=budget, costs=costs, ballots=ballots)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.sampled_from(counting.RULES))
def test_counting_agrees_with_pabutools(election: counting.Election, rule: str) -> None:
    outcome = counting.count(election, rule)
    assert set(outcome.selected) == _pabutools(election, rule)
    assert outcome.spent <= election.budget
    assert all(outcome.votes[key] > 0 for key in outcome.selected)
    assert set(outcome.steps) == set(election.costs)


def _file(name: str) -> pabulib.PbFile:
    return pabulib.parse((DATA / name).read_text(encoding="utf-8"))


def test_greedy_finds_the_projects_warsaw_bemowo_selected_in_2024() -> None:
    """Bemowo (Warsaw) counted its 2024 budget greedily: the file's `selected` column is the city's outcome."""
    parsed = _file("poland_warszawa_2024_bemowo.pb")
    assert parsed.meta["rule"] == "greedy"
    outcome = counting.greedy(parsed.election())
    assert set(outcome.selected) == parsed.selected()
    instance, profile = parse_pabulib(str(DATA / "poland_warszawa_2024_bemowo.pb"))
    assert set(outcome.selected) == {p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)}


@pytest.mark.parametrize("name", ["poland_swiecie_2023_.pb"])
def test_equal_shares_agrees_with_pabutools_on_swiecie_2023(name: str) -> None:
    """Świecie counted its 2023 budget with equal shares (Add1); the file has no `selected` column."""
    parsed = _file(name)
    election = parsed.election()
    outcome = counting.mes(election)
    assert set(outcome.selected) == _pabutools(election, counting.MES)
    assert outcome.spent <= election.budget


def test_greedy_agrees_with_pabutools_on_wieliczka_2023() -> None:
    parsed = _file("poland_wieliczka_2023_green-budget.pb")
    outcome = counting.greedy(parsed.election())
    assert set(outcome.selected) == _pabutools(parsed.election(), counting.GREEDY)


def test_a_written_file_reads_back_to_the_same_outcome() -> None:
    parsed = _file("poland_warszawa_2024_bemowo.pb")
    election = parsed.election()
    votes = election.votes()
    text = pabulib.write(
        meta={"description": "Relecture", "budget": election.budget, "vote_type": "approval"},
        projects=[
            {"project_id": key, "cost": cost, "votes": votes[key], "name": parsed.projects[key]["name"]}
            for key, cost in election.costs.items()
        ],
        votes=[(f"v{index}", sorted(ballot)) for index, ballot in enumerate(election.ballots)],
    )
    again = pabulib.parse(text).election()
    assert again.costs == election.costs
    assert sorted(map(sorted, again.ballots)) == sorted(map(sorted, election.ballots))
    for rule in (counting.GREEDY,):
        assert counting.count(again, rule).selected == counting.count(election, rule).selected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "META, PROJECTS et VOTES"),
        ("bonjour;toi\n", "commencer par META"),
        (
            "META\nkey;value\nbudget;10\nvote_type;scoring\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n",
            "approbation",
        ),
        ("META\nkey;value\nbudget;dix\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\nv1;1\n", "budget"),
        ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;-5\nVOTES\nvoter_id;vote\nv1;1\n", "coût"),
        ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\nv1;2\n", "inconnu"),
    ],
)
def test_bad_files_are_refused_in_french(text: str, message: str) -> None:
    with pytest.raises(pabulib.PabulibError, match=message):
        pabulib.parse(text).election()


@st.composite
def parted_elections(draw: st.DrawFn) -> tuple[counting.Election, list[frozenset[str]], dict[str, int], int]:
    """A budget with a quartier's envelope: ballots over every project, many giving nothing in
    the quartier (or nothing outside it). Returns the whole election, the quartier's projects with
    its envelope, and the envelope."""
    election = draw(elections())
    quartier = draw(st.sets(st.sampled_from(sorted(election.costs))))
    envelope = draw(st.integers(min_value=1, max_value=150))
    costs = {key: cost for key, cost in election.costs.items() if key in quartier}
    return election, list(election.ballots), costs, envelope


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parted_elections(), st.sampled_from(counting.RULES))
def test_a_part_counts_only_the_ballots_voting_in_it_as_pabutools_does(
    drawn: tuple[counting.Election, list[frozenset[str]], dict[str, int], int], rule: str
) -> None:
    """pabulib's district instances list only the district's voters: a ballot empty in a part
    takes no share of its budget. Greedy does not depend on it."""
    election, ballots, costs, envelope = drawn
    rest = {key: cost for key, cost in election.costs.items() if key not in costs}
    for part_costs, budget in ((costs, envelope), (rest, election.budget)):
        part = counting.part_election(budget, part_costs, [dict.fromkeys(ballot, 1) for ballot in ballots])
        district = [ballot & set(part_costs) for ballot in ballots if ballot & set(part_costs)]
        assert sorted(map(sorted, part.ballots)) == sorted(map(sorted, district))
        outcome = counting.count(part, rule)
        assert set(outcome.selected) == _pabutools(
            counting.Election(budget=budget, costs=part_costs, ballots=district), rule
        )
        with_empty = counting.Election(budget=budget, costs=part_costs, ballots=[b & set(part_costs) for b in ballots])
        assert counting.greedy(with_empty).selected == counting.greedy(part).selected
        if outcome.voter_share is not None and district:
            assert outcome.voter_share >= Fraction(budget, len(district))
