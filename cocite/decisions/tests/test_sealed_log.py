"""The public log commits to restricted entries without revealing them (issue 13, defects 4 and 9).

Defect 4: for agents-only and invitation démarches the journal showed slug, department, outcome,
dates, contribution ids and costs in clear; texts were unsalted SHA-256 digests (a guessed text,
e.g. the rulebook title, could be confirmed); a draft démarche's rule version was logged in clear.
Defect 9: UPDATE succeeded on decisions_opinion, demarches_ruleversion and decisions_loghead, and
`verify_decision_log` without a file still printed « Journal vérifié » over a falsified opinion.
"""

from __future__ import annotations

import hashlib
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from cocite.core.errors import ActionError
from cocite.decisions import ledger
from cocite.decisions.models import LogEntry, Opinion
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import item_of, items_of
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version

pytestmark = pytest.mark.django_db

SECRET_RULEBOOK = "Règles internes du chantier secret"
SECRET_TEXT = "Avis confidentiel : le vestiaire est vétuste."


def _export(client: Client) -> str:
    response = client.get("/decisions/journal.jsonl")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]


def _disclosures(client: Client) -> str:
    response = client.get("/decisions/journal/divulgations.jsonl")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]


def _restricted_decision(audience: str) -> dict[str, Any]:
    setup = f.routed_setup(audience=audience, slug="chantier-secret")
    rulebook = setup["demarche"].rulebook
    type(rulebook).objects.filter(pk=rulebook.pk).update(title=SECRET_RULEBOOK)
    contribution = setup["contributions"][0]
    opinion = f.request_and_answer(
        actor=setup["manager"],
        item=item_of(contribution),
        department=setup["department"],
        answerer=setup["agent"],
        text=SECRET_TEXT,
        estimated_cost="98765.43",
    )
    setup["opinion"] = opinion
    setup["decision"] = f.publish(
        actor=setup["manager"], items=items_of([contribution]), opinions=[opinion], deliberation_ref="DCM-SECRET-7"
    )
    return setup


@pytest.mark.parametrize("audience", [Audience.AGENTS, Audience.INVITED])
def test_restricted_entries_commit_to_their_content_without_revealing_it(audience: str, client: Client) -> None:
    setup = _restricted_decision(audience)
    export = _export(client)
    decision, contribution = setup["decision"], setup["contributions"][0]
    for clue in (
        "chantier-secret",
        setup["department"].slug,
        SECRET_RULEBOOK,
        SECRET_TEXT,
        "98765.43",
        "DCM-SECRET-7",
        contribution.title,
        f'"decided_on":"{decision.decided_on.isoformat()}"',
        '"retenue"',
        f'"id":{decision.pk}',
        # Unsalted digests let anyone confirm a guess: none may appear.
        hashlib.sha256(SECRET_RULEBOOK.encode()).hexdigest(),
        hashlib.sha256(SECRET_TEXT.encode()).hexdigest(),
    ):
        assert clue not in export, clue
    lines = [json.loads(line) for line in export.splitlines()]
    restricted = [line for line in lines if line["type"] == "sealed"]
    assert len(restricted) == 3  # the rule version, the opinion, the decision
    for line in restricted:
        assert set(line["payload"]) == {"sealed"}
        assert set(line["payload"]["sealed"]) == {"sha256"}
    assert ledger.verify_lines([line.encode() + b"\n" for line in export.splitlines()]).ok
    page = client.get("/decisions/journal/").content.decode()
    assert "chantier-secret" not in page
    assert SECRET_RULEBOOK not in page
    # Those who may see the démarche still read the decision, which names its sealed entry.
    own = Client()
    own.force_login(setup["agent"] if audience == Audience.AGENTS else setup["manager"])
    assert own.get(decision.get_absolute_url()).status_code == 200


