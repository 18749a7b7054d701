"""Who is writing, in which language they read, and what they act for."""

from __future__ import annotations

from dataclasses import dataclass

from bot import rights
from bot.actor import Actor
from bot.constants import LANGUAGES
from bot.domain.bloc import Bloc, Membership, UserProfile
from bot.errors import BadInput
from bot.i18n import resolve_language
from bot.services import Services


async def note_user(
    services: Services,
    *,
    user_id: int,
    username: str | None,
    first_name: str,
    last_name: str | None,
    language_code: str | None,
    private: bool,
    restarted: bool = False,
) -> UserProfile:
    """Keep the user's profile current; skips the write when nothing changed since last time.

    Someone who writes privately for the first time since start-up, or presses Start again
    (`restarted`, e.g. after unblocking the bot), can be written to again: the notifier forgets
    an earlier 403 for them, so nudges and results reach them once more.
    """
    cache = services.cache.setdefault("profiles", {})
    if private and restarted:
        await services.notifier.reachable_again(user_id)
    cached: UserProfile | None = cache.get(user_id)
    if (
        cached is not None
        and cached.username == username
        and cached.first_name == first_name
        and cached.last_name == last_name
        and cached.telegram_language == language_code
        and (cached.started or not private)
    ):
        return cached
    profile = await services.users.seen(
        user_id=user_id,
        username=username,
        first_name=first_name,
        last_name=last_name,
        language_code=language_code,
        private=private,
        now=services.clock.now(),
    )
    if private and not restarted:
        await services.notifier.reachable_again(user_id)
    cache[user_id] = profile
    return profile


async def language_of(services: Services, user_id: int, telegram_code: str | None) -> str:
    """The language a user reads: /lang choice, else Telegram's, else BOT_LANGUAGE."""
    cache = services.cache.setdefault("profiles", {})
    profile: UserProfile | None = cache.get(user_id) or await services.users.get(user_id)
    chosen = profile.chosen_language if profile else None
    if telegram_code is None and profile is not None:
        telegram_code = profile.telegram_language  # writing to someone who is not the sender
    return resolve_language(chosen, telegram_code, services.settings.bot_language)


async def languages_of(services: Services, user_ids: list[int], default: str) -> dict[int, str]:
    """The language each of several people reads (one query): their /lang choice, else
    Telegram's, else `default` (the bloc's, for a message the bot writes to them unasked)."""
    profiles = await services.users.get_many(user_ids)
    return {
        user_id: resolve_language(
            p.chosen_language if (p := profiles.get(user_id)) else None,
            p.telegram_language if p else None,
            default,
        )
        for user_id in user_ids
    }


def offered_language(text: str | None) -> str | None:
    """The offered language a /lang argument names (`vi`, ` EN `), None for anything else."""
    language = (text or "").strip().lower()
    return language if language in LANGUAGES else None


async def choose_language(services: Services, user_id: int, text: str | None) -> str:
    """Store the user's /lang choice; raises BadInput for anything but vi or en."""
    language = offered_language(text)
    if language is None:
        raise BadInput("core.lang_usage")
    await services.users.set_language(user_id, language, services.clock.now())
    services.cache.setdefault("profiles", {}).pop(user_id, None)
    return language


@dataclass(frozen=True)
class Standing:
    """What a person is to the bot, as a private chat can know it: the units they act for,
    the blocs they administer, the units their /join requests wait for (/me and /help)."""

    units: list[Membership]
    administered: list[Bloc]
    pending: list[str]

    @property
    def blocs(self) -> list[Bloc]:
        """Every bloc the person acts in, once each (a group command typed in private names
        its group)."""
        found = {m.bloc.id: m.bloc for m in self.units}
        for bloc in self.administered:
            found.setdefault(bloc.id, bloc)
        return list(found.values())


async def standing(services: Services, user_id: int) -> Standing:
    return Standing(
        units=await services.units.memberships(user_id),
        administered=await rights.administered_blocs(services, user_id),
        pending=await services.join_requests.pending_codes(user_id),
    )


async def acting_for(services: Services, actor: Actor) -> list[Membership]:
    """The units the actor acts for (a private command of delegates); refuses when none."""
    return await rights.delegate_memberships(services, actor)


async def membership_of(services: Services, actor: Actor, unit_id: int) -> Membership:
    """The actor's membership of the unit a button names, if they still act for it."""
    return await rights.membership_for(services, actor, unit_id)


async def delegate_here(services: Services, actor: Actor) -> bool | None:
    """Whether the actor acts for a unit of the bloc of the group they write in (None: the
    group is no bloc): a private command typed there is answered for what they can do."""
    bloc = await services.blocs.by_chat(actor.chat_id)
    if bloc is None:
        return None
    return await rights.is_delegate_in(services, actor, bloc)


async def group_language(services: Services, chat_id: int) -> str:
    """The language of a group: its bloc's, else BOT_LANGUAGE."""
    bloc = await services.blocs.by_chat(chat_id)
    return bloc.language if bloc else services.settings.bot_language
