"""Every zh/en pair of the catalogues: Chinese in full-width punctuation, English in none of it,
and the same placeholders in both (a translation never drops or invents a value)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import date

import pytest
import sqlite_utils

import bot.words
from tests.words_walk import catalogue_modules, entries

CJK = "\u3400-\u9fff"
# An ASCII mark touching a Chinese character: a full-width one belongs there.
ASCII_IN_ZH = re.compile(rf"[{CJK}][,.:;?!()]|[,:;?!()][{CJK}]")
FULL_WIDTH = re.compile(r"[，。：；（）！？、]")


def pairs() -> Iterator[tuple[str, str, str]]:
    """(where, zh, en) for every entry of every module of the catalogue (bot/words)."""
    for module in catalogue_modules(bot.words):
        yield from entries(module)


ALL = list(pairs())


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize(("where", "zh", "en"), ALL, ids=[w for w, _, _ in ALL])
def test_a_pair_keeps_each_languages_punctuation_and_the_same_placeholders(
    where: str, zh: str, en: str
) -> None:
    assert not ASCII_IN_ZH.search(zh), f"{where}: ASCII punctuation in Chinese: {zh!r}"
    assert not FULL_WIDTH.search(en), f"{where}: full-width punctuation in English: {en!r}"
    assert fields(zh) == fields(en), f"{where}: placeholders differ"


def test_the_catalogues_were_read() -> None:
    assert len(ALL) > 150


def _desk_texts(lang: str) -> list[str]:
    """Every line the desk composes for a few tickets in various states, in `lang`: card rows,
    queue lines and history. The reporters' texts are ASCII, so any mark is the desk's own."""
    from datetime import date

    from bot.desk import actions
    from bot.desk.actions import history
    from bot.desk.cards import colon, history_line, queue_line, ticket_fields
    from bot.desk.queue import list_queue
    from tests.desk_queue import CITY, HUAYUE, JINGAN, at, file, queue_db

    db = queue_db()
    plain = "They took 5000 yuan and never filed anything."
    made = [
        file(db, k, kind=kind, category="solicitation", uscc=HUAYUE, on="2023-05-02",
             description=plain)
        for k, kind in (("a", "report"), ("b", "complaint"), ("c", "report"))
    ]  # fmt: skip
    actions.accept(db, JINGAN, made[0].number, now=at("2023-05-03"))
    actions.close(db, JINGAN, made[0].number, "partly", now=at("2023-05-20"), note="checked")
    actions.refuse(db, JINGAN, made[1].number, "too_old", now=at("2023-05-04"))
    today = date(2023, 6, 1)  # made[2] is overdue by then
    out: list[str] = []
    for item in list_queue(db, CITY, today=today):
        out.append(queue_line(item, lang))  # type: ignore[arg-type]
        for label, value in ticket_fields(db, item.ticket, lang, today=today):  # type: ignore[arg-type]
            out.append(f"{label}{colon(lang)}{value}")  # type: ignore[arg-type]
        out += [history_line(line, lang) for line in history(db, item.ticket)]  # type: ignore[arg-type]
    return [line.replace("上海华岳知识产权代理有限公司", "NAME") for line in out]


def test_the_desk_writes_english_without_full_width_marks() -> None:
    lines = _desk_texts("en")
    assert [line for line in lines if FULL_WIDTH.search(line)] == []
    assert any("overdue" in line for line in lines)


def test_the_desk_writes_chinese_without_ascii_marks() -> None:
    lines = _desk_texts("zh")
    assert [line for line in lines if ASCII_IN_ZH.search(line)] == []


DATA_KEYS = ("reason", "name", "term", "query", "violation_en", "status")  # registry words


def test_english_reasons_carry_no_chinese_words_of_our_own(db: sqlite_utils.Database) -> None:
    """Every reason of every fixture record, in English: only the registry's own data (names,
    listing reasons, a sanction's summary) may stay Chinese, never the sentence around it."""
    from bot.registry.reader import load_subject
    from bot.verdict import Dataset, subject_reasons

    data = Dataset("fixture", "2026-06-01", True)
    today = date(2026, 6, 1)
    rows = db.execute("SELECT 'agency', uscc FROM agencies UNION ALL "
                      "SELECT 'practitioner', cert_no FROM practitioners").fetchall()  # fmt: skip
    seen = 0
    for kind, subject_id in rows:
        subject = load_subject(db, kind, subject_id)
        assert subject is not None
        for reason in subject_reasons(subject, today, data):
            text = reason.text("en")
            for key in DATA_KEYS:
                text = text.replace(str(reason.params.get(key, "\0")), "")
            assert not re.search(f"[{CJK}]", text) and not FULL_WIDTH.search(text), text
            seen += 1
    assert seen > 20
