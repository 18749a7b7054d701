"""Files and photos sent during /assess: the filled template (an .xlsx), evidence where the
wizard takes it (the evidence step, and the note step of a criterion that asks for evidence,
where the caption is the note), else an answer saying what the step takes."""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.domain.assessment import EvidenceKind
from bot.formats.reading import MAX_FILE_BYTES
from bot.registry import Raw
from bot.usecases import assessment, assessment_input, assessment_wizard, flows
from bot.usecases.assessment import Session, Stage
from bot.usecases.units import check_file_size
from handlers.assess_screen import show_change
from handlers.chat_filters import PRIVATE
from handlers.flow_router import route_document
from handlers.reply import reply, send_html, texts_for
from views.assess_review import render_received, render_unrouted

#: What a file is answered at a criterion's step that takes none (elsewhere `file_hint`).
_FILE_HINTS = {Stage.SCORE: "assess.file_hint_score", Stage.NOTE: "assess.file_hint_note"}


async def _file_hint(update: Update, context: BotContext, session: Session) -> None:
    """A file the step cannot take: say what this step takes (not a step the user imagines)."""
    code = session.position.code
    key = _FILE_HINTS.get(session.position.stage) if code is not None else None
    if key is None:
        await reply(update, context, "assess.file_hint")
    else:
        await reply(update, context, key, code=code)


async def _take_file(
    update: Update,
    context: BotContext,
    session: Session,
    kind: EvidenceKind,
    name: str,
    file_id: str,
) -> None:
    """Evidence sent where the wizard takes it; a note step's caption is the item's note."""
    caption = (update.effective_message and update.effective_message.caption) or None
    services, actor = context.services, context.actor
    added = assessment_wizard.add_file(services, actor, session, kind, name, file_id, caption)
    await show_change(update, context, added)


async def on_document(update: Update, context: BotContext) -> None:
    """A file: the filled template (an .xlsx), evidence where the wizard takes it, else a hint."""
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    services, actor = context.services, context.actor
    session = await assessment.require_active(services, actor)
    is_xlsx = (document.file_name or "").lower().endswith(".xlsx")
    if not is_xlsx and assessment_wizard.takes_files(session):
        name = document.file_name or ""
        await _take_file(update, context, session, EvidenceKind.FILE, name, document.file_id)
        return
    if not is_xlsx:
        await _file_hint(update, context, session)
        return
    check_file_size(document.file_size)
    data = bytes(await (await document.get_file()).download_as_bytearray())
    received = await assessment_input.import_template(services, actor, session, data)
    shown, markup = render_received(await texts_for(update, context), received)
    await send_html(update, context, shown, keyboard=markup)


async def on_photo(update: Update, context: BotContext) -> None:
    """A photo in private: evidence where the wizard takes it, else what the step or bot reads."""
    message = update.effective_message
    assert message is not None and message.photo
    session = await assessment.active(context.services, context.actor)
    if session is None:
        await reply(update, context, "core.unsupported_message")
        return
    if not assessment_wizard.takes_files(session):
        await _file_hint(update, context, session)
        return
    largest = message.photo[-1]
    name = message.caption or (await texts_for(update, context))("assess.photo")
    await _take_file(update, context, session, EvidenceKind.PHOTO, name, largest.file_id)


async def template_without_flow(update: Update, context: BotContext) -> None:
    """A workbook sent in private with no flow under way: a self-assessment template is
    answered with whose it is (its marker), and the sender's own unit's template of a round
    still open is taken as if `/assess <round>` had been typed first. Anything else (another
    workbook, a flow under way) goes where any private file goes (`route_document`).

    Why: "I don't know what this file is for" to a delegate who sent the template the bot
    made for them, when the file itself says which unit and round it is for."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.document is not None and user is not None
    services, actor = context.services, context.actor
    size = message.document.file_size
    if (size is not None and size > MAX_FILE_BYTES) or await flows.current(services, user.id):
        await route_document(update, context)
        return
    data = bytes(await (await message.document.get_file()).download_as_bytearray())
    found = await assessment_input.unrouted_template(services, actor, data)
    if found is None:
        await route_document(update, context)
        return
    received = None
    if found.session is not None and found.session.editable:
        received = await assessment_input.take_unrouted(services, actor, found, data)
    shown, markup = render_unrouted(await texts_for(update, context), found, received)
    await send_html(update, context, shown, keyboard=markup)


def template_handler() -> Raw:
    """Before the flow router (first match in group 0 wins): an .xlsx in private without a
    command caption (those go to /scale's, /addunit's… handlers)."""
    workbook = filters.Document.FileExtension("xlsx") & ~filters.CaptionRegex(r"^\s*/")
    return Raw(MessageHandler(PRIVATE & workbook, template_without_flow))
