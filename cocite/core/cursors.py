"""Opaque keyset cursors for lists (pages and API endpoints): a moment and an id, or an id, base64url of JSON."""

from __future__ import annotations

import base64
import datetime
import json

from django.utils import timezone

from .params import MAX_ID

CURSOR = r"^[-A-Za-z0-9_=]*$"


def encode(moment: datetime.datetime, pk: int) -> str:
    raw = json.dumps([moment.isoformat(), pk])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime.datetime, int] | None:
    """None when absent or malformed: the list then starts from its first page."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(pk, int) or not 0 < pk <= MAX_ID or not isinstance(value, str):
            return None
        moment = datetime.datetime.fromisoformat(value)
        if timezone.is_naive(moment):
            return None
        return moment, pk
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        return None


def encode_id(pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps(pk).encode()).decode().rstrip("=")


def decode_id(cursor: str) -> int | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return pk if isinstance(pk, int) and not isinstance(pk, bool) and 0 < pk <= MAX_ID else None
