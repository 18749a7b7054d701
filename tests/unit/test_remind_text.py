"""The nudge texts as people read them, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.nudge_times import PendingUnit, nudge_times, plan_round
from bot.domain.reminders import ReminderSettings
from bot.i18n import Catalog, Texts, plain_text
from views.remind import (
    PhaseSchedule,
    after_text,
    digest_text,
    private_text,
    schedule_text,
)

DEADLINE = datetime(2026, 6, 30, 10, 0, tzinfo=UTC)  # 17:00 in Vietnam
BLOC = Bloc(
    id=1,
    chat_id=-100,
    name="Khối thi đua các Ban quản lý KKT",
    language="vi",
    timezone="Asia/Ho_Chi_Minh",
    created_by=1,
    created_at=DEADLINE - timedelta(days=200),
)
PENDING = [
    PendingUnit(unit_id=n, code=code, delegates=(100 + n,))
    for n, code in enumerate(["QNM", "BDI", "KTM", "GLA"], start=1)
]


def _tx(lang: str) -> Texts:
    return Catalog.load().for_lang(lang)


def test_group_digest_as_in_the_design() -> None:
    plan = plan_round(PENDING, sent=set(), unreachable=set())
    at = DEADLINE - timedelta(days=3)
    text = plain_text(digest_text(_tx("vi"), BLOC, Phase.MIDYEAR, DEADLINE, at, plan, {}, {}))
    assert text == (
        "⏰ Còn 3 ngày nữa đến thời hạn Sơ kết 6 tháng (30/06/2026 17:00):"
        " 4 đơn vị chưa nộp bản tự chấm điểm: BDI, GLA, KTM, QNM"
    )
    english = plain_text(digest_text(_tx("en"), BLOC, Phase.MIDYEAR, DEADLINE, at, plan, {}, {}))
    assert english.startswith(
        "⏰ 3 days to the Mid-year review deadline (30/06/2026 17:00): 4 units"
    )


def test_digest_counts_units_with_unsent_changes_without_naming_them() -> None:
    at = DEADLINE - timedelta(days=3)
    plan = plan_round(PENDING, sent=set(), unreachable=set())
    english = plain_text(
        digest_text(_tx("en"), BLOC, Phase.MIDYEAR, DEADLINE, at, plan, {}, {}, 2)
    ).splitlines()
    assert english[1] == "Units with changes not yet resubmitted: 2."  # QA qa-last #5e
    vi = plain_text(digest_text(_tx("vi"), BLOC, Phase.MIDYEAR, DEADLINE, at, plan, {}, {}, 1))
    assert vi.splitlines()[1] == "1 đơn vị đã nộp nhưng có thay đổi chưa gửi lại."


def test_digest_mentions_the_unreachable_by_name_and_escapes_it() -> None:
    plan = plan_round(PENDING, sent=set(), unreachable={102})
    html = digest_text(
        _tx("vi"),
        BLOC,
        Phase.PLEDGE,
        DEADLINE,
        DEADLINE - timedelta(hours=9),
        plan,
        {102: "Trần <Thị> Bình"},
        {2: "BDI"},
    )
    assert "Hôm nay là thời hạn" in html
    assert '<a href="tg://user?id=102">Trần &lt;Thị&gt; Bình</a> (BDI)' in html


def test_private_nudge_names_the_unit_and_the_deadline() -> None:
    text = plain_text(
        private_text(_tx("vi"), BLOC, Phase.PLEDGE, "BDI", DEADLINE, DEADLINE - timedelta(days=7))
    )
    assert "Còn 7 ngày nữa đến thời hạn Đăng ký thi đua (Thứ Ba, 30/06/2026 17:00)" in text
    assert "Đơn vị BDI chưa đăng ký thi đua" in text and "Anh/Chị" in text


def test_a_nudge_moved_off_the_weekend_says_days_and_hours() -> None:
    """30/06 17:00: the 3-day nudge (Saturday) goes on Monday 29/06 07:30, the 1-day one at
    17:00; both said "Còn 1 ngày nữa", as if one nudge had been sent twice."""
    moved, due = DEADLINE - timedelta(hours=33, minutes=30), DEADLINE - timedelta(days=1)
    vi, en = _tx("vi"), _tx("en")
    said = [
        plain_text(private_text(vi, BLOC, Phase.MIDYEAR, "KTM", DEADLINE, at))
        for at in (moved, due)
    ]
    assert "Còn 1 ngày 9 giờ nữa đến thời hạn Sơ kết 6 tháng" in said[0]
    assert "Còn 1 ngày nữa đến thời hạn Sơ kết 6 tháng" in said[1]
    english = plain_text(private_text(en, BLOC, Phase.MIDYEAR, "KTM", DEADLINE, due))
    assert "1 day to the Mid-year review deadline" in english  # not "1 days"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_after_deadline_line_counts_in_time_lists_missing_and_late(lang: str) -> None:
    done = {"BDI": DEADLINE - timedelta(days=1), "GLA": DEADLINE + timedelta(hours=2)}
    text = plain_text(after_text(_tx(lang), BLOC, Phase.MIDYEAR, DEADLINE, done, ["QNM", "KTM"]))
    assert "1/4" in text and "KTM, QNM" in text and "GLA" in text.splitlines()[-1]
    everyone = plain_text(
        after_text(_tx(lang), BLOC, Phase.MIDYEAR, DEADLINE, {"BDI": DEADLINE}, [])
    )
    assert "1/1" in everyone and len(everyone.splitlines()) == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_schedule_view(lang: str) -> None:
    settings = ReminderSettings()
    points = nudge_times(DEADLINE, settings, ZoneInfo(BLOC.timezone))
    phases = [
        PhaseSchedule(Phase.PLEDGE, DEADLINE - timedelta(days=100), True, (), True),
        PhaseSchedule(Phase.MIDYEAR, DEADLINE, True, tuple(points), False),
        PhaseSchedule(Phase.YEAREND, None, True, (), False),
        PhaseSchedule(Phase.ELECTION, DEADLINE, False, (), False),
    ]
    text = plain_text(schedule_text(_tx(lang), BLOC, settings, 2026, phases, [("GLA", 21, "Lan")]))
    assert "21:00–07:30" in text
    assert "23/06/2026 17:00; " in text and "30/06/2026 08:00." in text  # with their weekdays
    if lang == "en":
        assert "Tuesday, 23/06/2026 17:00; Monday, 29/06/2026 07:30;" in text
        assert "7 days, 3 days, 1 day" in text
    assert "Lan (GLA)" in text
    assert len(text) < 4096
    if lang == "vi":
        assert "7 ngày, 3 ngày, 1 ngày" in text and "đã tắt nhắc hạn" in text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "📌 Deadline passed: Mid-year review (30/06/2026 17:00). Every unit (2/2) was in time"
            " to submit the self-assessment. Thank you!",
        ),
        (
            "vi",
            "📌 Đã hết thời hạn Sơ kết 6 tháng (30/06/2026 17:00): tất cả các đơn vị (2/2) đã nộp"
            " bản tự chấm điểm đúng hạn. Trân trọng cảm ơn Anh/Chị!",
        ),
    ],
)
def test_when_every_unit_was_in_time_the_line_says_so_once(lang: str, said: str) -> None:
    """QA qa-last #5f: "4/4 units were in time to …" then "Every unit was in time to …"."""
    done = {"BDI": DEADLINE - timedelta(days=1), "GLA": DEADLINE}
    assert plain_text(after_text(_tx(lang), BLOC, Phase.MIDYEAR, DEADLINE, done, [])) == said


def test_english_lines_after_and_on_the_deadline_read_plainly() -> None:
    """No «0/11 units managed to», no «Failed to» before the whole bloc, no noun stack, and a
    unit's ballot is not «their»."""
    en = _tx("en")
    after = plain_text(after_text(en, BLOC, Phase.YEAREND, DEADLINE, {}, ["KTM", "QNM"]))
    assert "0/2 units were in time to submit the self-assessment." in after
    assert "Still to submit the self-assessment: KTM, QNM." in after
    assert "managed" not in after and "Failed" not in after
    morning = DEADLINE - timedelta(hours=2)
    today = plain_text(private_text(en, BLOC, Phase.ELECTION, "DNG", DEADLINE, morning))
    assert "Deadline today: Head, deputy and commendation votes (" in today
    assert "Unit DNG has yet to cast the ballot." in today
