"""Decision records: rules, statuses, signal, corrections, public pages and their query counts."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import signals as contribution_signals
from cocite.contributions.models import Contribution
from cocite.contributions.resource import register_items
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.decisions import journal, ledger, signals
from cocite.decisions.models import Decision, DecisionItem, LogEntry, LogHead, Routing
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import item_of, items_of
from cocite.demarches.models import Audience

pytestmark = pytest.mark.django_db


def test_a_decision_covers_contributions_sets_their_status_and_is_logged(
    django_capture_on_commit_callbacks: Any,
) -> None:
    setup = f.routed_setup(count=3)
    official = f.elected_official()
    published: list[Any] = []
    changed: list[Any] = []

    def on_published(**kwargs: Any) -> None:
        published.append(kwargs["decision"])

    def on_changed(**kwargs: Any) -> None:
        changed.append((kwargs["contribution"].pk, kwargs["old_status"], kwargs["new_status"]))

    signals.decision_published.connect(on_published)
    contribution_signals.contribution_status_changed.connect(on_changed)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            decision = f.publish(
                actor=setup["manager"],
                items=items_of(setup["contributions"]),
                outcome=Decision.Outcome.ACCEPTED_MODIFIED,
                official=official,
                deliberation_ref="DCM 2026-045",
                criteria=["Qui décide : Le conseil municipal"],
            )
    finally:
        signals.decision_published.disconnect(on_published)
        contribution_signals.contribution_status_changed.disconnect(on_changed)
    assert published == [decision]
    assert sorted(changed) == sorted((c.pk, "orientee", "retenue_modifiee") for c in setup["contributions"])
    assert set(Contribution.objects.values_list("status", flat=True)) == {"retenue_modifiee"}
    assert decision.rule_version == setup["contributions"][0].rule_version
    assert decision.official_name == "Jeanne Élue"
    assert decision.department == setup["department"]
    entry = LogEntry.objects.get(subject_key=f"decision:{decision.pk}")
    assert entry.kind == "decision"
    assert "DCM 2026-045" in entry.payload
    assert LogEntry.objects.filter(kind="rule_version").count() == 1
    assert ledger.verify_database().ok


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"explanation": "Trop court."}, "explanation_too_short"),
        ({"explanation": "oui " * 80}, "explanation_not_text"),
        ({"outcome": "peut-etre"}, "outcome_invalid"),
        ({"body": ""}, "body_invalid"),
        ({"decided_on": datetime.date.today() + datetime.timedelta(days=3)}, "date_future"),
        ({"outcome": "fusionnee"}, "merged_into_required"),
        ({"official": "not-elected"}, "official_invalid"),
    ],
)
def test_a_decision_needs_a_real_explanation_and_valid_fields(overrides: dict[str, Any], code: str) -> None:
    setup = f.routed_setup()
    if overrides.get("official") == "not-elected":
        overrides["official"] = UserFactory()
    with pytest.raises(ActionError) as error:
        f.publish(actor=setup["manager"], items=items_of(setup["contributions"]), **overrides)
    assert error.value.code == code
    assert not Decision.objects.exists()
    assert not LogEntry.objects.filter(kind="decision").exists()


def test_who_may_decide_and_what_cannot_be_decided_twice() -> None:
    setup = f.routed_setup(count=2)
    with pytest.raises(PermissionDenied):
        f.publish(actor=setup["agent"], items=items_of(setup["contributions"]))
    with pytest.raises(PermissionDenied):
        f.publish(actor=f.manager(f.department(name="Autre")), items=items_of(setup["contributions"]))
    other_demarche = f.contribution(demarche=f.demarche_with_rules(), themes=[setup["theme"]])
    with pytest.raises(ActionError) as error:
        f.publish(actor=f.elected_official(), items=items_of([setup["contributions"][0], other_demarche]))
    assert error.value.code == "several_demarches"
    f.publish(actor=f.elected_official(), items=items_of([setup["contributions"][0]]))
    with pytest.raises(Conflict) as conflict:
        f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))
    assert conflict.value.code == "already_decided"


def test_the_log_entry_is_in_the_same_transaction_as_the_decision() -> None:
    setup = f.routed_setup()
    with (
        mock.patch("cocite.decisions.actions.decisions.Commitment.objects.filter", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))
    assert not Decision.objects.exists()
    assert not LogEntry.objects.filter(kind="decision").exists()
    assert Contribution.objects.get().status == "orientee"


def test_merged_decisions_point_to_their_target() -> None:
    setup = f.routed_setup(count=2)
    target, merged = setup["contributions"]
    decision = f.publish(
        actor=setup["manager"], items=items_of([merged]), outcome=Decision.Outcome.MERGED, merged_into=target
    )
    assert decision.merged_into == item_of(target)
    assert Contribution.objects.get(pk=merged.pk).status == "fusionnee"
    with pytest.raises(ActionError):
        f.publish(actor=setup["manager"], items=items_of([target]), outcome=Decision.Outcome.MERGED, merged_into=target)


def test_a_correction_supersedes_and_both_stay_visible(client: Client) -> None:
    setup = f.routed_setup()
    first = f.publish(actor=setup["manager"], items=items_of(setup["contributions"]), outcome="hors_competence")
    with pytest.raises(ActionError) as error:
        f.publish(
            actor=setup["manager"], items=items_of(setup["contributions"]), supersedes=first, correction_reason=""
        )
    assert error.value.code == "correction_reason_required"
    from cocite.decisions.actions import decision_correct

    second = decision_correct(
        actor=setup["manager"],
        original=first,
        correction_reason="Le canal relève bien de la commune par convention.",
        outcome=Decision.Outcome.REJECTED,
        explanation=f.EXPLANATION,
        body=Decision.Body.MAYOR,
        decided_on=timezone.localdate(),
    )
    assert second.supersedes == first
    assert Contribution.objects.get().status == "non_retenue"
    with pytest.raises(Conflict):
        decision_correct(
            actor=setup["manager"], original=first, correction_reason="Encore une fois, autrement.",
            outcome="retenue", explanation=f.EXPLANATION, body="maire", decided_on=timezone.localdate(),
        )  # fmt: skip
    assert LogEntry.objects.get(subject_key=f"decision:{second.pk}").kind == "correction"
    old_page = client.get(first.get_absolute_url()).content.decode()
    assert "Cette décision a été corrigée" in old_page
    assert f"/decisions/{second.pk}/" in old_page
    new_page = client.get(second.get_absolute_url()).content.decode()
    assert "Le canal relève bien de la commune" in new_page
    listing = client.get("/decisions/").content.decode()
    assert f"/decisions/{first.pk}/" in listing
    assert f"/decisions/{second.pk}/" in listing
    # The contribution shows the decision in force.
    contribution_page = client.get(setup["contributions"][0].get_absolute_url()).content.decode()
    assert "Non retenue" in contribution_page
    assert "Décision rectificative" in contribution_page  # the decision in force corrects, it is not « corrigée »
    assert f"Corrige la décision n° {first.pk}" in contribution_page


def test_the_decision_page_shows_the_explanation_first(client: Client) -> None:
    setup = f.routed_setup()
    decision = f.publish(
        actor=setup["manager"], items=items_of(setup["contributions"]), deliberation_ref="DCM 2026-045"
    )
    html = client.get(decision.get_absolute_url()).content.decode()
    positions = [html.index(f'id="{section}"') for section in (
        "explication", "criteres", "avis-services", "qui-decide", "contributions-concernees", "chaine", "journal",
    )]  # fmt: skip
    assert positions == sorted(positions)
    assert "DCM 2026-045" in html
    assert decision.rule_version.rulebook.title in html


def test_decisions_of_hidden_demarches_are_hidden(client: Client, client_for: Any) -> None:
    setup = f.routed_setup(audience=Audience.AGENTS)
    decision = f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))
    assert client.get(decision.get_absolute_url()).status_code == 404
    assert client_for(setup["agent"]).get(decision.get_absolute_url()).status_code == 200
    entry = LogEntry.objects.get(subject_key=f"decision:{decision.pk}")
    assert setup["contributions"][0].title not in entry.payload
    assert entry.kind == LogEntry.Kind.SEALED


def test_the_decision_form_publishes_and_shows_errors(client_for: Any) -> None:
    setup = f.routed_setup(count=2)
    client = client_for(setup["manager"])
    ids = ",".join(str(item_of(c).pk) for c in setup["contributions"])
    form = client.get(f"/decisions/nouvelle/?elements={ids}")
    assert form.status_code == 200
    data = {
        "elements": [item_of(c).pk for c in setup["contributions"]],
        "outcome": "retenue",
        "explanation": "Trop court.",
        "body": "conseil_municipal",
        "decided_on": timezone.localdate().isoformat(),
    }
    refused = client.post("/decisions/nouvelle/", data)
    assert refused.status_code == 400
    assert "200 caractères au moins" in refused.content.decode()
    data["explanation"] = f.EXPLANATION
    created = client.post("/decisions/nouvelle/", data)
    decision = Decision.objects.get()
    assert created["Location"] == decision.get_absolute_url()
    assert DecisionItem.objects.filter(decision=decision).count() == 2
    assert client_for(setup["agent"]).get(f"/decisions/nouvelle/?elements={ids}").status_code == 403


def test_decision_list_filters(client: Client) -> None:
    setup = f.routed_setup(count=2)
    retained = f.publish(actor=setup["manager"], items=[setup["contributions"][0]])
    rejected = f.publish(actor=setup["manager"], items=[setup["contributions"][1]], outcome="non_retenue")
    page = client.get("/decisions/?decision=non_retenue").context["page"]
    assert [d.pk for d in page.object_list] == [rejected.pk]
    page = client.get(f"/decisions/?service={setup['department'].slug}&demarche={setup['demarche'].slug}").context[
        "page"
    ]
    assert {d.pk for d in page.object_list} == {retained.pk, rejected.pk}
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert not client.get(f"/decisions/?du={tomorrow}").context["page"].object_list
    assert client.get("/decisions/?du=pas-une-date").status_code == 200


def _bulk_decisions(setup: dict[str, Any], count: int) -> None:
    demarche, department = setup["demarche"], setup["department"]
    contributions = Contribution.objects.bulk_create(
        [
            Contribution(demarche=demarche, kind="idee", title=f"Idée en nombre {i:04d}", body="Texte.")
            for i in range(count)
        ]
    )
    now = timezone.now()
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                demarche=demarche, department=department, outcome="retenue", explanation=f.EXPLANATION,
                body="maire", decided_on=timezone.localdate(), published_at=now, rule_version=None,
            )
            for _ in range(count)
        ]
    )  # fmt: skip
    register_items(contributions)
    DecisionItem.objects.bulk_create(
        [DecisionItem(decision=d, item=item_of(c)) for d, c in zip(decisions, contributions, strict=True)]
    )
    previous = LogEntry.objects.order_by("-seq").first()
    seq, prev_hash = (previous.seq, previous.hash) if previous else (0, ledger.GENESIS_HASH)
    entries = []
    for decision, contribution in zip(decisions, contributions, strict=True):
        seq += 1
        decision.demarche, decision.department = demarche, department
        payload = journal.decision_payload(decision, [item_of(contribution)], [], None, {}, None)
        unhashed = {"payload": payload, "prev_hash": prev_hash, "seq": seq,
                    "timestamp": ledger.format_timestamp(now), "type": "decision"}  # fmt: skip
        digest = ledger.entry_hash(prev_hash, unhashed)
        entries.append(
            LogEntry(seq=seq, kind="decision", subject_key=f"decision:{decision.pk}", timestamp=now,
                     payload=ledger.canonical_json(unhashed["payload"]), prev_hash=prev_hash, hash=digest)
        )  # fmt: skip
        prev_hash = digest
    LogEntry.objects.bulk_create(entries, batch_size=500)
    # The head only moves forward one entry at a time (a database trigger checks each step).
    LogHead.objects.get_or_create(pk=1)
    for entry in entries:
        LogHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)


@pytest.mark.parametrize("url", ["/decisions/", "/decisions/journal/"])
def test_public_pages_cost_the_same_with_10_and_1000_decisions(url: str) -> None:
    setup = f.routed_setup()
    _bulk_decisions(setup, 10)
    client = Client()
    small = real_render_queries(client, url)
    _bulk_decisions(setup, 990)
    assert Decision.objects.count() == 1000
    # The log: + the démarches, departments and opinions' items its codes are put in words with.
    at_most = {"/decisions/": 6, "/decisions/journal/": 7}[url]
    assert_same_cost(small, real_render_queries(client, url), at_most=at_most, what=url)
    assert ledger.verify_database().ok


@pytest.mark.parametrize("logged_in", [False, True])
def test_decision_page_costs_the_same_with_10_and_200_contributions(client_for: Any, logged_in: bool) -> None:
    setup = f.routed_setup()
    client = client_for(setup["manager"]) if logged_in else Client()

    def decided(count: int) -> str:
        rows = Contribution.objects.bulk_create(
            [Contribution(demarche=setup["demarche"], kind="idee", title=f"Idée décidée {i:04d}", body="Texte.")
             for i in range(count)]
        )  # fmt: skip
        register_items(rows)
        Routing.objects.bulk_create([Routing(item=item_of(c), department=setup["department"]) for c in rows])
        return f"/decisions/{f.publish(actor=setup['manager'], items=items_of(rows)).pk}/"

    small = real_render_queries(client, decided(10))
    large = real_render_queries(client, decided(200))
    # +2 since the findings a decision cites (cocite/exploration) and the missions it led to (cocite/missions) show.
    assert_same_cost(small, large, at_most=12 if logged_in else 10, what="the decision page")
