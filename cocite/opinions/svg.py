"""Server-rendered SVG map of the opinion groups (no JavaScript, no external library).

Each participant is a point at their position in the 2-D opinion space (people who vote alike
are close). A group is shown by a colour *and* a shape *and* a letter on its outline, so colour
is never the only cue; ungrouped participants are hollow grey circles. The ``<svg>`` has
``role="img"`` with a ``<title>`` and a ``<desc>``; the page gives the equivalent table.
Only presentation attributes are used (no ``style=""``), so the strict CSP is respected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# (fill colour, shape). Colours reach 3:1 against white (WCAG 1.4.11, graphical objects).
GROUP_STYLES: tuple[tuple[str, str], ...] = (
    ("#1d4e89", "circle"),
    ("#b3261e", "square"),
    ("#1e6b34", "triangle"),
    ("#7a3b00", "diamond"),
    ("#5b2a86", "plus"),
)
UNGROUPED_COLOUR = "#6b6b6b"
TEXT_COLOUR = "#1a1a1a"


def group_colour(index: int) -> str:
    return GROUP_STYLES[index % len(GROUP_STYLES)][0]


def group_shape(index: int) -> str:
    return GROUP_STYLES[index % len(GROUP_STYLES)][1]


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    group: int | None  # None: not grouped (too few votes)
    is_me: bool = False


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def shape_path(shape: str, size: float) -> str:
    """SVG markup of a shape centred on (0, 0)."""
    s = size
    if shape == "circle":
        return f'<circle r="{_fmt(s)}"/>'
    if shape == "square":
        return f'<rect x="{_fmt(-s * 0.9)}" y="{_fmt(-s * 0.9)}" width="{_fmt(s * 1.8)}" height="{_fmt(s * 1.8)}"/>'
    if shape == "triangle":
        return f'<path d="M0,{_fmt(-s * 1.2)} L{_fmt(s * 1.1)},{_fmt(s * 0.9)} L{_fmt(-s * 1.1)},{_fmt(s * 0.9)} Z"/>'
    if shape == "diamond":
        return f'<path d="M0,{_fmt(-s * 1.25)} L{_fmt(s * 1.25)},0 L0,{_fmt(s * 1.25)} L{_fmt(-s * 1.25)},0 Z"/>'
    # plus
    a, b = s * 0.4, s * 1.2
    points = [
        (-a, -b),
        (a, -b),
        (a, -a),
        (b, -a),
        (b, a),
        (a, a),
        (a, b),
        (-a, b),
        (-a, a),
        (-b, a),
        (-b, -a),
        (-a, -a),
    ]
    return '<path d="M' + " L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points) + ' Z"/>'


def legend_swatch(index: int | None, size: int = 18) -> SafeString:
    """A small decorative SVG of a group's marker, for legends and tables (hidden from assistive tech)."""
    half = size / 2
    if index is None:
        inner = f'<circle r="{_fmt(half * 0.55)}" fill="none" stroke="{UNGROUPED_COLOUR}" stroke-width="2"/>'
    else:
        inner = (
            f'<g fill="{group_colour(index)}" stroke="#ffffff" stroke-width="1">'
            f"{shape_path(group_shape(index), half * 0.6)}</g>"
        )
    return mark_safe(  # noqa: S308 — built from numbers and constants only
        f'<svg class="opinion-swatch" width="{size}" height="{size}" '
        f'viewBox="{_fmt(-half)} {_fmt(-half)} {size} {size}" aria-hidden="true" focusable="false">{inner}</svg>'
    )


def convex_hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain; returns the hull counter-clockwise (fewer than 3 points: as given)."""
    unique = sorted(set(points))
    if len(unique) < 3:
        return unique

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(unique):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def sample_points(points: Sequence[MapPoint], limit: int) -> list[MapPoint]:
    """At most ``limit`` points, evenly strided (deterministic); the person's own point is always kept."""
    if len(points) <= limit:
        return list(points)
    stride = len(points) / limit
    kept = [points[int(i * stride)] for i in range(limit)]
    kept += [p for p in points if p.is_me and p not in kept]
    return kept


