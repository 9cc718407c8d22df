"""Migrating decisions and results from contributions to items loses nothing (issue 14).

The database is taken back to before `decisions/0004_items` (and 0005) and `results/0004_items`, rows are
written the old way (decisions on contributions, with their append-only triggers), then migrated
forward: every routing, routing event, opinion request, commitment, decision link, merge target
and result link points to the contribution's item, and the triggers are back.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cocite.decisions.ledger import installed_triggers

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("decisions", "0003_sealed_log_entries"), ("results", "0003_resultupdate_round")]
AFTER = [("decisions", "0005_items_only"), ("results", "0004_items")]


# The other apps these models point to, at the state they are in on both sides.
AROUND = [("contributions", "0004_items"), ("items", "0001_initial"), ("accounts", "__latest__")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    nodes = targets + [
        (app, executor.loader.graph.leaf_nodes(app)[0][1]) for app, name in AROUND if name == "__latest__"
    ]
    nodes += [(app, name) for app, name in AROUND if name != "__latest__"]
    return executor.loader.project_state(nodes).apps


def _fully_migrated() -> bool:
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


@pytest.fixture
def back_to_before_items() -> Iterator[Any]:
    triggers = installed_triggers()
    try:
        yield _migrate(BEFORE)
    finally:
        # The test migrates forward itself: only a test stopped midway leaves work here (redoing it
        # when there is none costs a third of the test: Django renders every model state again).
        if not _fully_migrated() or not triggers <= installed_triggers():
            _migrate(AFTER)
            call_command("migrate", verbosity=0)  # the post_migrate receivers put the triggers back


def test_every_link_to_a_contribution_becomes_a_link_to_its_item(back_to_before_items: Any) -> None:
    old = back_to_before_items
    User = old.get_model("accounts", "User")
    Demarche = old.get_model("demarches", "Demarche")
    Department = old.get_model("territory", "Department")
    Contribution = old.get_model("contributions", "Contribution")
    Item = old.get_model("items", "Item")
    now = timezone.now()
    user = User.objects.create(email="agent@example.org")
    department = Department.objects.create(name="Voirie", slug="voirie")
    demarche = Demarche.objects.create(title="Budget", slug="budget", status="publiee")
    target, merged, other = (
        Contribution.objects.create(demarche=demarche, kind="idee", title=f"Idée {n}", body="Texte", author=user)
        for n in ("cible", "fusionnée", "sans item")
    )
    for contribution in (target, merged):  # the third has no item yet: the migration gives it one
        Item.objects.create(
            kind="contribution", object_id=contribution.pk, demarche=demarche, title=contribution.title, created_at=now
        )
    Routing = old.get_model("decisions", "Routing")
    Routing.objects.create(contribution=other, department=department, routed_at=now)
    old.get_model("decisions", "RoutingEvent").objects.create(contribution=other, to_department=department, reason="x")
    request = old.get_model("decisions", "OpinionRequest").objects.create(
        contribution=merged, department=department, deadline=datetime.date(2026, 12, 31), status="rendu"
    )
    Decision = old.get_model("decisions", "Decision")
    decision = Decision.objects.create(
        demarche=demarche, outcome="fusionnee", merged_into=target, explanation="Fusion.", body="maire",
        decided_on=datetime.date(2026, 12, 1), published_at=now,
    )  # fmt: skip
    old.get_model("decisions", "DecisionContribution").objects.create(decision=decision, contribution=merged)
    rule_version = old.get_model("demarches", "RuleVersion").objects.first()
    if rule_version is not None:
        old.get_model("decisions", "Commitment").objects.create(
            contribution=merged, rule_version=rule_version, threshold=1, deadline_days=1, reached_at=now, due_at=now
        )
    Result = old.get_model("results", "Result")
    result = Result.objects.create(title="Un résultat suivi", description="x", department=department)
    result.contributions.set([merged, other])

    new = _migrate(AFTER)
    call_command("migrate", verbosity=0)
    NewItem = new.get_model("items", "Item")
    item = {c.pk: NewItem.objects.get(kind="contribution", object_id=c.pk).pk for c in (target, merged, other)}
    assert new.get_model("decisions", "Routing").objects.get().item_id == item[other.pk]
    assert new.get_model("decisions", "RoutingEvent").objects.get().item_id == item[other.pk]
    assert new.get_model("decisions", "OpinionRequest").objects.get(pk=request.pk).item_id == item[merged.pk]
    migrated = new.get_model("decisions", "Decision").objects.get(pk=decision.pk)
    assert migrated.merged_into_id == item[target.pk]
    assert list(new.get_model("decisions", "DecisionItem").objects.values_list("decision_id", "item_id")) == [
        (decision.pk, item[merged.pk])
    ]
    if rule_version is not None:
        assert new.get_model("decisions", "Commitment").objects.get().item_id == item[merged.pk]
    links = set(new.get_model("results", "Result").objects.get(pk=result.pk).items.values_list("pk", flat=True))
    assert links == {item[merged.pk], item[other.pk]}
    assert any(name.startswith("decisions_decisionitem") for name in installed_triggers())
    assert any(name.startswith("decisions_decision_") for name in installed_triggers())
