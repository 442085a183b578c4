"""A Telegram Bot API server of our own on 127.0.0.1, so the bot runs and is tested offline.

The real python-telegram-bot talks to it over HTTP:

    async with LocalBotApi.running() as api:
        app = (ApplicationBuilder().token(TOKEN)
               .base_url(api.base_url).base_file_url(api.base_file_url).build())
        ...
        cursor = api.cursor(TOKEN, chat_id=7)
        api.user_sends_text(TOKEN, User(7, "Li", language_code="zh"), "/start")
        [reply] = await cursor.wait()

Every token of the form <digits>:<text> is its own bot. It implements only the methods and
fields the bot uses (README.md beside this file lists them). This package is a test double
of Telegram: it depends on nothing of Lantian's and nothing of python-telegram-bot's.
"""

from bot.localapi.entities import EntityParseError, FormattedText, parse_html
from bot.localapi.faults import Fault, FaultKind
from bot.localapi.server import LocalBotApi
from bot.localapi.state import ApiError, Cursor, SentDocument, Unsupported, User

__all__ = [
    "ApiError",
    "Cursor",
    "EntityParseError",
    "Fault",
    "FaultKind",
    "FormattedText",
    "LocalBotApi",
    "SentDocument",
    "Unsupported",
    "User",
    "parse_html",
]
