"""Checking a picture, end to end over the real OCR engine and the fixture registry: generated
flyers, cards and phone screenshots, photographed turned, sideways, blurred, compressed or on a
coloured background; the identities read, their verdicts, the clone case and the red flags."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from bot.cli import cli
from bot.ocr import MAX_PIXELS, NotAPicture, PictureTooManyPixels, read_picture
from bot.picture_check import check_picture_text
from bot.registry.database import open_database
from tests.bot_harness import BUNDLE
from tests.pictures import LAYOUTS, VARIANTS, picture

TODAY = date(2026, 6, 1)
HUAYUE = "91310106MA1FL3R23H"
REAL_CARD = [
    "上海华岳知识产权代理有限公司",
    f"统一社会信用代码 {HUAYUE}",
    "电话 021-61234567",
    "网址 www.huayue-ip.example",
]
CLONE_CARD = [
    "上海华岳知识产权代理有限公司",
    "商标顾问 王经理",
    "电话：021-68889999",
    "手机 13800001111",
]
STATE_FLYER = [
    "国家知识产权局指定代理机构",
    "商标注册 包过！不成功全额退款",
    "内部渠道 加急下证",
    "咨询热线 021-68889999",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    path = tmp_path_factory.mktemp("pictures") / "l.db"
    result = CliRunner().invoke(cli, ["registry", "import", str(BUNDLE), "--db", str(path)])
    assert result.exit_code == 0, result.output
    database = open_database(path)
    yield database
    database.close()


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_registered_firms_own_card_reads_ok_in_every_layout_and_photo(
    db: sqlite_utils.Database, layout: str, variant: str
) -> None:
    text = read_picture(picture(REAL_CARD, layout, variant)).text
    answer = check_picture_text(db, text, today=TODAY)
    assert answer.level == "ok", text
    ids = {v.match.id for v in answer.identities if v.match is not None}
    assert ids == {HUAYUE}
    assert len(answer.identities) == 4  # name, USCC, phone and website each read and checked


@pytest.mark.parametrize("variant", ["clean", "turned"])
def test_a_clone_card_with_another_phone_is_never_ok(
    db: sqlite_utils.Database, variant: str
) -> None:
    answer = check_picture_text(
        db, read_picture(picture(CLONE_CARD, "card", variant)).text, today=TODAY
    )
    assert answer.level in ("caution", "danger")
    assert answer.overall is not None and answer.overall.headline_key == "mismatch"
    checked = {v.query: v.level for v in answer.identities}
    assert checked["上海华岳知识产权代理有限公司"] == "ok"
    assert checked["021-68889999"] == "unknown"


def test_a_state_organ_flyer_is_danger_with_its_red_flags(db: sqlite_utils.Database) -> None:
    answer = check_picture_text(
        db, read_picture(picture(STATE_FLYER, "flyer", "coloured")).text, today=TODAY
    )
    assert answer.level == "danger"
    kinds = {flag.kind: flag for flag in answer.red_flags}
    assert set(kinds) == {"official", "promise", "refund", "internal"}
    assert kinds["official"].code == "impersonation"
    assert kinds["internal"].code == "tm_collusion"
    assert "冒充" in answer.headline("zh")


def test_a_picture_with_no_text_says_nothing_was_read(db: sqlite_utils.Database) -> None:
    answer = check_picture_text(db, read_picture(picture([], "card")).text, today=TODAY)
    assert answer.level == "unknown" and answer.identities == ()
    assert "没有读到" in answer.headline("zh")


def test_what_is_not_a_picture_or_too_big_is_refused_plainly() -> None:
    with pytest.raises(NotAPicture):
        read_picture(b"%PDF-1.4 not a picture")
    with pytest.raises(NotAPicture):
        read_picture(b"")
    from PIL import Image

    side = int(MAX_PIXELS**0.5) + 10
    bomb = Path("/tmp") / "lantian-bomb.png"
    Image.new("1", (side, side)).save(bomb)  # a few kB that would decode to 40+ megapixels
    with pytest.raises(PictureTooManyPixels) as refused:
        read_picture(bomb.read_bytes())
    bomb.unlink()
    assert "百万像素" in str(refused.value) and "megapixels" in str(refused.value)


def test_lantian_check_image_prints_the_contract(db: sqlite_utils.Database, tmp_path: Path) -> None:
    image = tmp_path / "flyer.jpg"
    image.write_bytes(picture(STATE_FLYER, "flyer"))
    db_file = next(row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main")
    args = ["check", "--image", str(image), "--json", "--db", db_file, "--today", "2026-06-01"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert set(answer) >= {"text", "level", "headline", "identities", "red_flags"}
    assert answer["level"] == "danger"
    assert "国家知识产权局" in answer["text"]
    assert {flag["code"] for flag in answer["red_flags"]} >= {"impersonation", "solicitation"}
    assert all(set(flag) >= {"code", "text", "evidence"} for flag in answer["red_flags"])
    assert [identity["query"] for identity in answer["identities"]] == ["021-68889999"]
    assert answer["identities"][0]["level"] == "unknown"


def test_lantian_check_image_refuses_a_file_that_is_not_a_picture(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a picture", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--image", str(bad), "--db", str(tmp_path / "l.db")])
    assert result.exit_code != 0
    assert "不是可以识别的图片" in result.output and "not a picture" in result.output
