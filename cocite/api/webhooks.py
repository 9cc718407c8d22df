"""Signing and sending one webhook request (Standard Webhooks style), refusing private networks.

Headers: `webhook-id` (the message id, the same on every retry, so receivers deduplicate),
`webhook-timestamp` (seconds since the epoch, of this attempt), `webhook-signature`
(`v1,<base64 of HMAC-SHA256(secret, f"{id}.{timestamp}.{body}")>`).

Addresses are resolved before sending and refused when any resolves to a private, loopback,
link-local or otherwise non-global network (SSRF), unless `COCITE_WEBHOOKS_ALLOW_PRIVATE` is set
(a commune's internal systems, the tests' receiver on 127.0.0.1). Redirects are never followed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

TIMEOUT = 10.0
MAX_RESPONSE = 4096


class UnsafeAddress(ValueError):
    """The URL is not http(s), or points at a network the server must not reach."""


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = secret.removeprefix("whsec_").encode()
    mac = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def verify(secret: str, message_id: str, timestamp: int, body: bytes, header: str) -> bool:
    """What a receiver does (and the tests): any of the space-separated signatures matches."""
    expected = sign(secret, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in header.split())


def check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeAddress("scheme")
    if getattr(settings, "COCITE_WEBHOOKS_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeAddress("resolution") from error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise UnsafeAddress("private")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class Attempt:
    ok: bool
    status_code: int | None
    error: str


def send(*, url: str, secret: str, message_id: str, timestamp: int, body: bytes) -> Attempt:
    try:
        check_address(url)
    except UnsafeAddress as error:
        return Attempt(False, None, f"adresse refusée ({error})")
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Cocite-Webhooks/1",
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, message_id, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            response.read(MAX_RESPONSE)
            code = int(response.status)
    except urllib.error.HTTPError as error:
        return Attempt(False, error.code, f"HTTP {error.code}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        return Attempt(False, None, str(error)[:300])
    return Attempt(200 <= code < 300, code, "" if 200 <= code < 300 else f"HTTP {code}")
