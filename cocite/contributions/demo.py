"""Demo contributions: about 150 problems, ideas and questions in the three demo démarches.

The texts are data: `demo/contributions.yaml` (its header describes each key). This module
draws, with a fixed random seed, who wrote each one (or which agent recorded it at the desk),
when, where on the map, and who supports it, then replays those facts through the actions
users go through — `contribution_submit`, `contribution_edit`, `support_set`,
`contribution_withdraw` — so the demo obeys the same rules (audience, phase, scope of
quartiers and themes, title length, no support of one's own contribution…).

Replaying the past needs three explicit allowances, used only here:
- `at=` on submit, edit and withdraw: the phase of that day is checked and the moment recorded
  (the participatory budget's collection phase ended days ago);
- `rate_limited=False` on submit: a month of contributions is written in one go;
- the supports' `created_at`, written "now" by `support_set`, is set afterwards to the drawn
  moment (one bulk UPDATE per démarche, below).

Idempotent: a contribution is looked up by its démarche and title (or its first title, for an
edited one) before it is submitted; the random draws are made for every entry whether it
exists or not, so a partial re-run gives the missing ones the same authors and supports.

A last step serves the arbitration demo (cocite/decisions/demo.py, seeded later): to show
commitments answered on time, late and overdue today, a few budget ideas are topped up to
the support threshold of their rules through `support_set`, then their supports' timestamps
are spread back so that the N-th support falls on a chosen day (`threshold_crossings` in the
file). An idea already at its threshold is left alone, so a re-run moves nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from django.utils import timezone

from cocite.accounts.models import User
from cocite.core import demo
from cocite.demarches.models import Demarche, PhaseKind
from cocite.territory.geo import bounding_box, contains_point
from cocite.territory.models import DepartmentMembership, Quartier, Theme

from . import actions
from .models import Contribution, Support

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "contributions.yaml"
RANDOM_SEED = 2026
# Public démarches: share of contributions placed on the map (the internal one has none).
MAP_POINT_SHARE = 0.7
# Popularity level -> range of supports: most get a handful, a few get many.
SUPPORT_RANGES = {0: (0, 2), 1: (1, 6), 2: (7, 13), 3: (15, 24)}
# Departments whose agents are most concerned by the reception desk (they write more).
DESK_DEPARTMENTS = {"accueil", "numerique", "ccas"}

CROSSINGS_KEYS = {"required": {"demarche", "crossings"}, "optional": {"kept_aside"}}
DEMARCHE_KEYS = {"required": {"demarche", "contributions"}, "optional": {"default_quartier", "agents_only"}}
ENTRY_KEYS = {
    "required": {"kind", "popularity", "themes", "title", "body"},
    "optional": {"quartier", "channel", "offline_author_name", "edited_from", "withdrawn"},
}


@dataclass(frozen=True)
class Entry:
    kind: str
    popularity: int
    quartier: str
    themes: tuple[str, ...]
    title: str
    body: str
    channel: str = ""  # empty: submitted online by a demo account
    offline_author_name: str = ""  # empty with a channel: anonymous
    edited_from: tuple[str, str] | None = None  # (title, body) of the first version
    withdrawn: bool = False


@dataclass(frozen=True)
class DemarcheContent:
    slug: str
    entries: tuple[Entry, ...]
    agents_only: bool = False


@dataclass(frozen=True)
class Crossings:
    """Budget ideas whose support threshold was reached days ago (for the arbitration demo)."""

    demarche: str
    crossings: tuple[tuple[str, int], ...]  # (title, days ago)
    kept_aside: tuple[str, str] | None = None  # (e-mail local part, title of the idea she supports)


@dataclass(frozen=True)
class Content:
    recorder: str  # e-mail local part of the agent who records offline contributions
    demarches: tuple[DemarcheContent, ...]
    threshold_crossings: Crossings | None = None


def _entry(data: demo.DemoData, raw: dict[str, object], where: str, default_quartier: str) -> Entry:
    kind, popularity, channel = raw["kind"], raw["popularity"], raw.get("channel") or ""
    if kind not in Contribution.Kind.values:
        raise demo.fail(data, where, f"kind {kind!r} is not one of {', '.join(Contribution.Kind.values)}")
    if popularity not in SUPPORT_RANGES:
        raise demo.fail(data, where, f"popularity {popularity!r} is not one of 0, 1, 2, 3")
    if channel and channel not in set(Contribution.Channel.values) - {Contribution.Channel.ONLINE}:
        raise demo.fail(data, where, f"unknown channel {channel!r}")
    themes = raw["themes"]
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise demo.fail(data, where, "themes must be a list of theme slugs")
    edited_from = None
    if raw.get("edited_from") is not None:
        first = demo.check(data, raw["edited_from"], required={"title", "body"}, where=f"{where}: edited_from")
        edited_from = (str(first["title"]), str(first["body"]))
    return Entry(
        kind=str(kind),
        popularity=int(str(popularity)),
        quartier=str(raw.get("quartier") or default_quartier),
        themes=tuple(themes),
        title=str(raw["title"]),
        body=str(raw["body"]),
        channel=str(channel),
        offline_author_name=str(raw.get("offline_author_name") or ""),
        edited_from=edited_from,
        withdrawn=bool(raw.get("withdrawn", False)),
    )


def load_content(data: demo.DemoData | None = None) -> Content:
    """Read and check `demo/contributions.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.contributions", DATA_FILE)
    demarches = []
    for block in demo.records(data, data["demarches"], where="demarches", **DEMARCHE_KEYS):
        where = f"demarche {block['demarche']!r}"
        raws = demo.records(data, block["contributions"], where=f"{where}: contributions", **ENTRY_KEYS)
        default_quartier = str(block.get("default_quartier") or "")
        entries = tuple(
            _entry(data, raw, f"{where}: contributions: {demo.describe(raw, index)}", default_quartier)
            for index, raw in enumerate(raws)
        )
        demarches.append(DemarcheContent(str(block["demarche"]), entries, bool(block.get("agents_only", False))))
    crossings = _crossings(data, demarches) if "threshold_crossings" in data.content else None
    return Content(recorder=str(data["recorder"]), demarches=tuple(demarches), threshold_crossings=crossings)


def _crossings(data: demo.DemoData, demarches: list[DemarcheContent]) -> Crossings:
    """`threshold_crossings`: every title must be one of the démarche's contributions in this file."""
    where = "threshold_crossings"
    block = demo.check(data, data["threshold_crossings"], where=where, **CROSSINGS_KEYS)
    slug = str(block["demarche"])
    content = next((d for d in demarches if d.slug == slug), None)
    if content is None:
        raise demo.fail(data, where, f"demarche {slug!r} is not one of the démarches above")
    titles = {entry.title for entry in content.entries}
    crossings = []
    for index, raw in enumerate(
        demo.records(data, block["crossings"], required={"title", "days_ago"}, where=f"{where}: crossings")
    ):
        here = f"{where}: crossings: {demo.describe(raw, index)}"
        if raw["title"] not in titles:
            raise demo.fail(data, here, f"no contribution of {slug!r} has this title")
        if not isinstance(raw["days_ago"], int) or raw["days_ago"] < 0:
            raise demo.fail(data, here, "days_ago must be a whole number of days, 0 or more")
        crossings.append((str(raw["title"]), raw["days_ago"]))
    kept_aside = None
    if block.get("kept_aside") is not None:
        raw = demo.check(data, block["kept_aside"], required={"who", "supports"}, where=f"{where}: kept_aside")
        if raw["supports"] not in titles:
            raise demo.fail(data, f"{where}: kept_aside", f"no contribution of {slug!r} has this title")
        kept_aside = (str(raw["who"]), str(raw["supports"]))
    return Crossings(slug, tuple(crossings), kept_aside)


def _aware(day: datetime.date, hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


def _moment(
    rng: random.Random, start: datetime.datetime, end: datetime.datetime, *, working_hours: bool
) -> datetime.datetime:
    """A plausible moment between start and end: daytime, and office hours on weekdays for agents."""
    first, last = timezone.localdate(start), timezone.localdate(end)
    hours = list(range(8, 18)) if working_hours else [7, 8, 9, 12, 13, 14, 17, 18, 19, 20, 21, 22]
    for _attempt in range(50):
        day = first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))
        if working_hours and day.weekday() >= 5:
            continue
        moment = _aware(day, rng.choice(hours), rng.randint(0, 59), rng.randint(0, 59))
        if start <= moment <= end:
            return moment
    return start + (end - start) * rng.random()


def _point_in(rng: random.Random, quartier: Quartier) -> tuple[float, float] | None:
    """A random (latitude, longitude) inside the quartier: drawn in its bounding box, kept if inside the boundary."""
    if not quartier.boundary:
        return None
    box = bounding_box([quartier.boundary])
    if box is None:
        return None
    min_lon, min_lat, max_lon, max_lat = box
    lon_margin, lat_margin = (max_lon - min_lon) * 0.08, (max_lat - min_lat) * 0.08
    for _attempt in range(50):
        longitude = round(rng.uniform(min_lon + lon_margin, max_lon - lon_margin), 6)
        latitude = round(rng.uniform(min_lat + lat_margin, max_lat - lat_margin), 6)
        if contains_point(quartier.boundary, longitude, latitude):
            return latitude, longitude
    return None


class _People:
    """The demo accounts contributions are attributed to."""

    def __init__(self, recorder: str) -> None:
        accounts = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True).order_by("pk")
        self.residents = list(
            accounts.filter(
                department_memberships__isnull=True,
                is_superuser=False,
                is_staff=False,
                is_moderator=False,
                is_elected_official=False,
            )
        )
        self.agents = list(accounts.filter(department_memberships__isnull=False).distinct())
        desk_agents = set(
            DepartmentMembership.objects.filter(department__slug__in=DESK_DEPARTMENTS).values_list("user_id", flat=True)
        )
        self.agent_weights = [4 if agent.pk in desk_agents else 1 for agent in self.agents]
        self.recorder = User.objects.filter(email=f"{recorder}@{DEMO_DOMAIN}").first()
        self.quartiers = {q.slug: q for q in Quartier.objects.all()}

    def author(self, rng: random.Random, quartier: Quartier | None, agents_only: bool) -> User | None:
        if agents_only:
            return rng.choices(self.agents, weights=self.agent_weights)[0] if self.agents else None
        neighbours = [r for r in self.residents if quartier is not None and r.quartier_id == quartier.pk]
        if neighbours and rng.random() < 0.6:
            return rng.choice(neighbours)
        return rng.choice(self.residents) if self.residents else None

    def supporters(self, rng: random.Random, popularity: int, author: User | None, agents_only: bool) -> list[User]:
        pool: Sequence[User] = [
            user for user in (self.agents if agents_only else self.residents) if author is None or user.pk != author.pk
        ]
        low, high = SUPPORT_RANGES[popularity]
        return rng.sample(list(pool), min(rng.randint(low, high), len(pool)))


@dataclass
class _Draw:
    """What the random generator decided for one entry, before anything is written."""

    entry: Entry
    created_at: datetime.datetime
    author: User | None
    point: tuple[float, float] | None
    edited_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    supports: list[tuple[User, datetime.datetime]]


def _draw(
    demarche: Demarche, content: DemarcheContent, people: _People, rng: random.Random, quartiers: dict[str, Quartier]
) -> list[_Draw]:
    """Every random decision for the démarche, in a fixed order (so the demo is the same on every run)."""
    now = timezone.now()
    entries = list(content.entries)
    collecte = next((p for p in demarche.ordered_phases() if p.kind == PhaseKind.COLLECTE), None)
    if collecte is None:
        start, end = now - datetime.timedelta(days=30), now
    else:
        start = _aware(collecte.starts_on, 0, 0)
        end = now if collecte.ends_on is None else min(now, _aware(collecte.ends_on, 23, 59))
    end -= datetime.timedelta(hours=1)
    # Chronological order differs from the order of the file; ids follow creation dates.
    rng.shuffle(entries)
    moments = sorted(_moment(rng, start, end, working_hours=content.agents_only) for _entry in entries)
    draws = []
    for entry, created_at in zip(entries, moments, strict=True):
        quartier = quartiers.get(entry.quartier)
        author = None if entry.channel else people.author(rng, quartier, content.agents_only)
        point = None
        if quartier is not None and not content.agents_only and rng.random() < MAP_POINT_SHARE:
            point = _point_in(rng, quartier)
        edited_at = withdrawn_at = None
        if entry.edited_from is not None and author is not None:
            edited_at = min(end, created_at + datetime.timedelta(hours=rng.randint(1, 30)))
        if entry.withdrawn and author is not None:
            withdrawn_at = min(end, created_at + datetime.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8)))
        supports = []
        for supporter in people.supporters(rng, entry.popularity, author, content.agents_only):
            share = rng.random()
            # Supports come before a withdrawal (a withdrawn contribution can no longer be supported).
            until = withdrawn_at or now
            supports.append((supporter, created_at + (until - created_at) * share * 0.9))
        draws.append(_Draw(entry, created_at, author, point, edited_at, withdrawn_at, supports))
    return draws


def _replay(demarche: Demarche, draw: _Draw, people: _People, themes: list[Theme]) -> Contribution:
    """One contribution's life through the actions: submitted, perhaps edited, supported, perhaps withdrawn."""
    entry = draw.entry
    title, body = (
        entry.edited_from if entry.edited_from is not None and draw.author is not None else (entry.title, entry.body)
    )
    latitude, longitude = draw.point if draw.point is not None else (None, None)
    recorder = people.recorder if entry.channel else None
    author = draw.author or recorder
    if author is None:
        raise demo.DemoDataError(f"{DATA_FILE}: no demo account to submit {entry.title!r}")
    contribution = actions.contribution_submit(
        author=author,
        demarche=demarche,
        kind=entry.kind,
        title=title,
        body=body,
        themes=themes,
        quartier=people.quartiers.get(entry.quartier),
        latitude=latitude,
        longitude=longitude,
        channel=entry.channel or Contribution.Channel.ONLINE,
        offline_author_name=entry.offline_author_name,
        at=draw.created_at,
        rate_limited=False,
    )
    if draw.edited_at is not None and draw.author is not None:
        contribution = actions.contribution_edit(
            user=draw.author, contribution=contribution, title=entry.title, body=entry.body, at=draw.edited_at
        )
    contribution.demarche = demarche  # the prefetched structure (phases, components) for support_set
    for supporter, _moment_at in draw.supports:
        actions.support_set(user=supporter, contribution=contribution, supported=True)
    if draw.withdrawn_at is not None and draw.author is not None:
        contribution = actions.contribution_withdraw(user=draw.author, contribution=contribution, at=draw.withdrawn_at)
    return contribution


def _seed_demarche(demarche: Demarche, content: DemarcheContent, people: _People, rng: random.Random) -> int:
    draws = _draw(demarche, content, people, rng, people.quartiers)
    scope = {t.slug: t for t in demarche.scope_themes()}
    existing = set(Contribution.objects.filter(demarche=demarche).values_list("title", flat=True))
    moments: dict[tuple[int, int], datetime.datetime] = {}
    created = 0
    for draw in draws:
        first_title = draw.entry.edited_from[0] if draw.entry.edited_from else draw.entry.title
        if draw.entry.title in existing or first_title in existing:
            continue
        themes = [scope[slug] for slug in draw.entry.themes if slug in scope]
        contribution = _replay(demarche, draw, people, themes)
        moments.update({(contribution.pk, supporter.pk): at for supporter, at in draw.supports})
        created += 1
    # `support_set` dates a support "now": give each the moment drawn for it.
    rows = list(Support.objects.filter(contribution__demarche=demarche, contribution_id__in={c for c, _u in moments}))
    for row in rows:
        row.created_at = moments.get((row.contribution_id, row.user_id), row.created_at)
    Support.objects.bulk_update(rows, ["created_at"], batch_size=500)
    return created


def days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    """`days` days before `moment` on the local calendar: the same wall-clock time, so a change of
    summer time in between never moves it to another day (aware arithmetic in the local zone)."""
    return timezone.localtime(moment) - datetime.timedelta(days=days)


def _reach_threshold(contribution: Contribution, reached_days_ago: int, people: list[User]) -> bool:
    """Top up to the threshold of the contribution's rules, then spread the supports so the N-th lands then.

    Returns False (and changes nothing) for a contribution without a threshold or already at it.
    """
    version = contribution.rule_version
    if version is None or version.support_threshold is None:
        return False
    threshold = version.support_threshold
    existing = set(Support.objects.filter(contribution=contribution).values_list("user_id", flat=True))
    if len(existing) >= threshold:  # reached already (a re-run): its commitment may have started from it
        return False
    missing = threshold - len(existing)
    for person in [p for p in people if p.pk not in existing and p.pk != contribution.author_id][:missing]:
        actions.support_set(user=person, contribution=contribution, supported=True)
    now = timezone.now()
    start = contribution.created_at + datetime.timedelta(hours=2)
    reached = max(days_before(now, reached_days_ago), start + datetime.timedelta(days=1))
    supports = list(Support.objects.filter(contribution=contribution).order_by("created_at", "pk"))
    after = max(1, len(supports) - threshold + 1)
    for index, support in enumerate(supports):
        if index < threshold:
            moment = start + (reached - start) * (index + 1) / threshold
        else:
            moment = reached + (now - reached) * (index - threshold + 1) / (after + 1)
        support.created_at = moment
    Support.objects.bulk_update(supports, ["created_at"])
    return True


def _seed_crossings(crossings: Crossings) -> int:
    """The arbitration demo's thresholds (see the module docstring); returns how many were reached."""
    contributions = Contribution.objects.filter(demarche__slug=crossings.demarche).select_related("rule_version")
    by_title = {c.title: c for c in contributions.filter(title__in={t for t, _days in crossings.crossings})}
    if crossings.kept_aside is not None:
        who, title = crossings.kept_aside
        resident = User.objects.filter(email=f"{who}@{DEMO_DOMAIN}").first()
        supported = contributions.filter(title=title).first()
        if (
            resident is not None
            and supported is not None
            and supported.author_id != resident.pk
            and not Support.objects.filter(contribution=supported, user=resident).exists()
        ):
            actions.support_set(user=resident, contribution=supported, supported=True)
    people = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True)
        .exclude(email=f"admin@{DEMO_DOMAIN}")
        .order_by("pk")
    )
    reached = 0
    for title, days_ago in crossings.crossings:
        contribution = by_title.get(title)
        if contribution is not None and _reach_threshold(contribution, days_ago, people):
            reached += 1
    return reached


def seed(stdout: TextIO) -> None:
    content = load_content()
    rng = random.Random(RANDOM_SEED)
    people = _People(content.recorder)
    slugs = [block.slug for block in content.demarches]
    added = 0
    for block in content.demarches:
        demarche = (
            Demarche.objects.filter(slug=block.slug)
            .prefetch_related("phases", "components", "themes", "quartiers")
            .first()
        )
        if demarche is None:
            stdout.write(f"  contributions : démarche « {block.slug} » absente, ignorée")
            continue
        added += _seed_demarche(demarche, block, people, rng)
    contributions = Contribution.objects.filter(demarche__slug__in=slugs).count()
    supports = Support.objects.filter(contribution__demarche__slug__in=slugs).count()
    stdout.write(f"  contributions : {contributions} contributions ({added} ajoutées), {supports} soutiens")
    if content.threshold_crossings is not None:
        reached = _seed_crossings(content.threshold_crossings)
        stdout.write(f"  contributions : {reached} idées portées à leur seuil de soutiens (démonstration des réponses)")
