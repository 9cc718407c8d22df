"""Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), as allauth.mfa checks them.

Used to print the demo's codes (`manage.py demo_totp`) and by tests completing the second factor
through allauth's own pages; allauth.mfa verifies the codes people type.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

DIGITS = 6
PERIOD = 30


def code(secret: str, *, at: float | None = None) -> str:
    """The code of a base32 secret at a moment (now by default)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // PERIOD)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def codes_now(secret: str, *, at: float | None = None) -> list[str]:
    """The codes allauth accepts at a moment (MFA_TOTP_TOLERANCE = 1: this step's, the previous and the
    next). allauth refuses a code already used: a second sign-in within the window types another one."""
    moment = time.time() if at is None else at
    return [code(secret, at=moment), code(secret, at=moment - PERIOD), code(secret, at=moment + PERIOD)]
