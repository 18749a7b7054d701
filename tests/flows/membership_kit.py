"""Shared steps of the membership flow tests: a set-up bloc, units, delegates, more people.

The people of the harness (ADMIN, ALICE, BOB, CAROL) plus DAVE, who is in no group, and EVE,
an administrator of the Telegram group who did not run /setup.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from tests.flows.conftest import ADMIN, Harness

DAVE = 1005  # not a member of the group
EVE = 1006  # a Telegram administrator of the group, not the /setup caller
BLOC_NAME = "Khối thi đua Tây Nguyên và Duyên hải miền Trung"
UNITS = {
    "DLK": "Ban Quản lý các Khu công nghiệp tỉnh Đắk Lắk",
    "DNG": "Ban Quản lý Khu công nghệ cao và các Khu công nghiệp Đà Nẵng",
    "LDG": "Ban Quản lý các Khu công nghiệp tỉnh Lâm Đồng",
}
LINK_RE = re.compile(r"https://t\.me/bloc_assistant_bot\?start=([A-Za-z0-9_-]+)")

#: Tables whose rows membership commands change (the rights table compares them).
TABLES = (
    "blocs",
    "bloc_admins",
    "units",
    "delegates",
    "invites",
    "join_requests",
    "pending_changes",
)


def add_people(h: Harness) -> None:
    h.emu.add_user(DAVE, "Dũng", username="dung_out", language_code="vi")
    h.emu.add_user(EVE, "Eve", username="eve_tg", language_code="en")
    h.emu.join_group(h.group, EVE)
    h.emu.set_admin(h.group, EVE)


@pytest.fixture
async def bot_en(harness: Harness) -> AsyncIterator[Harness]:
    """A bot whose default language (hence a new bloc's) is English."""
    harness.settings = harness.settings.model_copy(update={"bot_language": "en"})
    await harness.start()
    yield harness


async def set_up(h: Harness, *codes: str) -> None:
    """The group as a bloc set up by ADMIN, with the named units of UNITS."""
    await h.say(h.group, ADMIN, f"/setup {BLOC_NAME}")
    for code in codes:
        await h.say(h.group, ADMIN, f"/addunit {code} {UNITS[code]}")


async def admin_change(h: Harness, command: str, by: int = ADMIN) -> str:
    """`/admin add|remove …` typed by `by` in the group and its ✅ pressed: what the bot says."""
    await h.say(h.group, by, command)
    await h.press(h.group, by, text="✅")
    return h.last(h.group).text


async def invite_link(h: Harness, code: str, admin: int = ADMIN) -> str:
    """ADMIN asks for an invite for `code`; the token of the link sent in private."""
    h.emu.start_bot(admin)
    await h.say(h.group, admin, f"/invite {code}")
    found = LINK_RE.search(h.last(admin).text)
    assert found, h.last(admin).text
    return found.group(1)


async def make_delegate(h: Harness, user: int, code: str) -> None:
    token = await invite_link(h, code)
    await h.say(user, user, f"/start {token}")


async def delegates_of(h: Harness, code: str) -> list[int]:
    bloc = await h.services.blocs.by_chat(h.group)
    unit = await h.services.units.by_code(bloc.id, code) if bloc else None
    assert unit is not None
    return await h.services.units.delegates(unit.id)


async def table_dump(h: Harness) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the membership tables, to show a refused action changed nothing."""
    dump = {}
    for table in TABLES:
        rows = await h.services.db.fetch_all(f"SELECT * FROM {table} ORDER BY 1, 2")
        dump[table] = [tuple(row) for row in rows]
    return dump
