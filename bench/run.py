"""`make bench`: serve Cocité the production way and measure it under load.

gunicorn (several workers, DEBUG off, Redis cache) on 127.0.0.1; load from wrk in a separate
process, warmed up first, bounded in time. The same run measures a baseline view returning a
fixed 30 KB page, so results read as ratios on a noisy machine. Besides one URL per row
(cache hits for visitors) and the write rows, real traffic from bench/real.py: uncached rows
over random objects (a second server with COCITE_CACHING=0) and a mixed run. Writes results to
bench/results/latest.json and latest.md.

Needs data: `manage.py seed_city` (PostgreSQL when DATABASE_URL is set, SQLite otherwise).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from ballots import ballot_demarche, ballot_requests, ballots_exact, eligible_voters  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from harness import (  # noqa: E402
    CSRF,
    RESULTS,
    free_port,
    make_session_users,
    make_sessions,
    server_command,
    wait_ready,
    write_plan,
    wrk,
)
from real import mixed_run, uncached_rows  # noqa: E402

from cocite.accounts.models import User  # noqa: E402
from cocite.contributions.models import Contribution, Support  # noqa: E402
from cocite.contributions.queries import PAGE_SIZE, encode_cursor  # noqa: E402
from cocite.demarches.models import Demarche  # noqa: E402

SECTIONS = ("pages", "writes", "mixed", "uncached")
PEOPLE = 1000  # distinct sessions of the signed-in rows of the uncached and mixed runs, and writers of the mixed run


def count_queries(path: str, cookie: str | None) -> int:
    """SQL queries of one request, rendered with every cache off (COCITE_CACHING), in a warm process."""
    client = Client()
    if cookie:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    caching = settings.COCITE_CACHING
    settings.COCITE_CACHING = False
    try:
        client.get(path)  # a first render warms this process (Django's content types)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
    finally:
        settings.COCITE_CACHING = caching
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(captured)


def worker_rss_mb(master_pid: int) -> float:
    rss = []
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            rss.append(int(fields["VmRSS"].split()[0]) / 1024)
    return round(max(rss), 1) if rss else 0.0


def vacuum_written_tables() -> dict[str, Any]:
    """PostgreSQL: clear the dead rows earlier runs left in the tables the writes touch.

    Every support toggle rewrites its contribution's row (the counter is indexed for the
    "most supported" order, so the update is never HOT) and leaves a dead one. Autovacuum
    clears them in production; a server where it is off (the PostgreSQL of this machine:
    `SHOW autovacuum` says off) would otherwise measure each run slower than the last.
    """
    if connection.vendor != "postgresql":
        return {}
    tables = [Contribution._meta.db_table, Support._meta.db_table, User._meta.db_table]
    from django.apps import apps

    for label in ("notifications.Follow", "debate.Comment"):
        if apps.is_installed("cocite." + label.split(".")[0]):
            tables.append(apps.get_model(label)._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
    print(f"vacuumed {len(tables)} tables; autovacuum on this server: {autovacuum}", flush=True)
    return {"autovacuum": autovacuum, "tables": tables}


def data_counts() -> dict[str, int]:
    counts = {
        "users": User.objects.count(),
        "demarches": Demarche.objects.count(),
        "contributions": Contribution.objects.count(),
        "supports": Support.objects.count(),
    }
    from django.apps import apps

    if apps.is_installed("cocite.debate"):
        counts["comments"] = apps.get_model("debate", "Comment").objects.count()
    return counts


def counters_exact() -> dict[str, bool]:
    table = Contribution._meta.db_table
    support_table = Support._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT COUNT(*) FROM "{table}" c WHERE c.support_count <> '  # noqa: S608
            f'(SELECT COUNT(*) FROM "{support_table}" s WHERE s.contribution_id = c.id)'
        )
        supports_ok = cursor.fetchone()[0] == 0
    result = {"supports": supports_ok}

    if importlib.util.find_spec("cocite.debate.bench") is not None:
        from cocite.debate.bench import comment_counters_exact

        result["comments"] = comment_counters_exact()
    budget = Demarche.objects.filter(slug="banc-budget-participatif").first()
    if budget is not None:
        result["ballots"] = ballots_exact(budget)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--server", choices=("gunicorn", "granian"), default="gunicorn")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the pages and writes whose name contains this text (e.g. 'logged-in', 'support');"
        " the results then go to bench/results/partial.json and partial.md, not latest.*",
    )
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated, among {', '.join(SECTIONS)} (default: all); fewer than all write partial.*",
    )
    parser.add_argument("--write-rate", type=float, default=50, help="writes per second asked of the mixed run")
    # 1,000 people each writing now and then: enough connections that an answer's time under load does not
    # cap the rate (8 connections at 300 ms each could not exceed 27/s); each pauses to keep the rate asked.
    parser.add_argument("--write-connections", type=int, default=32, help="connections of the mixed run's writes")
    args = parser.parse_args()
    sections = {name.strip() for name in args.sections.split(",") if name.strip()}
    if not sections <= set(SECTIONS):
        raise SystemExit(f"--sections: choose among {', '.join(SECTIONS)}")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    counts = data_counts()
    vacuum = vacuum_written_tables()
    if counts["contributions"] < 1000:
        raise SystemExit("Not enough data: run `manage.py seed_city` first (see README).")
    biggest = Contribution.objects.values("demarche_id").annotate(n=Count("pk")).order_by("-n").first() or {}
    demarche = Demarche.objects.get(pk=biggest["demarche_id"])
    slug = demarche.slug
    in_demarche = Contribution.objects.filter(demarche=demarche).order_by("-created_at", "-pk")
    deep_page = min(2000, max(1, biggest["n"] // PAGE_SIZE - 1))
    anchor = in_demarche[(deep_page - 1) * PAGE_SIZE - 1]
    deep = f"/demarches/{slug}/contributions/?apres={encode_cursor(anchor.created_at, anchor.pk)}"
    list_url = f"/demarches/{slug}/contributions/"
    residents = list(User.objects.filter(email__endswith="@ville.example").order_by("pk"))
    sessions = make_sessions(residents[:400])
    # The signed-in readers of the uncached and mixed runs, and the mixed run's writers (the last
    # residents: apart from the readers, and from the first commenters of the comment row).
    readers = make_sessions(residents[:PEOPLE]) if sections & {"uncached", "mixed"} else []
    writers = make_sessions(residents[-PEOPLE:]) if sections & {"writes", "mixed"} else []
    pages: list[tuple[str, str, str | None]] = [
        ("home (anonymous)", "/", None),
        ("démarche page (anonymous)", f"/demarches/{slug}/", None),
        ("contribution list page 1 (anonymous)", list_url, None),
        (f"contribution list page {deep_page} (anonymous)", deep, None),
        ("contribution list page 1 (logged-in)", list_url, sessions[0]),
        (f"contribution list page {deep_page} (logged-in)", deep, sessions[0]),
        ("search « cyclable » (anonymous)", list_url + "?q=cyclable", None),
    ]
    from django.apps import apps

    if apps.is_installed("cocite.debate"):
        target = Contribution.objects.filter(comment_count__gte=200).order_by("comment_count").only("pk").first()
        if target is not None:
            pages.append(
                (f"contribution with {target.comment_count} comments (anonymous)", f"/contributions/{target.pk}/", None)
            )
            pages.append(
                (
                    f"contribution with {target.comment_count} comments (logged-in)",
                    f"/contributions/{target.pk}/",
                    sessions[0],
                )
            )

    # Two servers: the production one, and one with every application cache off for the uncached rows.
    servers = {}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    for kind, extra in (("cached", {}), ("uncached", {"COCITE_CACHING": "0"})):
        if kind == "uncached" and "uncached" not in sections:
            continue
        port = free_port()
        process = subprocess.Popen(server_command(args.server, args.workers, port), cwd=ROOT, env=env | extra)  # noqa: S603
        servers[kind] = (process, f"http://127.0.0.1:{port}")
    server, base = servers["cached"]
    results: dict[str, Any] = {
        "database": connection.vendor,
        "vacuum": vacuum,
        "data": counts,
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "workers": args.workers,
        "server": args.server,
        "sections": [name for name in SECTIONS if name in sections],
        "pages": [],
        "writes": [],
    }
    try:
        for _process, url in servers.values():
            wait_ready(url)
        wrk(base + "/bench/baseline/", duration=args.warmup, concurrency=args.concurrency)
        baseline = wrk(base + "/bench/baseline/", duration=args.duration, concurrency=args.concurrency)
        results["baseline"] = {"rps": baseline["rps"], "p99_ms": baseline["p99_ms"]}
        print(f"baseline: {baseline}", flush=True)
        page_results = []
        for name, path, session in pages if "pages" in sections else []:
            if args.only not in name:
                continue
            headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}"} if session else None
            wrk(base + path, duration=args.warmup, concurrency=args.concurrency, headers=headers)
            measured = wrk(base + path, duration=args.duration, concurrency=args.concurrency, headers=headers)
            measured["queries"] = count_queries(path, session)
            measured["name"] = name
            measured["ratio_to_baseline"] = round(measured["rps"] / baseline["rps"], 3)
            page_results.append(measured)
            print(f"{name}: {measured}", flush=True)
        results["pages"] = page_results
        if "writes" in sections:
            results["writes"] = run_writes(base, args, sessions, demarche, writers)
        if "mixed" in sections:
            results["mixed"] = mixed_run(base, args, baseline["rps"], readers, writers)
            # Checked before the uncached rows (which only read): the counters after this run's writes.
            results["mixed"]["counters_exact"] = counters_exact()
        results["worker_rss_mb"] = worker_rss_mb(server.pid)
        if "uncached" in sections:
            results["uncached"] = uncached_rows(servers["uncached"][1], args, baseline["rps"], readers)
    finally:
        for process, _url in servers.values():
            process.send_signal(signal.SIGTERM)
        for process, _url in servers.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    results["counters_exact"] = counters_exact()
    for write in results["writes"]:
        write["counts_exact"] = results["counters_exact"].get(write["counter"], False)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "partial" if args.only or sections != set(SECTIONS) else "latest"
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / f"{stem}.md").write_text(markdown(results))
    print(markdown(results))


def run_writes(
    base: str, args: Any, sessions: list[str], demarche: Demarche, many_people: list[str]
) -> list[dict[str, Any]]:
    targets = list(
        Contribution.objects.filter(demarche=demarche).order_by("-support_count").values_list("pk", flat=True)[:300]
    )
    plan = RESULTS / "post_plan.lua"
    writes: list[dict[str, Any]] = []

    def measure_posts(name: str, counter: str, planned: list[tuple[str, str, str]]) -> None:
        """One write row: wrk replays the planned (session, path, body) POSTs (bench/post.lua)."""
        write_plan(plan, planned)
        measured = wrk(base + "/", duration=args.duration, concurrency=args.concurrency, script="post.lua",
                       env={"COCITE_POST_PLAN": str(plan)})  # fmt: skip
        measured.update(name=name, counter=counter)
        writes.append(measured)
        print(f"{name}: {measured}", flush=True)

    requests = []
    # Each (person, contribution) pair once, and always a real write: support where the person
    # does not support it yet, withdraw where they do (so runs that follow each other on the
    # same data still write, and the counter moves both ways).
    people = dict(zip(sessions, make_session_users(sessions), strict=True))
    existing = set(
        Support.objects.filter(contribution_id__in=targets, user_id__in=people.values()).values_list(
            "user_id", "contribution_id"
        )
    )
    support_name = "support toggle (POST, logged-in, many people)"
    comment_name = "comment (POST, logged-in, many people)"
    for index in range(len(sessions) * len(targets)):
        person = sessions[index % len(sessions)]
        target = targets[(index // len(sessions)) % len(targets)]
        body = "supported=0" if (people[person], target) in existing else "supported=1"
        requests.append((person, f"/contributions/{target}/soutien/", body))
        if len(requests) >= 60000:
            break
    if args.only in support_name:
        wrk(base + "/", duration=1, concurrency=4)
        measure_posts(support_name, "supports", requests)

    spread_name = "support toggle (POST, 1 000 people, random contributions)"
    if args.only in spread_name and many_people:
        # The long tail: each write on a contribution drawn among all of them, from 1,000 people.
        rng = random.Random(15)
        all_ids = list(Contribution.objects.values_list("pk", flat=True))
        spread_people = dict(zip(many_people, make_session_users(many_people), strict=True))
        theirs = set(
            Support.objects.filter(user_id__in=spread_people.values()).values_list("user_id", "contribution_id")
        )
        spread = []
        for _ in range(60000):
            person = rng.choice(many_people)
            target = rng.choice(all_ids)
            body = "supported=0" if (spread_people[person], target) in theirs else "supported=1"
            spread.append((person, f"/contributions/{target}/soutien/", body))
        measure_posts(spread_name, "supports", spread)

    if args.only in comment_name and importlib.util.find_spec("cocite.debate.bench") is not None:
        from cocite.debate.bench import comment_post_requests

        # Comments are rate-limited per person (settings.RATE_LIMITS["comment"]): spread the
        # load over enough people that nobody reaches it, even when runs follow each other.
        commenters = list(
            User.objects.filter(email__endswith="@ville.example").order_by("pk")[len(sessions) : len(sessions) + 4000]
        )
        comment_requests = comment_post_requests(make_sessions(commenters), targets)
        measure_posts(comment_name, "comments", comment_requests)
    ballot_name = "ballot cast (POST, logged-in, 6 000 people, one cart each)"
    if args.only in ballot_name:
        # Residents the other rows leave alone (readers and writers at both ends, commenters after
        # the first sessions): each confirms their cart once in the plan.
        everyone = list(User.objects.filter(email__endswith="@ville.example").order_by("pk"))
        voters = eligible_voters(everyone[len(sessions) + 4000 : len(sessions) + 10000])
        budget = ballot_demarche()
        measure_posts(ballot_name, "ballots", ballot_requests(budget, make_sessions(voters)))
    plan.unlink(missing_ok=True)
    return writes


def markdown(results: dict[str, Any]) -> str:
    baseline = results["baseline"]
    lines = [
        "# Cocité benchmark",
        "",
        f"Database: **{results['database']}** · data: "
        + ", ".join(f"{v:,} {k}".replace(",", " ") for k, v in results["data"].items())
        + f" · concurrency {results['concurrency']} · {results['duration_s']} s per measure"
        + f" · {results['workers']} {results.get('server', 'gunicorn')} workers"
        + f" · worker memory (max RSS): {results.get('worker_rss_mb')} MB",
        "",
        f"Baseline (fixed 30 KB page): {baseline['rps']} requests/s, p99 {baseline['p99_ms']} ms.",
        "",
    ]
    vacuum = results.get("vacuum") or {}
    if vacuum:
        lines += [
            "Before measuring: VACUUM (ANALYZE) of the tables the writes touch, for the dead rows earlier runs"
            f" left (autovacuum on this server: {vacuum['autovacuum']}).",
            "",
        ]
    header = [
        "| page | requests/s | × baseline | p50 ms | p95 ms | p99 ms | errors | SQL queries |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def row(page: dict[str, Any]) -> str:
        queries = "—" if page.get("queries") is None else page["queries"]
        return (
            f"| {page['name']} | {page['rps']} | {page['ratio_to_baseline']:.1%} | {page['p50_ms']} | "
            f"{page['p95_ms']} | {page['p99_ms']} | {page['errors']} | {queries} |"
        )

    lines += [
        "Which responses come from a cache: the rows of the first table repeat one URL each, so for"
        " anonymous visitors nearly every response is a page-cache hit (each worker keeps the page in"
        " memory); their logged-in rows never get a cached page but reuse cached fragments and"
        " reference data. The *uncached* rows are never cache hits: every application cache is off"
        " (`COCITE_CACHING=0`) and each request asks for a random object. In the *mixed* run the caches"
        " are on and the hit ratio says which share of the anonymous reads was a page-cache hit;"
        " signed-in reads and writes never get a cached page.",
        "",
    ]
    if results["pages"]:
        lines += ["## One URL per row (caches on)", "", *header, *(row(page) for page in results["pages"]), ""]
    if results["writes"]:
        lines += ["| write | requests/s | p99 ms | errors | counters exact |", "|---|---|---|---|---|"]
        for w in results["writes"]:
            lines.append(f"| {w['name']} | {w['rps']} | {w['p99_ms']} | {w['errors']} | {w['counts_exact']} |")
        lines.append("")
    if results.get("uncached"):
        lines += [
            "## Uncached: every cache off, a random object per request",
            "",
            "A second server with `COCITE_CACHING=0`. SQL queries: the most among a few random objects of the row,"
            " rendered in process with the caches off.",
            "",
            *header,
            *(row(page) for page in results["uncached"]),
            "",
        ]
    mixed = results.get("mixed")
    if mixed:
        exact = ", ".join(f"{name} {'exact' if ok else 'NOT exact'}" for name, ok in mixed["counters_exact"].items())
        lines += [
            "## Mixed run: caches on, reads and writes at once",
            "",
            "Three wrk processes at the same time. The total's percentiles are the highest of the parts"
            " (an upper bound: wrk reports each process's percentiles only).",
            "",
            *header,
            *(row(part) for part in mixed["parts"]),
            row(mixed),
            "",
            f"Hit ratio: **{mixed['hit_ratio']:.1%}** of the anonymous responses came from the page cache."
            f" Write rate: **{mixed['write_rate']}/s** reached ({mixed['write_rate_asked']:g}/s asked;"
            f" pause per connection {mixed['write_pause_ms']} ms). Counters after the run: {exact}.",
            "",
        ]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
