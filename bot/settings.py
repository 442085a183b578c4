"""One settings object, read from the environment and `.env`, validated at start-up."""

from __future__ import annotations

import re
from datetime import date, datetime
from ipaddress import IPv4Address
from pathlib import Path

from pydantic import Field, IPvAnyAddress, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import clock
from bot.desk.errors import StaffListInvalid
from bot.desk.staff import StaffDirectory, parse_staff
from bot.errors import SettingsInvalid
from bot.words import Lang
from bot.words.cli import BOTH, both
from bot.words.settings import FIX_HINTS, SETTINGS_INVALID


class Settings(BaseSettings):
    """Every knob of Lantian; each maps to one environment variable (see `.env.example`)."""

    model_config = SettingsConfigDict(
        env_prefix="LANTIAN_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default=Path("data"), description="where databases and files live")
    db: Path | None = Field(default=None, description="the registry and queue database")
    lang: Lang = Field(default="zh", description="language of messages: zh or en")
    today: date | None = Field(default=None, description="fix 'today' for reproducible checks")
    fetch_timeout: float = Field(default=30.0, gt=0, description="seconds per HTTP request")
    fetch_retries: int = Field(default=3, ge=0, le=10, description="retries of a failed fetch")
    staff_chat_id: int | None = Field(default=None, description="chat that receives new tickets")
    admin_chat_id: int | None = Field(
        default=None, description="maintainers' chat for crash reports (none: log only)"
    )
    checks_per_minute: int = Field(default=20, ge=1, description="checks per user and minute")
    reports_per_day: int = Field(default=5, ge=1, description="reports one user may file a day")
    messages_per_minute: int = Field(
        default=30, ge=1, description="messages one user may send a minute (beyond: ignored)"
    )
    inline_per_minute: int = Field(
        default=30, ge=1, description="inline queries one user may send a minute"
    )
    callbacks_per_minute: int = Field(
        default=60, ge=1, description="button presses one user may make a minute"
    )
    evidence_files_per_report: int = Field(
        default=10, ge=1, description="evidence files one report may carry"
    )
    evidence_mb_per_report: float = Field(
        default=50, gt=0, description="megabytes of evidence one report may carry"
    )
    evidence_mb_per_day: float = Field(
        default=200, gt=0, description="megabytes of evidence one user may send a day"
    )
    send_rate_limit: float = Field(
        default=30, ge=0, description="messages per second the bot sends at most (0: no limit)"
    )
    report_reminder_minutes: float = Field(
        default=30, gt=0, description="remind an unfinished report after this pause"
    )
    report_discard_minutes: float = Field(
        default=120, gt=0, description="discard an unfinished report after this pause"
    )
    webhook_url: str | None = Field(default=None, description="public URL: webhook mode if set")
    webhook_secret: str | None = Field(
        default=None, description="secret token of the webhook (unset: generated and kept)"
    )
    webhook_listen: IPvAnyAddress = Field(
        default=IPv4Address("127.0.0.1"), description="address the webhook server listens on"
    )
    webhook_port: int = Field(default=8443, ge=1, le=65535, description="port the webhook listens")
    local_api_port: int = Field(default=8081, ge=0, le=65535, description="local Bot API port")
    staff: str | None = Field(
        default=None, description="staff user ids and roles: 123456:city,234567:DISTRICT"
    )
    digest_hour: int = Field(
        default=9, ge=0, le=23, description="hour (Shanghai) of the staff chat's daily digest"
    )
    bot_username: str | None = Field(
        default=None, description="the bot's @username, for t.me links on the site"
    )
    site_url: str | None = Field(default=None, description="where the site is published (RSS)")
    site_dir: Path = Field(default=Path("build/site"), description="where the site is built")
    site_port: int = Field(
        default=8000, ge=0, le=65535, description="port `lantian run` serves the site on"
    )
    telegram_bot_token: str | None = Field(
        default=None, validation_alias="TELEGRAM_BOT_TOKEN", description="the bot's token"
    )
    telegram_api_base_url: str | None = Field(
        default=None, validation_alias="TELEGRAM_API_BASE_URL", description="Bot API base URL"
    )

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: str | None) -> str | None:
        if value and (":" not in value or not value.split(":", 1)[0].isdigit()):
            raise ValueError("not a bot token")
        return value or None

    @field_validator("staff")
    @classmethod
    def _staff_shape(cls, value: str | None) -> str | None:
        if value:
            try:
                parse_staff(value)
            except StaffListInvalid as error:
                raise ValueError(" / ".join(error.message(lang) for lang in BOTH)) from None
        return value or None

    @field_validator("bot_username")
    @classmethod
    def _username_shape(cls, value: str | None) -> str | None:
        value = (value or "").strip().removeprefix("@")
        if value and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{4,31}", value):
            raise ValueError("not a Telegram username")
        return value or None

    @field_validator("site_url")
    @classmethod
    def _site_url_shape(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("not an http(s) URL")
        return (value.rstrip("/") + "/") if value else None

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("not a valid secret token")
        return value or None

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url_shape(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("not an http(s) URL")
        return value or None

    @property
    def staff_directory(self) -> StaffDirectory:
        return StaffDirectory.from_text(self.staff)

    @property
    def db_path(self) -> Path:
        return self.db if self.db is not None else self.data_dir / "lantian.db"

    def check_date(self) -> date:
        """Today in Shanghai, or LANTIAN_TODAY when it is fixed."""
        return self.today or clock.today()

    def now(self) -> datetime:
        """The current moment; noon in Shanghai of LANTIAN_TODAY when that is fixed."""
        return clock.now() if self.today is None else clock.noon_of(self.today)


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a bad value into a message that says how to fix it."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except ValidationError as error:
        lines = [f"{both(SETTINGS_INVALID)}:"]
        for problem in error.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "?"
            lines.append(f"  {field}: {problem['msg']}")
            if field in FIX_HINTS:
                lines.append(f"    → {both(FIX_HINTS[field])}")
        raise SettingsInvalid("\n".join(lines)) from None
