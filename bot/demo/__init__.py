"""`python -m bot demo`: a whole emulation year for the bundled 11-unit bloc, in under a minute.

The real bot (every feature, its database, scheduler and notifier) runs against the built-in
Telegram emulator while a script plays the secretary and the eleven delegates through the year
(`bot.demo.chapters`, `bot.demo.closing`) on a movable clock. It writes what everyone saw
(`transcript.md`), the files the bot sent (the export, the documents) and the database into a
folder (`data/demo/` by default) and prints where they are. The sandbox's `:play` runs the same
year. A chapter whose capability the bot lacks is skipped and said so.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.demo.stage import Stage, vn
from bot.demo.year import Act, Cast

log = logging.getLogger(__name__)


@dataclass
class DemoResult:
    folder: Path
    transcript: Path
    files: list[Path] = field(default_factory=list)
    played: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    actions: int = 0


def acts() -> list[Act]:
    from bot.demo.chapters import OPENING
    from bot.demo.closing import CLOSING

    return [*OPENING, *CLOSING]


async def play_year(
    folder: Path, *, only: list[str] | None = None, cast: Cast | None = None
) -> DemoResult:
    """Play the year (or the acts whose titles start with one of `only`) into `folder`."""
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    cast = cast or Cast.bundled()
    result = DemoResult(folder, folder / "transcript.md")
    stage = Stage(folder, cast.people, "Khối thi đua Tây Nguyên – Duyên hải")
    try:
        async with stage:
            commands = {name for name, _ in stage.services.registry.commands}
            stage.clock.set(vn(2026, 1, 5))
            for act in acts():
                if only and not any(act.title.startswith(o) for o in only):
                    continue
                if act.needs and act.needs not in commands:
                    result.skipped.append(f"{act.title} (the bot has no /{act.needs} yet)")
                    continue
                stage.transcript.chapter(act.title)
                await act.play(stage, cast)
                result.played.append(act.title)
    finally:  # written even when a chapter fails: the transcript shows where
        _write(result, cast, stage)
    result.seconds = time.monotonic() - started
    return result


def _write(result: DemoResult, cast: Cast, stage: Stage) -> None:
    transcript = stage.transcript
    result.actions = transcript.actions
    head = [
        "# A year of the emulation bloc, as its people saw it (demo)",
        "",
        f"The bundled bloc, {len(cast.units)} units; played chapters: "
        + "; ".join(result.played)
        + (f". Skipped: {'; '.join(result.skipped)}" if result.skipped else ""),
    ]
    result.transcript.write_text("\n".join(head) + "\n" + transcript.text(), encoding="utf-8")
    for name, data in transcript.files.items():
        path = result.folder / name
        path.write_bytes(data)
        result.files.append(path)


async def play_in_sandbox(out: Callable[[str], None], folder: Path = Path("data/demo")) -> None:
    """The sandbox's `:play`: the same year on its own emulator and database (the sandbox's
    bloc is left as it is), then where to read it."""
    out(f"Playing a whole year for the sample bloc (about {len(acts())} chapters)…")
    result = await play_year(folder)
    out(
        f"Played in {result.seconds:.0f} s ({result.actions} actions). Read it: {result.transcript}"
    )
    for path in result.files:
        out(f"File the bot sent: {path}")


def main(folder: Path) -> int:
    """The command: play, then say where everything is."""
    logging.getLogger().setLevel(logging.WARNING)
    result = asyncio.run(play_year(folder))
    print(f"Played a year in {result.seconds:.0f} s ({result.actions} actions through Telegram).")
    print(f"Transcript: {result.transcript}")
    for path in result.files:
        print(f"File the bot sent: {path}")
    print(f"Database: {folder / 'demo.sqlite3'}")
    for skipped in result.skipped:
        print(f"Skipped: {skipped}")
    return 0
