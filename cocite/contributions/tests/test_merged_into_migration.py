"""Contributions merged before `merged_into` existed learn where they ended up (contributions/0006).

The database goes back to before the field, merges are recorded the old way (analysis's
MergeRecord only, including a merge of a merge), then it migrates forward.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("contributions", "0004_items")]
AFTER = [("contributions", "0006_merged_into_backfill")]
AROUND = [("analysis", "0001_initial"), ("demarches", "__latest__"), ("accounts", "__latest__")]


def _state(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    nodes = targets + [
        (app, executor.loader.graph.leaf_nodes(app)[0][1] if name == "__latest__" else name) for app, name in AROUND
    ]
    return executor.loader.project_state(nodes).apps


@pytest.fixture
def before_merged_into() -> Iterator[Any]:
    try:
        yield _state(BEFORE)
    finally:
        call_command("migrate", verbosity=0)


def test_merged_contributions_point_at_where_they_ended_up(before_merged_into: Any) -> None:
    old = before_merged_into
    user = old.get_model("accounts", "User").objects.create(email="analyste@example.org")
    demarche = old.get_model("demarches", "Demarche").objects.create(title="Budget", slug="budget", status="publiee")
    Contribution = old.get_model("contributions", "Contribution")
    first, middle, final, alone = (
        Contribution.objects.create(demarche=demarche, kind="idee", title=f"Idée {name}", body="Texte", author=user)
        for name in ("première", "intermédiaire", "finale", "seule")
    )
    MergeRecord = old.get_model("analysis", "MergeRecord")
    # `first` went into `middle`, later merged into `final`.
    MergeRecord.objects.create(source=first, target=middle, analyst=user, previous_status="recue")
    MergeRecord.objects.create(source=middle, target=final, analyst=user, previous_status="recue")
    Contribution.objects.filter(pk__in=[first.pk, middle.pk]).update(status="fusionnee")

    new = _state(AFTER)
    where = dict(new.get_model("contributions", "Contribution").objects.values_list("pk", "merged_into_id"))
    assert where == {first.pk: final.pk, middle.pk: final.pk, final.pk: None, alone.pk: None}

    _state(BEFORE)  # and back: the column goes, nothing else moves
    assert old.get_model("contributions", "Contribution").objects.filter(status="fusionnee").count() == 2
