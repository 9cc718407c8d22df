"""Counting a participatory budget: greedy by votes, and the Method of Equal Shares with completion.

Pure Python on exact fractions, no database: the same code counts the ballots of a démarche and
an imported pabulib file. It agrees with `pabutools` (checked by the property tests):

- « greedy »: `greedy_utilitarian_welfare` with cost satisfaction (projects by number of votes,
  each taken when it still fits in the budget);
- « mes »: `method_of_equal_shares` with cost satisfaction and `voter_budget_increment=1` (the
  « Add1 » completion of equalshares.net: each voter's share grows by one unit while the outcome
  stays within the budget and is not exhaustive), then the greedy rule spends what is left.

Ties are broken by the project key in string order, as pabutools' lexicographic tie-breaking.
A project nobody approved is never selected.

Ranking and cumulative points give each project a score on each ballot (`Election.scores`): the
Borda score of its rank, or the points. Then:

- « greedy » takes the projects by total score (`greedy_utilitarian_welfare` with an additive
  satisfaction of score × cost, whose density is the score);
- « mes » is the Method of Equal Shares with cardinal utilities, a voter's utility for a project
  being its score (`method_of_equal_shares` with `Additive_Cardinal_Sat`): each supporter pays in
  proportion to their score; the same « Add1 » completion, then greedy by score.

Both kinds of ballots go through one round of equal shares (`_mes_round`), a supporter's utility
being the project's cost for an approval and its score otherwise.

A budget with quartier envelopes is counted part by part (`part_election`), each part as pabulib's
district instances: its projects, and as its voters only the ballots giving something to one of
them (a ranking re-read as the order of the part's projects it ranks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial

GREEDY = "greedy"
MES = "mes"
RULES = (GREEDY, MES)


@dataclass(frozen=True)
class Election:
    """One budget, its projects (key -> cost in whole units) and the approval ballots."""

    budget: int
    costs: Mapping[str, int]
    ballots: Sequence[frozenset[str]]
    # Ranking, cumulative points: each ballot's score per project (positive), in the order of `ballots`.
    scores: Sequence[Mapping[str, int]] | None = None

    @classmethod
    def scored(cls, budget: int, costs: Mapping[str, int], scores: Sequence[Mapping[str, int]]) -> Election:
        kept = [{key: value for key, value in ballot.items() if key in costs and value > 0} for ballot in scores]
        return cls(budget=budget, costs=costs, ballots=[frozenset(ballot) for ballot in kept], scores=kept)

    def votes(self) -> dict[str, int]:
        """Each project's total: its approvals, or its total score when ballots are scored."""
        counts = dict.fromkeys(self.costs, 0)
        if self.scores is not None:
            for scored in self.scores:
                for key, value in scored.items():
                    if key in counts:
                        counts[key] += value
            return counts
        for ballot in self.ballots:
            for key in ballot:
                if key in counts:
                    counts[key] += 1
        return counts

    def supporters(self) -> dict[str, int]:
        """How many ballots give each project something."""
        counts = dict.fromkeys(self.costs, 0)
        for ballot in self.ballots:
            for key in ballot:
                if key in counts:
                    counts[key] += 1
        return counts


APPROVAL = "approval"
RANKING = "ranking"
POINTS = "points"


def borda(ranks: Mapping[str, int], length: int) -> dict[str, int]:
    """A ranking's Borda scores: the projects in the order of their ranks, the first scoring
    `length`, the next `length` − 1, and so on (n − r + 1 with r its place in this order)."""
    order = sorted(ranks, key=lambda key: ranks[key])
    return {key: length - place + 1 for place, key in enumerate(order, start=1)}


def part_election(
    budget: int, costs: Mapping[str, int], rows: Sequence[Mapping[str, int]], *, kind: str = APPROVAL, length: int = 0
) -> Election:
    """The election of one part of the budget (a quartier's envelope, or the rest), as pabulib's
    district instances: the part's projects (`costs`), and as its voters the ballots that give
    something to one of them. A ballot that gives nothing in the part is not one of its voters:
    no share of the part's budget is kept for it.

    `rows`: each ballot's value per project key — anything positive for an approval, the rank for a
    ranking (`kind=RANKING`: the part's projects it ranks keep their order, the first scoring
    `length`, as a ranking of the part alone), the points for cumulative points (`kind=POINTS`)."""
    kept = [given for given in ({k: v for k, v in row.items() if k in costs and v > 0} for row in rows) if given]
    if kind == APPROVAL:
        return Election(budget=budget, costs=costs, ballots=[frozenset(given) for given in kept])
    if kind == RANKING:
        kept = [borda(given, length) for given in kept]
    return Election.scored(budget, costs, kept)


@dataclass
class Step:
    """Why one project won or lost: `reason` is a code the outcome page words."""

    key: str
    selected: bool
    reason: str
    order: int | None = None  # position in the selection (1-based) when selected
    remaining: int | None = None  # budget left when the decision was taken (greedy, completion)
    payment: Fraction | None = None  # MES: what each supporter paid at most (scored: per point of score)
    covered: Fraction | None = None  # MES: what the supporters could still pay when the project lost


@dataclass
class Outcome:
    rule: str
    budget: int
    selected: list[str] = field(default_factory=list)
    steps: dict[str, Step] = field(default_factory=dict)
    votes: dict[str, int] = field(default_factory=dict)
    voter_share: Fraction | None = None  # MES: the final share of each voter

    @property
    def spent(self) -> int:
        return sum(self.cost_of(key) for key in self.selected)

    def cost_of(self, key: str) -> int:
        return self._costs[key]

    _costs: dict[str, int] = field(default_factory=dict)


