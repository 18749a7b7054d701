"""Typed `context` for every callback: `context.services` instead of string keys and casts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.services import Services
    from bot.settings import Settings

#: A step of a multi-step flow: receives the update while the user is in that flow.
FlowStep = Callable[[Update, "BotContext"], Awaitable[None]]


class BotData:
    """The application-wide data: the services, and the flows' step handlers by name."""

    def __init__(self) -> None:
        self.services: Services | None = None
        self.settings: Settings | None = None
        self.clock: Clock | None = None
        self.flow_text: dict[str, FlowStep] = {}
        self.flow_document: dict[str, FlowStep] = {}


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not ready: post_init has not run")
        return services


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
