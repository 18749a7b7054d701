"""Pledges seen from the group: /status in the pledge phase, one unit's pledge, reopening one
unit after the deadline, publishing the commitments and reading them once published.

The group sees who registered and the titles; the commitments only once an admin published
them. A unit's button sends its pledge privately to whoever may read it (an admin, the unit's
own delegate, anyone after publishing), so the group's messages stay short.
"""

from __future__ import annotations

from telegram import Update

from bot.actor import Actor
from bot.context import BotContext
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.year import Year
from bot.errors import NotAllowed
from bot.i18n import Texts
from bot.registry import Feature, Screen
from bot.services import Services
from bot.usecases import notices, pledge_progress
from handlers.reply import (
    answer_button,
    edit_html,
    send_elsewhere,
    settled,
    show,
    show_stored,
    tell_each,
    texts_for,
    texts_for_user,
)
from views.keyboards import (
    confirm_keyboard,
)
from views.pledge_group import (
    AskPublish,
    AskReopen,
    KeepClosed,
    ProgressPage,
    Publish,
    PublishedPage,
    Reopen,
    SeeUnitPledge,
    render_progress,
    render_published,
    unit_view,
)


async def status_part(
    services: Services, actor: Actor, bloc: Bloc, year: Year, tx: Texts
) -> Screen:
    """/status during the pledge phase."""
    found = await pledge_progress.progress(services, actor, bloc, year)
    return Screen(*render_progress(tx, bloc, found, 0))


async def _see(update: Update, context: BotContext, pressed: SeeUnitPledge) -> None:
    """Send a unit's pledge privately to whoever may read it; the rest see its titles."""
    actor = context.actor
    found = await pledge_progress.read_unit(
        context.services, actor, pressed.unit_id, pressed.year_id
    )
    private = await texts_for_user(context, actor.user_id, actor.language_code)
    text, markup = unit_view(private, found)
    if await send_elsewhere(context, actor.user_id, text, keyboard=markup) is None:
        raise NotAllowed("pledge.open_private_first")
    tx = await texts_for(update, context)
    await answer_button(update, tx("pledge.sent_private"))


async def _ask_reopen(update: Update, context: BotContext, pressed: AskReopen) -> None:
    found = await pledge_progress.ask_reopen(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    markup = confirm_keyboard(
        tx("pledge.btn_reopen_ok"),
        Reopen(found.unit.id),
        tx("pledge.btn_cancel"),
        KeepClosed(found.unit.id),
    )
    key = "pledge.confirm_reopen" if found.pledge else "pledge.confirm_reopen_unregistered"
    await show(update, tx(key, code=found.unit.code), markup)


async def _keep(update: Update, context: BotContext, pressed: KeepClosed) -> None:
    await pledge_progress.ask_reopen(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    await show(update, tx("pledge.nothing_changed"))


async def _reopen(update: Update, context: BotContext, pressed: Reopen) -> None:
    """An admin's ✅ on reopening: the unit may edit again; its delegates are told (the notes
    stored with the reopening)."""

    async def reopen_and_tell() -> tuple[str, list[int]]:
        async with notices.together(context.services):
            done = await pledge_progress.reopen(context.services, context.actor, pressed.unit_id)
            code = done.found.unit.code
            # a unit that never registered is told to register, not to "register again"
            key = "pledge.reopened_notice" if done.found.pledge else "pledge.reopened_late"
            sent = await tell_each(
                context,
                [(d.id, d.telegram_language) for d in done.delegates],
                f"pledge-reopened:{done.found.unit.id}:{update.update_id}",
                lambda their: (their(key, code=code), None),
            )
        return code, sent

    result = await settled(update, context, reopen_and_tell())
    if result is None:
        return
    code, sent = result
    told = await notices.reachable(context.services, sent)
    tx = await texts_for(update, context)
    await show_stored(update, context, tx.plural("pledge.reopened", told, code=code, count=told))


async def _progress_page(update: Update, context: BotContext, pressed: ProgressPage) -> None:
    services, actor = context.services, context.actor
    bloc, found = await pledge_progress.progress_here(services, actor, pressed.year_id)
    text, markup = render_progress(await texts_for(update, context), bloc, found, pressed.page)
    await show(update, text, markup)


async def _published_page(update: Update, context: BotContext, pressed: PublishedPage) -> None:
    services, actor = context.services, context.actor
    bloc, found = await pledge_progress.progress_here(services, actor, pressed.year_id)
    if not found.year.published:
        raise NotAllowed("pledge.not_published")
    text, markup = render_published(await texts_for(update, context), bloc, found, pressed.page)
    await show(update, text, markup)


async def _ask_publish(update: Update, context: BotContext, pressed: AskPublish) -> None:
    year, count = await pledge_progress.ask_publish(
        context.services, context.actor, pressed.year_id
    )
    tx = await texts_for(update, context)
    markup = confirm_keyboard(
        tx("pledge.btn_publish_ok"),
        Publish(year.id),
        tx("pledge.btn_cancel"),
        ProgressPage(year.id, 0),
    )
    await answer_button(update)
    text = tx.plural("pledge.confirm_publish", count, year=year.year, count=count)
    await edit_html(update, text, keyboard=markup)


async def _publish(update: Update, context: BotContext, pressed: Publish) -> None:
    done = await settled(
        update, context, pledge_progress.publish(context.services, context.actor, pressed.year_id)
    )
    if done is None:
        return
    bloc, found = done
    text, markup = render_published(await texts_for(update, context), bloc, found, 0)
    await show_stored(update, context, text, keyboard=markup)


def feature() -> Feature:
    return Feature(
        "pledge_group",
        buttons={
            SeeUnitPledge: _see,
            AskReopen: _ask_reopen,
            Reopen: _reopen,
            KeepClosed: _keep,
            ProgressPage: _progress_page,
            PublishedPage: _published_page,
            AskPublish: _ask_publish,
            Publish: _publish,
        },
        status={Phase.PLEDGE: status_part},
        pending={Phase.PLEDGE: pledge_progress.unregistered},
        # a delegate's own draft changing the registered pledge, not sent with ✅
        changed={Phase.PLEDGE: pledge_progress.unsent_changes},
    )
