"""Benchmark hooks of the debate (used by bench/run.py): comment POST plan and counter check."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from cocite.contributions.models import Contribution

from .models import Comment


def comment_post_requests(sessions: list[str], targets: list[int]) -> list[tuple[str, str, str]]:
    """(session, path, form body) triples: people arguing on the busiest contributions."""
    requests = []
    stances = ["pour", "contre", "nuance"]
    for index in range(min(20000, len(sessions) * len(targets))):
        session = sessions[index % len(sessions)]
        target = targets[(index // len(sessions)) % len(targets)]
        body = urlencode({"stance": stances[index % 3], "body": f"Argument de mesure n° {index} : je pense que oui."})
        requests.append((session, f"/contributions/{target}/debat/commenter/", body))
    return requests


def comment_counters_exact() -> bool:
    """Every contribution's comment_count equals its comments that are not deleted."""
    content_type_id = ContentType.objects.get_for_model(Contribution).pk
    contributions = Contribution._meta.db_table
    comments = Comment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT COUNT(*) FROM "{contributions}" c WHERE c.comment_count <> '  # noqa: S608
            f'(SELECT COUNT(*) FROM "{comments}" m WHERE m.content_type_id = %s AND m.object_id = c.id '
            "AND m.deleted_at IS NULL)",
            [content_type_id],
        )
        return bool(cursor.fetchone()[0] == 0)
