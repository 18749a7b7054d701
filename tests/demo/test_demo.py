"""The demo plays the year through the real bot; the default run plays its first chapters (the
whole year under SOAK=1 or `python -m bot demo`), and checks what people saw and what it wrote."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.demo import acts, play_year

WHOLE = os.environ.get("SOAK", "") not in ("", "0")


async def test_the_demo_plays_the_year_and_writes_its_transcript(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    only = None if WHOLE else ["Setting up", "Invite", "The year", "Pledges"]
    result = await play_year(tmp_path, only=only)
    text = result.transcript.read_text(encoding="utf-8")
    assert "✅ BDI đã đăng ký thi đua — 1/11 đơn vị" in text
    assert "đã đăng ký thi đua — 11/11 đơn vị" in text
    assert "(group) Hùng, thư ký Khối: /setup" in text
    assert (tmp_path / "demo.sqlite3").exists()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    assert "Xin lỗi, đã có lỗi" not in text
    if WHOLE:
        skipped = {s.split(" (")[0] for s in result.skipped}
        assert set(result.played) | skipped == {a.title for a in acts()}
        assert result.seconds < 60
