"""An English bloc's first steps speak English (QA roles #7): the usage examples of /setup and
/addunit are English, /year says the sample scale is in Vietnamese and how to send one's own,
and /documents says in the reader's words what each template name is."""

from __future__ import annotations

import re

from tests.flows.conftest import ADMIN, Harness
from tests.flows.membership_kit import bot_en

__all__ = ["bot_en"]

#: Vietnamese letters (with their diacritics): none in an English screen but the names.
VIETNAMESE = re.compile(
    "[ăâđêôơưàáạảãấầẩẫậắằẳẵặèéẹẻẽếềểễệìíịỉĩòóọỏõốồổỗộớờởỡợùúụủũứừửữựỳýỵỷỹ]", re.I
)


async def test_an_english_blocs_first_steps(bot_en: Harness) -> None:
    bot = bot_en
    [hello] = await bot.say(bot.group, ADMIN, "/help")  # the group is not registered yet
    assert "<code>/setup Central Highlands Emulation Bloc</code>" in hello.html
    [usage] = await bot.say(bot.group, ADMIN, "/setup")
    assert "/setup Central Highlands Emulation Bloc" in usage.text
    for said in (hello, usage):
        assert not VIETNAMESE.search(said.text.replace("bình xét", "")), said.text

    await bot.say(bot.group, ADMIN, "/setup Central Highlands Emulation Bloc")
    [usage] = await bot.say(bot.group, ADMIN, "/addunit")
    assert "/addunit DLK Dak Lak Industrial Parks Authority" in usage.text
    assert not VIETNAMESE.search(usage.text), usage.text
    await bot.say(bot.group, ADMIN, "/addunit DLK Dak Lak Industrial Parks Authority")

    [ask] = await bot.say(bot.group, ADMIN, "/year 2026")
    assert "the sample scale, which is in Vietnamese: send your own with /scale" in ask.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert (
        "with the sample scale (in Vietnamese; send your own with /scale)"
        in bot.last(bot.group).text
    )

    await bot.say(bot.group, ADMIN, "/documents")
    await bot.press(bot.group, ADMIN, text="📎")
    listed = bot.last(bot.group).text
    assert "Year-end documents 2026" in listed
    assert "/documents template" not in listed  # in the group: the documents only (QA qa8 #10)
    await bot.say(ADMIN, ADMIN, "/lang en")
    [listed] = [m.text for m in await bot.say(ADMIN, ADMIN, "/documents")]
    assert "kiemphieu-bau (Minutes of the count: head and deputy election)" in listed
    assert "baocao (Year-end report)" in listed
    [unknown] = await bot.say(bot.group, ADMIN, "/documents template bienban")
    assert "totrinh (Proposal letter for commendation)" in unknown.text
