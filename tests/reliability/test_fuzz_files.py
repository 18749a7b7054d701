"""Bad uploads through Telegram: hostile files and random bytes, as a roster, a scale, or loose.

The hostile files of tests/formats/test_what_held.py (XXE, billion laughs in XML and YAML,
YAML tags and merge keys, deep nesting, OLE, truncated zips, wrong encodings) plus a zip bomb
and hypothesis' random bytes under random names, sent by the admin with `/addunit` or
`/scale` in the group, by a delegate, and without a caption in private. Each is refused in
the sender's language, in a few seconds, with no error logged and no table changed.
"""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.formats.test_what_held import CASES
from tests.reliability.conftest import fuzz_settings
from tests.reliability.fuzz_kit import Watch, World
from tests.reliability.fuzz_kit import check as check_outcome


def zip_bomb() -> bytes:
    """An XLSX-looking zip whose sheet unpacks to 64 MB of spaces (about 64 KB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<sheetData>" + b" " * (64 << 20))
    return out.getvalue()


HOSTILE = {name: data for name, (data, _) in CASES.items()} | {"bomb.xlsx": zip_bomb()}
#: Bloc admins in the group (Bob was promoted by the scene), delegates and admins in private.
SENDERS = [(ADMIN, "group"), (BOB, "group"), (ALICE, "private"), (BOB, "private")]


async def _send(h: Harness, world: World, caplog: Any, user: int, where: str, name: str,
                data: bytes, caption: str | None) -> None:  # fmt: skip
    chat = h.group if where == "group" else user
    started = time.monotonic()
    async with Watch(h, caplog) as watch:
        answers = await h.send_file(chat, user, name, data, caption=caption)
        outcome = await watch.outcome(chat, user, [a.text for a in answers])
    assert time.monotonic() - started < 15, (name, "took too long")
    # Other people's files, and files of other types, are the group's own business (silence).
    if where == "private" or name.lower().endswith((".yaml", ".yml", ".csv", ".xlsx", ".xls")):
        assert answers, (name, caption, "no answer")
    check_outcome(outcome, quoted=name, data=world.data_words, must_not_change=True)


async def test_hostile_files_are_refused_cleanly(bot: Harness, world: World, caplog: Any) -> None:
    for i, (name, data) in enumerate(HOSTILE.items()):
        user, where = SENDERS[i % len(SENDERS)]
        caption = ("/addunit", "/scale", None)[i % 3] if where == "group" else None
        if where == "group" and caption is None:
            caption = "/scale"
        await _send(bot, world, caplog, user, where, name, data, caption)


names = st.tuples(
    st.text("abcxyz_-. ", min_size=0, max_size=12),
    st.sampled_from([".xlsx", ".yaml", ".yml", ".csv", ".txt", "", ".XLSX", ".docx"]),
).map("".join)


@fuzz_settings(8, 300)
@given(
    data=st.one_of(st.binary(max_size=3000), st.text(max_size=2000).map(str.encode)),
    name=names,
    sender=st.sampled_from(SENDERS),
    caption=st.sampled_from(["/addunit", "/scale", "/scale template", "/titles", None]),
)
async def test_random_uploads_are_answered_safely(
    bot: Harness,
    world: World,
    caplog: Any,
    data: bytes,
    name: str,
    sender: tuple[int, str],
    caption: str | None,
) -> None:
    user, where = sender
    await _send(bot, world, caplog, user, where, name or "file", data or b"\0", caption)
