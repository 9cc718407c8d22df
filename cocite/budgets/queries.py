"""Reads of the participatory budget: rules in force, projects, one's ballot, ballot data, counts."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Count as DbCount
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_active_user
from cocite.core.cache import forget_namespace, reference_data
from cocite.decisions.models import Decision
from cocite.demarches.models import Demarche, RuleVersion
from cocite.demarches.queries import demarche_get_for

from . import counting
from .models import Ballot, BallotChoice, BudgetRules, Count, Envelope, Method, PaperEntry, Project
from .permissions import can_key_paper, can_manage_budget

COMPONENT = "budgets"
NAMESPACE = "budgets"  # the reference cache's: the vote's terms
LIST_LIMIT = 500  # a participatory budget puts tens of projects to the vote, never thousands
REJECTED_OUTCOMES = (Decision.Outcome.REJECTED, Decision.Outcome.OUT_OF_SCOPE)
FOLLOWED = (Decision.Outcome.ACCEPTED, Decision.Outcome.ACCEPTED_MODIFIED, Decision.Outcome.ALREADY_PLANNED)


def budget_demarche(viewer: Viewer, slug: str) -> Demarche:
    """A démarche this person may see that has the participatory budget component, or 404."""
    demarche = demarche_get_for(viewer, slug)
    if not any(component.name == COMPONENT for component in demarche.enabled_components()):
        raise Http404
    return demarche


def rules_for(demarche: Demarche) -> BudgetRules | None:
    """The budget rules of the latest rule version in force that has some."""
    return (
        BudgetRules.objects.filter(
            rule_version__rulebook__demarche=demarche, rule_version__effective_at__lte=timezone.now()
        )
        .select_related("rule_version__rulebook")
        .order_by("-rule_version__number")
        .first()
    )


@dataclass(frozen=True)
class VoteTerms:
    """What checking a ballot needs, read once per change rather than on every ballot: the rules in
    force, each project's cost and quartier, each quartier envelope, and when another rule version
    comes into force (these terms hold until then)."""

    demarche_id: int
    rules: BudgetRules | None
    projects: dict[int, tuple[int, int | None]]  # project id -> (cost, quartier id)
    limits: dict[int, int]  # quartier id -> its envelope
    until: datetime.datetime | None


def _read_vote_terms(demarche: Demarche) -> VoteTerms:
    rules = rules_for(demarche)
    projects: dict[int, tuple[int, int | None]] = {
        pk: (cost, quartier) for pk, cost, quartier in demarche.budget_projects.values_list("pk", "cost", "quartier_id")
    }
    limits = dict(rules.envelopes.values_list("quartier_id", "amount")) if rules is not None else {}
    until = (
        RuleVersion.objects.filter(rulebook__demarche=demarche, effective_at__gt=timezone.now())
        .order_by("effective_at")
        .values_list("effective_at", flat=True)
        .first()
    )
    return VoteTerms(demarche_id=demarche.pk, rules=rules, projects=projects, limits=limits, until=until)


def vote_terms(demarche: Demarche) -> VoteTerms:
    """The terms of the démarche's vote, from the reference cache: a ballot cast is the write of a
    vote's peak, and these are its three reads. Any save of the budget's rules, envelopes or projects,
    or of the rulebook, forgets them (cocite/budgets/scopes.py); a version coming into force later
    needs no write, hence `until`."""
    terms: VoteTerms = reference_data(f"vote:{demarche.pk}", lambda: _read_vote_terms(demarche), namespace=NAMESPACE)
    if terms.until is not None and terms.until <= timezone.now():
        forget_namespace(NAMESPACE)
        terms = reference_data(f"vote:{demarche.pk}", lambda: _read_vote_terms(demarche), namespace=NAMESPACE)
    return terms


def envelopes(rules: BudgetRules) -> list[Envelope]:
    return list(rules.envelopes.select_related("quartier").order_by("quartier__name"))


def projects(
    demarche: Demarche, *, quartier: int | None = None, theme: int | None = None, commune_wide: bool = False
) -> list[Project]:
    qs = Project.objects.filter(demarche=demarche).select_related("quartier", "theme")
    if commune_wide:
        qs = qs.filter(quartier__isnull=True)
    elif quartier is not None:
        qs = qs.filter(quartier_id=quartier)
    if theme is not None:
        qs = qs.filter(theme_id=theme)
    return list(qs.order_by("title", "pk")[:LIST_LIMIT])


def project_get(demarche: Demarche, pk: int) -> Project:
    project = (
        Project.objects.filter(demarche=demarche, pk=pk)
        .select_related("quartier", "theme", "cost_opinion__request__department")
        .first()
    )
    if project is None:
        raise Http404
    return project


def project_sources(project: Project) -> list[tuple[str, str]]:
    """The retained contributions a project comes from: (title, url)."""
    return [(item.title, item.get_absolute_url()) for item in project.items.order_by("pk")[:50]]


def infeasible(demarche: Demarche) -> list[Decision]:
    """Contributions of the démarche found infeasible or not retained, with their reasoned decision."""
    return list(
        Decision.objects.filter(demarche=demarche, outcome__in=REJECTED_OUTCOMES, superseded_by__isnull=True)
        .prefetch_related("items")
        .order_by("-decided_on", "-pk")[:LIST_LIMIT]
    )


def retained_items(demarche: Demarche) -> QuerySet[Decision]:
    """Decisions retaining contributions of the démarche, newest first (for making projects)."""
    return (
        Decision.objects.filter(demarche=demarche, outcome__in=FOLLOWED, superseded_by__isnull=True)
        .prefetch_related("items", "opinions")
        .order_by("-decided_on", "-pk")
    )


def my_ballot(user: Viewer, demarche: Demarche) -> Ballot | None:
    if not is_active_user(user):
        return None
    return Ballot.objects.filter(demarche=demarche, voter=user).prefetch_related("projects").first()


def ballot_marks(ballot: Ballot) -> dict[int, int]:
    """A ballot's rank or points per project id (1 for each approved project)."""
    return dict(BallotChoice.objects.filter(ballot=ballot).values_list("project_id", "value"))


