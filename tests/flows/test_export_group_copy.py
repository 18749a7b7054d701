"""`/export` "📎 To the group" (QA roles #2): the group's copy of the workbook leaves out what
the group is told nowhere else — the commitments until an admin publishes them (📢), why a unit
was not ranked, the review's reasons and the units' answers —, as /documents' group copy leaves
out the reasons; "🔒 To me, privately" keeps everything."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.flows.conftest import ADMIN, Harness
from tests.flows.test_results_flow import CASTS, _scene

PLEDGED = "Thu hút 3 dự án mới"
REASON = "Thiếu biên bản nghiệm thu"
ANSWER = "Đơn vị đã bổ sung biên bản họp quý II"
EXCLUDED = "Vi phạm an toàn lao động"
WORDS = {
    "vi": {
        "pledges": "Đăng ký thi đua",
        "ranking": "Xếp hạng",
        "not_published": "(chưa công bố)",
        "left_out": "(không có trong bản gửi vào nhóm)",
        "unranked": "Không xếp hạng",
        "told": "Bản gửi vào nhóm không có nội dung cam kết khi chưa công bố",
    },
    "en": {
        "pledges": "Pledges",
        "ranking": "Ranking",
        "not_published": "(not published)",
        "left_out": "(not in the group's copy)",
        "unranked": "Not ranked",
        "told": "The group's copy leaves out the commitments until they are published",
    },
}


def _texts(book: Workbook) -> str:
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


async def _export(bot: Harness, button: str, chat: int) -> Workbook:
    [ask] = await bot.say(bot.group, ADMIN, "/export")
    before = len([m for m in bot.emu.bot_messages(chat) if m.document])
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text=button)
    sent = [m.document for m in bot.emu.bot_messages(chat) if m.document][before:]
    assert sent and sent[0][0].endswith(".xlsx")
    return load_workbook(io.BytesIO(sent[0][1]))


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_groups_workbook_leaves_out_what_is_not_the_groups(
    bot: Harness, lang: str
) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    bloc, _ = await _scene(bot, cast)
    services, now = bot.services, bot.clock.now()
    year = await services.years.current(bloc.id)
    head = await services.units.by_code(bloc.id, cast.head)
    assert year is not None and head is not None
    title = (await services.titles.active(bloc.id))[0]
    await services.pledges.save(
        year.id, head.id, title_ids=[title.id], commitments=PLEDGED, by=ADMIN, now=now
    )
    # a review decision with its reason, the unit's answer, an exclusion with its reason
    reviewer, delegate = cast.reviewer, cast.reviewed_delegate
    await bot.say(bot.group, reviewer, "/review")
    await bot.press(reviewer, reviewer, text=cast.reviewed)
    await bot.say(reviewer, reviewer, f"1.1 9,5 {REASON}")
    await bot.press(delegate, delegate, text="✍️")
    await bot.say(delegate, delegate, ANSWER)
    await bot.say(bot.group, ADMIN, "/review midyear")
    await bot.press(ADMIN, ADMIN, text="KTM")
    await bot.press(ADMIN, ADMIN, text="⛔")
    await bot.say(ADMIN, ADMIN, EXCLUDED)
    await bot.press(ADMIN, ADMIN, text="✅")

    [ask] = await bot.say(bot.group, ADMIN, "/export")
    assert words["told"] in ask.text  # the admin knows before choosing

    group = await _export(bot, "📎", bot.group)
    seen = _texts(group)
    for private in (PLEDGED, REASON, ANSWER, EXCLUDED):
        assert private not in seen, private
    [pledge] = list(group[words["pledges"]].iter_rows(min_row=2, values_only=True))
    assert pledge[0] == cast.head and pledge[2] == title.name
    assert pledge[3] == words["not_published"]
    assert words["left_out"] in seen  # the review sheet says a reason was there
    notes = {r[0]: r[-1] for r in group[words["ranking"]].iter_rows(min_row=2, values_only=True)}
    assert notes["KTM"] == words["unranked"]

    mine = _texts(await _export(bot, "🔒", ADMIN))
    for private in (PLEDGED, REASON, ANSWER, EXCLUDED):
        assert private in mine, private
    assert words["left_out"] not in mine

    # once the commitments are published, the group's copy has them (and still no reasons)
    assert await services.years.publish_pledges(year.id, by=ADMIN, now=now)
    published = _texts(await _export(bot, "📎", bot.group))
    assert PLEDGED in published and words["not_published"] not in published
    assert REASON not in published and EXCLUDED not in published
