"""The texts of nudging, built from the catalog: private nudge, group digest, after-deadline line
and the `/remind` schedule. Pure functions of the catalog and plain data (tested without
Telegram); the nudge rounds (`bot.nudging`) get them as `nudge_texts()` from the handler that
builds the Nudger, and `/remind` renders with them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase, format_local
from bot.domain.nudge_times import RoundPlan, remaining, time_left
from bot.domain.reminders import ReminderSettings
from bot.i18n import Html, Texts
from bot.nudge_state import NudgeTexts, PhaseSchedule
from views.election_text import election_title

if TYPE_CHECKING:
    from bot.usecases.reminders import RunoffSchedule

#: A digest names at most this many people it could not reach privately, then "…".
MENTIONS_MAX = 30


def lead(tx: Texts, phase: Phase, deadline: datetime, at: datetime, bloc: Bloc) -> Html:
    """The time left as of `at`: "Còn 3 ngày nữa đến thời hạn Sơ kết 6 tháng"."""
    n, unit = remaining(deadline, at, ZoneInfo(bloc.timezone))
    left = time_left(deadline, at)
    # Under two days the hours count: the 3-day nudge moved off a weekend to Monday 07:30
    # and the 1-day one at 17:00 both said "Còn 1 ngày nữa", as if sent twice.
    if unit == "d" and n == 1 and left - timedelta(days=1) >= timedelta(hours=1):
        return tx("remind.lead_left", left=tx.duration(left), phase=tx.phase(phase))
    return tx.plural(f"remind.lead_{unit}", n, n=n, phase=tx.phase(phase))


def offsets_text(tx: Texts, settings: ReminderSettings) -> Html:
    """ "7 ngày, 3 ngày, 1 ngày"."""
    parts = [tx.plural(f"remind.offset_{o.unit}", o.amount, n=o.amount) for o in settings.offsets]
    return Html(tx("remind.list_sep").join(parts))


def action(tx: Texts, phase: Phase) -> Html:
    return tx(f"remind.action_{phase.value}")


def mention(user_id: int, name: str) -> Html:
    """A link that notifies the person in the group, even without a username."""
    return Html(f'<a href="tg://user?id={user_id}">{html.escape(name, quote=False)}</a>')


def private_text(
    tx: Texts, bloc: Bloc, phase: Phase, code: str, deadline: datetime, at: datetime
) -> Html:
    return _private(tx, "remind.private", bloc, phase, code, deadline, at)


def named_text(
    tx: Texts,
    bloc: Bloc,
    phase: Phase,
    code: str,
    deadline: datetime,
    at: datetime,
    what: Callable[[Texts], Html],
) -> Html:
    """The private nudge naming what the unit has yet to do (`Feature.awaiting`): "Đơn vị DLK
    chưa bỏ phiếu: Bầu Khối trưởng năm 2027"."""
    return _private(tx, "remind.private_named", bloc, phase, code, deadline, at, what=what(tx))


def changed_text(
    tx: Texts, bloc: Bloc, phase: Phase, code: str, deadline: datetime, at: datetime
) -> Html:
    """To a delegate of a unit that acted, then changed it without sending it again (the
    pledge's: to the person whose own draft holds the changes)."""
    return _private(
        tx, changed_key(tx, "remind.private_changed", phase), bloc, phase, code, deadline, at
    )


def changed_key(tx: Texts, key: str, phase: Phase) -> str:
    """The words of unsent changes: the phase's own (`<key>_pledge`: a delegate's draft of
    the registered pledge) when the catalog has them, else those of a submitted
    self-assessment changed since."""
    own = f"{key}_{phase.value}"
    return own if tx.catalog.has(tx.lang, own) else key


def _private(
    tx: Texts,
    key: str,
    bloc: Bloc,
    phase: Phase,
    code: str,
    deadline: datetime,
    at: datetime,
    **more: Html,
) -> Html:
    return tx(
        key,
        bloc=bloc.name,
        lead=lead(tx, phase, deadline, at, bloc),
        when=tx.when(deadline, bloc.timezone),
        code=code,
        action=action(tx, phase),
        **more,
    )


