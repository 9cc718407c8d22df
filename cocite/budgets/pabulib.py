"""The pabulib `.pb` format (https://pabulib.org/format): read and write, approval ballots only.

A file has three sections, META, PROJECTS and VOTES, each a `;`-separated table with a header
line. Reading refuses what it cannot count (another vote type, a missing budget or cost, a vote
for an unknown project) with a French message, never an exception the caller did not expect.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .counting import Election

MAX_BYTES = 20 * 1024 * 1024
SECTIONS = ("META", "PROJECTS", "VOTES")


class PabulibError(ValueError):
    pass


@dataclass
class PbFile:
    meta: dict[str, str]
    projects: dict[str, dict[str, str]]  # project_id -> its columns
    votes: list[list[str]]  # each voter's approved project ids

    def election(self) -> Election:
        try:
            budget = int(float(self.meta["budget"].replace(",", ".")))
        except (KeyError, ValueError) as error:
            raise PabulibError(_("Le fichier n'indique pas de budget valable.")) from error
        costs: dict[str, int] = {}
        for key, row in self.projects.items():
            try:
                costs[key] = int(float(row["cost"].replace(",", ".")))
            except (KeyError, ValueError) as error:
                raise PabulibError(_("Un projet n'a pas de coût valable : %(id)s.") % {"id": key}) from error
            if costs[key] <= 0:
                raise PabulibError(_("Un projet n'a pas de coût valable : %(id)s.") % {"id": key})
        ballots = []
        for vote in self.votes:
            unknown = [key for key in vote if key not in costs]
            if unknown:
                raise PabulibError(_("Un vote porte sur un projet inconnu : %(id)s.") % {"id": unknown[0]})
            ballots.append(frozenset(vote))
        return Election(budget=budget, costs=costs, ballots=ballots)

    def selected(self) -> set[str]:
        """The projects the file says were selected (its `selected` column), if it has one."""
        return {key for key, row in self.projects.items() if row.get("selected", "").strip() in ("1", "True")}


def parse(text: str) -> PbFile:
    if len(text) > MAX_BYTES:
        raise PabulibError(_("Le fichier est trop volumineux."))
    section = ""
    header: list[str] | None = None
    meta: dict[str, str] = {}
    projects: dict[str, dict[str, str]] = {}
    votes: list[list[str]] = []
    seen: set[str] = set()
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        if not row or not any(cell.strip() for cell in row):
            continue
        first = row[0].strip()
        if len(row) == 1 and first.upper() in SECTIONS:
            section, header = first.upper(), None
            seen.add(section)
            continue
        if not section:
            raise PabulibError(_("Ce n'est pas un fichier pabulib : il doit commencer par META."))
        if header is None:
            header = [cell.strip().lower() for cell in row]
            continue
        values = dict(zip(header, (cell.strip() for cell in row), strict=False))
        if section == "META":
            meta[first.lower()] = row[1].strip() if len(row) > 1 else ""
        elif section == "PROJECTS":
            if "project_id" not in values:
                raise PabulibError(_("La section PROJECTS n'a pas de colonne project_id."))
            projects[values["project_id"]] = values
        else:
            if "vote" not in values:
                raise PabulibError(_("La section VOTES n'a pas de colonne vote."))
            votes.append([key.strip() for key in values["vote"].split(",") if key.strip()])
    if seen != set(SECTIONS):
        raise PabulibError(_("Le fichier doit contenir les sections META, PROJECTS et VOTES."))
    vote_type = meta.get("vote_type", "approval")
    if vote_type != "approval":
        raise PabulibError(
            _("Seuls les votes par approbation se recomptent ici (ce fichier : %(type)s).") % {"type": vote_type}
        )
    return PbFile(meta=meta, projects=projects, votes=votes)


def _cell(value: object) -> str:
    return " ".join(str(value).replace(";", ",").split())


def write(
    *,
    meta: dict[str, object],
    projects: Iterable[dict[str, object]],
    votes: Iterable[tuple[str, Iterable[str]]],
) -> str:
    """`projects`: dicts with project_id, cost, votes, name and optional columns (the first dict's
    keys make the header); `votes`: (voter_id, approved project ids)."""
    lines = ["META", "key;value"]
    lines += [f"{_cell(key)};{_cell(value)}" for key, value in meta.items()]
    lines.append("PROJECTS")
    rows = list(projects)
    columns = list(rows[0]) if rows else ["project_id", "cost", "votes", "name"]
    lines.append(";".join(columns))
    lines += [";".join(_cell(row.get(column, "")) for column in columns) for row in rows]
    lines += ["VOTES", "voter_id;vote"]
    lines += [f"{_cell(voter)};{','.join(keys)}" for voter, keys in votes]
    return "\n".join(lines) + "\n"
