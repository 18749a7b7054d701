"""`python -m bot documents --bloc <id> --year <YYYY> --out dir/`: the year-end documents.

Drafts every document the year's data allows, the same files `/documents` sends, into a
folder, and says for the others what they still lack. For an operator: no admin check, the
bloc's letterhead must have been entered once (through `/documents`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.offline_year import add_year_arguments, run_for_year
from bot.settings import Settings
from bot.usecases.documents import draft_year


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    documents = sub.add_parser("documents", help="draft a year's documents (DOCX) into a folder")
    add_year_arguments(documents, "the folder to write into")


async def run_documents(settings: Settings, args: argparse.Namespace) -> int:
    done = await run_for_year(settings, args, draft_year)
    if done is None:
        return 1
    (drafted, skipped), services, lang = done
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for document in drafted:
        (out / document.file_name).write_bytes(document.body)
    t = services.catalog.texts[lang]
    for params in skipped.values():
        print(t["documents.cli_skipped"].format_map(params))
    print(t["documents.cli_written"].format_map({"count": len(drafted), "folder": out}))
    return 0
