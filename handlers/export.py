"""/export in the group (admins): the year's workbook and ranking chart, as two documents
(`/export 2026`: that year's, read as `/summary 2026` reads it; no chart while nothing is ranked).

The admin picks where: the group, or their private chat. The files are built in a worker thread
(`bot.usecases.results.export_files`), never on the event loop; each press re-checks that the
presser is an admin of the bloc the year belongs to.
"""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.error import BadRequest, Forbidden

from bot.context import BotContext
from bot.errors import NotAllowed
from bot.i18n import Texts
from bot.registry import Command, Feature
from bot.usecases import results
from handlers.reply import answer_button, send_html, texts_for, texts_for_user, topic_of
from views.export import ExportHere, ExportPrivately, captions, choice, file_names


async def export_command(update: Update, context: BotContext) -> None:
    """Ask where to send the files of the year (`/export 2026`: that year)."""
    args = " ".join(context.args or [])
    asked = await results.export_here(context.services, context.actor, args)
    tx = await texts_for(update, context)
    text, markup = choice(tx, asked.year.year, asked.year.id, asked.charted)
    await send_html(update, context, text, keyboard=markup)


async def _send(
    context: BotContext,
    chat_id: int,
    tx: Texts,
    files: results.ExportFiles,
    topic: int | None = None,
) -> None:
    """The workbook and the chart (when there is one) to `chat_id` (in that forum `topic`)."""
    book_name, chart_name = file_names(files.report)
    book_caption, chart_caption = captions(tx, files.report, files.chart is not None)
    sent = [(files.workbook, book_name, book_caption)]
    if files.chart is not None:
        sent.append((files.chart, chart_name, chart_caption))
    for body, name, caption in sent:
        document = InputFile(body, filename=name)
        await context.bot.send_document(chat_id, document, caption=caption, message_thread_id=topic)


async def _here(update: Update, context: BotContext, pressed: ExportHere) -> None:
    tx = await texts_for(update, context)
    chat = update.effective_chat
    assert chat is not None
    files = await results.export_of(
        context.services, context.actor, pressed.year_id, tx.lang, for_group=True
    )
    await answer_button(update)
    await _send(context, chat.id, tx, files, topic_of(update))


async def _privately(update: Update, context: BotContext, pressed: ExportPrivately) -> None:
    actor = context.actor
    private = await texts_for_user(context, actor.user_id, actor.language_code)
    files = await results.export_of(context.services, actor, pressed.year_id, private.lang)
    try:
        await _send(context, actor.user_id, private, files)
    except (Forbidden, BadRequest) as exc:
        if isinstance(exc, BadRequest) and "chat not found" not in exc.message.lower():
            raise
        raise NotAllowed("export.open_private_first") from exc
    await answer_button(update, (await texts_for(update, context))("export.sent_private"))


def feature() -> Feature:
    return Feature(
        "export",
        commands=[Command("export", export_command)],
        buttons={ExportHere: _here, ExportPrivately: _privately},
    )
