"""What handlers and jobs need, built once at start-up and handed over in `bot_data`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.caches import Caches
from bot.clock import Clock
from bot.i18n import Catalog
from bot.notifier import Notifier
from bot.scheduler import Scheduler
from bot.settings import Settings
from storage.assessments import AssessmentRepo
from storage.blocs import BlocRepo
from storage.cached import (
    CachedBlocRepo,
    CachedElectionRepo,
    CachedFlowRepo,
    CachedPledgeRepo,
    CachedScaleRepo,
    CachedTitleRepo,
    CachedUnitRepo,
    CachedYearRepo,
)
from storage.db import Database
from storage.elections import ElectionRepo
from storage.flows import FlowRepo
from storage.invites import InviteRepo
from storage.join_requests import JoinRequestRepo
from storage.outbox import OutboxRepo
from storage.pending_changes import PendingChangeRepo
from storage.pledges import PledgeRepo, TitleRepo
from storage.read_cache import ReadCache
from storage.scales import ScaleRepo
from storage.units import UnitRepo
from storage.users import UserRepo
from storage.years import YearRepo

if TYPE_CHECKING:
    from bot.instance_lock import InstanceLock
    from bot.nudging import Nudger
    from bot.registry import Registry


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
    invites: InviteRepo
    join_requests: JoinRequestRepo
    pending_changes: PendingChangeRepo
    years: YearRepo
    scales: ScaleRepo
    titles: TitleRepo
    pledges: PledgeRepo
    assessments: AssessmentRepo
    elections: ElectionRepo
    #: The Application's features: the hooks use cases ask (scale guards, pending units).
    registry: Registry
    #: Messages to many, sent after the change that caused them (see bot/notifier.py).
    notifier: Notifier
    #: Jobs at given instants, rebuilt from the database (see bot/scheduler.py).
    scheduler: Scheduler
    #: Short-lived caches (never the source of truth): e.g. Telegram admin checks.
    cache: dict[str, Any] = field(default_factory=Caches)
    #: The nudge rounds (bot/nudging.py), set by the reminders' start-up task.
    nudger: Nudger | None = None
    #: This process's hold on the database (one bot per database), set at start-up.
    instance_lock: InstanceLock | None = None

    @classmethod
    def create(cls, settings: Settings, db: Database, clock: Clock, registry: Registry) -> Services:
        reads = ReadCache(db)  # the reads every update repeats (storage/cached.py)
        return cls(
            settings=settings,
            db=db,
            clock=clock,
            catalog=Catalog.load(),
            users=UserRepo(db),
            flows=CachedFlowRepo(db, reads),
            blocs=CachedBlocRepo(db, reads),
            units=CachedUnitRepo(db, reads),
            invites=InviteRepo(db),
            join_requests=JoinRequestRepo(db),
            pending_changes=PendingChangeRepo(db),
            years=CachedYearRepo(db, reads),
            scales=CachedScaleRepo(db, reads),
            titles=CachedTitleRepo(db, reads),
            pledges=CachedPledgeRepo(db, reads),
            assessments=AssessmentRepo(db),
            elections=CachedElectionRepo(db, reads),
            notifier=Notifier(OutboxRepo(db), clock),
            scheduler=Scheduler(clock),
            registry=registry,
        )
