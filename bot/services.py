"""What handlers and jobs need, built once at start-up and handed over in `bot_data`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.clock import Clock
from bot.i18n import Catalog
from bot.settings import Settings
from storage.blocs import BlocRepo
from storage.db import Database
from storage.flows import FlowRepo
from storage.units import UnitRepo
from storage.users import UserRepo


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    catalog: Catalog
    users: UserRepo
    flows: FlowRepo
    blocs: BlocRepo
    units: UnitRepo
    #: Short-lived caches (never the source of truth): e.g. Telegram admin checks.
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, settings: Settings, db: Database, clock: Clock) -> Services:
        return cls(
            settings=settings,
            db=db,
            clock=clock,
            catalog=Catalog.load(),
            users=UserRepo(db),
            flows=FlowRepo(db),
            blocs=BlocRepo(db),
            units=UnitRepo(db),
        )
