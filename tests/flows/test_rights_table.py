"""Every command and button of membership (issue 4) against every role.

A refused action answers with its reason (a `rights.*` text) and changes nothing in the
database (the membership tables are compared row by row); the least privileged allowed role
then does the same action and is not refused. People outside the group cannot post in it
(Telegram does not let them), so for group commands "anyone" is covered by button presses.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from bot.i18n import Catalog
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import DAVE, EVE, add_people, invite_link, make_delegate, set_up
from tests.flows.membership_kit import table_dump as membership_dump

ROLES = {"anyone": DAVE, "member": CAROL, "delegate": ALICE, "bloc admin": BOB, "group admin": EVE}
EVERYONE = tuple(ROLES)
IN_GROUP = ("member", "delegate", "bloc admin", "group admin")
ADMINS = ("bloc admin", "group admin")
_catalog = Catalog.load()
REASONS = [
    _catalog.t(lang, key)
    for lang in ("vi", "en")
    for key in sorted(_catalog.keys(lang))
    if key.startswith("rights.")
]


@dataclass(frozen=True)
class Case:
    name: str
    allowed: tuple[str, ...]
    #: ("group" | "private", text) for a command; ("group" | "private", callback data) for a press
    act: Callable[[Harness], Awaitable[tuple[str, str]]]
    button: bool = False


async def scene(h: Harness) -> None:
    """A bloc with DLK (Lan its delegate) and DNG; Bob promoted; Eve a Telegram admin."""
    add_people(h)
    await set_up(h, "DLK", "DNG")
    await make_delegate(h, ALICE, "DLK")
    for user in (BOB, CAROL):
        await h.say(h.group, user, "Xin chào")
    await h.say(h.group, ADMIN, "/admin add @bob_dng")
    for user in ROLES.values():
        await h.say(user, user, "/start")


async def unit_id(h: Harness, code: str) -> int:
    bloc = await h.services.blocs.by_chat(h.group)
    unit = await h.services.units.by_code(bloc.id, code) if bloc else None
    assert unit is not None
    return unit.id


def command(where: str, text: str) -> Callable[[Harness], Awaitable[tuple[str, str]]]:
    async def act(h: Harness) -> tuple[str, str]:
        return where, text

    return act


def press(where: str, build: Callable[[Harness], Awaitable[str]]):  # type: ignore[no-untyped-def]
    async def act(h: Harness) -> tuple[str, str]:
        return where, await build(h)

    return act


async def _dlk(h: Harness, action: str, *extra: object) -> str:
    return ":".join(["v1:units", action, str(await unit_id(h, "DLK")), *map(str, extra)])


async def _pending_rename(h: Harness) -> int:
    await h.say(h.group, ADMIN, "/addunit DNG Ban Quản lý KCN Đà Nẵng")
    return int(await h.services.db.fetch_value("SELECT MAX(id) FROM pending_changes"))


async def _invite_id(h: Harness) -> int:
    await invite_link(h, "DNG")
    return int(await h.services.db.fetch_value("SELECT MAX(id) FROM invites"))


async def _join_request(h: Harness) -> int:
    await h.say(h.group, CAROL, "/join")
    h.emu.press(h.group, CAROL, text="DNG")
    await h.settle()
    return int(await h.services.db.fetch_value("SELECT MAX(id) FROM join_requests"))


async def _token(h: Harness) -> str:
    return "/start " + await invite_link(h, "DNG")


CASES = [
    Case("/setup again", ADMINS, command("group", "/setup Tên khác")),
    Case("/units", IN_GROUP, command("group", "/units")),
    Case("/join", IN_GROUP, command("group", "/join")),
    Case("/addunit", ADMINS, command("group", "/addunit KTM Kon Tum")),
    Case("/unit", ADMINS, command("group", "/unit DLK")),
    Case("/invite", ADMINS, command("group", "/invite DNG")),
    Case("/admin", ADMINS, command("group", "/admin")),
    Case("/admin add", ADMINS, command("group", "/admin add @mai")),
    Case("/admin remove", ADMINS, command("group", "/admin remove @hung_admin")),
    Case("/leave", ("delegate",), command("private", "/leave")),
    Case("/start <token>", EVERYONE, press("private", _token)),
    Case("units:page", IN_GROUP, press("group", lambda h: _ok("v1:units:page:0")), True),
    Case("units:card", ADMINS, press("group", lambda h: _dlk(h, "card")), True),
    Case("units:kick", ADMINS, press("group", lambda h: _dlk(h, "kick", ALICE)), True),
    Case("units:kickok", ADMINS, press("group", lambda h: _dlk(h, "kickok", ALICE)), True),
    Case("units:rm", ADMINS, press("group", lambda h: _dlk(h, "rm")), True),
    Case("units:rmok", ADMINS, press("group", lambda h: _dlk(h, "rmok")), True),
    Case(
        "roster:ok",
        ADMINS,
        press("group", lambda h: _fmt("v1:roster:ok:{}", _pending_rename(h))),
        True,
    ),
    Case(
        "roster:no",
        ADMINS,
        press("group", lambda h: _fmt("v1:roster:no:{}", _pending_rename(h))),
        True,
    ),
    Case(
        "invite:revoke",
        ADMINS,
        press("private", lambda h: _fmt("v1:invite:revoke:{}", _invite_id(h))),
        True,
    ),
    Case(
        "join:ask",
        IN_GROUP,
        press("group", lambda h: _fmt("v1:join:ask:{}", unit_id(h, "DNG"))),
        True,
    ),
    Case(
        "join:yes", ADMINS, press("group", lambda h: _fmt("v1:join:yes:{}", _join_request(h))), True
    ),
    Case(
        "join:no", ADMINS, press("group", lambda h: _fmt("v1:join:no:{}", _join_request(h))), True
    ),
    Case(
        "leave:unit",
        ("delegate",),
        press("private", lambda h: _fmt("v1:leave:unit:{}", unit_id(h, "DLK"))),
        True,
    ),
    Case(
        "leave:ok",
        ("delegate",),
        press("private", lambda h: _fmt("v1:leave:ok:{}", unit_id(h, "DLK"))),
        True,
    ),
    Case(
        "leave:no",
        ("delegate",),
        press("private", lambda h: _fmt("v1:leave:no:{}", unit_id(h, "DLK"))),
        True,
    ),
]


#: The actions whose allowed use changes the membership tables.
WRITES = {
    "/addunit",
    "/invite",
    "/admin add",
    "/admin remove",
    "units:kickok",
    "units:rmok",
    "roster:ok",
    "roster:no",
    "invite:revoke",
    "join:ask",
    "join:yes",
    "join:no",
    "leave:ok",
}


async def _ok(value: str) -> str:
    return value


async def _fmt(template: str, value: Awaitable[object]) -> str:
    return template.format(await value)


async def perform(h: Harness, case: Case, role: str, where: str, what: str) -> str:
    """Do the action as `role`; the text of the answer (a message or a button alert)."""
    user = ROLES[role]
    chat = h.group if where == "group" else user
    if not case.button:
        answers = await h.say(chat, user, what)
        return "\n".join(a.text for a in answers)
    message = h.last(chat)
    seen = len(h.emu.bot_messages(chat))
    query = h.emu.press_forged(chat, user, message.message_id, what)
    await h.settle()
    answer = h.emu.answer_for(query)
    if answer and answer.get("text"):
        return str(answer["text"])
    after = [message, *h.emu.bot_messages(chat)[seen:]] if message.edited else []
    return "\n".join(m.text for m in after or h.emu.bot_messages(chat)[seen:])


def refused(text: str) -> bool:
    return any(reason and reason in text for reason in REASONS)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_rights(bot: Harness, case: Case) -> None:
    await scene(bot)
    if case.name == "/start <token>":
        for role in EVERYONE:
            where, what = await case.act(bot)
            text = await perform(bot, case, role, where, what)
            assert text.startswith("✅"), (role, text)
        return
    where, what = await case.act(bot)
    for role in ROLES:
        if role in case.allowed or (where == "group" and not case.button and role == "anyone"):
            continue
        before = await membership_dump(bot)
        text = await perform(bot, case, role, where, what)
        assert refused(text), (case.name, role, text)
        assert await membership_dump(bot) == before, (case.name, role)
    before = await membership_dump(bot)
    text = await perform(bot, case, case.allowed[0], where, what)
    assert text and not refused(text), (case.name, case.allowed[0], text)
    changed = await membership_dump(bot) != before
    assert changed == (case.name in WRITES), (case.name, text)


async def test_first_setup_is_for_the_groups_telegram_administrators(bot: Harness) -> None:
    add_people(bot)
    for user in (CAROL, ALICE, BOB):
        [answer] = await bot.say(bot.group, user, "/setup Khối")
        assert refused(answer.text), answer.text
        assert await membership_dump(bot) == {table: [] for table in await membership_dump(bot)}
    [created] = await bot.say(bot.group, EVE, "/setup Khối")
    assert created.text.startswith("✅")
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None and await bot.services.blocs.admins(bloc.id) == [EVE]
