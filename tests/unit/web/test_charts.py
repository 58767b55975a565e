"""The SVG chart helpers: treemap cells tile the box exactly, in proportion; line points follow the values."""

from __future__ import annotations

import math
import re
from itertools import combinations

import pytest

from cagateway.web.portal.charts import Rect, Series, line_chart, nice_ticks, scale, squarify, treemap

VALUES = [500.0, 433.0, 78.0, 25.0, 25.0, 7.0, 6.0, 1.0]


def _overlap(a: Rect, b: Rect) -> float:
    w = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
    h = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
    return max(w, 0.0) * max(h, 0.0)


@pytest.mark.parametrize(("width", "height"), [(600.0, 400.0), (300.0, 700.0), (100.0, 100.0)])
def test_treemap_tiles_the_box_in_proportion(width: float, height: float) -> None:
    rects = squarify(VALUES, 10.0, 20.0, width, height)
    assert sorted(r.index for r in rects) == list(range(len(VALUES)))
    assert sum(r.w * r.h for r in rects) == pytest.approx(width * height, rel=1e-9)
    for r in rects:  # inside the box, area proportional to the value
        assert r.x >= 10.0 - 1e-9 and r.y >= 20.0 - 1e-9
        assert r.x + r.w <= 10.0 + width + 1e-9 and r.y + r.h <= 20.0 + height + 1e-9
        assert r.w * r.h == pytest.approx(VALUES[r.index] / sum(VALUES) * width * height, rel=1e-9)
    assert all(_overlap(a, b) < 1e-6 for a, b in combinations(rects, 2))


def test_treemap_hand_example_and_edge_cases() -> None:
    # Two equal values in a 2 x 1 box: two unit squares side by side (columns along the longer side).
    a, b = squarify([1.0, 1.0], 0.0, 0.0, 2.0, 1.0)
    assert (a.x, a.y, a.w, a.h) == pytest.approx((0.0, 0.0, 1.0, 1.0))
    assert (b.x, b.y, b.w, b.h) == pytest.approx((1.0, 0.0, 1.0, 1.0))
    assert squarify([], 0, 0, 10, 10) == [] and squarify([0.0, -1.0], 0, 0, 10, 10) == []
    assert [r.index for r in squarify([0.0, 3.0], 0, 0, 10, 10)] == [1]


def test_treemap_svg_has_one_rect_per_value_and_is_labelled() -> None:
    svg = treemap([("10 Cereals", 3.0), ("<b>", 1.0)], title="Exports", desc="Two products")
    assert svg.count("<rect") == 2 and '<g class="cell">' in svg
    assert "<title id=" in svg and "<desc id=" in svg and 'role="img"' in svg and "aria-labelledby" in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg  # labels are escaped


def test_scale_is_linear_and_monotonic() -> None:
    assert scale(5.0, 0.0, 10.0, 100.0, 0.0) == pytest.approx(50.0)
    assert scale(3.0, 3.0, 3.0, 0.0, 8.0) == pytest.approx(4.0)
    ys = [scale(v, 0.0, 100.0, 280.0, 20.0) for v in (0.0, 10.0, 55.0, 100.0)]
    assert ys == sorted(ys, reverse=True)  # larger values are higher up (smaller y)


def test_line_chart_points_follow_values_and_target() -> None:
    values = [(2019, 6.0), (2020, 7.5), (2021, 7.0), (2022, 9.0), (2023, 10.6)]
    svg = line_chart([Series("within CA", tuple(values)), Series("with CHN", ((2019, 1.0), (2023, 2.0)))],
                     title="Trade", desc="Two series", target=("target 15", 15.0))  # fmt: skip
    assert svg.count('<g class="series"') == 2 and svg.count('class="target"') == 1
    first = re.search(r'<polyline points="([^"]+)"', svg)
    assert first is not None
    points = [tuple(map(float, p.split(","))) for p in first.group(1).split()]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert xs == sorted(xs) and len(set(xs)) == 5  # years left to right
    for (_, v1), (_, v2), y1, y2 in zip(values, values[1:], ys, ys[1:], strict=False):
        assert (v2 > v1) == (y2 < y1)  # higher value, smaller y
    target_y = float(re.search(r'class="target" x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert target_y < min(ys)  # 15 is above every value
    # y is linear in the value: equal steps of value give equal steps of y
    step = (ys[0] - ys[-1]) / (10.6 - 6.0)
    assert math.isclose(ys[0] - ys[3], step * 3.0, rel_tol=1e-2)


def test_line_chart_without_points_says_so() -> None:
    svg = line_chart([], title="Empty", desc="nothing")
    assert "No data" in svg and "<title" in svg


@pytest.mark.parametrize(
    ("top", "ticks"),
    [(15.8e9, [0, 5e9, 10e9, 15e9, 20e9]), (100.0, [0, 25, 50, 75, 100]), (7.0, [0, 2, 4, 6, 8]), (0.0, [0, 1])],
)
def test_nice_ticks_are_round_and_cover_the_top(top: float, ticks: list[float]) -> None:
    assert nice_ticks(top) == pytest.approx(ticks)
