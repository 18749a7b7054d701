"""/assess in a private chat: a unit's self-assessment by wizard, pasted lines or the template.

One message carries the current screen and is edited as the delegate presses buttons; typed
text goes to the stage the delegate is at (a score, a note, an evidence note), except pasted
score lines, which are taken at any stage and answered once for the whole paste, and a bare
number at the note or evidence step, which is asked about (the score meant, or the note?).
Files: the filled template (an .xlsx) or, where the wizard takes them (the evidence step, and
the note step of a criterion that asks for evidence), evidence; photos likewise. Elsewhere a
file is answered with what that step takes.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.domain.assessment import EvidenceKind
from bot.domain.calendar import Phase
from bot.domain.scale import parse_number
from bot.domain.score_lines import looks_like_lines
from bot.domain.scores import cut_decimal, mistyped_number
from bot.errors import Conflict
from bot.i18n import plain_text
from bot.registry import Command, Feature, Flow, Raw, Where
from bot.usecases import assessment, assessment_input, assessment_submit, assessment_wizard
from bot.usecases.assessment import Position, Session, Stage
from handlers import assess_admin
from handlers.assess_files import on_document, on_photo, template_handler
from handlers.assess_screen import refresh, show, show_change
from handlers.chat_filters import PRIVATE
from handlers.delivery import stored_step
from handlers.reply import (
    answer_button,
    edit_html,
    notes_to_each,
    reply,
    screen_notice,
    send_file,
    send_html,
    texts_for,
)
from handlers.unit_picker import choose_unit
from storage.outbox import Outgoing
from views.assess import render
from views.assess_buttons import (
    AddEvidence,
    ClearEvidence,
    Close,
    Go,
    KeepHeld,
    Next,
    OpenUnit,
    Submit,
    Template,
    Value,
)
from views.assess_notes import render_cut_decimal, render_number_note
from views.assess_review import render_received, template_labels
from views.review import render_moved

log = logging.getLogger(__name__)

#: The round a unit-picker button opens when /assess named none: the current one.
CURRENT = "now"


async def assess_command(update: Update, context: BotContext) -> None:
    """`/assess [midyear|yearend]`: the unit's overview (asking which unit when several)."""
    asked = " ".join(context.args or []).strip()
    # A bad round is refused before asking for the unit; the button carries the round's code.
    round_key = assessment.parse_round(asked).value if asked else CURRENT
    if await assess_admin.every_unit_for_admin(update, context, asked):
        return
    unit_id = await choose_unit(update, context, lambda unit: OpenUnit(unit, round_key))
    if unit_id is not None:
        await _open(update, context, unit_id, round_key)


async def _open(update: Update, context: BotContext, unit_id: int, round_key: str) -> None:
    asked = None if round_key == CURRENT else round_key
    session = await assessment.enter(context.services, context.actor, unit_id, asked)
    await show(update, context, session)


async def _opened(update: Update, context: BotContext, pressed: OpenUnit) -> None:
    await _open(update, context, pressed.unit_id, pressed.round)


async def _session(context: BotContext, unit_id: int, round_: object) -> Session:
    return await assessment.session_for(context.services, context.actor, unit_id, round_)


async def _go(update: Update, context: BotContext, pressed: Go) -> None:
    services, actor = context.services, context.actor
    session = await _session(context, pressed.unit_id, pressed.round)
    code = None if pressed.code == "-" else pressed.code
    if pressed.stage == Stage.CONFIRM:
        session = await assessment_submit.confirm(services, actor, session)
    else:
        session = await assessment_wizard.go(services, actor, session, code, pressed.stage)
    await show(update, context, session, pressed.page)


async def _add_evidence(update: Update, context: BotContext, pressed: AddEvidence) -> None:
    """📎 on the review: the criterion's evidence step; done, the review again."""
    services, actor = context.services, context.actor
    session = await _session(context, pressed.unit_id, pressed.round)
    session = await assessment_wizard.go(
        services, actor, session, pressed.code, Stage.EVIDENCE, back=Stage.REVIEW
    )
    await show(update, context, session)


async def _value(update: Update, context: BotContext, pressed: Value) -> None:
    services, actor = context.services, context.actor
    session = await _session(context, pressed.unit_id, pressed.round)
    try:
        session = await assessment_wizard.set_score(
            services, actor, session, pressed.code, pressed.value, pressed.seen
        )
    except Conflict as refused:
        await refresh(update, context, refused)
        return
    await show(update, context, session)


