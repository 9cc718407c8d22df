"""CPU time per request, in process: `python bench/cpu_per_request.py [N] [--uncached]`.

Python work per page (views, queries, templates, middleware) through Django's test client,
`time.process_time()` over N requests, the minimum of 5 repetitions: far less sensitive to
other processes than wall-clock throughput, so two trees can be compared on a busy machine
(bench/results/issue-14-before-after.md). PostgreSQL's own time is not counted.
`--uncached` turns every application cache off (COCITE_CACHING) and measures anonymous pages.
Needs the data `make bench` uses (DATABASE_URL, `manage.py seed_city`).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench
from django.conf import settings
from django.db.models import Count
from django.test import Client

from cocite.accounts.models import User
from cocite.contributions.models import Contribution
from cocite.contributions.queries import PAGE_SIZE, encode_cursor
from cocite.demarches.models import Demarche

REPETITIONS = 5


def pages() -> list[tuple[str, str, str | None]]:
    """(name, path, session key or None): the pages of bench/run.py's first table."""
    biggest = Contribution.objects.values("demarche_id").annotate(n=Count("pk")).order_by("-n").first()
    if biggest is None:
        raise SystemExit("no data: run manage.py seed_city first")
    slug = Demarche.objects.get(pk=biggest["demarche_id"]).slug
    in_demarche = Contribution.objects.filter(demarche_id=biggest["demarche_id"]).order_by("-created_at", "-pk")
    deep_index = min(2000, max(1, biggest["n"] // PAGE_SIZE - 1)) * PAGE_SIZE
    anchor = in_demarche[deep_index - 1 : deep_index].first() or in_demarche.first()
    assert anchor is not None
    list_url = f"/demarches/{slug}/contributions/"
    deep = f"{list_url}?apres={encode_cursor(anchor.created_at, anchor.pk)}"
    debated = Contribution.objects.order_by("-comment_count").first()
    assert debated is not None
    session = bench.make_sessions([User.objects.filter(is_active=True).order_by("pk").first()])[0]
    return [
        ("home (anonymous)", "/", None),
        ("démarche page (anonymous)", f"/demarches/{slug}/", None),
        ("contribution list page 1 (anonymous)", list_url, None),
        ("contribution list deep (anonymous)", deep, None),
        ("contribution list page 1 (logged-in)", list_url, session),
        ("contribution list deep (logged-in)", deep, session),
        ("search « cyclable » (anonymous)", f"{list_url}?q=cyclable", None),
        ("contribution with comments (anonymous)", f"/contributions/{debated.pk}/", None),
        ("contribution with comments (logged-in)", f"/contributions/{debated.pk}/", session),
    ]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100
    uncached = "--uncached" in sys.argv
    settings.COCITE_CACHING = not uncached
    measured = {}
    for name, path, session in pages():
        if uncached and session:
            continue
        client = Client()
        if session:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        for _ in range(10):  # warm: imports, compiled templates, Django's own per-process lookups
            if client.get(path).status_code != 200:
                raise SystemExit(f"{path} does not answer 200")
        times = []
        for _ in range(REPETITIONS):
            start = time.process_time()
            for _ in range(count):
                client.get(path)
            times.append((time.process_time() - start) / count * 1000)
        measured[name] = round(min(times), 3)
        print(f"{name}: {measured[name]} ms CPU per request (min of {REPETITIONS} × {count})", flush=True)
    print("JSON " + json.dumps(measured, ensure_ascii=False))


if __name__ == "__main__":
    main()
