"""/remind in the group (bloc admins), and the nudges' start-up: the Nudger of this Application,
its jobs on the scheduler, and the button a private nudge carries.

The rounds themselves are `bot.nudging` (sent through the notifier); who is pending in a phase
and which button opens its flow are asked of the registry, so a feature added later is nudged
too once it declares them.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callback_data
from bot.context import BotContext
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.reminders import SetOffsets, SetQuiet, SetWeekends, Toggle
from bot.errors import Conflict
from bot.i18n import Html, Texts
from bot.nudge_jobs import NudgeJobs
from bot.nudge_state import RoundReport
from bot.nudging import Nudger
from bot.registry import Command, Feature, Registry, Where
from bot.services import Services
from bot.usecases import notices, reminders
from bot.usecases.elections import VoteOpened
from handlers.election_news import vote_notices
from handlers.reply import send_html, settled, show, show_stored, texts_for
from views.election_text import election_title
from views.remind import changed_key, nudge_texts, offsets_text, schedule_text
from views.remind_again import (
    KeepQuiet,
    KeepReminder,
    RemindAgain,
    RemindQuiet,
    ask_again,
    ask_quiet,
    sent_at,
)


def render_changed(tx: Texts, done: reminders.Changed) -> Html:
    change, settings = done.change, done.settings
    if isinstance(change, SetOffsets):
        morning = tx("remind.point_morning")
        return tx("remind.saved_offsets", offsets=offsets_text(tx, settings), morning=morning)
    if isinstance(change, SetQuiet):
        if change.quiet is None:
            return tx("remind.saved_quiet_off")
        q = change.quiet
        return tx("remind.saved_quiet", start=f"{q.start:%H:%M}", end=f"{q.end:%H:%M}")
    if isinstance(change, SetWeekends):
        return tx("remind.saved_weekends_on" if change.weekends else "remind.saved_weekends_off")
    assert isinstance(change, Toggle)
    state = "on" if change.on else "off"
    if change.phase is None:
        return tx(f"remind.saved_all_{state}")
    return tx(f"remind.saved_phase_{state}", phase=tx.phase(change.phase))


def render_nudged(tx: Texts, done: reminders.Nudged) -> Html:
    """The answer to `/remind now`: the phase's round, then each runoff reminded at once."""
    said = [] if done.outcome == "runoff" else [_phase_nudged(tx, done)]
    return Html("\n".join([*said, *(_runoff_nudged(tx, done.bloc, r) for r in done.runoffs)]))


def _runoff_nudged(tx: Texts, bloc: Bloc, found: VoteOpened) -> Html:
    """A runoff reminded at once: to whom, and its own deadline (no group digest for it)."""
    units = len({unit.id for unit, _, _ in found.voters})
    people = len({user for _, user, _ in found.voters})
    when = tx.when(found.deadline, bloc.timezone) if found.deadline else ""
    return tx(
        "remind.now_runoff",
        title=election_title(tx, found.election, found.year),
        people=tx.plural("remind.now_delegates", people, count=people),
        units=tx.plural("remind.now_units", units, count=units),
        when=when,
    )


async def _queue_runoffs(services: Services, done: reminders.Nudged) -> None:
    """The runoffs' reminders at once, as their scheduled ones (`election_news.vote_notices`):
    once per person and minute, however often `/remind now` is typed in it."""
    minute = f"nudge:now-{services.clock.now():%Y%m%d%H%M}"
    out = [m for found in done.runoffs for m in vote_notices(services, found, minute)]
    if out:
        await notices.queue_all_after(services, out)


