"""Participation figures for the dashboards: aggregations only, a constant number of queries.

Participants and representativeness
-----------------------------------
A *participant* is a person who wrote at least one contribution: each author account
counts once; each contribution collected offline (paper, phone, meeting…), which has no
account, counts as one participant. Withdrawn contributions are left out.

A participant's *quartier* is the one in their profile; when the profile has none, the
quartier of their contribution (a person without a profile quartier who contributed
about two quartiers counts once in each).

For each quartier of the scope (the démarche's quartiers, or all of them):
- participants per 1,000 inhabitants = participants ÷ population × 1,000;
- representativeness index = (quartier's share of the located participants) ÷
  (quartier's share of the population). 1 means the quartier takes part in proportion to
  its population; 0.5 means half as much as its weight; a quartier with no participant
  has index 0: that is who is missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cocite.contributions.models import Contribution, Support
from cocite.core import dates
from cocite.demarches.models import Demarche
from cocite.territory.models import Quartier, Theme

from .charts import bar_chart, column_chart

MAX_WEEKS = 104
# Below this index a quartier is flagged as under-represented.
UNDER_REPRESENTED = 0.8


@dataclass
class Table:
    """One chart's figures: the HTML table under the chart, and its CSV download."""

    key: str
    caption: str
    columns: list[str]
    rows: list[list[Any]]  # raw values (CSV); the template formats them
    chart: SafeString | None = None
    note: str = ""
    numeric: list[bool] = field(default_factory=list)


@dataclass
class QuartierFigure:
    name: str
    population: int
    participants: int
    per_thousand: float | None
    index: float | None

    @property
    def under_represented(self) -> bool:
        return self.index is not None and self.index < UNDER_REPRESENTED


@dataclass
class Dashboard:
    contributions: int
    participants: int
    supports: int
    tables: list[Table]
    quartiers: list[QuartierFigure]
    unlocated_participants: int
    missing: list[QuartierFigure]  # under-represented quartiers, most missing first

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def contributions_in(demarches: QuerySet[Demarche] | Sequence[Demarche]) -> QuerySet[Contribution]:
    return Contribution.objects.filter(demarche__in=demarches).exclude(status=Contribution.Status.WITHDRAWN)


def _weeks(contributions: QuerySet[Contribution]) -> Table:
    tz = timezone.get_current_timezone()
    by_week = {
        row["week"].date() if isinstance(row["week"], datetime.datetime) else row["week"]: row["n"]
        for row in contributions.annotate(week=TruncWeek("created_at", tzinfo=tz))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by("week")
    }
    supports_by_week = {
        row["week"].date() if isinstance(row["week"], datetime.datetime) else row["week"]: row["n"]
        for row in Support.objects.filter(contribution__in=contributions.values("pk"))
        .annotate(week=TruncWeek("created_at", tzinfo=tz))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by("week")
    }
    weeks = sorted(set(by_week) | set(supports_by_week))
    rows: list[list[Any]] = []
    if weeks:
        week = weeks[0]
        last = weeks[-1]
        all_weeks = []
        while week <= last:
            all_weeks.append(week)
            week += datetime.timedelta(days=7)
        for week in all_weeks[-MAX_WEEKS:]:
            rows.append([week, by_week.get(week, 0), supports_by_week.get(week, 0)])
    chart = column_chart(
        chart_id="graphique-semaines",
        title=_("Contributions par semaine"),
        description=_("Nombre de contributions déposées chaque semaine ; les chiffres sont dans le tableau qui suit."),
        items=[(dates.day_month(row[0]), row[1]) for row in rows],
    )
    return Table(
        key="semaines",
        caption=_("Participation par semaine"),
        columns=[_("Semaine du"), _("Contributions"), _("Soutiens")],
        rows=rows,
        chart=chart,
        numeric=[False, True, True],
    )


def _simple(key: str, caption: str, label_column: str, items: list[tuple[str, int]], description: str) -> Table:
    return Table(
        key=key,
        caption=caption,
        columns=[label_column, _("Contributions")],
        rows=[[label, n] for label, n in items],
        chart=bar_chart(chart_id=f"graphique-{key}", title=caption, description=description, items=items),
        numeric=[False, True],
    )


