"""/titles (admins): the titles units can pledge for; add, rename or remove one after ✅.

`/titles add <name>`, `/titles rename <n> <name>`, `/titles remove <n>` (or the 🗑 buttons of
the list) each show what will be stored first. Removing keeps the title in registered pledges.
Numbers move when a title is removed, so a confirmation by number names the title it found,
a 🗑 carries the title's id (a press on an older list acts on the title shown beside it), and
a result shows the new numbering without buttons.
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.errors import BadInput
from bot.registry import Command, Feature
from bot.usecases import blocs, titles
from handlers.reply import send_html, settled, show, show_stored, texts_for
from views.titles import (
    AskRemoveTitle,
    DropTitleChange,
    KeepTitles,
    RemoveTitle,
    SaveTitleChange,
    confirm,
    render_list,
    render_result,
)


async def titles_command(update: Update, context: BotContext) -> None:
    """Show the list, or propose the change that `add`, `rename` or `remove` asks for."""
    message = update.effective_message
    assert message is not None
    services, actor, tx = context.services, context.actor, await texts_for(update, context)
    _, sub, rest = [*(message.text or "").split(maxsplit=2), "", ""][:3]
    sub = sub.lower()
    if not sub:
        text, markup = render_list(tx, await titles.listing(services, actor))
    elif sub == "add":
        change = await titles.propose_add(services, actor, rest)
        text = tx("titles.confirm_add", name=change.payload["name"])
        markup = confirm(tx, SaveTitleChange(change.id), DropTitleChange(change.id))
    elif sub in ("rename", "remove") and not rest.strip():
        await blocs.admin_here(services, actor)  # usage errors are for admins only
        raise BadInput("titles.usage")
    elif sub == "rename":
        typed, _, name = rest.partition(" ")
        number, title, change = await titles.propose_rename(services, actor, typed, name)
        new = change.payload["name"]
        text = tx("titles.confirm_rename", number=number, old=title.name, new=new)
        markup = confirm(tx, SaveTitleChange(change.id), DropTitleChange(change.id))
    elif sub == "remove":
        number, title = await titles.by_number(services, actor, rest.strip())
        text = tx("titles.confirm_remove_number", number=number, name=title.name)
        markup = confirm(tx, RemoveTitle(title.id), KeepTitles(), remove=True)
    else:
        await blocs.admin_here(services, actor)  # usage errors are for admins only
        raise BadInput("titles.usage")
    await send_html(update, context, text, keyboard=markup)


async def _ask_remove(update: Update, context: BotContext, pressed: AskRemoveTitle) -> None:
    title = await titles.title_of(context.services, context.actor, pressed.title_id)
    tx = await texts_for(update, context)
    text = tx("titles.confirm_remove", name=title.name)
    await show(update, text, confirm(tx, RemoveTitle(title.id), KeepTitles(), remove=True))


async def _remove(update: Update, context: BotContext, pressed: RemoveTitle) -> None:
    done = await settled(
        update, context, titles.remove(context.services, context.actor, pressed.title_id)
    )
    if done is None:
        return
    title, left = done
    tx = await texts_for(update, context)
    await show_stored(
        update, context, render_result(tx, tx("titles.removed", name=title.name), left)
    )


async def _save(update: Update, context: BotContext, pressed: SaveTitleChange) -> None:
    services, actor = context.services, context.actor
    name = await settled(update, context, titles.confirm(services, actor, pressed.change_id))
    if name is None:
        return
    tx = await texts_for(update, context)
    note = tx("titles.saved", name=name)
    await show_stored(
        update, context, render_result(tx, note, await titles.listing(services, actor))
    )


async def _drop(update: Update, context: BotContext, pressed: DropTitleChange) -> None:
    await titles.drop(context.services, context.actor, pressed.change_id)
    await show(update, (await texts_for(update, context))("titles.cancelled"))


async def _keep(update: Update, context: BotContext, pressed: KeepTitles) -> None:
    await titles.keep(context.services, context.actor)
    await show(update, (await texts_for(update, context))("titles.cancelled"))


def feature() -> Feature:
    return Feature(
        "titles",
        commands=[Command("titles", titles_command)],
        buttons={
            AskRemoveTitle: _ask_remove,
            RemoveTitle: _remove,
            KeepTitles: _keep,
            SaveTitleChange: _save,
            DropTitleChange: _drop,
        },
    )
