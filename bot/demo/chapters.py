"""The chapters of the demo's year, in order: set-up to pledges, then the two assessment rounds.

The later chapters (elections and bình xét, the score review, the summary, export and
documents) are in `bot.demo.closing`.
"""

from __future__ import annotations

import re
from importlib import resources

from bot.demo.stage import Stage, vn
from bot.demo.year import ADMIN, Act, Cast, confirm, filled_template, invite, score_lines

PLEDGE_TEXT = (
    "1. Thu hút ít nhất 5 dự án đầu tư mới vào các KCN, KKT.\n"
    "2. Giải quyết 100% thủ tục hành chính đúng hạn, không để tồn đọng.\n"
    "3. Tổ chức ít nhất 2 đợt thi đua chuyên đề; gửi báo cáo Khối đúng hạn."
)
#: The units that do their self-assessment a particular way (the others paste lines).
BY_WIZARD, BY_TEMPLATE, LATE, REOPENED = "DLK", "DNG", "KTM", "GLA"
ITEM = re.compile(r"^(?:Tiêu chí|Điểm thưởng|Điểm trừ) (\S+) \(")
#: A scanned report: what a delegate attaches where the scale asks for evidence.
REPORT_PDF = b"%PDF-1.4\n% bao cao so 12/BC-BQL\n%%EOF\n"
NUMBER = re.compile(r"\d+(,\d+)?")


async def setup(stage: Stage, cast: Cast) -> None:
    await stage.say(ADMIN, "/start")
    await stage.say(ADMIN, f"/setup {cast.bloc_name}", "group")
    roster = resources.files("bot.data").joinpath("roster-sample.yaml").read_bytes()
    await stage.send_file(ADMIN, "roster-sample.yaml", roster, "/addunit", "group")
    await confirm(stage)
    await stage.say(ADMIN, "/units", "group")


async def invites(stage: Stage, cast: Cast) -> None:
    for code in cast.codes:
        await invite(stage, cast, code)


async def open_year(stage: Stage, cast: Cast) -> None:
    await stage.say(ADMIN, "/year 2026", "group")
    await confirm(stage)
    for phase, when in (
        ("pledge", "31/01/2026"),
        ("midyear", "30/06/2026"),
        ("yearend", "15/12/2026"),
        ("election", "25/12/2026 9:30"),
    ):
        await stage.say(ADMIN, f"/deadline {phase} {when}", "group")
        await confirm(stage)
    await stage.say(ADMIN, "/year", "group")


async def scale(stage: Stage, cast: Cast) -> None:
    await stage.say(cast.delegate["DLK"], "/scale", "group")
    await stage.press(cast.delegate["DLK"], "I", "group", exact=True)


async def pledges(stage: Stage, cast: Cast) -> None:
    titles = ["Cờ thi đua", "Bằng khen"]
    for i, code in enumerate(cast.codes):
        user = cast.delegate[code]
        await stage.say(user, "/pledge")
        await stage.press(user, titles[i % 2])
        if i % 3 == 0:
            await stage.press(user, "Tập thể lao động xuất sắc")
        await stage.press(user, "Tiếp")
        await stage.say(user, PLEDGE_TEXT)
        await stage.press(user, "Xem lại")
        await stage.press(user, "✅")
    await stage.say(ADMIN, "/status", "group")
    await stage.walk(vn(2026, 2, 2), "The pledge deadline passes")


async def _paste(stage: Stage, user: int, seed: int, round_: str) -> None:
    await stage.say(user, f"/assess {round_}")
    await stage.say(user, score_lines(seed, round_=round_))
    await _submit(stage, user)


async def _submit(stage: Stage, user: int) -> None:
    if "Tổng điểm" not in stage.newest_with_buttons(user).text:
        await stage.press(user, "Xem lại")
    await stage.press(user, "Gửi bản tự chấm điểm")
    await stage.press(user, "✅")


