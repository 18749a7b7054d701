"""What the offline sub-commands (`export`, `documents`) share: the bloc and year arguments, and
one run against the database without Telegram, whose refusal is printed in the bloc's language.

Why: an operator (or a bloc whose group is gone) gets the same files the commands send, from the
same use cases, with no admin check and no bot running.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from bot.clock import SystemClock
from bot.domain.bloc import Bloc
from bot.domain.year import Year
from bot.errors import UserFacingError
from bot.i18n import plain_text
from bot.registry import Registry
from bot.services import Services
from bot.settings import Settings
from bot.usecases.results import year_by_number
from storage.db import open_database

T = TypeVar("T")


def add_year_arguments(parser: argparse.ArgumentParser, out_help: str) -> None:
    parser.add_argument("--bloc", type=int, required=True, help="the bloc's id")
    parser.add_argument("--year", type=int, required=True, help="the emulation year, e.g. 2027")
    parser.add_argument("--out", type=Path, required=True, help=out_help)
    parser.add_argument("--lang", choices=["vi", "en"], default=None, help="default: the bloc's")


async def run_for_year(
    settings: Settings,
    args: argparse.Namespace,
    work: Callable[[Services, Bloc, Year, str], Awaitable[T]],
) -> tuple[T, Services, str] | None:
    """`work` on the bloc's year: its result, the services and the language; None (the reason
    printed on stderr) when the bloc or year does not exist or has nothing to give."""
    db = await open_database(settings.database_path)
    try:
        services = Services.create(settings, db, SystemClock(), Registry([]))
        lang = args.lang or settings.bot_language
        try:
            bloc, year = await year_by_number(services, args.bloc, args.year)
            lang = args.lang or bloc.language
            return await work(services, bloc, year, lang), services, lang
        except UserFacingError as exc:
            print(plain_text(services.catalog.t(lang, exc.key, **exc.params)), file=sys.stderr)
            return None
    finally:
        await db.close()
