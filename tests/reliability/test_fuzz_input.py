"""Bad input, generated: every text command and every button, fuzzed, by every role.

Hypothesis writes the input; the real bot handles it through the emulator; after each action
(`fuzz_kit.check`): no error logged and no apology (no unhandled exception), no table changed
when the answer is a refusal or the action could not be allowed, and the answer in the reader's
language. Button presses are: garbage and malformed data (wrong numbers, over-long, unknown
kinds), typed actions naming the other bloc's objects, typed actions on this bloc by people
without the right, real buttons of earlier messages replayed (stale) by anyone.

The scene is built once per test and the examples run one after the other on it (examples
are not independent: a fuzzed ✅ by an admin may change the bloc, which is the point).
Fast by default; `SOAK=1` (make soak) runs many more examples with fresh randomness.
"""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from bot.app import features
from bot.callback_data import INT_MAX, Button, encode
from bot.registry import Registry
from tests.flows.conftest import ADMIN, Harness
from tests.flows.test_rights_table import ROLES
from tests.reliability.conftest import fuzz_settings
from tests.reliability.fuzz_kit import ALLOWED, ID_TABLES, OTTO, PEOPLE, ROLE_OF, Watch, World
from tests.reliability.fuzz_kit import check as check_outcome

REGISTRY = Registry(features())
BUTTONS: list[type[Button]] = sorted(REGISTRY.buttons, key=lambda c: (c.KIND, c.NAME))
COMMANDS = sorted({name for name, _ in REGISTRY.commands})
NO_ROLE = (ROLES["stranger"], ROLES["member"])
STRANGER = ROLES["stranger"]


# --- text -----------------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.from_regex(r"-?[0-9]{1,6}[.,][0-9]{1,4}", fullmatch=True),
    st.sampled_from(["0", "-0", "01", "1e9", "NaN", "inf", "٣", "９", "2**63", str(INT_MAX + 1)]),
)
words = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "DLK",
            "dng",
            "BDG",
            "@hung_admin",
            "@otto_dnb",
            "@",
            "add",
            "remove",
            "en",
            "vi",
            "pledge",
            "midyear",
            "đăng ký",
            "31/02/2026",
            "29/02/2026 25:00",
            "close",
            "template",
            "<b>",
            "&amp;",
            "\u200b",
            "x" * 300,
        ]
    ),
    numbers,
)
arguments = st.lists(words, max_size=5).map(" ".join)


@st.composite
def text_actions(draw: st.DrawFn) -> tuple[int, str, str]:
    """(user, "group"/"private", text): a command with fuzzed arguments, or plain text."""
    user = draw(st.sampled_from(PEOPLE))
    where = "private" if user == STRANGER else draw(st.sampled_from(["group", "private"]))
    kind = draw(st.sampled_from(["command", "command", "plain", "long"]))
    if kind == "plain":
        return user, where, draw(st.text(min_size=1, max_size=200).filter(str.strip))
    if kind == "long":
        return user, where, draw(st.sampled_from(["/pledge ", "", "/addunit DLK "])) + "ệ" * 4000
    name = draw(st.sampled_from([*COMMANDS, "nosuch", "start"]))
    mention = draw(st.sampled_from(["", "", "@bloc_assistant_bot", "@other_bot"]))
    return user, where, f"/{name}{mention} {draw(arguments)}".strip()


@fuzz_settings(60, 1500)
@given(action=text_actions())
async def test_fuzzed_text_is_answered_safely(
    bot: Harness, world: World, caplog: Any, action: Any
) -> None:
    user, where, text = action
    chat = user if where == "private" else (world.other_group if user == OTTO else bot.group)
    async with Watch(bot, caplog) as watch:
        answers = await bot.say(chat, user, text)
        outcome = await watch.outcome(chat, user, [a.text for a in answers])
    must_not_change = user in NO_ROLE or text.startswith(("/nosuch", "/help", "/me", "/units"))
    event("refused or ignored" if not outcome.changed else "changed " + ",".join(outcome.changed))
    check_outcome(outcome, quoted=text, data=world.data_words, must_not_change=must_not_change)


# --- buttons --------------------------------------------------------------------------------

malformed_numbers = st.sampled_from(
    ["-1", "01", "00", "1e3", "+5", " 5", "", "٣", "９", "1.0", "0x10", str(INT_MAX + 1), "9" * 30]
)
garbage = st.one_of(
    st.text(max_size=64),
    st.text(min_size=65, max_size=300),
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["v1", "v1:", "v1::", "v0:units:page:0", "v2:units:page:0", "v1:units"]),
)


async def own_ids(h: Harness, table: str, world: World) -> list[int]:
    column = "user_id" if table == "delegates" else "id"
    rows = await h.services.db.fetch_all(f"SELECT {column} FROM {table}")
    others = set(world.other_ids.get(table, []))
    return [row[0] for row in rows if row[0] not in others]


