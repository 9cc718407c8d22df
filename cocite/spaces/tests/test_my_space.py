"""« Mon espace »: what each role sees, that every link on it opens for that person, login lands
on it (or on `?next=`), and it costs the same queries whatever the amount of data."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.models import User
from cocite.accounts.tests.factories import PASSWORD, UserFactory
from cocite.contributions.actions import support_set
from cocite.contributions.models import Contribution
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.decisions import actions as decision_actions
from cocite.decisions.models import Commitment, Decision, OpinionRequest
from cocite.decisions.tests import factories as f
from cocite.demarches.tests.factories import RulebookFactory, publish_version
from cocite.notifications.models import Follow
from cocite.territory.models import Department

pytestmark = pytest.mark.django_db

URL = "/mon-espace/"


@dataclass
class World:
    resident: User
    agent: User  # of the department asked for an opinion
    manager: User  # of the department the contributions are routed to
    official: User
    administrator: User
    moderator: User
    department: Department
    asked: Department
    decided: Contribution
    pending: Contribution  # an opinion asked of `asked`, overdue
    ready: Contribution  # its opinion is in: ready for decision
    at_risk: Contribution  # an answer owed in two days
    decision: Decision
    request: OpinionRequest


def _contributions(setup: dict[str, Any], author: User, count: int) -> list[Contribution]:
    return [
        f.contribution(
            demarche=setup["demarche"], themes=[setup["theme"]], author=author, title=f"Idée {author.pk}-{i}"
        )
        for i in range(count)
    ]


def _grow(world: World, setup: dict[str, Any], n: int) -> None:
    """`n` more of everything each section lists: contributions, supports, follows, opinions, decisions."""
    mine = _contributions(setup, world.resident, n)
    theirs = _contributions(setup, UserFactory(), n)
    for contribution in theirs:
        support_set(user=world.resident, contribution=contribution, supported=True)  # and follows it
    f.publish(actor=world.official, items=mine[: n // 2])
    for contribution in mine[n // 2 :]:
        f.request_and_answer(actor=world.manager, item=contribution, department=world.asked, answerer=world.agent)
        decision_actions.opinions_request(
            actor=world.manager,
            items=[f.item_of(contribution)],
            departments=[world.asked],
            aspects=[OpinionRequest.Aspect.COST],
            deadline=timezone.localdate() + datetime.timedelta(days=3),
        )
        _commit(contribution, days=2)


def _commit(contribution: Contribution, days: int) -> None:
    """An answer owed (the support threshold reached), due in `days` days."""
    now = timezone.now()
    Commitment.objects.create(
        item=f.item_of(contribution),
        rule_version=contribution.rule_version,
        threshold=3,
        deadline_days=10,
        reached_at=now - datetime.timedelta(days=10 - days),
        due_at=now + datetime.timedelta(days=days),
    )


@pytest.fixture
def world_and_setup() -> tuple[World, dict[str, Any]]:
    publish_version(RulebookFactory(demarche=None))  # the platform's charter, linked from the header
    setup = f.routed_setup()
    asked = f.department()
    resident = UserFactory(display_name="Camille")
    decided, pending, ready, at_risk = _contributions(setup, resident, 4)
    official = f.elected_official()
    decision = f.publish(actor=official, items=[decided])
    agent = f.member(asked)
    requests, _skipped = decision_actions.opinions_request(
        actor=setup["manager"],
        items=[f.item_of(pending)],
        departments=[asked],
        aspects=[OpinionRequest.Aspect.COST],
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    OpinionRequest.objects.filter(pk=requests[0].pk).update(deadline=timezone.localdate() - datetime.timedelta(days=2))
    f.request_and_answer(actor=setup["manager"], item=ready, department=asked, answerer=agent)
    _commit(at_risk, days=2)
    other = UserFactory()
    supported = _contributions(setup, other, 1)[0]
    support_set(user=resident, contribution=supported, supported=True)  # and follows it
    world = World(
        resident=resident,
        agent=agent,
        manager=setup["manager"],
        official=official,
        administrator=UserFactory(is_superuser=True, is_staff=True),
        moderator=UserFactory(is_moderator=True),
        department=setup["department"],
        asked=asked,
        decided=decided,
        pending=pending,
        ready=ready,
        at_risk=at_risk,
        decision=decision,
        request=requests[0],
    )
    return world, setup


@pytest.fixture
def world(world_and_setup: tuple[World, dict[str, Any]]) -> World:
    return world_and_setup[0]


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _links(html: str) -> list[str]:
    """Every link of the page that stays on the site (header and footer included)."""
    hrefs = re.findall(r'<a [^>]*href="([^"]+)"', html)
    return sorted({h.replace("&amp;", "&") for h in hrefs if h.startswith("/") and not h.startswith("//")})


def _space(client: Client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for link in _links(html):
        assert client.get(link).status_code == 200, f"{link} does not open for this person"
    return html


def _workspace(contribution: Contribution) -> str:
    return f"/instruction/contributions/{contribution.pk}/"


def test_a_visitor_is_sent_to_log_in_and_back(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_a_resident_sees_their_participation_and_what_became_of_it(client_for: Any, world: World) -> None:
    html = _space(client_for(world.resident))
    main = _main(html)
    assert "Ma participation" in main
    for contribution in (world.decided, world.pending, world.ready, world.at_risk):
        assert f'href="/contributions/{contribution.pk}/"' in main
    assert "Orientée vers un service" in main  # each contribution's status
    assert f'href="/decisions/{world.decision.pk}/"' in main  # « ce qu'elles sont devenues »
    assert "Retenue" in main
    assert re.search(r"Mes soutiens <span class=\"badge badge--count\">1</span>", main)
    follows = Follow.objects.filter(user=world.resident).count()
    assert follows >= 1
    assert f'Ce que je suis <span class="badge badge--count">{follows}</span>' in main
    for other_role in ("Mes services", "Décisions à prendre", "Administration du site"):
        assert other_role not in main
    assert "/instruction/" not in main
    assert "modération" not in main.lower()


def test_an_agent_sees_their_inbox_and_the_opinions_due_overdue_first(client_for: Any, world: World) -> None:
    main = _main(_space(client_for(world.agent)))
    assert f'href="/services/{world.asked.slug}/boite/"' in main
    assert f'href="/services/{world.department.slug}/boite/"' not in main  # not their department
    assert f'href="/instruction/avis/{world.request.pk}/"' in main
    assert "En retard" in main
    assert "Décisions à prendre" not in main
    assert "Administration du site" not in main


def test_a_manager_sees_the_open_and_overdue_items_of_their_department(client_for: Any, world: World) -> None:
    main = _main(_space(client_for(world.manager)))
    inbox = f"/services/{world.department.slug}/boite/"
    assert f'href="{inbox}"' in main
    assert "5 à traiter" in main  # the four contributions and the supported one: routed, not decided
    assert f'href="{inbox}?en_retard=1"' in main  # the pending opinion is overdue
    assert "1 en retard" in main


def test_an_elected_official_sees_the_decisions_to_take(client_for: Any, world: World) -> None:
    main = _main(_space(client_for(world.official)))
    assert "Décisions à prendre" in main
    ready = main[main.index("Prêtes pour décision") : main.index("Derniers avis reçus")]
    assert _workspace(world.ready) in ready  # its opinion is in
    assert _workspace(world.at_risk) in ready  # an answer is owed
    assert _workspace(world.pending) not in ready  # an opinion is still awaited
    assert _workspace(world.decided) not in ready
    received = main[main.index("Derniers avis reçus") : main.index("Engagements en danger")]
    assert _workspace(world.ready) in received
    at_risk = main[main.index("Engagements en danger") :]
    assert _workspace(world.at_risk) in at_risk
    assert 'href="/engagements/"' in at_risk
    assert "Mes services" not in main  # not an agent: no inbox (it would answer 403)
    assert "/mon-service/" not in main


def test_an_administrator_sees_every_section_and_the_settings(client_for: Any, world: World) -> None:
    main = _main(_space(client_for(world.administrator)))
    for section in ("Mes services", "Décisions à prendre", "Administration du site", "Ma participation"):
        assert section in main
    assert f'href="/services/{world.department.slug}/boite/"' in main
    assert f'href="/services/{world.asked.slug}/boite/"' in main
    assert 'href="/admin/territory/organisation/"' in main


def test_a_moderator_gets_no_placeholder(client_for: Any, world: World) -> None:
    main = _main(_space(client_for(world.moderator)))
    assert "Ma participation" in main
    assert "File de modération" in main  # their own section (cocite/moderation)
    for other_role in ("Mes services", "Décisions à prendre", "Administration du site"):
        assert other_role not in main


def test_the_header_links_to_my_space_and_login_comes_back(client: Client, client_for: Any) -> None:
    person = UserFactory()
    header = client_for(person).get("/decisions/").content.decode()
    assert '<a href="/mon-espace/">Mon espace</a>' in header
    anonymous = client.get("/decisions/?page=2").content.decode()
    assert f'href="{reverse("account_login")}?next=%2Fdecisions%2F%3Fpage%3D2"' in anonymous
    assert "Mon espace" not in anonymous
    # From the home page or the account pages, no way back: login lands on « Mon espace ».
    assert f'href="{reverse("account_login")}"' in client.get("/").content.decode()
    assert f'href="{reverse("account_login")}"' in client.get(reverse("account_signup")).content.decode()


def test_login_lands_on_my_space_unless_there_is_a_next(client: Client) -> None:
    person = UserFactory(email="agent@exemple.fr")
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == URL
    client.post(reverse("account_logout"))
    response = client.post(
        f"{reverse('account_login')}?next=/decisions/", {"login": person.email, "password": PASSWORD}
    )
    assert response["Location"] == "/decisions/"
    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD, "next": "https://ailleurs.example/"}
    )
    assert response["Location"] == URL  # never off the site


# Real renders, caches off: session, person, header and bell, then a few lines and a count per list.
# The administrator moderates too: the moderation section counts what waits among what they may see
# (flags, appeals, and the items to approve of each kind: 5 queries, plus one per kind with items waiting);
# 27 since reports and information-page questions are held back by the commune's word list too (two kinds
# more to approve: one query each, whatever the data).
# Everyone's volunteering (hours, missions, events: cocite.missions) is one aggregate.
@pytest.mark.parametrize(
    ("role", "at_most"), [("administrator", 27), ("resident", 10), ("agent", 15), ("official", 16)]
)
def test_my_space_costs_the_same_queries_whatever_the_data(
    client_for: Any, world_and_setup: tuple[World, dict[str, Any]], role: str, at_most: int
) -> None:
    world, setup = world_and_setup
    client = client_for(getattr(world, role))
    small = real_render_queries(client, URL)
    _grow(world, setup, 24)
    large = real_render_queries(client, URL)
    assert_same_cost(small, large, at_most=at_most, what=f"« Mon espace » of the {role}")