def ballot_count(demarche: Demarche) -> int:
    return Ballot.objects.filter(demarche=demarche).count()


def ballot_rows(demarche: Demarche) -> list[dict[str, int]]:
    """Every counted ballot as {project key: value} (1 for an approval, the rank for a ranking, the
    points for cumulative points), in receipt order (random: no timing, no voter)."""
    rows: dict[int, dict[str, int]] = {}
    for ballot_id in Ballot.objects.filter(demarche=demarche).order_by("receipt").values_list("pk", flat=True):
        rows[ballot_id] = {}
    links = BallotChoice.objects.filter(ballot__demarche=demarche).values_list("ballot_id", "project_id", "value")
    for ballot_id, project_id, value in links.iterator(chunk_size=5000):
        rows[ballot_id][str(project_id)] = value
    return [dict(sorted(row.items(), key=lambda pair: int(pair[0]))) for row in rows.values()]


def ballot_data(demarche: Demarche) -> list[list[str]]:
    """Every counted ballot as its sorted project keys, in receipt order (random: no timing, no voter)."""
    return [list(row) for row in ballot_rows(demarche)]


def hash_lines(rows: list[dict[str, int]], rules: BudgetRules) -> list[list[str]]:
    """What the hash covers of each ballot: its project ids (ascending); for a ranking or points,
    followed by `;` and their ranks or points in the same order — the CSV's two middle cells."""
    if not rules.scored:
        return [list(row) for row in rows]
    return [[",".join(row) + ";" + ",".join(str(value) for value in row.values())] for row in rows]


def ballots_sha256(ballots: list[list[str]]) -> str:
    """SHA-256 of the ballot data: one line per ballot (its project ids, comma-separated, ascending;
    for a ranking or points then `;` and the values), lines in ascending order, joined by "\\n" —
    recomputable from the open-data export."""
    lines = sorted(",".join(ballot) for ballot in ballots)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Part:
    """One budget counted apart: a quartier's envelope, or the rest of the budget."""

    label: str
    quartier_id: int | None
    budget: int
    projects: list[Project]


def parts(demarche: Demarche, rules: BudgetRules) -> list[Part]:
    every = list(Project.objects.filter(demarche=demarche).select_related("quartier").order_by("pk")[:LIST_LIMIT])
    found = envelopes(rules)
    reserved = {envelope.quartier_id for envelope in found}
    result = [
        Part(
            label=envelope.quartier.name,
            quartier_id=envelope.quartier_id,
            budget=envelope.amount,
            projects=[p for p in every if p.quartier_id == envelope.quartier_id],
        )
        for envelope in found
    ]
    rest = rules.total_budget - sum(envelope.amount for envelope in found)
    result.insert(
        0, Part(label="", quartier_id=None, budget=rest, projects=[p for p in every if p.quartier_id not in reserved])
    )
    return result


def election_for(
    part: Part,
    ballots: list[list[str]],
    *,
    rules: BudgetRules | None = None,
    rows: list[dict[str, int]] | None = None,
) -> counting.Election:
    """The election of one part (`counting.part_election`): its projects, and as voters the ballots
    giving something to one of them. With scored rules and the ballots' `rows`, each project's
    score on each ballot (Borda score of its rank, or its points). A part is an election of its own:
    a ranking counts there as the order of the part's projects it ranks (ranks 2 and 4 of a ballot
    become its 1st and 2nd choices in that part), as its ordinal `.pb` file says."""
    costs = {project.key: project.cost for project in part.projects}
    if rules is not None and rules.scored and rows is not None:
        if rules.method == Method.RANKING:
            return counting.part_election(
                part.budget, costs, rows, kind=counting.RANKING, length=rules.max_choices or 0
            )
        return counting.part_election(part.budget, costs, rows, kind=counting.POINTS)
    return counting.part_election(part.budget, costs, [dict.fromkeys(ballot, 1) for ballot in ballots])


def counts(demarche: Demarche) -> list[Count]:
    return list(Count.objects.filter(demarche=demarche).select_related("log_entry").order_by("-pk")[:50])


def count_get(demarche: Demarche, pk: int) -> Count:
    found = Count.objects.filter(demarche=demarche, pk=pk).select_related("log_entry", "rules__rule_version").first()
    if found is None:
        raise Http404
    return found


def recent_paper_entries(viewer: User, demarche: Demarche, *, limit: int = 20) -> list[PaperEntry]:
    if not can_key_paper(viewer, demarche):
        return []
    return list(PaperEntry.objects.filter(demarche=demarche).select_related("agent")[:limit])


def paper_mismatches(viewer: User, demarche: Demarche, *, limit: int = 50) -> list[str]:
    """Sheets keyed by two agents or more whose entries differ, not yet settled by a matching pair."""
    if not can_manage_budget(viewer, demarche) and not can_key_paper(viewer, demarche):
        return []
    sheets = (
        PaperEntry.objects.filter(demarche=demarche, ballot__isnull=True)
        .values("sheet")
        .annotate(n=DbCount("pk"))
        .filter(n__gte=2)
        .order_by("sheet")
        .values_list("sheet", flat=True)[:limit]
    )
    return list(sheets)
