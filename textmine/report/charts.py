"""Charts as inline SVG: no script, no font or library fetched, readable when printed.

>>> svg = bar_chart([("腐败问题", 12), ("形式主义", 5)], title="按类别")
>>> svg.count("<rect"), "腐败问题" in svg
(2, True)
>>> fill_months([("2023-11", 2), ("2024-01", 1)])
[('2023-11', 2), ('2023-12', 0), ('2024-01', 1)]
>>> trend_chart([("2024-01", 2), ("2024-02", 9)], {"2024-02": 2.0}, title="腐败问题").count('class="flagged"')
1
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

PALETTE = ("#c0392b", "#d35400", "#b7950b", "#7d3c98", "#1f618d", "#117a65", "#566573")
FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}" font-family="{FONT}" font-size="13">'
    )
    return Markup(head + f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def bar_chart(items: Sequence[tuple[str, int]], title: str, width: int = 620, bar: int = 26) -> Markup:
    """Horizontal bars, one per (name, count), in the order given."""
    label_width, right = 150, 50
    span = width - label_width - right
    top = max((count for _, count in items), default=0) or 1
    body = []
    for k, (name, count) in enumerate(items):
        y = 8 + k * (bar + 8)
        length = round(span * count / top) if count else 0
        colour = PALETTE[k % len(PALETTE)]
        body.append(
            f'<text x="{label_width - 8}" y="{y + bar * 0.68:.1f}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" height="{bar}" fill="{colour}">'
            f"<title>{escape(name)}: {count}</title></rect>"
            f'<text x="{label_width + length + 6}" y="{y + bar * 0.68:.1f}">{count}</text>'
        )
    height = 16 + len(items) * (bar + 8)
    return _svg(width, height, title, body)


def fill_months(months: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """The months from the first to the last, with 0 for months without records."""
    if not months:
        return []
    counts = dict(months)
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    filled = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        filled.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return filled


def month_chart(months: Sequence[tuple[str, int]], title: str, width: int = 760, height: int = 240) -> Markup:
    """Columns of records per month, months without records shown as gaps."""
    return trend_chart(fill_months(months), {}, title, width=width, height=height)


def trend_chart(
    months: Sequence[tuple[str, int]], flagged: dict[str, float], title: str, width: int = 760, height: int = 220
) -> Markup:
    """Columns of one series per month; a flagged month (``flagged``: month → expected count) is drawn in
    red with its count above it, and its expected level as a dashed mark."""
    left, bottom, top_pad = 36, 56, 22
    plot_width, plot_height = width - left - 12, height - bottom - top_pad
    peak = max([count for _, count in months] + list(flagged.values()) + [1])
    step = plot_width / max(len(months), 1)
    every = max(1, len(months) // 24)
    base = top_pad + plot_height
    body = [
        f'<line x1="{left}" y1="{base}" x2="{width - 8}" y2="{base}" stroke="#888"/>',
        f'<text x="{left - 6}" y="{top_pad + 10}" text-anchor="end">{peak}</text>',
        f'<text x="{left - 6}" y="{base}" text-anchor="end">0</text>',
    ]
    for k, (month, count) in enumerate(months):
        x = left + k * step
        h = plot_height * count / peak
        flag = month in flagged
        colour = PALETTE[0] if flag else PALETTE[4]
        tip = f"{month}: {count}" + (f"（预期 {flagged[month]:g}，预警）" if flag else "")
        body.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{colour}" class="{"flagged" if flag else "bar"}"><title>{escape(tip)}</title></rect>'
        )
        if flag:
            y = base - plot_height * flagged[month] / peak
            body.append(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + step:.1f}" y2="{y:.1f}" stroke="#222" stroke-dasharray="3,2"/>'
                f'<text x="{x + step / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" fill="{PALETTE[0]}">'
                f"{count}</text>"
            )
        if k % every == 0:
            lx, ly = x + step / 2, base + 14
            body.append(
                f'<text x="{lx:.1f}" y="{ly}" text-anchor="end" transform="rotate(-45 {lx:.1f} {ly})">{month}</text>'
            )
    return _svg(width, height, title, body)
