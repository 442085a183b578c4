"""Bar charts as inline SVG, drawn here so the site loads no chart library.

Each chart is a figure readable three ways: the bars, a `<title>`/`<desc>` a screen reader
announces (the SVG has role="img"), and a table with the same numbers beside it, which is what a
person copying a figure or using a screen reader in browse mode actually wants.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape as _escape

WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 70
ROW = 28
BAR = 18
TOP = 8


# A blank line would end the raw HTML block and hand the rest of a label to Markdown.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def escape(value: str) -> str:
    """Text (labels come from the registry and tickets) as HTML on one line."""
    return _escape(_BREAKS.sub(" ", value))


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, int]],
    *,
    unit: str,
    note: str = "",
) -> str:
    """A horizontal bar chart and its table, as one block of HTML for a Markdown page.

    The block has no blank line, so Markdown passes it through as raw HTML.
    """
    total = sum(value for _, value in rows)
    summary = describe(rows, unit)
    if note:
        summary = f"{summary}{note}"
    if not rows or total == 0:
        return f'<p class="lt-empty">{escape(title)}：暂无数据。</p>'
    svg = _svg(chart_id, title, summary, rows)
    table = _table(title, rows, unit, total)
    return (
        f'<div class="lt-chart" id="{chart_id}">'
        f'<figure class="lt-chart__figure">{svg}</figure>'
        f"{table}</div>"
    )


def describe(rows: Sequence[tuple[str, int]], unit: str) -> str:
    """One sentence with the total and the largest items, for `<desc>`."""
    total = sum(value for _, value in rows)
    if total == 0:
        return "暂无数据。"
    ranked = sorted(rows, key=lambda row: -row[1])[:3]
    parts = "，".join(
        f"{label} {value} {unit}（{_share(value, total)}）" for label, value in ranked
    )
    return f"共 {total} {unit}；最多的是：{parts}。"


def _share(value: int, total: int) -> str:
    return f"{value * 100 / total:.1f}%"


def _svg(chart_id: str, title: str, summary: str, rows: Sequence[tuple[str, int]]) -> str:
    height = TOP * 2 + ROW * len(rows)
    largest = max(value for _, value in rows) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg class="lt-bars" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = TOP + index * ROW
        width = round(span * value / largest, 1) if value else 0
        middle = y + BAR / 2 + 5
        parts.append(
            f'<text class="lt-bars__label" x="{LABEL_WIDTH - 8}" y="{middle}" '
            f'text-anchor="end">{escape(_short(label))}</text>'
            f'<rect class="lt-bars__bar" x="{LABEL_WIDTH}" y="{y}" width="{width}" '
            f'height="{BAR}" rx="2"></rect>'
            f'<text class="lt-bars__value" x="{LABEL_WIDTH + width + 6}" '
            f'y="{middle}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = 10) -> str:
    """Long category names are cut in the drawing; the table beside it has them whole."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _table(title: str, rows: Sequence[tuple[str, int]], unit: str, total: int) -> str:
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{value}</td>'
        f"<td>{_share(value, total)}</td></tr>"
        for label, value in rows
    )
    return (
        f"<table><caption>{escape(title)}（单位：{escape(unit)}）"
        f'</caption><thead><tr><th scope="col">项目</th><th scope="col">数量</th>'
        f'<th scope="col">占比</th></tr></thead><tbody>{body}</tbody>'
        f'<tfoot><tr><th scope="row">合计</th><td>{total}</td><td>100%</td></tr></tfoot>'
        f"</table>"
    )
