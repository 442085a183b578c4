"""Small helpers to write Markdown safely: registry text is data, never markup."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from bot import messages
from bot.site.agencies import Entry

# Characters Python-Markdown (with the tables extension) reads as markup inside a table cell.
_MARKUP = re.compile(r"([\\`*_{}\[\]|])")


def text(value: object) -> str:
    """Registry text as literal Markdown: `<b>` stays `<b>`, `A*B|C` stays `A*B|C`."""
    return _MARKUP.sub(r"\\\1", escape(str(value), quote=False)).replace("\n", " ")


@dataclass(frozen=True)
class Link:
    label: str
    target: str  # a Markdown link target, relative to the page (so mkdocs checks it)

    def markdown(self) -> str:
        return f"[{text(self.label)}]({self.target})"


Cell = str | int | float | Link | None


def table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """A Markdown table; every cell escaped, empty cells shown as —."""
    lines = [
        "| " + " | ".join(text(h) for h in headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines) + "\n"


def _cell(value: Cell) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Link):
        return value.markdown()
    return text(value)


def front_matter(**fields: object) -> str:
    """YAML front matter from simple values (strings are quoted as JSON, which YAML reads)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def level(agency: Entry) -> str:
    return messages.level_word(agency.level, "zh")


def status(code: str | None) -> str:
    return messages.term(messages.STATUSES, code, "zh")


def kind(code: str | None) -> str:
    return messages.term(messages.AGENCY_KINDS, code, "zh")


def phones(agency: Entry) -> str:
    return "；".join(agency.subject.phones)


def as_of_note(as_of: str, today: str, fictional: bool) -> str:
    """The line every generated page carries: where the data stands and when it was judged."""
    line = f"数据截至 **{as_of}**，结论按 {today} 计算。"
    if fictional:
        line += "本站当前使用**示例数据（虚构）**，名称、代码、电话均为演示用途，不指向真实机构。"
    return f'!!! info "数据说明"\n\n    {line}\n\n'
