"""/titles (admins): the titles units can pledge for; add, rename or remove one after ✅.

`/titles add <name>`, `/titles rename <n> <name>`, `/titles remove <n>` (or the 🗑 buttons of
the list) each show what will be stored first. Removing keeps the title in registered pledges.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callback_data
from bot.context import BotContext
from bot.domain.year import Title
from bot.errors import BadInput, NotFound
from bot.i18n import Html, Texts
from bot.rights import require_bloc_admin
from bot.usecases import titles
from handlers.chat_filters import GROUP
from handlers.keyboards import Btn, confirm_keyboard, grid, keyboard
from handlers.presses import pressed_data
from handlers.reply import answer_button, edit_html, send_html, texts_for

KIND = "titles"


def render_list(
    tx: Texts, found: list[Title], note: str = ""
) -> tuple[Html, InlineKeyboardMarkup | None]:
    lines = [note, ""] if note else []
    lines.append(tx("titles.header", count=len(found)))
    lines += [tx("titles.line", number=i, name=t.name) for i, t in enumerate(found, start=1)]
    lines += ["", tx("titles.help")]
    buttons = [Btn(f"🗑 {i}", (KIND, "rm", t.id)) for i, t in enumerate(found, start=1)]
    return Html("\n".join(lines)), keyboard(grid(buttons, 5))


def _confirm(tx: Texts, ok: tuple[object, ...], no: tuple[object, ...]) -> InlineKeyboardMarkup:
    return confirm_keyboard(tx("titles.btn_save"), ok, tx("titles.btn_cancel"), no)


async def titles_command(update: Update, context: BotContext) -> None:
    """Show the list, or propose the change that `add`, `rename` or `remove` asks for."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    assert chat is not None and user is not None and message is not None
    services, tx = context.services, await texts_for(update, context)
    bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
    _, sub, rest = [*(message.text or "").split(maxsplit=2), "", ""][:3]
    sub = sub.lower()
    if not sub:
        text, markup = render_list(tx, await titles.active(services, bloc))
    elif sub == "add":
        change = await titles.propose_add(services, bloc, rest, by=user.id)
        text = tx("titles.confirm_add", name=change.payload["name"])
        markup = _confirm(tx, (KIND, "ok", change.id), (KIND, "no", change.id))
    elif sub == "rename":
        number, _, name = rest.partition(" ")
        title, change = await titles.propose_rename(services, bloc, number, name, by=user.id)
        text = tx("titles.confirm_rename", old=title.name, new=change.payload["name"])
        markup = _confirm(tx, (KIND, "ok", change.id), (KIND, "no", change.id))
    elif sub == "remove":
        title = await titles.by_number(services, bloc, rest.strip())
        text = tx("titles.confirm_remove", name=title.name)
        markup = _confirm(tx, (KIND, "rm_ok", title.id), (KIND, "keep"))
    else:
        raise BadInput("titles.usage")
    await send_html(update, context, text, keyboard=markup)


async def pressed(update: Update, context: BotContext) -> None:
    """🗑 asks first; ✅ stores the change shown; ✖️ changes nothing. Admins only."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    data = pressed_data(update)
    services, tx = context.services, await texts_for(update, context)
    bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
    markup: InlineKeyboardMarkup | None = None
    if data.action == "rm":
        title = await titles.title_of(services, bloc, data.int_arg(0))
        text = tx("titles.confirm_remove", name=title.name)
        markup = _confirm(tx, (KIND, "rm_ok", title.id), (KIND, "keep"))
    elif data.action == "rm_ok":
        title = await titles.remove(services, bloc, data.int_arg(0))
        note = tx("titles.removed", name=title.name)
        text, markup = render_list(tx, await titles.active(services, bloc), note)
    elif data.action == "ok":
        name = await titles.confirm(services, bloc, data.int_arg(0))
        note = tx("titles.saved", name=name)
        text, markup = render_list(tx, await titles.active(services, bloc), note)
    elif data.action == "no":
        await titles.drop(services, bloc, data.int_arg(0))
        text = tx("titles.cancelled")
    elif data.action == "keep":
        text = tx("titles.cancelled")
    else:
        raise NotFound("core.stale_button")
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("titles", titles_command, filters=GROUP))
    app.add_handler(CallbackQueryHandler(pressed, pattern=callback_data.pattern(KIND)))
