"""Read a Pol.is conversation export (the CSV files of compdemocracy's open data).

``comments.csv``: ``comment-id``, ``moderated`` (1 kept, -1 moderated out, 0 not yet
moderated), ``comment-body`` and, when present, ``timestamp`` (milliseconds). ``votes.csv``:
``timestamp``, ``comment-id``, ``voter-id``, ``vote`` (1 agree, -1 disagree, 0 pass); its
history (superseded votes included) is kept for replaying Pol.is's runs.
``participants-votes.csv``: ``participant``, ``group-id`` (the group Pol.is assigned, empty
when ungrouped).

Errors are raised as :class:`PolisExportError` with a French message naming the file and
the line, since they are shown to the person importing the export. No Django here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from cocite.opinions.clustering import Votes, latest_votes

__all__ = [
    "PolisComment",
    "PolisExport",
    "PolisExportError",
    "VoteHistory",
    "load_polis_export",
    "load_polis_groups",
]

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
    timestamp: int | None = None  # creation, in milliseconds since the epoch

    @property
    def moderated_out(self) -> bool:
        return self.moderated == -1


@dataclass(frozen=True)
class VoteHistory:
    """Every row of votes.csv (superseded votes included), in file order."""

    voters: NDArray[np.int64]
    comments: NDArray[np.int64]
    values: NDArray[np.int8]
    timestamps: NDArray[np.int64]  # milliseconds since the epoch


@dataclass(frozen=True)
class PolisExport:
    comments: dict[int, PolisComment]
    votes: Votes  # latest vote per (voter, comment); statement keys are comment ids
    moderated_out: frozenset[int]  # statement indices into ``votes.statement_keys``
    n_raw_votes: int  # rows of votes.csv, before keeping the latest per pair
    history: VoteHistory
    # Per vote of ``votes``: when the voter first voted on that comment, and last.
    first_voted: NDArray[np.int64]
    last_voted: NDArray[np.int64]
    # Rows of ``history`` that a later vote of the same voter on the same comment replaced.
    replaced: NDArray[np.intp]

    @property
    def moderated_out_ids(self) -> frozenset[int]:
        return frozenset(int(self.votes.statement_keys[i]) for i in self.moderated_out)


def load_polis_export(directory: str | Path) -> PolisExport:
    """Read ``comments.csv`` and ``votes.csv``; keep each voter's latest vote per comment."""
    folder = Path(directory)
    comments: dict[int, PolisComment] = {}
    for line, row in _rows(folder, COMMENTS_FILE, ("comment-id", "moderated", "comment-body"), ("timestamp",)):
        comment_id = _integer(row["comment-id"], COMMENTS_FILE, line, "identifiant de commentaire (comment-id)")
        moderated = _integer(row["moderated"], COMMENTS_FILE, line, "statut de modération (moderated)")
        if moderated not in (-1, 0, 1):
            raise _error(
                COMMENTS_FILE, line, f"statut de modération « {row['moderated']} » invalide (attendu -1, 0 ou 1)"
            )
        if comment_id in comments:
            raise _error(COMMENTS_FILE, line, f"commentaire {comment_id} présent deux fois")
        stamp = row.get("timestamp", "").strip()
        timestamp = _integer(stamp, COMMENTS_FILE, line, "horodatage (timestamp)") if stamp else None
        comments[comment_id] = PolisComment(comment_id, row["comment-body"], moderated, timestamp)

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

    history = VoteHistory(
        np.asarray(voters, dtype=np.int64),
        np.asarray(comment_ids, dtype=np.int64),
        np.asarray(values, dtype=np.int8),
        np.asarray(timestamps, dtype=np.int64),
    )
    votes = latest_votes(
        history.voters, history.comments, history.values, history.timestamps, all_statements=sorted(comments)
    )
    index_of = {key: i for i, key in enumerate(votes.statement_keys)}
    moderated_out = frozenset(index_of[c.id] for c in comments.values() if c.moderated_out)
    first_voted, last_voted = _first_and_last(votes, history)
    return PolisExport(
        comments, votes, moderated_out, len(values), history, first_voted, last_voted, _replaced(history)
    )


def _replaced(history: VoteHistory) -> NDArray[np.intp]:
    """Rows followed by a later vote on the same pair (by timestamp, then row order, as ``latest_votes``)."""
    voters = np.unique(history.voters, return_inverse=True)[1].astype(np.int64)
    comments = np.unique(history.comments, return_inverse=True)[1].astype(np.int64)
    pair = voters * (int(comments.max()) + 1 if len(comments) else 1) + comments
    by_time = np.argsort(history.timestamps, kind="stable")
    order = by_time[np.argsort(pair[by_time], kind="stable")]
    later = np.zeros(len(order), dtype=bool)
    later[:-1] = pair[order][1:] == pair[order][:-1]
    return np.sort(order[later]).astype(np.intp)


def _first_and_last(votes: Votes, history: VoteHistory) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """For each resolved vote, the times of the first and of the last vote on its (voter, comment) pair."""
    n_s = max(votes.n_statements, 1)
    p_keys = np.asarray(votes.participant_keys, dtype=np.int64)  # sorted: latest_votes sorts them
    s_keys = np.asarray(votes.statement_keys, dtype=np.int64)
    raw_pair = np.searchsorted(p_keys, history.voters) * n_s + np.searchsorted(s_keys, history.comments)
    pair = votes.participants.astype(np.int64) * n_s + votes.statements
    order = np.argsort(raw_pair, kind="stable")
    sorted_pairs, times = raw_pair[order], history.timestamps[order]
    if not len(sorted_pairs):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, sorted_pairs[1:] != sorted_pairs[:-1]])
    unique_pairs = sorted_pairs[starts]
    first = np.minimum.reduceat(times, starts)
    last = np.maximum.reduceat(times, starts)
    at = np.searchsorted(unique_pairs, pair)
    return first[at].astype(np.int64), last[at].astype(np.int64)


def load_polis_groups(directory: str | Path) -> dict[int, int]:
    """Participant id -> group id assigned by Pol.is (``participants-votes.csv``); ungrouped are left out."""
    groups: dict[int, int] = {}
    for line, row in _rows(Path(directory), PARTICIPANTS_FILE, ("participant", "group-id")):
        participant = _integer(row["participant"], PARTICIPANTS_FILE, line, "identifiant de participant (participant)")
        if row["group-id"].strip() == "":
            continue
        groups[participant] = _integer(row["group-id"], PARTICIPANTS_FILE, line, "groupe (group-id)")
    return groups


def _rows(
    folder: Path, name: str, required: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """CSV records with the physical line where each starts (bodies may span several lines).

    ``optional`` columns are included when the header has them.
    """
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
            positions = {column: header.index(column) for column in (*required, *optional) if column in header}
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
