"""The pabulib `.pb` format (https://pabulib.org/format): read and write approval ballots, ordinal
ballots (a ranking: each vote lists projects from the preferred one, META `max_length` the most a
ballot ranks) and cumulative ballots (each vote has a `points` column aligned with its projects,
META `max_sum_points` the points a ballot spreads).

A ranking is counted with Borda scores: with n = `max_length` (or the longest vote), the project
ranked r scores n - r + 1. Points count as they are.

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
VOTE_TYPES = ("approval", "ordinal", "cumulative")


class PabulibError(ValueError):
    pass


@dataclass
class PbFile:
    meta: dict[str, str]
    projects: dict[str, dict[str, str]]  # project_id -> its columns
    votes: list[list[str]]  # each voter's project ids (ordinal: from the preferred one)
    points: list[list[str]] | None = None  # cumulative: each voter's points, aligned with `votes`

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    def _scores(self) -> list[dict[str, int]]:
        if self.vote_type == "ordinal":
            longest = max((len(vote) for vote in self.votes), default=0)
            try:
                n = int(float(self.meta.get("max_length", "") or longest))
            except ValueError as error:
                raise PabulibError(_("Le fichier indique une longueur de classement non valable.")) from error
            if longest > n:
                raise PabulibError(_("Un vote classe plus de projets que le fichier ne le permet (max_length)."))
            result = []
            for vote in self.votes:
                if len(set(vote)) != len(vote):
                    raise PabulibError(_("Un vote classe deux fois le même projet."))
                result.append({key: n - rank + 1 for rank, key in enumerate(vote, start=1)})
            return result
        result = []
        for vote, points in zip(self.votes, self.points or [[] for _vote in self.votes], strict=True):
            if len(points) != len(vote):
                raise PabulibError(_("Un vote n'a pas autant de points que de projets."))
            given: dict[str, int] = {}
            for key, value in zip(vote, points, strict=True):
                try:
                    number = float(value.replace(",", "."))
                except ValueError as error:
                    raise PabulibError(_("Un vote a des points non valables.")) from error
                if number < 0 or number != int(number):
                    raise PabulibError(_("Un vote a des points non valables."))
                given[key] = given.get(key, 0) + int(number)
            result.append(given)
        return result

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
        if self.vote_type != "approval":
            return Election.scored(budget, costs, self._scores())
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
    points: list[list[str]] = []
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
            points.append([value.strip() for value in values.get("points", "").split(",") if value.strip()])
    if seen != set(SECTIONS):
        raise PabulibError(_("Le fichier doit contenir les sections META, PROJECTS et VOTES."))
    vote_type = meta.get("vote_type", "approval")
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            _(
                "Seuls les votes par approbation, par classement (ordinal) ou par points (cumulative) se "
                "recomptent ici (ce fichier : %(type)s)."
            )
            % {"type": vote_type}
        )
    return PbFile(meta=meta, projects=projects, votes=votes, points=points if vote_type == "cumulative" else None)


def _cell(value: object) -> str:
    return " ".join(str(value).replace(";", ",").split())


def write(
    *,
    meta: dict[str, object],
    projects: Iterable[dict[str, object]],
    votes: Iterable[tuple[str, Iterable[str]]],
    points: Iterable[Iterable[int]] | None = None,
) -> str:
    """`projects`: dicts with project_id, cost, votes, name and optional columns (the first dict's
    keys make the header); `votes`: (voter_id, project ids — approved, or ranked from the preferred
    one); `points`: for cumulative ballots, each vote's points aligned with its project ids."""
    lines = ["META", "key;value"]
    lines += [f"{_cell(key)};{_cell(value)}" for key, value in meta.items()]
    lines.append("PROJECTS")
    rows = list(projects)
    columns = list(rows[0]) if rows else ["project_id", "cost", "votes", "name"]
    lines.append(";".join(columns))
    lines += [";".join(_cell(row.get(column, "")) for column in columns) for row in rows]
    if points is None:
        lines += ["VOTES", "voter_id;vote"]
        lines += [f"{_cell(voter)};{','.join(keys)}" for voter, keys in votes]
    else:
        lines += ["VOTES", "voter_id;vote;points"]
        lines += [
            f"{_cell(voter)};{','.join(keys)};{','.join(str(value) for value in given)}"
            for (voter, keys), given in zip(votes, points, strict=True)
        ]
    return "\n".join(lines) + "\n"
