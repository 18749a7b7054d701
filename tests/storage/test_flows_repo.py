"""Conversation state survives a reopened database; /cancel keeps the draft."""

from __future__ import annotations

from pathlib import Path

from bot.clock import MovableClock
from storage.db import open_database
from storage.flows import FlowRepo
from storage.users import UserRepo


async def test_flow_state_survives_reopen_and_cancel_keeps_draft(
    tmp_path: Path, clock: MovableClock
) -> None:
    path = tmp_path / "bot.sqlite3"
    db = await open_database(path)
    users, flows = UserRepo(db), FlowRepo(db)
    await users.seen(
        user_id=5,
        username="lan",
        first_name="Lan",
        last_name=None,
        language_code="vi",
        private=True,
        now=clock.now(),
    )
    await flows.save(
        5, "pledge", "commitments", {"titles": ["flag"], "text": "Nội dung"}, clock.now()
    )
    await db.close()

    db = await open_database(path)
    flows = FlowRepo(db)
    state = await flows.active(5)
    assert state is not None and state.step == "commitments"
    assert state.data == {"titles": ["flag"], "text": "Nội dung"}

    left = await flows.deactivate(5)
    assert left is not None and left.name == "pledge"
    assert await flows.active(5) is None
    kept = await flows.get(5, "pledge")
    assert kept is not None and kept.data["text"] == "Nội dung" and not kept.active

    await flows.save(5, "assess", "start", {}, clock.now())
    await flows.save(5, "pledge", kept.step, kept.data, clock.now())
    active = await flows.active(5)
    assert active is not None and active.name == "pledge"
    assess = await flows.get(5, "assess")
    assert assess is not None and not assess.active
    await db.close()
