"""Errors raised by actions: a French message for people, a stable code for the API."""

from __future__ import annotations

import datetime

from django_stubs_ext import StrOrPromise


class ActionError(Exception):
    """A rule refused a write. Views show `message`; the API answers {"code", "message"}."""

    status = 400

    def __init__(self, message: StrOrPromise, *, code: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.field = field


class PermissionDenied(ActionError):
    status = 403


class Conflict(ActionError):
    status = 409


class RateLimited(ActionError):
    """Too many writes of one kind by one person in a short time (cocite.core.ratelimit)."""

    status = 429

    def __init__(self, message: StrOrPromise, *, code: str = "rate_limited", until: datetime.datetime) -> None:
        super().__init__(message, code=code)
        self.until = until
