"""A roster plan as an admin sees it, and its ✅ / ✖️ buttons. Pure: no I/O."""

from __future__ import annotations

from bot.callback_data import button
from bot.constants import PREVIEW_MAX_CHARS, PREVIEW_MAX_CODES, PREVIEW_MAX_LINES
from bot.domain.roster import RosterPlan
from bot.i18n import Html, Texts, telegram_length
from bot.usecases.units import Proposal

KIND = "roster"


@button(KIND, "ok")
class ApplyRoster:
    """✅ on a plan of units to add or rename (the pending change holds the plan)."""

    change_id: int


@button(KIND, "no")
class DropRoster:
    change_id: int


def plan_lines(tx: Texts, proposal: Proposal) -> list[str]:
    plan = proposal.plan
    lines: list[str] = []
    if plan.added:
        lines.append(tx("units.preview_added", count=len(plan.added)))
        lines += [tx("units.preview_line_added", code=r.code, name=r.name) for r in plan.added]
    if plan.renamed:
        lines.append(tx("units.preview_renamed", count=len(plan.renamed)))
        lines += [
            tx("units.preview_line_renamed", code=code, old=old, new=new)
            for code, old, new in plan.renamed
        ]
    kept: list[str] = []
    for line in lines:
        if (
            len(kept) == PREVIEW_MAX_LINES
            or sum(map(telegram_length, kept)) + telegram_length(line) > PREVIEW_MAX_CHARS
        ):
            return [*kept, tx("units.preview_more", count=len(lines) - len(kept))]
        kept.append(line)
    return lines


def applied_text(tx: Texts, plan: RosterPlan, total: int) -> Html:
    """What ✅ stored, naming only what happened ("thêm 11", not "thêm 11, đổi tên 0"); with
    units added, the next step: their delegates, invited or asking with /join (as /addunit)."""
    parts = tx.counts("units.applied", [("added", len(plan.added)), ("renamed", len(plan.renamed))])
    done = tx("units.applied", parts=Html(", ".join(parts)), total=total)
    if not plan.added:
        return done
    return Html(done + "\n" + tx("units.applied_next", code=plan.added[0].code))


def kept_line(tx: Texts, plan: RosterPlan) -> Html | None:
    """What a file leaves as it is, naming only what is there (no "…vẫn được giữ: 0") and
    the units it leaves out by code; None when the file leaves nothing."""
    parts = tx.counts("units.preview_kept", [("unchanged", len(plan.unchanged))])
    if plan.absent:
        absent = len(plan.absent)
        codes = ", ".join(plan.absent[:PREVIEW_MAX_CODES])
        if absent > PREVIEW_MAX_CODES:
            codes = tx("units.preview_codes_more", codes=codes, count=absent - PREVIEW_MAX_CODES)
        parts.append(tx.plural("units.preview_kept_absent", absent, count=absent, codes=codes))
    return Html(" ".join(parts)) if parts else None
