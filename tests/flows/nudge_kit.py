"""Nudge rounds on the running bot: blocs seeded through the repositories, the Application's
`Nudger` (or a fresh one over its services, as a second process would have), ticks followed
until the notifier is idle. Who is pending comes from the features through the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase
from bot.domain.year import Year
from bot.nudging import FOLLOW_UP, Nudger, RoundReport
from handlers.remind import button_for
from tests.flows.conftest import Harness
from views.remind import nudge_texts

ADMIN = 9001


@dataclass
class Totals:
    """What a tick and its follow-ups did together."""

    reports: list[RoundReport] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return sum(r.queued for r in self.reports)

    @property
    def group(self) -> bool:
        return any(r.group for r in self.reports)

    @property
    def point(self) -> str | None:
        return self.reports[0].point


@dataclass
class Nudges:
    h: Harness
    nudger: Nudger | None = None

    def fresh(self) -> Nudger:
        """Another Nudger over the running Application's services and registry."""
        registry = self.h.services.registry
        self.nudger = Nudger(
            self.h.services, registry.pending, nudge_texts(), button=button_for(registry)
        )
        return self.nudger

    def app_nudger(self) -> Nudger:
        """The running Application's own Nudger (after a restart: the new one's)."""
        nudger = self.h.services.nudger
        assert nudger is not None
        self.nudger = nudger
        return nudger

    async def tick(self, bloc: Bloc, phase: Phase = Phase.PLEDGE) -> Totals:
        """Tick, let the notifier send, and tick again while the digest waits."""
        nudger = self.nudger or self.app_nudger()
        totals = Totals()
        while True:
            report = await nudger.tick(bloc.id, phase)
            totals.reports.append(report)
            await self.h.settle()
            if not report.waiting:
                return totals

    async def bloc(
        self, n: int, units: int, *, per_unit: int = 1, started: bool = True
    ) -> tuple[Bloc, Year, list[Unit]]:
        """Bloc `n` with `units` units of `per_unit` delegates each, and an open year; the
        delegates are users 10_000 * n + 1, + 2, … in unit order."""
        emu, s, now = self.h.emu, self.h.services, self.h.clock.now()
        people = [10_000 * n + 1 + i for i in range(units * per_unit)]
        if ADMIN not in emu.world.users:
            emu.add_user(ADMIN, "Quản trị", language_code="vi")
        for person in people:
            emu.add_user(person, f"Người {person}", language_code="vi")
            if started:
                emu.start_bot(person)
        chat = emu.add_group(f"Khối {n}", members=[ADMIN, *people], admins=[ADMIN])
        bloc = await s.blocs.create(
            chat_id=chat,
            name=f"Khối {n}",
            language="vi",
            timezone="Asia/Ho_Chi_Minh",
            by=ADMIN,
            now=now,
        )
        made = []
        for i in range(units):
            unit = await s.units.add(bloc.id, f"U{n}X{i:02d}", f"Đơn vị {i}", now)
            for j in range(per_unit):
                await s.units.add_delegate(unit.id, people[i * per_unit + j], by=ADMIN, now=now)
            made.append(unit)
        year = await s.years.open(bloc.id, 2026, by=ADMIN, now=now)
        return bloc, year, made

    async def deadline(self, year: Year, due: datetime, phase: Phase = Phase.PLEDGE) -> None:
        await self.h.services.years.set_deadline(
            year.id, phase.value, due, by=ADMIN, now=self.h.clock.now()
        )

    async def pledge(self, year: Year, unit: Unit) -> None:
        await self.h.services.pledges.save(
            year.id, unit.id, title_ids=[], commitments="Cam kết", by=ADMIN, now=self.h.clock.now()
        )

    def private_texts(self, user_id: int) -> list[str]:
        return [m.text for m in self.h.emu.bot_messages(user_id)]

    def group_texts(self, bloc: Bloc) -> list[str]:
        return [m.text for m in self.h.emu.bot_messages(bloc.chat_id)]

    def per_person(self, people: list[int]) -> dict[int, int]:
        return {p: len(self.private_texts(p)) for p in people}


def days(n: float) -> timedelta:
    return timedelta(days=n)


async def run_jobs(bot: Harness) -> None:
    """The scheduler's jobs due now, and their follow-up once the private messages have gone
    (the digest)."""
    await bot.services.scheduler.run_due()
    await bot.settle()
    bot.clock.move(FOLLOW_UP)
    await bot.services.scheduler.run_due()
    await bot.settle()
