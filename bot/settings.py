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
from bot.words.verdict import Lang

# What to tell a person whose setting was refused, keyed by the field name.
FIX_HINTS: dict[str, str] = {
    "db": "LANTIAN_DB 应是一个文件路径，例如 data/lantian.db / a file path such as data/lantian.db",
    "data_dir": "LANTIAN_DATA_DIR 应是一个文件夹路径 / a folder path such as data",
    "lang": "LANTIAN_LANG 只能是 zh 或 en / must be zh or en",
    "today": "LANTIAN_TODAY 应为 YYYY-MM-DD，例如 2026-06-01 / a date as YYYY-MM-DD",
    "fetch_timeout": "LANTIAN_FETCH_TIMEOUT 应为正数秒数，例如 30 / seconds, a positive number",
    "fetch_retries": "LANTIAN_FETCH_RETRIES 应为 0 到 10 的整数 / a whole number from 0 to 10",
    "staff_chat_id": "LANTIAN_STAFF_CHAT_ID 应为 Telegram 群组 ID（整数，如 -1001234567890）",
    "checks_per_minute": "LANTIAN_CHECKS_PER_MINUTE 应为正整数 / a positive whole number",
    "reports_per_day": "LANTIAN_REPORTS_PER_DAY 应为正整数 / a positive whole number",
    "webhook_secret": "LANTIAN_WEBHOOK_SECRET 只能含 A-Z a-z 0-9 _ -，1 到 256 个字符",
    "webhook_listen": "LANTIAN_WEBHOOK_LISTEN 是监听地址，如 127.0.0.1 或 0.0.0.0 / an IP address",
    "admin_chat_id": "LANTIAN_ADMIN_CHAT_ID 应为维护人员的 Telegram 会话 ID（整数）/ a chat id",
    "messages_per_minute": "LANTIAN_MESSAGES_PER_MINUTE 应为正整数 / a positive whole number",
    "inline_per_minute": "LANTIAN_INLINE_PER_MINUTE 应为正整数 / a positive whole number",
    "callbacks_per_minute": "LANTIAN_CALLBACKS_PER_MINUTE 应为正整数 / a positive whole number",
    "evidence_files_per_report": "LANTIAN_EVIDENCE_FILES_PER_REPORT 应为正整数，例如 10",
    "evidence_mb_per_report": "LANTIAN_EVIDENCE_MB_PER_REPORT 应为正数（MB），例如 50",
    "evidence_mb_per_day": "LANTIAN_EVIDENCE_MB_PER_DAY 应为正数（MB），例如 200",
    "staff": "LANTIAN_STAFF 形如 123456:city,234567:浦东新区（Telegram 用户 ID:city 或区名）",
    "digest_hour": "LANTIAN_DIGEST_HOUR 应为 0 到 23 的整数（上海时间几点发每日提醒）",
    "bot_username": "LANTIAN_BOT_USERNAME 是机器人的用户名，如 lantian_bot（5-32 个字母、数字、_）",
    "site_url": "LANTIAN_SITE_URL 形如 https://lantian.example/ / the public address of the site",
    "site_dir": "LANTIAN_SITE_DIR 应是一个文件夹路径，例如 build/site / a folder path",
    "site_port": "LANTIAN_SITE_PORT 应为 0 到 65535 的整数（0 表示任选空闲端口）",
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN 如 123456:ABC…，向 @BotFather 申请 / ask @BotFather",
    "telegram_api_base_url": (
        "TELEGRAM_API_BASE_URL 形如 http://127.0.0.1:8081/bot / in python-telegram-bot's "
        "base_url form, e.g. http://127.0.0.1:8081/bot"
    ),
}


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
        default=None, description="staff user ids and roles: 123456:city,234567:浦东新区"
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
                raise ValueError(error.message("zh")) from None
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
        lines = ["设置有误，程序未启动 / Invalid settings:"]
        for problem in error.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "?"
            lines.append(f"  {field}: {problem['msg']}")
            if field in FIX_HINTS:
                lines.append(f"    → {FIX_HINTS[field]}")
        raise SettingsInvalid("\n".join(lines)) from None
