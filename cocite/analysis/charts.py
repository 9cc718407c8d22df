"""Tiny server-rendered SVG bar charts, accessible: role="img", a <title> and a <desc>.

Every chart is followed on the page by an HTML table holding the same figures (the text
alternative that a screen reader, a keyboard user or a spreadsheet can use), so the SVG
only needs a short name and a one-sentence summary. Sizes are in viewBox units: the chart
scales with its container (no horizontal scroll at 320 px).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 480
ROW = 34  # one horizontal bar: its label line plus the bar
BAR = 14
LABEL_GAP = 16
VALUE_SPACE = 64
FONT = 13


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:.2f}".replace(".", ",")


def _open(chart_id: str, title: str, description: str, height: float) -> str:
    return format_html(
        '<svg class="bars" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        id=chart_id,
        w=WIDTH,
        h=f"{height:.0f}",
        title=title,
        desc=description,
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, float | None]],
    value_format: Callable[[float], str] = _fmt,
    reference: float | None = None,
    reference_label: str = "",
    highlight: Callable[[float | None], bool] | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value); a value of None is drawn as "n/a" with no bar.

    `reference` draws a dashed vertical line (e.g. 1 for a representativeness index);
    `highlight(value)` marks bars with the accent class (e.g. under-represented quartiers).
    """
    values = [v for _label, v in items if v is not None]
    top = max([*values, reference or 0, 0])
    scale = (WIDTH - VALUE_SPACE) / top if top > 0 else 0
    extra = 18 if reference is not None else 0
    height = max(len(items), 1) * ROW + 8 + extra
    parts = [_open(chart_id, title, description, height)]
    for index, (label, value) in enumerate(items):
        y = index * ROW + 4
        parts.append(
            format_html('<text class="bars__label" x="0" y="{}" font-size="{}">{}</text>', y + 12, FONT, label)
        )
        if value is None:
            parts.append(
                format_html('<text class="bars__value" x="0" y="{}" font-size="{}">—</text>', y + 12 + LABEL_GAP, FONT)
            )
            continue
        width = max(value * scale, 0)
        css = "bars__bar bars__bar--accent" if highlight and highlight(value) else "bars__bar"
        parts.append(
            format_html(
                '<rect class="{}" x="0" y="{}" width="{}" height="{}" rx="2"></rect>',
                css,
                y + LABEL_GAP,
                f"{width:.1f}",
                BAR,
            )
        )
        parts.append(
            format_html(
                '<text class="bars__value" x="{}" y="{}" font-size="{}">{}</text>',
                f"{width + 6:.1f}",
                y + LABEL_GAP + BAR - 2,
                FONT,
                value_format(value),
            )
        )
    if reference is not None and scale:
        x = reference * scale
        bottom = len(items) * ROW + 4
        parts.append(
            format_html(
                '<line class="bars__reference" x1="{x}" x2="{x}" y1="0" y2="{y}"></line>'
                '<text class="bars__label" x="{tx}" y="{ty}" font-size="{f}">{label}</text>',
                x=f"{x:.1f}",
                y=bottom,
                tx=f"{max(x - 40, 0):.1f}",
                ty=bottom + 14,
                f=FONT - 1,
                label=reference_label,
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece above is escaped by format_html


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, float]],
    every: int | None = None,
) -> SafeString:
    """Vertical columns over time (weeks): one label every `every` columns so labels never collide."""
    height, bottom, left = 220, 184, 36
    count = max(len(items), 1)
    top = max([v for _label, v in items] + [0])
    step = (WIDTH - left) / count
    scale = (bottom - 16) / top if top > 0 else 0
    every = every or max(1, -(-count // 8))
    parts = [_open(chart_id, title, description, height)]
    parts.append(
        format_html(
            '<line class="bars__axis" x1="{l}" x2="{w}" y1="{b}" y2="{b}"></line>'
            '<text class="bars__value" x="0" y="{ty}" font-size="{f}">{top}</text>'
            '<text class="bars__value" x="0" y="{b}" font-size="{f}">0</text>',
            l=left,
            w=WIDTH,
            b=bottom,
            ty=20,
            f=FONT - 1,
            top=_fmt(top),
        )
    )
    for index, (label, value) in enumerate(items):
        x = left + index * step
        h = value * scale
        parts.append(
            format_html(
                '<rect class="bars__bar" x="{}" y="{}" width="{}" height="{}"></rect>',
                f"{x + step * 0.15:.1f}",
                f"{bottom - h:.1f}",
                f"{max(step * 0.7, 1):.1f}",
                f"{h:.1f}",
            )
        )
        if index % every == 0:
            parts.append(
                format_html(
                    '<text class="bars__label" x="{}" y="{}" font-size="{}">{}</text>',
                    f"{x:.1f}",
                    bottom + 16,
                    FONT - 1,
                    label,
                )
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece above is escaped by format_html
