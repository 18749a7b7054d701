"""The year's commands of a big bloc, timed for `python -m bot bench`: /summary, /export and
/documents for a bloc of 20 units with a 60-criterion scale.

`seed_results` fills a bloc with pledges, both rounds submitted by all but one unit and a few
review decisions (the tests of the results and documents use it too). `time_commands` seeds it
into the real bot running against the emulator (in this process, Telegram's limits off: what is
timed is the bot's work, not the group's budget) with the year-end review closed and the
letterhead entered; then, once to warm up and `repeat` times timed: /summary in the group until
its answer; /export and "Gửi vào nhóm" until both files are sent; /documents, "Gửi vào nhóm"
and "📄 Bảng tổng hợp điểm" until the Word file is sent. It also times `export_files` alone
(the report gathered, the workbook and the chart drawn in worker threads).
`python -m bot.bench_export` prints these figures alone.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bot.actor import Actor
from bot.domain.bloc import Bloc
from bot.domain.review import ExtraKind, Round
from bot.domain.scale import Criterion, Scale, Section
from bot.domain.scores import total
from bot.domain.year import Year
from bot.services import Services
from bot.usecases.documents import save_settings
from bot.usecases.results import export_files
from bot.usecases.scale import as_body
from storage.reviews import ReviewRepo

START = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
FIRST_DELEGATE = 500_000


def synthetic_scale(n_criteria: int) -> Scale:
    """Sections of up to 10 criteria (max 10 step 0.5, max 5 step 0.25), a bonus, a deduction."""
    sections = []
    for start in range(0, n_criteria, 10):
        number = start // 10 + 1
        criteria = [
            Criterion(
                code=f"{number}.{i + 1}",
                title=f"Tiêu chí {start + i + 1}: hoàn thành kế hoạch được giao",
                max=Decimal(10) if i % 2 == 0 else Decimal(5),
                step=Decimal("0.5") if i % 2 == 0 else Decimal("0.25"),
            )
            for i in range(min(10, n_criteria - start))
        ]
        sections.append(Section(code=f"S{number}", title="Công tác chuyên môn", criteria=criteria))
    return Scale(
        name="Thang điểm thi đua",
        sections=sections,
        bonus=[Criterion(code="T1", title="Sáng kiến được công nhận", max=Decimal(2))],
        deductions=[Criterion(code="D1", title="Chậm nộp báo cáo", max=Decimal(2))],
    )


@dataclass(frozen=True)
class Seeded:
    bloc: Bloc
    year: Year
    scale: Scale
    unit_ids: list[int]


async def seed_results(
    services: Services, *, units: int = 20, criteria: int = 60, chat_id: int = -100_999
) -> Seeded:
    """A bloc whose year has everything the export shows (see the module docstring)."""
    now = services.clock.now()
    bloc = await services.blocs.create(
        chat_id=chat_id, name="Khối thi đua các KCN, KKT phía Nam", language="vi",
        timezone="Asia/Ho_Chi_Minh", by=1, now=now,
    )  # fmt: skip
    ids = []
    for i in range(1, units + 1):
        unit = await services.units.add(bloc.id, f"U{i:02d}", f"Ban Quản lý các KCN số {i}", now)
        delegate = FIRST_DELEGATE + i
        await services.units.add_delegate(unit.id, delegate, by=1, now=now)
        await services.users.seen(
            user_id=delegate, username=None, first_name=f"Cán bộ {i}", last_name="Nguyễn",
            language_code="vi", private=True, now=now,
        )  # fmt: skip
        ids.append(unit.id)
    await services.blocs.set_head(bloc.id, head=ids[0], deputy=ids[1])
    year = await services.years.open(bloc.id, 2027, by=1, now=now)
    scale = synthetic_scale(criteria)
    stored = await services.scales.add_version(
        year.id, name=scale.name, source="bench", body=as_body(scale), by=1, now=now
    )
    title = await services.titles.add(bloc.id, "Cờ thi đua của Bộ Tài chính", now)
    for n, unit_id in enumerate(ids, start=1):
        await services.pledges.save(year.id, unit_id, title_ids=[title.id],
                                    commitments="Hoàn thành 100% kế hoạch",
                                    by=FIRST_DELEGATE + n, now=now)  # fmt: skip
    for round_ in Round:
        for n, unit_id in enumerate(ids[:-1]):
            await _assess(services, year, stored.id, scale, round_, unit_id, n)
    reviews = ReviewRepo(services.db)
    first = scale.sections[0].criteria[0]
    for round_ in Round:
        await reviews.set_score(year.id, round_, ids[2], first.code, first.step, "Thiếu minh chứng",
                                by=FIRST_DELEGATE + 1, by_unit=ids[0], now=now)  # fmt: skip
        await reviews.add_extra(year.id, round_, ids[2], ExtraKind.DEDUCTION, Decimal("1.5"),
                                "Vi phạm quy định", by=FIRST_DELEGATE + 2, now=now)  # fmt: skip
    await reviews.exclude(year.id, Round.YEAREND, ids[3], "Vi phạm an toàn", by=1, now=now)
    return Seeded(bloc=bloc, year=year, scale=scale, unit_ids=ids)


async def _assess(
    services: Services, year: Year, scale_id: int, scale: Scale, round_: Round, unit_id: int, n: int
) -> None:
    repo = services.assessments
    now = services.clock.now() + timedelta(days=1 if round_ is Round.MIDYEAR else 200)
    assessment = await repo.start(year.id, unit_id, round_, scale_id=scale_id, now=now)
    scores = {}
    rng = random.Random(f"{round_.value}:{n}")  # the same figures every run
    for _, _, criterion in scale.items():
        steps = int(criterion.max / criterion.step)
        value = criterion.step * (steps - rng.randrange(min(steps, 4) + 1))  # near the top
        scores[criterion.code] = value
        await repo.put(assessment.id, criterion.code, value=value, by=FIRST_DELEGATE, now=now)
    current = await repo.get(year.id, unit_id, round_)
    assert current is not None
    await repo.submit(assessment.id, revision=current.revision, scale_id=scale_id,
                      total=total(scale, scores).total, by=FIRST_DELEGATE, now=now)  # fmt: skip


#: The letterhead the documents need (entered once through /documents by an admin).
LETTERHEAD = {
    "parent_body": "BỘ TÀI CHÍNH",
    "issuing_body": "KHỐI THI ĐUA CÁC KCN, KKT PHÍA NAM",
    "place_name": "Đồng Nai",
    "signer_title": "TRƯỞNG BAN QUẢN LÝ CÁC KCN SỐ 1",
    "signer_name": "Nguyễn Văn Bình",
    "number_prefix": "KTĐ",
    "recipients": ["Các đơn vị thành viên", "Lưu: VT"],
}
SECRETARY = 1  # the bloc's creator in `seed_results`: its admin
KEYS = ("/summary", "/export", "/export: files alone", "/documents")


async def time_commands(
    units: int = 20, criteria: int = 60, repeat: int = 5
) -> dict[str, list[float]]:
    """Seconds of each command (`KEYS`), `repeat` times, through the bot (see the docstring)."""
    from bot.demo.stage import Person, Stage

    times: dict[str, list[float]] = {key: [] for key in KEYS}
    secretary = Person(SECRETARY, "Thư ký", "thu_ky", "thư ký Khối")
    with tempfile.TemporaryDirectory() as folder:
        async with Stage(Path(folder), [secretary], "Khối thi đua phía Nam") as stage:
            services = stage.services
            seeded = await seed_results(
                services, units=units, criteria=criteria, chat_id=stage.group
            )
            await ReviewRepo(services.db).set_closed(
                seeded.year.id, Round.YEAREND, True, by=SECRETARY, now=services.clock.now()
            )
            actor = Actor(user_id=SECRETARY, chat_id=stage.group, private=False)
            await save_settings(services, actor, seeded.bloc, LETTERHEAD)
            await _commands_once(stage, seeded)  # warm-up: imports, fonts, caches
            for _ in range(repeat):
                for key, seconds in (await _commands_once(stage, seeded)).items():
                    times[key].append(seconds)
    return times


async def _commands_once(stage, seeded: Seeded) -> dict[str, float]:  # type: ignore[no-untyped-def]
    async def timed(command: str, *buttons: str) -> float:
        started = time.perf_counter()
        await stage.say(SECRETARY, command, "group")
        for button in buttons:
            await stage.press(SECRETARY, button, "group")
        return time.perf_counter() - started

    started = time.perf_counter()
    await export_files(stage.services, seeded.bloc, seeded.year, "vi")
    alone = time.perf_counter() - started
    return {
        "/summary": await timed("/summary"),
        "/export": await timed("/export", "Gửi vào nhóm"),
        "/export: files alone": alone,
        "/documents": await timed("/documents", "Gửi vào nhóm", "📄 Bảng tổng hợp điểm"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.bench_export", description=__doc__)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--criteria", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    times = asyncio.run(time_commands(args.units, args.criteria, args.repeat))
    print(f"{args.units} units x {args.criteria} criteria, {args.repeat} runs (ms):")
    for key, values in times.items():
        best, median = min(values) * 1000, statistics.median(values) * 1000
        print(f"  {key:<21} best {best:7.1f}   median {median:7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
