"""The year a bloc would open next, and the refusal that names it when a bloc has no open year.

One rule for every "no open year" answer (/year, /deadline, /pledge, /assess, /election,
/review, /scale…), so they all suggest the same `/year <number>`, computed rather than written
into the catalog (`bot.domain.calendar.year_to_open`): the year after the bloc's last one, and
never a year already behind the calendar (a bloc that skipped a year opens the current one);
before any year, this calendar year in the bloc's zone (the year its pledges and reviews are
about), or from October the coming one (blocs sign its covenant at the year's end).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.domain.bloc import Bloc
from bot.domain.calendar import year_to_open
from bot.errors import NotFound
from bot.services import Services


async def next_year(services: Services, bloc: Bloc) -> int:
    """The year to offer opening (see the module's docstring)."""
    today = services.clock.now().astimezone(ZoneInfo(bloc.timezone)).date()
    return year_to_open(today, await services.years.highest(bloc.id))


async def no_open_year(services: Services, bloc: Bloc, key: str) -> NotFound:
    """The refusal `key` (its text names `/year {next}`) for a bloc with no open year."""
    return NotFound(key, next=await next_year(services, bloc))
