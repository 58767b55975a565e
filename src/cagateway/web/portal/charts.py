"""Charts as inline SVG rendered on the server: no JavaScript, no CDN, readable offline and by screen readers.

Two charts: a line chart (several series over years, with an optional horizontal target line) and a squarified
treemap (Bruls, Huizing and van Wijk, 2000). The geometry (:func:`scale`, :func:`squarify`) is separate from
the markup so it can be tested; the markup gets ``role="img"``, ``<title>``/``<desc>`` and ``aria-labelledby``,
and the pages put the same numbers in a table beside each chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

__all__ = ["Rect", "Series", "full_usd", "line_chart", "nice_ticks", "percent", "scale", "squarify", "treemap", "usd"]

# The Okabe-Ito colour-blind-safe palette, cycled; labels on the light ones are black, on the others white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999")
LIGHT = frozenset({"#CC79A7", "#E69F00", "#56B4E9", "#999999"})
TARGET_COLOUR = "#333333"
_ids = count(1)


@dataclass(frozen=True)
class Series:
    """A named line: (x, y) points, x usually a year; ``dashed`` for a projection rather than data."""

    name: str
    points: tuple[tuple[float, float], ...]
    dashed: bool = False


@dataclass(frozen=True)
class Rect:
    """A treemap cell: the index of its value in the input, and its box."""

    index: int
    x: float
    y: float
    w: float
    h: float


def scale(value: float, lo: float, hi: float, start: float, end: float) -> float:
    """Map ``value`` from [lo, hi] to [start, end] linearly (a degenerate domain maps to the middle)."""
    if hi == lo:
        return (start + end) / 2
    return start + (value - lo) / (hi - lo) * (end - start)


def squarify(values: Sequence[float], x: float, y: float, w: float, h: float) -> list[Rect]:
    """Tile the box (x, y, w, h) with one rectangle per positive value, areas proportional to the values.

    Values are laid out largest first in rows along the box's shorter side, a row growing while that does not
    worsen its worst aspect ratio. Zero and negative values get no rectangle.
    """
    order = sorted((i for i, v in enumerate(values) if v > 0), key=lambda i: -values[i])
    total = sum(values[i] for i in order)
    if not order or w <= 0 or h <= 0:
        return []
    factor = w * h / total
    areas = [(i, values[i] * factor) for i in order]
    rects: list[Rect] = []
    while areas:
        side = min(w, h)
        row = [areas.pop(0)]
        while areas and _worst([*row, areas[0]], side) <= _worst(row, side):
            row.append(areas.pop(0))
        x, y, w, h = _place(row, x, y, w, h, rects, last=not areas)
    return rects


def _worst(row: list[tuple[int, float]], side: float) -> float:
    """The worst aspect ratio of a row of areas laid along ``side``."""
    total = sum(a for _, a in row)
    thick = total / side
    return max(max(thick / (a / thick), (a / thick) / thick) for _, a in row)


def _place(
    row: list[tuple[int, float]], x: float, y: float, w: float, h: float, out: list[Rect], *, last: bool
) -> tuple[float, float, float, float]:
    """Lay ``row`` along the shorter side of the box; return the box left over."""
    total = sum(a for _, a in row)
    if w >= h:  # a column on the left, cells stacked down
        thick = w if last else total / h
        pos = y
        for n, (i, a) in enumerate(row):
            size = (y + h - pos) if n == len(row) - 1 else a / thick
            out.append(Rect(i, x, pos, thick, size))
            pos += size
        return x + thick, y, w - thick, h
    thick = h if last else total / w  # a row at the top, cells side by side
    pos = x
    for n, (i, a) in enumerate(row):
        size = (x + w - pos) if n == len(row) - 1 else a / thick
        out.append(Rect(i, pos, y, size, thick))
        pos += size
    return x, y + thick, w, h - thick


def _frame(title: str, desc: str, width: int, height: int, body: str) -> Markup:
    n = next(_ids)
    # Every text that reaches the markup went through escape(); the rest is numbers and fixed strings.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'font-family="system-ui, sans-serif" '
        f'aria-labelledby="chart{n}-title chart{n}-desc" style="max-width:{width}px">'
        f'<title id="chart{n}-title">{escape(title)}</title><desc id="chart{n}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def nice_ticks(top: float, n: int = 4) -> list[float]:
    """Ticks from 0 at a round step (1, 2, 2.5 or 5 × 10^k), the last at or above ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / n
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw * (1 - 1e-12))
    return [step * k for k in range(math.ceil(top / step * (1 - 1e-12)) + 1)]


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    desc: str,
    fmt: Callable[[float], str] = str,
    target: tuple[str, float] | None = None,
    width: int = 720,
    height: int = 320,
) -> Markup:
    """Lines over x (years) with a y axis from 0; ``target`` = (label, value) draws a dashed horizontal line."""
    left, right, top, bottom = 80, width - 190, 20, height - 40
    xs = [p[0] for s in series for p in s.points]
    ys = [p[1] for s in series for p in s.points] + ([target[1]] if target else [])
    if not xs:
        return _frame(title, desc, width, height, '<text x="10" y="30">No data</text>')
    ticks = nice_ticks(max(ys))
    x_lo, x_hi, y_hi = min(xs), max(xs), ticks[-1]
    fmt_y = fmt
    parts = []
    for tick in ticks:
        ty = scale(tick, 0.0, y_hi, bottom, top)
        parts.append(f'<line x1="{left}" x2="{right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11">'
                     f"{escape(fmt_y(tick))}</text>")  # fmt: skip
    for year in sorted(set(xs)):
        tx = scale(year, x_lo, x_hi, left, right)
        parts.append(f'<text x="{tx:.1f}" y="{bottom + 18}" text-anchor="middle" font-size="11">{year:g}</text>')
    if target:
        ty = scale(target[1], 0.0, y_hi, bottom, top)
        parts.append(f'<line class="target" x1="{left}" x2="{right}" y1="{ty:.1f}" y2="{ty:.1f}" '
                     f'stroke="{TARGET_COLOUR}" '
                     f'stroke-dasharray="6 4" stroke-width="2"><title>{escape(target[0])}</title></line>'
                     f'<text x="{right + 6}" y="{ty + 4:.1f}" font-size="11" fill="{TARGET_COLOUR}">'
                     f"{escape(_fit(target[0], 190))}</text>")  # fmt: skip
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        pts = [(scale(x, x_lo, x_hi, left, right), scale(y, 0.0, y_hi, bottom, top)) for x, y in s.points]
        dash = ' stroke-dasharray="3 3"' if s.dashed else ""
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
        dots = "".join(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"><title>{escape(s.name)} {x:g}: '
            f"{escape(fmt_y(y))}</title></circle>"
            for (px, py), (x, y) in zip(pts, s.points, strict=True)
        )
        parts.append(f'<g class="series" aria-label="{escape(s.name)}"><polyline points="{path}" fill="none" '
                     f'stroke="{colour}" stroke-width="2"{dash}/>{dots}</g>')  # fmt: skip
        parts.append(f'<text x="{right + 6}" y="{top + 14 * (n + 2)}" font-size="11" fill="{colour}">'
                     f"{escape(_fit(s.name, 190))}</text>")  # fmt: skip
    return _frame(title, desc, width, height, "".join(parts))


