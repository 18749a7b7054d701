"""Issue 17.11 and issue 10 §2.5: `python -m bot` as a real process with a bad database path or
no Bot API prints one line naming the setting and the fix, exits non-zero, and never hangs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.constants import DEPLOYED_FLAGS
from bot.emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
SECONDS = 30


def test_make_run_starts_the_bot_as_the_tests_and_the_benchmark_do() -> None:
    """The processes these tests, the crash tests and the benchmark start are the deployed one."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].splitlines()[1].split()
    assert run == ["$(PY)", *DEPLOYED_FLAGS, "-m", "bot"]


def _env(database: Path | str, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(PYTHONPATH=str(ROOT), DATABASE_PATH=str(database), **more)
    return env


def run_bot(tmp: Path, database: Path | str, *args: str, **env: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, *DEPLOYED_FLAGS, "-m", "bot", *args],
        cwd=tmp,
        env=_env(database, **env),
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )
    return done.returncode, done.stderr.splitlines()


def failed(tmp: Path, database: Path | str, *args: str, **env: str) -> str:
    """The one line a failed start printed (after any ordinary log lines)."""
    code, lines = run_bot(tmp, database, *args, **env)
    assert code == 1, lines
    assert not any("Traceback" in line for line in lines), lines
    assert lines and lines[-1].startswith("The bot cannot start: "), lines
    return lines[-1]


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` unwritable even for root (immutable), or by mode for another user."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode:
            pytest.skip("cannot make a file read-only for root here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=False)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def a_database(path: Path) -> Path:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    return path


def test_a_folder(tmp_path: Path) -> None:
    line = failed(tmp_path, tmp_path, "migrate")
    assert f"DATABASE_PATH={tmp_path} is a folder" in line


def test_a_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    line = failed(tmp_path, tmp_path / "notes.txt" / "db" / "bot.sqlite3", "migrate")
    assert "DATABASE_PATH=" in line and "notes.txt is a file, not a folder" in line


def test_a_folder_that_cannot_be_created(tmp_path: Path) -> None:
    line = failed(tmp_path, "/proc/self/no-such/bot.sqlite3", "migrate")
    assert "DATABASE_PATH=/proc/self/no-such/bot.sqlite3" in line and "cannot be created" in line


def test_a_named_pipe_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "bot.sqlite3")
    line = failed(tmp_path, tmp_path / "bot.sqlite3", "migrate")
    assert "is not a regular file" in line


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    (tmp_path / "bot.sqlite3").write_text("name: a YAML file saved under the wrong name\n")
    line = failed(tmp_path, tmp_path / "bot.sqlite3", "migrate")
    assert "is not an SQLite database" in line


def test_a_damaged_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    line = failed(tmp_path, path, "migrate")
    assert f"DATABASE_PATH={path} could not be opened" in line


def test_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder):
        line = failed(tmp_path, folder / "bot.sqlite3", "migrate")
    assert "DATABASE_PATH=" in line and "is not writable" in line


def test_a_read_only_database(tmp_path: Path) -> None:
    path = a_database(tmp_path / "bot.sqlite3")
    with read_only(path):
        line = failed(tmp_path, path, "migrate")
    assert f"DATABASE_PATH={path} is read-only" in line


def test_a_token_with_no_network(tmp_path: Path) -> None:
    line = failed(
        tmp_path,
        tmp_path / "bot.sqlite3",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
    )
    assert "cannot reach the Telegram Bot API at http://127.0.0.1:9/bot" in line
    assert "check the network or TELEGRAM_API_BASE_URL" in line and TOKEN not in line


async def test_a_token_the_bot_api_refuses(tmp_path: Path) -> None:
    emu = BotApiEmulator(token="654321:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", bot_username="x_bot")
    await emu.start()
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=tmp_path,
            env=_env(
                tmp_path / "bot.sqlite3",
                TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_API_BASE_URL=emu.base_url,
            ),
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(process.communicate(), SECONDS)
    finally:
        await emu.stop()
    lines = err.decode().splitlines()
    assert process.returncode == 1 and "Traceback" not in err.decode()
    assert "refused TELEGRAM_BOT_TOKEN" in lines[-1]


def test_migrate_on_a_good_path_still_works(tmp_path: Path) -> None:
    code, _ = run_bot(tmp_path, tmp_path / "new" / "bot.sqlite3", "migrate")
    assert code == 0 and (tmp_path / "new" / "bot.sqlite3").exists()
