"""Draw the README's pictures of the year-end documents: the first page of each, as LibreOffice
lays it out.

Run from the repository root: `python docs/make_documents_pictures.py` (needs `soffice` and
`pdftoppm`/`pdftotext`, e.g. `apt-get install libreoffice-writer-nogui poppler-utils
fonts-liberation`). It seeds a throw-away database with the tests' full year (six units, both
rounds reviewed, head and deputy elected, a bình xét with two titles and a tie), drafts every
document exactly as `/documents` does, converts each to PDF with LibreOffice headless (which
also checks that LibreOffice opens them), checks the PDF's text, and writes
docs/documents-<name>.png (the first page, small).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.actor import Actor  # noqa: E402
from bot.bench_export import START  # noqa: E402
from bot.clock import MovableClock  # noqa: E402
from bot.domain.documents import DocName  # noqa: E402
from bot.registry import Registry  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.usecases import documents  # noqa: E402
from storage.db import open_database  # noqa: E402
from tests.documents.year import ADMIN, full_year  # noqa: E402

DPI = 60


async def _drafts(folder: Path) -> list[Path]:
    settings = load_settings(_env_file=None, DATABASE_PATH=folder / "docs.sqlite3")
    db = await open_database(settings.database_path)
    try:
        clock = MovableClock(START)
        services = Services.create(settings, db, clock, Registry([]))
        year = await full_year(services, clock)
        actor = Actor(user_id=ADMIN, chat_id=ADMIN, private=True)
        paths = []
        for name in DocName:
            drafted = await documents.draft(services, actor, year.seeded.bloc, name, "vi")
            path = folder / drafted.file_name
            path.write_bytes(drafted.body)
            paths.append(path)
        return paths
    finally:
        await db.close()


def main() -> None:
    for tool in ("soffice", "pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed; no pictures drawn")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = asyncio.run(_drafts(folder))
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, paths),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        for path in paths:
            pdf = path.with_suffix(".pdf")
            text = subprocess.run(
                ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
            ).stdout
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text, path.name
            name = path.stem.removesuffix("-2027")
            out = ROOT / "docs" / f"documents-{name}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(DPI),
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(out),
                ],
                check=True,
            )
            print(f"{out.relative_to(ROOT)}.png ({text.count(chr(12))} pages)")


if __name__ == "__main__":
    main()
