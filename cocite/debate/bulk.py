"""Bulk generation of comment rows for city-scale data (`manage.py seed_city`).

Rows respect the model's invariants: top-level comments carry a stance, replies point to a
parent and to their thread's root with the right depth, each root's `reply_count` equals the
replies in its thread. The caller sets the targets' `comment_count` to the counts it passed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cocite.core.bulk import max_id
from cocite.core.markdown import render_markdown

from .models import Comment, Stance

REPLY_SHARE = 0.4


def bulk_comment_rows(
    *,
    model: type[models.Model],
    targets: list[tuple[int, int]],
    author_ids: Callable[[], int],
    text: Callable[[], str],
    rng: random.Random,
) -> Iterator[dict[str, Any]]:
    """Comment rows (with explicit ids) for [(id of a `model` object, number of comments)].

    The database is read here, before the rows are consumed: on PostgreSQL they stream into a
    COPY, during which the connection cannot run another query.
    """
    content_type_id = ContentType.objects.get_for_model(model).pk
    first_id = max_id(Comment) + 1
    return _rows(targets, author_ids, text, rng, content_type_id, first_id)


def _rows(
    targets: list[tuple[int, int]],
    author_ids: Callable[[], int],
    text: Callable[[], str],
    rng: random.Random,
    content_type_id: int,
    next_id: int,
) -> Iterator[dict[str, Any]]:
    now = timezone.now()
    html_cache: dict[str, str] = {}
    stances = list(Stance.values)
    for object_id, count in targets:
        rows: list[dict[str, Any]] = []
        by_id: dict[int, dict[str, Any]] = {}
        for _ in range(count):
            body = text()
            html = html_cache.get(body)
            if html is None:
                html = html_cache[body] = str(render_markdown(body))
            row: dict[str, Any] = {
                "id": next_id,
                "content_type_id": content_type_id,
                "object_id": object_id,
                "author_id": author_ids(),
                "body": body,
                "body_html": html,
                "created_at": now,
                "updated_at": now,
                "reply_count": 0,
                "useful_count": 0,
            }
            if rows and rng.random() < REPLY_SHARE:
                parent = rng.choice(rows)
                root = parent if parent["depth"] == 0 else by_id[parent["root_id"]]
                row.update(parent_id=parent["id"], root_id=root["id"], depth=parent["depth"] + 1, stance="")
                root["reply_count"] += 1
            else:
                row.update(parent_id=None, root_id=None, depth=0, stance=rng.choice(stances))
            rows.append(row)
            by_id[row["id"]] = row
            next_id += 1
        yield from rows
