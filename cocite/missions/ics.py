"""A calendar file (RFC 5545) for one registration: one VEVENT, UTC times, escaped and folded text.

Written by hand (it is a few lines): TEXT values escape backslash, semicolon, comma and newlines
(§3.3.11); content lines end with CRLF and are folded at 75 octets, never inside a UTF-8
character, continuation lines starting with one space (§3.1).
"""

from __future__ import annotations

import datetime

LINE_OCTETS = 75


def escape_text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # Other control characters are not allowed in TEXT (§3.1: CONTROL except HTAB).
    return "".join(ch for ch in value if ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))


def fold(line: str) -> str:
    """Split one content line into lines of at most 75 octets, joined by CRLF + space."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = LINE_OCTETS - 1  # the leading space of a continuation line counts
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(
    *,
    uid: str,
    summary: str,
    description: str,
    location: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    url: str,
    stamp: datetime.datetime,
    cancelled: bool = False,
    latitude: float | None = None,
    longitude: float | None = None,
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cocite//Missions et rencontres//FR",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(starts_at)}",
        f"DTEND:{_utc(ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(location)}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
    ]
    if latitude is not None and longitude is not None:
        lines.append(f"GEO:{latitude:.6f};{longitude:.6f}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
