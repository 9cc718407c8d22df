"""Reopening a follow-up accounts for who may answer (issue 16): 10 « non » asked of 4 people could never happen."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Support
from cocite.demarches.models import Rulebook
from cocite.demarches.tests.factories import publish_version
from cocite.results import actions
from cocite.results.models import Result
from cocite.results.queries import ReopenRule
from cocite.results.tests.test_results import _decided, _result

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("proportion", "minimum", "eligible", "threshold"),
    [
        (50, 3, 4, 3),  # half of 4 is 2, but at least 3
        (50, 3, 10, 5),  # half of 10
        (30, 10, 31, 10),  # 30 % of 31 is 10 (rounded up), the minimum too
        (50, 10, 31, 16),
        (None, 10, 4, 4),  # a rule published before the proportion: capped at the 4 who may answer
        (50, 3, 2, 2),  # fewer people than the minimum: all of them
        (50, 3, 0, 1),
    ],
)
def test_the_threshold(proportion: int | None, minimum: int, eligible: int, threshold: int) -> None:
    assert ReopenRule(proportion, minimum, eligible).threshold == threshold


def test_four_people_reopen_a_follow_up_whose_rule_said_ten() -> None:
    setup = _decided(count=1, reopen_threshold=10)
    contribution = setup["contributions"][0]
    supporters = [UserFactory() for _ in range(3)]
    Support.objects.bulk_create([Support(contribution=contribution, user=u) for u in supporters])
    result = _result(setup, milestones=[])
    actions.result_mark_done(actor=setup["manager"], result=result)

    page = Client().get(result.get_absolute_url()).content.decode()
    assert "4 personnes peuvent répondre : il faut 4 « non »." in page
    assert "dès 10 personnes concernées répondant « non » (toutes, si elles sont moins nombreuses)" in page

    for person in [contribution.author, *supporters[:2]]:
        actions.completion_check_answer(user=person, result=result, done=False)
    result.refresh_from_db()
    assert result.status == Result.Status.DONE
    actions.completion_check_answer(user=supporters[2], result=result, done=False)
    result.refresh_from_db()
    assert result.status == Result.Status.REOPENED


def test_the_proportion_and_the_minimum_are_stated_where_the_question_is_asked(client_for: Any) -> None:
    setup = _decided(count=1, reopen_threshold=3)
    publish_version(Rulebook.objects.get(demarche=setup["contributions"][0].demarche), 2, reopen_threshold=3,
                    reopen_proportion=50)  # fmt: skip
    contribution = setup["contributions"][0]
    supporters = [UserFactory() for _ in range(5)]
    Support.objects.bulk_create([Support(contribution=contribution, user=u) for u in supporters])
    result = _result(setup, milestones=[])
    actions.result_mark_done(actor=setup["manager"], result=result)
    page = client_for(supporters[0]).get(result.get_absolute_url()).content.decode()
    assert "Est-ce bien réalisé ?" in page
    assert "quand au moins 50 % des personnes concernées, et au moins 3 personnes" in page
    assert "6 personnes peuvent répondre : il faut 3 « non »." in page
