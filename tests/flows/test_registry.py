"""The registry: what features plug in, checked once, per Application; the hooks coming
features use (pending units, start-up tasks, drafts that no longer validate)."""

from __future__ import annotations

import pytest

from bot.app import features
from bot.callback_data import button
from bot.domain.calendar import Phase
from bot.i18n import Catalog
from bot.menus import COMMANDS
from bot.registry import Command, Feature, Flow, Registry, Screen
from bot.usecases.pledge import PledgeFlow
from tests.flows.conftest import ALICE, BOB, Harness
from tests.flows.year_setup import make_bloc, open_year


async def _noop(*args: object) -> None:
    return None


async def _part(*args: object) -> Screen:
    return Screen("part")


@button("test", "go")
class Go:
    pass


def test_every_command_is_in_the_menus_and_every_menu_command_is_answered() -> None:
    registry = Registry(features())
    answered = {name for name, _ in registry.commands}
    assert answered == {c.name for c in COMMANDS}


@pytest.mark.parametrize(
    "twice",
    [
        Feature("a", commands=[Command("status", _noop)]),
        Feature("a", buttons={Go: _noop, **{}}),
        Feature("a", flows=[Flow("pledge", PledgeFlow)]),
        Feature("a", status={Phase.PLEDGE: _part}),
        Feature("a", pending={Phase.PLEDGE: _noop}),  # type: ignore[dict-item]
    ],
)
def test_what_two_features_claim_is_a_start_up_error(twice: Feature) -> None:
    base = [*features(), Feature("go", buttons={Go: _noop})]
    if twice.buttons:
        base.append(twice)
    with pytest.raises(ValueError, match="declared twice"):
        Registry([*base, twice])


def test_summary_parts_are_collected_in_feature_order() -> None:
    one, two = _part, _noop
    registry = Registry(
        [Feature("one", summary={Phase.YEAREND: one}), Feature("two", summary={Phase.YEAREND: two})]  # type: ignore[dict-item]
    )
    assert registry.summary_parts(Phase.YEAREND) == [one, two]
    assert registry.summary_parts(Phase.MIDYEAR) == []


async def test_start_up_tasks_run_once_the_services_exist(harness: Harness) -> None:
    seen: list[bool] = []

    async def task(app) -> None:  # type: ignore[no-untyped-def]
        seen.append(app.bot_data.services is not None)

    harness.features.append(Feature("jobs", startup=[task]))
    await harness.start()
    assert seen == [True]
    await harness.restart()
    assert seen == [True, True]


async def test_pledge_pending_units_are_those_not_registered(bot: Harness) -> None:
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    services = bot.services
    year = await services.years.current(bloc.id)
    assert year is not None
    pending = services.registry.pending[Phase.PLEDGE]
    assert [u.code for u in await pending(services, bloc, year)] == ["DLK", "DNG", "GLI"]
    dlk = await services.units.by_code(bloc.id, "DLK")
    assert dlk is not None
    titles = await services.titles.active(bloc.id)
    await services.pledges.save(
        year.id, dlk.id, title_ids=[titles[0].id], commitments="x", by=ALICE, now=bot.clock.now()
    )
    assert [u.code for u in await pending(services, bloc, year)] == ["DNG", "GLI"]


async def test_a_draft_that_no_longer_validates_is_reported_and_kept(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await bot.say(ALICE, ALICE, "/start")
    broken = {"unit": "not a number", "drafts": {"1": {"titles": "?"}}}
    await bot.services.flows.save(ALICE, "pledge", "commitments", broken, bot.clock.now())
    [answer] = await bot.say(ALICE, ALICE, "Cam kết")
    assert answer.text == Catalog.load().t("vi", "core.draft_unreadable")
    kept = await bot.services.flows.get(ALICE, "pledge")
    assert kept is not None and kept.data == broken and kept.active
    [again] = await bot.say(ALICE, ALICE, "/pledge")
    assert again.text == Catalog.load().t("vi", "core.draft_unreadable")
