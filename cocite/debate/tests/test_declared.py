"""The debate reaches a commented object only through what its resource declares
(`ResourceSpec.commentable`), and never imports a resource app."""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from cocite.contributions import actions as contribution_actions
from cocite.contributions import permissions as contribution_permissions
from cocite.core.errors import ActionError, PermissionDenied
from cocite.debate import actions, permissions
from cocite.debate.models import Comment, Stance, counters
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.items.registry import Commentable, ResourceSpec
from cocite.items.registry import registry as resources

pytestmark = pytest.mark.django_db

RESOURCE_APPS = ("cocite.contributions",)


def _declared(idea: Any) -> ResourceSpec:
    spec = resources.for_model(idea._meta.label)
    assert spec is not None
    assert spec.commentable is not None
    return spec


@pytest.fixture
def redeclare(idea: Any) -> Iterator[Any]:
    """Declare the contributions' commentable capability differently for one test, then put it back."""
    original = _declared(idea)

    def declare(**changes: Any) -> None:
        assert original.commentable is not None
        resources.unregister(original.kind)
        commentable = dataclasses.replace(original.commentable, **changes)
        resources.register(dataclasses.replace(original, commentable=commentable))

    yield declare
    resources.unregister(original.kind)
    resources.register(original)


def test_the_rule_applied_is_the_one_the_resource_declares(idea: Any, resident: Any, redeclare: Any) -> None:
    target = permissions.comment_target(idea)
    assert target is not None
    assert permissions.can_comment(resident, target)
    calls: list[tuple[Any, Any]] = []

    def closed(viewer: Any, obj: Any) -> bool:
        calls.append((viewer, obj))
        return False

    redeclare(can_comment=closed)
    target = permissions.comment_target(idea)
    assert target is not None
    assert not permissions.can_comment(resident, target)
    assert calls == [(resident, idea)]
    with pytest.raises(PermissionDenied):
        actions.comment_post(author=resident, target=idea, body="Un argument.", stance=Stance.FOR)


def test_without_a_rule_of_its_own_the_demarche_rule_applies(idea: Any, resident: Any, redeclare: Any) -> None:
    contribution_actions.contribution_withdraw(user=idea.author, contribution=idea)
    idea.refresh_from_db()
    target = permissions.comment_target(idea)
    assert target is not None
    assert not permissions.can_comment(resident, target)
    redeclare(can_comment=None)
    target = permissions.comment_target(idea)
    assert target is not None
    assert permissions.can_comment(resident, target)


def test_the_declared_counter_is_the_one_kept_exact(idea: Any, resident: Any, redeclare: Any) -> None:
    actions.comment_post(author=resident, target=idea, body="Un argument.", stance=Stance.FOR)
    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert any(c.label == "contributions.Contribution.comment_count" for c in counters())
    redeclare(counter=None)
    actions.comment_post(author=resident, target=idea, body="Un autre.", stance=Stance.AGAINST)
    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert Comment.objects.count() == 2
    assert not any(c.label == "contributions.Contribution.comment_count" for c in counters())


def test_an_object_whose_resource_is_not_commentable_takes_no_comments(
    idea: Any, resident: Any, redeclare: Any
) -> None:
    assert permissions.comment_target(DemarcheFactory()) is None  # not a resource at all
    original = _declared(idea)
    resources.unregister(original.kind)
    resources.register(dataclasses.replace(original, commentable=None))
    assert permissions.comment_target(idea) is None
    with pytest.raises(ActionError):
        actions.comment_post(author=resident, target=idea, body="Un argument.", stance=Stance.FOR)


def test_contributions_declare_their_own_rule() -> None:
    spec = resources.for_model("contributions.Contribution")
    assert spec is not None
    assert spec.commentable == Commentable(
        component=contribution_permissions.COMPONENT,
        can_comment=contribution_permissions.can_comment,
        counter="comment_count",
        dataset=spec.commentable.dataset if spec.commentable else None,
    )


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_the_debate_imports_no_resource_app() -> None:
    app = Path(permissions.__file__).parent
    found = [
        (str(path.relative_to(app)), name)
        for path in app.rglob("*.py")
        if "tests" not in path.parts
        for name in _imports(path)
        if name.startswith(RESOURCE_APPS)
    ]
    assert found == []


def test_every_declared_counter_is_a_field_of_its_model() -> None:
    declared = [spec for spec in resources.all() if spec.commentable is not None and spec.commentable.counter]
    assert declared
    for spec in declared:
        assert spec.commentable is not None
        assert spec.commentable.counter is not None
        field = apps.get_model(spec.model)._meta.get_field(spec.commentable.counter)
        assert field.get_internal_type() == "PositiveIntegerField", spec.kind
