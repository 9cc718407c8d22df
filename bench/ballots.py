"""The « ballot cast » write row of `make bench` (issue 22): a participatory budget open to the vote.

The bench data (`seed_city`) has no budget: the first run builds one through the same actions as
the tests (a démarche with twelve costed projects, rules with the vote open for ten days) and keeps
it under a fixed slug; later runs reuse it while its vote is open. Voters are residents of the
bench data the other rows do not use, their residence verified as the rules ask; each request of
the plan is one person confirming their cart (a first ballot, or a change on a later run: a write
either way).
"""

from __future__ import annotations

import datetime
import random
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils import timezone

from cocite.accounts.models import User
from cocite.budgets import queries
from cocite.budgets.models import Ballot
from cocite.demarches.models import Demarche

BENCH_SLUG = "banc-budget-participatif"
COSTS = [40000, 55000, 30000, 80000, 25000, 60000, 45000, 35000, 70000, 20000, 50000, 65000]


def ballot_demarche() -> Demarche:
    """The bench's budget démarche with its vote open for at least a day (built on first use)."""
    demarche = Demarche.objects.filter(slug=BENCH_SLUG).first()
    if demarche is not None:
        rules = queries.rules_for(demarche)
        if rules is not None and rules.closes_at > timezone.now() + datetime.timedelta(days=1):
            return demarche
        # Its vote closed: keep it (its count stays checkable) under another slug, make a new one.
        Demarche.objects.filter(pk=demarche.pk).update(slug=f"{BENCH_SLUG}-{demarche.pk}")
    from cocite.budgets.tests.helpers import budget_setup  # factory_boy: a development dependency

    made = budget_setup(COSTS, total=sum(COSTS))["demarche"]
    Demarche.objects.filter(pk=made.pk).update(slug=BENCH_SLUG)
    return Demarche.objects.get(pk=made.pk)


def eligible_voters(people: list[User]) -> list[User]:
    """The people, their residence verified for a year (the rules keep the vote to verified residents)."""
    now = timezone.now()
    soon = now + datetime.timedelta(days=30)
    expiring = Q(residence_verified_until__isnull=True) | Q(residence_verified_until__lt=soon)
    User.objects.filter(expiring, pk__in=[p.pk for p in people]).update(
        residence_verified_at=now - datetime.timedelta(days=1),
        residence_verified_until=now + datetime.timedelta(days=365),
    )
    return people


def ballot_requests(demarche: Demarche, sessions: list[str]) -> list[tuple[str, str, str]]:
    """(session, path, body): each person confirms a cart of one to four projects (all within budget)."""
    rng = random.Random(22)
    project_ids = sorted(demarche.budget_projects.values_list("pk", flat=True))
    path = f"/demarches/{demarche.slug}/budget/vote/"
    requests = []
    for session in sessions:
        chosen = rng.sample(project_ids, rng.randint(1, 4))
        body = urlencode([("step", "confirm"), ("age", "on"), *(("projects", str(pk)) for pk in chosen)])
        requests.append((session, path, body))
    return requests


def ballots_exact(demarche: Demarche) -> bool:
    """None half-written: every ballot holds at least one project; one ballot per person (the
    constraint), so none counted twice."""
    ballots = Ballot.objects.filter(demarche=demarche).annotate(n=Count("projects"))
    empty = ballots.filter(n=0).count()
    voters = ballots.values("voter_id").distinct().count()
    return empty == 0 and voters == ballots.count()
