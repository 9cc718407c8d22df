"""Reads for the results pages, in a bounded number of queries."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Count, Field, IntegerField, Model, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.translation import gettext, ngettext

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core.personal_data import rows
from cocite.core.rows import JoinedRows, quoted
from cocite.decisions import permissions as decision_permissions
from cocite.decisions.models import Decision, DecisionItem, Opinion, OpinionRequest, Routing
from cocite.decisions.queries import current_decision_for, current_decision_ids
from cocite.demarches.models import reopen_rule_words
from cocite.demarches.queries import hidden_demarches, visible_demarches
from cocite.items.models import Item
from cocite.items.queries import remember_item
from cocite.items.registry import registry
from cocite.territory.models import Department

from .journal import rules_for
from .models import CompletionCheck, Milestone, Result, ResultUpdate

PAGE_SIZE = 20
DEFAULT_REOPEN_PROPORTION = 50
DEFAULT_REOPEN_MINIMUM = 3
FOLLOWED_OUTCOMES = (
    Decision.Outcome.ACCEPTED,
    Decision.Outcome.ACCEPTED_MODIFIED,
    Decision.Outcome.ALREADY_PLANNED,
)


@dataclass(frozen=True)
class ReopenRule:
    """How many « non » reopen a follow-up, accounting for who may answer.

    At least `proportion` % of the `eligible` people (those who may answer), and at least
    `minimum` of them — all of them when they are fewer: a rule asking more « non » than people
    who may answer could never be met.
    """

    proportion: int | None
    minimum: int
    eligible: int

    @property
    def threshold(self) -> int:
        by_share = math.ceil(self.eligible * self.proportion / 100) if self.proportion else 0
        return max(1, by_share, min(self.minimum, self.eligible))

    def words(self) -> str:
        rule = reopen_rule_words(self.proportion, self.minimum)
        return (
            gettext("Règle : le suivi est rouvert %(rule)s.") % {"rule": rule}
            + " "
            + ngettext(
                "%(eligible)s personne peut répondre : il faut %(threshold)s « non ».",
                "%(eligible)s personnes peuvent répondre : il faut %(threshold)s « non ».",
                self.eligible,
            )
            % {"eligible": self.eligible, "threshold": self.threshold}
        )


def reopen_rule(result: Result, concerned: set[int] | None = None) -> ReopenRule:
    """The rule version's reopening rule for the result (without rules: half, and at least 3).

    `concerned`: the ids of the people who may answer, when the caller has them already."""
    eligible = len(concerned if concerned is not None else concerned_user_ids(result))
    version = rules_for(result)
    if version is None or (version.reopen_threshold is None and version.reopen_proportion is None):
        return ReopenRule(DEFAULT_REOPEN_PROPORTION, DEFAULT_REOPEN_MINIMUM, eligible)
    return ReopenRule(version.reopen_proportion, version.reopen_threshold or 1, eligible)


def reopen_threshold(result: Result) -> int:
    """How many « non » reopen the follow-up now (see ReopenRule)."""
    return reopen_rule(result).threshold


def concerned_user_ids(result: Result) -> set[int]:
    """The people concerned by the items the result follows up (their resources say who: authors, supporters)."""
    by_kind: dict[str, list[int]] = {}
    for kind, object_id in result.items.order_by("pk").values_list("kind", "object_id"):
        by_kind.setdefault(kind, []).append(object_id)
    people: set[int] = set()
    for kind, object_ids in by_kind.items():
        decidable = registry.spec(kind).decidable
        if decidable is not None:
            people.update(decidable.concerned_people(object_ids))
    return people


def is_concerned(user: Viewer, result: Result) -> bool:
    if not is_signed_in(user):
        return False
    return int(user.pk) in concerned_user_ids(result)


def decisions_to_follow(user: Viewer, decision_ids: Sequence[int]) -> list[Decision]:
    """The current decisions among these ids that a result can follow and this person may see."""
    links = Decision.items.through.objects.filter(decision__in=decision_ids)
    current = set(current_decision_ids(links.values_list("item_id", flat=True)).values())
    return list(
        Decision.objects.filter(pk__in=[d for d in decision_ids if d in current], outcome__in=FOLLOWED_OUTCOMES)
        .exclude(demarche__in=hidden_demarches(user))
        .order_by("pk")
    )


@dataclass
class ResultFilters:
    status: str = ""
    department: str = ""
    demarche: str = ""


def visible_results(user: Viewer) -> QuerySet[Result]:
    """Results whose every source (decisions and their contributions) this person may see.

    A result is as visible as its most restricted source: one following a public and an
    invitation-only decision is for those invited (and administrators) only.
    """
    hidden = hidden_demarches(user)
    return Result.objects.exclude(decisions__demarche__in=hidden).exclude(items__demarche__in=hidden)


def result_page(user: Viewer, filters: ResultFilters, page_number: Any) -> Page[Any]:
    qs = visible_results(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.department:
        qs = qs.filter(department__slug=filters.department)
    if filters.demarche:
        qs = qs.filter(demarche__slug=filters.demarche)
    qs = (
        qs.select_related("department", "demarche")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")))
        .order_by("-updated_at", "-pk")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


@dataclass
class ResultDetail:
    result: Result
    milestones: list[Milestone]
    updates: list[ResultUpdate]
    decisions: list[Decision]
    items: list[Item]
    yes: int
    no: int
    threshold: int
    reopen_words: str
    concerned: bool
    my_check: CompletionCheck | None
    comments: list[CompletionCheck]


def result_get_for(user: Viewer, pk: int) -> ResultDetail:
    result = visible_results(user).filter(pk=pk).select_related("department", "demarche").first()
    if result is None:
        raise Http404
    tally = CompletionCheck.objects.filter(result=result, round=result.round).aggregate(
        yes=Count("pk", filter=Q(done=True)), no=Count("pk", filter=Q(done=False))
    )
    my_check = None
    concerned = False
    people = concerned_user_ids(result)
    reopen = reopen_rule(result, people)
    if is_signed_in(user):
        my_check = CompletionCheck.objects.filter(result=result, round=result.round, user_id=user.pk).first()
        concerned = int(user.pk) in people
    return ResultDetail(
        result=result,
        milestones=list(result.milestones.order_by("due_on", "pk")),
        updates=list(result.updates.select_related("author").order_by("-created_at", "-pk")),
        decisions=list(result.decisions.filter(demarche__in=visible_demarches(user)).order_by("-published_at")),
        items=list(result.items.filter(demarche__in=visible_demarches(user)).order_by("pk")),
        yes=tally["yes"],
        no=tally["no"],
        threshold=reopen.threshold,
        reopen_words=reopen.words(),
        concerned=concerned,
        my_check=my_check,
        comments=list(
            CompletionCheck.objects.filter(result=result, round=result.round)
            .exclude(comment="")
            .order_by("-created_at")[:50]
        ),
    )


def results_shown_with(item: Item) -> list[Result]:
    """The results an item's page shows to everyone who may see the item.

    The page's panel is shared by all its viewers (a cached fragment), so it lists only results
    whose sources are all in the item's own démarche or public: a result that also
    follows a more restricted decision is found in the results list by those who may see it.
    """
    beyond = hidden_demarches(None).exclude(pk__in=[item.demarche_id] if item.demarche_id else [])
    return list(
        Result.objects.filter(items=item.pk)
        .exclude(decisions__demarche__in=beyond)
        .exclude(items__demarche__in=beyond)
        .order_by("-updated_at", "-pk")
    )


def milestone_of(result: Result, milestone_id: int) -> Milestone | None:
    return Milestone.objects.filter(pk=milestone_id, result=result).first()


def result_for_edit(pk: int) -> Result:
    result = Result.objects.filter(pk=pk).select_related("department", "demarche").first()
    if result is None:
        raise Http404
    return result


# ---------------------------------------------------------------------------
# The panel on an item's page: decision first, then the timeline (decisions and results together)
# ---------------------------------------------------------------------------

NEGATIVE_OUTCOMES = (Decision.Outcome.REJECTED, Decision.Outcome.OUT_OF_SCOPE, Decision.Outcome.MERGED)


@dataclass
class TimelineStep:
    key: str
    label: str
    state: str  # "done", "current", "todo", "skipped"
    date: Any = None
    detail: str = ""


@dataclass
class Panel:
    item: Item
    routing: Routing | None
    decision: Decision | None
    opinions: list[Opinion]
    requested: int
    answered: int
    results: list[Any]
    steps: list[TimelineStep]
    can_instruct: bool


def _item_facts() -> dict[str, tuple[str, tuple[Any, ...], Field[Any, Any]]]:
    """Counted inside the query that reads the item: its opinion requests (asked, answered), and
    whether any decision or result names it (without, the panel needs neither query). Each as its
    SQL, parameters and type.

    Plain SQL correlated with the item's row: the ORM's subqueries cost more Python to compile than
    the counts take to run (issue 15: an uncached contribution page).
    """
    item = f"{quoted(Item._meta.db_table)}.{quoted(Item._meta.pk.column)}"
    requests = OpinionRequest._meta
    counted = (
        f"SELECT COUNT(*) FROM {quoted(requests.db_table)} r "  # noqa: S608 — names from the models
        f"WHERE r.{quoted(requests.get_field('item').column)} = {item}"
    )
    status = quoted(requests.get_field("status").column)
    links = DecisionItem._meta
    sources = Result.items.through._meta
    integer, boolean = IntegerField(), BooleanField()
    return {
        "requested": (counted, (), integer),
        "answered": (f"{counted} AND r.{status} = %s", (OpinionRequest.Status.ANSWERED,), integer),
        "decided": (
            f"EXISTS (SELECT 1 FROM {quoted(links.db_table)} d "  # noqa: S608 — names from the models
            f"WHERE d.{quoted(links.get_field('item').column)} = {item})",
            (),
            boolean,
        ),
        "followed_up": (
            f"EXISTS (SELECT 1 FROM {quoted(sources.db_table)} s "  # noqa: S608 — names from the models
            f"WHERE s.{quoted(sources.get_field('item').column)} = {item})",
            (),
            boolean,
        ),
    }


def _item_through_the_orm(kind: str, object_id: int) -> Item | None:
    facts = {
        name: RawSQL(sql, params, output_field=field)  # noqa: S611 — names from the models, values as parameters
        for name, (sql, params, field) in _item_facts().items()
    }
    return (
        Item.objects.filter(kind=kind, object_id=object_id)
        .select_related("routing", "routing__department")
        .annotate(**facts)
        .first()
    )


@dataclass(frozen=True)
class _ItemSQL:
    sql: str
    params: tuple[Any, ...]
    items: JoinedRows[Item]
    routings: JoinedRows[Routing]
    facts: list[str]
    item_end: int  # the row's columns: the item's, then the routing's and its department's, then the facts
    routing_end: int
    routing_pk: int  # the routing's primary key among its columns (NULL: no routing)


@functools.cache
def _item_sql() -> _ItemSQL:
    """Written once: the SQL and where each part of its row ends (JoinedRows reads every concrete field)."""
    items, routings = JoinedRows(Item), JoinedRows(Routing, ("department",))
    facts = _item_facts()
    routing = Routing._meta
    counts = [f"({sql}) AS {quoted(name)}" for name, (sql, _params, _field) in facts.items()]
    sql = (
        f"SELECT {', '.join([items.columns, routings.columns, *counts])} FROM {items.source} "  # noqa: S608 — names
        f"LEFT JOIN ({routings.source}) ON {quoted(routing.db_table)}.{quoted(routing.get_field('item').column)} "
        f"= {items.table}.{quoted(Item._meta.pk.column)} "
        f"WHERE {items.table}.{quoted(Item._meta.get_field('kind').column)} = %s "
        f"AND {items.table}.{quoted(Item._meta.get_field('object_id').column)} = %s "
        f"ORDER BY {items.table}.{quoted(Item._meta.pk.column)} LIMIT 1"
    )
    params = tuple(param for _sql, fact_params, _field in facts.values() for param in fact_params)
    item_end = len(Item._meta.concrete_fields)
    return _ItemSQL(
        sql=sql,
        params=params,
        items=items,
        routings=routings,
        facts=list(facts),
        item_end=item_end,
        routing_end=item_end + len(Routing._meta.concrete_fields) + len(Department._meta.concrete_fields),
        routing_pk=[field.attname for field in Routing._meta.concrete_fields].index(Routing._meta.pk.attname),
    )


def _routing_of(item: Item) -> Routing | None:
    try:
        return item.routing
    except ObjectDoesNotExist:
        return None


def _read_item(kind: str, object_id: int) -> tuple[Item, Routing | None] | None:
    """`_item_through_the_orm`'s item and routing (its department joined) and the facts; in plain SQL on
    PostgreSQL (cocite.core.rows: every contribution page reads it, and compiling the queryset cost more
    than the query)."""
    if connection.vendor != "postgresql":
        found = _item_through_the_orm(kind, object_id)
        return None if found is None else (found, _routing_of(found))
    read = _item_sql()
    with connection.cursor() as cursor:
        cursor.execute(read.sql, [*read.params, kind, object_id])
        row = cursor.fetchone()
    if row is None:
        return None
    item = read.items.build(row[: read.item_end])
    routing_row = row[read.item_end : read.routing_end]
    routing = read.routings.build(routing_row) if routing_row[read.routing_pk] is not None else None  # NULLs: none
    if routing is not None:
        item.routing = routing
    for name, value in zip(read.facts, row[read.routing_end :], strict=True):
        setattr(item, name, value)
    return item, routing


def object_panel(user: Viewer, obj: Model) -> Panel | None:
    """The panel of a resource's object (None for an object of no resource, or without its item yet).

    One query reads the item with its routing (a left join), the opinion counts, and whether a
    decision or a result names it (the two queries of `item_panel` only run when one does).
    """
    spec = registry.for_model(obj._meta.label)
    if spec is None or obj.pk is None:
        return None
    found = _read_item(spec.kind, obj.pk)
    remember_item(obj, found[0] if found else None)  # the page's other panels (missions, initiatives) read it
    if found is None:
        return None
    item, routing = found
    # Opinions are only ever asked about a routed item: no routing, no requests.
    requested = item.requested if routing else 0  # type: ignore[attr-defined]  # read with the item
    answered = item.answered if routing else 0  # type: ignore[attr-defined]
    return item_panel(
        user,
        item,
        routing=routing,
        requested=requested,
        answered=answered,
        decided=bool(item.decided),  # type: ignore[attr-defined]
        followed_up=bool(item.followed_up),  # type: ignore[attr-defined]
    )


def _opinions_given(answered: int, requested: int) -> str:
    """« 1 avis rendu sur 2 demandés »: each number agrees with its own noun."""
    given = ngettext("%(n)s avis rendu", "%(n)s avis rendus", answered) % {"n": answered}
    return ngettext("%(given)s sur %(n)s demandé", "%(given)s sur %(n)s demandés", requested) % {
        "given": given,
        "n": requested,
    }


def item_panel(
    user: Viewer,
    item: Item,
    *,
    routing: Routing | None,
    requested: int,
    answered: int,
    decided: bool = True,
    followed_up: bool = True,
) -> Panel:
    """Everything an item's page shows of its arbitration, in three more queries (four once decided).

    `routing`: the item's routing (None: not routed); `requested`, `answered`: its opinion requests;
    `decided`, `followed_up` False: no decision, no result names the item (their queries are skipped).
    """
    counts = {"requested": requested, "answered": answered}
    decision = current_decision_for(item.pk) if decided else None
    opinions = (
        list(
            Opinion.objects.filter(request__item_id=item.pk, published_at__isnull=False)
            .select_related("request__department")
            .order_by("created_at", "pk")
        )
        if decision is not None
        else []
    )
    results = results_shown_with(item) if followed_up else []

    reached = {
        "recue": True,
        "orientee": bool(routing and routing.department_id),
        "avis": counts["requested"] > 0,
        "decision": decision is not None,
        "mise_en_oeuvre": bool(results),
        "realisee": any(r.status == Result.Status.DONE for r in results),
    }
    skipped = decision is not None and decision.outcome in NEGATIVE_OUTCOMES and not results
    reopened = any(r.status == Result.Status.REOPENED for r in results)
    progress = max((r.progress for r in results), default=0)
    done_at = max((r.done_at for r in results if r.done_at), default=None)
    details = {
        "recue": ("", item.created_at),
        "orientee": (
            routing.department.name if routing and routing.department else gettext("Pas encore orientée"),
            routing.routed_at if routing else None,
        ),
        "avis": (
            _opinions_given(answered, requested) if requested else "",
            None,
        ),
        "decision": (decision.get_outcome_display() if decision else "", decision.decided_on if decision else None),
        "mise_en_oeuvre": (
            (gettext("Suivi rouvert") if reopened else gettext("Avancement : %(n)s %%") % {"n": progress})
            if results
            else "",
            None,
        ),
        "realisee": ("", done_at if reached["realisee"] else None),
    }
    labels = {
        "recue": gettext("Reçue"),
        "orientee": gettext("Orientée"),
        "avis": gettext("Avis des services"),
        "decision": gettext("Décision"),
        "mise_en_oeuvre": gettext("Mise en œuvre"),
        "realisee": gettext("Réalisée"),
    }
    order = list(labels)
    last = max(i for i, key in enumerate(order) if reached[key])
    if reopened:
        last = order.index("mise_en_oeuvre")
    steps = []
    for index, key in enumerate(order):
        if skipped and key in ("mise_en_oeuvre", "realisee"):
            state = "skipped"
        elif index == last:
            state = "current"
        elif index < last:
            state = "done"
        else:
            state = "todo"
        detail, date = details[key]
        if state == "skipped":
            detail = gettext("Sans objet")
        steps.append(TimelineStep(key=key, label=labels[key], state=state, date=date, detail=detail))
    return Panel(
        item=item,
        routing=routing,
        decision=decision,
        opinions=opinions,
        requested=counts["requested"],
        answered=counts["answered"],
        results=results,
        steps=steps,
        can_instruct=decision_permissions.can_view_workspace(user),
    )


def personal_data(user: User) -> dict[str, Any]:
    """The person's answers to « Est-ce bien réalisé ? » and the result updates they wrote."""
    return {
        "results_created": rows(Result.objects.filter(created_by_id=user.pk).order_by("pk"), ["id", "title"]),
        "completion_checks": rows(
            CompletionCheck.objects.filter(user_id=user.pk).order_by("pk"),
            ["result_id", "result__title", "round", "done", "comment", "created_at"],
            rename={"result__title": "result"},
        ),
        "updates_written": rows(
            ResultUpdate.objects.filter(author_id=user.pk).order_by("pk"),
            ["result_id", "kind", "progress", "note", "created_at"],
        ),
    }
