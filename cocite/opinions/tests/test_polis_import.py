"""The Pol.is import and the opinion_groups command, on the three real exports (real database).

Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed
under CC BY 4.0 with Attribution to The Computational Democracy Project. See
``data/polis/ATTRIBUTION.md``.
"""

from __future__ import annotations

import datetime
import json
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from sklearn.metrics import adjusted_rand_score  # type: ignore[import-untyped]

from cocite.demarches.models import DemarcheComponent
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.opinions.clustering import replay_schedule
from cocite.opinions.models import Conversation, OpinionRun, Participant, ReplacedVote, Statement, Vote
from cocite.opinions.polis_io import load_polis_export, load_polis_groups
from cocite.opinions.tests.test_clustering import ARI_FLOOR, CONVERSATIONS, DATA

pytestmark = pytest.mark.django_db


def run_command(name: str, *args: str) -> dict[str, Any]:
    out = StringIO()
    call_command(name, *args, stdout=out)
    parsed: dict[str, Any] = json.loads(out.getvalue())
    return parsed


def import_export(directory: Path, *extra: str) -> int:
    output = run_command("import_polis", str(directory), "--json", *extra)
    assert list(output) == ["component"]
    return int(output["component"])


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_import_then_groups_agree_with_polis(name: str) -> None:
    conversation_id = import_export(DATA / name)
    groups = run_command("opinion_groups", str(conversation_id), "--json")

    polis = load_polis_groups(DATA / name)
    ours = {int(participant): group for participant, group in groups["assignments"].items()}
    common = sorted(set(ours) & set(polis))
    ari = float(adjusted_rand_score([polis[p] for p in common], [ours[p] for p in common]))
    print(f"{name}: ARI {ari:.3f} over {len(common)} participants, k={groups['k']}, sizes {groups['group_sizes']}")
    assert len(common) >= 20
    assert ari >= ARI_FLOOR[name], f"{name}: ARI {ari:.3f}"
    # The first computation replayed the history, one run per second of votes as Pol.is did.
    history = load_polis_export(DATA / name).history
    assert groups["replay"] == {"runs": len(replay_schedule(np.sort(history.timestamps))), "ms_per_vote": 0.0}
    assert groups["k"] == len(groups["group_sizes"]) >= 2
    if name == "brexit-consensus":
        assert groups["k"] == 2  # the two camps Pol.is found
    assert set(groups["representative"]) == {str(g) for g in range(groups["k"])}
    # Ids are the export's: statements are Pol.is comment ids, never moderated-out ones.
    comment_ids = {
        int(s) for s in Statement.objects.filter(conversation_id=conversation_id).values_list("external_id", flat=True)
    }
    rejected = {
        int(s)
        for s in Statement.objects.filter(
            conversation_id=conversation_id, status=Statement.Status.REJECTED
        ).values_list("external_id", flat=True)
    }
    listed = [item["statement"] for items in groups["representative"].values() for item in items]
    listed += [item["statement"] for item in groups["consensus"]]
    assert set(listed) <= comment_ids - rejected
    assert all(isinstance(s, int) for s in listed)


def test_import_details_and_stable_rerun() -> None:
    conversation_id = import_export(DATA / "london.youth.policing")
    conversation = Conversation.objects.get(pk=conversation_id)
    assert conversation.demarche is None
    assert conversation.title == "What is the best way to engage more young people in local scrutiny of policing?"
    assert "pol.is/9xxwa9jpkm" in conversation.imported_from
    assert conversation.statements.count() == 39
    assert conversation.participants.count() == 26
    # Latest vote per (voter, comment) only: votes.csv also holds superseded votes.
    export = load_polis_export(DATA / "london.youth.policing")
    assert Vote.objects.filter(conversation=conversation).count() == len(export.votes.values) < export.n_raw_votes
    # Comments with moderated = -1 are imported as rejected: they count for nothing.
    rejected = Statement.objects.filter(conversation_id=conversation_id, status=Statement.Status.REJECTED)
    assert sorted(int(s) for s in rejected.values_list("external_id", flat=True)) == [0, 2, 3]
    first = run_command("opinion_groups", str(conversation_id), "--json")
    assert first["replay"]["runs"] > 100
    # No new vote: the stored run is read, not recomputed.
    again = run_command("opinion_groups", str(conversation_id), "--json")
    assert again["run"] == first["run"]
    assert OpinionRun.objects.filter(conversation=conversation).count() == 1
    # --recompute starts from the previous state (no replay): same groups.
    forced = run_command("opinion_groups", str(conversation_id), "--json", "--recompute")
    assert forced["run"] != first["run"]
    assert forced["replay"] is None
    assert forced["assignments"] == first["assignments"]
    assert forced["k"] == first["k"]


