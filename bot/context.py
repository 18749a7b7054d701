"""Typed `context` for every callback: `context.services`, `context.actor`, `context.registry`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.telegram_roles import actor_of

if TYPE_CHECKING:
    from bot.actor import Actor
    from bot.clock import Clock
    from bot.registry import Registry
    from bot.services import Services
    from bot.settings import Settings


class BotData:
    """The application-wide data: settings, clock, the feature registry, then the services."""

    def __init__(self) -> None:
        self.services: Services | None = None
        self.settings: Settings | None = None
        self.clock: Clock | None = None
        self.registry: Registry | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    _update: object = None
    _actor: Actor | None = None
    #: Said before the update's next new message in its chat, if it has something to say
    #: (`handlers.flow_pause`: the flow the action paused, told before the form it opened).
    before_reply: Callable[[], Awaitable[None]] | None = None

    @classmethod
    def from_update(
        cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> BotContext:  # type: ignore[override]
        context = super().from_update(update, application)
        context._update = update  # PTB makes one context per update: the actor is built once
        return context

    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not ready: post_init has not run")
        return services

    @property
    def registry(self) -> Registry:
        registry = self.bot_data.registry
        if registry is None:
            raise RuntimeError("the registry is built with the Application")
        return registry

    @property
    def actor(self) -> Actor:
        """Who acts in this update, built on first use and kept for the rest of the update."""
        if self._actor is None:
            update = self._update
            found = (
                actor_of(update, self.bot, self.services) if isinstance(update, Update) else None
            )
            if found is None:
                raise RuntimeError("this update has no acting person")
            self._actor = found
        return self._actor


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
