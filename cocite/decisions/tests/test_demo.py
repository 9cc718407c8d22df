"""The demo: the participatory-budget path runs end to end, the commitments mix, the log verifies."""

from __future__ import annotations

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from cocite.accounts.models import User
from cocite.decisions import demo, ledger, queries
from cocite.decisions.models import Decision, LogEntry, Opinion
from cocite.results import demo as results_demo
from cocite.results.actions import completion_check_answer
from cocite.results.models import CompletionCheck, Result

pytestmark = pytest.mark.django_db

PREREQUISITES = ("territory", "accounts", "demarches")  # démarches seed their components (contributions…)


def _seed(*labels: str) -> None:
    for label in labels:
        apps.get_app_config(label).seed_demo(StringIO())  # type: ignore[attr-defined]


def test_the_demo_runs_the_whole_path(tmp_path: Path) -> None:
    _seed(*PREREQUISITES, "decisions", "results")

    # Opinions from two departments, one decision covering three similar ideas.
    bikes = Decision.objects.get(item_links__item__title=demo.load_content().ideas["bikes"][0])
    assert bikes.items.count() == 3
    assert bikes.deliberation_ref == "DCM 2026-045"
    relied = Opinion.objects.filter(decision_links__decision=bikes)
    assert set(relied.values_list("request__department__slug", flat=True)) == {"voirie", "finances"}
    # A correction superseding a decision; both published.
    correction = Decision.objects.get(supersedes__isnull=False)
    assert correction.outcome == "non_retenue"
    assert correction.supersedes.outcome == "hors_competence"
    # Results: one in progress with milestones, one done and contested just below the threshold.
    in_progress = Result.objects.get(title__startswith="Stationnement vélo")
    assert in_progress.progress == 40
    assert in_progress.milestones.filter(done=True).count() == 1
    toilets = Result.objects.get(title__startswith="Toilettes")
    assert toilets.status == "realise"
    assert CompletionCheck.objects.filter(result=toilets, done=False).count() == 9
    # Commitments: answered on time, answered late, overdue now, and still within the deadline.
    total = queries.commitments_dashboard(None).total
    assert min(total.on_time, total.late, total.overdue, total.pending) >= 1, total
    # An overdue opinion was escalated.
    assert Opinion.objects.count() >= 7
    from cocite.decisions.models import OpinionRequest

    assert OpinionRequest.objects.filter(status="en_attente", escalated_at__isnull=False).exists()

    # The export verifies, with the command too.
    export = b"".join(Client().get("/decisions/journal.jsonl").streaming_content)  # type: ignore[attr-defined]
    result = ledger.verify_lines(export.splitlines(keepends=True))
    assert result.ok
    assert result.count == LogEntry.objects.count() > 10
    path = tmp_path / "demo.jsonl"
    path.write_bytes(export)
    out = StringIO()
    call_command("verify_decision_log", str(path), "--compare-database", stdout=out)
    assert "Journal vérifié" in out.getvalue()

    # Idempotent: running the seeds again adds nothing.
    counts = (Decision.objects.count(), LogEntry.objects.count(), Result.objects.count(), Opinion.objects.count())
    _seed("decisions", "results")
    assert counts == (
        Decision.objects.count(),
        LogEntry.objects.count(),
        Result.objects.count(),
        Opinion.objects.count(),
    )

    # Every route sample answers, logged in as its demo user.
    for module_name in ("cocite.decisions.tests.route_samples", "cocite.results.tests.route_samples"):
        module = importlib.import_module(module_name)
        for name, sample in module.ROUTE_SAMPLES.items():
            client = Client()
            if name in module.LOGIN_AS:
                client.force_login(User.objects.get(email=module.LOGIN_AS[name]))
            response = client.get(sample(), follow=True)
            assert response.status_code == 200, name

    # The tenth "non", given by the supporter the demo kept aside, reopens the follow-up.
    completion_check_answer(
        user=User.objects.get(email=results_demo.load_content().kept_aside_email),
        result=toilets,
        done=False,
        comment="Fermées le dimanche.",
    )
    toilets.refresh_from_db()
    assert toilets.status == "rouvert"
    assert LogEntry.objects.filter(kind="result_reopened").count() == 1
    assert ledger.verify_database().ok
