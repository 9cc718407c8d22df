"""Ids past the database's range in multiple-choice fields: a form error, not a 500 on SQLite.

Django guards `pk=` lookups against integers SQLite cannot bind, but not `pk__in=`, which every
ModelMultipleChoiceField runs: a theme, a service or an opinion numbered 2**63 raised
OverflowError. Found by the hostile-input class test (issue 13).
"""

from __future__ import annotations

from typing import Any

import pytest

from cocite.accounts.models import User
from cocite.contributions.forms import ContributionForm
from cocite.decisions.forms import DecisionForm, OpinionRequestFields
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import DepartmentFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HUGE = [str(2**63), str(2**64), "9" * 400]


@pytest.mark.parametrize("value", HUGE)
def test_a_theme_past_the_range_is_a_form_error(value: str) -> None:
    demarche = DemarcheFactory()
    theme = ThemeFactory()
    data = {"kind": "idee", "title": "Des bancs près de la gare", "body": "Il fait chaud.", "themes": [value]}
    form = ContributionForm(data, demarche=demarche)
    assert not form.is_valid()
    assert "themes" in form.errors
    assert ContributionForm({**data, "themes": [str(theme.pk)]}, demarche=demarche).is_valid()


@pytest.mark.parametrize("value", HUGE)
def test_a_service_past_the_range_is_a_form_error(value: str) -> None:
    DepartmentFactory()
    form = OpinionRequestFields({"departments": [value], "aspects": ["cout"], "deadline": "2030-01-01"})
    assert not form.is_valid()
    assert "departments" in form.errors


@pytest.mark.parametrize("value", HUGE)
def test_opinions_and_contributions_past_the_range_are_form_errors(value: str) -> None:
    form: Any = DecisionForm(
        {"elements": [value], "opinions": [value]},
        candidates=[],
        criteria_choices=[],
        opinions=[],
        officials=User.objects.none(),
    )
    assert not form.is_valid()
    assert {"elements", "opinions"} <= set(form.errors)
