"""`python -m bot.localapi --port 8081`: the local Bot API server in its own process."""

from __future__ import annotations

import argparse

from bot.localapi.server import run_forever


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bot.localapi", description="Local Telegram Bot API server"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument(
        "--lenient-ampersand",
        action="store_true",
        help='accept a bare "&" in HTML text, as Telegram itself does',
    )
    args = parser.parse_args(argv)
    run_forever(args.host, args.port, strict_ampersand=not args.lenient_ampersand)


if __name__ == "__main__":
    main()
