"""Django's PostgreSQL backend, with the connection health check skipped while in steady use.

Connections persist across requests (CONN_MAX_AGE) and Django checks them with
CONN_HEALTH_CHECKS: a `SELECT 1` before the first query of every request, so that a
connection broken while idle (a database restart, a dropped socket) is replaced instead of
failing the request. Under load that is one more round trip on every request (≈ 10 % of the
CPU of a support toggle in `make bench`). A connection that finished a request less than
a second ago is no more likely to be broken than it is to break during the request itself,
so the check is kept only for connections that sat idle (`STEADY_USE` seconds or more).
"""

from __future__ import annotations

from time import monotonic

from django.db.backends.postgresql import base

STEADY_USE = 1.0  # seconds between two requests below which the check is skipped


class DatabaseWrapper(base.DatabaseWrapper):
    _previous_boundary: float | None = None
    _last_boundary: float | None = None

    def close_if_unusable_or_obsolete(self) -> None:
        # Django calls this when each request starts and ends: at the start, the gap between
        # the two boundaries is how long the connection sat idle since the previous request.
        self._previous_boundary, self._last_boundary = self._last_boundary, monotonic()
        super().close_if_unusable_or_obsolete()

    def idle_before_this_request(self) -> float | None:
        if self._previous_boundary is None or self._last_boundary is None:
            return None
        return self._last_boundary - self._previous_boundary

    def close_if_health_check_failed(self) -> None:
        idle = self.idle_before_this_request()
        checked: bool = self.health_check_done  # type: ignore[has-type]
        if self.connection is not None and not checked and idle is not None and idle < STEADY_USE:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