async def _next(update: Update, context: BotContext, pressed: Next) -> None:
    """No note / evidence done / skip: on to what follows the criterion shown."""
    services, actor = context.services, context.actor
    session = await _session(context, pressed.unit_id, pressed.round)
    if session.position.code != pressed.code:
        raise Conflict("core.stale_button")
    if session.position.stage == Stage.NOTE:
        session = await assessment_wizard.set_note(services, actor, session, None)
    else:
        session = await assessment_wizard.after_item(services, actor, session)
    await show(update, context, session)


async def _keep(update: Update, context: BotContext, pressed: KeepHeld) -> None:
    """📝/📎 under a question: the text the wizard asked about is kept as the note."""
    session = await _session(context, pressed.unit_id, pressed.round)
    services, actor = context.services, context.actor
    kept = assessment_wizard.keep_held(services, actor, session, pressed.code, pressed.tag)
    await show_change(update, context, kept)


async def _clear(update: Update, context: BotContext, pressed: ClearEvidence) -> None:
    session = await _session(context, pressed.unit_id, pressed.round)
    if session.position.code != pressed.code:
        raise Conflict("core.stale_button")
    try:
        session = await assessment_wizard.clear_evidence(context.services, context.actor, session)
    except Conflict as refused:
        await refresh(update, context, refused)
        return
    await show(update, context, session)


async def _template(update: Update, context: BotContext, pressed: Template) -> None:
    """📥: the template, pre-filled with the unit's scores, as a document."""
    session = await _session(context, pressed.unit_id, pressed.round)
    tx = await texts_for(update, context)
    data = await assessment_input.template(session, template_labels(tx, session))
    parts = [
        tx("assess.xlsx_file"),
        session.unit.code,
        session.year.year,
        tx.phase(session.round.phase),
    ]
    name = plain_text(" ".join(map(str, parts))) + ".xlsx"
    await answer_button(update)
    await send_file(update, context, data, name, tx("assess.xlsx_caption"))


async def _submit(update: Update, context: BotContext, pressed: Submit) -> None:
    """✅: submit what the confirmation showed; the group hears of a first submission.

    The confirmation (this screen, edited) and the group's line are queued with the submission
    and sent by the notifier: a crash after the commit or Telegram failing cannot hide it.
    """
    session = await _session(context, pressed.unit_id, pressed.round)
    tx = await texts_for(update, context)

    async def notices(done: assessment_submit.Submitted) -> list[Outgoing]:
        s = done.session
        bloc = s.membership.bloc
        when = tx.when(s.deadline, bloc.timezone) if s.deadline else ""
        key = "assess.submitted" if s.deadline else "assess.submitted_no_deadline"
        if s.state.locked:  # submitted after the deadline, on a reopening: locked again
            key = "assess.submitted_locked"
        text = tx(key, code=s.unit.code, total=tx.number(done.total), when=when)
        name = f"assess:{s.assessment.id}:r{s.assessment.revision}"
        out = [screen_notice(update, name, text)]
        if done.first:
            group_tx = context.services.catalog.for_lang(bloc.language)
            line = group_tx(
                "assess.group_submitted",
                code=s.unit.code,
                round=group_tx.phase(s.round.phase),
                count=done.count,
                total=done.units,
            )
            out.append(Outgoing(f"{name}:group", bloc.chat_id, line))
        return out + await _reviewers_told(context, done, name)

    try:
        await assessment_submit.submit(
            context.services, context.actor, session, pressed.revision, notices
        )
    except Conflict as refused:
        await refresh(update, context, refused)
        return
    await answer_button(update)


async def _reviewers_told(
    context: BotContext, done: assessment_submit.Submitted, name: str
) -> list[Outgoing]:
    """The reviewers whose decisions' self-scores this submission changed, told privately in
    their language of every such item (not the submitter: they know)."""
    s = done.session
    people = sorted({m.reviewer_id for m in done.moved} - {context.actor.user_id})
    return await notes_to_each(
        context,
        [(reviewer, None) for reviewer in people],
        f"{name}:moved",
        lambda tx: render_moved(
            tx, s.unit.code, s.year.id, s.year.year, s.round, s.unit.id, done.moved
        ),
    )


async def _close(update: Update, context: BotContext, pressed: Close) -> None:
    await _session(context, pressed.unit_id, pressed.round)
    await assessment.leave(context.services, context.actor)
    tx = await texts_for(update, context)
    await answer_button(update)
    await edit_html(update, tx("assess.closed"))