async def _wizard(stage: Stage, user: int) -> None:
    """Criterion by criterion: the top value of each, no note, skip bonus and deductions."""
    await stage.say(user, "/assess midyear")
    await stage.press(user, "Chấm từng tiêu chí")
    for _ in range(80):
        screen = stage.newest_with_buttons(user)
        labels = screen.button_texts()
        if "Tổng điểm" in screen.text:
            break
        if any(label.startswith("Không ghi chú") for label in labels):
            await stage.press(user, "Không ghi chú")
        elif "Tiếp ➡️" in labels:  # the evidence step: a scanned report, then on
            if "tài liệu minh chứng:" in screen.text:
                await stage.send_file(user, "bao-cao-minh-chung.pdf", REPORT_PDF)
            await stage.press(user, "Tiếp ➡️", exact=True)
        elif (found := ITEM.search(screen.text)) and found.group(1)[0] in "TD":
            await stage.press(user, "Bỏ qua")
        else:
            numbers = [label for label in labels if NUMBER.fullmatch(label)]
            await stage.press(user, numbers[-1], exact=True)
    await _submit(stage, user)


async def midyear(stage: Stage, cast: Cast) -> None:
    await stage.at(vn(2026, 6, 10), "Sơ kết 6 tháng: the units score themselves")
    for seed, code in enumerate(cast.codes):
        user = cast.delegate[code]
        if code == BY_WIZARD:
            await _wizard(stage, user)
        elif code == BY_TEMPLATE:
            await stage.say(user, "/assess midyear")
            await stage.press(user, "Tải mẫu Excel")
            document = stage.last(user).document
            assert document is not None
            await stage.send_file(user, "tu-cham-diem.xlsx", filled_template(document[1], seed))
            await _submit(stage, user)
        elif code == LATE:  # half done, not submitted by the deadline
            half = score_lines(seed, round_="midyear").splitlines()[:8]
            await stage.say(user, "/assess midyear")
            await stage.say(user, "\n".join(half))
        else:
            await _paste(stage, user, seed, "midyear")
    await stage.say(ADMIN, "/status midyear", "group")
    # A unit that has not submitted when the deadline passes cannot be let in late (the
    # admin's 🔓 is only on submitted assessments): the late unit finishes on the last day.
    await stage.walk(vn(2026, 6, 30, 15, 30), "Reminders before the mid-year deadline")
    await stage.at(vn(2026, 6, 30, 15, 30), f"The last day: {LATE} has not submitted")
    await _paste(stage, cast.delegate[LATE], 7, "midyear")
    await stage.walk(vn(2026, 7, 1), "The mid-year deadline passes")
    await stage.at(vn(2026, 7, 1), "After the mid-year deadline")
    await stage.say(ADMIN, "/status midyear", "group")


async def _reopen(stage: Stage, cast: Cast, code: str, round_: str, reason: str) -> None:
    await stage.say(ADMIN, f"/status {round_}", "group")
    await stage.press(ADMIN, f"🔍 {code}", "group")
    await stage.press(ADMIN, f"Mở lại cho {code}")
    await stage.say(ADMIN, reason)
    await stage.press(ADMIN, "✅")


async def yearend(stage: Stage, cast: Cast) -> None:
    await stage.at(vn(2026, 12, 1), "Tổng kết năm: the units score themselves")
    for seed, code in enumerate(cast.codes):
        await _paste(stage, cast.delegate[code], seed, "yearend")
    await stage.walk(vn(2026, 12, 16), "The year-end deadline passes")
    await stage.at(vn(2026, 12, 16), f"After the year-end deadline: {REOPENED} asks to correct")
    await _reopen(stage, cast, REOPENED, "yearend", "Bổ sung minh chứng tiêu chí 1.2")
    user = cast.delegate[REOPENED]
    await stage.say(user, "/assess yearend")
    await stage.say(user, "1.2 10 Thu hút 14 dự án mới (bổ sung minh chứng)")
    await _submit(stage, user)
    await stage.say(ADMIN, "/status yearend", "group")


OPENING = [
    Act("Setting up the bloc: /setup and the roster", "setup", setup),
    Act("Invite links: one delegate per unit", "invite", invites),
    Act("The year 2026 and its deadlines", "year", open_year),
    Act("The scale", "scale", scale),
    Act("Pledges", "pledge", pledges),
    Act("Self-assessment: Sơ kết 6 tháng", "assess", midyear),
    Act("Self-assessment: Tổng kết năm", "assess", yearend),
]
