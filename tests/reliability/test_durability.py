"""Durability: SIGKILL during writes, a full disk at a write, `python -m bot backup`.

The bot keeps one SQLite database in WAL mode. A killed process must leave it consistent
(every transaction whole or absent); a full disk must fail the action it hit, tell the user and
leave nothing half-written; and the backup command must give a copy that opens and holds
every row, even while the bot writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.backup import backup, row_counts, verify
from storage.db import open_database
from tests.flows.conftest import ALICE, Harness
from tests.flows.year_setup import make_bloc, open_year
from tests.reliability.conftest import scaled
from tests.reliability.snapshot import changed, snapshot

ROOT = Path(__file__).resolve().parents[2]
BATCH = 40


def _env(**extra: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **extra}


@contextlib.contextmanager
def _writer(path: Path) -> Iterator[subprocess.Popen[str]]:
    """The writer child, running once its first batch is committed; SIGKILLed on the way out."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(path), str(BATCH)],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().startswith("ready")
        yield process
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)


def _consistent(path: Path) -> int:
    """Integrity, every batch whole, the total equal to the rows; returns the rows."""
    conn = sqlite3.connect(path)
    try:
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        torn = conn.execute(
            "SELECT batch, COUNT(*) FROM soak_rows GROUP BY batch HAVING COUNT(*) != ?", (BATCH,)
        ).fetchall()
        assert torn == [], f"half-written batches: {torn}"
        rows = conn.execute("SELECT COUNT(*) FROM soak_rows").fetchone()[0]
        assert conn.execute("SELECT rows FROM soak_total").fetchone()[0] == rows
        return int(rows)
    finally:
        conn.close()


def test_sigkill_during_writes_leaves_every_transaction_whole_or_absent(tmp_path: Path) -> None:
    path, rng, rows = tmp_path / "bot.sqlite3", random.Random(16), 0
    for _ in range(scaled(3, 25)):
        with _writer(path):
            asyncio.run(asyncio.sleep(rng.uniform(0.0, 0.4)))  # SIGKILL lands mid-transaction
        now = _consistent(path)
        assert now >= rows + BATCH  # the committed batches survived, new ones were added
        rows = now


def test_backup_while_writing_is_one_consistent_moment(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with _writer(path):
        for i in range(scaled(3, 15)):
            report = backup(path, tmp_path / f"copy{i}.sqlite3")
            assert _consistent(report.target) == report.tables["soak_rows"] > 0
            assert not list(tmp_path.glob(".*partial"))


async def test_backup_of_a_running_bot_opens_and_holds_everything(
    bot: Harness, tmp_path: Path
) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await _pledge_up_to_text(bot)
    await bot.say(ALICE, ALICE, "Cam kết hoàn thành 100% chỉ tiêu.")
    folder = tmp_path / "backups"
    folder.mkdir()
    report = await asyncio.to_thread(backup, bot.settings.database_path, folder)
    assert report.target.parent == folder and report.schema_version >= 3
    live = await snapshot(bot.services.db, skip=frozenset())
    copy = await open_database(report.target)
    try:
        assert await snapshot(copy, skip=frozenset()) == live
        draft = await copy.fetch_value("SELECT data FROM flows WHERE user_id = ?", (ALICE,))
        assert "Cam kết hoàn thành 100% chỉ tiêu." in json.dumps(
            json.loads(draft), ensure_ascii=False
        )
    finally:
        await copy.close()
    assert not Path(f"{report.target}-wal").exists() or verify(report.target).tables


def test_backup_command_line(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "bot", "migrate"],
        cwd=tmp_path,
        env=_env(DATABASE_PATH=str(path)),
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "backup", str(tmp_path / "out" / "copy.sqlite3")],
        cwd=tmp_path,
        env=_env(DATABASE_PATH=str(path)),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Backup written to" in done.stdout and "checked" in done.stdout
    conn = sqlite3.connect(tmp_path / "out" / "copy.sqlite3")
    assert row_counts(conn)["schema_version"] >= 3
    conn.close()
    missing = subprocess.run(
        [sys.executable, "-m", "bot", "backup", str(tmp_path / "x.sqlite3")],
        cwd=tmp_path,
        env=_env(DATABASE_PATH=str(tmp_path / "none.sqlite3")),
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "no database at" in missing.stdout
    assert not (tmp_path / "none.sqlite3").exists()


async def _pledge_up_to_text(bot: Harness) -> None:
    """Alice's /pledge with one title, at the commitments step."""
    await bot.say(ALICE, ALICE, "/start")
    await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, text="Bằng khen")
    await bot.press(ALICE, ALICE, text="Tiếp")


async def test_a_full_disk_fails_the_write_tells_the_user_and_keeps_nothing_half_written(
    bot: Harness,
) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await _pledge_up_to_text(bot)
    db = bot.services.db
    before = await snapshot(db)
    pages = await db.fetch_value("PRAGMA page_count")
    await db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's SQLITE_FULL, on demand
    # 2,900 three-byte characters: the draft needs new pages, which the disk no longer has.
    answers = await bot.say(ALICE, ALICE, "Cam kết " + "ệ" * 2900)
    assert changed(before, await snapshot(db)) == []
    assert len(answers) == 1, [a.text for a in answers]
    assert "bộ nhớ của máy chủ bot đã đầy" in answers[0].text, answers[0].text
    await db.execute("PRAGMA max_page_count = 1073741823")
    [saved] = await bot.say(ALICE, ALICE, "Cam kết ngắn.")
    assert "13/3.000" in saved.text, saved.text


@contextlib.contextmanager
def _tiny_filesystem(folder: Path, kilobytes: int) -> Iterator[Path]:
    """A tmpfs of `kilobytes` mounted at `folder` (root only); skips the test elsewhere."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the page-limit test covers it")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> Path:
    """Take every free byte of the filesystem."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0" * 4096):
                pass
    finally:
        os.close(fd)
    return filler


async def test_a_really_full_disk_is_told_and_the_bot_recovers_once_space_is_freed(
    harness: Harness, tmp_path: Path
) -> None:
    with _tiny_filesystem(tmp_path / "small", 4096) as small:
        harness.settings = harness.settings.model_copy(
            update={"database_path": small / "bot.sqlite3"}
        )
        await harness.start()
        bot = harness
        await make_bloc(bot, delegates={"DLK": [ALICE]})
        await open_year(bot)
        await _pledge_up_to_text(bot)
        await bot.say(ALICE, ALICE, "Dòng một.")
        before = await snapshot(bot.services.db)
        filler = _fill(small)
        answers = await bot.say(ALICE, ALICE, "Cam kết " + "ệ" * 2900)
        assert answers, "the user was told nothing"
        assert all("bộ nhớ của máy chủ bot đã đầy" in a.text for a in answers), answers
        filler.unlink()
        assert changed(before, await snapshot(bot.services.db)) == []
        [saved] = await bot.say(ALICE, ALICE, "Dòng hai.")
        assert "19/3.000" in saved.text, saved.text
        await bot.stop()
