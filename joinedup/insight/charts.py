"""Server-rendered, accessible SVG charts: a title and description for assistive technology, text labels on every
bar, and always the same figures in a table beside the chart (the chart is never the only way to read them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 170
PLOT_WIDTH = 180
VALUE_WIDTH = 100


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no figure (suppressed or nothing to count)
    text: str  # what to print at the bar's end


def bar_chart(
    chart_id: str, title: str, description: str, bars: Sequence[Bar], *, maximum: float | None = None
) -> Markup:
    """A horizontal bar chart. `maximum` fixes the scale (100 for percentages)."""
    top = max([b.value for b in bars if b.value is not None] + [0.0])
    scale_max = maximum if maximum is not None else (top or 1.0)
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="joinedup-chart" id="{escape(chart_id)}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)} '
        + escape("; ".join(f"{b.label}: {b.text}" for b in bars))
        + "</desc>",
    ]
    for n, bar in enumerate(bars):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = 0.0 if bar.value is None else max(0.0, min(bar.value / scale_max, 1.0)) * PLOT_WIDTH
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end" font-size="14" '
            f'fill="#0b0c0c">{escape(_short(bar.label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="#1d70b8"></rect>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}" font-size="14" '
            f'fill="#0b0c0c">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part above is escaped


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
