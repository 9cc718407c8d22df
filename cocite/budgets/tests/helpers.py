"""Build a participatory budget in tests, through the actions (as agents would)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.budgets import actions
from cocite.budgets.models import BudgetRules, Project
from cocite.decisions.tests.factories import item_of, publish, request_and_answer, routed_setup
from cocite.demarches.models import DemarcheComponent, Rulebook
from cocite.demarches.tests.factories import publish_version


def verified(**kwargs: Any) -> Any:
    now = timezone.now()
    return UserFactory(
        residence_verified_at=now - datetime.timedelta(days=1),
        residence_verified_until=now + datetime.timedelta(days=365),
        **kwargs,
    )


def budget_setup(
    costs: list[int],
    *,
    total: int = 100000,
    method: str = "approval_budget",
    counting_rule: str = "greedy",
    max_choices: int | None = None,
    points: int | None = None,
    changeable: bool = True,
    envelopes: list[tuple[Any, int]] | None = None,
    quartiers: list[Any] | None = None,
) -> dict[str, Any]:
    """A démarche with the component, one project per cost (each from a retained contribution with a
    costed opinion), and budget rules with the vote open now for ten days."""
    setup = routed_setup(count=len(costs))
    demarche = setup["demarche"]
    DemarcheComponent.objects.create(demarche=demarche, name="budgets", position=1)
    projects: list[Project] = []
    for index, (cost, contribution) in enumerate(zip(costs, setup["contributions"], strict=True)):
        opinion = request_and_answer(
            actor=setup["manager"],
            item=contribution,
            department=setup["department"],
            answerer=setup["agent"],
            estimated_cost=str(cost),
        )
        publish(actor=setup["manager"], items=[contribution], opinions=[opinion])
        opinion.refresh_from_db()
        projects.append(
            actions.project_create(
                actor=setup["manager"],
                demarche=demarche,
                title=f"Projet numéro {index + 1}",
                description="Un projet utile au quartier.",
                items=[item_of(contribution)],
                cost_opinion=opinion,
                quartier=quartiers[index] if quartiers else None,
            )
        )
    rulebook = Rulebook.objects.get(demarche=demarche)
    version = publish_version(rulebook, number=2, effective_at=timezone.now() - datetime.timedelta(hours=1))
    now = timezone.now()
    rules = actions.budget_rules_publish(
        rule_version=version,
        total_budget=total,
        method=method,
        counting_rule=counting_rule,
        max_choices=max_choices,
        points=points,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=10),
        changeable=changeable,
        envelopes=envelopes or [],
    )
    return {**setup, "projects": projects, "rules": rules}


def after_close(monkeypatch: pytest.MonkeyPatch, rules: BudgetRules) -> None:
    """Move the clock past the close of the vote."""
    later = rules.closes_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