def digest_text(
    tx: Texts,
    bloc: Bloc,
    phase: Phase,
    deadline: datetime,
    at: datetime,
    plan: RoundPlan,
    names: dict[int, str],
    codes_of: dict[int, str],
    changed: int = 0,
) -> Html:
    """One short group message for a nudge time: who is still to act, how many acted but
    changed it without sending it again (counted, never named: the change is the unit's
    draft, and alone it never makes a digest), and who the bot could not write to privately
    (mentioned by name, at most MENTIONS_MAX of them)."""
    sep = tx("remind.list_sep")
    said = {
        "lead": lead(tx, phase, deadline, at, bloc),
        "when": tx.date(deadline, bloc.timezone),
        "action": action(tx, phase),
    }
    head = tx("remind.digest", count=len(plan.codes), codes=", ".join(plan.codes), **said)
    lines = [head]
    if changed:
        lines.append(tx(changed_key(tx, "remind.digest_changed", phase), count=changed))
    if plan.mentions:
        shown = [
            tx(
                "remind.mention_unit",
                name=mention(user_id, names.get(user_id, str(user_id))),
                code=codes_of.get(unit_id, ""),
            )
            for unit_id, user_id in plan.mentions[:MENTIONS_MAX]
        ]
        more = "…" if len(plan.mentions) > MENTIONS_MAX else ""
        lines.append(tx("remind.digest_mentions", names=Html(sep.join(shown) + more)))
    if plan.no_delegate:
        lines.append(tx("remind.digest_no_delegate", codes=", ".join(plan.no_delegate)))
    return Html("\n".join(lines))


def after_text(
    tx: Texts,
    bloc: Bloc,
    phase: Phase,
    deadline: datetime,
    done: dict[str, datetime],
    missing: Sequence[str],
) -> Html:
    """The line after a deadline: how many made it in time, who did not, who did it late
    (`done` maps a unit's code to when it acted); when every unit was in time, one line says
    so and thanks them."""
    late = sorted(code for code, at in done.items() if at > deadline)
    head = "remind.after" if missing or late else "remind.after_all"
    lines = [
        tx(
            head,
            phase=tx.phase(phase),
            when=tx.date(deadline, bloc.timezone),
            done=len(done) - len(late),
            total=len(done) + len(missing),
            action=action(tx, phase),
        )
    ]
    if missing:
        lines.append(tx("remind.after_missing", action=action(tx, phase), codes=_codes(missing)))
    if late:
        lines.append(tx("remind.after_late", codes=_codes(late)))
    return Html("\n".join(lines))


def _codes(codes: Sequence[str]) -> str:
    return ", ".join(sorted(codes))


def moved_text(
    tx: Texts,
    bloc: Bloc,
    phase: Phase,
    code: str,
    deadline: datetime,
    was: datetime,
    at: datetime,
) -> Html:
    """To a delegate whose last nudge named a later deadline: the new one, and the time left."""
    return tx(
        "remind.moved",
        bloc=bloc.name,
        phase=tx.phase(phase),
        when=tx.when(deadline, bloc.timezone),
        was=tx.when(was, bloc.timezone),
        lead=lead(tx, phase, deadline, at, bloc),
        code=code,
        action=action(tx, phase),
    )


def closed_text(
    tx: Texts, bloc: Bloc, phase: Phase, code: str, deadline: datetime, at: datetime
) -> Html:
    """To a delegate of a unit that had not acted when its deadline was moved into the past:
    the phase is closed for the unit, and whom to ask if that is a mistake."""
    return tx(
        "remind.closed",
        bloc=bloc.name,
        phase=tx.phase(phase),
        when=tx.when(deadline, bloc.timezone),
        code=code,
        action=action(tx, phase),
    )


# --- /remind ---------------------------------------------------------------------------------


