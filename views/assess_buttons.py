"""The typed buttons of `/assess` (kind `assess`): each names the unit and round it acts on.

A button is an address, never a permission: every press goes through a use case that checks
the presser still acts for the unit (or is an admin of its bloc) and that the round is still
open. Buttons that change a score carry the revision their screen showed (`seen`), so a press
on an old screen never overwrites a newer change.
"""

from __future__ import annotations

from bot.callback_data import Where, button
from bot.domain.assessment import Round
from bot.usecases.assessment import Stage

KIND = "assess"


@button(KIND, "unit", Where.PRIVATE)
class OpenUnit:
    """The unit picked (a delegate of several units); `round` is a round's code or "now"."""

    unit_id: int
    round: str


@button(KIND, "go", Where.PRIVATE)
class Go:
    """Move to a screen: the overview, a criterion's step, the review (`page`), the check."""

    unit_id: int
    round: Round
    stage: Stage
    code: str = "-"
    page: int = 0


@button(KIND, "ev", Where.PRIVATE)
class AddEvidence:
    """📎 on the review: the criterion's evidence step, and back to the review once done."""

    unit_id: int
    round: Round
    code: str


@button(KIND, "v", Where.PRIVATE)
class Value:
    """A score button on a criterion's screen made at revision `seen`."""

    unit_id: int
    round: Round
    code: str
    value: str
    seen: int


@button(KIND, "next", Where.PRIVATE)
class Next:
    """No (more) note or evidence: on to what follows the criterion."""

    unit_id: int
    round: Round
    code: str


@button(KIND, "held", Where.PRIVATE)
class KeepHeld:
    """Keep the text the wizard asked about (`Position.pending`) as the item's note; `tag` is
    its fingerprint, so a press on an older question never saves another text."""

    unit_id: int
    round: Round
    code: str
    tag: str


@button(KIND, "clr", Where.PRIVATE)
class ClearEvidence:
    unit_id: int
    round: Round
    code: str
    seen: int


@button(KIND, "xlsx", Where.PRIVATE)
class Template:
    """Send the scale as the XLSX template, pre-filled with the unit's scores."""

    unit_id: int
    round: Round


@button(KIND, "ok", Where.PRIVATE)
class Submit:
    """✅ on the confirmation that showed the total of revision `revision`."""

    unit_id: int
    round: Round
    revision: int


@button(KIND, "close", Where.PRIVATE)
class Close:
    """✖️: leave the assessment (every score is already stored)."""

    unit_id: int
    round: Round


@button(KIND, "see", Where.ANYWHERE)
class SeeUnit:
    """🔍 a unit in the round's list: its submitted assessment, in private. `year_id` is the
    year of the list (a closed year's stays readable); 0 in a button made before: the open one."""

    unit_id: int
    round: Round
    year_id: int = 0


@button(KIND, "reopen", Where.PRIVATE)
class AskReopen:
    """🔓 an admin asks to reopen a locked unit: the reason is typed next."""

    unit_id: int
    round: Round


@button(KIND, "reopen_ok", Where.PRIVATE)
class Reopen:
    """✅ on the reopening (the reason is in the admin's flow)."""

    unit_id: int
    round: Round


@button(KIND, "keep", Where.PRIVATE)
class KeepLocked:
    """✖️ on the reopening: nothing changes."""

    unit_id: int
    round: Round


@button(KIND, "st", Where.ANYWHERE)
class RoundPage:
    """A page of the round's unit list (in `/status` or an admin's `/assess`)."""

    year_id: int
    round: Round
    page: int = 0