def _greedy_fill(
    election: Election, votes: Mapping[str, int], chosen: list[str], steps: dict[str, Step], reason: str
) -> None:
    remaining = election.budget - sum(election.costs[key] for key in chosen)
    order = sorted((key for key in election.costs if key not in chosen), key=lambda key: (-votes[key], key))
    for key in order:
        if votes[key] == 0:
            steps[key] = Step(key, False, "no_votes")
            continue
        cost = election.costs[key]
        if cost <= remaining:
            chosen.append(key)
            steps[key] = Step(key, True, reason, order=len(chosen), remaining=remaining)
            remaining -= cost
        else:
            steps[key] = Step(key, False, "over_budget", remaining=remaining)


def greedy(election: Election) -> Outcome:
    votes = election.votes()
    outcome = Outcome(GREEDY, election.budget, votes=votes, _costs=dict(election.costs))
    _greedy_fill(election, votes, outcome.selected, outcome.steps, "greedy")
    return outcome


def _mes_round(
    election: Election, supporters: Mapping[str, list[tuple[int, int]]], share: Fraction
) -> tuple[list[str], dict[str, Fraction], dict[str, Fraction]]:
    """One run of MES, each supporter's utility for a project being given (`supporters`: key ->
    (ballot index, utility)): the cost for approvals (cost satisfaction), the score for a ranking
    or points (cardinal utilities). Each supporter pays rho × utility, capped by what they have
    left; the project whose rho is the lowest is taken first. Returns the selection, each winner's
    rho (the price of one unit of utility) and for the losers what their supporters could still pay
    at the end."""
    budgets = [share] * len(election.ballots)
    total = {key: sum(utility for _index, utility in voters) for key, voters in supporters.items()}
    # rho only grows as budgets shrink, so a scan sorted by the last rho found can stop early.
    afford = {key: Fraction(election.costs[key], total[key]) for key in supporters}
    remaining = set(supporters)
    chosen: list[str] = []
    rhos: dict[str, Fraction] = {}
    while remaining:
        best: Fraction | None = None
        tied: list[str] = []
        for key in sorted(remaining, key=lambda k: afford[k]):
            cost = election.costs[key]
            voters = supporters[key]
            if sum(budgets[i] for i, _utility in voters) < cost:
                remaining.discard(key)
                continue
            if best is not None and afford[key] > best:
                break
            paid = Fraction(0)
            weight = total[key]
            # The poorest supporters (for their utility) pay all they have; the others pay rho × utility.
            for i, utility in sorted(voters, key=lambda pair: budgets[pair[0]] / pair[1]):
                rho = (cost - paid) / weight
                if rho * utility <= budgets[i]:
                    afford[key] = rho
                    if best is None or rho < best:
                        best, tied = rho, [key]
                    elif rho == best:
                        tied.append(key)
                    break
                paid += budgets[i]
                weight -= utility
        if best is None:
            break
        key = min(tied)
        remaining.discard(key)
        chosen.append(key)
        rhos[key] = best
        for i, utility in supporters[key]:
            budgets[i] -= min(budgets[i], best * utility)
    covered = {
        key: sum((budgets[i] for i, _utility in voters), Fraction(0))
        for key, voters in supporters.items()
        if key not in chosen
    }
    return chosen, rhos, covered


def mes(election: Election, *, increment: int = 1) -> Outcome:
    votes = election.votes()
    outcome = Outcome(MES, election.budget, votes=votes, _costs=dict(election.costs))
    voters = len(election.ballots)
    if voters == 0:
        _greedy_fill(election, votes, outcome.selected, outcome.steps, "completion")
        return outcome
    # Each supporter's utility: the project's cost for an approval, its score for a ranking or points.
    supporters: dict[str, list[tuple[int, int]]] = {}
    if election.scores is not None:
        for index, given in enumerate(election.scores):
            for key, value in given.items():
                if key in election.costs and value > 0:
                    supporters.setdefault(key, []).append((index, value))
        reason = "equal_shares_scored"
    else:
        for index, ballot in enumerate(election.ballots):
            for key in ballot:
                if key in election.costs:
                    supporters.setdefault(key, []).append((index, election.costs[key]))
        reason = "equal_shares"
    run = partial(_mes_round, election, supporters)

    share = Fraction(election.budget, voters)
    result = run(share)
    used_share = share
    while True:
        chosen = result[0]
        spent = sum(election.costs[key] for key in chosen)
        left = election.budget - spent
        if not any(election.costs[key] <= left for key in supporters if key not in chosen):
            break  # exhaustive
        bigger = share + increment
        attempt = run(bigger)
        if sum(election.costs[key] for key in attempt[0]) > election.budget:
            break  # the previous outcome was the last one within the budget
        share, result, used_share = bigger, attempt, bigger
    chosen, rhos, covered = result
    for order, key in enumerate(chosen, start=1):
        outcome.selected.append(key)
        # Approvals: what each supporter paid at most (rho × cost); scored: the price of a point (rho).
        payment = rhos[key] if election.scores is not None else rhos[key] * election.costs[key]
        outcome.steps[key] = Step(key, True, reason, order=order, payment=payment)
    outcome.voter_share = used_share
    _greedy_fill(election, votes, outcome.selected, outcome.steps, "completion")
    for key, step in outcome.steps.items():
        if not step.selected and key in covered:
            step.covered = covered[key]
    return outcome


def count(election: Election, rule: str) -> Outcome:
    if rule == GREEDY:
        return greedy(election)
    if rule == MES:
        return mes(election)
    raise ValueError(f"unknown counting rule {rule!r}")