def _phase_nudged(tx: Texts, done: reminders.Nudged) -> Html:
    if done.phase is None:
        return tx("remind.now_no_phase")
    phase = tx.phase(done.phase)
    if done.outcome == "started" and done.report is not None:
        r = done.report
        if not r.queued and (r.again or not r.group):  # this minute's round said it all
            return tx("remind.now_again", phase=phase)
        lines = [_sent_now(tx, done, r)]
        if r.reached_changed:  # counted apart, as in the group's digest
            lines.append(
                tx(changed_key(tx, "remind.now_changed", done.phase), count=r.reached_changed)
            )
        if r.no_delegate:  # nobody to write to: only the group's digest names them
            codes = ", ".join(r.no_delegate)
            lines.append(tx("remind.now_no_delegate", count=len(r.no_delegate), codes=codes))
        if r.unreachable:
            lines.append(tx("remind.now_unreachable", count=r.unreachable))
        if done.stands_for is not None:  # that reminder will not say it again (nudge_today)
            local = done.stands_for.astimezone(ZoneInfo(done.bloc.timezone))
            lines.append(tx("remind.now_stands_for", time=f"{local:%H:%M}"))
        return Html("\n".join(lines))
    if done.outcome == "nobody":
        return tx("remind.now_nobody", phase=phase, action=tx(f"remind.action_{done.phase.value}"))
    if done.outcome == reminders.HELD:  # the way back: the review reopened
        return tx("remind.now_review_closed", phase=phase, value=done.phase.value)
    return tx(f"remind.now_{done.outcome}", phase=phase)


def _sent_now(tx: Texts, done: reminders.Nudged, r: RoundReport) -> Html:
    """The ✅ of a round started now: what (the phase, its deadline), to how many, and when
    the group's digest goes (none when no unit is pending, only changes unsent)."""
    assert done.phase is not None
    phase, action = tx.phase(done.phase), tx(f"remind.action_{done.phase.value}")
    when = tx.when(done.deadline, done.bloc.timezone) if done.deadline else ""
    units = r.pending_units
    if not r.queued:  # nobody to write to privately: the digest went to the group at once
        return tx.plural(
            "remind.now_group_only", units, phase=phase, when=when, count=units, action=action
        )
    people = tx.plural("remind.now_delegates", r.queued, count=r.queued)
    reached = tx.plural("remind.now_units", r.reached_units, count=r.reached_units)
    head = tx("remind.now_started", phase=phase, people=people, units=reached)
    if not units:
        return Html(f"{head}\n{tx('remind.now_deadline', when=when)}")
    follows = tx.plural("remind.now_digest_follows", units, when=when, count=units, action=action)
    return Html(f"{head}\n{follows}")


async def remind_command(update: Update, context: BotContext) -> None:
    """Show or change the nudge schedule, or nudge at once (`/remind now`)."""
    services = context.services
    tx = await texts_for(update, context)
    nudger = _nudger(context)
    done = await reminders.remind(services, context.actor, nudger, context.args or [])
    if isinstance(done, reminders.Schedule):
        text = schedule_text(
            tx, done.bloc, done.settings, done.year, done.phases, done.unreachable, done.runoffs
        )
    elif isinstance(done, reminders.Changed):
        text = render_changed(tx, done)
    elif done.outcome == "ask":  # a reminder went recently: confirmed first (bot.nudge_again)
        assert done.phase is not None and done.deadline is not None and done.last is not None
        await _queue_runoffs(services, done)  # a runoff's own deadline: not what is asked
        now, zone = services.clock.now(), done.bloc.timezone
        text, markup = ask_again(tx, done.phase, done.deadline, done.last, now, zone, done.quiet)
        runoffs = [_runoff_nudged(tx, done.bloc, r) for r in done.runoffs]
        await send_html(update, context, Html("\n".join([*runoffs, text])), keyboard=markup)
        return
    elif done.outcome == "quiet":  # in the quiet hours: confirmed first (bot.nudge_again)
        assert done.phase is not None and done.deadline is not None and done.quiet is not None
        await _queue_runoffs(services, done)
        now, zone = services.clock.now(), done.bloc.timezone
        text, markup = ask_quiet(tx, done.phase, done.deadline, done.quiet, now, zone)
        runoffs = [_runoff_nudged(tx, done.bloc, r) for r in done.runoffs]
        await send_html(update, context, Html("\n".join([*runoffs, text])), keyboard=markup)
        return
    else:
        await _queue_runoffs(services, done)
        text = render_nudged(tx, done)
    await send_html(update, context, text)


