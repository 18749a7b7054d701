"""/status past every dated deadline names which passed and which were never set (QA qa9 #11).

With only the election's deadline set and the clock past it, /status said "đã qua thời hạn của
mọi giai đoạn" while /year listed the three others as "chưa đặt"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.flows.conftest import BOB, Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline

AFTER = datetime(2026, 12, 16, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "vi",
            "📋 Năm thi đua 2026: đã qua thời hạn Bầu Khối trưởng, Khối phó và bình xét; chưa"
            " đặt thời hạn Đăng ký thi đua, Sơ kết 6 tháng, Tổng kết năm (quản trị Khối đặt bằng"
            " /deadline).",
        ),
        (
            "en",
            "📋 Emulation year 2026: deadline passed for Head, deputy and commendation votes; no"
            " deadline set for Pledge, Mid-year review, Year-end review (a bloc admin sets one"
            " with /deadline).",
        ),
    ],
)
async def test_status_says_which_deadlines_passed_and_which_were_never_set(
    bot: Harness, language: str, said: str
) -> None:
    await make_bloc(bot, language=language)
    await open_year(bot)
    await set_deadline(bot, "election 15/12/2026 17:30")
    bot.clock.set(AFTER)
    [status] = await bot.say(bot.group, BOB, "/status")
    assert status.text.splitlines()[0] == said
    assert "mọi giai đoạn" not in status.text and "every deadline" not in status.text


async def test_status_says_every_deadline_passed_when_all_were_set(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    for phase in ("pledge 31/01/2026", "midyear 30/06/2026", "yearend 30/11/2026"):
        await set_deadline(bot, phase)
    await set_deadline(bot, "election 15/12/2026 17:30")
    bot.clock.set(AFTER)
    [status] = await bot.say(bot.group, BOB, "/status")
    assert status.text.splitlines()[0] == "📋 Năm thi đua 2026: đã qua thời hạn của mọi giai đoạn."
