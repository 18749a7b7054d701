"""`deadline_example`: the `/deadline` example of the hints is never a day already past."""

from __future__ import annotations

from datetime import date

from bot.domain.calendar import deadline_example


def test_the_example_is_the_next_usual_day_still_ahead() -> None:
    assert deadline_example(2026, date(2026, 1, 5))["ex_date"] == "31/01/2026"
    june = deadline_example(2026, date(2026, 3, 1))
    assert (june["ex_phase"], june["ex_date"]) == ("pledge", "31/03/2026")
    late = deadline_example(2026, date(2026, 12, 20))
    assert (late["ex_phase"], late["ex_date"]) == ("yearend", "31/12/2026")
    over = deadline_example(2026, date(2027, 3, 20))
    assert (over["ex_phase"], over["ex_date"]) == ("election", "31/03/2027")
    gone = deadline_example(2024, date(2026, 12, 3))
    assert (gone["ex_phase"], gone["ex_date"]) == ("election", "31/12/2026")
