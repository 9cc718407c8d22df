"""Results and "droit de suite": follow-up of decisions, milestones, done, the citizen check, reopening."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution, Support
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.decisions import ledger
from cocite.decisions.models import Decision, LogEntry
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import items_of
from cocite.results import actions, signals
from cocite.results.models import CompletionCheck, Milestone, Result, ResultUpdate

pytestmark = pytest.mark.django_db


OPEN_STEP_REASON = "La commande est livrée ; la case restait à cocher."


def _decided(count: int = 2, outcome: str = Decision.Outcome.ACCEPTED, **kwargs: Any) -> dict[str, Any]:
    setup = f.routed_setup(count=count, **kwargs)
    setup["decision"] = f.publish(actor=setup["manager"], items=items_of(setup["contributions"]), outcome=outcome)
    return setup


def _result(setup: dict[str, Any], **overrides: Any) -> Result:
    values: dict[str, Any] = {
        "actor": setup["manager"],
        "title": "Des bancs le long de la promenade",
        "description": "Douze bancs avec accoudoirs, posés au printemps.",
        "department": setup["department"],
        "decisions": [setup["decision"]],
        "budget": "18 000",
        "milestones": [("Commande", timezone.localdate() + datetime.timedelta(days=30))],
    }
    values.update(overrides)
    return actions.result_create(**values)


def test_a_retained_decision_becomes_a_followed_result(django_capture_on_commit_callbacks: Any) -> None:
    setup = _decided()
    published: list[Any] = []

    def receiver(**kwargs: Any) -> None:
        published.append(kwargs["result"])

    signals.result_published.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = _result(setup)
    finally:
        signals.result_published.disconnect(receiver)
    assert published == [result]
    assert set(result.items.all()) == set(items_of(setup["contributions"]))
    assert str(result.budget) == "18000.00"
    assert result.demarche == setup["demarche"]
    assert set(Contribution.objects.values_list("status", flat=True)) == {"en_cours"}
    assert result.milestones.count() == 1


def test_only_followed_outcomes_and_managers_create_results() -> None:
    rejected = _decided(outcome=Decision.Outcome.REJECTED)
    with pytest.raises(ActionError):
        _result(rejected)
    setup = _decided()
    with pytest.raises(PermissionDenied):
        _result(setup, actor=setup["agent"])
    with pytest.raises(ActionError):
        _result(setup, title="Court")


def test_progress_milestones_and_done(client_for: Any) -> None:
    setup = _decided()
    result = _result(setup)
    client = client_for(setup["agent"])
    url = f"/resultats/{result.pk}/suivi/"
    assert client.get(url).status_code == 200
    client.post(url, {"operation": "avancement", "avancement-progress": "45", "avancement-note": "Commande passée."})
    result.refresh_from_db()
    assert (result.progress, result.status) == (45, Result.Status.IN_PROGRESS)
    assert client.post(url, {"operation": "avancement", "avancement-progress": "140"}).status_code == 400
    client.post(url, {"operation": "etape", "etape-title": "Pose", "etape-due_on": "2027-04-01"})
    milestone = Milestone.objects.get(title="Pose")
    client.post(url, {"operation": "franchie", "milestone": milestone.pk, "done": "1"})
    milestone.refresh_from_db()
    assert milestone.done
    assert milestone.done_on == timezone.localdate()
    # Agents update; only managers (or elected officials) declare it done.
    assert client.post(f"/resultats/{result.pk}/realise/").status_code == 302
    result.refresh_from_db()
    assert result.status != Result.Status.DONE
    manager = client_for(setup["manager"])
    # « Commande » is not passed: declaring it done needs a stated reason, shown with the result.
    refused = manager.post(f"/resultats/{result.pk}/realise/", {"realise-note": "Bancs posés."}, follow=True)
    assert "L&#x27;étape « Commande » n&#x27;est pas franchie" in refused.content.decode()
    result.refresh_from_db()
    assert result.status != Result.Status.DONE
    manage_page = manager.get(url).content.decode()
    assert "Attention : une étape n'est pas franchie." in manage_page
    assert 'name="realise-open_milestones_reason"' in manage_page
    manager.post(
        f"/resultats/{result.pk}/realise/",
        {"realise-note": "Bancs posés.", "realise-open_milestones_reason": OPEN_STEP_REASON},
    )
    assert OPEN_STEP_REASON in Client().get(result.get_absolute_url()).content.decode()
    result.refresh_from_db()
    assert (result.status, result.progress, result.round) == (Result.Status.DONE, 100, 1)
    assert set(Contribution.objects.values_list("status", flat=True)) == {"realisee"}
    outsider = client_for(UserFactory())
    assert outsider.get(url).status_code == 403
    page = Client().get(result.get_absolute_url()).content.decode()
    assert "Est-ce bien réalisé ?" in page
    assert "Commande passée." in page


def test_people_concerned_answer_once_and_enough_no_reopen(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    setup = _decided(count=1, reopen_threshold=2)
    contribution = setup["contributions"][0]
    supporters = [UserFactory() for _ in range(3)]
    Support.objects.bulk_create([Support(contribution=contribution, user=u) for u in supporters])
    result = _result(setup)
    # Not asked before it is declared done.
    with pytest.raises(ActionError):
        actions.completion_check_answer(user=supporters[0], result=result, done=False)
    actions.result_mark_done(actor=setup["manager"], result=result, open_milestones_reason=OPEN_STEP_REASON)
    with pytest.raises(PermissionDenied):
        actions.completion_check_answer(user=UserFactory(), result=result, done=False)
    author = client_for(contribution.author)
    author.post(f"/resultats/{result.pk}/verification/", {"done": "non", "comment": "Rien n'a changé."})
    with pytest.raises(Conflict):
        actions.completion_check_answer(user=contribution.author, result=result, done=True)
    actions.completion_check_answer(user=supporters[0], result=result, done=True)
    result.refresh_from_db()
    assert result.status == Result.Status.DONE
    reopened: list[Any] = []

    def receiver(**kwargs: Any) -> None:
        reopened.append(kwargs["update"])

    signals.result_reopened.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client_for(supporters[1]).post(f"/resultats/{result.pk}/verification/", {"done": "non"})
    finally:
        signals.result_reopened.disconnect(receiver)
    result.refresh_from_db()
    assert result.status == Result.Status.REOPENED
    assert result.reopened_at is not None
    update = ResultUpdate.objects.get(result=result, kind=ResultUpdate.Kind.REOPENED)
    assert (update.no_count, update.threshold) == (2, 2)
    assert reopened == [update]
    assert Contribution.objects.get(pk=contribution.pk).status == "en_cours"
    entry = LogEntry.objects.get(kind="result_reopened")
    assert f'"id":{result.pk}' in entry.payload
    assert '"not_done_answers":2' in entry.payload
    assert "Rien n'a changé" not in entry.payload
    assert ledger.verify_database().ok
    page = Client().get(result.get_absolute_url()).content.decode()
    assert "Suivi rouvert" in page
    assert "Rien n&#x27;a changé" in page
    # Declared done again: a new round, everyone may answer again.
    actions.result_mark_done(actor=setup["manager"], result=result, open_milestones_reason=OPEN_STEP_REASON)
    result.refresh_from_db()
    actions.completion_check_answer(user=supporters[1], result=result, done=True)
    assert CompletionCheck.objects.filter(result=result, round=2).count() == 1


def test_the_check_form_is_shown_to_concerned_people_only(client_for: Any) -> None:
    setup = _decided(count=1)
    contribution = setup["contributions"][0]
    result = _result(setup)
    actions.result_mark_done(actor=setup["manager"], result=result, open_milestones_reason=OPEN_STEP_REASON)
    concerned = client_for(contribution.author).get(result.get_absolute_url()).content.decode()
    assert 'action="/resultats/' in concerned
    assert "verification" in concerned
    stranger = client_for(UserFactory()).get(result.get_absolute_url()).content.decode()
    assert "/verification/" not in stranger


def test_the_contribution_timeline_follows_the_path(client_for: Any) -> None:
    client = client_for(UserFactory())  # logged in: never a cached anonymous page
    setup = _decided(count=1)
    contribution = setup["contributions"][0]
    html = client.get(contribution.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in html
    current = html.split('aria-current="step"')[1][:200]
    assert "Décision" in current
    result = _result(setup)
    html = client.get(contribution.get_absolute_url()).content.decode()
    assert "Mise en œuvre" in html.split('aria-current="step"')[1][:200]
    actions.result_mark_done(actor=setup["manager"], result=result, open_milestones_reason=OPEN_STEP_REASON)
    html = client.get(contribution.get_absolute_url()).content.decode()
    assert "Réalisée" in html.split('aria-current="step"')[1][:200]
    for label in ("Reçue", "Orientée", "Avis des services", "Décision", "Mise en œuvre", "Réalisée"):
        assert label in html


def _people(count: int) -> list[Any]:
    start = User.objects.count()
    return User.objects.bulk_create(
        [User(email=f"habitant{start + i}@exemple.fr", display_name=f"Habitant {start + i}",
              display_name_key=f"habitant {start + i}") for i in range(count)]
    )  # fmt: skip


@pytest.mark.parametrize("logged_in", [False, True])
def test_results_list_costs_the_same_with_10_and_500_results(client_for: Any, logged_in: bool) -> None:
    setup = _decided(count=1)

    def bulk(count: int) -> None:
        results = Result.objects.bulk_create(
            [Result(title=f"Résultat numéro {i:03d}", description="Texte.", department=setup["department"],
                    demarche=setup["demarche"], progress=i % 100) for i in range(count)]
        )  # fmt: skip
        Milestone.objects.bulk_create(
            [Milestone(result=r, title="Étape", due_on=timezone.localdate()) for r in results]
        )
        Result.decisions.through.objects.bulk_create(
            [Result.decisions.through(result=r, decision=setup["decision"]) for r in results]
        )

    client = client_for(UserFactory()) if logged_in else Client()
    bulk(10)
    small = real_render_queries(client, "/resultats/")
    bulk(490)
    assert_same_cost(
        small, real_render_queries(client, "/resultats/"), at_most=7 if logged_in else 6, what="the results list"
    )


def test_result_page_costs_the_same_with_10_and_500_steps(client_for: Any) -> None:
    setup = _decided(count=1)
    result = _result(setup)
    client = client_for(setup["contributions"][0].author)

    def bulk(count: int) -> None:
        people = _people(count)
        Milestone.objects.bulk_create(
            [Milestone(result=result, title=f"Étape {i}", due_on=timezone.localdate()) for i in range(count)]
        )
        ResultUpdate.objects.bulk_create(
            [ResultUpdate(result=result, kind="avancement", progress=i % 100, note="Ça avance.", author=person)
             for i, person in enumerate(people)]
        )  # fmt: skip
        CompletionCheck.objects.bulk_create(
            [CompletionCheck(result=result, user=person, round=result.round, done=i % 2 == 0, comment="Vu.")
             for i, person in enumerate(people)]
        )  # fmt: skip

    url = f"/resultats/{result.pk}/"
    bulk(10)
    small = real_render_queries(client, url)
    bulk(490)
    assert_same_cost(small, real_render_queries(client, url), at_most=14, what="the result page")


def test_create_page_from_a_decision(client_for: Any) -> None:
    setup = _decided(count=1)
    client = client_for(setup["manager"])
    url = f"/resultats/nouveau/?decision={setup['decision'].pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        "/resultats/nouveau/",
        {
            "decision": setup["decision"].pk,
            "title": "Des bancs le long de la promenade",
            "description": "Douze bancs.",
            "department": setup["department"].pk,
            "budget": "",
            "progress": "0",
            "milestone_1_title": "Commande",
            "milestone_1_date": "2027-01-15",
        },
    )
    result = Result.objects.get()
    assert response["Location"] == result.get_absolute_url()
    assert result.milestones.get().title == "Commande"
    assert client_for(setup["agent"]).get(url).status_code == 403
