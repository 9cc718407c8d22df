"""Themes of a démarche: the background run, analyst operations, traceability, permissions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cocite.accounts.tests.factories import UserFactory
from cocite.analysis import actions, queries
from cocite.analysis.models import AnalysisRun, ContributionTheme, DuplicatePair, ThemeAssignment
from cocite.analysis.tasks import group_themes
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core import taskqueue
from cocite.core.errors import ActionError, PermissionDenied
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _run(demarche: Any, analyst: Any, django_capture_on_commit_callbacks: Any) -> AnalysisRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = actions.run_request(analyst=analyst, demarche=demarche)
    run.refresh_from_db()
    return run


def _theme_of(contribution: Contribution) -> ContributionTheme:
    return ThemeAssignment.objects.get(contribution=contribution, ended_at__isnull=True).theme


def test_a_run_groups_the_contributions_in_the_background(
    corpus_demarche: Any, agent: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("analysis:run_start", kwargs={"slug": corpus_demarche.slug}))
    assert response.status_code == 302
    run = AnalysisRun.objects.get(demarche=corpus_demarche)
    assert (run.status, run.progress, run.contribution_count, run.theme_count) == ("done", 100, 12, 3)
    assert run.started_at
    assert run.finished_at
    assert run.requested_by == agent
    c = corpus_demarche.corpus
    assert _theme_of(c[1]) == _theme_of(c[2]) == _theme_of(c[3]) == _theme_of(c[4])
    assert _theme_of(c[5]) == _theme_of(c[8]) != _theme_of(c[1])
    assert _theme_of(c[9]) == _theme_of(c[12]) not in {_theme_of(c[1]), _theme_of(c[5])}
    assignment = ThemeAssignment.objects.filter(contribution=c[1]).get()
    assert (assignment.reason, assignment.assigned_by) == ("computed", None)
    page = client.get(reverse("analysis:themes", kwargs={"slug": corpus_demarche.slug}))
    assert page.status_code == 200
    for theme in ContributionTheme.objects.filter(demarche=corpus_demarche):
        assert theme.label in page.content.decode()


def test_the_page_polls_progress_while_running_and_offers_a_refresh_link(
    corpus_demarche: Any, agent: Any, client_for: Any
) -> None:
    client = client_for(agent)
    run = AnalysisRun.objects.create(
        demarche=corpus_demarche, status=AnalysisRun.Status.RUNNING, progress=45, message="Analyse du vocabulaire"
    )
    url = reverse("analysis:themes", kwargs={"slug": corpus_demarche.slug})
    html = client.get(url).content.decode()
    progress_url = reverse("analysis:run_progress", kwargs={"slug": corpus_demarche.slug, "run_id": run.pk})
    assert f'hx-get="{progress_url}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert 'value="45"' in html
    assert f'href="{url}"' in html
    partial = client.get(progress_url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "45 %" in partial.content.decode()
    assert "HX-Refresh" not in partial
    AnalysisRun.objects.filter(pk=run.pk).update(status=AnalysisRun.Status.DONE, progress=100)
    finished = client.get(progress_url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    assert client.get(progress_url).status_code == 302  # without htmx: back to the page


def test_a_second_request_while_running_returns_the_same_run(corpus_demarche: Any, agent: Any) -> None:
    first = actions.run_request(analyst=agent, demarche=corpus_demarche)  # on_commit never runs in this test
    second = actions.run_request(analyst=agent, demarche=corpus_demarche)
    assert first.pk == second.pk
    assert actions.run_execute(run_id=first.pk) is not None
    assert actions.run_execute(run_id=first.pk) is None  # a second worker does nothing


def test_a_failing_run_is_recorded_with_its_error(
    corpus_demarche: Any, agent: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("plus de mémoire")

    from cocite.analysis import grouping

    monkeypatch.setattr(grouping, "group_texts", explode)
    run = AnalysisRun.objects.create(demarche=corpus_demarche)
    actions.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed"
    assert "plus de mémoire" in run.error
    assert run.finished_at


def test_only_analysts_group_themes(
    corpus_demarche: Any, resident: Any, client_for: Any, client: Any, agent: Any
) -> None:
    url = reverse("analysis:themes", kwargs={"slug": corpus_demarche.slug})
    assert client.get(url).status_code == 302  # to the login page
    assert client_for(resident).get(url).status_code == 403
    assert (
        client_for(resident).post(reverse("analysis:run_start", kwargs={"slug": corpus_demarche.slug})).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        actions.run_request(analyst=resident, demarche=corpus_demarche)
    assert client_for(agent).get(url).status_code == 200


def test_validated_themes_survive_a_new_run(
    corpus_demarche: Any, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _run(corpus_demarche, agent, django_capture_on_commit_callbacks)
    c = corpus_demarche.corpus
    dogs = _theme_of(c[5])
    actions.theme_validate(analyst=agent, theme=dogs)
    actions.theme_rename(analyst=agent, theme=dogs, label="Propreté canine")
    new = ContributionFactory(demarche=corpus_demarche, title="Encore des crottes de chien", body="Sacs pour chiens.")
    _run(corpus_demarche, agent, django_capture_on_commit_callbacks)
    dogs.refresh_from_db()
    assert (dogs.status, dogs.label, dogs.validated_by) == ("validated", "Propreté canine", agent)
    assert set(
        ThemeAssignment.objects.filter(theme=dogs, ended_at__isnull=True).values_list("contribution", flat=True)
    ) == {
        c[5].pk,
        c[6].pk,
        c[7].pk,
        c[8].pk,
    }
    assert ThemeAssignment.objects.filter(contribution=new, ended_at__isnull=True).exists()
    # The proposed themes of the first run are kept for history, marked replaced.
    assert ContributionTheme.objects.filter(demarche=corpus_demarche, status="replaced").count() == 2
    assert ThemeAssignment.objects.filter(contribution=c[1]).count() == 2  # one ended, one current


def test_analysts_merge_split_and_move_with_full_history(
    corpus_demarche: Any, agent: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _run(corpus_demarche, agent, django_capture_on_commit_callbacks)
    c = corpus_demarche.corpus
    client = client_for(agent)
    bikes, dogs, lights = _theme_of(c[1]), _theme_of(c[5]), _theme_of(c[9])
    # Merge "lights" into "dogs" (both are about the pavement at night, say).
    response = client.post(reverse("analysis:theme_merge", kwargs={"pk": lights.pk}), {"target": dogs.pk})
    assert response.status_code == 302
    lights.refresh_from_db()
    assert (lights.status, lights.merged_into) == ("merged", dogs)
    assert _theme_of(c[9]) == dogs
    # Split two contributions off into a new theme.
    response = client.post(
        reverse("analysis:move", kwargs={"pk": dogs.pk}),
        {"contributions": [c[9].pk, c[10].pk], "new_label": "Éclairage public"},
    )
    assert response.status_code == 302
    lighting = _theme_of(c[9])
    assert lighting.label == "Éclairage public"
    assert lighting.status == "validated"
    assert lighting.created_by == agent
    assert _theme_of(c[10]) == lighting
    assert _theme_of(c[11]) == dogs
    # Move one contribution to an existing theme.
    client.post(reverse("analysis:move", kwargs={"pk": dogs.pk}), {"contributions": [c[11].pk], "target": lighting.pk})
    assert _theme_of(c[11]) == lighting
    # Every placement of c[9] is kept: computed -> merged -> split, who and why.
    history = list(ThemeAssignment.objects.filter(contribution=c[9]).order_by("created_at", "pk"))
    assert [(h.theme_id, h.reason, h.ended_at is None) for h in history] == [
        (lights.pk, "computed", False),
        (dogs.pk, "theme_merged", False),
        (lighting.pk, "split", True),
    ]
    assert history[1].assigned_by == agent
    assert history[1].ended_by == agent
    assert history[0].end_reason == "theme_merged"
    page = client.get(reverse("analysis:theme", kwargs={"pk": dogs.pk}))
    assert page.status_code == 200
    assert "Fusion de thèmes" in page.content.decode()
    # Counts follow.
    overview = queries.themes_overview(corpus_demarche)
    counts = {t.pk: t.count for t in overview.themes}  # type: ignore[attr-defined]
    assert counts == {bikes.pk: 4, dogs.pk: 5, lighting.pk: 3}
    assert overview.classified_count == overview.total == 12


def test_moving_needs_a_target_and_contributions_of_the_demarche(corpus_demarche: Any, agent: Any) -> None:
    other = ContributionFactory()
    with pytest.raises(ActionError):
        actions.contributions_move(
            analyst=agent, demarche=corpus_demarche, contribution_ids=[other.pk], new_label="X y z"
        )
    with pytest.raises(ActionError):
        actions.contributions_move(
            analyst=agent, demarche=corpus_demarche, contribution_ids=[corpus_demarche.corpus[1].pk]
        )
    with pytest.raises(ActionError):
        actions.contributions_move(analyst=agent, demarche=corpus_demarche, contribution_ids=[])


def test_near_duplicates_are_listed_and_can_be_dismissed(
    agent: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    demarche = DemarcheFactory(managing_department=agent.department_memberships.get().department)
    a = ContributionFactory(demarche=demarche, title="Lampadaire en panne rue des Lilas", body="Depuis deux semaines.")
    b = ContributionFactory(
        demarche=demarche, title="Lampadaire en panne rue des Lilas !", body="Depuis deux semaines !"
    )
    ContributionFactory(demarche=demarche, title="Planter des arbres dans la cour", body="Pour l'ombre en été.")
    _run(demarche, agent, django_capture_on_commit_callbacks)
    pair = DuplicatePair.objects.get(demarche=demarche)
    assert (pair.first_id, pair.second_id) == (a.pk, b.pk)
    assert pair.score > 0.9
    client = client_for(agent)
    page = client.get(reverse("analysis:duplicates", kwargs={"slug": demarche.slug})).content.decode()
    assert f"cible={a.pk}&amp;sources={b.pk}" in page or f"cible={b.pk}&amp;sources={a.pk}" in page
    client.post(reverse("analysis:duplicate_dismiss", kwargs={"pk": pair.pk}))
    assert queries.duplicate_pairs(demarche) == []
    _run(demarche, agent, django_capture_on_commit_callbacks)  # a new run does not bring it back
    assert queries.duplicate_pairs(demarche) == []
    assert DuplicatePair.objects.get(pk=pair.pk).dismissed_by == agent


def test_hidden_demarches_are_not_analysable_by_outsiders(resident: Any, client_for: Any, agent: Any) -> None:
    internal = DemarcheFactory(
        audience=Audience.AGENTS, managing_department=agent.department_memberships.get().department
    )
    url = reverse("analysis:themes", kwargs={"slug": internal.slug})
    assert client_for(resident).get(url).status_code == 404
    assert client_for(agent).get(url).status_code == 200
    # Another department's agent sees the agents-only démarche but does not run it.
    other = DepartmentFactory(members=[UserFactory()]).memberships.get().user
    assert client_for(other).get(url).status_code == 403


def test_theme_page_query_count_does_not_grow_with_contributions(agent: Any, client_for: Any) -> None:
    client = client_for(agent)

    def page_queries(n: int) -> list[str]:
        demarche = DemarcheFactory(managing_department=agent.department_memberships.get().department)
        theme = ContributionTheme.objects.create(demarche=demarche, label="Thème")
        contributions = Contribution.objects.bulk_create(
            [Contribution(demarche=demarche, kind="idee", title=f"Idée n° {i}", body="x") for i in range(n)]
        )
        ThemeAssignment.objects.bulk_create(
            [ThemeAssignment(contribution=c, theme=theme, reason="computed") for c in contributions]
        )
        return real_render_queries(client, reverse("analysis:theme", kwargs={"pk": theme.pk}))

    assert_same_cost(page_queries(10), page_queries(500), at_most=9, what="the theme page")


def test_themes_page_query_count_does_not_grow_with_themes(agent: Any, client_for: Any) -> None:
    client = client_for(agent)
    demarche = DemarcheFactory(managing_department=agent.department_memberships.get().department)
    url = reverse("analysis:themes", kwargs={"slug": demarche.slug})

    def add(n: int) -> None:
        start = ContributionTheme.objects.count()
        themes = ContributionTheme.objects.bulk_create(
            [ContributionTheme(demarche=demarche, label=f"Thème {start + i}", created_by=agent) for i in range(n)]
        )
        contributions = Contribution.objects.bulk_create(
            [Contribution(demarche=demarche, kind="idee", title=f"Idée n° {start + i}", body="x") for i in range(n)]
        )
        ThemeAssignment.objects.bulk_create(
            [
                ThemeAssignment(contribution=c, theme=t, reason="computed")
                for c, t in zip(contributions, themes, strict=True)
            ]
        )

    add(10)
    small = real_render_queries(client, url)
    add(490)
    assert_same_cost(small, real_render_queries(client, url), at_most=7, what="the themes page")


def test_duplicates_page_query_count_does_not_grow_with_pairs(agent: Any, client_for: Any) -> None:
    client = client_for(agent)
    demarche = DemarcheFactory(managing_department=agent.department_memberships.get().department)
    url = reverse("analysis:duplicates", kwargs={"slug": demarche.slug})
    authors = [UserFactory() for _ in range(2)]

    def add(n: int) -> None:
        contributions = Contribution.objects.bulk_create(
            [
                Contribution(demarche=demarche, kind="idee", title=f"Idée n° {i}", body="x", author=authors[i % 2])
                for i in range(2 * n)
            ]
        )
        DuplicatePair.objects.bulk_create(
            [
                DuplicatePair(demarche=demarche, first=first, second=second, score=0.9)
                for first, second in zip(contributions[::2], contributions[1::2], strict=True)
            ]
        )

    add(10)
    small = real_render_queries(client, url)
    add(490)
    assert_same_cost(small, real_render_queries(client, url), at_most=6, what="the duplicates page")


def test_a_grouping_interrupted_by_a_dead_worker_is_put_back_to_pending_and_run_again(corpus_demarche: Any) -> None:
    """The task queue retries group_themes (declared idempotent) after resetting the run it had claimed."""
    run = AnalysisRun.objects.create(demarche=corpus_demarche, status=AnalysisRun.Status.RUNNING, progress=40)
    task_row = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [run.pk], "kwargs": {}},
        task_path=group_themes.module_path,
        backend_name="default",
        worker_ids=["killed-worker"],
        started_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    report = taskqueue.recover_orphaned_tasks(stale_after=60, max_attempts=3)
    assert report.retried == [str(task_row.pk)]
    run.refresh_from_db()
    assert (run.status, run.progress) == (AnalysisRun.Status.PENDING, 0)
    # What the next worker does with the task queued again: the run completes.
    task_row.refresh_from_db()
    task_row.task.call(*task_row.args_kwargs["args"])
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.DONE
    assert run.theme_count
    # A finished run is never reset.
    assert actions.run_requeue(run_id=run.pk) is False
