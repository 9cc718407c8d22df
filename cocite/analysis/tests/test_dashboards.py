"""Dashboards: figures against a hand-computed fixture, CSV, SVG, bounded queries, visibility."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.analysis import dashboards
from cocite.contributions.models import Contribution, Support
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory, ThemeFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def town(db: Any) -> Any:
    """Three quartiers (1,000 / 3,000 / 6,000 inhabitants) and a démarche about them.

    Participants (hand-counted):
      A: u1 (two contributions) and u2 (profile quartier A)      -> 2
      B: u3 (profile B); u6's contribution is withdrawn          -> 1
      C: u4 (no profile quartier, contribution in C) + 2 offline -> 3
      unlocated: u5 (no quartier anywhere)                       -> 1
    Total: 5 accounts + 2 offline contributions = 7 participants; 6 located.
    """
    a = QuartierFactory(name="Aval", population=1000)
    b = QuartierFactory(name="Bourg", population=3000)
    c = QuartierFactory(name="Coteau", population=6000)
    demarche = DemarcheFactory()
    demarche.quartiers.set([a, b, c])
    u1, u2, u3 = UserFactory(quartier=a), UserFactory(quartier=a), UserFactory(quartier=b)
    u4, u5, u6 = UserFactory(), UserFactory(), UserFactory(quartier=b)
    online = Contribution.Channel.ONLINE
    rows = [
        # (author, quartier, kind, channel, week offset)
        (u1, a, "idee", online, 0),
        (u1, None, "probleme", online, 0),
        (u2, b, "idee", online, 0),  # located in B but u2 lives in A: counted in A
        (u3, None, "question", online, 2),
        (u4, c, "idee", online, 2),
        (u5, None, "probleme", online, 2),
        (None, c, "idee", Contribution.Channel.PAPER, 2),
        (None, c, "probleme", Contribution.Channel.PHONE, 2),
    ]
    made = []
    for author, quartier, kind, channel, week in rows:
        contribution = ContributionFactory(
            demarche=demarche, author=author, quartier=quartier, kind=kind, channel=channel
        )
        Contribution.objects.filter(pk=contribution.pk).update(
            created_at=MONDAY + datetime.timedelta(weeks=week, hours=len(made))
        )
        made.append(contribution)
    withdrawn = ContributionFactory(demarche=demarche, author=u6, quartier=b, status=Contribution.Status.WITHDRAWN)
    Contribution.objects.filter(pk=withdrawn.pk).update(created_at=MONDAY)
    green, sport = ThemeFactory(name="Espaces verts"), ThemeFactory(name="Sport")
    for contribution in made[:3]:
        contribution.themes.add(green)
    made[3].themes.add(sport)
    for supporter in (u2, u3):
        support = Support.objects.create(contribution=made[4], user=supporter)
        Support.objects.filter(pk=support.pk).update(created_at=MONDAY + datetime.timedelta(weeks=2, days=1))
    demarche.made = made
    return demarche


def test_figures_match_the_hand_computed_fixture(town: Any) -> None:
    with timezone.override("UTC"):
        board = dashboards.build([town], scope=dashboards.demarche_scope(town))
    assert (board.contributions, board.participants, board.supports) == (8, 7, 2)
    figures = {f.name: f for f in board.quartiers}
    assert {name: f.participants for name, f in figures.items()} == {"Aval": 2, "Bourg": 1, "Coteau": 3}
    assert figures["Aval"].per_thousand == pytest.approx(2.0)
    assert figures["Bourg"].per_thousand == pytest.approx(1 / 3)
    assert figures["Coteau"].per_thousand == pytest.approx(0.5)
    # index = (participants share) / (population share)
    assert figures["Aval"].index == pytest.approx((2 / 6) / 0.1)
    assert figures["Bourg"].index == pytest.approx((1 / 6) / 0.3)
    assert figures["Coteau"].index == pytest.approx((3 / 6) / 0.6)
    assert [f.name for f in board.missing] == ["Bourg"]
    assert board.unlocated_participants == 1
    weeks = board.table("semaines")
    assert weeks is not None
    assert weeks.rows == [
        [datetime.date(2026, 3, 2), 3, 0],
        [datetime.date(2026, 3, 9), 0, 0],
        [datetime.date(2026, 3, 16), 5, 2],
    ]
    kinds = board.table("types")
    assert kinds is not None
    assert {str(r[0]): r[1] for r in kinds.rows} == {
        "Problème": 3,
        "Idée": 4,
        "Question": 1,
    }
    channels = board.table("canaux")
    assert channels is not None
    assert {str(r[0]): r[1] for r in channels.rows if r[1]} == {"En ligne": 6, "Papier": 1, "Téléphone": 1}
    themes = board.table("themes")
    assert themes is not None
    assert themes.rows == [["Espaces verts", 3], ["Sport", 1], ["Sans thème", 4]]


def test_each_chart_is_accessible_svg_followed_by_a_table_and_csv(town: Any, client: Any) -> None:
    url = reverse("analysis:demarche", kwargs={"slug": town.slug})
    html = client.get(url).content.decode()
    for key in ("semaines", "types", "themes", "canaux", "quartiers"):
        assert f'id="graphique-{key}" role="img" aria-labelledby="graphique-{key}-title graphique-{key}-desc"' in html
        assert f'<title id="graphique-{key}-title">' in html
        chart_at = html.index(f'id="graphique-{key}"')
        table_at = html.index(f'id="legende-{key}"')
        assert chart_at < table_at  # the table follows its chart
        assert f"?format=csv&amp;table={key}" in html
    assert "<caption" in html
    assert "Qui manque ?" in html
    assert "indice de représentativité" in html.lower()
    response = client.get(url, {"format": "csv", "table": "quartiers"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert not body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Quartier", "Habitants", "Participant·es", "Pour 1 000 habitants", "Indice de représentativité"]
    assert rows[1] == ["Aval", "1000", "2", "2.0", "3.33"]
    assert rows[2] == ["Bourg", "3000", "1", "0.33", "0.56"]
    assert client.get(url, {"format": "csv", "table": "inconnue"}).status_code == 404


def test_hidden_demarches_never_appear_in_public_dashboards(
    town: Any, client: Any, client_for: Any, agent: Any
) -> None:
    internal = DemarcheFactory(audience=Audience.AGENTS, title="Démarche interne des agents")
    ContributionFactory.create_batch(3, demarche=internal)
    invited = DemarcheFactory(
        audience=Audience.INVITED,
        title="Atelier sur invitation",
        managing_department=agent.department_memberships.get().department,
    )
    ContributionFactory(demarche=invited)
    public = client.get(reverse("analysis:platform"))
    assert public.context["board"].contributions == 8
    html = public.content.decode()
    assert "Démarche interne des agents" not in html
    assert "Atelier sur invitation" not in html
    assert client.get(reverse("analysis:demarche", kwargs={"slug": internal.slug})).status_code == 404
    as_agent = client_for(agent).get(reverse("analysis:platform"))
    assert as_agent.context["board"].contributions == 12  # internal, and invitation-only run by their department
    other_agent = client_for(DepartmentFactory(members=[UserFactory()]).memberships.get().user)
    assert other_agent.get(reverse("analysis:platform")).context["board"].contributions == 11
    assert "Espace d'analyse" in as_agent.content.decode()


def _bulk(demarche: Any, n: int, quartier: Any) -> None:
    Contribution.objects.bulk_create(
        [
            Contribution(
                demarche=demarche, kind="idee", title=f"Idée numéro {i} pour la ville", body="Texte.", quartier=quartier
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("route", ["analysis:demarche", "analysis:platform"])
def test_dashboard_query_count_does_not_grow_with_contributions(client: Any, route: str) -> None:
    demarche = DemarcheFactory()
    theme = ThemeFactory()
    url = reverse(route, kwargs={"slug": demarche.slug}) if route == "analysis:demarche" else reverse(route)

    def add(n: int) -> None:
        quartiers = [QuartierFactory() for _ in range(max(n // 50, 1))]  # one more row per quartier
        demarche.quartiers.add(*quartiers)
        for quartier in quartiers:
            _bulk(demarche, n // len(quartiers), quartier)
        for contribution in Contribution.objects.filter(demarche=demarche)[: n // 7]:
            contribution.themes.add(theme)

    add(10)
    small = real_render_queries(client, url)
    add(490)
    assert_same_cost(
        small,
        real_render_queries(client, url),
        at_most={"analysis:demarche": 20, "analysis:platform": 13}[route],
        what=route,
    )


def test_dashboard_csv_neutralises_formula_like_labels(client: Any) -> None:
    """OWASP CSV injection: a quartier or theme name that begins like a formula is prefixed with a quote."""
    quartier = QuartierFactory(name='=HYPERLINK("https://pirate.example")', population=1000)
    theme = ThemeFactory(name="@SUM(1+1)")
    demarche = DemarcheFactory()
    demarche.quartiers.set([quartier])
    contribution = ContributionFactory(demarche=demarche, quartier=quartier)
    contribution.themes.set([theme])
    url = reverse("analysis:demarche", kwargs={"slug": demarche.slug})
    by_table = {}
    for key in ("quartiers", "themes"):
        body = client.get(url, {"format": "csv", "table": key}).content.decode("utf-8")
        by_table[key] = list(csv.reader(io.StringIO(body)))
    assert by_table["quartiers"][1][0] == '\'=HYPERLINK("https://pirate.example")'
    assert by_table["quartiers"][1][1] == "1000"
    assert ["'@SUM(1+1)", "1"] in by_table["themes"]
