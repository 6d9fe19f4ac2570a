"""Accessible bar charts drawn on the server as SVG (no script, no inline styles: the CSP forbids them).

Each chart has role="img", a <title> and a <desc> naming every value, so a screen reader hears the
data; pages also show the same numbers in a table beside it. Colours come from CSS classes
(static/css/site.css, "chart-" rules) and SVG presentation attributes. Pure: plain data in, markup out.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, and the text to show for it (e.g. "<8")."""

    label: str
    value: float
    shown: str = ""


def _fmt(value):
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar_chart(bars: Iterable[Bar], title: str, description: str = "", chart_id: str = "chart", unit: str = "",
              max_value: float | None = None, width: int = 560) -> Markup:
    """A horizontal bar chart as an SVG Markup string; labels and values are escaped."""
    bars = list(bars)
    label_w, value_w, bar_h, gap, top = 150, 60, 24, 8, 8
    plot_w = width - label_w - value_w
    height = top * 2 + max(len(bars), 1) * (bar_h + gap)
    top_value = max_value if max_value is not None else max((b.value for b in bars), default=0)
    summary = "; ".join(f"{b.label}: {b.shown or _fmt(b.value)}{unit}" for b in bars) or "No data."
    desc = f"{description} {summary}".strip()
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(desc)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * (bar_h + gap)
        length = 0 if not top_value else max(plot_w * bar.value / top_value, 0)
        text_y = y + bar_h / 2
        parts.append(
            f'<text x="{label_w - 8}" y="{text_y:.1f}" text-anchor="end" dominant-baseline="middle" '
            f'class="chart-label" aria-hidden="true">{escape(bar.label)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" rx="3" '
            f'class="chart-bar chart-bar-{i % 5}" aria-hidden="true"></rect>'
        )
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{text_y:.1f}" dominant-baseline="middle" '
            f'class="chart-value" aria-hidden="true">{escape(bar.shown or _fmt(bar.value))}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class BarBox:
    """Where one bar goes in a drawing (any units): its label, shown text, and the bar's x, y, w, h."""

    label: str
    shown: str
    x: float
    y: float
    w: float
    h: float


def bar_layout(bars: Iterable[Bar], width: float, bar_h: float = 6.0, gap: float = 2.0, label_w: float = 55.0,
               value_w: float = 18.0, max_value: float | None = None) -> list[BarBox]:
    """The geometry of a horizontal bar chart, for vector drawing (the PDF): one box per bar, top to bottom."""
    bars = list(bars)
    plot_w = max(width - label_w - value_w, 1.0)
    top_value = max_value if max_value is not None else max((b.value for b in bars), default=0)
    boxes = []
    for i, b in enumerate(bars):
        w = plot_w * (b.value / top_value) if top_value else 0.0
        boxes.append(BarBox(b.label, b.shown or _fmt(b.value), label_w, i * (bar_h + gap), max(w, 0.0), bar_h))
    return boxes
