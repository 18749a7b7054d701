"""The offline sandbox, driven by scripted lines as a person at the terminal would type them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox import run_sandbox
from bot.settings import load_settings


async def _lines(*lines: str) -> AsyncIterator[str]:
    for line in lines:
        yield line


async def _run(tmp_path: Path, lang: str, *lines: str) -> str:
    out: list[str] = []
    settings = load_settings(_env_file=None, DATABASE_PATH=tmp_path / "bot.sqlite3")
    code = await run_sandbox(settings, lang=lang, lines=_lines(*lines), out=out.append)
    assert code == 0
    return "\n".join(out)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            [
                "Chế độ chạy thử",
                "Xin chào",
                "Anh/Chị là cán bộ đầu mối của",
                "DLK",
                "Không có người",
            ],
        ),
        ("en", ["sandbox", "Hello", "You are the delegate of", "DLK", "No such person"]),
    ],
)
async def test_sandbox_walks_start_help_lang_me(
    tmp_path: Path, lang: str, expected: list[str]
) -> None:
    text = await _run(
        tmp_path, lang, "/help", ":as Lan", ":private", "/start", "/me", ":as Zed", ":quit"
    )
    for fragment in expected:
        assert fragment in text, fragment


async def test_sandbox_keeps_its_data_between_runs(tmp_path: Path) -> None:
    await _run(tmp_path, "vi", ":as 3", ":private", "/lang en")
    text = await _run(tmp_path, "vi", ":as 3", ":private", "/me")
    assert "You are the delegate of" in text and "DNG" in text
    assert (tmp_path / "sandbox.sqlite3").exists()
