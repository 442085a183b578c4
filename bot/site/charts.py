"""Bar charts as inline SVG, drawn here so the site loads no chart library.

Each chart is a figure readable three ways: the bars, a `<title>`/`<desc>` a screen reader
announces (the SVG has role="img"), and a table with the same numbers beside it, which is what a
person copying a figure or using a screen reader in browse mode actually wants.

The drawing is as narrow as a phone's screen, each label above its bar: an SVG scales its
words with its width, so a drawing made for a desktop would print them at 8 px on a phone.
lantian.css keeps it from growing much wider on a desktop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape as _escape

from bot.site.language import site_say
from bot.words import site as words

WIDTH = 360  # a phone's content width, in CSS px: 14 px words stay ≥ 12 px down to ~320 px
VALUE_WIDTH = 56  # room right of the longest bar for its number
LABEL = 14  # a label's baseline below the top of its row (font size 14, set by lantian.css)
BAR = 16
ROW = 44  # label, bar and the gap to the next row
TOP = 4
LABEL_CHARACTERS = 24  # as many CJK characters of 14 px as fit in WIDTH


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
        return f'<p class="lt-empty">{escape(site_say(words.CHART_EMPTY, title=title))}</p>'
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
        return site_say(words.CHART_NO_DATA)
    ranked = sorted(rows, key=lambda row: -row[1])[:3]
    items = site_say(words.CHART_ITEM_SEPARATOR).join(
        site_say(words.CHART_ITEM, label=label, value=value, unit=unit, share=_share(value, total))
        for label, value in ranked
    )
    return site_say(words.CHART_SUMMARY, total=total, unit=unit, items=items)


def _share(value: int, total: int) -> str:
    return f"{value * 100 / total:.1f}%"


def _svg(chart_id: str, title: str, summary: str, rows: Sequence[tuple[str, int]]) -> str:
    height = TOP * 2 + ROW * len(rows)
    largest = max(value for _, value in rows) or 1
    span = WIDTH - VALUE_WIDTH
    parts = [
        f'<svg class="lt-bars" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        top = TOP + index * ROW
        bar = top + LABEL + 6
        width = round(span * value / largest, 1) if value else 0
        parts.append(
            f'<text class="lt-bars__label" x="0" y="{top + LABEL}">{escape(_short(label))}</text>'
            f'<rect class="lt-bars__bar" x="0" y="{bar}" width="{width}" '
            f'height="{BAR}" rx="2"></rect>'
            f'<text class="lt-bars__value" x="{width + 6}" y="{bar + BAR - 3}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = LABEL_CHARACTERS) -> str:
    """Long category names are cut in the drawing; the table beside it has them whole."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _table(title: str, rows: Sequence[tuple[str, int]], unit: str, total: int) -> str:
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{value}</td>'
        f"<td>{_share(value, total)}</td></tr>"
        for label, value in rows
    )
    caption = site_say(words.CHART_CAPTION, title=escape(title), unit=escape(unit))
    item, count, share, total_word = (
        site_say(w)
        for w in (
            words.CHART_ITEM_COLUMN,
            words.CHART_COUNT_COLUMN,
            words.CHART_SHARE_COLUMN,
            words.CHART_TOTAL,
        )
    )
    return (
        f"<table><caption>{caption}</caption><thead><tr>"
        f'<th scope="col">{item}</th><th scope="col">{count}</th><th scope="col">{share}</th>'
        f"</tr></thead><tbody>{body}</tbody>"
        f'<tfoot><tr><th scope="row">{total_word}</th><td>{total}</td><td>100%</td></tr></tfoot>'
        f"</table>"
    )
