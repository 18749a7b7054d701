"""/addunit: add a unit, rename one (after ✅), or import a roster file sent with that caption.

A file is read whole; a bad one is refused with every error and its place, and nothing is
stored. A good one is shown as a plan (what will be added, what renamed) and stored on ✅.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.domain.bloc import Unit
from bot.domain.roster import RosterPlan
from bot.errors import BadInput
from bot.registry import Command, Feature, Raw
from bot.usecases import blocs, units
from bot.usecases.units import Proposal
from handlers.chat_filters import GROUP, PRIVATE
from handlers.file_errors import file_in_private
from handlers.reply import answer_button, reply, screen_notice, send_html, settled, show, texts_for
from storage.outbox import Outgoing
from views.keyboards import confirm_keyboard
from views.roster import ApplyRoster, DropRoster, applied_text, kept_line, plan_lines

#: `/addunit`, maybe followed by a note ("/addunit danh sách 11 đơn vị"), which is ignored.
CAPTION = filters.CaptionRegex(r"(?s)^/addunit(@\w+)?(\s.*)?$")


async def add_unit(update: Update, context: BotContext) -> None:
    """Add the unit, or show the rename of an existing code for confirmation."""
    services, actor = context.services, context.actor
    args = context.args or []
    if len(args) < 2:  # no name: the usage, with its example, helps more than "name empty"
        await blocs.admin_here(services, actor)  # usage is for admins only
        raise BadInput("units.addunit_usage")
    outcome = await units.add_unit(services, actor, args[0], " ".join(args[1:]))
    if isinstance(outcome, Unit):
        await reply(update, context, "units.added", code=outcome.code, name=outcome.name)
        return
    await send_proposal(update, context, outcome, from_file=False)


async def roster_file(update: Update, context: BotContext) -> None:
    """Read a roster file and show what importing it would change."""
    message = update.effective_message
    assert message is not None and message.document is not None
    services, actor = context.services, context.actor
    await blocs.admin_here(services, actor)  # before downloading anything
    document = message.document
    units.check_file_size(document.file_size)
    data = bytes(await (await document.get_file()).download_as_bytearray())
    proposal = await units.propose_roster(services, actor, document.file_name or "", data)
    await send_proposal(update, context, proposal, from_file=True)


async def send_proposal(
    update: Update, context: BotContext, proposal: Proposal, *, from_file: bool
) -> None:
    tx = await texts_for(update, context)
    plan = proposal.plan
    if proposal.change is None:
        same = len(plan.unchanged)
        await send_html(update, context, tx.plural("units.nothing_to_change", same, count=same))
        return
    lines = [tx("units.preview_header"), *plan_lines(tx, proposal)]
    kept = kept_line(tx, plan) if from_file else None
    if kept is not None:
        lines.append(kept)
    lines.append(tx("units.preview_confirm"))
    change_id = proposal.change.id
    markup = confirm_keyboard(
        tx("units.btn_store"), ApplyRoster(change_id), tx("units.btn_cancel"), DropRoster(change_id)
    )
    await send_html(update, context, "\n".join(lines), keyboard=markup)


async def _apply(update: Update, context: BotContext, pressed: ApplyRoster) -> None:
    """✅ stores the plan shown (if the units did not change meanwhile)."""
    tx = await texts_for(update, context)

    def notices(plan: RosterPlan, total: int) -> list[Outgoing]:
        done = applied_text(tx, plan, total)
        return [screen_notice(update, f"roster:{pressed.change_id}", done)]

    done = await settled(
        update,
        context,
        units.apply_change(context.services, context.actor, pressed.change_id, notices),
    )
    if done is not None:
        await answer_button(update)


async def _drop(update: Update, context: BotContext, pressed: DropRoster) -> None:
    await units.drop_change(context.services, context.actor, pressed.change_id)
    await show(update, (await texts_for(update, context))("units.cancelled"))


def feature() -> Feature:
    return Feature(
        "roster",
        commands=[Command("addunit", add_unit)],
        buttons={ApplyRoster: _apply, DropRoster: _drop},
        handlers=[
            Raw(MessageHandler(GROUP & filters.Document.ALL & CAPTION, roster_file)),
            Raw(MessageHandler(PRIVATE & filters.Document.ALL & CAPTION, file_in_private)),
        ],
    )
