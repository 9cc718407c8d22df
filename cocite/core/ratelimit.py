"""Per-person rate limits: one fixed-window counter per person and scope, in the cache.

Limits are settings (`RATE_LIMITS`, from the environment) written "N/window", e.g. "10/h",
"5/5m", "120/1h", "30/90s". A window is aligned on the clock (every `window` seconds since
the epoch), so the moment a person may write again is known exactly and said in the
message. The cost of a fixed window is at most 2 N writes across a window boundary; the
counter is one atomic `incr` (one Redis round trip shared by every worker), which a sliding
log would replace by a locked read-modify-write of a list. With the in-process cache
(no REDIS_URL) each worker counts on its own.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .errors import RateLimited

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    window: int  # seconds


@lru_cache(maxsize=64)
def parse_rate(text: str) -> Rate:
    """ "10/h" → 10 per 3,600 s; "5/5m" → 5 per 300 s. ValueError on anything else."""
    match = _RATE.match(text)
    if not match:
        raise ValueError(f"rate limit {text!r}: expected N/window, e.g. 10/h or 5/5m")
    count, multiple, unit = int(match[1]), int(match[2] or 1), match[3]
    if count < 1 or multiple < 1:
        raise ValueError(f"rate limit {text!r}: count and window must be positive")
    return Rate(count, multiple * _UNITS[unit])


def rate_for(scope: str) -> Rate:
    """The configured rate of a scope (settings.RATE_LIMITS)."""
    return parse_rate(settings.RATE_LIMITS[scope])


def clock() -> float:
    """Seconds since the epoch (the tests hold it still, so no window ends in the middle of one)."""
    return timezone.now().timestamp()


def _window(rate: Rate, now: float | None) -> tuple[int, datetime.datetime]:
    index = int(clock() if now is None else now) // rate.window
    return index, datetime.datetime.fromtimestamp((index + 1) * rate.window, tz=datetime.UTC)


def _key(scope: str, who: object, rate: Rate, index: int) -> str:
    # Hashed: `who` may be an e-mail address, which has no business in cache keys.
    digest = hashlib.sha256(str(who).encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{rate.window}:{index}:{digest}"


def hit(scope: str, who: object, *, now: float | None = None) -> datetime.datetime | None:
    """Count one event of `who` in `scope`: None within the limit, else when the window ends."""
    rate = rate_for(scope)
    index, ends = _window(rate, now)
    key = _key(scope, who, rate, index)
    # The window's first event creates the counter at 1 (one round trip); the next ones add to it.
    if cache.add(key, 1, timeout=rate.window + 5):
        return None  # a rate allows one event at least (parse_rate)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=rate.window + 5)
        count = 1
    return ends if count > rate.count else None


def blocked_until(scope: str, who: object, *, now: float | None = None) -> datetime.datetime | None:
    """Without counting: when `who` may act again if the limit is reached, else None."""
    rate = rate_for(scope)
    index, ends = _window(rate, now)
    count = cache.get(_key(scope, who, rate, index), 0)
    return ends if count >= rate.count else None


def reset(scope: str, who: object, *, now: float | None = None) -> None:
    """Forget the current window's count (e.g. after a password reset)."""
    rate = rate_for(scope)
    index, _ends = _window(rate, now)
    cache.delete(_key(scope, who, rate, index))


def moment_text(moment: datetime.datetime) -> str:
    """A local moment for a message: "14:35", "demain à 00:05", or a date and time further on."""
    local = timezone.localtime(moment)
    today = timezone.localdate()
    clock = formats.time_format(local, "TIME_FORMAT")
    if local.date() == today:
        return clock
    if local.date() == today + datetime.timedelta(days=1):
        return _("demain à %(time)s") % {"time": clock}
    return formats.date_format(local, "SHORT_DATETIME_FORMAT")


def enforce(scope: str, who: object, message: str, *, count: bool = True) -> None:
    """Raise RateLimited(message) past the limit; `message` has a %(moment)s placeholder.

    `count=False` only looks (before expensive work); the write itself counts.
    """
    until = hit(scope, who) if count else blocked_until(scope, who)
    if until is not None:
        raise RateLimited(message % {"moment": moment_text(until)}, code="rate_limited", until=until)