def schedule_text(
    tx: Texts,
    bloc: Bloc,
    settings: ReminderSettings,
    year: int | None,
    phases: Sequence[PhaseSchedule],
    unreachable: Sequence[tuple[str, int, str]],
    runoffs: Sequence[RunoffSchedule] = (),
) -> Html:
    """The schedule: offsets, quiet hours, weekends, each phase's next nudge, each open
    runoff's own (its deadline, private reminders only), unreachable people as (unit code,
    user id, name)."""
    morning = tx("remind.point_morning")
    lines = [
        tx("remind.view_header", bloc=bloc.name),
        tx("remind.view_offsets", offsets=offsets_text(tx, settings), morning=morning),
    ]
    quiet = settings.quiet
    if quiet is None:
        lines.append(tx("remind.view_quiet_off"))
    else:
        lines.append(
            tx("remind.view_quiet", start=f"{quiet.start:%H:%M}", end=f"{quiet.end:%H:%M}")
        )
    lines.append(tx("remind.view_weekends_on" if settings.weekends else "remind.view_weekends_off"))
    if year is None:
        lines.append(tx("remind.view_no_year"))
    else:
        lines.append(tx("remind.view_phases", year=year))
        lines.extend(_phase_line(tx, bloc, p) for p in phases)
    lines.extend(_runoff_line(tx, bloc, settings, r) for r in runoffs)
    if unreachable:
        sep = tx("remind.list_sep")
        names = [
            tx(
                "remind.mention_unit",
                name=mention(user_id, name or tx("remind.unnamed")),
                code=code,
            )
            for code, user_id, name in unreachable[:MENTIONS_MAX]
        ]
        lines.append(tx("remind.view_unreachable", names=Html(sep.join(names))))
    else:
        lines.append(tx("remind.view_all_reachable"))
    lines.append(tx("remind.view_usage"))
    return Html("\n".join(lines))


def _phase_line(tx: Texts, bloc: Bloc, p: PhaseSchedule) -> Html:
    name = tx.phase(p.phase)
    if not p.enabled:
        return tx("remind.view_phase_off", phase=name)
    if p.deadline is None:
        return tx("remind.view_phase_no_deadline", phase=name)
    deadline = format_local(p.deadline, ZoneInfo(bloc.timezone))
    if p.past:
        return tx("remind.view_phase_past", phase=name, deadline=deadline)
    if p.held:  # no unit can submit: no reminder goes until the review is reopened
        return tx("remind.view_phase_review_closed", phase=name, deadline=deadline,
                  value=p.phase.value)  # fmt: skip
    if not p.upcoming:
        return tx("remind.view_phase_none_left", phase=name, deadline=deadline)
    # each with its weekday, as every deadline the bot shows (a moved one is what is checked)
    nexts = tx("remind.list_sep_long").join(tx.when(pt.at, bloc.timezone) for pt in p.upcoming)
    return tx("remind.view_phase_next", phase=name, deadline=deadline, next=nexts)


def _runoff_line(tx: Texts, bloc: Bloc, settings: ReminderSettings, r: RunoffSchedule) -> Html:
    title = election_title(tx, r.election, r.year)
    deadline = format_local(r.deadline, ZoneInfo(bloc.timezone))
    if not settings.enabled(Phase.ELECTION):
        return tx("remind.view_runoff_off", title=title, deadline=deadline)
    if not r.upcoming:
        return tx("remind.view_runoff_none_left", title=title, deadline=deadline)
    nexts = tx("remind.list_sep_long").join(tx.when(pt.at, bloc.timezone) for pt in r.upcoming)
    return tx("remind.view_runoff_next", title=title, deadline=deadline, next=nexts)


def nudge_texts() -> NudgeTexts:
    """The renderers a Nudger uses."""
    return NudgeTexts(
        private=private_text,
        named=named_text,
        changed=changed_text,
        digest=digest_text,
        after=after_text,
        moved=moved_text,
        closed=closed_text,
    )
