"""Benchmark hooks of the debate (used by bench/run.py): comment POST plan and counter check."""

from __future__ import annotations

from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from cocite.items.registry import registry as resources

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
    """Every commented object's comment counter (`Commentable.counter`) equals its comments not deleted."""
    comments = Comment._meta.db_table
    for spec in resources.all():
        counter = spec.commentable.counter if spec.commentable is not None else None
        if counter is None:
            continue
        model = apps.get_model(spec.model)
        content_type_id = ContentType.objects.get_for_model(model).pk
        column = model._meta.get_field(counter).column
        table, pk = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT COUNT(*) FROM "{table}" c WHERE c."{column}" <> '  # noqa: S608
                f'(SELECT COUNT(*) FROM "{comments}" m WHERE m.content_type_id = %s AND m.object_id = c."{pk}" '
                "AND m.deleted_at IS NULL)",
                [content_type_id],
            )
            if cursor.fetchone()[0] != 0:
                return False
    return True
