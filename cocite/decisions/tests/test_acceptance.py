"""Acceptance: the whole path through the web pages, as people click it.

route → opinions from two departments → a decision covering three contributions →
the notification signal → a result with progress → "not done" answers reopen the follow-up.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution, Support
from cocite.decisions import ledger, signals
from cocite.decisions.models import Decision, LogEntry, Opinion, OpinionRequest, Routing
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import item_of, items_of
from cocite.demarches.models import PhaseKind
from cocite.results.models import Result
from cocite.territory.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def _follow(client: Client, response: Any) -> Any:
    assert response.status_code == 302, response.content.decode()[:3000]
    return client.get(response["Location"])


def test_the_whole_path_in_the_browser_pages(client_for: Any, django_capture_on_commit_callbacks: Any) -> None:
    bikes = ThemeFactory(name="Vélo")
    voirie = f.department(name="Voirie", themes=[bikes])
    finances = f.department(name="Finances")
    manager, voirie_agent, finance_agent = f.manager(voirie), f.member(voirie), f.member(finances)
    official = f.elected_official()
    demarche = f.demarche_with_rules(phase=PhaseKind.COLLECTE, threshold=2, deadline_days=30, reopen_threshold=2)
    authors = [UserFactory() for _ in range(3)]

    # 1. Three residents submit similar ideas: each is routed to the competent department.
    for index, author in enumerate(authors):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(author).post(
                f"/demarches/{demarche.slug}/contribuer/",
                {"kind": "idee", "title": f"Garer son vélo en sécurité, idée {index + 1}",
                 "body": "Un abri fermé près de la gare.", "themes": [bikes.pk]},
            )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:2000]
    contributions = list(Contribution.objects.order_by("pk"))
    assert [r.department for r in Routing.objects.order_by("item_id")] == [voirie] * 3
    assert {c.status for c in contributions} == {"orientee"}
    # Supporters push one past the rulebook's threshold: an answer is now due.
    supporter_a, supporter_b = UserFactory(), UserFactory()
    for supporter in (supporter_a, supporter_b):
        with django_capture_on_commit_callbacks(execute=True):
            client_for(supporter).post(f"/contributions/{contributions[0].pk}/soutien/", {"supported": "1"})
    assert Support.objects.filter(contribution=contributions[0]).count() == 2

    # 2. The manager sees them in the inbox and asks voirie and finances, in parallel.
    boss = client_for(manager)
    inbox = boss.get(f"/services/{voirie.slug}/boite/")
    assert all(c.title in inbox.content.decode() for c in contributions)
    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    page = _follow(
        boss,
        boss.post(
            f"/services/{voirie.slug}/boite/actions/",
            {"ids": [item_of(c).pk for c in contributions], "action": "avis", "departments": [voirie.pk, finances.pk],
             "aspects": ["faisabilite", "cout"], "deadline": deadline, "question": "Coût et emplacement ?"},
        ),
    )  # fmt: skip
    assert "6 demandes d" in page.content.decode()

    # 3. Each department answers from its own inbox.
    for agent, department, text in (
        (voirie_agent, voirie, "Faisable sur le parvis nord de la gare, domaine communal."),
        (finance_agent, finances, "Coût d'investissement raisonnable, entretien faible."),
    ):
        client = client_for(agent)
        pending = client.get(f"/services/{department.slug}/boite/").context["pending_requests"]
        assert len(pending) == 3
        for request in pending:
            response = client.post(
                f"/instruction/avis/{request.pk}/",
                {"feasibility": "faisable", "recommendation": "favorable", "estimated_cost": "12000",
                 "text": text, "internal_note": "Note interne à ne jamais publier."},
            )  # fmt: skip
            assert response.status_code == 302
    assert OpinionRequest.objects.filter(status="rendu").count() == 6

    # 4. One decision covers the three contributions; the notification signal goes out.
    create = boss.post(
        f"/services/{voirie.slug}/boite/actions/", {"ids": [item_of(c).pk for c in contributions], "action": "decision"}
    )
    form_page = _follow(boss, create)
    assert form_page.status_code == 200
    published: list[Decision] = []

    def on_published(**kwargs: Any) -> None:
        published.append(kwargs["decision"])

    signals.decision_published.connect(on_published)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = boss.post(
                "/decisions/nouvelle/",
                {"elements": [item_of(c).pk for c in contributions], "outcome": "retenue_modifiee",
                 "explanation": f.EXPLANATION, "criteria": form_page.context["form"].fields["criteria"].choices[0][0],
                 "opinions": list(Opinion.objects.values_list("pk", flat=True)), "body": "conseil_municipal",
                 "official": official.pk, "deliberation_ref": "DCM 2026-045",
                 "decided_on": timezone.localdate().isoformat()},
            )  # fmt: skip
    finally:
        signals.decision_published.disconnect(on_published)
    decision = Decision.objects.get()
    assert published == [decision]
    assert set(decision.items.all()) == set(items_of(contributions))
    decision_page = _follow(boss, response).content.decode()
    assert "DCM 2026-045" in decision_page
    assert "Faisable sur le parvis nord" in decision_page
    assert "Note interne" not in decision_page
    assert {c.status for c in Contribution.objects.all()} == {"retenue_modifiee"}
    public = client_for(UserFactory()).get(contributions[1].get_absolute_url()).content.decode()
    assert f.EXPLANATION[:60] in public
    assert 'aria-current="step"' in public
    commitment = item_of(contributions[0]).commitment
    commitment.refresh_from_db()
    assert commitment.answered_at == decision.published_at
    assert commitment.answered_at <= commitment.due_at

    # 5. The decision becomes a result, with progress.
    result_page = _follow(
        boss,
        boss.post(
            "/resultats/nouveau/",
            {"decision": decision.pk, "title": "Un abri vélos fermé à la gare", "description": "Quarante places.",
             "department": voirie.pk, "budget": "24000", "progress": "30",
             "milestone_1_title": "Commande", "milestone_1_date": "2027-02-01"},
        ),
    )  # fmt: skip
    result = Result.objects.get()
    assert result_page.status_code == 200
    assert result.progress == 30
    boss.post(f"/resultats/{result.pk}/suivi/", {"operation": "avancement", "avancement-progress": "90"})
    boss.post(
        f"/resultats/{result.pk}/realise/",
        {"realise-note": "Abri posé.", "realise-open_milestones_reason": "Commande livrée avant la date prévue."},
    )
    result.refresh_from_db()
    assert result.status == "realise"
    assert {c.status for c in Contribution.objects.all()} == {"realisee"}

    # 6. The people concerned say it is not done: at the rulebook's threshold, it reopens.
    for person in (authors[0], supporter_a):
        client_for(person).post(f"/resultats/{result.pk}/verification/", {"done": "non", "comment": "Pas d'abri."})
    result.refresh_from_db()
    assert result.status == "rouvert"
    assert {c.status for c in Contribution.objects.all()} == {"en_cours"}
    assert "Suivi rouvert" in Client().get(result.get_absolute_url()).content.decode()

    # The public log holds it all, in order, and verifies.
    kinds = list(LogEntry.objects.order_by("seq").values_list("kind", flat=True))
    assert kinds == ["rule_version", *["opinion"] * 6, "decision", "result_reopened"]
    export = b"".join(Client().get("/decisions/journal.jsonl").streaming_content)  # type: ignore[attr-defined]
    assert ledger.verify_lines(export.splitlines(keepends=True)).ok
    assert b"Note interne" not in export
