"""Real traffic for `make bench`: uncached pages over random objects, and a mixed run.

*Uncached* rows: a second server with `COCITE_CACHING=0` (every application cache off), each
request for a random object — a contribution page among all contributions, a list page with a
random démarche × sort × quartier (and for some a cursor taken from a real row), a search for a
random word of bench/words_fr.txt (no accents), a démarche page — anonymous, and contribution
pages signed in as one of 1,000 people. No response of these rows comes from a page cache.

*Mixed* run, caches on, all at once: anonymous reads of contribution pages with Zipf(1.0)
popularity over all contributions, signed-in reads from 1,000 sessions, and writes (support
toggles, comments, follows) from 1,000 other people on random contributions at a set rate.
Reports the share of anonymous responses served from the page cache and the write rate reached.

Imported by run.py after `django.setup()`.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from harness import RESULTS, Load, make_session_users, run_loads, write_lines, write_plan

from cocite.accounts.models import User
from cocite.contributions.models import Contribution, Support
from cocite.contributions.queries import encode_cursor
from cocite.debate.permissions import COMMENT_ACTION
from cocite.demarches import permissions as demarche_permissions
from cocite.demarches.models import Demarche
from cocite.notifications.models import Follow
from cocite.territory.models import Quartier

WORDS = Path(__file__).resolve().parent / "words_fr.txt"
SORTS = {"recentes": "created_at", "soutenues": "support_count", "debattues": "comment_count"}
CURSORS_PER_LIST = 3  # random cursors per démarche × sort × quartier, besides its first page
SAMPLE = 8  # objects per row fetched in process first: each must answer 200; the row's queries is their maximum
CONTRIBUTION_KIND = "contribution"  # the followable kind slug of a contribution


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _get(client: Client, path: str) -> int:
    return int(client.get(path).status_code)


@override_settings(COCITE_CACHING=False)
def visible_demarches() -> list[Demarche]:
    """The démarches whose page and contribution list an anonymous visitor can open."""
    client = Client()
    return [
        demarche
        for demarche in Demarche.objects.order_by("pk")
        if _get(client, f"/demarches/{demarche.slug}/") == 200
        and _get(client, f"/demarches/{demarche.slug}/contributions/") == 200
    ]


@override_settings(COCITE_CACHING=False)
def uncached_queries(paths: list[str], session: str | None, rng: random.Random) -> int:
    """The most SQL queries among a few random paths of a row, rendered with every cache off.

    A first request warms the process (content types, translations); then each path is
    requested once. Raises when one does not answer 200: the row would measure errors.
    """
    client = Client()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    sample = rng.sample(paths, min(SAMPLE + 1, len(paths)))
    client.get(sample[0])
    most = 0
    for path in sample[1:]:
        with CaptureQueriesContext(connection) as captured:
            status = _get(client, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status} (uncached row sample)")
        most = max(most, len(captured))
    return most


def contribution_paths(demarches: list[Demarche], rng: random.Random) -> list[str]:
    """Every contribution of the visible démarches, in a random order (the order is the Zipf rank)."""
    ids = list(Contribution.objects.filter(demarche__in=demarches).values_list("pk", flat=True))
    rng.shuffle(ids)
    return [f"/contributions/{pk}/" for pk in ids]


def list_paths(demarches: list[Demarche], rng: random.Random) -> list[str]:
    """Each démarche × sort × quartier (and none): its first page, and pages after random real rows."""
    everywhere = list(Quartier.objects.order_by("pk"))
    paths = []
    for demarche in demarches:
        quartiers = list(demarche.quartiers.order_by("pk")) or everywhere
        for quartier in [None, *quartiers]:
            rows = Contribution.objects.filter(demarche=demarche)
            if quartier is not None:
                rows = rows.filter(quartier=quartier)
            # Sampled in Python: ORDER BY random() sorts the whole démarche.
            ids = list(rows.values_list("pk", flat=True).order_by("pk"))
            picked = rng.sample(ids, min(CURSORS_PER_LIST, len(ids)))
            values = {
                row["pk"]: row for row in Contribution.objects.filter(pk__in=picked).values("pk", *SORTS.values())
            }
            for sort, field in SORTS.items():
                query = {"tri": sort} | ({"quartier": quartier.slug} if quartier is not None else {})
                base = f"/demarches/{demarche.slug}/contributions/?"
                paths.append(base + urlencode(query))
                for pk in picked:
                    paths.append(base + urlencode(query | {"apres": encode_cursor(values[pk][field], pk)}))
    rng.shuffle(paths)
    return paths


def search_paths(demarches: list[Demarche]) -> list[str]:
    words = [word for word in WORDS.read_text().split() if word]
    return [f"/demarches/{d.slug}/contributions/?{urlencode({'q': word})}" for d in demarches for word in words]


def api_list_paths(site_paths: list[str]) -> list[str]:
    """The same lists read through the API: /api/v1/demarches/<slug>/contributions?sort=…&after=…"""
    renamed = {"tri": "sort", "apres": "after", "quartier": "quartier"}
    paths = []
    for path in site_paths:
        base, _, query = path.partition("?")
        pairs = [(renamed[key], value) for key, value in parse_qsl(query) if key in renamed]
        paths.append("/api/v1" + base.rstrip("/") + "?" + urlencode(pairs))
    return paths


def uncached_rows(base: str, args: Any, baseline_rps: float, sessions: list[str]) -> list[dict[str, Any]]:
    rng = random.Random(2026)
    demarches = visible_demarches()
    if not demarches:
        raise SystemExit("no démarche is visible to anonymous visitors")
    contributions = contribution_paths(demarches, rng)
    sessions_file = write_lines(RESULTS / "sessions.txt", sessions)
    rows: list[tuple[str, list[str], bool]] = [
        (f"random contribution pages, {thousands(len(contributions))} (anonymous)", contributions, False),
        (
            f"random contribution list pages, {len(demarches)} démarches × {len(SORTS)} sorts × quartiers"
            " × cursors (anonymous)",
            list_paths(demarches, rng),
            False,
        ),
        (
            f"random searches, {len(WORDS.read_text().split())} words × démarches (anonymous)",
            search_paths(demarches),
            False,
        ),
        (f"random démarche pages, {len(demarches)} (anonymous)", [f"/demarches/{d.slug}/" for d in demarches], False),
        (
            f"API: random contribution lists, {len(demarches)} démarches × {len(SORTS)} sorts × quartiers"
            " × cursors (anonymous, /api/v1/)",
            api_list_paths(list_paths(demarches, rng)),
            False,
        ),
        (f"random contribution pages, {thousands(len(sessions))} sessions (signed-in)", contributions, True),
    ]
    results = []
    paths_file = RESULTS / "paths.txt"
    try:
        for name, paths, signed_in in rows:
            if args.only not in name:
                continue
            queries = uncached_queries(paths, sessions[0] if signed_in else None, rng)
            write_lines(paths_file, paths)
            env = {"COCITE_PATHS": str(paths_file)} | ({"COCITE_SESSIONS": str(sessions_file)} if signed_in else {})
            load = Load(base + "/", args.warmup, args.concurrency, script="random.lua", env=env)
            run_loads([load])
            load.duration = args.duration
            measured = run_loads([load])[0]
            measured.update(name=name, queries=queries, objects=len(paths))
            measured["ratio_to_baseline"] = round(measured["rps"] / baseline_rps, 3)
            results.append(measured)
            print(f"{name}: {measured}", flush=True)
    finally:
        paths_file.unlink(missing_ok=True)
        sessions_file.unlink(missing_ok=True)
    return results


def write_requests(
    writers: list[str], demarches: list[Demarche], count: int, rng: random.Random
) -> list[tuple[str, str, str]]:
    """(session, path, body) for `count` writes, each on a distinct (person, contribution) pair.

    Half support toggles (support where the person does not yet, withdraw where they do: always a
    real write, so the counter moves both ways), a quarter comments, a quarter follows (follow or
    stop following, by the same rule), on random contributions of démarches where the phase
    allows supporting and commenting.
    """
    people = dict(zip(writers, make_session_users(writers), strict=True))
    someone = User.objects.get(pk=next(iter(people.values())))
    open_demarches = [
        d
        for d in demarches
        if demarche_permissions.can(someone, "support", d, "contributions")
        and demarche_permissions.can(someone, COMMENT_ACTION, d, "contributions")
    ]
    if not open_demarches:
        raise SystemExit("no démarche allows supporting and commenting now: the mixed run has nothing to write")
    candidates = list(
        Contribution.objects.filter(demarche__in=open_demarches)
        .exclude(status=Contribution.Status.WITHDRAWN)
        .values_list("pk", "author_id")
    )
    if count > len(writers) * len(candidates) // 2:
        raise SystemExit(f"too few contributions open to writes for {count} distinct writes")
    pairs: dict[tuple[str, int], str] = {}
    kinds = ["support", "support", "comment", "follow"]
    while len(pairs) < count:
        session = rng.choice(writers)
        pk, author = rng.choice(candidates)
        if author != people[session] and (session, pk) not in pairs:
            pairs[(session, pk)] = kinds[len(pairs) % len(kinds)]
    user_ids = set(people.values())
    chosen = {pk for _, pk in pairs}
    supported = set(
        Support.objects.filter(user_id__in=user_ids, contribution_id__in=chosen).values_list(
            "user_id", "contribution_id"
        )
    )
    content_type = ContentType.objects.get_for_model(Contribution)
    followed = set(
        Follow.objects.filter(user_id__in=user_ids, content_type=content_type, object_id__in=chosen).values_list(
            "user_id", "object_id"
        )
    )
    requests = []
    for index, ((session, pk), kind) in enumerate(pairs.items()):
        person = people[session]
        if kind == "support":
            body = "supported=0" if (person, pk) in supported else "supported=1"
            requests.append((session, f"/contributions/{pk}/soutien/", body))
        elif kind == "comment":
            body = urlencode({"stance": ["pour", "contre", "nuance"][index % 3], "body": f"Avis mesuré n° {index}."})
            requests.append((session, f"/contributions/{pk}/debat/commenter/", body))
        else:
            verb = "ne-plus-suivre" if (person, pk) in followed else "suivre"
            requests.append((session, f"/{verb}/{CONTRIBUTION_KIND}/{pk}/", ""))
    return requests


def mixed_run(base: str, args: Any, baseline_rps: float, readers: list[str], writers: list[str]) -> dict[str, Any]:
    rng = random.Random(1015)
    demarches = visible_demarches()
    paths_file = write_lines(RESULTS / "mixed_paths.txt", contribution_paths(demarches, rng))
    sessions_file = write_lines(RESULTS / "mixed_sessions.txt", readers)
    plan_file = RESULTS / "mixed_plan.lua"
    # Enough distinct writes for the warm-up and the measure at up to three times the rate asked.
    warm_seconds = max(args.warmup, 2)  # long enough to tell how long a write takes under load
    warmup_writes = int(args.write_rate * warm_seconds * 3) + 200
    write_plan(
        plan_file,
        write_requests(writers, demarches, warmup_writes + int(args.write_rate * args.duration * 3) + 200, rng),
    )
    connections = args.write_connections
    readers_concurrency = max(2, args.concurrency * 3 // 4)
    signed_concurrency = max(2, args.concurrency - readers_concurrency)

    def loads(duration: int, pause: float, offset: int) -> list[Load]:
        zipf = {"COCITE_PATHS": str(paths_file), "COCITE_ZIPF": "1.0"}
        return [
            Load(base + "/", duration, readers_concurrency, script="random.lua", env=zipf),
            Load(base + "/", duration, signed_concurrency, script="random.lua",
                 env=zipf | {"COCITE_SESSIONS": str(sessions_file)}),
            Load(base + "/", duration, connections, script="writes.lua",
                 env={"COCITE_POST_PLAN": str(plan_file), "COCITE_DELAY_MS": str(int(pause)),
                      "COCITE_PLAN_OFFSET": str(offset)}),
        ]  # fmt: skip

    try:
        # Each connection waits `pause` after each answer: the warm-up tells how long an answer
        # takes under this load, and the pause of the measure is set from it to reach the rate.
        pause = connections * 1000 / args.write_rate
        warm = run_loads(loads(warm_seconds, pause, 0))[2]
        if warm["rps"] > 0:
            answer_ms = max(0.0, connections * 1000 / warm["rps"] - pause)
            pause = max(0.0, connections * 1000 / args.write_rate - answer_ms)
        anonymous, signed_in, writes = run_loads(loads(args.duration, pause, warmup_writes))
    finally:
        for path in (paths_file, sessions_file, plan_file):
            path.unlink(missing_ok=True)
    parts = [
        anonymous | {"name": "anonymous contribution pages, Zipf(1.0) over all contributions"},
        signed_in | {"name": f"signed-in contribution pages, Zipf(1.0), {thousands(len(readers))} sessions"},
        writes | {"name": f"writes (support toggles, comments, follows), {thousands(len(writers))} people"},
    ]
    for part in parts:
        part["ratio_to_baseline"] = round(part["rps"] / baseline_rps, 3)
    total = sum(part["rps"] for part in parts)
    mixed = {
        "name": "mixed run, caches on (all parts at once)",
        "rps": round(total, 1),
        "ratio_to_baseline": round(total / baseline_rps, 3),
        # wrk gives each process's percentiles only: the highest of the parts bounds the whole from above.
        **{key: max(part[key] for part in parts) for key in ("p50_ms", "p95_ms", "p99_ms")},
        "errors": sum(part["errors"] for part in parts),
        "requests": sum(part["requests"] for part in parts),
        "queries": None,
        "hit_ratio": round(anonymous["cache_hits"] / anonymous["responses"], 3) if anonymous["responses"] else 0.0,
        "write_rate": writes["rps"],
        "write_rate_asked": args.write_rate,
        "write_pause_ms": round(pause, 1),
        "parts": parts,
    }
    print(f"mixed: {mixed}", flush=True)
    return mixed
