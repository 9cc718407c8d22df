"""The commitments dashboard: figures checked against a hand-computed fixture, threshold tracking."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.actions import support_set
from cocite.contributions.models import Contribution, Support
from cocite.contributions.resource import register_items
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.decisions import queries
from cocite.decisions.models import Commitment, Routing
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import item_of, items_of
from cocite.demarches.models import Audience

pytestmark = pytest.mark.django_db

# Relative to the real clock (the page computes with it); every figure is a whole number of days away.
NOW = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0)
DAY = datetime.timedelta(days=1)


def _commitment(demarche: Any, department: Any, reached: float, deadline: int, answered: float | None) -> Commitment:
    """Days are relative to NOW (negative: in the past)."""
    contribution = f.contribution(demarche=demarche, route=False)
    Routing.objects.create(item=item_of(contribution), department=department)
    reached_at = NOW + reached * DAY
    return Commitment.objects.create(
        item=item_of(contribution),
        rule_version=contribution.rule_version,
        threshold=3,
        deadline_days=deadline,
        reached_at=reached_at,
        due_at=reached_at + deadline * DAY,
        answered_at=None if answered is None else NOW + answered * DAY,
    )


@pytest.fixture
def fixture() -> dict[str, Any]:
    voirie, culture = f.department(name="Voirie"), f.department(name="Culture")
    d1 = f.demarche_with_rules(title="Démarche un")
    d2 = f.demarche_with_rules(title="Démarche deux")
    hidden = f.demarche_with_rules(title="Démarche interne", audience=Audience.AGENTS)
    rows = {
        "c1": _commitment(d1, voirie, -40, 10, -35),  # on time, 5 days
        "c2": _commitment(d1, voirie, -40, 10, -25),  # late, 15 days
        "c3": _commitment(d1, voirie, -20, 10, None),  # overdue by 10 days
        "c4": _commitment(d2, voirie, -5, 10, None),  # not yet due
        "c5": _commitment(d2, voirie, -12, 10, -10),  # on time, 2 days
        "c6": _commitment(d2, culture, -30, 10, -18),  # late, 12 days
        "c7": _commitment(d2, culture, -30, 10, None),  # overdue by 20 days
        "c8": _commitment(d1, None, -3, 10, -2.5),  # not routed, on time, 0.5 day
        "hidden": _commitment(hidden, culture, -60, 10, None),  # agents-only démarche
    }
    return {"rows": rows, "d1": d1, "d2": d2}


def _figures(row: queries.CommitmentFigures) -> tuple[Any, ...]:
    return (row.label, row.due, row.on_time, row.late, row.overdue, row.pending, row.median_delay)


def test_dashboard_figures_match_the_hand_computed_fixture(fixture: dict[str, Any]) -> None:
    dashboard = queries.commitments_dashboard(None, now=NOW)
    # label, due, on time, late, overdue now, not yet due, median delay in days
    assert _figures(dashboard.total) == ("Ensemble", 8, 3, 2, 2, 1, 5.0)
    assert [_figures(r) for r in dashboard.by_department] == [
        ("Culture", 2, 0, 1, 1, 0, 12.0),
        ("Voirie", 5, 2, 1, 1, 1, 5.0),
        ("Non orientées", 1, 1, 0, 0, 0, 0.5),
    ]
    assert [_figures(r) for r in dashboard.by_demarche] == [
        ("Démarche deux", 4, 1, 1, 1, 1, 7.0),
        ("Démarche un", 4, 2, 1, 1, 0, 5.0),
    ]
    rows = fixture["rows"]
    assert [c.pk for c in dashboard.overdue.object_list] == [rows["c7"].pk, rows["c3"].pk]
    assert [c.days_late for c in dashboard.overdue.object_list] == [20, 10]  # type: ignore[attr-defined]


def test_agents_see_their_internal_demarches_too(fixture: dict[str, Any]) -> None:
    agent = f.member(f.department(name="Accueil"))
    dashboard = queries.commitments_dashboard(agent, now=NOW)
    assert dashboard.total.due == 9
    assert dashboard.total.overdue == 3


def test_the_page_shows_every_figure_in_tables_and_lists_overdue_items(fixture: dict[str, Any]) -> None:
    import re

    html = Client().get("/engagements/").content.decode()
    cells = re.findall(r"<th scope=\"row\">Voirie</th>\s*((?:<td>[^<]*</td>)+)", html)
    assert cells
    assert re.findall(r"<td>([^<]*)</td>", cells[0])[:5] == ["5", "2", "1", "1", "1"]
    assert "Démarche interne" not in html
    assert 'role="img"' in html
    assert "<table" in html
    for key in ("c3", "c7"):
        assert fixture["rows"][key].item.title in html


def test_reaching_the_threshold_starts_the_deadline(django_capture_on_commit_callbacks: Any) -> None:
    setup = f.routed_setup(threshold=3, deadline_days=10)
    contribution = setup["contributions"][0]
    people = [UserFactory() for _ in range(3)]
    for person in people[:2]:
        with django_capture_on_commit_callbacks(execute=True):
            support_set(user=person, contribution=contribution, supported=True)
    assert not Commitment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        support_set(user=people[2], contribution=contribution, supported=True)
    commitment = Commitment.objects.get(item=item_of(contribution))
    third = Support.objects.filter(contribution=contribution).order_by("created_at", "pk")[2]
    assert commitment.reached_at == third.created_at
    assert commitment.due_at == third.created_at + 10 * DAY
    assert commitment.answered_at is None
    decision = f.publish(actor=setup["manager"], items=items_of([contribution]))
    commitment.refresh_from_db()
    assert (commitment.answered_at, commitment.decision) == (decision.published_at, decision)
    # A withdrawn support does not cancel the promise.
    support_set(user=people[0], contribution=contribution, supported=False)
    assert Commitment.objects.filter(item=item_of(contribution)).exists()


def test_backfill_uses_the_rule_version_recorded_on_the_contribution() -> None:
    from cocite.decisions.actions import commitments_backfill

    setup = f.routed_setup(threshold=2, deadline_days=5)
    contribution = setup["contributions"][0]
    first, second = Support.objects.bulk_create(
        [Support(contribution=contribution, user=UserFactory()) for _ in range(2)]
    )
    Support.objects.filter(pk=first.pk).update(created_at=NOW - 9 * DAY)
    Support.objects.filter(pk=second.pk).update(created_at=NOW - 8 * DAY)
    Contribution.objects.filter(pk=contribution.pk).update(support_count=2)
    assert commitments_backfill() == 1
    commitment = Commitment.objects.get()
    assert (commitment.reached_at, commitment.due_at, commitment.threshold) == (NOW - 8 * DAY, NOW - 3 * DAY, 2)
    assert commitments_backfill() == 0


def test_dashboard_query_count_is_constant() -> None:
    department = f.department(name="Voirie")
    demarche = f.demarche_with_rules()
    version = demarche.rulebook.versions.get()

    def bulk(count: int) -> None:
        contributions = Contribution.objects.bulk_create(
            [
                Contribution(demarche=demarche, kind="idee", title=f"Idée due {i:04d}", body="Texte.")
                for i in range(count)
            ]
        )
        register_items(contributions)
        Routing.objects.bulk_create([Routing(item=item_of(c), department=department) for c in contributions])
        now = timezone.now()
        Commitment.objects.bulk_create(
            [
                Commitment(
                    item=item_of(c), rule_version=version, threshold=3, deadline_days=10,
                    reached_at=now - (i * 7 % 30) * DAY, due_at=now - (i * 7 % 30 - 10) * DAY,
                    answered_at=now if i % 3 == 0 else None,
                )
                for i, c in enumerate(contributions)
            ]
        )  # fmt: skip

    bulk(10)
    small = real_render_queries(Client(), "/engagements/")
    bulk(990)
    # 4 for the commitments, 7 for the moderation charter's delay (its decisions, the open flags, the
    # pending items of each of the five kinds held back for approval: contributions, comments, statements,
    # reports and information-page questions, one query each whatever the data).
    # 13: one query for each other promise measured on the page (reports, information pages); 14: the
    # reports' promised delays per category, listed before they are measured.
    assert_same_cost(small, real_render_queries(Client(), "/engagements/"), at_most=14, what="the commitments")