def test_a_restricted_demarche_made_public_discloses_its_entries(client: Client, tmp_path: Path) -> None:
    setup = _restricted_decision(Audience.AGENTS)
    assert _disclosures(client) == ""
    Demarche.objects.filter(pk=setup["demarche"].pk).update(audience=Audience.EVERYONE)
    disclosures = _disclosures(client)
    chain = {json.loads(line)["seq"]: json.loads(line) for line in _export(client).splitlines()}
    revealed = [json.loads(line) for line in disclosures.splitlines()]
    assert len(revealed) == 3
    for item in revealed:
        sealed = chain[item["seq"]]["payload"]["sealed"]["sha256"]
        content = ledger.canonical_json({"payload": item["payload"], "type": item["type"]})
        assert hashlib.sha256((item["salt"] + content).encode()).hexdigest() == sealed
    assert any(SECRET_TEXT in json.dumps(item, ensure_ascii=False) for item in revealed)
    page = client.get("/decisions/journal/").content.decode()
    assert f"Décision n° {setup['decision'].pk}" in page
    # The command checks a disclosure file against the chain, and catches a forged one.
    (tmp_path / "journal.jsonl").write_text(_export(client), encoding="utf-8")
    (tmp_path / "divulgations.jsonl").write_text(disclosures, encoding="utf-8")
    out = StringIO()
    call_command(
        "verify_decision_log",
        str(tmp_path / "journal.jsonl"),
        disclosures=str(tmp_path / "divulgations.jsonl"),
        stdout=out,
    )
    assert "3 divulgations" in out.getvalue()
    forged = disclosures.replace("vétuste", "neuf")
    (tmp_path / "divulgations.jsonl").write_text(forged, encoding="utf-8")
    with pytest.raises(CommandError, match="Divulgations NON VÉRIFIÉES"):
        call_command(
            "verify_decision_log",
            str(tmp_path / "journal.jsonl"),
            disclosures=str(tmp_path / "divulgations.jsonl"),
            stdout=StringIO(),
        )


def test_a_draft_demarche_publishes_nothing_until_it_is_published(
    django_capture_on_commit_callbacks: Any, client: Client
) -> None:
    demarche = DemarcheFactory(status=Demarche.Status.DRAFT, slug="brouillon-du-maire")
    rulebook = RulebookFactory(demarche=demarche, title="Règles du brouillon")
    with django_capture_on_commit_callbacks(execute=True):
        publish_version(rulebook)
    assert not LogEntry.objects.exists()
    assert "brouillon-du-maire" not in _export(client)
    setup = f.routed_setup()
    contribution = f.contribution(demarche=demarche)
    with pytest.raises(ActionError) as refused:
        f.publish(actor=setup["manager"], items=items_of([contribution]))
    assert refused.value.code == "demarche_draft"
    with django_capture_on_commit_callbacks(execute=True):
        demarche.status = Demarche.Status.PUBLISHED
        demarche.save()
    entry = LogEntry.objects.get(subject_key=f"rule_version:{rulebook.versions.get().pk}")
    assert entry.kind == LogEntry.Kind.RULE_VERSION
    assert "Règles du brouillon" in entry.payload


# ---------------------------------------------------------------------------
# Defect 9: every table the log commits to refuses updates below the ORM
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decisions_opinion SET text = 'avis falsifié'",
        "UPDATE decisions_opinion SET published_at = NULL",
        "DELETE FROM decisions_opinion",
        "UPDATE demarches_ruleversion SET text = 'règles falsifiées'",
        "DELETE FROM demarches_ruleversion",
        "UPDATE decisions_loghead SET hash = '" + "f" * 64 + "'",
        "UPDATE decisions_loghead SET seq = seq + 1",
        "DELETE FROM decisions_loghead",
        "UPDATE decisions_opinionrequest SET question = 'autre question'",
        "UPDATE decisions_logseal SET payload = '{}'",
        "DELETE FROM decisions_logseal",
    ],
)
def test_every_table_the_log_commits_to_refuses_changes_below_the_orm(statement: str) -> None:
    _restricted_decision(Audience.AGENTS)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert ledger.verify_database().ok


def test_what_may_still_change_does() -> None:
    setup = _restricted_decision(Audience.AGENTS)
    opinion = setup["opinion"]
    # Erasing a person (RGPD) unlinks them; publishing stamps the date once.
    Opinion.objects.filter(pk=opinion.pk).update(author=None)
    type(opinion.request).objects.filter(pk=opinion.request_id).update(requested_by=None)
    assert Opinion.objects.get(pk=opinion.pk).published_at is not None
    assert ledger.verify_database().ok