def test_import_keeps_polis_times_and_replaced_votes() -> None:
    name = "brexit-consensus"
    conversation_id = import_export(DATA / name)
    export = load_polis_export(DATA / name)
    history = export.history
    moments: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for voter, comment, value, moment in zip(
        history.voters.tolist(),
        history.comments.tolist(),
        history.values.tolist(),
        history.timestamps.tolist(),
        strict=True,
    ):
        moments.setdefault((voter, comment), []).append((moment, value))
    changed = [pair for pair, cast in moments.items() if len(cast) > 1]
    assert changed
    voter, comment = changed[0]
    vote = Vote.objects.get(
        conversation_id=conversation_id, participant__external_id=str(voter), statement__external_id=str(comment)
    )
    cast = sorted(moments[(voter, comment)], key=lambda item: item[0])
    assert milliseconds(vote.created_at) == cast[0][0]
    assert milliseconds(vote.updated_at) == cast[-1][0]
    assert vote.value == cast[-1][1]
    replaced = ReplacedVote.objects.filter(conversation_id=conversation_id)
    assert replaced.count() == export.n_raw_votes - len(export.votes.values) == len(changed)
    earlier = replaced.get(participant=vote.participant, statement=vote.statement)
    assert (milliseconds(earlier.created_at), earlier.value) == cast[0]
    # Statements are dated as in Pol.is, participants by their first vote.
    statement = Statement.objects.get(conversation_id=conversation_id, external_id="0")
    assert milliseconds(statement.created_at) == export.comments[0].timestamp
    participant = Participant.objects.get(conversation_id=conversation_id, external_id=str(voter))
    assert milliseconds(participant.created_at) == min(
        m for (v, _c), cast in moments.items() if v == voter for m, _ in cast
    )


def test_an_outdated_state_is_replayed_again() -> None:
    conversation_id = import_export(DATA / "london.youth.policing")
    first = run_command("opinion_groups", str(conversation_id), "--json")
    # A state from an earlier version of the computation cannot seed the next run: replay again.
    OpinionRun.objects.filter(pk=first["run"]).update(state={"version": 1, "base_centers": [[0.0, 0.0]]})
    again = run_command("opinion_groups", str(conversation_id), "--json", "--recompute")
    assert again["replay"] == first["replay"]
    assert again["assignments"] == first["assignments"]


def milliseconds(moment: datetime.datetime) -> int:
    return round(moment.timestamp() * 1000)


def test_import_into_a_demarche() -> None:
    demarche = DemarcheFactory()
    conversation_id = import_export(DATA / "london.youth.policing", "--demarche", demarche.slug)
    assert Conversation.objects.get(pk=conversation_id).demarche == demarche
    assert DemarcheComponent.objects.filter(demarche=demarche, name="opinions").exists()
    with pytest.raises(CommandError, match="a déjà une carte des opinions"):
        call_command("import_polis", str(DATA / "london.youth.policing"), "--json", "--demarche", demarche.slug)
    with pytest.raises(CommandError, match="Démarche « inconnue » introuvable"):
        call_command("import_polis", str(DATA / "london.youth.policing"), "--json", "--demarche", "inconnue")


def _nothing_imported() -> None:
    assert Conversation.objects.count() == 0
    assert Statement.objects.count() == 0
    assert Participant.objects.count() == 0
    assert Vote.objects.count() == 0
    assert ReplacedVote.objects.count() == 0


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("missing_dir", r"Dossier introuvable"),
        ("no_votes", r"rien n'a été importé. Export Pol.is incomplet : fichier votes\.csv introuvable"),
        ("no_comments", r"fichier comments\.csv introuvable"),
        ("truncated", r"rien n'a été importé. votes\.csv, ligne \d+ : ligne incomplète"),
        ("bad_vote", r"votes\.csv, ligne 3 : vote « 7 » invalide"),
        ("empty_comments", r"comments\.csv ne contient aucun commentaire"),
    ],
)
def test_malformed_export_imports_nothing(tmp_path: Path, damage: str, message: str) -> None:
    export = tmp_path / "export"
    shutil.copytree(DATA / "london.youth.policing", export)
    votes = export / "votes.csv"
    lines = votes.read_text(encoding="utf-8").splitlines(keepends=True)
    if damage == "missing_dir":
        export = tmp_path / "absent"
    elif damage == "no_votes":
        votes.unlink()
    elif damage == "no_comments":
        (export / "comments.csv").unlink()
    elif damage == "truncated":
        votes.write_text("".join(lines[:-1]) + lines[-1][:15], encoding="utf-8")
    elif damage == "bad_vote":
        fields = lines[2].rstrip("\n").split(",")
        fields[-1] = "7"
        votes.write_text("".join([lines[0], lines[1], ",".join(fields) + "\n", *lines[3:]]), encoding="utf-8")
    elif damage == "empty_comments":
        header = (export / "comments.csv").read_text(encoding="utf-8").splitlines()[0]
        (export / "comments.csv").write_text(header + "\n", encoding="utf-8")
        votes.write_text(lines[0], encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_polis", str(export), "--json", stdout=StringIO())
    _nothing_imported()


def test_failure_midway_rolls_everything_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disque plein")

    monkeypatch.setattr(Vote.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        call_command("import_polis", str(DATA / "london.youth.policing"), "--json", stdout=StringIO())
    _nothing_imported()


def test_command_line_errors_go_to_stderr_with_a_non_zero_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As from manage.py: a French message on stderr, exit status 1, nothing on stdout."""
    from cocite.opinions.management.commands.import_polis import Command

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_polis", str(tmp_path / "absent"), "--json"])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Dossier introuvable" in captured.err


def test_opinion_groups_unknown_conversation() -> None:
    with pytest.raises(CommandError, match="Carte des opinions 999999 introuvable"):
        call_command("opinion_groups", "999999", "--json", stdout=StringIO())
    with pytest.raises(CommandError, match="invalide"):
        call_command("opinion_groups", "abc", "--json", stdout=StringIO())


def test_new_votes_trigger_a_recompute_in_the_command() -> None:
    conversation_id = import_export(DATA / "london.youth.policing")
    first = run_command("opinion_groups", str(conversation_id), "--json")
    Conversation.objects.filter(pk=conversation_id).update(dirty_since="2026-01-01T00:00:00Z")
    second = run_command("opinion_groups", str(conversation_id), "--json")
    assert second["run"] != first["run"]
