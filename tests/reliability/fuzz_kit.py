"""The scene and the oracles of the fuzz tests: two blocs, every role, and what must hold.

The scene is the rights table's (tests/flows/test_rights_table.py: a bloc with DLK and DNG,
every role, the year open) plus a second bloc in another group, run by Otto, whose ids a forged
button may name. After every fuzzed action, `Outcome` holds what the bot did: the messages it
sent to the acting chat, the answer to a press, the tables that changed, the errors it logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from bot.usecases.users import group_language, language_of
from tests.flows.conftest import ADMIN, Harness
from tests.flows.test_rights_table import CASES, REFUSALS, ROLES, refused, scene
from tests.reliability.snapshot import changed, snapshot

OTTO = 1101  # the admin of the other bloc
PETE = 1102  # a member of the other bloc's group who asked to join
OTHER_GROUP_TITLE = "Khối thi đua Đông Nam Bộ"
#: Telegram's user ids of the people the fuzz acts as (the rights table's roles, the first
#: admin, and the other bloc's admin).
PEOPLE = (*ROLES.values(), ADMIN, OTTO)
#: Which table an id field of a button names.
ID_TABLES = {
    "unit_id": "units",
    "user_id": "delegates",
    "change_id": "pending_changes",
    "request_id": "join_requests",
    "invite_id": "invites",
    "year_id": "years",
    "scale_id": "scale_versions",
    "title_id": "titles",
}
#: Letters only Vietnamese uses: an English answer has none outside the data it quotes.
_VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
#: Allowed roles per button, from the rights table ("kind:name" -> role names).
ALLOWED = {case.name: case.allowed for case in CASES if case.button}
ROLE_OF = {user: role for role, user in ROLES.items()}


@dataclass
class World:
    """The scene's chats and the other bloc's ids per table (never changed by the fuzz)."""

    other_group: int
    other_ids: dict[str, list[int]]
    data_words: set[str] = field(default_factory=set)


async def build(h: Harness) -> World:
    """The rights table's scene plus the other bloc (Otto's), with a pending change and a year."""
    await scene(h)
    h.emu.add_user(OTTO, "Otto", username="otto_dnb", language_code="en")
    h.emu.add_user(PETE, "Pete", username="pete_dnb", language_code="en")
    other = h.emu.add_group(OTHER_GROUP_TITLE, members=[OTTO, PETE], admins=[OTTO])
    await h.say(other, OTTO, f"/setup {OTHER_GROUP_TITLE}")
    await h.say(other, OTTO, "/addunit BDG Ban Quản lý các KCN Bình Dương")
    await h.say(other, PETE, "/join")
    await h.press(other, PETE, text="BDG")  # a join request, left waiting
    await h.say(other, OTTO, "/year 2026")
    await h.press(other, OTTO, text="✅")
    await h.say(other, OTTO, "/addunit BDG Ban Quản lý KCN Bình Dương")  # a rename, left pending
    await h.say(OTTO, OTTO, "/start")
    await h.say(other, OTTO, "/invite BDG")
    db = h.services.db
    bloc = await db.fetch_value("SELECT id FROM blocs WHERE chat_id = ?", (other,))
    ids = {
        "units": "SELECT id FROM units WHERE bloc_id = :b",
        "delegates": "SELECT user_id FROM delegates JOIN units u ON u.id = unit_id"
        " WHERE u.bloc_id = :b",
        "pending_changes": "SELECT id FROM pending_changes WHERE bloc_id = :b",
        "join_requests": "SELECT r.id FROM join_requests r JOIN units u ON u.id = r.unit_id"
        " WHERE u.bloc_id = :b",
        "invites": "SELECT i.id FROM invites i JOIN units u ON u.id = i.unit_id"
        " WHERE u.bloc_id = :b",
        "years": "SELECT id FROM years WHERE bloc_id = :b",
        "scale_versions": "SELECT s.id FROM scale_versions s JOIN years y ON y.id = s.year_id"
        " WHERE y.bloc_id = :b",
        "titles": "SELECT id FROM titles WHERE bloc_id = :b",
    }
    other_ids = {}
    for table, sql in ids.items():
        other_ids[table] = [row[0] for row in await db.fetch_all(sql, {"b": bloc})]
    world = World(other, other_ids)
    world.data_words = await data_words(h)
    return world


async def data_words(h: Harness) -> set[str]:
    """Words of the data the bot may quote (names, titles, codes): not the bot's own language."""
    db, words = h.services.db, set()
    for sql in (
        "SELECT name FROM blocs",
        "SELECT code || ' ' || name FROM units",
        "SELECT name FROM titles",
        "SELECT COALESCE(first_name, '') || ' ' || COALESCE(username, '') FROM users",
    ):
        for (value,) in await db.fetch_all(sql):
            words.update(str(value).split())
    for user in h.emu.world.users.values():
        words.update(user.first_name.split())
    return words


@dataclass
class Outcome:
    texts: list[str]
    changed: list[str]
    errors: list[str]
    lang: str


class Watch:
    """Snapshot, act, compare: what one fuzzed action did."""

    def __init__(self, h: Harness, caplog: Any) -> None:
        self.h, self.caplog = h, caplog

    async def __aenter__(self) -> Watch:
        self.before = await snapshot(self.h.services.db)
        self.caplog.clear()
        self.internal = len(self.h.emu.internal_errors)
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def outcome(self, chat: int, user: int, texts: list[str]) -> Outcome:
        errors = [
            f"{r.name}: {r.getMessage()} {r.exc_info[1]!r}" if r.exc_info else r.getMessage()
            for r in self.caplog.records
            if r.levelno >= logging.ERROR
        ]
        errors += self.h.emu.internal_errors[self.internal :]
        after = await snapshot(self.h.services.db)
        services = self.h.services
        if chat == user:
            lang = await language_of(services, user, self.h.emu.world.users[user].language_code)
        else:
            lang = await group_language(services, chat)
        return Outcome(texts, changed(self.before, after), errors, lang)


def apology(texts: list[str]) -> bool:
    """The error handler's apology: an unhandled exception reached the user."""
    return any("Xin lỗi, đã có lỗi" in t or "Sorry, something went wrong" in t for t in texts)


def wrong_language(outcome: Outcome, quoted: str, data: set[str]) -> list[str]:
    """Answers not in the reader's language (quoted input and data words removed first)."""
    bad = []
    for text in outcome.texts:
        plain = _TAG.sub(" ", text)
        words = [w for w in plain.split() if w not in data and w.strip(".,:;()«»\"'") not in data]
        words = [w for w in words if w not in quoted]
        rest = " ".join(words)
        has_vi = bool(_VIETNAMESE.search(rest))
        if outcome.lang == "en" and has_vi:
            bad.append(text)
        letters = sum(c.isalpha() for c in rest)
        if outcome.lang == "vi" and not has_vi and letters > 40:
            bad.append(text)
    return bad


def check(outcome: Outcome, *, quoted: str, data: set[str], must_not_change: bool) -> None:
    """What holds after every fuzzed action."""
    assert not outcome.errors, outcome.errors
    assert not apology(outcome.texts), outcome.texts
    if must_not_change or any(refused(t) for t in outcome.texts):
        assert outcome.changed == [], (outcome.changed, outcome.texts)
    assert not wrong_language(outcome, quoted, data), (outcome.lang, outcome.texts)


__all__ = ["ALLOWED", "ID_TABLES", "PEOPLE", "REFUSALS", "ROLE_OF", "Watch", "World", "build"]
