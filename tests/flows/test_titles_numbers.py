"""/titles numbers move when a title is removed (QA s18): a confirmation by number names the
title it found, a result shows the new numbering without buttons, and a 🗑 of an older list
acts on the title it was shown beside, or says the list is out of date."""

from __future__ import annotations

import pytest

from tests.flows.conftest import ADMIN, Harness
from tests.flows.year_setup import make_bloc

SAID = {
    "vi": {
        "remove_2": "Mục số 2 trong danh sách hiện nay là Bằng khen của Bộ trưởng Bộ Tài chính.",
        "removed": "✅ Đã xóa khỏi danh sách: Bằng khen của Bộ trưởng Bộ Tài chính.",
        "cancel": "✖️ Hủy",
        "now": "🏅 Danh sách hiện nay (3 mục; từ nay dùng số thứ tự trong danh sách này):",
        "line_3": "3. Tập thể lao động tiên tiến",
        "more": "Gõ /titles để thêm, đổi tên hoặc xóa tiếp.",
        "gone": "đã được xóa khỏi danh sách; danh sách Anh/Chị đang xem đã cũ",
        "old_4": "Xóa Tập thể lao động tiên tiến khỏi danh sách?",
        "rename_2": "Mục số 2 trong danh sách hiện nay là Tập thể lao động xuất sắc. Đổi tên",
        "bad": "danh sách hiện nay đánh số từ 1 đến 2",
        "kept": ["Cờ thi đua của Bộ Tài chính", "Tập thể lao động xuất sắc (mới)"],
    },
    "en": {
        "remove_2": "Number 2 on the list now is Certificate of merit of the Minister of Finance.",
        "removed": "✅ Title removed: Certificate of merit of the Minister of Finance.",
        "cancel": "✖️ Cancel",
        "now": "🏅 The list now (3; use the numbers shown here from now on):",
        "line_3": "3. Advanced labour collective",
        "more": "Send /titles to add, rename or remove another.",
        "gone": "has already been removed from the list; the list you pressed is out of date",
        "old_4": "Remove the title Advanced labour collective from the list?",
        "rename_2": "Number 2 on the list now is Excellent labour collective. Rename it",
        "bad": "the list now runs from 1 to 2",
        "kept": ["Emulation flag of the Ministry of Finance", "Excellent labour collective (mới)"],
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_numbers_that_moved_never_act_on_another_title(bot: Harness, lang: str) -> None:
    said = SAID[lang]
    bloc = await make_bloc(bot, language=lang)
    [old] = await bot.say(bot.group, ADMIN, "/titles")
    assert old.button_texts() == ["🗑 1", "🗑 2", "🗑 3", "🗑 4"]

    usage = {"vi": "Cách dùng: /titles", "en": "Usage: /titles"}[lang]
    for half_typed in ("/titles rename", "/titles remove"):  # the usage, not "no such number"
        [answer] = await bot.say(bot.group, ADMIN, half_typed)
        assert answer.text.startswith(usage), answer.text
    [ask] = await bot.say(bot.group, ADMIN, "/titles remove 2")
    assert said["remove_2"] in ask.text
    # ✅ says what it does: a removal is «Xóa», never «Lưu»
    assert ask.button_texts() == [{"vi": "✅ Xóa", "en": "✅ Remove"}[lang], said["cancel"]]
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    result = ask  # edited in place
    assert result.text.startswith(said["removed"]) and said["now"] in result.text
    assert said["line_3"] in result.text and result.text.endswith(said["more"])
    assert not result.buttons  # a result offers no action that numbers could misdirect

    # the list read before the removal: its 🗑 2 names a title that is gone
    answer = await bot.press(bot.group, ADMIN, message_id=old.message_id, text="🗑 2")
    assert answer is not None and said["gone"] in answer["text"]
    assert len(await bot.services.titles.active(bloc.id)) == 3
    # its 🗑 4 is the title it was shown beside, number 3 now
    await bot.press(bot.group, ADMIN, message_id=old.message_id, text="🗑 4")
    assert said["old_4"] in old.text
    await bot.press(bot.group, ADMIN, message_id=old.message_id, text="✅")

    [late] = await bot.say(bot.group, ADMIN, "/titles rename 3 Whatever")
    assert said["bad"] in late.text and not late.buttons
    name = said["kept"][1]
    [rename] = await bot.say(bot.group, ADMIN, f"/titles rename 2 {name}")
    assert said["rename_2"] in rename.text
    await bot.press(bot.group, ADMIN, message_id=rename.message_id, text="✅")
    assert [t.name for t in await bot.services.titles.active(bloc.id)] == said["kept"]