def _fit(text: str, width: float) -> str:
    """``text`` cut to what fits in ``width`` pixels at the 11 px label size (about 6.5 px a character)."""
    room = max(1, int((width - 8) / 6.5))
    return text if len(text) <= room else text[: room - 1] + "…"


def treemap(
    items: Sequence[tuple[str, float]], *, title: str, desc: str, fmt: Callable[[float], str] = str, width: int = 720,
    height: int = 420,
) -> Markup:  # fmt: skip
    """A squarified treemap of (label, value) items; labels are drawn where the cell is large enough."""
    fmt_v = fmt
    parts = []
    for r in squarify([v for _, v in items], 0.0, 0.0, float(width), float(height)):
        label, value = items[r.index]
        colour = PALETTE[r.index % len(PALETTE)]
        ink = "#000" if colour in LIGHT else "#fff"
        text = ""
        if r.w > 40 and r.h > 18:
            text = (f'<text x="{r.x + 4:.1f}" y="{r.y + 14:.1f}" font-size="11" fill="{ink}">'
                    f"{escape(_fit(label, r.w))}</text>")  # fmt: skip
        if r.w > 40 and r.h > 34:
            text += (f'<text x="{r.x + 4:.1f}" y="{r.y + 28:.1f}" font-size="11" fill="{ink}">'
                     f"{escape(_fit(fmt_v(value), r.w))}</text>")  # fmt: skip
        parts.append(f'<g class="cell"><rect x="{r.x:.2f}" y="{r.y:.2f}" width="{r.w:.2f}" height="{r.h:.2f}" '
                     f'fill="{colour}" stroke="#fff"><title>{escape(label)}: {escape(fmt_v(value))}</title></rect>'
                     f"{text}</g>")  # fmt: skip
    return _frame(title, desc, width, height, "".join(parts))


def usd(value: float | None) -> str:
    """A short USD amount for charts and headlines: $10.6B, $245.3M, $12.0K."""
    if value is None:
        return "–"
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            return f"${value / size:.1f}{suffix}"
    return f"${value:.0f}"


def full_usd(value: float | None) -> str:
    """An exact USD amount for data tables (whole dollars, thousands separated)."""
    return "–" if value is None else f"{value:,.0f}"


def percent(value: float | None) -> str:
    """A share or growth rate as a percentage with one decimal."""
    return "–" if value is None else f"{value * 100:.1f}%"
