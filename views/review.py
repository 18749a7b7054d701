"""The review (thẩm định) as people see it: a round's list of units, one unit's review, the
unit's notice, the close/reopen confirmations, and their buttons. Pure: text and keyboards.

Self-score, reviewed score, reason and reviewer always stand on one line, wherever shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from telegram import InlineKeyboardMarkup

from bot.callback_data import Where, button
from bot.domain.errors import FieldError
from bot.domain.review import ExtraKind, Round
from bot.domain.review_limits import (
    BELOW_ZERO,
    BONUS_FULL,
    BONUS_OVER,
    SAME_AS_SELF,
    SAME_AS_SELF_REVIEWED,
)
from bot.domain.review_lines import REVIEW_REASONS
from bot.domain.year import Year
from bot.i18n import Html, Texts, telegram_length
from bot.usecases.assessment import Stage
from bot.usecases.review import Moved
from bot.usecases.review_flow import OwnResults, UnitView
from bot.usecases.review_session import Overview
from handlers.file_errors import render_sentence
from views.assess_buttons import Go
from views.assess_round import item_lines
from views.assess_text import MESSAGE_ROOM
from views.fit import fit_lines
from views.keyboards import Btn, confirm_keyboard, grid, keyboard, pager_row, paginate_sized

KIND = "review"
#: Refusals past a review limit: their own texts, with the line and the room left.
LIMITS = frozenset({BONUS_OVER, BONUS_FULL, BELOW_ZERO})
#: A reviewer's unit screen: room kept for the items' heading, and the least room the items
#: get on a page when the decisions and answers above fill the rest.
ITEMS_HEAD, ITEMS_LEAST = 120, 900
#: A reviewed score equal to the self-score: nothing recorded, the item's code named.
SAME = frozenset({SAME_AS_SELF, SAME_AS_SELF_REVIEWED})


@button(KIND, "unit", Where.PRIVATE)
class OpenUnit:
    """A unit's review screen for a reviewer (`page`: the page of the unit's items)."""

    year_id: int
    round: Round
    unit_id: int
    page: int = 0


@button(KIND, "list", Where.PRIVATE)
class BackToList:
    year_id: int
    round: Round


@button(KIND, "keep", Where.PRIVATE)
class KeepSelf:
    year_id: int
    round: Round
    unit_id: int
    code: str


@button(KIND, "drop", Where.PRIVATE)
class DropExtra:
    year_id: int
    round: Round
    unit_id: int
    extra_id: int


@button(KIND, "excl", Where.PRIVATE)
class AskExclude:
    year_id: int
    round: Round
    unit_id: int


@button(KIND, "incl", Where.PRIVATE)
class Include:
    year_id: int
    round: Round
    unit_id: int


@button(KIND, "answer", Where.PRIVATE)
class AnswerReview:
    year_id: int
    round: Round
    unit_id: int


@button(KIND, "result", Where.PRIVATE)
class SeeResult:
    """🔎 on the unit's /assess overview: its review of the round, as its delegates read it."""

    year_id: int
    round: Round
    unit_id: int


@button(KIND, "mine", Where.PRIVATE)
class OwnUnit:
    """/review in private by a delegate of several units: this unit's review (`round`: the
    round's value, or ALL_ROUNDS)."""

    unit_id: int
    round: str


#: `OwnUnit.round` when /review named no round: every round of the year.
ALL_ROUNDS = "all"


@button(KIND, "close")
class CloseReview:
    year_id: int
    round: Round


@button(KIND, "reopen")
class ReopenReview:
    year_id: int
    round: Round


@button(KIND, "keepopen")
class KeepAsIs:
    """✖️ on closing or reopening: nothing changes (an admin's press only)."""

    year_id: int
    round: Round


def round_name(tx: Texts, round_: Round) -> Html:
    return tx(f"export.round_{round_.value}")


