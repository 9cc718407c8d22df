"""Create a Paris-scale participation for benchmarks: users, démarches, contributions, supports, comments.

Bulk inserts (COPY on PostgreSQL), explicit ids, counters computed while generating so they
are exact. Sizes are flags; the defaults are the issue's: 200,000 users, 100,000
contributions in 20 démarches, 2,000,000 supports, 500,000 comments.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from cocite.accounts.models import User, display_name_key
from cocite.contributions.models import Contribution, Support
from cocite.core.bulk import bulk_load, max_id, reset_sequence
from cocite.core.search import SCOPE_LEXEME
from cocite.demarches.models import Demarche, DemarcheComponent, Phase, PhaseKind
from cocite.items.models import Item
from cocite.scale.texts import comment_text, contribution_text
from cocite.territory.models import Quartier, Theme

BENCH_PASSWORD = "ville-bench-2026"  # noqa: S105 — documented benchmark accounts on a throw-away database


class Command(BaseCommand):
    help = "Génère une participation à l'échelle d'une grande ville (pour les mesures de performance)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=200_000)
        parser.add_argument("--contributions", type=int, default=100_000)
        parser.add_argument("--demarches", type=int, default=20)
        parser.add_argument("--supports", type=int, default=2_000_000)
        parser.add_argument("--comments", type=int, default=500_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("users", "contributions", "demarches"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1")
        if options["supports"] < 0 or options["comments"] < 0:
            raise CommandError("--supports and --comments must be zero or more")
        if options["supports"] > options["users"] * options["contributions"]:
            raise CommandError("--supports cannot exceed users × contributions (one support per person)")
        self.rng = random.Random(options["seed"])
        started = self.started = time.monotonic()
        if not Quartier.objects.exists():
            from cocite.territory.demo import seed as seed_territory

            seed_territory(self.stdout)  # type: ignore[arg-type]  # OutputWrapper writes like a TextIO
        self.quartiers = list(Quartier.objects.filter(boundary__isnull=False))
        self.themes = list(Theme.objects.all())
        with transaction.atomic():
            first_user = self._users(options["users"])
            demarches = self._demarches(options["demarches"])
            contributions = self._contributions(demarches, first_user, options["users"], options["contributions"])
            self._supports(contributions, first_user, options["users"], options["supports"])
            self._comments(contributions, first_user, options["users"], options["comments"])
            self._index(contributions)
        if connection.vendor == "postgresql":
            # VACUUM sets the visibility map (index-only scans, fast counts) after a bulk load.
            # Inside an outer transaction (tests) VACUUM is not allowed: ANALYZE only.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"seed_city terminé en {time.monotonic() - started:.0f} s"))

    def _log(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        self.stdout.write(f"  {message} ({elapsed:.0f} s)")
        self.stdout.flush()

    def _users(self, count: int) -> int:
        start = max_id(User) + 1
        password = make_password(BENCH_PASSWORD)
        weights = [q.population for q in self.quartiers]
        quartier_ids = [q.pk for q in self.quartiers]
        now = timezone.now()
        rng = self.rng

        def rows() -> Iterator[dict[str, Any]]:
            for n in range(count):
                pk = start + n
                name = f"Habitant·e {pk}"
                yield {
                    "id": pk,
                    "password": password,
                    "email": f"habitant{pk}@ville.example",
                    "display_name": name,
                    "display_name_key": display_name_key(name),
                    "quartier_id": rng.choices(quartier_ids, weights)[0] if rng.random() < 0.8 else None,
                    "date_joined": now,
                    "is_active": True,
                }

        bulk_load(User, rows(), include_pk=True)
        reset_sequence(User)
        self._log(f"{count} personnes")
        return start

    def _demarches(self, count: int) -> list[Demarche]:
        today = timezone.localdate()
        demarches = []
        suffix = int(time.time())
        for index in range(count):
            demarche = Demarche.objects.create(
                title=f"Budget participatif de quartier n° {index + 1}",
                slug=f"ville-{suffix}-{index + 1}",
                framing_question="Quels projets voulez-vous voir financés dans votre quartier ?",
                context="Démarche générée pour les mesures de performance.",
                status=Demarche.Status.PUBLISHED,
            )
            for position, kind in enumerate(PhaseKind.values):
                start = today + datetime.timedelta(days=position * 60 - 30)
                Phase.objects.create(
                    demarche=demarche,
                    kind=kind,
                    position=position,
                    starts_on=start,
                    ends_on=start + datetime.timedelta(days=59),
                )
            DemarcheComponent.objects.create(demarche=demarche, name="contributions")
            demarches.append(demarche)
        self._log(f"{count} démarches")
        return demarches

    def _contributions(
        self, demarches: list[Demarche], first_user: int, users: int, count: int
    ) -> list[tuple[int, int]]:
        """Returns [(contribution id, démarche index)] for the later steps."""
        start = max_id(Contribution) + 1
        rng = self.rng
        now = timezone.now()
        kinds = [Contribution.Kind.PROBLEM, Contribution.Kind.IDEA, Contribution.Kind.QUESTION]
        channels = [c for c in Contribution.Channel.values if c != Contribution.Channel.ONLINE]
        # Démarches of different sizes: the first (a city-wide budget) gets half of all
        # contributions, so its list has a page 2,000; the others decrease.
        weights = [1 / (i + 1) ** 0.6 for i in range(len(demarches))]
        if len(weights) > 1:
            weights[0] = sum(weights[1:])
        placed: list[tuple[int, int]] = []
        self._quartier_of: dict[int, int | None] = {}

        def rows() -> Iterator[dict[str, Any]]:
            for n in range(count):
                pk = start + n
                demarche_index = rng.choices(range(len(demarches)), weights)[0]
                quartier = rng.choice(self.quartiers)
                title, body = contribution_text(rng, quartier.name)
                lat = lon = None
                if rng.random() < 0.6 and quartier.boundary:
                    ring = quartier.boundary["coordinates"][0]
                    lons = [p[0] for p in ring]
                    lats = [p[1] for p in ring]
                    lon = rng.uniform(min(lons), max(lons))
                    lat = rng.uniform(min(lats), max(lats))
                offline = rng.random() < 0.15
                created = now - datetime.timedelta(seconds=rng.randint(0, 700 * 86400))
                placed.append((pk, demarche_index))
                yield {
                    "id": pk,
                    "demarche_id": demarches[demarche_index].pk,
                    "kind": rng.choice(kinds),
                    "title": title,
                    "body": body,
                    "quartier_id": quartier.pk,
                    "latitude": lat,
                    "longitude": lon,
                    "author_id": None if offline else first_user + rng.randrange(users),
                    "offline_author_name": "",
                    "channel": rng.choice(channels) if offline else Contribution.Channel.ONLINE,
                    "status": Contribution.Status.RECEIVED,
                    "support_count": 0,
                    "comment_count": 0,
                    "created_at": created,
                    "updated_at": created,
                }

        bulk_load(Contribution, rows(), include_pk=True)
        reset_sequence(Contribution)
        # Each contribution's item (cocite.items), as contribution_submit gives it one (read first:
        # no other statement may run on the connection during a COPY).
        loaded = list(
            Contribution.objects.filter(pk__gte=start).values(
                "pk", "demarche_id", "title", "created_at", "rule_version_id", "status"
            )
        )
        bulk_load(
            Item,
            (
                {
                    "kind": "contribution",
                    "object_id": row["pk"],
                    "demarche_id": row["demarche_id"],
                    "title": row["title"][:200],
                    "status": row["status"],
                    "rule_version_id": row["rule_version_id"],
                    "created_at": row["created_at"],
                }
                for row in loaded
            ),
        )
        self._log(f"{count} contributions")
        return placed

    def _skewed_counts(self, total: int, slots: int, cap: int) -> list[int]:
        """Split `total` over `slots` with a heavy tail (a few items get thousands), each ≤ cap."""
        rng = self.rng
        raw = [rng.paretovariate(1.1) for _ in range(slots)]
        scale = total / sum(raw)
        counts = [min(cap, int(r * scale)) for r in raw]
        missing = total - sum(counts)
        index = 0
        while missing > 0:
            slot = index % slots
            if counts[slot] < cap:
                counts[slot] += 1
                missing -= 1
            index += 1
        return counts

    def _supports(self, contributions: list[tuple[int, int]], first_user: int, users: int, total: int) -> None:
        if total == 0:
            return
        counts = self._skewed_counts(total, len(contributions), users)
        rng = self.rng
        now = timezone.now()

        def rows() -> Iterator[dict[str, Any]]:
            for (contribution_id, _demarche), n in zip(contributions, counts, strict=True):
                for offset in rng.sample(range(users), n):
                    yield {"contribution_id": contribution_id, "user_id": first_user + offset, "created_at": now}

        bulk_load(Support, rows())
        self._set_counter("support_count", contributions, counts)
        self._log(f"{total} soutiens")

    def _set_counter(self, column: str, contributions: list[tuple[int, int]], counts: list[int]) -> None:
        table = Contribution._meta.db_table
        pairs = [(n, pk) for (pk, _d), n in zip(contributions, counts, strict=True) if n]
        with connection.cursor() as cursor:
            cursor.executemany(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', pairs)

    def _comments(self, contributions: list[tuple[int, int]], first_user: int, users: int, total: int) -> None:
        if total == 0 or not apps.is_installed("cocite.debate"):
            return
        from cocite.debate.bulk import bulk_comment_rows  # the debate app owns its table layout
        from cocite.debate.models import Comment

        counts = self._skewed_counts(total, len(contributions), 5000)
        rng = self.rng
        rows = bulk_comment_rows(
            model=Contribution,
            targets=[(pk, n) for (pk, _d), n in zip(contributions, counts, strict=True)],
            author_ids=lambda: first_user + rng.randrange(users),
            text=lambda: comment_text(rng),
            rng=rng,
        )
        bulk_load(Comment, rows, include_pk=True)
        reset_sequence(Comment)
        self._set_counter("comment_count", contributions, counts)
        self._log(f"{total} commentaires")

    def _index(self, contributions: list[tuple[int, int]]) -> None:
        if not contributions:
            return
        first, last = contributions[0][0], contributions[-1][0]
        table = Contribution._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                sql = (
                    "INSERT INTO core_searchdocument (kind, object_id, vector) "
                    "SELECT 'contribution', id, to_tsvector('french_unaccent', title || ' ' || body) "
                    # The démarche as scope, as cocite.contributions.actions._index writes it (core.search).
                    "|| array_to_tsvector(ARRAY[%s || demarche_id]) "
                    f'FROM "{table}" WHERE id BETWEEN %s AND %s '
                    "ON CONFLICT (kind, object_id) DO UPDATE SET vector = EXCLUDED.vector"
                )
                cursor.execute(sql, [SCOPE_LEXEME.format(""), first, last])
            else:
                from cocite.core.search import index_documents_bulk

                for chunk_start in range(first, last + 1, 5000):
                    rows = Contribution.objects.filter(pk__gte=chunk_start, pk__lt=chunk_start + 5000).values_list(
                        "pk", "title", "body", "demarche_id"
                    )
                    index_documents_bulk(
                        "contribution",
                        [(pk, f"{t}\n{b}") for pk, t, b, _d in rows],
                        scopes={pk: demarche_id for pk, _t, _b, demarche_id in rows},
                    )
        self._log("index de recherche")