def _kinds(contributions: QuerySet[Contribution]) -> Table:
    counts = dict(contributions.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    items = [(str(label), counts.get(value, 0)) for value, label in Contribution.Kind.choices]
    return _simple(
        "types",
        _("Contributions par type"),
        _("Type"),
        items,
        _("Problèmes, idées et questions ; les chiffres sont dans le tableau qui suit."),
    )


def _channels(contributions: QuerySet[Contribution]) -> Table:
    counts = dict(contributions.values("channel").annotate(n=Count("pk")).values_list("channel", "n"))
    items = [(str(label), counts.get(value, 0)) for value, label in Contribution.Channel.choices]
    return _simple(
        "canaux",
        _("Contributions par canal"),
        _("Canal"),
        items,
        _("En ligne ou recueillies hors ligne par les agents ; les chiffres sont dans le tableau qui suit."),
    )


def _themes(contributions: QuerySet[Contribution]) -> Table:
    through = Contribution.themes.through
    counts = {
        row["theme_id"]: row["n"]
        for row in through.objects.filter(contribution__in=contributions.values("pk"))
        .values("theme_id")
        .annotate(n=Count("contribution_id"))
    }
    names = dict(Theme.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    items = sorted(((names[pk], n) for pk, n in counts.items() if pk in names), key=lambda item: (-item[1], item[0]))
    without = contributions.exclude(pk__in=through.objects.values("contribution_id")).count()
    if without:
        items.append((_("Sans thème"), without))
    table = _simple(
        "themes",
        _("Contributions par thème"),
        _("Thème"),
        items,
        _("Thèmes choisis par les auteur·rices ; les chiffres sont dans le tableau qui suit."),
    )
    table.note = _(
        "Une contribution peut porter sur plusieurs thèmes : le total peut dépasser le nombre de contributions."
    )
    return table


def _quartiers(
    contributions: QuerySet[Contribution], scope: Sequence[Quartier]
) -> tuple[Table, list[QuartierFigure], int]:
    rows = (
        contributions.annotate(participant_quartier=Coalesce("author__quartier_id", "quartier_id"))
        .values("participant_quartier")
        .annotate(accounts=Count("author_id", distinct=True), offline=Count("pk", filter=Q(author__isnull=True)))
        .order_by()
    )
    by_quartier = {row["participant_quartier"]: row["accounts"] + row["offline"] for row in rows}
    figures, unlocated = quartier_figures(by_quartier, scope)
    table = quartier_table(figures, unlocated)
    return table, figures, unlocated


def quartier_figures(
    by_quartier: Mapping[int | None, int], scope: Sequence[Quartier]
) -> tuple[list[QuartierFigure], int]:
    """Representativeness of participants counted per quartier id (None: unknown), over a scope of quartiers.

    Public so that other ways of taking part (surveys…) show the same panel with the same rule;
    returns the figures and the number of participants outside the scope or without a quartier.
    """
    scope_ids = {q.pk for q in scope}
    unlocated = sum(n for pk, n in by_quartier.items() if pk not in scope_ids)
    located_total = sum(by_quartier.get(q.pk, 0) for q in scope)
    population_total = sum(q.population for q in scope)
    figures = []
    for quartier in scope:
        participants = by_quartier.get(quartier.pk, 0)
        per_thousand = participants / quartier.population * 1000 if quartier.population else None
        index = None
        if quartier.population and population_total and located_total:
            index = (participants / located_total) / (quartier.population / population_total)
        figures.append(
            QuartierFigure(
                name=quartier.name,
                population=quartier.population,
                participants=participants,
                per_thousand=per_thousand,
                index=index,
            )
        )
    return figures, unlocated


def quartier_table(
    figures: Sequence[QuartierFigure], unlocated: int, *, chart_id: str = "graphique-quartiers"
) -> Table:
    """The representativeness table and its accessible chart (the index per quartier)."""
    table = Table(
        key="quartiers",
        caption=_("Participation par quartier rapportée à la population"),
        columns=[
            _("Quartier"),
            _("Habitants"),
            _("Participant·es"),
            _("Pour 1 000 habitants"),
            _("Indice de représentativité"),
        ],
        rows=[
            [
                f.name,
                f.population,
                f.participants,
                round(f.per_thousand, 2) if f.per_thousand is not None else None,
                round(f.index, 2) if f.index is not None else None,
            ]
            for f in figures
        ],
        chart=bar_chart(
            chart_id=chart_id,
            title=_("Indice de représentativité par quartier"),
            description=_(
                "1 signifie une participation proportionnelle à la population ; en dessous de 1, le quartier "
                "est sous-représenté. Les chiffres sont dans le tableau qui suit."
            ),
            items=[(f.name, round(f.index, 2) if f.index is not None else None) for f in figures],
            reference=1.0,
            reference_label=_("proportionnel"),
            highlight=lambda value: value is not None and value < UNDER_REPRESENTED,
        ),
        numeric=[False, True, True, True, True],
    )
    if unlocated:
        table.note = _(
            "%(n)s participant·es sans quartier connu ou hors du périmètre ne sont pas comptés dans l'indice."
        ) % {"n": unlocated}
    return table


def build(demarches: QuerySet[Demarche] | Sequence[Demarche], scope: Sequence[Quartier] | None = None) -> Dashboard:
    """Every figure of a dashboard over these démarches (about ten queries, whatever the volume)."""
    contributions = contributions_in(demarches)
    totals = contributions.aggregate(
        n=Count("pk"), accounts=Count("author_id", distinct=True), offline=Count("pk", filter=Q(author__isnull=True))
    )
    supports = Support.objects.filter(contribution__in=contributions.values("pk")).count()
    if scope is None:
        scope = list(Quartier.objects.order_by("name").only("pk", "name", "population"))
    quartier_table, figures, unlocated = _quartiers(contributions, scope)
    tables = [_weeks(contributions), _kinds(contributions), _themes(contributions), _channels(contributions)]
    tables.append(quartier_table)
    missing = sorted((f for f in figures if f.under_represented), key=lambda f: (f.index or 0, f.name))
    return Dashboard(
        contributions=totals["n"],
        participants=totals["accounts"] + totals["offline"],
        supports=supports,
        tables=tables,
        quartiers=figures,
        unlocated_participants=unlocated,
        missing=missing,
    )


def demarche_scope(demarche: Demarche) -> list[Quartier]:
    """The quartiers a démarche concerns (all of them when it names none)."""
    scope = list(demarche.quartiers.order_by("name").only("pk", "name", "population"))
    return scope or list(Quartier.objects.order_by("name").only("pk", "name", "population"))


def demarche_rows(demarches: QuerySet[Demarche]) -> list[Demarche]:
    """The démarches of the platform dashboard with their contribution and participant counts (one query)."""
    return list(
        demarches.annotate(
            n_contributions=Count("contributions", filter=~Q(contributions__status=Contribution.Status.WITHDRAWN)),
            n_accounts=Count(
                "contributions__author",
                filter=~Q(contributions__status=Contribution.Status.WITHDRAWN),
                distinct=True,
            ),
            n_offline=Count(
                "contributions",
                filter=Q(contributions__author__isnull=True) & ~Q(contributions__status=Contribution.Status.WITHDRAWN),
            ),
        ).order_by("status", "-created_at")
    )
