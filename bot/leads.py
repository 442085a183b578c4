"""Screening online leads (线索摸查): a folder of screenshots read and checked, written as a
workbook of findings staff can open tickets from: one row per picture (its level, headline,
identities, red flags and text) and one row per identity (its verdict and registered record)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.batch_check import inert
from bot.errors import Refusal
from bot.ocr import SUFFIXES, read_picture
from bot.picture_check import PictureVerdict, check_picture_text
from bot.registry.ready import Readable
from bot.reports.categories import label as category_label
from bot.verdict_view import verdict_view
from bot.words import Lang, say
from bot.words import leads as words
from bot.words.red_flags import RED_FLAGS
from bot.words.verdict import level_word

TEXT_CELL = 2000  # characters of a picture's text kept in its cell


@dataclass(frozen=True)
class Lead:
    file: str
    picture: PictureVerdict | None
    refused: str = ""  # why the file could not be read


def pictures_in(folder: Path) -> list[Path]:
    """The pictures of a folder (not its sub-folders), by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def scan(
    db: Readable,
    files: list[Path],
    *,
    today: date,
    lang: Lang,
    progress: Callable[[int], None] = lambda done: None,
) -> list[Lead]:
    leads = []
    for done, path in enumerate(files, 1):
        try:
            text = read_picture(path.read_bytes()).text
            leads.append(Lead(path.name, check_picture_text(db, text, today=today)))
        except Refusal as refused:
            leads.append(Lead(path.name, None, refused.message(lang)))
        except OSError as unreadable:  # gone or unreadable since the folder was listed
            leads.append(Lead(path.name, None, unreadable.strerror or str(unreadable)))
        progress(done)
    return leads


def write_workbook(leads: list[Lead], out: Path, lang: Lang) -> None:
    """The findings, worst first; written beside `out` then renamed (never half a file)."""
    book = Workbook()
    pictures = book.active
    assert pictures is not None
    pictures.title = say(words.SHEETS["pictures"], lang)
    people = book.create_sheet(say(words.SHEETS["identities"], lang))
    pictures.append([say(words.PICTURE_COLUMNS[key], lang) for key in words.PICTURE_COLUMNS])
    people.append([say(words.IDENTITY_COLUMNS[key], lang) for key in words.IDENTITY_COLUMNS])
    order = {"danger": 0, "caution": 1, "unknown": 2, "ok": 3}
    for lead in sorted(leads, key=lambda x: order[x.picture.level] if x.picture else 4):
        pictures.append([inert(cell) for cell in _picture_row(lead, lang)])
        for row in _identity_rows(lead, lang):
            people.append([inert(cell) for cell in row])
    for sheet in (pictures, people):
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, width in zip("ABCDEFGH", (28, 12, 60, 50, 50, 60, 30, 30), strict=False):
            sheet.column_dimensions[column].width = width
    partial = out.with_name(f".{out.name}.partial")
    book.save(partial)
    partial.replace(out)


def _picture_row(lead: Lead, lang: Lang) -> list[str]:
    picture = lead.picture
    if picture is None:
        return [lead.file, "", lead.refused, "", "", ""]
    identities = "\n".join(
        f"{verdict.query}: {level_word(verdict.level, lang)}" for verdict in picture.identities
    )
    flags = "\n".join(
        f"{say(RED_FLAGS[f.kind], lang)}: “{f.evidence}” ({category_label(f.code, lang)})"
        for f in picture.red_flags
    )
    return [
        lead.file,
        level_word(picture.level, lang),
        picture.headline(lang),
        identities,
        flags,
        picture.text[:TEXT_CELL],
    ]


def _identity_rows(lead: Lead, lang: Lang) -> list[list[str]]:
    if lead.picture is None:
        return []
    rows = []
    for verdict in lead.picture.identities:
        match = verdict.match
        rows.append([
            lead.file, verdict.query, level_word(verdict.level, lang),
            verdict_view(verdict, lang).headline,
            match.id if match else "", match.name if match else "",
            ", ".join(flag.code for flag in lead.picture.red_flags),
        ])  # fmt: skip
    return rows
