"""The pages without JavaScript: the cart, the summary, the receipt, the agents' pages, the outcome,
the open data (its `.pb` re-imports to the same outcome) and the public recount; query counts."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.budgets import actions, counting, pabulib, queries
from cocite.budgets.models import Ballot, Count, PaperEntry
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.decisions.tests.factories import member

from .helpers import after_close, budget_setup, verified

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, setup: dict[str, Any], **kwargs: Any) -> str:
    return reverse(f"budgets:{name}", kwargs={"slug": setup["demarche"].slug, **kwargs})


def test_the_cart_without_javascript_review_confirm_change() -> None:
    setup = budget_setup([40000, 30000, 50000], total=100000)
    p = setup["projects"]
    voter = verified()
    client = _client(voter)
    page = client.get(_url("main", setup))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-live="polite"' in html
    assert "reste 100" in html
    # Filtering keeps the cart (a POST of the same form, no JavaScript).
    filtered = client.post(_url("ballot", setup), {"step": "filter", "projects": [p[0].pk], "quartier": "commune"})
    assert filtered.status_code == 200
    assert "checked" in filtered.content.decode()
    over = client.post(_url("ballot", setup), {"step": "review", "projects": [p[0].pk, p[1].pk, p[2].pk]})
    assert over.status_code == 400
    assert "dépasse" in over.content.decode()
    review = client.post(_url("ballot", setup), {"step": "review", "projects": [p[0].pk, p[1].pk]})
    assert review.status_code == 200
    assert "Confirmer mon vote" in review.content.decode()
    assert "30" in review.content.decode()
    no_age = client.post(_url("ballot", setup), {"step": "confirm", "projects": [p[0].pk, p[1].pk]})
    assert no_age.status_code == 400
    done = client.post(_url("ballot", setup), {"step": "confirm", "projects": [p[0].pk, p[1].pk], "age": "on"})
    assert done.status_code == 302
    assert done["Location"] == _url("receipt", setup)
    ballot = Ballot.objects.get(voter=voter)
    receipt = client.get(_url("receipt", setup))
    assert ballot.receipt in receipt.content.decode()
    assert "Changer mon vote" in receipt.content.decode()
    client.post(_url("ballot", setup), {"step": "confirm", "projects": [p[2].pk], "age": "on"})
    assert queries.ballot_data(setup["demarche"]) == [[str(p[2].pk)]]


def test_an_unverified_person_sees_why_and_cannot_post() -> None:
    setup = budget_setup([1000])
    client = Client()
    page = client.get(_url("main", setup))
    assert "Connectez-vous pour voter" in page.content.decode()
    assert client.post(_url("ballot", setup), {"step": "confirm"}).status_code == 302  # to the login page
    resident = _client(UserFactory())
    refused = resident.post(_url("ballot", setup), {"step": "confirm", "projects": [setup["projects"][0].pk]})
    assert refused.status_code == 403
    assert not Ballot.objects.exists()


def test_agent_pages_are_for_agents() -> None:
    setup = budget_setup([1000])
    resident = _client(verified())
    assert resident.get(_url("manage", setup)).status_code == 403
    assert resident.get(_url("paper", setup)).status_code == 403
    agent = _client(setup["agent"])
    assert agent.get(_url("paper", setup)).status_code == 200
    posted = agent.post(
        _url("paper", setup), {"station": "Mairie", "sheet": "A1", "projects": [setup["projects"][0].pk]}
    )
    assert posted.status_code == 302
    assert PaperEntry.objects.count() == 1
    bad = agent.post(_url("paper", setup), {"station": "", "sheet": "", "projects": ["x"]})
    assert bad.status_code == 400


def test_manager_makes_a_project_and_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    setup = budget_setup([1000, 2000])
    manager = _client(setup["manager"])
    page = manager.get(_url("manage", setup))
    assert page.status_code == 200
    invalid = manager.post(_url("manage", setup), {"action": "project", "title": "x"})
    assert invalid.status_code == 400
    for index in range(3):
        actions.ballot_cast(
            voter=verified(),
            demarche=setup["demarche"],
            project_ids=[setup["projects"][index % 2].pk],
            age_confirmed=True,
        )
    early = manager.post(_url("manage", setup), {"action": "count", "rule": "greedy"})
    assert early.status_code == 409
    after_close(monkeypatch, setup["rules"])
    counted = manager.post(_url("manage", setup), {"action": "count", "rule": "greedy"})
    count = Count.objects.get()
    assert counted.status_code == 302
    assert counted["Location"] == count.get_absolute_url()
    outcome = Client().get(count.get_absolute_url())
    assert outcome.status_code == 200
    html = outcome.content.decode()
    assert count.ballots_sha256 in html
    assert "Retenu en position 1" in html
    made = manager.post(_url("manage", setup), {"action": "results", "count": count.pk})
    assert made.status_code == 302
    assert Count.objects.get().results_made_at is not None


def test_open_data_after_the_close_reimports_to_the_same_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    setup = budget_setup([50000, 40000, 30000, 20000], total=90000)
    p = setup["projects"]
    for choice in [(0, 1), (0,), (1, 2), (2, 3), (3,), (0, 3)]:
        actions.ballot_cast(
            voter=verified(), demarche=setup["demarche"], project_ids=[p[i].pk for i in choice], age_confirmed=True
        )
    anonymous = Client()
    assert anonymous.get(_url("export_pb", setup, part=0)).status_code == 404  # not during the vote
    assert anonymous.get(_url("export_csv", setup)).status_code == 404
    after_close(monkeypatch, setup["rules"])
    count = actions.count_publish(actor=setup["manager"], demarche=setup["demarche"], rule="greedy")
    mes = actions.count_publish(actor=setup["manager"], demarche=setup["demarche"], rule="mes")
    assert count.official
    assert not mes.official
    assert anonymous.get(_url("export_pb", setup, part=7)).status_code == 404
    exported = anonymous.get(_url("export_pb", setup, part=0))
    assert exported.status_code == 200
    text = exported.content.decode()
    parsed = pabulib.parse(text)
    assert parsed.selected() == set(count.selected_keys())
    assert set(counting.greedy(parsed.election()).selected) == set(count.selected_keys())
    assert set(counting.mes(parsed.election()).selected) == set(mes.selected_keys())
    for voter in Ballot.objects.values_list("voter__email", flat=True):
        assert voter not in text
    csv_text = anonymous.get(_url("export_csv", setup)).content.decode()
    lines = sorted(row.split(";")[1] for row in csv_text.strip().splitlines()[1:])
    assert hashlib.sha256("\n".join(lines).encode()).hexdigest() == count.ballots_sha256
    # Anyone recounts the exported file.
    upload = SimpleUploadedFile("budget.pb", text.encode(), content_type="text/plain")
    recount = anonymous.post(reverse("budgets:recount"), {"file": upload, "rule": "greedy"})
    assert recount.status_code == 200
    assert "Les projets retenus sont ceux que le fichier déclare" in recount.content.decode()
    junk = SimpleUploadedFile("x.pb", b"\xff\xfe", content_type="text/plain")
    assert anonymous.post(reverse("budgets:recount"), {"file": junk, "rule": "mes"}).status_code == 400


def test_project_page_and_image() -> None:
    setup = budget_setup([1000])
    project = setup["projects"][0]
    page = Client().get(project.get_absolute_url())
    assert page.status_code == 200
    assert project.title in page.content.decode()
    assert Client().get(_url("project_image", setup, pk=project.pk)).status_code == 404


def test_pages_cost_the_same_with_few_or_many_projects_and_ballots(monkeypatch: pytest.MonkeyPatch) -> None:
    small = budget_setup([1000, 2000], total=10**7)
    large = budget_setup([1000 + i for i in range(12)], total=10**7)
    for setup in (small, large):
        for index in range(2 if setup is small else 12):
            actions.ballot_cast(
                voter=verified(),
                demarche=setup["demarche"],
                project_ids=[project.pk for project in setup["projects"][: index + 1]],
                age_confirmed=True,
            )
    watcher = verified()
    for name in ("main",):
        assert_same_cost(
            real_render_queries(_client(watcher), _url(name, small)),
            real_render_queries(_client(watcher), _url(name, large)),
            at_most=40,
            what=f"budgets:{name}",
        )
    agent_small = member(small["department"])
    agent_large = member(large["department"])
    assert_same_cost(
        real_render_queries(_client(agent_small), _url("paper", small)),
        real_render_queries(_client(agent_large), _url("paper", large)),
        at_most=40,
        what="budgets:paper",
    )
    assert_same_cost(
        real_render_queries(_client(small["manager"]), _url("manage", small)),
        real_render_queries(_client(large["manager"]), _url("manage", large)),
        at_most=60,
        what="budgets:manage",
    )


def test_the_team_sets_the_votes_rules_from_the_page_until_a_ballot_is_in() -> None:
    setup = budget_setup([100, 200, 300])
    manager = _client(setup["manager"])
    url = _url("manage", setup)
    page = manager.get(url).content.decode()
    assert 'name="change_note"' in page
    valid = {
        "action": "rules",
        "total_budget": "450",
        "method": "ranking",
        "max_choices": "2",
        "counting": "greedy",
        "opens_at": "2026-01-01T08:00",
        "closes_at": "2099-01-01T20:00",
        "verified_only": "on",
        "minimum_age": "16",
        "changeable": "on",
        "change_note": "Un classement de deux projets",
    }
    missing = manager.post(url, {**valid, "method": "cumulative", "points": ""})
    assert missing.status_code == 400
    assert "Indiquez combien de points chaque bulletin répartit." in missing.content.decode()
    reversed_dates = manager.post(url, {**valid, "closes_at": "2025-01-01T08:00"})
    assert "La clôture du vote vient après son ouverture." in reversed_dates.content.decode()
    before = queries.rules_for(setup["demarche"])
    assert before is not None
    assert before.method == "approval_budget"
    assert manager.post(url, valid).status_code == 302
    rules = queries.rules_for(setup["demarche"])
    assert rules is not None
    assert (rules.method, rules.max_choices, rules.total_budget, rules.agents_may_vote) == ("ranking", 2, 450, False)
    assert rules.rule_version.number == before.rule_version.number + 1
    assert rules.rule_version.change_note == "Un classement de deux projets"
    assert rules.rule_version.text == before.rule_version.text
    # Someone outside the team may not; once a ballot is in, the rules stay.
    assert _client(UserFactory()).post(url, valid).status_code == 403
    actions.ballot_cast(
        voter=verified(), demarche=setup["demarche"], project_ids=[setup["projects"][0].pk], age_confirmed=True,
        marks={setup["projects"][0].pk: 1},
    )  # fmt: skip
    refused = manager.post(url, {**valid, "method": "approval_budget"})
    assert refused.status_code == 409
    assert "les règles de ce vote ne changent plus" in refused.content.decode()
    assert queries.rules_for(setup["demarche"]).method == "ranking"  # type: ignore[union-attr]
