"""The repositories whose reads every update repeats, answered through the `ReadCache`.

Only reads are overridden, each naming the tables its rows come from; writes stay the base
class's (the database counts them, which is what invalidates). `CachedFlowRepo.save` also skips
the "any other flow goes idle" statement (and its transaction) when no other flow is active,
which it knows from the cached active flow: a step of a flow is then one statement. Drafts are
cached per person (a mark per user, touched by this repository's writes), not per table.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.bloc import Bloc, Membership, Unit
from bot.domain.elections import Election
from bot.domain.year import Deadline, Pledge, StoredScale, Title, Year
from storage.blocs import BlocRepo
from storage.db import Database
from storage.elections import ElectionRepo
from storage.flows import FlowRepo, FlowState
from storage.pledges import PledgeRepo, TitleRepo
from storage.read_cache import ReadCache
from storage.scales import ScaleRepo
from storage.units import UnitRepo
from storage.years import YearRepo

_MEMBERSHIP = ("delegates", "units", "blocs")
_PLEDGE = ("pledges", "pledge_titles")
_CANDIDATES = ("election_candidates", "election_titles")


class _Cached:
    """A repository that also holds the read cache (mixed in before the repository class)."""

    db: Database

    def __init__(self, db: Database, cache: ReadCache) -> None:
        super().__init__(db)  # type: ignore[call-arg]
        self.cache = cache


class CachedUnitRepo(_Cached, UnitRepo):
    async def list(self, bloc_id: int) -> list[Unit]:
        load = super().list
        return await self.cache.get(("units", bloc_id), ("units",), lambda: load(bloc_id))

    async def memberships(self, user_id: int) -> list[Membership]:
        load = super().memberships
        return await self.cache.get(("memberships", user_id), _MEMBERSHIP, lambda: load(user_id))


class CachedBlocRepo(_Cached, BlocRepo):
    async def by_chat(self, chat_id: int) -> Bloc | None:
        load = super().by_chat
        return await self.cache.get(("bloc_of_chat", chat_id), ("blocs",), lambda: load(chat_id))


class CachedYearRepo(_Cached, YearRepo):
    async def get(self, year_id: int) -> Year | None:
        load = super().get
        return await self.cache.get(("year_id", year_id), ("years",), lambda: load(year_id))

    async def current(self, bloc_id: int) -> Year | None:
        load = super().current
        return await self.cache.get(("year", bloc_id), ("years",), lambda: load(bloc_id))

    async def deadlines(self, year_id: int) -> dict[str, Deadline]:
        load = super().deadlines
        key = ("deadlines", year_id)
        return await self.cache.get(key, ("deadlines",), lambda: load(year_id))

    async def deadline(self, year_id: int, phase: str) -> datetime | None:
        load = super().deadline
        key = ("deadline", year_id, phase)
        return await self.cache.get(key, ("deadlines",), lambda: load(year_id, phase))


class CachedTitleRepo(_Cached, TitleRepo):
    async def ever_had(self, bloc_id: int) -> bool:
        load = super().ever_had
        return await self.cache.get(("titles_ever", bloc_id), ("titles",), lambda: load(bloc_id))

    async def active(self, bloc_id: int) -> list[Title]:
        load = super().active
        return await self.cache.get(("titles", bloc_id), ("titles",), lambda: load(bloc_id))

    async def all(self, bloc_id: int) -> dict[int, Title]:
        load = super().all
        return await self.cache.get(("titles_all", bloc_id), ("titles",), lambda: load(bloc_id))


class CachedPledgeRepo(_Cached, PledgeRepo):
    async def get(self, year_id: int, unit_id: int) -> Pledge | None:
        load = super().get
        key = ("pledge", year_id, unit_id)
        return await self.cache.get(key, _PLEDGE, lambda: load(year_id, unit_id))

    async def is_reopened(self, year_id: int, unit_id: int) -> bool:
        load = super().is_reopened
        key = ("reopened", year_id, unit_id)
        return await self.cache.get(key, _PLEDGE, lambda: load(year_id, unit_id))


class CachedScaleRepo(_Cached, ScaleRepo):
    """A stored version is never rewritten: shared with every reader, not copied per read
    (its body is the whole scale)."""

    async def get(self, scale_id: int) -> StoredScale | None:
        load = super().get
        key = ("scale", scale_id)
        return await self.cache.get(key, ("scale_versions",), lambda: load(scale_id), shared=True)

    async def current(self, year_id: int) -> StoredScale | None:
        load = super().current
        key = ("scale_of_year", year_id)
        return await self.cache.get(key, ("scale_versions",), lambda: load(year_id), shared=True)


class CachedElectionRepo(_Cached, ElectionRepo):
    """What a ballot screen shows and checks; ballots and who voted are never cached."""

    async def get(self, election_id: int) -> Election | None:
        load = super().get
        key = ("election", election_id)
        return await self.cache.get(key, ("elections",), lambda: load(election_id))

    async def candidates(self, election_id: int) -> dict[int, tuple[int, ...]]:
        load = super().candidates
        key = ("candidates", election_id)
        return await self.cache.get(key, _CANDIDATES, lambda: load(election_id))

    async def quotas(self, election_id: int) -> dict[int, int]:
        load = super().quotas
        key = ("quotas", election_id)
        return await self.cache.get(key, ("election_titles",), lambda: load(election_id))

    async def on_roll(self, election_id: int, unit_id: int) -> bool:
        load = super().on_roll
        key = ("on_roll", election_id, unit_id)
        return await self.cache.get(key, ("election_roll",), lambda: load(election_id, unit_id))


class CachedFlowRepo(_Cached, FlowRepo):
    """Drafts are followed per person (this repository is the only writer of `flows`)."""

    async def active(self, user_id: int) -> FlowState | None:
        load = super().active
        key, mark = ("flow_active", user_id), ("flows", user_id)
        return await self.cache.get(key, (), lambda: load(user_id), marks=(mark,))

    async def get(self, user_id: int, name: str) -> FlowState | None:
        load = super().get
        key, mark = ("flow", user_id, name), ("flows", user_id)
        return await self.cache.get(key, (), lambda: load(user_id, name), marks=(mark,))

    async def _upsert(
        self, user_id: int, name: str, step: str, data: dict[str, Any], now: datetime
    ) -> FlowState:
        mark = ("flows", user_id)
        try:
            state = await super()._upsert(user_id, name, step, data, now)
        finally:
            self.cache.touch(mark)
        # The person's next step reads what this step wrote: keep it (a save made any other
        # flow of theirs idle, so only these two are known).
        self.cache.put(("flow", user_id, name), state, marks=(mark,))
        self.cache.put(("flow_active", user_id), state, marks=(mark,))
        return state

    async def deactivate(self, user_id: int) -> FlowState | None:
        mark = ("flows", user_id)
        try:
            state = await super().deactivate(user_id)
        finally:
            self.cache.touch(mark)
        self.cache.put(("flow_active", user_id), None, marks=(mark,))
        return state

    async def discard(self, user_id: int, name: str) -> None:
        mark = ("flows", user_id)
        try:
            await super().discard(user_id, name)
        finally:
            self.cache.touch(mark)
        self.cache.put(("flow", user_id, name), None, marks=(mark,))

    async def discard_paused(self, names: tuple[str, ...], fields: dict[str, Any]) -> list[int]:
        users = await super().discard_paused(names, fields)
        for user_id in users:
            self.cache.touch(("flows", user_id))
        return users

    async def save(
        self, user_id: int, name: str, step: str, data: dict[str, Any], now: datetime
    ) -> FlowState:
        if self.db.in_transaction():
            return await super().save(user_id, name, step, data, now)
        current = await self.active(user_id)
        if current is not None and current.name != name:
            return await super().save(user_id, name, step, data, now)
        return await self._upsert(user_id, name, step, data, now)
