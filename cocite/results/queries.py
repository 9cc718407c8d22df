"""Reads for the results pages, in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from cocite.contributions.models import Contribution
from cocite.decisions.models import Decision
from cocite.demarches.queries import hidden_demarches, visible_demarches

from . import actions
from .models import CompletionCheck, Milestone, Result, ResultUpdate

PAGE_SIZE = 20


@dataclass
class ResultFilters:
    status: str = ""
    department: str = ""
    demarche: str = ""


def visible_results(user: Any) -> QuerySet[Result]:
    """Results whose every source (decisions and their contributions) this person may see.

    A result is as visible as its most restricted source: one following a public and an
    invitation-only decision is for those invited (and administrators) only.
    """
    hidden = hidden_demarches(user)
    return Result.objects.exclude(decisions__demarche__in=hidden).exclude(contributions__demarche__in=hidden)


def result_page(user: Any, filters: ResultFilters, page_number: Any) -> Page[Any]:
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
    contributions: list[Contribution]
    yes: int
    no: int
    threshold: int
    concerned: bool
    my_check: CompletionCheck | None
    comments: list[CompletionCheck]


def result_get_for(user: Any, pk: int) -> ResultDetail:
    result = visible_results(user).filter(pk=pk).select_related("department", "demarche").first()
    if result is None:
        raise Http404
    tally = CompletionCheck.objects.filter(result=result, round=result.round).aggregate(
        yes=Count("pk", filter=Q(done=True)), no=Count("pk", filter=Q(done=False))
    )
    my_check = None
    concerned = False
    if getattr(user, "is_authenticated", False):
        my_check = CompletionCheck.objects.filter(result=result, round=result.round, user_id=user.pk).first()
        concerned = actions.is_concerned(user, result)
    return ResultDetail(
        result=result,
        milestones=list(result.milestones.order_by("due_on", "pk")),
        updates=list(result.updates.select_related("author").order_by("-created_at", "-pk")),
        decisions=list(result.decisions.filter(demarche__in=visible_demarches(user)).order_by("-published_at")),
        contributions=list(result.contributions.filter(demarche__in=visible_demarches(user)).order_by("pk")),
        yes=tally["yes"],
        no=tally["no"],
        threshold=actions.reopen_threshold(result),
        concerned=concerned,
        my_check=my_check,
        comments=list(
            CompletionCheck.objects.filter(result=result, round=result.round)
            .exclude(comment="")
            .order_by("-created_at")[:50]
        ),
    )


def results_shown_with(contribution: Contribution) -> list[Result]:
    """The results a contribution's page shows to everyone who may see the contribution.

    The page's panel is shared by all its viewers (a cached fragment), so it lists only results
    whose sources are all in the contribution's own démarche or public: a result that also
    follows a more restricted decision is found in the results list by those who may see it.
    """
    beyond = hidden_demarches(None).exclude(pk=contribution.demarche_id)
    return list(
        Result.objects.filter(contributions=contribution.pk)
        .exclude(decisions__demarche__in=beyond)
        .exclude(contributions__demarche__in=beyond)
        .order_by("-updated_at", "-pk")
    )


def result_for_edit(pk: int) -> Result:
    result = Result.objects.filter(pk=pk).select_related("department", "demarche").first()
    if result is None:
        raise Http404
    return result


def personal_data(user: Any) -> dict[str, Any]:
    """The person's answers to « Est-ce bien réalisé ? » and the result updates they wrote."""
    from cocite.core.personal_data import rows

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
