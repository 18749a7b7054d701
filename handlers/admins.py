"""/admin add|remove @user (or in reply to the person's message): the bot's list of bloc admins.

The group's Telegram administrators are bloc admins anyway (bot.rights); this list adds people
who are not, such as the head unit's secretary. A change is first shown with ✅ / ✖️ (a
mistyped @username must not promote the wrong person); ✅ re-checks that the presser is still
an admin and the person still (not) on the list.
"""

from __future__ import annotations

from telegram import Message, MessageEntity, Update, User

from bot.context import BotContext
from bot.domain.bloc import UserProfile
from bot.errors import BadInput
from bot.registry import Command, Feature
from bot.textfit import clip_plain
from bot.usecases import blocs
from handlers.reply import send_html, settled, show, show_stored, texts_for
from views.admins import Demote, KeepAdmins, Promote, confirmation

_ACTIONS = ("add", "remove")
#: The admins' names listed by /admin stop here (a group can have 50 admins of 129 characters).
ADMIN_NAMES_ROOM = 3500


async def admin(update: Update, context: BotContext) -> None:
    """List the bloc admins, or promote or demote one."""
    message = update.effective_message
    assert message is not None
    services, actor = context.services, context.actor
    args = [a.lower() if i == 0 else a for i, a in enumerate(context.args or [])]
    if not args:
        people, may_change = await blocs.admin_profiles(services, actor)
        names = clip_plain(", ".join(p.display_name for p in people), ADMIN_NAMES_ROOM)
        tx = await texts_for(update, context)
        lines = [tx("admins.list", admins=names)]
        if may_change:
            lines.append(tx("admins.list_howto"))
        await send_html(update, context, "\n".join(lines))
        return
    replied = _mentioned(message) or (
        message.reply_to_message.from_user if message.reply_to_message else None
    )
    if replied is not None and len(args) > 1 and _mentioned(message) is not None:
        args = args[:1]  # "/admin add Lan Nguyễn": the name is the mention, not a username
    await blocs.admin_here(services, actor)  # usage errors are for admins only
    if args[0] not in _ACTIONS or (len(args) == 1 and replied is None):
        raise BadInput("admins.usage")
    if replied is not None and replied.is_bot:
        raise BadInput("admins.no_bots")
    if len(args) > 1:  # an @username; a name typed instead is refused with the forms it takes
        typed = " ".join(args[1:])
        person = await blocs.find_person(
            services, actor, username=typed, replied=None, action=args[0]
        )
    else:
        person = await blocs.find_person(services, actor, username=None, replied=_profile(replied))
    promote = args[0] == "add"
    if promote:
        await blocs.ask_promote(services, actor, person.id)
    else:
        await blocs.ask_demote(services, actor, person.id)
    text, markup = confirmation(await texts_for(update, context), person, promote=promote)
    await send_html(update, context, text, keyboard=markup)


async def _promote(update: Update, context: BotContext, pressed: Promote) -> None:
    person = await settled(
        update, context, blocs.promote(context.services, context.actor, pressed.user_id)
    )
    if person is not None:
        tx = await texts_for(update, context)
        await show_stored(update, context, tx("admins.added", name=person.display_name))


async def _demote(update: Update, context: BotContext, pressed: Demote) -> None:
    done = await settled(
        update, context, blocs.demote(context.services, context.actor, pressed.user_id)
    )
    if done is not None:
        person, still = done
        key = "admins.still_group_admin" if still else "admins.removed"
        tx = await texts_for(update, context)
        await show_stored(update, context, tx(key, name=person.display_name))


async def _keep(update: Update, context: BotContext, pressed: KeepAdmins) -> None:
    """✖️: nothing changes (an admin's button all the same: others are refused)."""
    await blocs.admin_here(context.services, context.actor)
    await show(update, (await texts_for(update, context))("admins.cancelled"))


def _mentioned(message: Message) -> User | None:
    """Someone without a username, picked from Telegram's mention list (a text mention)."""
    for entity in message.entities:
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            return entity.user
    return None


def _profile(user: User | None) -> UserProfile | None:
    if user is None:
        return None
    return UserProfile(
        id=user.id,
        username=user.username,
        first_name=user.first_name,
        last_name=user.last_name,
        telegram_language=user.language_code,
    )


def feature() -> Feature:
    return Feature(
        "admins",
        commands=[Command("admin", admin)],
        buttons={Promote: _promote, Demote: _demote, KeepAdmins: _keep},
    )