async def on_text(update: Update, context: BotContext) -> None:
    """Typed text: pasted lines at any stage, else the stage's answer."""
    message = update.effective_message
    assert message is not None
    services, actor = context.services, context.actor
    session = await assessment.require_active(services, actor)
    text = message.text or ""
    if looks_like_lines(session.scale, text):
        received = await assessment_input.paste(services, actor, session, text)
        if not received.stored and not received.unchanged:  # perhaps a note: offer to keep it
            held = await assessment_wizard.offer_note(services, actor, received.session, text)
            received = replace(received, session=held)
        shown, markup = render_received(await texts_for(update, context), received)
        await send_html(update, context, shown, keyboard=markup)
        return
    stage, code = session.position.stage, session.position.code
    at_text_step = stage in (Stage.NOTE, Stage.EVIDENCE)
    if stage == Stage.SCORE and code and (whole := cut_decimal(text)) is not None:
        assessment.editable(session)  # "7,": 7 or 7,5? asked (nothing stored) unless locked
        shown, markup = render_cut_decimal(await texts_for(update, context), session, text, whole)
        await send_html(update, context, shown, keyboard=markup)
        return
    # a score meant (a number, or digits that make none: "7.5.1")? ask first
    if at_text_step and (parse_number(text) is not None or mistyped_number(text)):
        session = await assessment_wizard.hold(services, actor, session, text)
        shown, markup = render_number_note(await texts_for(update, context), session)
        await send_html(update, context, shown, keyboard=markup)
        return
    if stage not in (Stage.SCORE, Stage.NOTE, Stage.EVIDENCE) or (
        stage == Stage.SCORE and not code
    ):
        assessment.editable(session)  # locked: say so, not "press Score each criterion"
        await reply(update, context, "assess.type_hint")
        return
    tx = await texts_for(update, context)
    refused: Conflict | None = None
    # The answer has a safety net (handlers/delivery.py): a typed score whose answer is lost
    # would otherwise be typed again and land as the next note.
    async with stored_step(update, context, "assess:typed") as answer:
        try:
            if stage == Stage.SCORE and code is not None:
                seen = session.position.seen
                session = await assessment_wizard.set_score(
                    services, actor, session, code, text, seen
                )
            elif stage == Stage.NOTE:
                session = await assessment_wizard.set_note(services, actor, session, text)
            else:
                session = await assessment_wizard.add_evidence(
                    services, actor, session, EvidenceKind.NOTE, text
                )
        except Conflict as conflict:
            if conflict.key != "assess.changed_meanwhile":
                raise
            refused = conflict  # the fresh view was stored: keep it, say so below
        else:
            await answer.queue(*render(tx, session))
    if refused is not None:
        await refresh(update, context, refused)


def feature() -> Feature:
    return Feature(
        "assess",
        commands=[Command("assess", assess_command, Where.PRIVATE)],
        buttons={
            OpenUnit: _opened,
            Go: _go,
            AddEvidence: _add_evidence,
            Value: _value,
            Next: _next,
            KeepHeld: _keep,
            ClearEvidence: _clear,
            Template: _template,
            Submit: _submit,
            Close: _close,
            **assess_admin.buttons(),
        },
        flows=[
            Flow(
                assessment.FLOW,
                Position,
                text={stage: on_text for stage in Stage},
                documents={stage: on_document for stage in Stage},
                # after the deadline no work to carry on, but an admin may reopen the unit's
                alive=assessment.still_open,
                reopens=True,
                resume=assessment.resume_command,
            ),
            assess_admin.reopen_flow(),
        ],
        handlers=[Raw(MessageHandler(PRIVATE & filters.PHOTO, on_photo)), template_handler()],
        status={
            Phase.MIDYEAR: assess_admin.status_midyear,
            Phase.YEAREND: assess_admin.status_yearend,
        },
        scale_guard=assess_admin.ScaleHook(),
        pending={
            Phase.MIDYEAR: assess_admin.pending_midyear,
            Phase.YEAREND: assess_admin.pending_yearend,
        },
        # submitted, then changed without submitting again: reminded in words of their own
        changed={
            Phase.MIDYEAR: assess_admin.changed_midyear,
            Phase.YEAREND: assess_admin.changed_yearend,
        },
        # the button of a reminder: that round's assessment of the unit
        opens={
            Phase.MIDYEAR: lambda unit_id: OpenUnit(unit_id, Phase.MIDYEAR.value),
            Phase.YEAREND: lambda unit_id: OpenUnit(unit_id, Phase.YEAREND.value),
        },
    )
