"""The demo plays the whole year through the real bot (every chapter: the bot now has every
capability) and writes what people saw and the files the bot sent."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.demo import acts, play_year


async def test_the_demo_plays_the_whole_year(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    result = await play_year(tmp_path)
    assert result.skipped == []
    assert result.played == [a.title for a in acts()]
    text = result.transcript.read_text(encoding="utf-8")
    for seen in (
        "(group) Hùng, thư ký Khối: /setup",
        "(Bình ↔ bot) Bình, đầu mối BDI: /pledge",  # DESIGN: "đại diện" suggests the leader
        "đã đăng ký thi đua — 11/11 đơn vị",
        "⏰ Còn 7 ngày nữa đến thời hạn Sơ kết 6 tháng",
        "đã gửi bản tự chấm điểm Tổng kết năm — 11/11 đơn vị",
        "Bầu vòng hai giữa DLK và DNG",
        ": DLK, GLA\n",  # the flag's two proposed units
        "Xếp hạng Tổng kết năm",
        "• DLK: 100 → 86,5 (−13,5)",  # a minus sign, as the review shows deductions
    ):
        assert seen in text, seen
    assert "Xin lỗi, đã có lỗi" not in text
    names = {p.name for p in result.files}
    assert {"ket-qua-thi-dua-2026.xlsx", "xep-hang-2026.png", "totrinh-2026.docx"} <= names
    assert (tmp_path / "demo.sqlite3").exists()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
