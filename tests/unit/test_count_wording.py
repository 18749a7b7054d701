"""English counts say the number before its noun, singular for one, where a "(noun: N)" label
read as a form (QA qa-last #5): each text as the view builds it, for one and for several."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.calendar import Phase
from bot.domain.year import Year
from bot.i18n import Catalog, plain_text
from bot.usecases.year import DeadlineProposal
from tests.unit.test_remind_text import BLOC  # a bloc in Vietnam's time zone
from views.year import deadline_text

EN = Catalog.load().for_lang("en")
VI = Catalog.load().for_lang("vi")


def _both(key: str, **params: object) -> tuple[str, str]:
    """The English text for a count of 1 and of 3 (`count` and every param given)."""
    return tuple(  # type: ignore[return-value]
        plain_text(EN.plural(key, n, **{"count": n, **params})) for n in (1, 3)
    )


def test_a_review_line_counts_its_changes() -> None:
    assert _both("review.list_changes") == (" (1 change)", " (3 changes)")
    assert VI.plural("review.list_changes", 1, count=1) == " (1 điều chỉnh)"


def test_clearing_the_commitments_counts_their_characters() -> None:
    one, three = _both("pledge.confirm_clear")
    assert one.startswith("Delete all the commitments sent so far (1 character)?")
    assert three.startswith("Delete all the commitments sent so far (3 characters)?")


NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
YEAR = Year(id=1, bloc_id=1, year=2026, status="open", opened_by=1, opened_at=NOW)


@pytest.mark.parametrize(
    ("told", "said"),
    [
        ({"told": 1}, "privately told 1 delegate of a unit still to act about the new deadline."),
        ({"told": 3}, "privately told 3 delegates of the units still to act about the new"),
        ({"closed_told": 1}, "privately told 1 delegate of a unit that did not act that the"),
        ({"closed_told": 2}, "privately told 2 delegates of the units that did not act that"),
    ],
)
def test_a_moved_deadline_says_how_many_delegates_were_told(
    told: dict[str, int], said: str
) -> None:
    proposal = DeadlineProposal(BLOC, YEAR, Phase.PLEDGE, NOW, [], **told)
    assert said in plain_text(deadline_text(EN, BLOC, proposal, "year.deadline_set"))
