"""`python -m bot documents --bloc <id> --year <YYYY> --out dir/`: the year-end documents.

Drafts every document the year's data allows, the same files `/documents` sends, into a
folder, and says for the others what they still lack. For an operator: no admin check, the
bloc's letterhead must have been entered once (through `/documents`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.clock import SystemClock
from bot.errors import UserFacingError
from bot.i18n import plain_text
from bot.registry import Registry
from bot.services import Services
from bot.settings import Settings
from bot.usecases.documents import draft_year
from bot.usecases.results import year_by_number
from storage.db import open_database


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    documents = sub.add_parser("documents", help="draft a year's documents (DOCX) into a folder")
    documents.add_argument("--bloc", type=int, required=True, help="the bloc's id")
    documents.add_argument("--year", type=int, required=True, help="the emulation year, e.g. 2027")
    documents.add_argument("--out", type=Path, required=True, help="the folder to write into")
    documents.add_argument("--lang", choices=["vi", "en"], default=None, help="default: the bloc's")


async def run_documents(settings: Settings, args: argparse.Namespace) -> int:
    db = await open_database(settings.database_path)
    try:
        services = Services.create(settings, db, SystemClock(), Registry([]))
        lang = args.lang or settings.bot_language
        try:
            bloc, year = await year_by_number(services, args.bloc, args.year)
            lang = args.lang or bloc.language
            drafted, skipped = await draft_year(services, bloc, year, lang)
        except UserFacingError as exc:
            print(plain_text(services.catalog.t(lang, exc.key, **exc.params)), file=sys.stderr)
            return 1
    finally:
        await db.close()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for document in drafted:
        (out / document.file_name).write_bytes(document.body)
    t = services.catalog.texts[lang]
    for params in skipped.values():
        print(t["documents.cli_skipped"].format_map(params))
    print(t["documents.cli_written"].format_map({"count": len(drafted), "folder": out}))
    return 0
