"""The client's network address, the one way every rate limit and log reads it.

Behind reverse proxies, REMOTE_ADDR is the nearest proxy's address: keying limits on it
throttles the whole commune at once. Each trusted proxy appends the address it received
the request from to X-Forwarded-For, so with N trusted proxies the client is the N-th entry
from the end; anything before it was written by the client and is ignored. N comes from
`settings.TRUSTED_PROXY_COUNT` (environment, default 0: REMOTE_ADDR, X-Forwarded-For
ignored). allauth reads the same address through `AccountAdapter.get_client_ip`.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: the entry the outermost trusted proxy wrote, else REMOTE_ADDR.

    A request with fewer forwarded entries than trusted proxies did not come through all
    of them (or a proxy is misconfigured): its peer address is the only one known.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        entries = [entry for entry in request.headers.get("X-Forwarded-For", "").split(",") if entry.strip()]
        if len(entries) >= count:
            forwarded = _address(entries[-count])
            if forwarded is not None:
                return forwarded
    return _address(remote) or remote
