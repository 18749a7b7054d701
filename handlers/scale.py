"""/scale: the year's scale compactly (sections and totals, then criteria page by page),
/scale template (the XLSX template), and a YAML or XLSX file with the caption /scale that an
admin sends to replace it: every error is listed, or the new scale is shown for ✅.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.i18n import Html, plain_text, telegram_length
from bot.registry import Command, Feature, Raw
from bot.usecases import blocs
from bot.usecases import scale as scales
from bot.usecases.units import check_file_size
from handlers.chat_filters import GROUP, PRIVATE
from handlers.file_errors import file_in_private
from handlers.reply import reply, send_file, send_html, settled, show, show_stored, texts_for
from views.keyboards import (
    confirm_keyboard,
)
from views.scale import (
    KeepScale,
    ReplaceScale,
    ScaleOverview,
    ScalePart,
    render_overview,
    render_part,
    summary,
)
from views.scale_changes import change_lines

CAPTION = filters.CaptionRegex(r"^/scale(@\w+)?\s*$")
#: What a proposal's text may reach with its list of changes (Telegram allows 4096).
CHANGES_ROOM = 4000


async def scale_command(update: Update, context: BotContext) -> None:
    """Show the scale; `/scale template` (admins) sends it as the XLSX template."""
    chat = update.effective_chat
    assert chat is not None
    services, actor, tx = context.services, context.actor, await texts_for(update, context)
    args = [a.lower() for a in context.args or []]
    if args and args != ["template"]:
        await reply(update, context, "scale.usage")
        return
    if args:
        cur = await scales.template_here(services, actor)
        name = f"scale-{cur.year.year}-v{cur.stored.version}.xlsx"
        steps = plain_text(tx("scale.template_instructions")).splitlines()
        caption = tx("scale.template_caption", year=cur.year.year, version=cur.stored.version)
        await send_file(update, context, scales.template(cur.scale, tx.lang, steps), name, caption)
        return
    text, markup = render_overview(tx, await scales.current_here(services, actor))
    await send_html(update, context, text, keyboard=markup)


async def scale_file(update: Update, context: BotContext) -> None:
    """Check the file whole; show every error, or the new scale for ✅."""
    message = update.effective_message
    assert message is not None and message.document is not None
    services, actor, tx = context.services, context.actor, await texts_for(update, context)
    await blocs.admin_here(services, actor)  # before downloading anything
    document = message.document
    check_file_size(document.file_size)
    data = bytes(await (await document.get_file()).download_as_bytearray())
    proposal = await scales.propose(services, actor, filename=document.file_name or "", data=data)
    old = proposal.replaces
    lines = [tx("scale.proposal_header", name=proposal.scale.name), ""]
    lines += [*summary(tx, proposal.scale), ""]
    lines.append(tx("scale.proposal_replaces", version=old.version, name=old.name))
    commit = tx("scale.btn_replace")
    if proposal.submitted:
        lines.append(tx("scale.proposal_reopens", count=proposal.submitted))
        commit = tx("scale.btn_replace_reopen", count=proposal.submitted)
    room = CHANGES_ROOM - telegram_length("\n".join(lines))
    lines += ["", *change_lines(tx, list(proposal.changes), old.version, room)]
    change = proposal.change.id
    markup = confirm_keyboard(
        commit, ReplaceScale(change), tx("scale.btn_cancel"), KeepScale(change)
    )
    await send_html(update, context, "\n".join(lines), keyboard=markup)


async def _overview(update: Update, context: BotContext, pressed: ScaleOverview) -> None:
    cur = await scales.version(context.services, context.actor, pressed.scale_id)
    await show(update, *render_overview(await texts_for(update, context), cur, pressed.page))


async def _part_page(update: Update, context: BotContext, pressed: ScalePart) -> None:
    cur = await scales.version(context.services, context.actor, pressed.scale_id)
    tx = await texts_for(update, context)
    await show(update, *render_part(tx, cur, pressed.part, pressed.page))


async def _replace(update: Update, context: BotContext, pressed: ReplaceScale) -> None:
    done = await settled(
        update, context, scales.confirm(context.services, context.actor, pressed.change_id)
    )
    if done is None:
        return
    stored, reopened = done
    tx = await texts_for(update, context)
    text = tx("scale.replaced_ok", version=stored.version, name=stored.name)
    if reopened:
        text = Html(text + "\n" + tx("scale.reopened_assessments", count=reopened))
    await show_stored(update, context, text)


async def _keep(update: Update, context: BotContext, pressed: KeepScale) -> None:
    await scales.drop(context.services, context.actor, pressed.change_id)
    await show(update, (await texts_for(update, context))("scale.cancelled"))


def feature() -> Feature:
    return Feature(
        "scale",
        commands=[Command("scale", scale_command)],
        buttons={
            ScaleOverview: _overview,
            ScalePart: _part_page,
            ReplaceScale: _replace,
            KeepScale: _keep,
        },
        handlers=[
            Raw(MessageHandler(GROUP & filters.Document.ALL & CAPTION, scale_file)),
            Raw(MessageHandler(PRIVATE & filters.Document.ALL & CAPTION, file_in_private)),
        ],
    )
