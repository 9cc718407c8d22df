"""CPU per uncached request over random objects, in process: `python bench/cpu_random_pages.py MODE PAGE [N]`.

PAGE: `detail` (random contribution pages, anonymous), `detail_in` (the same, signed in),
`list` (random démarche × sort list pages). MODE: `time` (Python CPU per request, the best of
REPS=3 rounds of N), `profile` (cProfile on CPU time, stats printed and kept in PAGE.prof),
`queries` (the SQL of five pages), `dump DIR` (the HTML of DUMPN=40 pages, nonces and CSRF tokens
blanked: diff two trees' dumps to check that a change leaves the pages alone).
Every application cache off (COCITE_CACHING); sessions in the cache, so nothing is written to
the database. Needs the `make bench` data (DATABASE_URL, `manage.py seed_city`). Issue 15.
"""

from __future__ import annotations

import cProfile
import os
import pathlib
import pstats
import random
import re
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
import django

django.setup()
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cache import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cocite.accounts.models import User  # noqa: E402
from cocite.demarches.models import Demarche  # noqa: E402

settings.COCITE_CACHING = False
settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"


def main() -> None:
    mode, page = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3].isdigit() else 200
    rng = random.Random(42)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM contributions_contribution")
        highest = cursor.fetchone()[0]
    client = Client()
    if page.endswith("_in"):
        user = list(User.objects.filter(is_active=True).order_by("pk")[:50])[7]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key or ""
    slugs = [d.slug for d in Demarche.objects.all()][:5]

    def paths(n: int) -> list[str]:
        if page.startswith("detail"):
            return [f"/contributions/{rng.randint(1, highest)}/" for _ in range(n)]
        sorts = ["recentes", "soutenues", "debattues"]
        return [f"/demarches/{rng.choice(slugs)}/contributions/?tri={rng.choice(sorts)}" for _ in range(n)]

    for path in paths(20):  # warm: imports, compiled templates, Django's per-process lookups
        client.get(path)
    chosen = paths(count)
    if mode == "queries":
        for path in chosen[:5]:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            print(path, response.status_code, len(captured.captured_queries))
            for query in captured.captured_queries:
                print("   ", query["sql"][:300])
    elif mode == "dump":
        out = pathlib.Path(sys.argv[4] if len(sys.argv) > 4 else sys.argv[3])
        out.mkdir(parents=True, exist_ok=True)
        for index, path in enumerate(chosen[: int(os.environ.get("DUMPN", 40))]):
            html = client.get(path).content.decode()
            html = re.sub(r'nonce="[^"]*"', 'nonce="X"', html)
            html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", html)
            (out / f"{index:03d}.html").write_text(path + "\n" + html)
    elif mode == "time":
        best = None
        for round_ in range(int(os.environ.get("REPS", 3))):
            codes: dict[int, int] = {}
            start = time.process_time()
            for path in chosen:
                status = client.get(path).status_code
                codes[status] = codes.get(status, 0) + 1
            ms = (time.process_time() - start) / len(chosen) * 1000
            best = ms if best is None else min(best, ms)
            print(f"round {round_}: {ms:.2f} ms CPU per request {codes}", flush=True)
        print(f"{page}: best {best:.2f} ms")
    else:
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for path in chosen:
            client.get(path)
        profile.disable()
        profile.dump_stats(f"{page}.prof")
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(70)
        stats.sort_stats("tottime").print_stats(40)


if __name__ == "__main__":
    main()
