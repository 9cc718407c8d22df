"""Hostile values and files for the tests: what an attacker types into a URL, a form or an upload.

Used by the hostile-input class test (`test_hostile_input.py`) and by the regression tests of
the server errors it stands for (issue 13, defect 7).
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

BIG = 2**63  # one past the largest id PostgreSQL's bigint and SQLite's INTEGER hold
DEEP = 50_000  # nesting depth past Python's recursion limit (json.loads raises RecursionError)


def deep_json(depth: int = DEEP) -> str:
    """`[[[[…]]]]`: valid JSON that Python's parser cannot read without recursing `depth` times."""
    return "[" * depth + "]" * depth


def geojson_with_number(number: str) -> str:
    """A Polygon whose first longitude is `number` written as is (e.g. 400 digits)."""
    ring = f"[[{number}, 47.8], [1.91, 47.8], [1.91, 47.81], [{number}, 47.8]]"
    return '{"type": "Polygon", "coordinates": [' + ring + "]}"


# (label, value): labels name the value in failure messages, values are sent as they are.
VALUES: list[tuple[str, str]] = [
    ("superscript two", "²"),
    ("arabic-indic digits", "١٢"),
    ("negative", "-1"),
    ("zero", "0"),
    ("2**63", str(BIG)),
    ("2**64", str(2**64)),
    ("400 digits", "9" * 400),
    ("5000 digits", "1" * 5000),
    ("1e309", "1e309"),
    ("nan", "nan"),
    ("inf", "inf"),
    ("-inf", "-inf"),
    ("empty", ""),
    ("spaces", "   "),
    ("plus sign", "+5"),
    ("underscore", "1_000"),
    ("decimal comma", "1,5"),
    ("hex", "0x1F"),
    ("100 KB", "a" * 100_000),
    ("NUL", "\x00"),
    ("NUL inside", "1\x002"),
    ("CR LF", "x\r\nSet-Cookie: a=b"),
    ("header injection", "/x\r\nSet-Cookie: a=b"),
    ("other site", "//evil.example/"),
    ("script", "<script>alert(1)</script>"),
    ("sql quotes", "' OR '1'='1' -- \""),
    ("backslashes", "\\\\'\\\""),
    ("path traversal", "../../../../etc/passwd"),
    ("template", "{{ 7*7 }}{% debug %}"),
    ("impossible date", "2026-02-30"),
    ("zero date", "0000-00-00"),
    ("far year", "99999-12-31"),
    ("year 1", "0001-01-01"),
    ("bad datetime", "2026-13-45T25:61:61"),
    ("deep json", deep_json()),
    ("json object", '{"a": [1, {"b": null}]}'),
    ("geojson 400 digits", geojson_with_number("9" * 400)),
    ("bidi override", "\u202egnp.exe"),
    ("zero width", "\u200b\u200d\ufeff"),
    ("emoji", "👍🏽🏳️‍🌈"),
    ("combining marks", "e" + "\u0301" * 500),
    ("list of ids", "1,2,3"),
    ("huge list", ",".join(str(n) for n in range(1, 3000))),
    ("true", "true"),
    ("null", "null"),
]

# The values most likely to break a parser: every discovered parameter gets each of them.
WORST_LABELS = [
    "superscript two",
    "arabic-indic digits",
    "2**63",
    "400 digits",
    "1e309",
    "100 KB",
    "NUL",
    "impossible date",
    "deep json",
    "empty",
]
WORST: list[tuple[str, str]] = [(label, value) for label, value in VALUES if label in WORST_LABELS]

# Raw query strings (not URL-encoded by the client): invalid UTF-8 and broken escapes.
RAW_QUERY_VALUES: list[tuple[str, str]] = [
    ("invalid utf-8", "%ff%fe"),
    ("truncated escape", "%e2%82"),
    ("broken escape", "%zz%"),
    ("encoded NUL", "%00"),
]

PATH_IDS: list[tuple[str, str]] = [
    ("2**63", str(BIG)),
    ("2**64", str(2**64)),
    ("400 digits", "9" * 400),
    ("zero", "0"),
]

# For path arguments that are not ids (slugs, file names, tokens).
PATH_STRINGS: list[tuple[str, str]] = [
    ("long segment", "x" * 300),
    ("dot dot", ".."),
    ("percent escape", "%25ff"),
    ("superscript two", "²"),
]


# Files


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_with_chunk(kind: bytes, data: bytes) -> bytes:
    """A valid 4×4 PNG with one more chunk right after its header (IHDR ends at byte 33)."""
    png = _small_png()
    return png[:33] + _chunk(kind, data) + png[33:]


def _compressed_zeros(size: int = 20 * 1024 * 1024) -> bytes:
    return zlib.compress(b"\0" * size, 9)


def png_ztxt_bomb() -> bytes:
    """A 20 KB PNG whose zTXt chunk inflates to 20 MB, past Pillow's MAX_TEXT_CHUNK (ValueError)."""
    return png_with_chunk(b"zTXt", b"Comment\0\0" + _compressed_zeros())


def png_iccp_bomb() -> bytes:
    """A 20 KB PNG whose iCCP colour profile inflates to 20 MB (ValueError in Pillow)."""
    return png_with_chunk(b"iCCP", b"profil\0\0" + _compressed_zeros())


def png_pixel_bomb() -> bytes:
    """A PNG header declaring 100,000 × 100,000 pixels (Pillow's DecompressionBombError)."""
    png = bytearray(_small_png())
    header = b"IHDR" + struct.pack(">II", 100_000, 100_000) + bytes(png[24:29])
    png[12:29] = header
    png[29:33] = struct.pack(">I", zlib.crc32(header) & 0xFFFFFFFF)
    return bytes(png)


def png_bad_exif() -> bytes:
    """A PNG with an eXIf chunk of garbage: the orientation fix reads it."""
    return png_with_chunk(b"eXIf", b"MM\x00\x2a\x00\x00\x00\x08\xff\xff" + b"\x01" * 64)


def png_truncated() -> bytes:
    png = _small_png()
    return png[: len(png) // 2]


# (label, file name, content type, bytes)
FILES: list[tuple[str, str, str, bytes]] = [
    ("not an image", "photo.png", "image/png", b"%PDF-1.4 this is not an image"),
    ("empty file", "vide.png", "image/png", b""),
    ("zTXt bomb", "ztxt.png", "image/png", png_ztxt_bomb()),
    ("iCCP bomb", "iccp.png", "image/png", png_iccp_bomb()),
    ("pixel bomb", "pixels.png", "image/png", png_pixel_bomb()),
    ("garbage EXIF", "exif.png", "image/png", png_bad_exif()),
    ("truncated PNG", "coupe.png", "image/png", png_truncated()),
    (
        "SVG with script",
        "image.svg",
        "image/svg+xml",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
]
