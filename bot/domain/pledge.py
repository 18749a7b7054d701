"""A unit's pledge as it is being written: titles to toggle, commitments in several messages.

Why pure: the limits and the "may this unit still edit?" rule are used by the pledge flow, the
group's progress and the tests alike; they need neither Telegram nor the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.text import has_visible, visible_text

#: Commitments are kept short enough that the whole pledge fits one Telegram message.
COMMITMENTS_MAX_CHARS = 3000
TITLE_NAME_MAX_CHARS = 80
TITLES_MAX = 10


class PledgeDraft(BaseModel):
    """One unit's pledge in progress: what the flow stores at every step."""

    model_config = ConfigDict(defer_build=True)

    year_id: int
    titles: list[int] = Field(default_factory=list)
    parts: list[str] = Field(default_factory=list)
    #: The revision of the unit's registered pledge this draft started from (0: none was).
    base: int = 0

    @property
    def commitments(self) -> str:
        return join_parts(self.parts)

    def toggled(self, title_id: int) -> PledgeDraft:
        chosen = [t for t in self.titles if t != title_id]
        if len(chosen) == len(self.titles):
            chosen.append(title_id)
        return self.model_copy(update={"titles": chosen})

    def with_part(self, text: str) -> PledgeDraft:
        return self.model_copy(update={"parts": [*self.parts, clean_part(text)]})

    def valid_titles(self, active: Iterable[int]) -> list[int]:
        """The chosen titles that still exist, in the bloc's order."""
        chosen = set(self.titles)
        return [t for t in active if t in chosen]

    def same_as(self, other: PledgeDraft) -> bool:
        """Whether both say the same: the same titles (in any order) and commitments."""
        return set(self.titles) == set(other.titles) and self.commitments == other.commitments


def superseded(
    base: int, edited_at: datetime | None, revision: int, registered_at: datetime
) -> bool:
    """Whether a person's draft is older than the unit's registered pledge: it began before
    that registration (`base` < `revision`) and was not changed after it.

    Why: drafts are each person's, the registration the unit's. A draft another delegate's
    registration overtook is not what the unit now has; opening /pledge starts from the
    registration instead (a draft changed since is the person's newer work, and is kept).
    """
    return base < revision and (edited_at is None or edited_at <= registered_at)


def clean_part(text: str) -> str:
    """One message of commitments as stored: stripped, without invisible or direction-changing
    characters (a message of nothing else is empty)."""
    cleaned = visible_text(text).strip()
    return cleaned if has_visible(cleaned) else ""


def join_parts(parts: Sequence[str]) -> str:
    """The commitments as one text: each message a paragraph."""
    return "\n".join(p for p in parts if p)


def length_with(parts: Sequence[str], text: str) -> int:
    """How long the commitments would be with one more message."""
    return len(join_parts([*parts, clean_part(text)]))


def can_edit(deadline: datetime | None, now: datetime, reopened: bool) -> bool:
    """Until the pledge deadline (none set: open), or after it while an admin reopened it."""
    return deadline is None or now < deadline or reopened


def clean_title_name(text: str) -> str:
    """A title's name as typed, on one line with single spaces, nothing invisible."""
    return " ".join(visible_text(text).split()) if has_visible(text) else ""