def render_list(tx: Texts, found: Overview) -> tuple[Html, InlineKeyboardMarkup | None]:
    s = found.session
    state = tx("review.state_closed" if found.closed else "review.state_open")
    lines = [tx("review.list_header", round=round_name(tx, s.round), year=s.year.year,
                bloc=s.bloc.name, state=state), ""]  # fmt: skip
    buttons = []
    for unit in sorted(found.units, key=lambda u: u.code):
        sheet = found.sheets.get(unit.id)
        if sheet is None:
            lines.append(tx("review.list_missing", code=unit.code))
            continue
        key = "review.list_excluded" if sheet.excluded_reason else "review.list_line"
        count = len(sheet.adjusted) + len(sheet.extras)
        changes = tx.plural("review.list_changes", count, count=count) if count else Html("")
        own, final = tx.number(sheet.self_total), tx.number(sheet.total)
        line = tx(key, code=unit.code, own=own, final=final, changes=changes)
        if sheet.moved:
            key = "review.list_self_moved_closed" if found.closed else "review.list_self_moved"
            line += tx(key, codes=", ".join(m.code for m in sheet.moved))
        if found.unseen.get(unit.id):
            line += tx("review.list_new_answers")
        lines.append(line)
        if unit.id not in s.who.unit_ids or s.who.admin:
            buttons.append(Btn(unit.code, OpenUnit(s.year.id, s.round, unit.id)))
    lines += ["", tx("review.list_hint")]
    return Html("\n".join(lines)), keyboard(grid(buttons, 4))


def signed_points(tx: Texts, kind: ExtraKind, points: Decimal) -> str:
    return ("+" if kind is ExtraKind.BONUS else "−") + tx.number(points)


def unit_lines(tx: Texts, view: UnitView) -> list[str]:
    """The unit's review: totals, each adjustment with its reason and reviewer, extras, answers."""
    sheet, people = view.sheet, view.people
    lines = [
        tx(
            "review.unit_header",
            code=view.unit.code,
            name=view.unit.name,
            round=round_name(tx, view.round),
            year=view.year.year,
        ),
        tx("review.totals", own=tx.number(sheet.self_total), final=tx.number(sheet.total)),
    ]
    if view.closed:
        lines.append(tx("review.unit_closed"))
    adjusted = sheet.adjusted
    if adjusted:
        lines += ["", tx("review.adjusted_header")]
    for line in adjusted:
        adj = line.reviewed
        assert adj is not None
        own = tx.number(line.self_score) if line.self_score is not None else "—"
        lines.append(tx("review.adjusted_line", code=line.code, own=own,
                        final=tx.number(adj.reviewed), reason=adj.reason,
                        who=people.get(adj.reviewer_id, str(adj.reviewer_id))))  # fmt: skip
        if line.self_moved and adj.self_score is not None:
            # once closed nobody can confirm it any more: a note of what happened, not a warning
            key = "review.self_moved_closed" if view.closed else "review.self_moved"
            lines.append(tx(key, code=line.code, judged=tx.number(adj.self_score),
                            now=tx.number(line.self_score or Decimal(0))))  # fmt: skip
    if sheet.extras:
        lines += ["", tx("review.extras_header")]
    for extra in sheet.extras:
        lines.append(tx("review.extra_line", points=signed_points(tx, extra.kind, extra.points),
                        reason=extra.reason,
                        who=people.get(extra.reviewer_id, str(extra.reviewer_id))))  # fmt: skip
    if sheet.excluded_reason:
        lines += ["", tx("review.excluded_line", reason=sheet.excluded_reason)]
    if view.answers:
        lines += ["", tx("review.answers_header")]
        for a in view.answers:  # a reviewer reads which ones nobody had seen before
            new = view.reviewer and a.seen_at is None
            lines.append(tx("review.answer_line_new" if new else "review.answer_line", text=a.text))
    if not adjusted and not sheet.extras and not sheet.excluded_reason:
        lines += ["", tx("review.no_change")]
    return lines


