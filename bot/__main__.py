"""Command line: `python -m bot ask|serve|telegram`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable

from bot.config import get_settings


def main(argv: list[str] | None = None) -> int:
    """Dispatch a sub-command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Ask Viet Nam")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question (or one per line from stdin)")
    ask.add_argument("question", nargs="?", help="omit to read questions from stdin")
    ask.add_argument("--site", default=None, help="site id from the sites config")
    ask.add_argument("--lang", default=None, help="preferred answer language")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per line)")
    serve = sub.add_parser("serve", help="run the web API, widget and Telegram webhook")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=None)
    sub.add_parser("telegram", help="run the Telegram bot with long polling")
    args = parser.parse_args(argv)
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.command == "ask":
        return _ask(args)
    if args.command == "serve":
        from bot.channels.web.server import serve as run_server

        run_server(settings, host=args.host, port=args.port, workers=args.workers)
        return 0
    from bot.channels.telegram.application import run_polling
    from bot.services import build_services

    if settings.telegram_token is None:
        print("Set ASKVN_TELEGRAM_TOKEN (in the environment or .env) to run the Telegram bot.")
        return 2
    run_polling(build_services(settings, ingest_if_empty=True))
    return 0


def _ask(args: argparse.Namespace) -> int:
    from bot.answering.models import Answer
    from bot.i18n import t
    from bot.services import build_services

    services = build_services(get_settings(), ingest_if_empty=True)
    site = services.sites.get(args.site)
    if site is None:
        print(f"Unknown site: {args.site}", file=sys.stderr)
        return 2
    questions: Iterable[str] = [args.question] if args.question else sys.stdin
    for raw in questions:
        question = raw.strip()
        if not question:
            continue
        answer: Answer = services.answerer.answer(question, site=site, lang=args.lang)
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
            continue
        print(answer.answer)
        if answer.sources:
            print(f"\n{t('sources', answer.language)}:")
            for n, source in enumerate(answer.sources, 1):
                date = f" ({source.published})" if source.published else ""
                print(f"  [{n}] {source.title}{date} — {source.url}")
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