def _behind_the_triggers(*statements: tuple[str, list[Any]]) -> None:
    """What someone with the database owner's rights could do: drop the triggers, change rows."""
    with connection.cursor() as cursor:
        for statement in ledger.drop_statements(connection.vendor):
            cursor.execute(statement)
        for statement, params in statements:
            cursor.execute(statement, params)
        for statement in ledger.trigger_statements(connection.vendor):
            cursor.execute(statement)


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        ("UPDATE decisions_opinion SET text = %s", "opinion"),
        ("UPDATE demarches_ruleversion SET text = %s", "rule_version"),
        ("UPDATE decisions_decision SET explanation = %s", "decision"),
        ("UPDATE decisions_logseal SET payload = %s", "sealed"),
    ],
)
def test_the_database_check_recomputes_each_entry_from_the_rows_it_describes(statement: str, kind: str) -> None:
    setup = f.routed_setup()
    contribution = setup["contributions"][0]
    opinion = f.request_and_answer(
        actor=setup["manager"], item=item_of(contribution), department=setup["department"], answerer=setup["agent"]
    )
    f.publish(actor=setup["manager"], items=items_of([contribution]), opinions=[opinion])
    _restricted_decision(Audience.AGENTS)
    assert ledger.verify_database().ok
    call_command("verify_decision_log", stdout=StringIO())
    _behind_the_triggers((statement, ["Un texte falsifié derrière les déclencheurs, assez long pour passer."]))
    result = ledger.verify_database()
    assert not result.ok
    assert kind in result.reason or "sealed" in result.reason
    with pytest.raises(CommandError, match="NON VÉRIFIÉ"):
        call_command("verify_decision_log", stdout=StringIO())


def test_a_decision_written_without_its_log_entry_is_found() -> None:
    setup = f.routed_setup()
    decision = f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))
    _behind_the_triggers(
        ("DELETE FROM decisions_logentry WHERE subject_key = %s", [f"decision:{decision.pk}"]),
        (
            "UPDATE decisions_loghead SET seq = seq - 1, hash = (SELECT hash FROM decisions_logentry "
            "ORDER BY seq DESC LIMIT 1)",
            [],
        ),
    )
    result = ledger.verify_database()
    assert not result.ok
    assert "without a log entry" in result.reason


def test_the_log_page_shows_words_and_links_only_to_what_its_reader_may_open(client: Client) -> None:
    """Outcome labels, department names and démarche titles — never codes; opinions link to their item."""
    setup = f.routed_setup(slug="place-du-marche")
    contribution = setup["contributions"][0]
    opinion = f.request_and_answer(
        actor=setup["manager"],
        item=item_of(contribution),
        department=setup["department"],
        answerer=setup["agent"],
        text="Faisable sur la voirie communale, sans travaux lourds.",
    )
    decision = f.publish(actor=setup["manager"], items=items_of([contribution]), opinions=[opinion])
    page = client.get("/decisions/journal/").content.decode()
    assert decision.get_outcome_display() in page
    assert f"— {decision.outcome}<" not in page
    assert f"— {decision.outcome} " not in page
    assert setup["department"].name in page
    assert f"{contribution.get_absolute_url()}#avis-publie-{opinion.pk}" in page
    assert setup["demarche"].title in page  # its rule version's entry names it
    item_page = client.get(contribution.get_absolute_url()).content.decode()
    assert f'id="avis-publie-{opinion.pk}"' in item_page
    # Restricted after the entries were written: the log keeps them, the page stops naming the
    # démarche or linking into it for those who may no longer see it.
    Demarche.objects.filter(pk=setup["demarche"].pk).update(audience=Audience.AGENTS)
    page = client.get("/decisions/journal/").content.decode()
    assert "place-du-marche" not in page
    assert setup["demarche"].title not in page
    assert contribution.get_absolute_url() not in page
    assert decision.get_absolute_url() not in page
    own = Client()
    own.force_login(setup["agent"])
    assert (
        f"{contribution.get_absolute_url()}#avis-publie-{opinion.pk}" in own.get("/decisions/journal/").content.decode()
    )
