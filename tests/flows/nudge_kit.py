"""A scene for nudge rounds: the emulator, a real PTB `Bot`, a migrated database and blocs
whose units and delegates are seeded through the repositories (people who started the bot).

The pending provider of the pledge phase here is the plain rule "no registered pledge"; the
Application's own providers come from the features through the registry.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.clock import MovableClock
from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase
from bot.domain.year import Year
from bot.emulator import BotApiEmulator, FloodLimits
from bot.nudge_sender import BotSender
from bot.nudging import Nudger
from bot.services import Services
from bot.settings import load_settings
from storage.db import open_database

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
ADMIN = 9001


async def no_pledge(services: Services, bloc: Bloc, year: Year) -> list[Unit]:
    """Units of the bloc without a registered pledge this year."""
    registered = await services.pledges.of_year(year.id)
    return [u for u in await services.units.list(bloc.id) if u.id not in registered]


@dataclass
class Scene:
    emu: BotApiEmulator
    services: Services
    clock: MovableClock
    bot: Bot
    waits: list[float] = field(default_factory=list)
    nudger: Nudger | None = None

    async def _sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def make_nudger(self) -> Nudger:
        """A fresh Nudger (what a restarted process builds) over the same database."""
        send = BotSender(self.bot, sleep=self._sleep)
        self.nudger = Nudger(self.services, {Phase.PLEDGE: no_pledge}, send)
        return self.nudger

    async def bloc(
        self, n: int, units: int, *, per_unit: int = 1, started: bool = True, first_user: int = 0
    ) -> tuple[Bloc, Year, list[Unit]]:
        """Bloc `n` with `units` units of `per_unit` delegates each, and an open year; the
        delegates are users 10_000 * n + 1, + 2, … in unit order."""
        s, now = self.services, self.clock.now()
        people = [ADMIN] + [first_user + 10_000 * n + 1 + i for i in range(units * per_unit)]
        for person in people:
            if person not in self.emu.world.users:
                self.emu.add_user(person, f"Người {person}", language_code="vi")
            if started:
                self.emu.start_bot(person)
        chat = self.emu.add_group(f"Khối {n}", members=people, admins=[ADMIN])
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
                user = people[1 + i * per_unit + j]
                await s.units.add_delegate(unit.id, user, by=ADMIN, now=now)
            made.append(unit)
        year = await s.years.open(bloc.id, 2026, by=ADMIN, now=now)
        return bloc, year, made

    async def deadline(self, year: Year, due: datetime, phase: Phase = Phase.PLEDGE) -> None:
        await self.services.years.set_deadline(
            year.id, phase.value, due, by=ADMIN, now=self.clock.now()
        )

    async def pledge(self, year: Year, unit: Unit) -> None:
        await self.services.pledges.save(
            year.id, unit.id, title_ids=[], commitments="Cam kết", by=ADMIN, now=self.clock.now()
        )

    def private_texts(self, user_id: int) -> list[str]:
        return [m.text for m in self.emu.bot_messages(user_id)]

    def group_texts(self, bloc: Bloc) -> list[str]:
        return [m.text for m in self.emu.bot_messages(bloc.chat_id)]


@pytest.fixture(name="scene")
async def scene_fixture(tmp_path: Path, clock: MovableClock) -> AsyncIterator[Scene]:
    """Import it into a test module to use the `scene` fixture."""
    emu = BotApiEmulator(token=TOKEN, bot_username="bloc_bot", flood=FloodLimits(enabled=False))
    await emu.start()
    settings = load_settings(
        _env_file=None,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=emu.base_url,
        DATABASE_PATH=tmp_path / "bot.sqlite3",
    )
    db = await open_database(settings.database_path)
    bot = Bot(
        TOKEN,
        base_url=settings.telegram_api_base_url,
        request=HTTPXRequest(connection_pool_size=64, httpx_kwargs={"verify": False}),
    )
    await bot.initialize()
    try:
        yield Scene(emu=emu, services=Services.create(settings, db, clock), clock=clock, bot=bot)
    finally:
        await bot.shutdown()
        await db.close()
        await emu.stop()


def days(n: float) -> timedelta:
    return timedelta(days=n)
