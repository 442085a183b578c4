"""The Telegram bot: handlers that parse, call the domain, and reply. Nothing else lives here."""
