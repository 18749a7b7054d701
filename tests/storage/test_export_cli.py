"""`python -m bot export`: the year's workbook and chart from the database, without Telegram."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.__main__ import main
from bot.clock import MovableClock
from bot.domain.review import ExtraKind, Round
from bot.usecases.scale import as_body, sample_scale
from storage.blocs import BlocRepo
from storage.db import open_database
from storage.pledges import PledgeRepo, TitleRepo
from storage.reviews import ReviewRepo
from storage.scales import ScaleRepo
from storage.units import UnitRepo
from storage.users import UserRepo
from storage.years import YearRepo

NOW = datetime(2027, 3, 2, 2, 0, tzinfo=UTC)


async def _seed(path: Path) -> int:
    db = await open_database(path)
    try:
        clock = MovableClock(NOW)
        bloc = await BlocRepo(db).create(
            chat_id=-1001, name="Khối các KCN phía Nam", language="vi",
            timezone="Asia/Ho_Chi_Minh", by=1, now=clock.now(),
        )  # fmt: skip
        aa = await UnitRepo(db).add(bloc.id, "DNI", "Ban Quản lý các KCN Đồng Nai", clock.now())
        bb = await UnitRepo(db).add(bloc.id, "BDG", "Ban Quản lý các KCN Bình Dương", clock.now())
        await UnitRepo(db).add_delegate(aa.id, 11, by=1, now=clock.now())
        await UserRepo(db).seen(user_id=11, username=None, first_name="Lan", last_name="Nguyễn",
                                language_code="vi", private=True, now=clock.now())  # fmt: skip
        await BlocRepo(db).set_head(bloc.id, head=aa.id, deputy=bb.id)
        year = await YearRepo(db).open(bloc.id, 2027, by=1, now=clock.now())
        scale = sample_scale()
        await ScaleRepo(db).add_version(
            year.id, name=scale.name, source="sample", body=as_body(scale), by=1, now=clock.now()
        )
        title = await TitleRepo(db).add(bloc.id, "Cờ thi đua của Bộ Tài chính", clock.now())
        await PledgeRepo(db).save(year.id, aa.id, title_ids=[title.id], commitments="=1+1",
                                  by=11, now=clock.now())  # fmt: skip
        reviews = ReviewRepo(db)
        await reviews.add_extra(year.id, Round.MIDYEAR, bb.id, ExtraKind.DEDUCTION,
                                Decimal("1.5"), "Vi phạm", by=1, now=clock.now())  # fmt: skip
        return bloc.id
    finally:
        await db.close()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "BOT_LANGUAGE", "BOT_TIMEZONE", "TELEGRAM_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    return path


async def test_export_writes_the_workbook_and_no_empty_chart(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bloc_id = await _seed(env)
    out = tmp_path / "out" / "khoi-2027.xlsx"
    args = ["export", "--bloc", str(bloc_id), "--year", "2027", "--out", str(out)]
    code = await asyncio.to_thread(main, args)
    assert code == 0
    assert "no chart (nothing ranked yet)" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "Đơn vị", "Đăng ký thi đua", "Xếp hạng", "Bầu và bình xét", "Nhật ký",
    ]  # fmt: skip
    units = list(wb["Đơn vị"].iter_rows(min_row=2, values_only=True))
    assert units == [
        (1, "BDG", "Ban Quản lý các KCN Bình Dương", None, "Khối phó năm 2027"),
        (2, "DNI", "Ban Quản lý các KCN Đồng Nai", "Lan Nguyễn", "Khối trưởng năm 2027"),
    ]
    pledge = wb["Đăng ký thi đua"]["D2"]
    assert pledge.value == "=1+1" and pledge.data_type == "s"
    assert wb["Xếp hạng"]["A2"].value == "Chưa có đơn vị nào nộp bản tự chấm điểm."
    log = list(wb["Nhật ký"].iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in log] == ["Đăng ký thi đua", "Thêm điểm trừ"]
    assert log[1][2:4] == ("BDG", "sơ kết 6 tháng") and log[1][7] == 1.5
    assert not out.with_suffix(".png").exists()  # as /export: nothing submitted, nothing drawn
    again = tmp_path / "again.xlsx"
    assert await asyncio.to_thread(main, [*args[:-1], str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


async def test_export_of_a_missing_year_says_so(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bloc_id = await _seed(env)
    args = ["export", "--bloc", str(bloc_id), "--year", "2030", "--out", str(tmp_path / "x.xlsx")]
    assert await asyncio.to_thread(main, args) == 1
    refusal = "Khối không có năm thi đua 2030. Các năm thi đua của Khối: 2027."  # as /export 2030
    assert refusal in capsys.readouterr().err
    args = [
        "export",
        "--bloc",
        "99",
        "--year",
        "2027",
        "--out",
        str(tmp_path / "x.xlsx"),
        "--lang",
        "en",
    ]
    assert await asyncio.to_thread(main, args) == 1
    assert "There is no bloc with id 99." in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
