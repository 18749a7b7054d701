"""The year a bloc would open next, and the refusal that names it when a bloc has no open year.

One rule for every "no open year" answer (/year, /deadline, /pledge, /assess, /election,
/review, /scale…), so they all suggest the same `/year <number>`, computed rather than written
into the catalog (`bot.domain.calendar.year_to_open`): the year after the bloc's last one, and
never a year already behind the calendar (a bloc that skipped a year opens the current one);
before any year, this calendar year in the bloc's zone (the year its pledges and reviews are
about), or from October the coming one (blocs sign its covenant at the year's end).
The same rule judges a year an admin asks to open (`opening`): another year is shown back with
a warning naming the usual one, since an opened year stays in the bloc's history for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.bloc import Bloc
from bot.domain.calendar import OpenNote, open_year_note, year_to_open
from bot.errors import NotFound
from bot.services import Services


@dataclass(frozen=True)
class Opening:
    """A year an admin asks to open, as its confirmation shows it."""

    year: int
    #: The year the bot would name (`year_to_open`).
    usual: int
    #: The bloc's last year (None: it never had one).
    last: int | None
    #: What is unusual about opening `year` (None: it is the usual one).
    note: OpenNote | None


async def _today_and_last(services: Services, bloc: Bloc) -> tuple[date, int | None]:
    today = services.clock.now().astimezone(ZoneInfo(bloc.timezone)).date()
    return today, await services.years.highest(bloc.id)


async def next_year(services: Services, bloc: Bloc) -> int:
    """The year to offer opening (see the module's docstring)."""
    return year_to_open(*await _today_and_last(services, bloc))


async def next_if_none_open(services: Services, bloc: Bloc) -> int | None:
    """The year to open when the bloc has no open year (every such answer names it), else None."""
    if await services.years.current(bloc.id) is not None:
        return None
    return await next_year(services, bloc)


async def opening(services: Services, bloc: Bloc, number: int) -> Opening:
    """The year `number` asked to open, with what is unusual about it and the usual year."""
    today, last = await _today_and_last(services, bloc)
    note = open_year_note(number, today, last)
    return Opening(number, year_to_open(today, last), last, note)


async def no_open_year(services: Services, bloc: Bloc, key: str) -> NotFound:
    """The refusal `key` (its text names `/year {next}`) for a bloc with no open year."""
    return NotFound(key, next=await next_year(services, bloc))