async def _again(update: Update, context: BotContext, pressed: RemindAgain) -> None:
    """✅ Send again: the round at once, unless the state moved on since the question (then
    the question becomes why nothing was sent; a second press of a done ✅ hears it was)."""
    tx = await texts_for(update, context)
    done = await settled(update, context, _sent_again(context, tx, pressed))
    if done is not None:
        await show_stored(update, context, render_nudged(tx, done))


async def _quiet(update: Update, context: BotContext, pressed: RemindQuiet) -> None:
    """✅ Send now, in the quiet hours: as ✅ Send again (`_again`)."""
    tx = await texts_for(update, context)
    services, nudger = context.services, _nudger(context)
    send = reminders.nudge_quiet(services, context.actor, nudger, pressed.phase, pressed.minute)
    done = await settled(update, context, _checked(context, tx, pressed.phase, send))
    if done is not None:
        await show_stored(update, context, render_nudged(tx, done))


async def _sent_again(context: BotContext, tx: Texts, pressed: RemindAgain) -> reminders.Nudged:
    services = context.services
    send = reminders.nudge_again(
        services, context.actor, _nudger(context), pressed.phase, pressed.first
    )
    return await _checked(context, tx, pressed.phase, send)


async def _checked(
    context: BotContext, tx: Texts, pressed: Phase, send: Awaitable[reminders.Nudged]
) -> reminders.Nudged:
    """The round a ✅ confirmed, or why nothing was sent (the state moved on since)."""
    done = await send
    phase = tx.phase(pressed)
    if done.outcome == "newer" and done.last is not None:
        now = context.services.clock.now()
        time = sent_at(tx, done.last.at, now, done.bloc.timezone)
        raise Conflict("remind.again_newer", phase=phase, time=time)
    if done.outcome in ("moved", "newer"):
        raise Conflict("remind.again_moved", phase=phase)
    if done.outcome == "past":
        raise Conflict("remind.now_past", phase=phase)
    if done.outcome == reminders.HELD:
        raise Conflict("remind.now_review_closed", phase=phase, value=pressed.value)
    return done


async def _keep(update: Update, context: BotContext, pressed: KeepReminder | KeepQuiet) -> None:
    """✖️: nothing is sent (an admin's button all the same: others are refused)."""
    await reminders.admin_here(context.services, context.actor)
    key = "remind.quiet_cancelled" if isinstance(pressed, KeepQuiet) else "remind.again_cancelled"
    await show(update, (await texts_for(update, context))(key))


def _nudger(context: BotContext) -> Nudger:
    nudger = context.services.nudger
    assert isinstance(nudger, Nudger), "the nudges' start-up task has not run"
    return nudger


def button_for(registry: Registry) -> Any:
    """The keyboard of a private nudge: the button the phase's feature declares to open its
    flow for a unit (`Feature.opens`), labelled from this catalog; none if it declares none."""

    def make(tx: Texts, phase: Phase, _bloc: object, unit_id: int) -> str | None:
        opener = registry.opens.get(phase)
        if opener is None:
            return None
        data = callback_data.encode(opener(unit_id))
        label = tx(f"remind.btn_{phase.value}")
        return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]]).to_json()

    return make


async def start_nudges(app: Any) -> None:
    """Post-init: this Application's Nudger and its jobs on the scheduler (which plans them
    from the database when it starts, right after, and runs what came due while down)."""
    data = app.bot_data
    services, registry = data.services, data.registry
    nudger = Nudger(
        services,
        registry.pending,
        nudge_texts(),
        counted=registry.counted,
        changed=registry.changed,
        awaiting=registry.awaiting,
        button=button_for(registry),
    )
    services.nudger = nudger
    NudgeJobs(nudger, services.scheduler).define()


def feature() -> Feature:
    return Feature(
        "remind",
        commands=[Command("remind", remind_command, Where.GROUP)],
        buttons={RemindAgain: _again, KeepReminder: _keep, RemindQuiet: _quiet, KeepQuiet: _keep},
        startup=[start_nudges],
    )