def render_unit(
    tx: Texts, view: UnitView, *, page: int = 0, lead: str | None = None
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The reviewer's screen of one unit (under `lead`, what was just done): the review, what
    the unit submitted item by item with its notes (as the admin's 🔍 shows it: `item_lines`),
    what to type, buttons. Never in the group. The items go on pages (◀️ ▶️) when the screen
    would pass Telegram's limit; a text still too long is shortened with a mark (`fit_lines`)."""
    top = [lead, ""] if lead else []
    top += unit_lines(tx, view)
    bottom = []
    if view.sheet.moved and not view.closed:
        bottom += ["", tx("review.moved_confirm")]
    if not view.closed:
        bottom += ["", tx("review.lines_hint")]
    else:  # what a reviewer told of a change can do now: not type, ask for the review reopened
        bottom += ["", tx("review.closed_hint", value=view.round.value)]
    items = item_lines(tx, view.scale, view.submitted) if view.scale is not None else []
    # the decisions and answers above never crowd out the items and the hint: shortened first
    below = sum(telegram_length(line) + 1 for line in bottom) + ITEMS_HEAD
    above = fit_lines(tx, top, MESSAGE_ROOM - ITEMS_LEAST - below)
    room = MESSAGE_ROOM - below - telegram_length(above) - 1
    sizes = [telegram_length(line) + 1 for line in items]
    shown = paginate_sized(items, page, sizes, max(room, ITEMS_LEAST), len(items))
    head = tx("review.self_items")
    if shown.count > 1:
        head = tx("review.self_items_page", page=shown.number + 1, pages=shown.count)
    lines = [above, "", head, *shown.items, *bottom]
    y, r, u = view.year.id, view.round, view.unit.id
    rows: list[list[Btn]] = [pager_row(shown, lambda n: OpenUnit(y, r, u, n))]
    if not view.closed:
        # The labels say what a press does: back to the self-score, or the extra removed.
        rows += grid([Btn(tx("review.btn_keep_self", code=ln.code), KeepSelf(y, r, u, ln.code))
                      for ln in view.sheet.adjusted], 3)  # fmt: skip
        rows += grid([Btn(tx("review.btn_drop_extra", points=signed_points(tx, e.kind, e.points)),
                          DropExtra(y, r, u, e.id))
                      for e in view.sheet.extras], 3)  # fmt: skip
        if view.admin and view.sheet.excluded_reason:
            rows.append([Btn(tx("review.btn_include"), Include(y, r, u))])
        elif view.admin:
            rows.append([Btn(tx("review.btn_exclude"), AskExclude(y, r, u))])
    rows.append([Btn(tx("review.btn_list"), BackToList(y, r))])
    return fit_lines(tx, lines), keyboard(rows)


def render_notice(
    tx: Texts, view: UnitView, *, told: bool = True
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The unit's review as its delegates read it, with the button to answer while the review
    is open: told privately after a change (`told`), or opened again (🔎 on /assess, /review in
    private), then with the way back to the unit's assessment. A unit left out of the ranking
    reads that first, plainly, with the reason (not only on the last line)."""
    first = tx("review.notice")
    if view.sheet.excluded_reason:
        first = tx(
            "review.notice_excluded",
            code=view.unit.code,
            round=round_name(tx, view.round),
            year=view.year.year,
            reason=view.sheet.excluded_reason,
        )
    lines = [first, ""] if told or view.sheet.excluded_reason else []
    lines += unit_lines(tx, view)
    y, r, u = view.year.id, view.round, view.unit.id
    rows = [] if view.closed else [[Btn(tx("review.btn_answer"), AnswerReview(y, r, u))]]
    if not told:
        rows.append([Btn(tx("review.btn_assessment"), Go(u, r, Stage.OVERVIEW))])
    return Html("\n".join(lines)), keyboard(rows)


def render_no_result(tx: Texts, found: OwnResults) -> Html:
    """`/review` in private when a round asked has no review result yet: why, round by round
    (not submitted, under review, closed with the self-scores standing)."""
    m = found.membership
    lines = [tx("review.none_header", code=m.unit.code, year=found.year.year)]
    for each in found.pending:
        name = round_name(tx, each.round)
        if not each.submitted:
            lines.append(tx("review.none_not_submitted", round=name, value=each.round.value))
        elif each.closed:
            own = tx.number(each.self_total or Decimal(0))
            lines.append(tx("review.none_closed", round=name, total=own))
        elif each.deadline is not None:
            when = tx.when(each.deadline, m.bloc.timezone)
            lines.append(tx("review.none_open_deadline", round=name, when=when))
        else:
            lines.append(tx("review.none_open", round=name))
    lines += ["", tx("review.none_footer")]
    return Html("\n".join(lines))


def render_to_list(
    tx: Texts, year: Year, round_: Round
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """After a reviewer's own unit's result (/review in private): the button to the units they
    review (the same list /review in the group sends)."""
    text = tx("review.own_reviewer", round=round_name(tx, round_), year=year.year)
    return text, keyboard([[Btn(tx("review.btn_open_list"), BackToList(year.id, round_))]])


def render_moved(
    tx: Texts, code: str, year_id: int, year: int, round_: Round, unit_id: int,
    moved: Sequence[Moved],
) -> tuple[Html, InlineKeyboardMarkup | None]:  # fmt: skip
    """To a reviewer: the unit submitted other self-scores for items they decided on; the
    decisions stand until they look again (the unit's screen flags the same items)."""
    lines = [tx("review.moved_notice", code=code, round=round_name(tx, round_), year=year)]
    lines += [tx("review.moved_item", code=m.code, judged=tx.number(m.judged),
                 now=tx.number(m.now), reviewed=tx.number(m.reviewed)) for m in moved]  # fmt: skip
    lines.append(tx("review.moved_hint"))
    opened = OpenUnit(year_id, round_, unit_id)
    return Html("\n".join(lines)), keyboard([[Btn(tx("review.btn_open_unit", code=code), opened)]])


def render_in_group(tx: Texts, verb: str, round_: Round | None) -> Html:
    """`/review close|reopen …` typed in private: it is done in the group, with the command."""
    if round_ is None:
        return tx(f"review.{verb}_in_group_any")
    return tx(f"review.{verb}_in_group", round=round_.value)


def render_applied(tx: Texts, taken: int, errors: tuple[FieldError, ...]) -> Html:
    """One reply to a paste: how many decisions were stored (not "0 stored" above refusals),
    and each refused line."""
    taken_line = tx.counts("review.taken", [("decisions", taken)])
    lines = taken_line if errors else [tx("review.taken_decisions", count=taken)]
    for e in errors:
        if e.reason in REVIEW_REASONS:
            lines.append(tx(f"review.line_{e.reason}", line=e.line))
        elif e.reason in LIMITS or e.reason in SAME:
            numbers = {k: v if k == "code" else tx.number(v) for k, v in e.params.items()}
            lines.append(tx(f"review.line_{e.reason}", line=e.line, **numbers))
        else:
            lines.append(tx("review.line_refused", text=render_sentence(tx, e)))
    return Html("\n".join(lines))


def unconfirmed(found: Overview) -> list[str]:
    """The decisions still flagged (the unit submitted another self-score since), as "DLK 1.1"."""
    return [
        f"{unit.code} {line.code}"
        for unit in sorted(found.units, key=lambda u: u.code)
        if (sheet := found.sheets.get(unit.id)) is not None
        for line in sheet.moved
    ]


def confirm_state(tx: Texts, closing: bool, found: Overview) -> tuple[Html, InlineKeyboardMarkup]:
    """Close or reopen the round: closing counts the units reviewed and names the decisions
    not confirmed again since a unit's re-submission (they stand as they are once closed)."""
    year_id, year, round_ = found.session.year.id, found.session.year.year, found.session.round
    name = round_name(tx, round_)
    if closing:
        reviewed = sum(1 for sheet in found.sheets.values() if sheet.reviewed)
        total = len(found.sheets)
        text = tx("review.confirm_close", round=name, year=year, reviewed=reviewed, total=total)
        if flagged := unconfirmed(found):
            moved = tx("review.confirm_close_moved", count=len(flagged), items=", ".join(flagged))
            text = Html(f"{text}\n\n{moved}")
        if unseen := sum(found.unseen.values()):  # a count only: the group reads this
            answers = tx.plural("review.confirm_close_answers", unseen, count=unseen)
            text = Html(f"{text}\n\n{answers}")
        commit: object = CloseReview(year_id, round_)
        label = tx("review.btn_close")
    else:
        text = tx("review.confirm_reopen", round=name, year=year)
        commit = ReopenReview(year_id, round_)
        label = tx("review.btn_reopen")
    cancel = KeepAsIs(year_id, round_)
    markup = confirm_keyboard(label, commit, tx("review.btn_cancel"), cancel)  # type: ignore[arg-type]
    return text, markup
