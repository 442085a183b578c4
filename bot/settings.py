"""One settings object, read from the environment and `.env`, validated at start-up.

A frozen dataclass whose fields are the table of knobs (default, help, how a value is read);
no settings library: pydantic-settings alone cost `lantian check` a third of its start-up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from ipaddress import IPv4Address, IPv6Address, ip_address
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from bot import clock
from bot.errors import SettingsInvalid
from bot.words import BOTH, Lang
from bot.words.cli import both
from bot.words.settings import FIX_HINTS, SETTINGS_INVALID

if TYPE_CHECKING:
    from dataclasses import Field

    from bot.desk.staff import StaffDirectory

ENV_PREFIX = "LANTIAN_"
ENV_FILE = Path(".env")


class Refused(ValueError):
    """A value a setting cannot take; its message follows the one pydantic gave before."""


Reader = Callable[[object], object]


def _knob(about: str, read: Reader, *, env: str | None = None) -> dict[str, object]:
    """A field's metadata: what it is for, how a value is read and checked, and its
    environment variable when that is not LANTIAN_<NAME>."""
    return {"help": about, "read": read, "env": env}


# How values are read: from the text of an environment variable, or as the typed value a caller
# passes. Each raises Refused with the message a person sees beside the setting's fix-it hint.


def _whole(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        pass
    if re.fullmatch(r"[+-]?\d+\.0*", text):  # "5.0" (and 5.0) is five
        return int(text.split(".")[0])
    raise Refused("Input should be a valid integer, unable to parse string as an integer")


def _number(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        raise Refused(
            "Input should be a valid number, unable to parse string as a number"
        ) from None


def _bounded(
    read: Callable[[object], float],
    *,
    gt: float | None = None,
    ge: float | None = None,
    le: float | None = None,
) -> Reader:
    def bounded(value: object) -> object:
        number = read(value)
        # `not (x > bound)`: NaN is refused as pydantic refused it
        if gt is not None and not number > gt:
            raise Refused(f"Input should be greater than {gt:g}")
        if ge is not None and not number >= ge:
            raise Refused(f"Input should be greater than or equal to {ge:g}")
        if le is not None and not number <= le:
            raise Refused(f"Input should be less than or equal to {le:g}")
        return number

    return bounded


def _optional(read: Reader) -> Reader:
    return lambda value: None if value is None else read(value)


def _path(value: object) -> Path:
    return value if isinstance(value, Path) else Path(str(value))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise Refused("Input should be a valid string")
    return value


def _lang(value: object) -> Lang:
    for lang in BOTH:
        if value == lang:
            return lang
    raise Refused("Input should be 'zh' or 'en'")


def _day(value: object) -> date:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return value
    else:
        text = str(value)
        if len(text) < len("YYYY-MM-DD"):
            raise Refused("Input should be a valid date or datetime, input is too short")
        try:
            if not re.match(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise Refused("Input should be a valid date or datetime, as YYYY-MM-DD") from None
    if moment.time() != datetime.min.time():
        raise Refused("Datetimes provided to dates should have zero time - e.g. be exact dates")
    return moment.date()


def _address(value: object) -> IPv4Address | IPv6Address:
    if isinstance(value, IPv4Address | IPv6Address):
        return value
    try:
        return ip_address(str(value))
    except ValueError:
        raise Refused("value is not a valid IPv4 or IPv6 address") from None


def _checked(rule: Callable[[str], str | None]) -> Reader:
    """An optional text setting with a rule of its own (pydantic called it a value error)."""

    def read(value: object) -> str | None:
        if value is None:
            return None
        try:
            return rule(_text(value))
        except Refused:
            raise
        except ValueError as error:
            raise Refused(f"Value error, {error}") from None

    return read


def _token(value: str) -> str | None:
    if value and (":" not in value or not value.split(":", 1)[0].isdigit()):
        raise ValueError("not a bot token")
    return value or None


def _staff(value: str) -> str | None:
    if value:
        from bot.desk.errors import StaffListInvalid
        from bot.desk.staff import parse_staff

        try:
            parse_staff(value)
        except StaffListInvalid as error:
            raise ValueError(" / ".join(error.message(lang) for lang in BOTH)) from None
    return value or None


def _username(value: str) -> str | None:
    value = value.strip().removeprefix("@")
    if value and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{4,31}", value):
        raise ValueError("not a Telegram username")
    return value or None


def _http_url(value: str) -> str | None:
    if value and not value.startswith(("http://", "https://")):
        raise ValueError("not an http(s) URL")
    return value or None


def _site_url(value: str) -> str | None:
    url = _http_url(value)
    return (url.rstrip("/") + "/") if url else None


def _secret(value: str) -> str | None:
    if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
        raise ValueError("not a valid secret token")
    return value or None


_POSITIVE_WHOLE = _bounded(_whole, ge=1)
_POSITIVE = _bounded(_number, gt=0)
_PORT = _bounded(_whole, ge=0, le=65535)


@dataclass(frozen=True)
class Settings:
    """Every knob of Lantian; each maps to one environment variable (see `.env.example`).

    `Settings(...)` checks the values it is given; `load_settings()` reads them from the
    environment and `.env` first."""

    data_dir: Path = field(
        default=Path("data"), metadata=_knob("where databases and files live", _path)
    )
    db: Path | None = field(
        default=None, metadata=_knob("the registry and queue database", _optional(_path))
    )
    lang: Lang = field(default="zh", metadata=_knob("language of messages: zh or en", _lang))
    today: date | None = field(
        default=None, metadata=_knob("fix 'today' for reproducible checks", _optional(_day))
    )
    fetch_timeout: float = field(
        default=30.0, metadata=_knob("seconds per HTTP request", _POSITIVE)
    )
    fetch_retries: int = field(
        default=3, metadata=_knob("retries of a failed fetch", _bounded(_whole, ge=0, le=10))
    )
    staff_chat_id: int | None = field(
        default=None, metadata=_knob("chat that receives new tickets", _optional(_whole))
    )
    admin_chat_id: int | None = field(
        default=None,
        metadata=_knob("maintainers' chat for crash reports (none: log only)", _optional(_whole)),
    )
    checks_per_minute: int = field(
        default=20, metadata=_knob("checks per user and minute", _POSITIVE_WHOLE)
    )
    reports_per_day: int = field(
        default=5, metadata=_knob("reports one user may file a day", _POSITIVE_WHOLE)
    )
    messages_per_minute: int = field(
        default=30,
        metadata=_knob("messages one user may send a minute (beyond: ignored)", _POSITIVE_WHOLE),
    )
    inline_per_minute: int = field(
        default=30, metadata=_knob("inline queries one user may send a minute", _POSITIVE_WHOLE)
    )
    callbacks_per_minute: int = field(
        default=60, metadata=_knob("button presses one user may make a minute", _POSITIVE_WHOLE)
    )
    evidence_files_per_report: int = field(
        default=10, metadata=_knob("evidence files one report may carry", _POSITIVE_WHOLE)
    )
    evidence_mb_per_report: float = field(
        default=50.0, metadata=_knob("megabytes of evidence one report may carry", _POSITIVE)
    )
    evidence_mb_per_day: float = field(
        default=200.0, metadata=_knob("megabytes of evidence one user may send a day", _POSITIVE)
    )
    send_rate_limit: float = field(
        default=30.0,
        metadata=_knob(
            "messages per second the bot sends at most (0: no limit)", _bounded(_number, ge=0)
        ),
    )
    bot_workers: int = field(
        default=1,
        metadata=_knob(
            "processes answering updates (more than 1: a front routes each chat to one)",
            _bounded(_whole, ge=1, le=16),
        ),
    )
    report_reminder_minutes: float = field(
        default=30.0, metadata=_knob("remind an unfinished report after this pause", _POSITIVE)
    )
    report_discard_minutes: float = field(
        default=120.0, metadata=_knob("discard an unfinished report after this pause", _POSITIVE)
    )
    webhook_url: str | None = field(
        default=None, metadata=_knob("public URL: webhook mode if set", _optional(_text))
    )
    webhook_secret: str | None = field(
        default=None,
        metadata=_knob(
            "secret token of the webhook (unset: generated and kept)", _checked(_secret)
        ),
    )
    webhook_listen: IPv4Address | IPv6Address = field(
        default=IPv4Address("127.0.0.1"),
        metadata=_knob("address the webhook server listens on", _address),
    )
    webhook_port: int = field(
        default=8443, metadata=_knob("port the webhook listens", _bounded(_whole, ge=1, le=65535))
    )
    local_api_port: int = field(default=8081, metadata=_knob("local Bot API port", _PORT))
    staff: str | None = field(
        default=None,
        metadata=_knob(
            "staff user ids and roles: 123456:city:editor,234567:DISTRICT", _checked(_staff)
        ),
    )
    digest_hour: int = field(
        default=9,
        metadata=_knob(
            "hour (Shanghai) of the staff chat's daily digest", _bounded(_whole, ge=0, le=23)
        ),
    )
    site_build_hour: int = field(
        default=5,
        metadata=_knob(
            "hour (Shanghai) the bot rebuilds and publishes the site each day",
            _bounded(_whole, ge=0, le=23),
        ),
    )
    registry_url: str | None = field(
        default=None,
        metadata=_knob(
            "http(s) URL of the registry bundle the bot imports daily (none: no refresh)",
            _checked(_http_url),
        ),
    )
    registry_refresh_hour: int = field(
        default=4,
        metadata=_knob(
            "hour (Shanghai) the bot refreshes the registry from its URL, before the site's build",
            _bounded(_whole, ge=0, le=23),
        ),
    )
    follow_limit: int = field(
        default=20,
        metadata=_knob(
            # /following gives each a button: Telegram takes at most 100 on a message
            "agencies or practitioners one user may follow",
            _bounded(_whole, ge=1, le=100),
        ),
    )
    bot_username: str | None = field(
        default=None,
        metadata=_knob("the bot's @username, for t.me links on the site", _checked(_username)),
    )
    site_url: str | None = field(
        default=None, metadata=_knob("where the site is published (RSS)", _checked(_site_url))
    )
    site_dir: Path = field(
        default=Path("build/site"), metadata=_knob("where the site is built", _path)
    )
    site_port: int = field(
        default=8000, metadata=_knob("port `lantian run` serves the site on", _PORT)
    )
    telegram_bot_token: str | None = field(
        default=None, metadata=_knob("the bot's token", _checked(_token), env="TELEGRAM_BOT_TOKEN")
    )
    telegram_api_base_url: str | None = field(
        default=None,
        metadata=_knob("Bot API base URL", _checked(_http_url), env="TELEGRAM_API_BASE_URL"),
    )

    # Read by callers that knew the pydantic model: a field's default, and a changed copy.
    model_fields: ClassVar[Mapping[str, Field[Any]]]

    def __post_init__(self) -> None:
        problems: list[tuple[Field[Any], str]] = []
        for knob in fields(self):
            try:
                value = knob.metadata["read"](getattr(self, knob.name))
            except Refused as refused:
                problems.append((knob, str(refused)))
                continue
            object.__setattr__(self, knob.name, value)  # frozen: the checked value stays
        if problems:
            raise SettingsInvalid(_described(problems))

    def model_copy(self, *, update: Mapping[str, Any]) -> Settings:
        """These settings with some changed (and checked again)."""
        return replace(self, **update)

    @property
    def staff_directory(self) -> StaffDirectory:
        from bot.desk.staff import StaffDirectory

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


Settings.model_fields = {knob.name: knob for knob in fields(Settings)}


def env_name(knob: Field[Any]) -> str:
    """The environment variable a setting is read from."""
    return str(knob.metadata["env"] or ENV_PREFIX + knob.name.upper())


def child_environment(settings: Settings, names: Iterable[str]) -> dict[str, str]:
    """This process's environment with the named settings as `settings` holds them: a child
    process that loads its settings sees what this one was given on the command line too."""
    environment = dict(os.environ)
    for name in names:
        value = getattr(settings, name)
        if value is not None:
            environment[env_name(Settings.model_fields[name])] = str(value)
    return environment


def _described(problems: list[tuple[Field[Any], str]]) -> str:
    """Each refused setting with why, and how to fix it, in both languages."""
    lines = [f"{both(SETTINGS_INVALID)}:"]
    for knob, why in problems:
        lines.append(f"  {env_name(knob)}: {why}")
        if knob.name in FIX_HINTS:
            lines.append(f"    → {both(FIX_HINTS[knob.name])}")
    return "\n".join(lines)


def load_settings(**overrides: object) -> Settings:
    """The settings: `overrides` (a None is no override), then the environment, then `.env`,
    then the defaults. A bad value raises SettingsInvalid, which says how to fix it."""
    given = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**{**environment_values(), **given})  # type: ignore[arg-type]


def environment_values(env_file: Path = ENV_FILE) -> dict[str, str]:
    """The settings the environment and `.env` give, by field name. Names are matched without
    regard to case, and the environment wins over the file."""
    found = {name.lower(): value for name, value in dotenv_values(env_file).items()}
    found.update((name.lower(), value) for name, value in os.environ.items())
    values = {}
    for knob in fields(Settings):
        name = env_name(knob).lower()
        if name in found:
            values[knob.name] = found[name]
    return values


_DOTENV_LINE = re.compile(
    r"""\s*(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*
    (?:'(?P<single>[^']*)'|"(?P<double>(?:\\.|[^"\\])*)"|(?P<bare>.*?))
    (?:\s+\#.*)?\s*$""",
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'"}


def dotenv_values(path: Path) -> dict[str, str]:
    """`KEY=value` lines of a `.env` file (what python-dotenv read for us before): comments,
    `export`, quotes (escapes inside double quotes) and a ` # comment` after a bare value.
    No file: nothing."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return {}
    values = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        matched = _DOTENV_LINE.fullmatch(line)
        if matched is None:
            continue  # not an assignment: python-dotenv skipped such lines too
        if matched["single"] is not None:
            value = matched["single"]
        elif matched["double"] is not None:
            value = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[0]), matched["double"])
        else:
            value = matched["bare"]
        values[matched["key"]] = value
    return values
