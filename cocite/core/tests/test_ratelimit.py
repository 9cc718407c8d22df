"""The fixed-window limiter: rates, windows aligned on the clock, the moment said in messages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from cocite.core import ratelimit
from cocite.core.errors import RateLimited


@pytest.mark.parametrize(
    ("text", "count", "window"),
    [("10/h", 10, 3600), ("5/5m", 5, 300), ("120/1h", 120, 3600), (" 3 / 90s ", 3, 90), ("1/d", 1, 86400)],
)
def test_rates_parse(text: str, count: int, window: int) -> None:
    assert ratelimit.parse_rate(text) == ratelimit.Rate(count, window)


@pytest.mark.parametrize("text", ["", "10", "10/", "10/x", "0/h", "10/0m", "-1/h", "dix/h", "10/h/ip"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        ratelimit.parse_rate(text)


def test_the_window_counts_per_person_and_ends_on_the_clock(settings: Any) -> None:
    settings.RATE_LIMITS = {"essai": "3/10m"}
    start = 1_800_000_000  # a multiple of 600: a window starts here
    for second in (0, 100, 200):
        assert ratelimit.hit("essai", 1, now=start + second) is None
    assert ratelimit.blocked_until("essai", 1, now=start + 300) is not None
    until = ratelimit.hit("essai", 1, now=start + 300)
    assert until == datetime.datetime.fromtimestamp(start + 600, tz=datetime.UTC)
    assert ratelimit.hit("essai", 2, now=start + 300) is None  # someone else
    assert ratelimit.hit("essai", 1, now=start + 600) is None  # the next window
    ratelimit.reset("essai", 1, now=start + 600)
    assert ratelimit.blocked_until("essai", 1, now=start + 600) is None


def test_enforce_says_when(settings: Any) -> None:
    settings.RATE_LIMITS = {"essai": "1/m"}
    ratelimit.enforce("essai", 7, "Encore à partir de %(moment)s.")
    with pytest.raises(RateLimited) as refused:
        ratelimit.enforce("essai", 7, "Encore à partir de %(moment)s.")
    assert refused.value.status == 429
    assert refused.value.code == "rate_limited"
    assert refused.value.until > timezone.now()
    assert refused.value.message == f"Encore à partir de {ratelimit.moment_text(refused.value.until)}."


def test_moments_read_naturally() -> None:
    now = timezone.localtime()
    later = now.replace(hour=14, minute=5)
    assert ratelimit.moment_text(later) == "14:05"
    assert ratelimit.moment_text(later + datetime.timedelta(days=1)) == "demain à 14:05"
    assert "14:05" in ratelimit.moment_text(later + datetime.timedelta(days=3))
