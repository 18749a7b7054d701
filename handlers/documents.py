"""/documents [year] (admins, in the group or in private): the year-end documents as .docx
files; `/documents template <name>` sends a template, and a .docx sent with that caption
replaces it after ✅. In the group the admin first chooses where the list and the drafts go (as
for /export); a draft pressed for in the group leaves out why a unit was not ranked. Drafting
and checking run in a worker thread (the use cases), never here.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.callback_data import Where
from bot.context import BotContext
from bot.domain.bloc import Bloc
from bot.domain.calendar import parse_year
from bot.domain.documents import MAX_TEMPLATE_BYTES
from bot.domain.errors import InvalidValue
from bot.domain.year import Year
from bot.errors import BadInput, NotAllowed
from bot.i18n import Html
from bot.registry import Command, Feature, Flow, Raw
from bot.usecases import documents, documents_flow
from handlers.file_errors import render_domain_error
from handlers.reply import (
    answer_button,
    edit_html,
    reply,
    send_elsewhere,
    send_file,
    send_html,
    show,
    texts_for,
    texts_for_user,
)
from views.documents import (
    DocumentsHere,
    DocumentsPrivately,
    DraftDocument,
    DropTemplate,
    EditForm,
    PickBloc,
    SaveTemplate,
    ask_where,
    confirm_template,
    form_text,
    meeting_form,
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


async def _overview(update: Update, context: BotContext, bloc: Bloc, year: Year | None) -> None:
    """The list in a private chat, where the forms are too (no year: the open or latest); then
    the form the person left with /cancel, if one of this list waits (what "gõ /documents để
    tiếp tục" promised): the form is the last message, what the person answers."""
    services, actor = context.services, context.actor
    found = await documents.overview(services, actor, bloc, year)
    tx = await texts_for(update, context)
    text, markup = overview(tx, found, private=True)
    await send_html(update, context, text, keyboard=markup)
    example = await documents_flow.resume_form(services, actor, bloc, year)
    if example is not None:
        await send_html(update, context, form_text(tx, example))


async def documents_command(update: Update, context: BotContext) -> None:
    """The documents of the year (`/documents 2026`: that year, closed or not), or
    `template <name>`: the template in use."""
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
    year_text = " ".join(args) or None
    if len(blocs) > 1:
        number = parse_year(year_text) if year_text else 0  # each bloc's years checked on a pick
        text, markup = pick_bloc(await texts_for(update, context), blocs, number)
        await send_html(update, context, text, keyboard=markup)
        return
    year = await documents.year_of(services, blocs[0], year_text)
    if not actor.private:
        text, markup = ask_where(await texts_for(update, context), year)
        await send_html(update, context, text, keyboard=markup)
        return
    await _overview(update, context, blocs[0], year)


async def _picked(update: Update, context: BotContext, pressed: PickBloc) -> None:
    bloc = await documents.admin_bloc(context.services, context.actor, pressed.bloc_id)
    year = await documents.year_of(context.services, bloc, str(pressed.year or "") or None)
    await answer_button(update)
    await _overview(update, context, bloc, year)


async def _listed(context: BotContext, year_id: int) -> documents.Overview:
    bloc, year = await documents.year_for(context.services, context.actor, year_id)
    return await documents.overview(context.services, context.actor, bloc, year)


async def _here(update: Update, context: BotContext, pressed: DocumentsHere) -> None:
    """The list replaces the question, in the group: drafts pressed there come to the group.
    It holds the documents only; what the admin still has to enter is said to them alone."""
    found = await _listed(context, pressed.year_id)
    tx = await texts_for(update, context)
    text, markup = overview(tx, found, private=False)
    if found.settings is None:
        await answer_button(update, tx("documents.settings_private"))
        await edit_html(update, text, keyboard=markup)
        return
    await show(update, text, markup)


async def _privately(update: Update, context: BotContext, pressed: DocumentsPrivately) -> None:
    """The list in the admin's private chat (with the forms): drafts pressed there come there."""
    actor = context.actor
    found = await _listed(context, pressed.year_id)
    private = await texts_for_user(context, actor.user_id, actor.language_code)
    text, markup = overview(private, found, private=True)
    if await send_elsewhere(context, actor.user_id, text, keyboard=markup) is None:
        raise NotAllowed("export.open_private_first")
    await answer_button(update, (await texts_for(update, context))("export.sent_private"))


async def _draft(update: Update, context: BotContext, pressed: DraftDocument) -> None:
    services, actor = context.services, context.actor
    bloc, year = await documents.year_for(services, actor, pressed.year_id)
    tx = await texts_for(update, context)
    drafted = await documents.draft(
        services, actor, bloc, pressed.name, tx.lang, year=year, for_group=not actor.private
    )
    await answer_button(update)
    await _send_file(update, context, drafted, "documents.caption_draft")


async def _form(update: Update, context: BotContext, pressed: EditForm) -> None:
    services, actor = context.services, context.actor
    example = await documents_flow.start_form(services, actor, pressed.year_id, pressed.form)
    await answer_button(update)
    await send_html(update, context, form_text(await texts_for(update, context), example))


async def settings_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    bloc, year = await documents_flow.settings_text(
        context.services, context.actor, message.text or ""
    )
    await reply(update, context, "documents.settings_saved")
    await _overview(update, context, bloc, year)  # what can be drafted now, as /documents


async def meeting_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    try:
        bloc, year = await documents_flow.meeting_text(
            context.services, context.actor, message.text or ""
        )
    except (BadInput, InvalidValue) as refused:
        await _meeting_refused(update, context, refused)
        return
    await reply(update, context, "documents.meeting_saved")
    await _overview(update, context, bloc, year)  # what can be drafted now, as /documents


async def _meeting_refused(
    update: Update, context: BotContext, refused: BadInput | InvalidValue
) -> None:
    """What cannot be read says which part is wrong (the date says why, as /deadline does),
    then shows the form again with its example; the form stays open for the next try."""
    if isinstance(refused, BadInput) and not refused.key.startswith("documents.bad_meeting"):
        raise refused  # the units that voted: that answer says what to send instead
    tx = await texts_for(update, context)
    if isinstance(refused, InvalidValue):
        why = render_domain_error(tx, refused)
    else:
        why = tx(refused.key, **refused.params)
    example = await documents_flow.meeting_example(context.services, context.actor)
    await send_html(update, context, Html(f"{why}\n{meeting_form(tx, example)}"))


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
            DocumentsHere: _here,
            DocumentsPrivately: _privately,
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
