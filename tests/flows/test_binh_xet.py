"""The bình xét through Telegram (two titles with quotas, a tie at the quota line, no button
for a unit to approve itself, the new bình xét among the tied), and forged or replayed ballot
buttons.
"""

from __future__ import annotations

import pytest

from bot.callback_data import encode
from bot.domain.bloc import Bloc
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, progress, ready, vote
from views.ballot import CastApprovals, CastPick

FLAG, MERIT = "Cờ thi đua của Bộ Tài chính", "Bằng khen của Bộ trưởng Bộ Tài chính"
#: The same titles as an English bloc names them.
ENGLISH = {
    FLAG: "Emulation flag of the Ministry of Finance",
    MERIT: "Certificate of merit of the Minister of Finance",
}


async def _pledges(bot: Harness, bloc: Bloc) -> None:
    """Everyone aims for the flag; DLK and DNG for the Bằng khen too (as stored by /pledge)."""
    services = bot.services
    year = await services.years.current(bloc.id)
    titles = {t.name: t.id for t in await services.titles.active(bloc.id)}
    titles.update({vi: titles[en] for vi, en in ENGLISH.items() if en in titles})
    assert year is not None
    for code, names in (("DLK", [FLAG, MERIT]), ("DNG", [FLAG, MERIT]), ("GLI", [FLAG])):
        unit = await services.units.by_code(bloc.id, code)
        assert unit is not None
        await services.pledges.save(
            year.id,
            unit.id,
            title_ids=[titles[n] for n in names],
            commitments="Cam kết.",
            by=ADMIN,
            now=bot.clock.now(),
        )


async def _approve(bot: Harness, user: int, labels: list[str], review: str) -> str:
    [ballot] = await bot.say(user, user, "/vote")
    for label in labels:
        await bot.press(user, user, message_id=ballot.message_id, text=label)
    await bot.press(user, user, message_id=ballot.message_id, text=review)
    await bot.press(user, user, message_id=ballot.message_id, text="✅")
    return ballot.text