def opinion_map_svg(
    *,
    points: Sequence[MapPoint],
    group_labels: Sequence[str],
    title: str,
    desc: str,
    me_label: str,
    dom_id: str = "carte-opinions",
    width: int = 640,
    height: int = 420,
    max_points: int = 2000,
) -> SafeString:
    """The whole ``<svg>`` element. ``points`` in opinion-space coordinates; all text is escaped."""
    shown = sample_points(points, max_points)
    margin = 28.0
    xs = [p.x for p in shown] or [0.0]
    ys = [p.y for p in shown] or [0.0]
    x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
    span = max(x_max - x_min, y_max - y_min, 1e-9)
    scale = min(
        (width - 2 * margin) / max(x_max - x_min, span * 0.2), (height - 2 * margin) / max(y_max - y_min, span * 0.2)
    )
    x_mid, y_mid = (x_min + x_max) / 2, (y_min + y_max) / 2

    def place(p: MapPoint) -> tuple[float, float]:
        # SVG y grows downwards: flip so that the first principal axis reads left to right, second bottom to top.
        return width / 2 + (p.x - x_mid) * scale, height / 2 - (p.y - y_mid) * scale

    title_id, desc_id = f"{dom_id}-titre", f"{dom_id}-description"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(dom_id)}" class="opinion-map" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(desc)}</desc>',
        "<defs>",
    ]
    n_groups = len(group_labels)
    for g in range(n_groups):
        parts.append(
            f'<g id="{escape(dom_id)}-g{g}" fill="{group_colour(g)}" stroke="#ffffff" stroke-width="1">'
            f"{shape_path(group_shape(g), 5)}</g>"
        )
    parts.append(
        f'<circle id="{escape(dom_id)}-u" r="3.5" fill="none" stroke="{UNGROUPED_COLOUR}" stroke-width="1.5"/>'
    )
    parts.append("</defs>")
    parts.append(f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#ffffff" stroke="#d0d3d9"/>')

    placed = [(p, *place(p)) for p in shown]
    # Group outlines (convex hulls), light fill, drawn under the points.
    label_positions: list[tuple[int, float, float]] = []
    for g in range(n_groups):
        members = [(x, y) for p, x, y in placed if p.group == g]
        if not members:
            continue
        colour = group_colour(g)
        hull = convex_hull(members)
        if len(hull) >= 3:
            path = "M" + " L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in hull) + " Z"
            parts.append(
                f'<path d="{path}" fill="{colour}" fill-opacity="0.1" stroke="{colour}" stroke-width="1.5" '
                f'stroke-linejoin="round" stroke-dasharray="{"" if g % 2 == 0 else "6 3"}"/>'
            )
        cx = sum(x for x, _y in members) / len(members)
        top = min(y for _x, y in members)
        label_positions.append((g, cx, top))
    for p, x, y in placed:
        ref = f"{dom_id}-g{p.group}" if p.group is not None and p.group < n_groups else f"{dom_id}-u"
        parts.append(f'<use href="#{escape(ref)}" x="{_fmt(x)}" y="{_fmt(y)}"/>')
    for p, x, y in placed:
        if p.is_me:
            parts.append(
                f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="10" fill="none" stroke="{TEXT_COLOUR}" stroke-width="2.5"/>'
            )
            anchor_x = x + 14 if x < width - 80 else x - 14
            anchor = "start" if x < width - 80 else "end"
            parts.append(
                f'<text x="{_fmt(anchor_x)}" y="{_fmt(y + 5)}" text-anchor="{anchor}" font-size="15" font-weight="700" '
                f'fill="{TEXT_COLOUR}" stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(me_label)}</text>'
            )
    for g, cx, top in label_positions:
        y = max(top - 10, 18)
        parts.append(
            f'<text x="{_fmt(min(max(cx, 45), width - 45))}" y="{_fmt(y)}" text-anchor="middle" font-size="18" '
            f'font-weight="700" fill="{TEXT_COLOUR}" stroke="#ffffff" stroke-width="4" paint-order="stroke">'
            f"{escape(group_labels[g])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped, the rest are numbers