@st.composite
def presses(draw: st.DrawFn) -> dict[str, Any]:
    """A press: how its data is made ("garbage", "malformed", "other", "norights", "replay")."""
    mode = draw(st.sampled_from(["garbage", "malformed", "other", "norights", "replay"]))
    cls = draw(st.sampled_from(BUTTONS))
    user = draw(st.sampled_from((*NO_ROLE, OTTO) if mode == "norights" else PEOPLE))
    where = "private" if user == STRANGER else draw(st.sampled_from(["group", "private"]))
    return {
        "mode": mode,
        "cls": cls,
        "user": user,
        "where": where,
        "garbage": draw(garbage),
        "bad": draw(malformed_numbers),
        "field": draw(st.integers(0, 5)),
        "pick": draw(st.integers(0, 10**6)),
        "ints": draw(st.lists(st.integers(0, INT_MAX), min_size=4, max_size=4)),
        "text": draw(st.from_regex(r"[A-Za-z0-9_.-]{1,12}", fullmatch=True)),
    }


async def typed(h: Harness, world: World, p: dict[str, Any], *, other: bool) -> str:
    """The press's typed action with ids of the other bloc (other) or of this one."""
    cls: type[Button] = p["cls"]
    values = []
    for i, f in enumerate(cls.FIELDS):
        if f.name in ID_TABLES:
            table = ID_TABLES[f.name]
            pool = world.other_ids[table] if other else await own_ids(h, table, world)
            values.append(pool[p["pick"] % len(pool)] if pool else p["ints"][i % 4])
        elif f.type is int:
            values.append(p["ints"][i % 4] if p["pick"] % 3 else p["pick"] % 5)
        elif f.type is str:
            values.append(p["text"])
        else:
            members = list(f.type)  # type: ignore[call-overload]
            values.append(members[p["pick"] % len(members)])
    try:
        return encode(cls(*values))
    except ValueError:  # drawn values too long for Telegram's 64 bytes: not a press anyone can make
        assume(False)
        raise


def malformed(p: dict[str, Any]) -> str:
    """A valid-looking action with one field replaced by a number encode never writes."""
    cls: type[Button] = p["cls"]
    fields = ["1"] * len(cls.FIELDS) or [""]
    fields[p["field"] % len(fields)] = p["bad"]
    return ":".join(["v1", cls.KIND, cls.NAME, *fields])


def replayed(h: Harness, chat: int, pick: int) -> str | None:
    """The data of a real button of an earlier message in the chat (possibly stale now)."""
    data = [
        b.callback_data
        for m in h.emu.all_bot_messages(chat)
        for row in m.buttons
        for b in row
        if b.callback_data
    ]
    return data[pick % len(data)] if data else None


@fuzz_settings(90, 2000)
@given(p=presses())
async def test_fuzzed_presses_are_answered_safely(
    bot: Harness, world: World, caplog: Any, p: Any
) -> None:
    user, mode, cls = p["user"], p["mode"], p["cls"]
    chat = user if p["where"] == "private" else (world.other_group if user == OTTO else bot.group)
    name = f"{cls.KIND}:{cls.NAME}"
    has_ids = any(f.name in ID_TABLES for f in cls.FIELDS)
    if mode == "garbage":
        data = p["garbage"]
    elif mode == "malformed":
        data = malformed(p)
    elif mode == "replay":
        data = replayed(bot, chat, p["pick"]) or p["garbage"]
    else:
        data = await typed(bot, world, p, other=mode == "other" and has_ids)
    # Otto runs the other bloc: its objects, his own old buttons, and a button that names no
    # object (it acts on the bloc of the chat: his group) are his to press.
    own = user == OTTO and (mode in ("other", "replay") or (p["where"] == "group" and not has_ids))
    allowed = ROLE_OF.get(user) in ALLOWED.get(name, ()) or user == ADMIN or own
    must_not_change = (
        mode in ("garbage", "malformed")
        or (mode == "other" and has_ids and user != OTTO)
        or (mode in ("norights", "replay") and not allowed)
    )
    target = bot.emu.last_bot_message(chat)
    if target is None:
        pytest.skip("no bot message in that chat yet")
    async with Watch(bot, caplog) as watch:
        seen = len(bot.emu.bot_messages(chat))
        query = bot.emu.press_forged(chat, user, target.message_id, data)
        await bot.settle()
        answer = bot.emu.answer_for(query)
        texts = [str(answer.get("text") or "")] if answer else []
        texts += [m.text for m in bot.emu.bot_messages(chat)[seen:]]
        if target.edited:
            texts.append(target.text)
        outcome = await watch.outcome(chat, user, [t for t in texts if t])
    event(f"mode {mode}" + (", changed the bloc" if outcome.changed else ""))
    assert answer is not None, f"the press {data!r} was never answered"
    check_outcome(outcome, quoted=data, data=world.data_words, must_not_change=must_not_change)


def test_every_button_and_command_is_fuzzed() -> None:
    """New buttons and commands are picked up from the registry; keep it that way."""
    assert len(BUTTONS) == len(REGISTRY.buttons) > 20
    assert set(string.ascii_lowercase) & {c[0] for c in COMMANDS}
