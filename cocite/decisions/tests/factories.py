"""Helpers to build arbitration situations in tests (through the actions, like the application does)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.decisions import actions
from cocite.decisions.models import Decision, Opinion, OpinionRequest
from cocite.demarches.models import Demarche, PhaseKind
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.items.models import Item
from cocite.items.queries import item_for
from cocite.territory.models import Department, DepartmentMembership, Theme
from cocite.territory.tests.factories import DepartmentFactory, ThemeFactory

EXPLANATION = (
    "Le projet est retenu parce qu'il relève des compétences de la commune, qu'il s'agit d'une dépense "
    "d'investissement raisonnable et que les services consultés le jugent faisable dans l'année. Les travaux "
    "seront programmés au printemps, après une réunion publique avec les riverains du quartier concerné."
)


def demarche_with_rules(
    *, threshold: int | None = 3, deadline_days: int | None = 10, reopen_threshold: int | None = 2, **kwargs: Any
) -> Demarche:
    kwargs.setdefault("phase", PhaseKind.EXPLORATION)
    demarche = DemarcheFactory(**kwargs)
    rulebook = RulebookFactory(demarche=demarche)
    publish_version(
        rulebook,
        support_threshold=threshold,
        answer_deadline_days=deadline_days,
        reopen_threshold=reopen_threshold,
        effective_at=timezone.now() - datetime.timedelta(days=400),
    )
    return demarche


def department(*, themes: list[Theme] | None = None, **kwargs: Any) -> Department:
    return DepartmentFactory(themes=themes or [], **kwargs)


def member(department: Department, role: str = DepartmentMembership.Role.AGENT, **kwargs: Any) -> Any:
    user = UserFactory(**kwargs)
    DepartmentMembership.objects.create(department=department, user=user, role=role)
    return user


def manager(department: Department, **kwargs: Any) -> Any:
    return member(department, DepartmentMembership.Role.MANAGER, **kwargs)


def item_of(obj: Contribution | Item | int) -> Item:
    """The item the machinery works on, for a contribution (an item as is, an int as an item's id)."""
    if isinstance(obj, Item):
        return obj
    if isinstance(obj, int):
        return Item.objects.get(pk=obj)
    item = item_for(obj)
    assert item is not None, f"contribution {obj.pk} has no item"
    return item


def items_of(objs: list[Any]) -> list[Item]:
    return [item_of(o) for o in objs]


def contribution(
    *, demarche: Demarche, themes: list[Theme] | None = None, route: bool = True, **kwargs: Any
) -> Contribution:
    from cocite.demarches.queries import rules_in_force_for

    kwargs.setdefault("rule_version", rules_in_force_for(demarche))
    item = ContributionFactory(demarche=demarche, **kwargs)
    if themes:
        item.themes.set(themes)
    if route:
        actions.routing_auto(item=item_of(item))
        item.refresh_from_db()
    return item


def routed_setup(count: int = 1, **demarche_kwargs: Any) -> dict[str, Any]:
    """A démarche with rules, a competent department (manager + agent), `count` routed contributions."""
    theme = ThemeFactory()
    dept = department(themes=[theme])
    demarche_kwargs.setdefault("managing_department", dept)  # it runs the démarche (sees it if invitation-only)
    demarche = demarche_with_rules(**demarche_kwargs)
    return {
        "theme": theme,
        "department": dept,
        "manager": manager(dept),
        "agent": member(dept),
        "demarche": demarche,
        "contributions": [contribution(demarche=demarche, themes=[theme]) for _ in range(count)],
    }


def request_and_answer(*, actor: Any, item: Any, department: Department, answerer: Any, **fields: Any) -> Opinion:
    requests, _skipped = actions.opinions_request(
        actor=actor,
        items=[item_of(item)],
        departments=[department],
        aspects=[OpinionRequest.Aspect.FEASIBILITY, OpinionRequest.Aspect.COST],
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    values = {
        "feasibility": Opinion.Feasibility.FEASIBLE,
        "recommendation": Opinion.Recommendation.FAVOURABLE,
        "text": "Faisable sur le domaine communal, pour un coût raisonnable.",
        "estimated_cost": "12500.50",
    }
    values.update(fields)
    return actions.opinion_give(actor=answerer, request=requests[0], **values)


def publish(*, actor: Any, items: list[Any], **overrides: Any) -> Decision:
    values: dict[str, Any] = {
        "outcome": Decision.Outcome.ACCEPTED,
        "explanation": EXPLANATION,
        "body": Decision.Body.COUNCIL,
        "decided_on": timezone.localdate(),
    }
    values.update(overrides)
    if isinstance(values.get("merged_into"), Contribution):
        values["merged_into"] = item_of(values["merged_into"])
    return actions.decision_publish(actor=actor, items=items_of(items), **values)


def elected_official() -> Any:
    return UserFactory(is_elected_official=True, first_name="Jeanne", last_name="Élue")
