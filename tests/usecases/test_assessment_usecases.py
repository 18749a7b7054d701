"""The assessment use cases on a fresh database (no Telegram): what each action stores."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bot.actor import Actor
from bot.clock import MovableClock
from bot.domain.assessment import EvidenceKind, Round, Status
from bot.domain.bloc import Bloc, Membership
from bot.domain.errors import FileRejected, InvalidValue, Reason
from bot.errors import BadInput, Conflict, NotAllowed
from bot.registry import Feature, Registry
from bot.services import Services
from bot.settings import load_settings
from bot.usecases import assessment as assess
from bot.usecases import assessment_admin as admin
from bot.usecases import assessment_input as inputs
from bot.usecases import assessment_submit as submitting
from bot.usecases import assessment_wizard as wizard
from bot.usecases import scale as scales
from bot.usecases.year import open_year
from storage.db import open_database
from tests.flows.assess_kit import FULL
from tests.flows.conftest import TOKEN
from tests.formats.test_assessment_xlsx import LABELS, _fill

ADMIN, LAN, MAI, OUTSIDER = 1, 2, 3, 4


def me(user: int, chat_id: int | None = None) -> Actor:
    """The person acting, in their private chat (or in `chat_id`)."""
    return Actor(user_id=user, chat_id=chat_id or user, private=chat_id is None)


@dataclass
class World:
    services: Services
    bloc: Bloc
    dlk: Membership
    clock: MovableClock

    async def session(self, user: int = LAN, round_: Round = Round.MIDYEAR) -> assess.Session:
        return await assess.session_for(self.services, me(user), self.dlk.unit.id, round_)


@pytest.fixture
async def world(tmp_path: Path, clock: MovableClock) -> AsyncIterator[World]:
    db = await open_database(tmp_path / "bot.sqlite3")
    settings = load_settings(
        _env_file=None,
        TELEGRAM_BOT_TOKEN=TOKEN,
        DATABASE_PATH=tmp_path / "bot.sqlite3",
    )
    registry = Registry([Feature("assess", scale_guard=admin.ScaleHook())])
    services = Services.create(settings, db, clock, registry)
    now = clock.now()
    bloc = await services.blocs.create(
        chat_id=-100, name="Khối", language="vi", timezone="Asia/Ho_Chi_Minh", by=ADMIN, now=now
    )
    unit = await services.units.add(bloc.id, "DLK", "Ban Quản lý các KCN Đắk Lắk", now)
    await services.units.add(bloc.id, "DNG", "Ban Quản lý các KCN Đà Nẵng", now)
    for user in (ADMIN, LAN, MAI, OUTSIDER):
        await services.users.seen(
            user_id=user,
            username=None,
            first_name=f"user{user}",
            last_name=None,
            language_code="vi",
            private=True,
            now=now,
        )
    for user in (LAN, MAI):
        await services.units.add_delegate(unit.id, user, by=ADMIN, now=now)
    await open_year(services, me(ADMIN, chat_id=bloc.chat_id), 2026)
    try:
        yield World(services, bloc, Membership(bloc=bloc, unit=unit), clock)
    finally:
        await db.close()


async def _deadline(w: World, days: int) -> None:
    year = await w.services.years.current(w.bloc.id)
    assert year is not None
    due = w.clock.now() + timedelta(days=days)
    await w.services.years.set_deadline(year.id, "midyear", due, by=ADMIN, now=w.clock.now())


async def test_the_wizard_stores_each_step_and_resumes(world: World) -> None:
    s = await assess.enter(world.services, me(LAN), world.dlk.unit.id)
    assert s.round == Round.MIDYEAR and s.state.status == Status.NOT_STARTED
    s = await wizard.go(world.services, me(LAN), s, None, assess.Stage.SCORE)
    assert s.position.code == "1.1"
    s = await wizard.set_score(world.services, me(LAN), s, "1.1", "9,5", s.position.seen)
    assert s.position.stage == assess.Stage.NOTE and s.scores["1.1"].value == Decimal("9.5")
    s = await wizard.set_note(world.services, me(LAN), s, "Đạt kế hoạch")
    assert (s.position.code, s.position.stage) == ("1.2", assess.Stage.SCORE)
    s = await wizard.set_score(world.services, me(LAN), s, "1.2", "8", s.position.seen)
    s = await wizard.set_note(world.services, me(LAN), s, None)
    assert (s.position.code, s.position.stage) == ("1.2", assess.Stage.EVIDENCE)
    s = await wizard.add_evidence(world.services, me(LAN), s, EvidenceKind.FILE, "kq.pdf", "BQAD")
    # A restart: nothing in memory, the same place.
    again = await assess.active(world.services, me(LAN))
    assert again is not None and (again.position.code, again.position.stage) == (
        "1.2",
        assess.Stage.EVIDENCE,
    )
    assert again.scores["1.1"].note == "Đạt kế hoạch"
    assert [e.name for e in again.scores["1.2"].evidence] == ["kq.pdf"]
    with pytest.raises(InvalidValue) as bad:
        await wizard.set_score(world.services, me(LAN), again, "1.3", "9", again.position.seen)
    assert bad.value.error.reason == Reason.OUT_OF_RANGE


async def test_two_delegates_and_a_stale_view(world: World) -> None:
    lan = await assess.enter(world.services, me(LAN), world.dlk.unit.id)
    mai = await assess.enter(world.services, me(MAI), world.dlk.unit.id)
    lan = await wizard.set_score(world.services, me(LAN), lan, "1.1", "9", lan.position.seen)
    with pytest.raises(Conflict) as stale:
        await wizard.set_score(world.services, me(MAI), mai, "1.1", "5", mai.position.seen)
    assert stale.value.key == "assess.changed_meanwhile"
    fresh = await world.session(MAI)
    assert fresh.scores["1.1"].value == 9  # nothing overwritten
    fresh = await wizard.set_score(world.services, me(MAI), fresh, "1.1", "5", fresh.position.seen)
    assert fresh.scores["1.1"].value == 5
    other = await wizard.set_score(world.services, me(LAN), lan, "1.2", "8", lan.position.seen)
    assert other.scores["1.2"].value == 8  # another item: no conflict


async def test_paste_template_submit_change_lock_reopen(world: World) -> None:
    s = await assess.enter(world.services, me(LAN), world.dlk.unit.id)
    got = await inputs.paste(world.services, me(LAN), s, "1.1 9\n1.2 abc\nX 3")
    assert [t.code for t in got.stored] == ["1.1"]
    assert [(e.line, e.reason) for e in got.errors] == [
        (2, Reason.NOT_A_NUMBER),
        (3, Reason.NOT_A_LINE),  # no digit: not written like a code
    ]
    with pytest.raises(BadInput) as incomplete:
        await submitting.confirm(world.services, me(LAN), got.session)
    assert incomplete.value.key == "assess.incomplete_criteria"
    sheet = await inputs.template(got.session, LABELS)
    filled = _fill(sheet, {"1.3": (8, None), "1.1": (9, None)})
    back = await inputs.import_template(world.services, me(LAN), got.session, filled)
    assert [t.code for t in back.stored] == ["1.3"] and back.unchanged == 1
    pasted = await inputs.paste(world.services, me(LAN), back.session, FULL)
    assert not pasted.errors and pasted.unchanged == 1
    await _deadline(world, 2)
    s = await submitting.confirm(world.services, me(LAN), await world.session())
    revision = s.position.seen
    done = await submitting.submit(world.services, me(LAN), s, revision)
    assert (done.total, done.first, done.count, done.units) == (Decimal("98.5"), True, 1, 2)
    assert done.session.state.status == Status.SUBMITTED
    # A change before the deadline: allowed, shown as changed after submission.
    changed = await inputs.paste(world.services, me(MAI), done.session, "1.1 9")
    assert changed.session.state.status == Status.CHANGED
    year = await world.services.years.current(world.bloc.id)
    assert year is not None
    view = await admin.round_view(world.services, me(LAN), world.bloc, year, Round.MIDYEAR)
    assert [view.states[u.id].status for u in view.units] == [Status.CHANGED, Status.NOT_STARTED]
    assert [u.code for u in view.pending] == ["DNG"]
    # After the deadline: locked for every change.
    world.clock.move(timedelta(days=3))
    locked = await world.session()
    assert locked.state.locked
    with pytest.raises(Conflict) as refused:
        await inputs.paste(world.services, me(LAN), locked, "1.1 9")
    assert refused.value.key == "assess.locked"
    with pytest.raises(Conflict):
        await wizard.set_score(world.services, me(LAN), locked, "1.1", "9", locked.position.seen)
    # The admin reopens it with a reason; the unit resubmits; the log keeps both.
    unit = world.dlk.unit
    boss = me(ADMIN)
    await admin.ask_reopen(world.services, boss, unit.id, Round.MIDYEAR)
    with pytest.raises(BadInput):
        await admin.propose_reopen(world.services, boss, " ")
    await admin.propose_reopen(world.services, boss, "Bổ sung")
    done_reopen = await admin.reopen(world.services, boss, unit.id, Round.MIDYEAR)
    assert sorted(d.id for d in done_reopen.delegates) == [LAN, MAI]
    s = await inputs.paste(world.services, me(LAN), await world.session(), "1.1 9,5")
    s2 = await submitting.confirm(world.services, me(LAN), s.session)
    again = await submitting.submit(world.services, me(LAN), s2, s2.position.seen)
    assert again.total == Decimal(98) and not again.first
    read, is_admin = await admin.read_unit(world.services, me(ADMIN), unit.id, Round.MIDYEAR)
    assert is_admin
    assert [e.action.value for e in read.log] == ["submitted", "reopened", "submitted"]
    assert read.log[1].reason == "Bổ sung" and read.state.locked


async def test_a_stale_confirmation_is_not_submitted(world: World) -> None:
    s = await assess.enter(world.services, me(LAN), world.dlk.unit.id)
    s = (await inputs.paste(world.services, me(LAN), s, FULL)).session
    confirm = await submitting.confirm(world.services, me(LAN), s)
    await inputs.paste(world.services, me(MAI), await world.session(MAI), "1.1 5")
    with pytest.raises(Conflict) as stale:
        await submitting.submit(world.services, me(LAN), confirm, confirm.position.seen)
    assert stale.value.key == "assess.changed_before_submit"
    assert not (await world.session()).assessment.submitted


async def test_outsiders_and_admin_reading_drafts_are_refused(world: World) -> None:
    with pytest.raises(NotAllowed):
        await assess.enter(world.services, me(OUTSIDER), world.dlk.unit.id)
    await assess.enter(world.services, me(LAN), world.dlk.unit.id)
    with pytest.raises(Conflict) as draft:
        await admin.read_unit(world.services, me(ADMIN), world.dlk.unit.id, Round.MIDYEAR)
    assert draft.value.key == "assess.not_submitted"
    own, is_admin = await admin.read_unit(world.services, me(LAN), world.dlk.unit.id, Round.MIDYEAR)
    assert own.unit.code == "DLK" and not is_admin  # the unit's own draft
    with pytest.raises(Conflict) as open_round:
        await admin.ask_reopen(world.services, me(ADMIN), world.dlk.unit.id, Round.MIDYEAR)
    assert open_round.value.key == "assess.not_locked"
    with pytest.raises(NotAllowed):
        await admin.ask_reopen(world.services, me(LAN), world.dlk.unit.id, Round.MIDYEAR)


async def test_an_old_template_is_refused_after_a_scale_replacement(world: World) -> None:
    s = await assess.enter(world.services, me(LAN), world.dlk.unit.id)
    s = (await inputs.paste(world.services, me(LAN), s, FULL)).session
    sheet = await inputs.template(s, LABELS)
    s = await submitting.confirm(world.services, me(LAN), s)
    await submitting.submit(world.services, me(LAN), s, s.position.seen)
    hook = admin.ScaleHook()
    year = (await world.session()).year
    assert await hook.submitted(world.services, year.id) == 1
    body = scales.as_body(scales.sample_scale())
    body["name"] = "Thang điểm mới"
    change = await world.services.pending_changes.create(
        world.bloc.id,
        scales.CHANGE_KIND,
        {
            "year_id": year.id,
            "replaces": (await world.session()).stored.id,
            "submitted": 1,
            "source": "new.yaml",
            "scale": body,
        },
        by=ADMIN,
        now=world.clock.now(),
    )
    in_group = me(ADMIN, chat_id=world.bloc.chat_id)
    _, reopened = await scales.confirm(world.services, in_group, change.id)
    assert reopened == 1
    fresh = await world.session()
    assert fresh.state.status == Status.DRAFT and fresh.state.reopened
    with pytest.raises(FileRejected) as old:
        await inputs.import_template(world.services, me(LAN), fresh, sheet)
    assert old.value.errors[0].params == {"version": "1", "current": "2"}
