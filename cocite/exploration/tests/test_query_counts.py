"""Every exploration page costs the same queries with a little or a lot of field work."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.exploration import actions

from .helpers import Setting, exploring, finding, journey, note

pytestmark = pytest.mark.django_db


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _fill(setting: Setting, n: int) -> None:
    for _ in range(n):
        finding(setting, sources=2)
        journey(setting, steps=2, irritants=2)
        actions.volunteer_sign_up(
            person=UserFactory(),
            demarche=setting.demarche,
            interview=True,
            test=False,
            consent=True,
        )


def test_the_findings_page_and_the_teams_page() -> None:
    few, many = exploring(), exploring()
    _fill(few, 1)
    _fill(many, 6)
    for name, who in (("exploration:findings", "resident"), ("exploration:workspace", "agent")):
        small = real_render_queries(_as(getattr(few, who)), reverse(name, kwargs={"slug": few.demarche.slug}))
        large = real_render_queries(_as(getattr(many, who)), reverse(name, kwargs={"slug": many.demarche.slug}))
        assert_same_cost(small, large, at_most=30, what=name)


def test_a_journey_and_a_field_note() -> None:
    few, many = exploring(), exploring()
    small_trip, large_trip = journey(few, steps=1, irritants=1), journey(many, steps=8, irritants=3)
    small = real_render_queries(_as(few.agent), small_trip.get_absolute_url())
    large = real_render_queries(_as(many.agent), large_trip.get_absolute_url())
    assert_same_cost(small, large, at_most=30, what="a journey")
    small_note, large_note = note(few), note(many)
    for _ in range(5):
        finding(many)
    many_finding_note = large_note
    for f in many.demarche.findings.all():
        f.field_notes.add(many_finding_note)
    small = real_render_queries(_as(few.agent), small_note.get_absolute_url())
    large = real_render_queries(_as(many.agent), many_finding_note.get_absolute_url())
    assert_same_cost(small, large, at_most=25, what="a field note")


def test_the_forms_of_the_team() -> None:
    few, many = exploring(), exploring()
    _fill(few, 1)
    _fill(many, 5)
    for name in ("exploration:field_note_new", "exploration:journey_new", "exploration:finding_new"):
        small = real_render_queries(_as(few.agent), reverse(name, kwargs={"slug": few.demarche.slug}))
        large = real_render_queries(_as(many.agent), reverse(name, kwargs={"slug": many.demarche.slug}))
        assert_same_cost(small, large, at_most=30, what=name)
    small_irritant = few.demarche.journeys.first().steps.first().irritants.first()  # type: ignore[union-attr]
    large_irritant = many.demarche.journeys.first().steps.first().irritants.first()  # type: ignore[union-attr]
    small = real_render_queries(
        _as(few.agent), reverse("exploration:irritant_contribution", kwargs={"pk": small_irritant.pk})
    )
    large = real_render_queries(
        _as(many.agent), reverse("exploration:irritant_contribution", kwargs={"pk": large_irritant.pk})
    )
    assert_same_cost(small, large, at_most=25, what="« créer une contribution »")
