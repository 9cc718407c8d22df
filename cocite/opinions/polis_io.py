"""Read a Pol.is conversation export (the CSV files of compdemocracy's open data).

``comments.csv``: ``comment-id``, ``moderated`` (1 kept, -1 moderated out, 0 not yet
moderated), ``comment-body``. ``votes.csv``: ``timestamp``, ``comment-id``, ``voter-id``,
``vote`` (1 agree, -1 disagree, 0 pass). ``participants-votes.csv``: ``participant``,
``group-id`` (the group Pol.is assigned, empty when ungrouped).

Errors are raised as :class:`PolisExportError` with a French message naming the file and
the line, since they are shown to the person importing the export. No Django here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cocite.opinions.clustering import Votes, latest_votes

__all__ = ["PolisComment", "PolisExport", "PolisExportError", "load_polis_export", "load_polis_groups"]

COMMENTS_FILE = "comments.csv"
VOTES_FILE = "votes.csv"
PARTICIPANTS_FILE = "participants-votes.csv"


class PolisExportError(ValueError):
    """A Pol.is export that is missing, partial or malformed."""


@dataclass(frozen=True)
class PolisComment:
    id: int
    body: str
    moderated: int  # 1 kept, -1 moderated out, 0 not moderated yet

    @property
    def moderated_out(self) -> bool:
        return self.moderated == -1


@dataclass(frozen=True)
class PolisExport:
    comments: dict[int, PolisComment]
    votes: Votes  # latest vote per (voter, comment); statement keys are comment ids
    moderated_out: frozenset[int]  # statement indices into ``votes.statement_keys``
    n_raw_votes: int  # rows of votes.csv, before keeping the latest per pair

    @property
    def moderated_out_ids(self) -> frozenset[int]:
        return frozenset(int(self.votes.statement_keys[i]) for i in self.moderated_out)


def load_polis_export(directory: str | Path) -> PolisExport:
    """Read ``comments.csv`` and ``votes.csv``; keep each voter's latest vote per comment."""
    folder = Path(directory)
    comments: dict[int, PolisComment] = {}
    for line, row in _rows(folder, COMMENTS_FILE, ("comment-id", "moderated", "comment-body")):
        comment_id = _integer(row["comment-id"], COMMENTS_FILE, line, "identifiant de commentaire (comment-id)")
        moderated = _integer(row["moderated"], COMMENTS_FILE, line, "statut de modération (moderated)")
        if moderated not in (-1, 0, 1):
            raise _error(
                COMMENTS_FILE, line, f"statut de modération « {row['moderated']} » invalide (attendu -1, 0 ou 1)"
            )
        if comment_id in comments:
            raise _error(COMMENTS_FILE, line, f"commentaire {comment_id} présent deux fois")
        comments[comment_id] = PolisComment(comment_id, row["comment-body"], moderated)

    voters: list[int] = []
    comment_ids: list[int] = []
    values: list[int] = []
    timestamps: list[int] = []
    for line, row in _rows(folder, VOTES_FILE, ("timestamp", "comment-id", "voter-id", "vote")):
        timestamp = _integer(row["timestamp"], VOTES_FILE, line, "horodatage (timestamp)")
        comment_id = _integer(row["comment-id"], VOTES_FILE, line, "identifiant de commentaire (comment-id)")
        voter = _integer(row["voter-id"], VOTES_FILE, line, "identifiant de participant (voter-id)")
        vote = _integer(row["vote"], VOTES_FILE, line, "vote")
        if vote not in (-1, 0, 1):
            raise _error(VOTES_FILE, line, f"vote « {row['vote']} » invalide (attendu -1, 0 ou 1)")
        if comment_id not in comments:
            raise _error(VOTES_FILE, line, f"vote sur le commentaire {comment_id}, absent de {COMMENTS_FILE}")
        voters.append(voter)
        comment_ids.append(comment_id)
        values.append(vote)
        timestamps.append(timestamp)

    votes = latest_votes(
        np.asarray(voters, dtype=np.int64),
        np.asarray(comment_ids, dtype=np.int64),
        np.asarray(values, dtype=np.int8),
        np.asarray(timestamps, dtype=np.int64),
        all_statements=sorted(comments),
    )
    index_of = {key: i for i, key in enumerate(votes.statement_keys)}
    moderated_out = frozenset(index_of[c.id] for c in comments.values() if c.moderated_out)
    return PolisExport(comments, votes, moderated_out, len(values))


def load_polis_groups(directory: str | Path) -> dict[int, int]:
    """Participant id -> group id assigned by Pol.is (``participants-votes.csv``); ungrouped are left out."""
    groups: dict[int, int] = {}
    for line, row in _rows(Path(directory), PARTICIPANTS_FILE, ("participant", "group-id")):
        participant = _integer(row["participant"], PARTICIPANTS_FILE, line, "identifiant de participant (participant)")
        if row["group-id"].strip() == "":
            continue
        groups[participant] = _integer(row["group-id"], PARTICIPANTS_FILE, line, "groupe (group-id)")
    return groups


def _rows(folder: Path, name: str, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """CSV records with the physical line where each starts (bodies may span several lines)."""
    path = folder / name
    if not path.is_file():
        raise PolisExportError(f"Export Pol.is incomplet : fichier {name} introuvable dans {folder}.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise _error(name, 1, "fichier vide, ligne d'en-tête attendue")
            header = [column.strip() for column in header]
            missing = [column for column in required if column not in header]
            if missing:
                listed = ", ".join(f"« {column} »" for column in missing)
                raise _error(name, 1, f"colonne(s) absente(s) de l'en-tête : {listed}")
            positions = {column: header.index(column) for column in required}
            start = reader.line_num + 1
            for record in reader:
                if not record:  # blank line
                    start = reader.line_num + 1
                    continue
                if len(record) < len(header):
                    raise _error(name, start, f"ligne incomplète ({len(record)} champs au lieu de {len(header)})")
                yield start, {column: record[i] for column, i in positions.items()}
                start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise PolisExportError(f"{name} : encodage invalide, UTF-8 attendu ({exc.reason}).") from exc
    except csv.Error as exc:
        raise PolisExportError(f"{name} : CSV illisible ({exc}).") from exc


def _integer(text: str, name: str, line: int, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise _error(name, line, f"{what} « {text} » n'est pas un entier") from None


def _error(name: str, line: int, problem: str) -> PolisExportError:
    return PolisExportError(f"{name}, ligne {line} : {problem}.")