async def test_binh_xet_with_quotas_a_tie_and_a_self_approval(bot: Harness) -> None:
    bloc = await ready(bot)
    await _pledges(bot, bloc)
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    assert f"{FLAG}: chỉ tiêu 1 — đăng ký: DLK, DNG, GLI" in ask.text
    assert f"{MERIT}: chỉ tiêu 1 — đăng ký: DLK, DNG" in ask.text
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="➕")  # the flag: 2
    assert f"{FLAG}: chỉ tiêu 2" in ask.text
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert "Bình xét, suy tôn năm 2026" in progress(bot).text
    [ballot] = await bot.say(BOB, BOB, "/vote")
    # The titles are numbered as the buttons are (`2·DLK`: the second title's DLK), and the
    # voter's own unit (DNG) has no button: the rules forbid approving oneself.
    assert f"1. {FLAG} — at most 2 to choose" in ballot.text
    assert f"2. {MERIT} — at most 1 to choose (0 chosen)" in ballot.text
    assert not any(label.endswith("·DNG") for label in ballot.button_texts())
    await bot.press(BOB, BOB, message_id=ballot.message_id, text="1·DLK")
    await bot.press(BOB, BOB, message_id=ballot.message_id, text="1·GLI")
    await bot.press(BOB, BOB, message_id=ballot.message_id, text="2·DLK")
    await bot.press(BOB, BOB, message_id=ballot.message_id, text="Review")
    assert f"{FLAG}: DLK, GLI" in ballot.text and f"{MERIT}: DLK" in ballot.text
    await bot.press(BOB, BOB, message_id=ballot.message_id, text="✅")
    assert "Receipt code" in ballot.text and "GLI" not in ballot.text
    await _approve(bot, ALICE, ["1·DNG", "1·GLI", "2·DNG"], "Xem lại")
    [carol] = await bot.say(CAROL, CAROL, "/vote")
    for label in ("1·DLK", "1·DNG", "2·DNG"):
        await bot.press(CAROL, CAROL, message_id=carol.message_id, text=label)
    answer = await bot.press(CAROL, CAROL, message_id=carol.message_id, text="⬜ 2·DLK")
    assert answer is not None and "tối đa 1 đơn vị" in answer["text"]  # over the quota
    await bot.press(CAROL, CAROL, message_id=carol.message_id, text="Xem lại")
    await bot.press(CAROL, CAROL, message_id=carol.message_id, text="✅")
    posted = "\n".join(m.text for m in await close_vote(bot))
    assert "1. DLK — Ban Quản lý các KCN tỉnh Đắk Lắk: 2 phiếu ⚖️ bằng phiếu" in posted
    assert "DLK, DNG và GLI bằng phiếu ở vị trí cuối của chỉ tiêu (còn 2 suất)" in posted
    assert "1. DNG — Ban Quản lý các KCN Đà Nẵng: 2 phiếu ✅ đề nghị" in posted
    assert f"• {MERIT}: DNG" in posted
    # They reached the approvals needed: tied for the seats, not "not enough votes".
    assert f"• {FLAG}: DLK, DNG và GLI bằng phiếu cho 2 suất còn lại" in posted
    assert "không có đơn vị nào đủ số phiếu" not in posted
    tie = [m for m in bot.emu.bot_messages(bot.group) if m.buttons][-1]
    [runoff_data] = [b.callback_data for row in tie.buttons for b in row]
    # A second full bình xét of the year would give it two results: refused, naming the vote
    # that stands. The new bình xét among the tied opens from the result's button, or from
    # the refusal's own (the result may be far up the chat, or deleted).
    [refused] = await bot.say(bot.group, ADMIN, "/election open commendation")
    assert "Bình xét, suy tôn năm 2026 đã kết thúc lúc" in refused.text
    assert "không mở cuộc bình xét thứ hai" in refused.text
    assert "Còn đơn vị bằng phiếu ở vị trí cuối của chỉ tiêu" in refused.text
    assert refused.button_texts() == ["🗳 Bình xét lại giữa các đơn vị bằng phiếu"]
    assert len(await bot.services.elections.of_year(year.id)) == 1
    answer = await bot.press(bot.group, CAROL, message_id=refused.message_id, text="🗳")
    assert answer is not None and "quản trị" in answer["text"].lower()
    await bot.press(bot.group, ADMIN, message_id=refused.message_id, text="🗳")
    assert f"• {FLAG}: còn 2 suất — DLK, DNG, GLI" in refused.text  # its confirmation
    assert len(await bot.services.elections.of_year(year.id)) == 1
    await bot.press(bot.group, ADMIN, message_id=refused.message_id, text="✅")
    assert "Bình xét lại năm 2026 (giữa các đơn vị bằng phiếu)" in progress(bot).text
    assert "0/3" in progress(bot).text
    assert [e.round for e in await bot.services.elections.of_year(year.id)] == [1, 2]
    [again] = await bot.say(ALICE, ALICE, "/vote")
    assert "chọn tối đa 2 đơn vị" in again.text
    assert again.button_texts()[:2] == ["⬜ 1·DNG", "⬜ 1·GLI"]  # the tied, less her own DLK
    await _approve(bot, ALICE, ["1·DNG", "1·GLI"], "Xem lại")
    await _approve(bot, CAROL, ["1·DLK", "1·DNG"], "Xem lại")
    posted = "\n".join(m.text for m in await close_vote(bot))
    assert f"• {FLAG}: DNG" in posted  # the runoff's result
    [refused] = await bot.say(bot.group, ADMIN, "/election open commendation")  # settled
    assert "không mở cuộc bình xét thứ hai" in refused.text and not refused.buttons
    # The tie's button again, once its runoff has a result: no second runoff.
    query = bot.emu.press_forged(bot.group, ADMIN, tie.message_id, runoff_data)
    await bot.settle()
    answer = bot.emu.answer_for(query)
    assert answer is not None and "đã được bình xét lại" in answer["text"]
    assert [e.round for e in await bot.services.elections.of_year(year.id)] == [1, 2]


