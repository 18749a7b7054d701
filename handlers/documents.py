"""/documents (admins, in the group or in private): the year-end documents as .docx files;
`/documents template <name>` sends a template, and a .docx sent with that caption replaces it
after ✅. Drafting and checking run in a worker thread (the use cases), never here.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.callback_data import Where
from bot.context import BotContext
from bot.domain.bloc import Bloc
from bot.domain.documents import MAX_TEMPLATE_BYTES
from bot.errors import BadInput
from bot.registry import Command, Feature, Flow, Raw
from bot.usecases import documents, documents_flow
from handlers.reply import answer_button, reply, send_file, send_html, show, texts_for
from views.documents import (
    DraftDocument,
    DropTemplate,
    EditForm,
    PickBloc,
    SaveTemplate,
    confirm_template,
    form_text,
    overview,
    pick_bloc,
)

CAPTION = filters.CaptionRegex(r"^/documents(@\w+)?\s+template\s+\S+\s*$")


async def _send_file(
    update: Update, context: BotContext, drafted: documents.Drafted, caption_key: str
) -> None:
    tx = await texts_for(update, context)
    caption = tx(caption_key, name=tx(f"documents.name_{drafted.name.value}"))
    await send_file(update, context, drafted.body, drafted.file_name, caption)


async def _overview(update: Update, context: BotContext, bloc: Bloc) -> None:
    tx = await texts_for(update, context)
    actor = context.actor
    year, ready, settings = await documents.overview(context.services, actor, bloc)
    text, markup = overview(tx, bloc, year, ready, settings, actor.private)
    await send_html(update, context, text, keyboard=markup)


async def documents_command(update: Update, context: BotContext) -> None:
    """The documents of the year, or `template <name>`: the template in use."""
    services, actor = context.services, context.actor
    blocs = await documents.admin_blocs(services, actor)
    args = context.args or []
    if args and args[0].lower() == "template":
        tx = await texts_for(update, context)
        name = documents.parse_name(services, tx.lang, " ".join(args[1:]))
        if len(blocs) > 1:
            raise BadInput("documents.template_in_group")
        sent = await documents.current_template(services, actor, blocs[0], name, tx.lang)
        await _send_file(update, context, sent, "documents.caption_template")
        return
    if len(blocs) > 1:
        text, markup = pick_bloc(await texts_for(update, context), blocs)
        await send_html(update, context, text, keyboard=markup)
        return
    await _overview(update, context, blocs[0])


async def _picked(update: Update, context: BotContext, pressed: PickBloc) -> None:
    bloc = await documents.admin_bloc(context.services, context.actor, pressed.bloc_id)
    await answer_button(update)
    await _overview(update, context, bloc)


async def _draft(update: Update, context: BotContext, pressed: DraftDocument) -> None:
    services, actor = context.services, context.actor
    bloc = await documents.admin_bloc(services, actor, pressed.bloc_id)
    tx = await texts_for(update, context)
    drafted = await documents.draft(services, actor, bloc, pressed.name, tx.lang)
    await answer_button(update)
    await _send_file(update, context, drafted, "documents.caption_draft")


async def _form(update: Update, context: BotContext, pressed: EditForm) -> None:
    services, actor = context.services, context.actor
    example = await documents_flow.start_form(services, actor, pressed.bloc_id, pressed.form)
    await answer_button(update)
    await send_html(update, context, form_text(await texts_for(update, context), example))


async def settings_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    await documents_flow.settings_text(context.services, context.actor, message.text or "")
    await reply(update, context, "documents.settings_saved")


async def meeting_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    await documents_flow.meeting_text(context.services, context.actor, message.text or "")
    await reply(update, context, "documents.meeting_saved")


async def template_file(update: Update, context: BotContext) -> None:
    """A .docx with the caption `/documents template <name>`: checked whole, then ✅ asked."""
    message = update.effective_message
    assert message is not None and message.document is not None
    services, actor, tx = context.services, context.actor, await texts_for(update, context)
    blocs = await documents.admin_blocs(services, actor)  # before downloading anything
    if len(blocs) > 1:
        raise BadInput("documents.template_in_group")
    name = documents.parse_name(services, tx.lang, (message.caption or "").split()[-1])
    document = message.document
    if (document.file_size or 0) > MAX_TEMPLATE_BYTES:
        raise BadInput("documents.template_too_big")
    data = bytes(await (await document.get_file()).download_as_bytearray())
    change = await documents_flow.propose_template(
        services, actor, blocs[0].id, name, tx.lang, data, document.file_id
    )
    text, markup = confirm_template(tx, name, change.id)
    await send_html(update, context, text, keyboard=markup)


async def _save(update: Update, context: BotContext, pressed: SaveTemplate) -> None:
    services, actor = context.services, context.actor
    change = await documents_flow.pending_template(services, actor, pressed.change_id)
    file = await context.bot.get_file(change.payload["file_id"])
    data = bytes(await file.download_as_bytearray())
    name = await documents_flow.confirm_template(services, actor, change, data)
    tx = await texts_for(update, context)
    await show(update, tx("documents.template_saved", name=tx(f"documents.name_{name.value}")))


async def _drop(update: Update, context: BotContext, pressed: DropTemplate) -> None:
    await documents_flow.drop_template(context.services, context.actor, pressed.change_id)
    await show(update, (await texts_for(update, context))("documents.template_kept"))


def feature() -> Feature:
    return Feature(
        "documents",
        commands=[Command("documents", documents_command, Where.ANYWHERE)],
        buttons={
            DraftDocument: _draft,
            PickBloc: _picked,
            EditForm: _form,
            SaveTemplate: _save,
            DropTemplate: _drop,
        },
        flows=[
            Flow(
                documents_flow.FLOW,
                documents_flow.FormDraft,
                text={"settings": settings_text, "meeting": meeting_text},
            )
        ],
        handlers=[Raw(MessageHandler(filters.Document.ALL & CAPTION, template_file))],
    )
