"""Settings come from the environment and `.env`, are checked at start-up, and a refusal says
how to fix every bad value at once (bot/settings.py, without a settings library)."""

from __future__ import annotations

import os
from datetime import date
from ipaddress import IPv6Address
from pathlib import Path

import pytest

from bot.errors import SettingsInvalid
from bot.settings import Settings, load_settings


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No LANTIAN_ or TELEGRAM_ variable set, and a working directory without `.env`."""
    for name in list(os.environ):
        if name.upper().startswith(("LANTIAN_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_every_setting_is_read_from_its_variable_as_text(clean_env: pytest.MonkeyPatch) -> None:
    given = {
        "LANTIAN_DATA_DIR": "/srv/lantian",
        "LANTIAN_LANG": "en",
        "LANTIAN_TODAY": "2026-06-01",
        "LANTIAN_FETCH_TIMEOUT": "2.5",
        "LANTIAN_FETCH_RETRIES": " 5 ",
        "LANTIAN_STAFF_CHAT_ID": "-1001234567890",
        "LANTIAN_WEBHOOK_LISTEN": "::1",
        "LANTIAN_STAFF": "1:city",
        "LANTIAN_BOT_USERNAME": "@lantian_bot",
        "LANTIAN_SITE_URL": "https://lantian.example",
        "TELEGRAM_BOT_TOKEN": "123:abc",
    }
    for name, value in given.items():
        clean_env.setenv(name, value)
    settings = load_settings()
    assert settings.data_dir == Path("/srv/lantian") and settings.lang == "en"
    assert settings.today == date(2026, 6, 1) and settings.fetch_timeout == 2.5
    assert settings.fetch_retries == 5 and settings.staff_chat_id == -1001234567890
    assert settings.webhook_listen == IPv6Address("::1") and settings.staff == "1:city"
    assert settings.bot_username == "lantian_bot"
    assert settings.site_url == "https://lantian.example/"
    assert settings.telegram_bot_token == "123:abc"


def test_dotenv_is_read_and_the_environment_and_arguments_win(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "# a comment\n"
        "export LANTIAN_LANG=en  # English\n"
        "LANTIAN_REPORTS_PER_DAY='7'\n"
        'LANTIAN_SITE_DIR="out/site"\n'
        "LANTIAN_CHECKS_PER_MINUTE=40\n"
        "lantian_digest_hour=8\n",
        encoding="utf-8",
    )
    clean_env.setenv("LANTIAN_CHECKS_PER_MINUTE", "50")
    settings = load_settings(reports_per_day=9, lang=None)  # None: no override
    assert settings.lang == "en" and settings.site_dir == Path("out/site")
    assert settings.checks_per_minute == 50 and settings.reports_per_day == 9
    assert settings.digest_hour == 8  # names are matched without regard to case


def test_a_bad_value_is_named_by_its_variable_with_its_fix(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("LANTIAN_LANG", "fr")
    clean_env.setenv("LANTIAN_WEBHOOK_PORT", "0")
    clean_env.setenv("TELEGRAM_BOT_TOKEN", "not-a-token")
    with pytest.raises(SettingsInvalid) as refused:
        load_settings()
    message = str(refused.value)
    assert message.startswith("设置有误，程序未启动 / Invalid settings; nothing was started:")
    assert "LANTIAN_LANG: Input should be 'zh' or 'en'" in message and "must be zh or en" in message
    assert "LANTIAN_WEBHOOK_PORT: Input should be greater than or equal to 1" in message
    assert "TELEGRAM_BOT_TOKEN: Value error, not a bot token" in message
    assert "ask @BotFather" in message


def test_a_changed_copy_is_checked_again() -> None:
    settings = Settings(today=date(2026, 6, 1))
    assert settings.model_copy(update={"digest_hour": 7}).digest_hour == 7
    with pytest.raises(SettingsInvalid, match="LANTIAN_DIGEST_HOUR"):
        settings.model_copy(update={"digest_hour": 24})
    assert Settings.model_fields["send_rate_limit"].default == 30