async def test_forged_and_replayed_ballot_buttons_change_nothing(bot: Harness) -> None:
    bloc = await ready(bot)
    await open_vote(bot, "head")
    units = {u.code: u.id for u in await bot.services.units.list(bloc.id)}
    election = (await bot.services.elections.open_of_bloc(bloc.id))[0]
    await vote(bot, ALICE, "DNG")
    receipt = bot.last(ALICE)
    cases = {
        # the same ✅ again (a replay): the unit's ballot is stored
        encode(CastPick(units["DLK"], election.id, units["GLI"])): "đã được lưu và sẽ được kiểm",
        # another election's id
        encode(CastPick(units["DLK"], election.id + 7, units["GLI"])): "không còn",
        # another unit's ballot: Lan acts for DLK only
        encode(CastPick(units["DNG"], election.id, units["GLI"])): "",
        # a head ballot pressed as a bình xét one
        encode(CastApprovals(units["DLK"], election.id, "1")): "",
        # not what this bot writes
        "v1:vote:cast:1:2": "",
    }
    for data, expected in cases.items():
        query = bot.emu.press_forged(ALICE, ALICE, receipt.message_id, data)
        await bot.settle()
        answer = bot.emu.answer_for(query)
        assert answer is not None, data
        # a pop-up, or (a settled ✅) the pressed message edited to the refusal, never both
        said = answer.get("text") or receipt.text
        assert said and expected in said, (data, said)
    [ballot] = await bot.say(CAROL, CAROL, "/vote")
    forged = encode(CastPick(units["GLI"], election.id, 999_999))
    query = bot.emu.press_forged(CAROL, CAROL, ballot.message_id, forged)
    await bot.settle()
    answer = bot.emu.answer_for(query)
    assert answer is not None and "không có trong danh sách giới thiệu" in answer["text"]
    assert len(await bot.services.elections.ballots(election.id)) == 1
    assert "1/3" in progress(bot).text


@pytest.mark.parametrize(
    ("language", "opening", "share", "base", "button", "roll"),
    [
        (
            "vi",
            "đơn vị được đề nghị khi trong chỉ tiêu và được quá 1/2 số đơn vị đã bỏ phiếu đồng ý;"
            " đơn vị không được bỏ phiếu đồng ý cho chính mình.",
            "• Bình xét: đơn vị được đề nghị khi trong chỉ tiêu và được quá 1/2 số đơn vị đã bỏ"
            " phiếu đồng ý.",
            "• Bình xét: tỷ lệ đồng ý tính trên số đơn vị đã bỏ phiếu.",
            "Cách tính tỷ lệ",
            "• Bình xét: đơn vị được đề nghị khi trong chỉ tiêu và được quá 1/2 số đơn vị trong"
            " danh sách bỏ phiếu đồng ý.",
        ),
        (
            "en",
            "a unit is proposed when within the quota and approved by more than 1/2 of the units"
            " that voted; a unit may not approve itself.",
            "• Commendation vote: a unit is proposed when within the quota and approved by more"
            " than 1/2 of the units that voted.",
            "• Commendation vote: the share is counted on the units that voted.",
            "Share counted on",
            "• Commendation vote: a unit is proposed when within the quota and approved by more"
            " than 1/2 of the units on the roll.",
        ),
    ],
)
async def test_the_binh_xet_rule_reads_the_same_way_in_every_message(
    bot: Harness, language: str, opening: str, share: str, base: str, button: str, roll: str
) -> None:
    """QA votes #12: "được quá 1/2 số phiếu đồng ý" read as "more than half of the approvals";
    the rule is a unit approved by more than 1/2 of the units that voted (or on the roll),
    said alike in the opening's confirmation and /election rules; and a unit may not "bỏ phiếu
    đồng ý" for itself (not "tự bỏ phiếu cho mình", the election's words)."""
    bloc = await ready(bot, language=language)
    await _pledges(bot, bloc)
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    assert opening in ask.text
    [shown] = await bot.say(bot.group, ADMIN, "/election rules")
    assert {share, base} <= set(shown.text.splitlines())
    await bot.press(bot.group, ADMIN, message_id=shown.message_id, text=button)
    assert roll in bot.last(bot.group).text.splitlines()
