"""The records of a bloc as the rest of the bot sees them: plain pydantic models."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A stored record, frozen.

    Every model of the bot is `defer_build`: pydantic builds its validator when the model is
    first used, not at import. Most models (documents, reviews, commendations) serve a few days
    a year; building all of them at start-up held about 0.8 MiB of the idle bot.
    """

    model_config = ConfigDict(defer_build=True, frozen=True)


class UserProfile(Record):
    id: int
    username: str | None = None
    first_name: str = ""
    last_name: str | None = None
    telegram_language: str | None = None
    chosen_language: str | None = None
    started: bool = False

    @property
    def display_name(self) -> str:
        full = " ".join(p for p in (self.first_name, self.last_name) if p)
        if full:
            return full
        return f"@{self.username}" if self.username else str(self.id)


class Bloc(Record):
    id: int
    chat_id: int
    name: str
    language: str
    timezone: str
    head_unit_id: int | None = None
    deputy_unit_id: int | None = None
    created_by: int
    created_at: datetime


class Unit(Record):
    id: int
    bloc_id: int
    code: str
    name: str


class Membership(Record):
    """One unit a user acts for, with its bloc: what `/me` lists and flows choose from."""

    bloc: Bloc
    unit: Unit
