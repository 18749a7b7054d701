"""/addunit: add a unit, rename one (after ✅), or import a roster file sent with that caption.

A file is read whole; a bad one is refused with every error and its place, and nothing is
stored. A good one is shown as a plan (what will be added, what renamed) and stored on ✅.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import callback_data
from bot.constants import PREVIEW_MAX_CHARS, PREVIEW_MAX_LINES
from bot.context import BotContext
from bot.domain.bloc import Unit
from bot.domain.roster import RosterPlan
from bot.errors import BadInput, NotFound
from bot.i18n import Texts
from bot.rights import require_bloc_admin
from bot.usecases import units
from bot.usecases.units import Proposal
from handlers.chat_filters import GROUP, PRIVATE
from handlers.file_errors import file_in_private
from handlers.keyboards import confirm_keyboard
from handlers.presses import pressed_data
from handlers.reply import answer_button, edit_html, reply, screen_notice, send_html, texts_for
from storage.outbox import Outgoing

KIND = "roster"
CAPTION = filters.CaptionRegex(r"^/addunit(@\w+)?\s*$")


async def add_unit(update: Update, context: BotContext) -> None:
    """Add the unit, or show the rename of an existing code for confirmation."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    bloc = await require_bloc_admin(context.services, context.bot, chat.id, user.id)
    args = context.args or []
    if not args:
        raise BadInput("units.addunit_usage")
    outcome = await units.add_unit(context.services, bloc, args[0], " ".join(args[1:]), by=user.id)
    if isinstance(outcome, Unit):
        await reply(update, context, "units.added", code=outcome.code, name=outcome.name)
        return
    await send_proposal(update, context, outcome, from_file=False)


async def roster_file(update: Update, context: BotContext) -> None:
    """Read a roster file and show what importing it would change."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.document is not None and user is not None
    bloc = await require_bloc_admin(context.services, context.bot, message.chat_id, user.id)
    document = message.document
    units.check_file_size(document.file_size)
    data = bytes(await (await document.get_file()).download_as_bytearray())
    proposal = await units.propose_roster(
        context.services, bloc, document.file_name or "", data, by=user.id
    )
    await send_proposal(update, context, proposal, from_file=True)


async def send_proposal(
    update: Update, context: BotContext, proposal: Proposal, *, from_file: bool
) -> None:
    tx = await texts_for(update, context)
    plan = proposal.plan
    if proposal.change is None:
        await send_html(update, context, tx("units.nothing_to_change", count=len(plan.unchanged)))
        return
    lines = [tx("units.preview_header"), *_plan_lines(tx, proposal)]
    if from_file and (plan.unchanged or plan.absent):
        lines.append(
            tx("units.preview_kept", unchanged=len(plan.unchanged), absent=len(plan.absent))
        )
    lines.append(tx("units.preview_confirm"))
    change_id = proposal.change.id
    markup = confirm_keyboard(
        tx("units.btn_store"),
        (KIND, "ok", change_id),
        tx("units.btn_cancel"),
        (KIND, "no", change_id),
    )
    await send_html(update, context, "\n".join(lines), keyboard=markup)


def _plan_lines(tx: Texts, proposal: Proposal) -> list[str]:
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
        if len(kept) == PREVIEW_MAX_LINES or sum(map(len, kept)) + len(line) > PREVIEW_MAX_CHARS:
            return [*kept, tx("units.preview_more", count=len(lines) - len(kept))]
        kept.append(line)
    return lines


async def pressed(update: Update, context: BotContext) -> None:
    """✅ stores the plan shown (if the units did not change meanwhile); ✖️ drops it."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    data = pressed_data(update)
    if data.action not in ("ok", "no"):
        raise NotFound("core.stale_button")
    services = context.services
    bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
    tx = await texts_for(update, context)
    if data.action == "no":
        await units.drop_change(services, bloc, data.int_arg(0))
        await answer_button(update)
        await edit_html(update, tx("units.cancelled"))
        return
    change_id = data.int_arg(0)

    def notices(plan: RosterPlan, total: int) -> list[Outgoing]:
        done = tx("units.applied", added=len(plan.added), renamed=len(plan.renamed), total=total)
        return [screen_notice(update, f"roster:{change_id}", done)]

    await units.apply_change(services, bloc, change_id, notices)
    await answer_button(update)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("addunit", add_unit, filters=GROUP))
    app.add_handler(MessageHandler(GROUP & filters.Document.ALL & CAPTION, roster_file))
    app.add_handler(MessageHandler(PRIVATE & filters.Document.ALL & CAPTION, file_in_private))
    app.add_handler(CallbackQueryHandler(pressed, pattern=callback_data.pattern(KIND)))
